//! API keys: create (the key is shown once, with a copy button), list with usage, revoke.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use sluice_shared::api_key::{ApiKeyInfo, CreateApiKey, CreatedApiKey};
use sluice_shared::policy::Role;

use crate::api;
use crate::components::time::{ago, local_time};
use crate::components::{ErrorNotice, use_polled};
use crate::session::Session;

const REFRESH: Duration = Duration::from_secs(5);

#[component]
pub fn ApiKeysPage() -> impl IntoView {
    let keys = use_polled(REFRESH, api::api_keys);
    let created = RwSignal::new(None::<CreatedApiKey>);
    let revoked = RwSignal::new(0u32);
    view! {
        <h1 class="page-title">"API keys"</h1>
        <p class="hint">
            "Scripts and the " <code>"sluice connectors"</code> " CLI authenticate with "
            <code>"Authorization: Bearer slk_…"</code> ". A key acts with its role, inside its tenant."
        </p>
        <CreateKeyForm created=created />
        {move || created.get().map(|c| view! { <NewKey created=c on_dismiss=move || created.set(None) /> })}
        {move || {
            let _ = revoked.get();
            match keys.get() {
                None => view! { <p class="loading">"Loading keys…"</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice error=e /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <div class="empty"><h3>"No API keys yet"</h3><p>"Create one above for a script or the CLI."</p></div>
                }.into_any(),
                Some(Ok(list)) => view! { <KeyTable keys=list revoked=revoked /> }.into_any(),
            }
        }}
    }
}

