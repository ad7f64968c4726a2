//! A change set as a Key / Before / After table: configs (editor review, history, import plan)
//! and the columns a change event changed.

use leptos::prelude::*;
use sluice_shared::history::ConfigChange;

#[component]
pub fn DiffTable(
    #[prop(into)] changes: Signal<Vec<ConfigChange>>,
    /// The first column's heading; "Key" unless said.
    #[prop(optional)]
    key_label: Option<&'static str>,
) -> impl IntoView {
    view! {
        <table class="diff">
            <thead><tr><th>{key_label.unwrap_or("Key")}</th><th>"Before"</th><th>"After"</th></tr></thead>
            <tbody>
                {move || changes.get().into_iter().map(|c| {
                    // Both sides masked: a secret that changed, shown by its key only.
                    let secret_changed = c.before.is_some() && c.before == c.after;
                    view! {
                    <tr data-key=c.key.clone()>
                        <td><code>{c.key.clone()}</code></td>
                        <td class="diff-before">{c.before.unwrap_or_else(|| "(not set)".into())}</td>
                        <td class="diff-after">
                            {secret_changed.then(|| view! {
                                <span class="chip" data-testid="secret-changed">"changed"</span>" "
                            })}
                            {c.after.unwrap_or_else(|| "(removed)".into())}
                        </td>
                    </tr>
                }}).collect_view()}
            </tbody>
        </table>
    }
}
