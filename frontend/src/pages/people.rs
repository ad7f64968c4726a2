//! Users and tenants, for admins: who may sign in, with which role, in which tenant; and
//! which connector-name prefix and topic namespace each tenant owns.

use std::time::Duration;

use leptos::prelude::*;
use sluice_shared::ApiError;
use sluice_shared::admin::{
    CreateUser, MIN_PASSWORD_LEN, TenantInfo, UpdateTenant, UpdateUser, UserInfo,
};
use sluice_shared::masking::MASKED;
use sluice_shared::policy::Role;

use crate::api;
use crate::api::Session;
use crate::components::time::ago;
use crate::components::{ErrorNotice, Loaded};
use crate::hooks::use_polled;

const REFRESH: Duration = Duration::from_secs(30);

#[component]
pub fn UsersPage() -> impl IntoView {
    let users = use_polled(REFRESH, api::users);
    // Asked once and after each change here, not polled: a refresh rebuilds the rows and would
    // throw away class or mask lists being typed.
    let tenants = LocalResource::new(api::tenants);
    // Either form's change may show in both tables (a user's tenant, a tenant's users).
    let refresh = move || {
        users.refetch();
        tenants.refetch();
    };
    // Admins change other users; their own row has no controls (the API refuses that anyway).
    let me = Session::get().me_untracked().map(|m| m.username);
    view! {
        <h1 class="page-title">"Users"</h1>
        <CreateUserForm on_created=refresh />
        <Loaded resource=users loading="Loading users…" view=move |list| user_table(list, me.clone(), refresh) />
        <h1 class="page-title">"Tenants"</h1>
        <CreateTenantForm on_created=refresh />
        <Loaded resource=tenants loading="Loading tenants…" view=tenant_table />
    }
}

fn user_table(
    list: Vec<UserInfo>,
    me: Option<String>,
    on_changed: impl Fn() + Copy + 'static,
) -> impl IntoView {
    view! {
            <table class="connectors">
                <thead><tr><th>"User"</th><th>"Role"</th><th>"Tenant"</th><th>"Created"</th><th>"Access"</th></tr></thead>
                <tbody>{list.into_iter().map(|u| {
                    let own = me.as_deref() == Some(u.username.as_str());
                    view! {
                    <tr data-testid="user-row" data-user=u.username.clone()>
                        <td class="connector-name">{u.username.clone()}</td>
                        <td>{if own { u.role.as_str().into_any() } else { view! { <RoleSelect user=u.clone() on_changed /> }.into_any() }}</td>
                        <td>{u.tenant.clone().unwrap_or_else(|| "all".into())}</td>
                        <td>{ago(Some(u.created_at_ms))}</td>
                        <td>{if own { "you".into_any() } else { view! { <DisableToggle user=u.clone() on_changed /> }.into_any() }}</td>
                    </tr>
                }}).collect_view()}</tbody>
            </table>
    }
}

/// `change` applied to `id`, then `on_changed`; the error stays next to the control.
fn user_update(
    id: String,
    on_changed: impl Fn() + Copy + 'static,
) -> Action<UpdateUser, Result<(), ApiError>> {
    Action::new_local(move |change: &UpdateUser| {
        let (id, change) = (id.clone(), change.clone());
        async move {
            api::update_user(&id, &change).await?;
            on_changed();
            Ok(())
        }
    })
}

