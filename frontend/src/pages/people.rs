//! Users and tenants, for admins: who may sign in, with which role, in which tenant; and
//! which connector-name prefix and topic namespace each tenant owns.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use sluice_shared::ApiError;
use sluice_shared::admin::{CreateUser, MIN_PASSWORD_LEN, TenantInfo};
use sluice_shared::policy::Role;

use crate::api;
use crate::components::time::ago;
use crate::components::{ErrorNotice, use_polled};
use crate::session::Session;

fn csrf() -> Option<String> {
    Session::get()
        .and_then(|s| s.me.get_untracked())
        .map(|m| m.csrf_token)
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let refresh = RwSignal::new(0u32);
    view! {
        <h1 class="page-title">"Users"</h1>
        <CreateUserForm refresh=refresh />
        {move || { let _ = refresh.get(); view! { <UserTable /> } }}
        <h1 class="page-title">"Tenants"</h1>
        <CreateTenantForm refresh=refresh />
        {move || { let _ = refresh.get(); view! { <TenantTable /> } }}
    }
}

#[component]
fn UserTable() -> impl IntoView {
    let users = use_polled(Duration::from_secs(30), api::users);
    move || {
        match users.get() {
        None => view! { <p class="loading">"Loading users…"</p> }.into_any(),
        Some(Err(e)) => view! { <ErrorNotice error=e /> }.into_any(),
        Some(Ok(list)) => view! {
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
        }.into_any(),
    }
    }
}

#[component]
fn CreateUserForm(refresh: RwSignal<u32>) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let role = RwSignal::new("viewer".to_owned());
    let tenant = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(csrf) = csrf() else { return };
        let req = CreateUser {
            username: username.get_untracked(),
            password: password.get_untracked(),
            role: Role::parse(&role.get_untracked()).unwrap_or(Role::Viewer),
            tenant: Some(tenant.get_untracked()).filter(|t| !t.trim().is_empty()),
        };
        spawn_local(async move {
            match api::create_user(&req, &csrf).await {
                Ok(_) => {
                    username.set(String::new());
                    password.set(String::new());
                    error.set(None);
                    refresh.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
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
            {move || error.get().map(|e| view! { <div class="form-error"><ErrorNotice error=e /></div> })}
        </form>
    }
}

#[component]
fn TenantTable() -> impl IntoView {
    let tenants = use_polled(Duration::from_secs(30), api::tenants);
    move || {
        match tenants.get() {
        None => view! { <p class="loading">"Loading tenants…"</p> }.into_any(),
        Some(Err(e)) => view! { <ErrorNotice error=e /> }.into_any(),
        Some(Ok(list)) if list.is_empty() => view! {
            <div class="empty"><h3>"No tenants yet"</h3><p>"Add one to give teams their own connectors and topics."</p></div>
        }.into_any(),
        Some(Ok(list)) => view! {
            <table class="connectors">
                <thead><tr><th>"Tenant"</th><th>"Name"</th><th>"Connector prefix"</th><th>"topic.prefix namespace"</th></tr></thead>
                <tbody>{list.into_iter().map(|t| view! {
                    <tr data-testid="tenant-row"><td class="connector-name">{t.id}</td><td>{t.display_name}</td>
                        <td><code>{t.connector_prefix}</code></td><td><code>{t.topic_prefix}</code></td></tr>
                }).collect_view()}</tbody>
            </table>
        }.into_any(),
    }
    }
}

#[component]
fn CreateTenantForm(refresh: RwSignal<u32>) -> impl IntoView {
    let id = RwSignal::new(String::new());
    let display = RwSignal::new(String::new());
    let cprefix = RwSignal::new(String::new());
    let tprefix = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(csrf) = csrf() else { return };
        let req = TenantInfo {
            id: id.get_untracked(),
            display_name: display.get_untracked(),
            connector_prefix: cprefix.get_untracked(),
            topic_prefix: tprefix.get_untracked(),
        };
        spawn_local(async move {
            match api::create_tenant(&req, &csrf).await {
                Ok(_) => {
                    for s in [id, display, cprefix, tprefix] {
                        s.set(String::new());
                    }
                    error.set(None);
                    refresh.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
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
            {move || error.get().map(|e| view! { <div class="form-error"><ErrorNotice error=e /></div> })}
        </form>
    }
}
