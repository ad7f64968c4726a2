//! The signed-in identity, shared app-wide through context. `None` shows the login page.

use leptos::prelude::*;
use sluice_shared::session::Me;

#[derive(Clone, Copy)]
pub struct Session {
    /// `None` until the first `/auth/me` answer arrives.
    pub checked: RwSignal<bool>,
    pub me: RwSignal<Option<Me>>,
}

impl Session {
    pub fn provide() -> Self {
        let session = Self {
            checked: RwSignal::new(false),
            me: RwSignal::new(None),
        };
        provide_context(session);
        session
    }

    pub fn get() -> Option<Self> {
        use_context::<Self>()
    }

    /// The server said 401: the session ended (logout elsewhere, expiry, restart).
    pub fn expire(&self) {
        self.me.set(None);
    }
}