#[component]
fn CreateKeyForm(created: RwSignal<Option<CreatedApiKey>>) -> impl IntoView {
    let session = Session::get();
    let me = move || session.and_then(|s| s.me.get());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new("viewer".to_owned());
    let tenant = RwSignal::new(String::new());
    let expires = RwSignal::new(String::new());
    let error = RwSignal::new(None::<sluice_shared::ApiError>);
    let busy = RwSignal::new(false);
    let is_admin = move || me().is_some_and(|m| m.role == Role::Admin);
    let roles = move || {
        let mine = me().map_or(Role::Viewer, |m| m.role);
        Role::ALL
            .into_iter()
            .filter(move |r| r.grantable_by(mine))
            .collect::<Vec<_>>()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(csrf) = me().map(|m| m.csrf_token) else {
            return;
        };
        let req = CreateApiKey {
            name: name.get_untracked(),
            role: Role::parse(&role.get_untracked()).unwrap_or(Role::Viewer),
            tenant: Some(tenant.get_untracked()).filter(|t| !t.trim().is_empty()),
            expires_in_days: expires.get_untracked().trim().parse().ok(),
        };
        busy.set(true);
        spawn_local(async move {
            match api::create_api_key(&req, &csrf).await {
                Ok(c) => {
                    created.set(Some(c));
                    name.set(String::new());
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="panel form-row" on:submit=submit data-testid="create-key-form">
            <label>"Name"
                <input required maxlength="100" placeholder="nightly-restarts" prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev)) />
            </label>
            <label>"Role"
                <select on:change=move |ev| role.set(event_target_value(&ev)) prop:value=move || role.get()>
                    {move || roles().into_iter().map(|r| view! { <option value=r.as_str()>{r.as_str()}</option> }).collect_view()}
                </select>
            </label>
            <Show when=is_admin>
                <label>"Tenant"
                    <input placeholder="for operator and viewer keys" prop:value=move || tenant.get()
                        on:input=move |ev| tenant.set(event_target_value(&ev)) />
                </label>
            </Show>
            <label>"Expires in (days)"
                <input type="number" min="1" placeholder="never" prop:value=move || expires.get()
                    on:input=move |ev| expires.set(event_target_value(&ev)) />
            </label>
            <button type="submit" class="primary" disabled=move || busy.get()>"Create key"</button>
            {move || error.get().map(|e| view! { <div class="form-error"><ErrorNotice error=e /></div> })}
        </form>
    }
}

/// The new key, shown this once.
#[component]
fn NewKey(created: CreatedApiKey, on_dismiss: impl Fn() + 'static + Copy) -> impl IntoView {
    let key = created.key.clone();
    let copied = RwSignal::new(false);
    let copy = move |_| {
        let key = key.clone();
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().clipboard().write_text(&key);
            copied.set(true);
        }
    };
    view! {
        <div class="notice notice-key" role="status" data-testid="new-key">
            <strong>"Copy the key for “" {created.info.name.clone()} "” now: it is not shown again."</strong>
            <div class="key-row">
                <code class="key" data-testid="new-key-value">{created.key.clone()}</code>
                <button class="secondary" on:click=copy>{move || if copied.get() { "Copied" } else { "Copy" }}</button>
                <button class="secondary" on:click=move |_| on_dismiss()>"Done"</button>
            </div>
        </div>
    }
}

#[component]
fn KeyTable(keys: Vec<ApiKeyInfo>, revoked: RwSignal<u32>) -> impl IntoView {
    view! {
        <table class="connectors keys">
            <thead>
                <tr>
                    <th>"Name"</th><th>"Key"</th><th>"Role"</th><th>"Tenant"</th><th>"Created"</th>
                    <th class="num">"Requests"</th><th>"Last used"</th><th>"Status"</th><th></th>
                </tr>
            </thead>
            <tbody>
                {keys.into_iter().map(|k| view! { <KeyRow k=k revoked=revoked /> }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn KeyRow(k: ApiKeyInfo, revoked: RwSignal<u32>) -> impl IntoView {
    let session = Session::get();
    let now = js_sys::Date::now() as i64;
    let (status, live) = match (k.revoked_at_ms, k.expires_at_ms) {
        (Some(_), _) => ("revoked", false),
        (None, Some(e)) if e <= now => ("expired", false),
        _ => ("active", true),
    };
    let usage = RwSignal::new(None::<Result<ApiKeyInfo, sluice_shared::ApiError>>);
    let toggle = {
        let id = k.id.clone();
        move |_| {
            if usage.with_untracked(Option::is_some) {
                usage.set(None);
                return;
            }
            let id = id.clone();
            spawn_local(async move { usage.set(Some(api::api_key(&id).await)) });
        }
    };
    let id = k.id.clone();
    let name = k.name.clone();
    let revoke = move |_| {
        let confirmed = web_sys::window()
            .and_then(|w| {
                w.confirm_with_message(&format!(
                    "Revoke the key “{name}”? Scripts using it stop working at once."
                ))
                .ok()
            })
            .unwrap_or(false);
        let Some(csrf) = session
            .and_then(|s| s.me.get_untracked())
            .map(|m| m.csrf_token)
        else {
            return;
        };
        if !confirmed {
            return;
        }
        let id = id.clone();
        spawn_local(async move {
            if api::revoke_api_key(&id, &csrf).await.is_ok() {
                revoked.update(|n| *n += 1);
            }
        });
    };
    view! {
        <tr data-testid="key-row" data-key=k.name.clone()>
            <td class="name"><span class="connector-name">{k.name.clone()}</span></td>
            <td><code>{k.prefix.clone()} "…"</code></td>
            <td>{k.role.as_str()}</td>
            <td>{k.tenant.clone().unwrap_or_else(|| "all".to_owned())}</td>
            <td title=local_time(Some(k.created_at_ms))>{k.created_by.clone()} ", " {ago(Some(k.created_at_ms))}</td>
            <td class="num" data-testid="key-requests">{k.request_count}</td>
            <td title=local_time(k.last_used_at_ms)>{ago(k.last_used_at_ms)}</td>
            <td><span class=format!("badge badge-{}", if live { "running" } else { "stopped" })>{status}</span></td>
            <td class="actions">
                <button class="secondary" on:click=toggle>{move || if usage.with(Option::is_some) { "Hide usage" } else { "Usage" }}</button>
                {live.then(|| view! { <button class="secondary danger" on:click=revoke.clone()>"Revoke"</button> })}
            </td>
        </tr>
        {move || usage.get().map(|u| view! {
            <tr class="usage-row" data-testid="key-usage">
                <td colspan="9">
                    {match u {
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                        Ok(k) if k.endpoints.is_empty() => view! { <span class="hint">"Not used yet."</span> }.into_any(),
                        Ok(k) => view! {
                            <ul class="usage-list">
                                {k.endpoints.into_iter().map(|e| view! { <li><code>{e.endpoint}</code> " " <strong>{e.count}</strong></li> }).collect_view()}
                            </ul>
                        }.into_any(),
                    }}
                </td>
            </tr>
        })}
    }
}
