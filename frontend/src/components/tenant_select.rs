//! A choice among the console's tenants, for a user's or an API key's tenant: typing a tenant
//! id by hand was the API key form's trap (a typo is a refusal), and console-wide roles have
//! none at all.

use leptos::prelude::*;
use sluice_shared::admin::TenantInfo;
use sluice_shared::policy::Role;

/// The tenant a form should hold for `role`: none for console-wide roles, else the one chosen
/// if it still exists, else the first tenant.
pub fn tenant_for(role: Role, chosen: &str, tenants: &[TenantInfo]) -> String {
    match role {
        Role::Admin | Role::Support => String::new(),
        Role::Operator | Role::Viewer if tenants.iter().any(|t| t.id == chosen) => {
            chosen.to_owned()
        }
        Role::Operator | Role::Viewer => tenants.first().map(|t| t.id.clone()).unwrap_or_default(),
    }
}

/// `value` is a tenant id, or empty for "every tenant" (shown, disabled, for console-wide roles).
#[component]
pub fn TenantSelect(
    #[prop(into)] tenants: Signal<Vec<TenantInfo>>,
    value: RwSignal<String>,
    /// The role the tenant is for: admins and support span every tenant.
    #[prop(into)]
    role: Signal<Role>,
    #[prop(into)] label: String,
) -> impl IntoView {
    // The role or the list changed: keep the value one the server will take.
    Effect::new(move || {
        let next = tenants.with(|list| tenant_for(role.get(), &value.get_untracked(), list));
        if next != value.get_untracked() {
            value.set(next);
        }
    });
    let console_wide = move || matches!(role.get(), Role::Admin | Role::Support);
    view! {
        <select aria-label=label disabled=console_wide data-testid="tenant-select"
            prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
            {move || if console_wide() {
                view! { <option value="">"every tenant"</option> }.into_any()
            } else if tenants.with(Vec::is_empty) {
                view! { <option value="">"no tenants yet: add one below"</option> }.into_any()
            } else {
                tenants.get().into_iter().map(|t| {
                    let text = if t.display_name.is_empty() || t.display_name == t.id {
                        t.id.clone()
                    } else {
                        format!("{} ({})", t.id, t.display_name)
                    };
                    view! { <option value=t.id.clone()>{text}</option> }
                }).collect_view().into_any()
            }}
        </select>
    }
}
