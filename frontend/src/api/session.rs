//! The signed-in session. Views read it from context; the transport reads the CSRF token from
//! it and ends it on a 401, so no page handles either.

use std::cell::Cell;

use leptos::prelude::*;
use sluice_shared::policy::Action;
use sluice_shared::session::Me;

thread_local! {
    // The transport runs inside spawned futures, where the component context is gone.
    static CURRENT: Cell<Option<Session>> = const { Cell::new(None) };
}

#[derive(Clone, Copy)]
pub struct Session {
    /// False until the first `/auth/me` answer arrives.
    checked: RwSignal<bool>,
    me: RwSignal<Option<Me>>,
}

impl Session {
    /// The app's one session, unknown until the first `/auth/me` answer.
    pub fn provide() -> Self {
        let session = Self {
            checked: RwSignal::new(false),
            me: RwSignal::new(None),
        };
        CURRENT.set(Some(session));
        provide_context(session);
        session
    }

    pub fn get() -> Self {
        expect_context::<Self>()
    }

    /// Whether the first `/auth/me` answer has arrived.
    pub fn checked(&self) -> bool {
        self.checked.get()
    }

    /// Who is signed in (tracked).
    pub fn me(&self) -> Option<Me> {
        self.me.get()
    }

    pub fn me_untracked(&self) -> Option<Me> {
        self.me.get_untracked()
    }

    pub fn signed_in(&self) -> bool {
        self.me.with(Option::is_some)
    }

    /// Whether the signed-in user may do `action` in their own scope (the shared policy).
    pub fn may_at_home(&self, action: Action) -> bool {
        self.me
            .with(|m| m.as_ref().is_some_and(|m| m.may_at_home(action)))
    }

    pub(super) fn csrf_token() -> Option<String> {
        CURRENT.get().and_then(|s| {
            s.me.with_untracked(|m| m.as_ref().map(|m| m.csrf_token.clone()))
        })
    }

    pub(super) fn begin(me: Option<Me>) {
        if let Some(s) = CURRENT.get() {
            s.me.try_set(me);
            s.checked.try_set(true);
        }
    }

    /// The session is over: the login page shows.
    pub(super) fn end() {
        // Only a change: setting `None` again would rebuild the login page and lose its message.
        if let Some(s) = CURRENT.get()
            && s.me.try_with_untracked(Option::is_some) == Some(true)
        {
            s.me.try_set(None);
        }
    }
}
