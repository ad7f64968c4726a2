//! Brief confirmations ("Paused", "User deleted") that go away by themselves: a success needs
//! no dismissing, and a banner left behind would soon announce a state that is no longer so.

use std::time::Duration;

use leptos::prelude::*;

/// How long a confirmation stays.
const SHOWN: Duration = Duration::from_secs(4);

#[derive(Clone, Copy)]
pub struct Toasts {
    list: RwSignal<Vec<(u64, String)>>,
    next: StoredValue<u64>,
}

impl Toasts {
    /// Made once by the app shell; every page finds it with [`Toasts::get`].
    pub fn provide() -> Self {
        let toasts = Toasts {
            list: RwSignal::new(Vec::new()),
            next: StoredValue::new(0),
        };
        provide_context(toasts);
        toasts
    }

    pub fn get() -> Self {
        expect_context::<Toasts>()
    }

    /// Shows `message` for a few seconds.
    pub fn success(self, message: impl Into<String>) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.list.update(|l| l.push((id, message.into())));
        set_timeout(
            move || {
                self.list
                    .try_update(|l| l.retain(|(i, _)| *i != id))
                    .unwrap_or(())
            },
            SHOWN,
        );
    }
}

/// Where the confirmations appear: top right, read out by screen readers.
#[component]
pub fn ToastArea() -> impl IntoView {
    let toasts = Toasts::get();
    view! {
        <div class="toasts" role="status" aria-live="polite">
            <For each=move || toasts.list.get() key=|(id, _)| *id let((_, message))>
                <div class="toast" data-testid="toast">{message}</div>
            </For>
        </div>
    }
}
