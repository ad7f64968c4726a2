//! Users and tenants, for admins: who may sign in, with which role, in which tenant; and
//! which connector-name prefix and topic namespace each tenant owns.

use std::time::Duration;

use leptos::prelude::*;
use sluice_shared::ApiError;
use sluice_shared::admin::{
    CreateUser, MIN_PASSWORD_LEN, ResetPassword, TenantInfo, UpdateTenant, UpdateUser, UserInfo,
};
use sluice_shared::masking::MASKED;
use sluice_shared::policy::Role;

use crate::api;
use crate::api::Session;
use crate::components::time::live_ago;
use crate::components::{ConfirmDialog, ErrorNotice, Loaded, TenantSelect, Toasts};
use crate::hooks::use_polled;

const REFRESH: Duration = Duration::from_secs(30);

#[component]
pub fn UsersPage() -> impl IntoView {
    let users = use_polled(REFRESH, api::users);
    // Asked once and after each change here, not polled: a refresh rebuilds the rows and would
    // throw away class or mask lists being typed.
    let tenants = LocalResource::new(api::tenants);
    let tenant_list =
        Signal::derive(move || tenants.get().and_then(|r| r.ok()).unwrap_or_default());
    // Either form's change may show in both tables (a user's tenant, a tenant's users).
    let refresh = move || {
        users.refetch();
        tenants.refetch();
    };
    // Admins change other users; their own row has no controls (the API refuses that anyway).
    let me = Session::get().me_untracked().map(|m| m.username);
    view! {
        <h1 class="page-title">"Users"</h1>
        <CreateUserForm tenants=tenant_list on_created=refresh />
        <Loaded resource=users loading="Loading users…" view=move |list| user_table(list, me.clone(), tenant_list, refresh) />
        <h1 class="page-title">"Tenants"</h1>
        <CreateTenantForm on_created=refresh />
        <Loaded resource=tenants loading="Loading tenants…" view=tenant_table />
    }
}

fn user_table(
    list: Vec<UserInfo>,
    me: Option<String>,
    tenants: Signal<Vec<TenantInfo>>,
    on_changed: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <table class="connectors users">
            <thead><tr><th>"User"</th><th>"Role"</th><th>"Tenant"</th><th>"Created"</th><th>"Status"</th><th></th></tr></thead>
            <tbody>{list.into_iter().map(|u| {
                let own = me.as_deref() == Some(u.username.as_str());
                view! { <UserRow user=u own tenants on_changed /> }
            }).collect_view()}</tbody>
        </table>
    }
}

/// What is open under a user's row.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Nothing,
    Edit,
    Password,
    Delete,
}

#[component]
fn UserRow(
    user: UserInfo,
    own: bool,
    tenants: Signal<Vec<TenantInfo>>,
    on_changed: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let open = RwSignal::new(Open::Nothing);
    let toggle =
        move |what: Open| open.update(|o| *o = if *o == what { Open::Nothing } else { what });
    let update = user_update(user.id.clone(), on_changed);
    let disabled = user.disabled;
    let name = user.username.clone();
    let status = if disabled { "disabled" } else { "enabled" };
    view! {
        <tr data-testid="user-row" data-user=user.username.clone() class:row-disabled=disabled>
            <td class="connector-name">{user.username.clone()}</td>
            <td>{user.role.as_str()}</td>
            <td>{user.tenant.clone().unwrap_or_else(|| "all".into())}</td>
            <td>{live_ago(Some(user.created_at_ms))}</td>
            <td><span class=format!("badge badge-{}", if disabled { "stopped" } else { "running" })>{status}</span></td>
            <td class="actions">{if own {
                view! { <span class="hint">"you: " <a href=crate::routes::Page::Account.href()>"change your password"</a></span> }.into_any()
            } else {
                view! {
                    <button type="button" class="secondary small" aria-label=format!("Edit {name}")
                        aria-expanded=move || (open.get() == Open::Edit).to_string()
                        on:click=move |_| toggle(Open::Edit)>"Edit"</button>
                    <button type="button" class="secondary small" disabled=move || update.pending().get()
                        aria-label=format!("{} {name}", if disabled { "Enable" } else { "Disable" })
                        on:click=move |_| { update.dispatch(UpdateUser { disabled: Some(!disabled), ..UpdateUser::default() }); }>
                        {if disabled { "Enable" } else { "Disable" }}
                    </button>
                    <button type="button" class="secondary small" aria-label=format!("Reset the password of {name}")
                        on:click=move |_| toggle(Open::Password)>"Reset password"</button>
                    <button type="button" class="secondary small danger" aria-label=format!("Delete {name}")
                        on:click=move |_| toggle(Open::Delete)>"Delete"</button>
                }.into_any()
            }}</td>
        </tr>
        {move || update.value().get().and_then(Result::err).map(|e| view! {
            <tr class="usage-row"><td colspan="6"><ErrorNotice error=e /></td></tr>
        })}
        {
            let user = user.clone();
            move || match open.get() {
                Open::Nothing => ().into_any(),
                Open::Edit => view! {
                    <tr class="usage-row"><td colspan="6">
                        <EditUser user=user.clone() tenants on_done=move || { open.set(Open::Nothing); on_changed(); } />
                    </td></tr>
                }.into_any(),
                Open::Password => view! {
                    <tr class="usage-row"><td colspan="6">
                        <ResetPasswordForm user=user.clone() on_done=move || open.set(Open::Nothing) />
                    </td></tr>
                }.into_any(),
                Open::Delete => view! {
                    <DeleteUser user=user.clone() on_cancel=move || open.set(Open::Nothing)
                        on_deleted=move || { open.set(Open::Nothing); on_changed(); } />
                }.into_any(),
            }
        }
    }
}

