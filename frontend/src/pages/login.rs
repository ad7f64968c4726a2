//! Sign in. One generic message for every failure, as the server gives it.

use leptos::prelude::*;

use crate::api;

#[component]
pub fn LoginPage() -> impl IntoView {
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    // On success the session begins and the app replaces this page.
    let login = Action::new_local(|(u, p): &(String, String)| api::login(u.clone(), p.clone()));
    let busy = login.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        login.clear();
        login.dispatch((username.get_untracked(), password.get_untracked()));
    };
    view! {
        <section class="login">
            <form class="login-card" on:submit=submit data-testid="login-form">
                <h1>"Sign in to Sluice"</h1>
                <label for="login-username">"Username"</label>
                <input id="login-username" name="username" autocomplete="username" autofocus required
                    prop:value=move || username.get() on:input=move |ev| username.set(event_target_value(&ev)) />
                <label for="login-password">"Password"</label>
                <input id="login-password" name="password" type="password" autocomplete="current-password" required
                    prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev)) />
                {move || login.value().get().and_then(Result::err).map(|e| view! { <p class="login-error" role="alert" data-testid="login-error">{e.message}</p> })}
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {move || if busy.get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
        </section>
    }
}
