//! API keys: create (the key is shown once, with a copy button), list with usage, revoke.

use std::time::Duration;

use leptos::prelude::*;
use sluice_shared::ApiError;
use sluice_shared::api_key::{ApiKeyInfo, CreateApiKey, CreatedApiKey};
use sluice_shared::policy::Role;

use crate::api::{self, Session};
use crate::components::time::{ago, live_ago, local_time};
use crate::components::{ConfirmDialog, CopyButton, ErrorNotice, Loaded, TenantSelect, Toasts};
use crate::hooks::use_polled;

const REFRESH: Duration = Duration::from_secs(5);

#[component]
pub fn ApiKeysPage() -> impl IntoView {
    let keys = use_polled(REFRESH, api::api_keys);
    let created = RwSignal::new(None::<CreatedApiKey>);
    view! {
        <h1 class="page-title">"API keys"</h1>
        <p class="hint">
            "Scripts and the " <code>"sluice connectors"</code> " CLI authenticate with "
            <code>"Authorization: Bearer slk_…"</code> ". A key acts with its role, inside its tenant."
        </p>
        <CreateKeyForm created=created />
        {move || created.get().map(|c| view! { <NewKey created=c on_dismiss=move || created.set(None) /> })}
        <Loaded resource=keys loading="Loading keys…" view={move |list: Vec<ApiKeyInfo>| if list.is_empty() {
            view! {
                <div class="empty"><h3>"No API keys yet"</h3><p>"Create one above for a script or the CLI."</p></div>
            }.into_any()
        } else {
            view! { <KeyTable keys=list on_revoked=move || keys.refetch() /> }.into_any()
        }} />
    }
}

#[component]
fn CreateKeyForm(created: RwSignal<Option<CreatedApiKey>>) -> impl IntoView {
    let session = Session::get();
    let me = move || session.me();
    let is_admin = move || me().is_some_and(|m| m.role == Role::Admin);
    // Admins choose among the tenants; anyone else makes keys in their own tenant.
    let tenants = LocalResource::new(move || async move {
        if is_admin() {
            api::tenants().await.unwrap_or_default()
        } else {
            Vec::new()
        }
    });
    let tenant_list = Signal::derive(move || tenants.get().unwrap_or_default());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Viewer);
    let tenant = RwSignal::new(String::new());
    let expires = RwSignal::new(String::new());
    let create = Action::new_local(move |req: &CreateApiKey| {
        let req = req.clone();
        async move {
            let c = api::create_api_key(&req).await?;
            created.try_set(Some(c));
            name.try_set(String::new());
            Ok::<_, ApiError>(())
        }
    });
    let busy = create.pending();
    let roles = move || {
        let mine = me().map_or(Role::Viewer, |m| m.role);
        Role::ALL
            .into_iter()
            .filter(move |r| r.grantable_by(mine))
            .collect::<Vec<_>>()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.dispatch(CreateApiKey {
            name: name.get_untracked(),
            role: role.get_untracked(),
            tenant: Some(tenant.get_untracked()).filter(|t| is_admin() && !t.trim().is_empty()),
            expires_in_days: expires.get_untracked().trim().parse().ok(),
        });
    };
    view! {
        <form class="panel form-row" on:submit=submit data-testid="create-key-form">
            <label>"Name"
                <input required maxlength="100" placeholder="nightly-restarts" prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev)) />
            </label>
            <label>"Role"
                <select on:change=move |ev| role.set(Role::parse(&event_target_value(&ev)).unwrap_or(Role::Viewer))
                    prop:value=move || role.get().as_str()>
                    {move || roles().into_iter().map(|r| view! { <option value=r.as_str()>{r.as_str()}</option> }).collect_view()}
                </select>
            </label>
            <Show when=is_admin>
                <label>"Tenant" <TenantSelect tenants=tenant_list value=tenant role=role label="Tenant of the key" /></label>
            </Show>
            <label>"Expires in (days)"
                <input type="number" min="1" placeholder="never" prop:value=move || expires.get()
                    on:input=move |ev| expires.set(event_target_value(&ev)) />
            </label>
            <button type="submit" class="primary" disabled=move || busy.get()>"Create key"</button>
            {move || create.value().get().and_then(Result::err).map(|e| view! { <div class="form-error"><ErrorNotice error=e /></div> })}
        </form>
    }
}

