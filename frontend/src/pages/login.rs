//! Sign in. One generic message for every failure, as the server gives it.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::session::Session;

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = Session::get();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let (u, p) = (username.get_untracked(), password.get_untracked());
        spawn_local(async move {
            match api::login(u, p).await {
                Ok(me) => {
                    password.set(String::new());
                    if let Some(s) = session {
                        s.me.set(Some(me));
                    }
                }
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
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
                {move || error.get().map(|e| view! { <p class="login-error" role="alert" data-testid="login-error">{e}</p> })}
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {move || if busy.get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
        </section>
    }
}