/// The user's role, changed with a button so arrowing through the list changes nothing.
/// Only roles that fit the user's tenant (or lack of one) are offered.
#[component]
fn RoleSelect(user: UserInfo, on_changed: impl Fn() + Copy + 'static) -> impl IntoView {
    let current = user.role;
    let chosen = RwSignal::new(current);
    let update = user_update(user.id, on_changed);
    let fits = |r: &Role| matches!(r, Role::Operator | Role::Viewer) == user.tenant.is_some();
    view! {
        <span class="form-row">
            <select aria-label=format!("Role of {}", user.username)
                prop:value=move || chosen.get().as_str()
                on:change=move |ev| chosen.set(Role::parse(&event_target_value(&ev)).unwrap_or(current))>
                {Role::ALL.into_iter().filter(fits).map(|r| view! { <option value=r.as_str()>{r.as_str()}</option> }).collect_view()}
            </select>
            <button type="button" disabled=move || chosen.get() == current || update.pending().get()
                on:click=move |_| { update.dispatch(UpdateUser { role: Some(chosen.get_untracked()), disabled: None }); }>
                "Change role"
            </button>
            {move || update.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
        </span>
    }
}

/// Disables a user (their sessions end) or enables them again.
#[component]
fn DisableToggle(user: UserInfo, on_changed: impl Fn() + Copy + 'static) -> impl IntoView {
    let disabled = user.disabled;
    let update = user_update(user.id, on_changed);
    view! {
        <span class="form-row">
            {if disabled { "disabled" } else { "enabled" }}
            <button type="button" disabled=move || update.pending().get()
                aria-label=format!("{} {}", if disabled { "Enable" } else { "Disable" }, user.username)
                on:click=move |_| { update.dispatch(UpdateUser { role: None, disabled: Some(!disabled) }); }>
                {if disabled { "Enable" } else { "Disable" }}
            </button>
            {move || update.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
        </span>
    }
}

#[component]
fn CreateUserForm(on_created: impl Fn() + Copy + 'static) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let role = RwSignal::new("viewer".to_owned());
    let tenant = RwSignal::new(String::new());
    let create = Action::new_local(move |req: &CreateUser| {
        let req = req.clone();
        async move {
            api::create_user(&req).await?;
            username.try_set(String::new());
            password.try_set(String::new());
            on_created();
            Ok::<_, ApiError>(())
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.dispatch(CreateUser {
            username: username.get_untracked(),
            password: password.get_untracked(),
            role: Role::parse(&role.get_untracked()).unwrap_or(Role::Viewer),
            tenant: Some(tenant.get_untracked()).filter(|t| !t.trim().is_empty()),
        });
    };
    view! {
        <form class="panel form-row" on:submit=submit data-testid="create-user-form">
            <label>"Username" <input required autocomplete="off" prop:value=move || username.get() on:input=move |ev| username.set(event_target_value(&ev)) /></label>
            <label>"Password" <input required type="password" autocomplete="new-password" minlength=MIN_PASSWORD_LEN.to_string()
                placeholder=format!("at least {MIN_PASSWORD_LEN} characters")
                prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev)) /></label>
            <label>"Role"
                <select prop:value=move || role.get() on:change=move |ev| role.set(event_target_value(&ev))>
                    {Role::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{r.as_str()}</option> }).collect_view()}
                </select>
            </label>
            <label>"Tenant" <input placeholder="for operators and viewers" prop:value=move || tenant.get() on:input=move |ev| tenant.set(event_target_value(&ev)) /></label>
            <button type="submit" class="primary">"Add user"</button>
            {move || create.value().get().and_then(Result::err).map(|e| view! { <div class="form-error"><ErrorNotice error=e /></div> })}
        </form>
    }
}

fn tenant_table(list: Vec<TenantInfo>) -> impl IntoView {
    if list.is_empty() {
        return view! {
            <div class="empty"><h3>"No tenants yet"</h3><p>"Add one to give teams their own connectors and topics."</p></div>
        }.into_any();
    }
    view! {
            <table class="connectors">
                <thead><tr><th>"Tenant"</th><th>"Name"</th><th>"Connector prefix"</th><th>"Topic namespace"</th><th>"Classes allowed beyond the checked ones"</th><th>"Masked fields"</th></tr></thead>
                <tbody>{list.into_iter().map(|t| view! {
                    <tr data-testid="tenant-row" data-tenant=t.id.clone()><td class="connector-name">{t.id.clone()}</td><td>{t.display_name.clone()}</td>
                        <td><code>{t.connector_prefix.clone()}</code></td><td><code>{t.topic_prefix.clone()}</code></td>
                        <td><TenantLines tenant=t.clone() list=TenantList::AllowedClasses /></td>
                        <td><TenantLines tenant=t.clone() list=TenantList::MaskedFields /></td></tr>
                }).collect_view()}</tbody>
            </table>
            <p class="hint" data-testid="masked-fields-hint">"Masked fields: in dead letters and change events, values of fields whose names match a pattern ("
                <code>"*email*"</code> ", " <code>"card_*"</code> ", one per line, any depth, case-insensitive) show as " <code>{MASKED}</code>
                " to the tenant's operators and viewers; admins see them."</p>
    }.into_any()
}