/// The new key, shown this once.
#[component]
fn NewKey(created: CreatedApiKey, on_dismiss: impl Fn() + 'static + Copy) -> impl IntoView {
    view! {
        <div class="notice notice-key" role="status" data-testid="new-key">
            <strong>"Copy the key for “" {created.info.name.clone()} "” now: it is not shown again."</strong>
            <div class="key-row">
                <code class="key" data-testid="new-key-value">{created.key.clone()}</code>
                <CopyButton text=created.key.clone() class="secondary" />
                <button class="secondary" on:click=move |_| on_dismiss()>"Done"</button>
            </div>
        </div>
    }
}

#[component]
fn KeyTable(keys: Vec<ApiKeyInfo>, on_revoked: impl Fn() + Copy + 'static) -> impl IntoView {
    view! {
        <table class="connectors keys">
            <thead>
                <tr>
                    <th>"Name"</th><th>"Key"</th><th>"Role"</th><th>"Tenant"</th><th>"Created"</th>
                    <th class="num">"Requests"</th><th>"Last used"</th><th>"Status"</th><th></th>
                </tr>
            </thead>
            <tbody>
                {keys.into_iter().map(|k| view! { <KeyRow k=k on_revoked=on_revoked /> }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn KeyRow(k: ApiKeyInfo, on_revoked: impl Fn() + Copy + 'static) -> impl IntoView {
    let now = js_sys::Date::now() as i64;
    let (status, live) = match (k.revoked_at_ms, k.expires_at_ms) {
        (Some(_), _) => ("revoked", false),
        (None, Some(e)) if e <= now => ("expired", false),
        _ => ("active", true),
    };
    let open = RwSignal::new(false);
    let usage = Action::new_local({
        let id = k.id.clone();
        move |_: &()| {
            let id = id.clone();
            async move { api::api_key(&id).await }
        }
    });
    let shown = move || open.get() && usage.value().with(Option::is_some);
    // The usage panel asks for the key again: its figures are newer than the list's.
    let fresher = move || {
        usage.value().with(|u| {
            u.as_ref()
                .and_then(|r| r.as_ref().ok())
                .map(|k| (k.request_count, k.last_used_at_ms))
        })
    };
    let (listed_count, listed_last) = (k.request_count, k.last_used_at_ms);
    let requests = move || fresher().map_or(listed_count, |(n, _)| n.max(listed_count));
    let last_used = move || fresher().and_then(|(_, l)| l).max(listed_last);
    let toggle = move |_| {
        if shown() {
            open.set(false);
            usage.clear();
        } else {
            open.set(true);
            usage.dispatch(());
        }
    };
    let toasts = Toasts::get();
    let revoke_key = Action::new_local({
        let id = k.id.clone();
        move |_: &()| {
            let id = id.clone();
            async move {
                api::revoke_api_key(&id).await?;
                toasts.success("Key revoked: scripts using it are refused from now on");
                on_revoked();
                Ok::<_, ApiError>(())
            }
        }
    });
    let confirming = RwSignal::new(false);
    let name = k.name.clone();
    view! {
        <tr data-testid="key-row" data-key=k.name.clone()>
            <td class="name"><span class="connector-name">{k.name.clone()}</span></td>
            <td><code>{k.prefix.clone()} "…"</code></td>
            <td>{k.role.as_str()}</td>
            <td>{k.tenant.clone().unwrap_or_else(|| "all".to_owned())}</td>
            <td title=local_time(Some(k.created_at_ms))>{k.created_by.clone()} ", " {live_ago(Some(k.created_at_ms))}</td>
            <td class="num" data-testid="key-requests">{requests}</td>
            <td title=move || local_time(last_used()) data-testid="key-last-used">{move || ago(last_used())}</td>
            <td><span class=format!("badge badge-{}", if live { "running" } else { "stopped" })>{status}</span></td>
            <td class="actions">
                <button class="secondary" on:click=toggle>{move || if shown() { "Hide usage" } else { "Usage" }}</button>
                {live.then(|| view! { <button class="secondary danger" on:click=move |_| confirming.set(true)>"Revoke"</button> })}
            </td>
        </tr>
        {move || confirming.get().then(|| view! {
            <ConfirmDialog title=format!("Revoke the key “{name}”?") confirm_label="Revoke key".to_owned() danger=true
                busy=revoke_key.pending() on_confirm=move || { revoke_key.dispatch(()); confirming.set(false); }
                on_cancel=move || confirming.set(false)>
                <p>"Scripts using it stop working at once. This cannot be undone; a new key can be made."</p>
            </ConfirmDialog>
        })}
        {move || revoke_key.value().get().and_then(Result::err).map(|e| view! {
            <tr class="usage-row"><td colspan="9"><ErrorNotice error=e /></td></tr>
        })}
        {move || open.get().then(|| usage.value().get()).flatten().map(|u| view! {
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