/// `change` applied to `id`, then `on_changed`; the error stays next to the control.
fn user_update(
    id: String,
    on_changed: impl Fn() + Copy + Send + Sync + 'static,
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

/// Role and tenant, saved together: moving an operator to a console-wide role drops the
/// tenant, and the other way round needs one.
#[component]
fn EditUser(
    user: UserInfo,
    tenants: Signal<Vec<TenantInfo>>,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let role = RwSignal::new(user.role);
    let tenant = RwSignal::new(user.tenant.clone().unwrap_or_default());
    let save = user_update(user.id.clone(), on_done);
    let (current_role, current_tenant) = (user.role, user.tenant.clone().unwrap_or_default());
    let unchanged = move || role.get() == current_role && tenant.with(|t| *t == current_tenant);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = tenant.get_untracked();
        save.dispatch(UpdateUser {
            role: Some(role.get_untracked()),
            tenant: Some(t).filter(|t| !t.is_empty()),
            disabled: None,
        });
    };
    view! {
        <form class="form-row" on:submit=submit data-testid="edit-user">
            <label>"Role"
                <select aria-label=format!("Role of {}", user.username) prop:value=move || role.get().as_str()
                    on:change=move |ev| role.set(Role::parse(&event_target_value(&ev)).unwrap_or(current_role))>
                    {Role::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{r.as_str()}</option> }).collect_view()}
                </select>
            </label>
            <label>"Tenant" <TenantSelect tenants value=tenant role=role label=format!("Tenant of {}", user.username) /></label>
            <button type="submit" class="primary small" disabled=move || unchanged() || save.pending().get()>"Save"</button>
            <span class="hint">"Takes effect on their next click; their sessions stay."</span>
            {move || save.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
        </form>
    }
}

#[component]
fn ResetPasswordForm(
    user: UserInfo,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let password = RwSignal::new(String::new());
    let id = user.id.clone();
    let reset = Action::new_local(move |req: &ResetPassword| {
        let (id, req) = (id.clone(), req.clone());
        async move { api::reset_password(&id, &req).await }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        reset.dispatch(ResetPassword {
            password: password.get_untracked(),
        });
    };
    view! {
        <form class="form-row" on:submit=submit data-testid="reset-password">
            <label>{format!("New password for {}", user.username)}
                <input required type="password" autocomplete="new-password" minlength=MIN_PASSWORD_LEN.to_string()
                    placeholder=format!("at least {MIN_PASSWORD_LEN} characters")
                    prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev)) />
            </label>
            <button type="submit" class="primary small" disabled=move || reset.pending().get()>"Set password"</button>
            <button type="button" class="link" on:click=move |_| on_done()>"Close"</button>
            {move || reset.value().get().map(|r| match r {
                Ok(()) => view! { <span class="hint" role="status">"Password set; their sessions ended. Tell them the new one by a safe channel."</span> }.into_any(),
                Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
            })}
        </form>
    }
}

#[component]
fn DeleteUser(
    user: UserInfo,
    on_cancel: impl Fn() + Copy + Send + Sync + 'static,
    on_deleted: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = user.id.clone();
    let toasts = Toasts::get();
    let gone = format!("{} deleted", user.username);
    let delete = Action::new_local(move |_: &()| {
        let (id, gone) = (id.clone(), gone.clone());
        async move {
            api::delete_user(&id).await?;
            toasts.success(gone);
            on_deleted();
            Ok::<_, ApiError>(())
        }
    });
    view! {
        <ConfirmDialog title=format!("Delete {}?", user.username) confirm_label="Delete user".to_owned()
            danger=true busy=delete.pending() on_confirm=move || { delete.dispatch(()); } on_cancel=move || on_cancel()>
            <p>"They can no longer sign in, their sessions end, and the API keys they made stop working. "
               "Their entries in the audit log stay. To keep their keys, disable them instead."</p>
            {move || delete.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
        </ConfirmDialog>
    }
}

#[component]
fn CreateUserForm(
    tenants: Signal<Vec<TenantInfo>>,
    on_created: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Viewer);
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
            role: role.get_untracked(),
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
                <select prop:value=move || role.get().as_str() on:change=move |ev| role.set(Role::parse(&event_target_value(&ev)).unwrap_or(Role::Viewer))>
                    {Role::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{r.as_str()}</option> }).collect_view()}
                </select>
            </label>
            <label>"Tenant" <TenantSelect tenants value=tenant role=role label="Tenant of the new user" /></label>
            <button type="submit" class="primary" disabled=move || create.pending().get()>"Add user"</button>
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
