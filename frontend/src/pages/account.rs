//! The signed-in user's own account: who they are, and their password, changed with the
//! current one.

use leptos::prelude::*;
use sluice_shared::admin::{ChangePassword, MIN_PASSWORD_LEN};

use crate::api::{self, Session};
use crate::components::ErrorNotice;

#[component]
pub fn AccountPage() -> impl IntoView {
    let me = Session::get().me_untracked();
    let is_user = me.is_some();
    view! {
        <h1 class="page-title">"Your account"</h1>
        {me.map(|m| view! {
            <p class="hint">"Signed in as " <strong>{m.username}</strong> ", " {m.role.as_str()}
                {m.tenant.map(|t| format!(" in {t}"))} "."</p>
        })}
        {is_user.then(|| view! { <ChangePasswordForm /> })}
    }
}

#[component]
fn ChangePasswordForm() -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let change = Action::new_local(move |req: &ChangePassword| {
        let req = req.clone();
        async move {
            api::change_password(&req).await?;
            for s in [current, new, again] {
                s.try_set(String::new());
            }
            Ok::<_, sluice_shared::ApiError>(())
        }
    });
    // Said before sending: a mistyped repeat is caught here, not after the old one is gone.
    let mismatch = move || !again.with(String::is_empty) && new.get() != again.get();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if mismatch() {
            return;
        }
        change.dispatch(ChangePassword {
            current: current.get_untracked(),
            new: new.get_untracked(),
        });
    };
    view! {
        <form class="panel form-stack narrow" on:submit=submit data-testid="change-password">
            <h2>"Change your password"</h2>
            <label>"Current password"
                <input required type="password" autocomplete="current-password"
                    prop:value=move || current.get() on:input=move |ev| current.set(event_target_value(&ev)) />
            </label>
            <label>"New password"
                <input required type="password" autocomplete="new-password" minlength=MIN_PASSWORD_LEN.to_string()
                    placeholder=format!("at least {MIN_PASSWORD_LEN} characters")
                    prop:value=move || new.get() on:input=move |ev| new.set(event_target_value(&ev)) />
            </label>
            <label>"New password again"
                <input required type="password" autocomplete="new-password"
                    prop:value=move || again.get() on:input=move |ev| again.set(event_target_value(&ev)) />
            </label>
            {move || mismatch().then(|| view! { <p class="field-error" role="alert">"The two new passwords differ."</p> })}
            <div><button type="submit" class="primary" disabled=move || change.pending().get() || mismatch()>"Change password"</button></div>
            {move || change.value().get().map(|r| match r {
                Ok(()) => view! { <p class="hint success" role="status">"Password changed. Your other sessions were signed out; this one stays."</p> }.into_any(),
                Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
            })}
        </form>
    }
}
