//! Users and tenants, for admins: who may sign in, with which role, in which tenant; and
//! which connector-name prefix and topic namespace each tenant owns.

use std::time::Duration;

use leptos::prelude::*;
use sluice_shared::ApiError;
use sluice_shared::admin::{CreateUser, MIN_PASSWORD_LEN, TenantInfo, UserInfo};
use sluice_shared::policy::Role;

use crate::api;
use crate::components::time::ago;
use crate::components::{ErrorNotice, Loaded};
use crate::hooks::use_polled;

const REFRESH: Duration = Duration::from_secs(30);

#[component]
pub fn UsersPage() -> impl IntoView {
    let users = use_polled(REFRESH, api::users);
    let tenants = use_polled(REFRESH, api::tenants);
    // Either form's change may show in both tables (a user's tenant, a tenant's users).
    let refresh = move || {
        users.refetch();
        tenants.refetch();
    };
    view! {
        <h1 class="page-title">"Users"</h1>
        <CreateUserForm on_created=refresh />
        <Loaded resource=users loading="Loading users…" view=user_table />
        <h1 class="page-title">"Tenants"</h1>
        <CreateTenantForm on_created=refresh />
        <Loaded resource=tenants loading="Loading tenants…" view=tenant_table />
    }
}

fn user_table(list: Vec<UserInfo>) -> impl IntoView {
    view! {
            <table class="connectors">
                <thead><tr><th>"User"</th><th>"Role"</th><th>"Tenant"</th><th>"Created"</th></tr></thead>
                <tbody>{list.into_iter().map(|u| view! {
                    <tr data-testid="user-row" data-user=u.username.clone()>
                        <td class="connector-name">{u.username.clone()}</td>
                        <td>{u.role.as_str()}</td>
                        <td>{u.tenant.unwrap_or_else(|| "all".into())}</td>
                        <td>{ago(Some(u.created_at_ms))}</td>
                    </tr>
                }).collect_view()}</tbody>
            </table>
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
                <thead><tr><th>"Tenant"</th><th>"Name"</th><th>"Connector prefix"</th><th>"topic.prefix namespace"</th></tr></thead>
                <tbody>{list.into_iter().map(|t| view! {
                    <tr data-testid="tenant-row"><td class="connector-name">{t.id}</td><td>{t.display_name}</td>
                        <td><code>{t.connector_prefix}</code></td><td><code>{t.topic_prefix}</code></td></tr>
                }).collect_view()}</tbody>
            </table>
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
            <label>"topic.prefix namespace" <input required prop:value=move || tprefix.get() on:input=move |ev| tprefix.set(event_target_value(&ev)) /></label>
            <button type="submit" class="primary">"Add tenant"</button>
            {move || create.value().get().and_then(Result::err).map(|e| view! { <div class="form-error"><ErrorNotice error=e /></div> })}
        </form>
    }
}
