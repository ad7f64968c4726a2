//! The installed plugins (connectors, converters, transforms, predicates), filtered as you type.

use leptos::prelude::*;
use sluice_shared::PluginInfo;

#[component]
pub fn Plugins(plugins: Vec<PluginInfo>, filter: RwSignal<String>) -> impl IntoView {
    let total = plugins.len();
    let shown = move || {
        let needle = filter.get().trim().to_lowercase();
        plugins
            .iter()
            .filter(|p| {
                needle.is_empty()
                    || p.class.to_lowercase().contains(&needle)
                    || p.plugin_type.contains(&needle)
                    || p.version.as_deref().is_some_and(|v| v.contains(&needle))
            })
            .cloned()
            .collect::<Vec<_>>()
    };
    view! {
        <section class="panel" data-testid="plugins">
            <div class="panel-head">
                <h2>"Plugins"</h2>
                <span class="hint">{format!("{total} installed")}</span>
            </div>
            <div class="filters">
                <input type="search" placeholder="Filter by class, type or version" aria-label="Filter plugins"
                    data-testid="plugin-filter"
                    prop:value=move || filter.get()
                    on:input=move |ev| filter.set(event_target_value(&ev)) />
            </div>
            {move || {
                let rows = shown();
                if rows.is_empty() {
                    let message = if total == 0 {
                        "Connect reports no plugins: check the workers' plugin.path."
                    } else {
                        "No plugin matches the filter: clear it to see all."
                    };
                    return view! { <p class="empty" data-testid="no-plugins">{message}</p> }.into_any();
                }
                view! {
                    <div class="plugin-scroll">
                        <table class="connectors plugins">
                            <thead><tr><th>"Class"</th><th>"Type"</th><th>"Version"</th></tr></thead>
                            <tbody>
                                {rows.into_iter().map(|p| view! {
                                    <tr data-testid="plugin">
                                        <td><code>{p.class}</code></td>
                                        <td><span class="chip">{p.plugin_type}</span></td>
                                        <td>{p.version.unwrap_or_else(|| "—".into())}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
        </section>
    }
}
