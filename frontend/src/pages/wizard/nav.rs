//! Moving through the wizard: the step bar on top and Back / Next under every step.

use leptos::prelude::*;

use super::state::{Step, Wizard};
use crate::components::CodeText;

/// Where the user is, and a way back to any step already passed.
#[component]
pub fn StepBar(w: Wizard) -> impl IntoView {
    view! {
        <ol class="wizard-steps" data-testid="wizard-steps">
            {move || {
                let now = w.step.get();
                let all = w.steps();
                let at = all.iter().position(|s| *s == now).unwrap_or(0);
                all.into_iter().enumerate().map(|(i, s)| {
                    let class = if i == at { "wizard-step wizard-step-now" } else if i < at { "wizard-step wizard-step-done" } else { "wizard-step" };
                    view! {
                        <li class=class aria-current=(i == at).then_some("step")>
                            <button type="button" class="wizard-step-button" disabled={i >= at}
                                on:click=move |_| w.step.set(s)>
                                <span class="wizard-step-num">{i + 1}</span>{s.title()}
                            </button>
                        </li>
                    }
                }).collect_view()
            }}
        </ol>
    }
}

/// Back / Next under every step. `Next` is a submit button, so Enter in any field moves on.
#[component]
pub fn StepNav(
    w: Wizard,
    #[prop(into)] blocked: Signal<Option<String>>,
    #[prop(optional)] next_label: Option<&'static str>,
    /// The id of the step's form when the buttons sit outside it.
    #[prop(optional)]
    form: Option<&'static str>,
) -> impl IntoView {
    let first = move || w.step.get() == Step::Start;
    view! {
        <div class="wizard-nav">
            <button type="button" class="secondary" data-testid="wizard-back" disabled=first
                on:click=move |_| w.back()>"Back"</button>
            {move || blocked.get().map(|why| view! { <span class="wizard-blocked" data-testid="wizard-blocked"><CodeText text=why /></span> })}
            <button type="submit" class="primary" data-testid="wizard-next" form=form disabled=move || blocked.with(Option::is_some)>
                {next_label.unwrap_or("Next")}
            </button>
        </div>
    }
}