#[component]
fn CreateTenantForm(on_created: impl Fn() + Copy + 'static) -> impl IntoView {
    let id = RwSignal::new(String::new());
    let display = RwSignal::new(String::new());
    let cprefix = RwSignal::new(String::new());
    let tprefix = RwSignal::new(String::new());
    let create = Action::new_local(move |req: &TenantInfo| {
        let req = req.clone();
        async move {
            api::create_tenant(&req).await?;
            for s in [id, display, cprefix, tprefix] {
                s.try_set(String::new());
            }
            on_created();
            Ok::<_, ApiError>(())
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.dispatch(TenantInfo {
            id: id.get_untracked(),
            display_name: display.get_untracked(),
            connector_prefix: cprefix.get_untracked(),
            topic_prefix: tprefix.get_untracked(),
            allowed_classes: Vec::new(),
            masked_fields: Vec::new(),
        });
    };
    // Suggest prefixes from the id, as most tenants use `<id>-` and `<id>.`.
    let on_id = move |ev| {
        let v = event_target_value(&ev);
        if cprefix.get_untracked().is_empty()
            || cprefix.get_untracked() == format!("{}-", id.get_untracked())
        {
            cprefix.set(format!("{v}-"));
        }
        if tprefix.get_untracked().is_empty()
            || tprefix.get_untracked() == format!("{}.", id.get_untracked())
        {
            tprefix.set(format!("{v}."));
        }
        id.set(v);
    };
    view! {
        <form class="panel form-row" on:submit=submit data-testid="create-tenant-form">
            <label>"Id" <input required placeholder="acme" prop:value=move || id.get() on:input=on_id /></label>
            <label>"Name" <input placeholder="Acme Corp" prop:value=move || display.get() on:input=move |ev| display.set(event_target_value(&ev)) /></label>
            <label>"Connector prefix" <input required prop:value=move || cprefix.get() on:input=move |ev| cprefix.set(event_target_value(&ev)) /></label>
            <label>"Topic namespace" <input required prop:value=move || tprefix.get() on:input=move |ev| tprefix.set(event_target_value(&ev)) /></label>
            <button type="submit" class="primary">"Add tenant"</button>
            {move || create.value().get().and_then(Result::err).map(|e| view! { <div class="form-error"><ErrorNotice error=e /></div> })}
        </form>
    }
}

/// One of a tenant's lists an admin edits, one entry per line.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TenantList {
    /// The transform, predicate and naming-strategy classes the tenant may use although the
    /// console cannot check where they send records (the topic guard still watches).
    AllowedClasses,
    /// Field-name patterns whose values the tenant's operators and viewers see masked.
    MaskedFields,
}

impl TenantList {
    fn current(self, t: &TenantInfo) -> &[String] {
        match self {
            TenantList::AllowedClasses => &t.allowed_classes,
            TenantList::MaskedFields => &t.masked_fields,
        }
    }

    /// Only this list changes: the other stays as it is on the server.
    fn change(self, entries: Vec<String>) -> UpdateTenant {
        match self {
            TenantList::AllowedClasses => UpdateTenant {
                allowed_classes: Some(entries),
                masked_fields: None,
            },
            TenantList::MaskedFields => UpdateTenant {
                allowed_classes: None,
                masked_fields: Some(entries),
            },
        }
    }

    fn label(self, tenant: &str) -> String {
        match self {
            TenantList::AllowedClasses => format!("Classes allowed for {tenant}"),
            TenantList::MaskedFields => format!("Masked fields for {tenant}"),
        }
    }

    fn placeholder(self) -> &'static str {
        match self {
            TenantList::AllowedClasses => "none: only classes the console can check",
            TenantList::MaskedFields => "none, or e.g. *email*",
        }
    }

    fn testid(self) -> &'static str {
        match self {
            TenantList::AllowedClasses => "allowed-classes",
            TenantList::MaskedFields => "masked-fields",
        }
    }
}

/// A tenant list as a textarea, one entry per line, saved on its own.
#[component]
fn TenantLines(tenant: TenantInfo, list: TenantList) -> impl IntoView {
    let text = RwSignal::new(list.current(&tenant).join("\n"));
    let id = tenant.id.clone();
    let save = Action::new_local(move |entries: &Vec<String>| {
        let (id, change) = (id.clone(), list.change(entries.clone()));
        async move { api::update_tenant(&id, &change).await }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let entries = text
            .get_untracked()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        save.dispatch(entries);
    };
    view! {
        <form class="allowed-classes" on:submit=submit data-testid=list.testid()>
            <textarea rows="2" spellcheck="false" aria-label=list.label(&tenant.id)
                placeholder=list.placeholder()
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
            <button type="submit" class="secondary small" disabled=move || save.pending().get()>"Save"</button>
            {move || save.value().get().map(|r| match r {
                Ok(_) => view! { <span class="hint" role="status">"Saved"</span> }.into_any(),
                Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
            })}
        </form>
    }
}
