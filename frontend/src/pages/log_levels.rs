//! Log levels: Connect's worker loggers (KIP-495) for support staff and admins. Every logger of
//! a cluster's workers with a filter as you type and a level per row, a form for any logger
//! (offering a connector's plugin when opened from its page), what Connect answered, and a
//! reset to INFO for a logger changed in the last day. Every change is audited by the server.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use sluice_shared::loggers::{
    LogLevel, LoggerChanged, LoggerInfo, LoggerScope, LoggerSuggestion, SetLoggerLevel,
    suggested_loggers,
};
use sluice_shared::policy::Action as Permission;
use sluice_shared::{ApiError, ClusterSummary, ErrorCode};

use crate::api::{self, Session};
use crate::clusters::Clusters;
use crate::components::time::{live_ago_or, local_time};
use crate::components::{ErrorNotice, Loaded};

/// Rows drawn at once; the filter finds the rest.
const SHOWN: usize = 200;
/// A change at most this old offers a reset.
const RECENT_MS: f64 = 86_400_000.0;
/// Cluster scope reaches the workers through Connect's config topic, so the listing is asked
/// again once more after this.
const APPLIED_AFTER: Duration = Duration::from_millis(1500);

/// A level change as the page asks for it: the logger and the body.
type Change = (String, SetLoggerLevel);
type SetLevel = Action<Change, Result<LoggerChanged, ApiError>>;

#[component]
pub fn LogLevelsPage() -> impl IntoView {
    let session = Session::get();
    let clusters = Clusters::get();
    let (asked, connector) =
        use_query_map().with_untracked(|q| (q.get("cluster"), q.get("connector")));
    view! {
        <h1 class="page-title">"Log levels"</h1>
        <p class="hint">
            "The loggers of Connect's workers. A logger is worker-wide: raising one makes every tenant's connectors on those workers log more, so change it for as long as you need and set it back. "
            "Cluster scope reaches every worker through Connect's config topic; worker scope changes only the worker Sluice asks, until it restarts. Every change is audited."
        </p>
        <Show
            when=move || session.may_at_home(Permission::ReadLogLevels)
            fallback=|| view! { <ErrorNotice error=ApiError::new(ErrorCode::Forbidden, "Log levels are for support staff and admins: a logger serves every tenant on its workers.") /> }
        >
            <Loaded resource=clusters.resource() loading="Loading clusters…" view={
                let (asked, connector) = (asked.clone(), connector.clone());
                move |list: Vec<ClusterSummary>| view! { <ClusterChoice list=list asked=asked.clone() connector=connector.clone() /> }
            } />
        </Show>
    }
}

/// The cluster whose workers are shown (a choice when there are several).
#[component]
fn ClusterChoice(
    list: Vec<ClusterSummary>,
    asked: Option<String>,
    connector: Option<String>,
) -> impl IntoView {
    let Some(first) = list.first().map(|c| c.id.clone()) else {
        return view! { <div class="empty"><h3>"No Connect clusters configured"</h3></div> }
            .into_any();
    };
    let start = asked
        .clone()
        .filter(|a| list.iter().any(|c| &c.id == a))
        .unwrap_or(first);
    let chosen = RwSignal::new(start);
    // The connector's plugin is offered on the connector's own cluster only.
    let opened_for = asked.zip(connector);
    let picker = (list.len() > 1).then(|| {
        view! {
            <label class="log-cluster">"Cluster "
                <select data-testid="log-cluster" prop:value=move || chosen.get()
                    on:change=move |ev| chosen.set(event_target_value(&ev))>
                    {list.iter().map(|c| view! {
                        <option value=c.id.clone()>{format!("{} ({})", c.display_name, c.id)}</option>
                    }).collect_view()}
                </select>
            </label>
        }
    });
    view! {
        {picker}
        {move || {
            let cluster = chosen.get();
            let from = opened_for
                .clone()
                .filter(|(c, _)| *c == cluster)
                .map(|(_, name)| name);
            view! { <ClusterLoggers cluster=cluster from=from /> }
        }}
    }
    .into_any()
}

/// One cluster's loggers: the form, Connect's answer, the filter and the table.
#[component]
fn ClusterLoggers(cluster: String, from: Option<String>) -> impl IntoView {
    // Bumped to ask again; a bump after the page is gone does nothing.
    let asked = RwSignal::new(0u32);
    let loggers = LocalResource::new({
        let cluster = cluster.clone();
        move || {
            asked.track();
            let cluster = cluster.clone();
            async move { api::loggers(&cluster).await }
        }
    });
    let suggestions = LocalResource::new({
        let (cluster, from) = (cluster.clone(), from.clone());
        move || {
            let (cluster, from) = (cluster.clone(), from.clone());
            async move {
                let Some(name) = from else {
                    return Ok(Vec::new());
                };
                let d = api::connector(&cluster, &name).await?;
                Ok::<_, ApiError>(
                    d.connector_class
                        .map(|class| suggested_loggers(&class, d.connector_type))
                        .unwrap_or_default(),
                )
            }
        }
    });
    let set: SetLevel = Action::new_local({
        let cluster = cluster.clone();
        move |(logger, body): &Change| {
            let (cluster, logger, body) = (cluster.clone(), logger.clone(), body.clone());
            async move { api::set_logger_level(&cluster, &logger, &body).await }
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(changed)) = set.value().get() {
            asked.update(|n| *n += 1);
            if changed.scope == LoggerScope::Cluster {
                set_timeout(
                    move || {
                        asked.try_update(|n| *n += 1);
                    },
                    APPLIED_AFTER,
                );
            }
        }
    });
    let filter = RwSignal::new(String::new());
    view! {
        <section class="panel" data-testid="log-levels" data-cluster=cluster.clone()>
            <SetForm set=set suggestions=suggestions from=from.clone() />
            {move || set.value().get().map(|answer| match answer {
                Ok(changed) => answer_view(changed).into_any(),
                Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
            })}
        </section>
        <div class="filters">
            <label class="log-filter">"Filter "
                <input type="search" data-testid="logger-filter" placeholder="io.debezium, WorkerSinkTask…"
                    prop:value=move || filter.get() on:input=move |ev| filter.set(event_target_value(&ev)) />
            </label>
        </div>
        <Loaded resource=loggers loading="Asking the workers for their loggers…"
            view={move |list: Vec<LoggerInfo>| view! { <LoggerTable list=list filter=filter set=set /> }} />
    }
}

/// Any logger at any level and scope, with the connector's plugin offered (and filled in) when
/// the page was opened from a connector.
#[component]
fn SetForm(
    set: SetLevel,
    suggestions: LocalResource<Result<Vec<LoggerSuggestion>, ApiError>>,
    from: Option<String>,
) -> impl IntoView {
    let logger = RwSignal::new(String::new());
    let level = RwSignal::new(LogLevel::Debug.as_str().to_owned());
    let scope = RwSignal::new(LoggerScope::Cluster.as_str().to_owned());
    // The plugin's own package first: opened from a connector, one click sets it.
    Effect::new(move |_| {
        if let Some(Ok(list)) = suggestions.get()
            && let Some(first) = list.first()
            && logger.get_untracked().is_empty()
        {
            logger.set(first.logger.clone());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        set.dispatch((
            logger.get_untracked().trim().to_owned(),
            SetLoggerLevel {
                level: level.get_untracked(),
                scope: Some(scope.get_untracked()),
            },
        ));
    };
    let offered = move || {
        suggestions.get().map(|answer| match answer {
            Ok(list) if list.is_empty() => ().into_any(),
            Ok(list) => view! {
                <div class="log-suggestions" data-testid="logger-suggestions">
                    <span class="hint">{format!("For {}:", from.clone().unwrap_or_default())}</span>
                    {list.into_iter().map(|s| {
                        let name = s.logger.clone();
                        view! {
                            <button type="button" class="chip" title=s.why.clone() data-testid="logger-suggestion"
                                data-logger=s.logger.clone() on:click=move |_| logger.set(name.clone())>
                                {s.logger.clone()}
                            </button>
                        }
                    }).collect_view()}
                </div>
            }
            .into_any(),
            Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
        })
    };
    view! {
        <form class="form-row" on:submit=submit data-testid="logger-form">
            <label class="log-name">"Logger"
                <input required list="logger-names" autocomplete="off" spellcheck="false" data-testid="logger-name"
                    placeholder="io.debezium.connector.postgresql" prop:value=move || logger.get()
                    on:input=move |ev| logger.set(event_target_value(&ev)) />
            </label>
            <label>"Level"
                <select data-testid="logger-level" prop:value=move || level.get() on:change=move |ev| level.set(event_target_value(&ev))>
                    {level_options()}
                </select>
            </label>
            <label>"Scope"
                <select data-testid="logger-scope" prop:value=move || scope.get() on:change=move |ev| scope.set(event_target_value(&ev))>
                    <option value="cluster">"cluster (every worker)"</option>
                    <option value="worker">"worker (the one Sluice asks)"</option>
                </select>
            </label>
            <button type="submit" class="primary" data-testid="logger-set" disabled=move || set.pending().get()>"Set level"</button>
        </form>
        {offered}
    }
}

fn level_options() -> impl IntoView {
    LogLevel::ALL
        .into_iter()
        .map(|l| view! { <option value=l.as_str()>{l.as_str()}</option> })
        .collect_view()
}

/// What Connect answered to the last change.
fn answer_view(changed: LoggerChanged) -> impl IntoView {
    let was = changed
        .previous
        .as_deref()
        .map(|p| format!(" (was {p})"))
        .unwrap_or_default();
    let (headline, detail) = match changed.scope {
        LoggerScope::Cluster => (
            format!(
                "{} set to {} on every worker{was}",
                changed.logger, changed.level
            ),
            "Connect accepted the change; each worker applies it, to this logger and the loggers below it, as it reads the cluster's config topic.".to_owned(),
        ),
        LoggerScope::Worker => (
            format!(
                "{} set to {} on the worker Sluice asks{was}",
                changed.logger, changed.level
            ),
            match changed.affected.len() {
                0 => "Connect changed no logger: each already had that level.".to_owned(),
                n => format!("Connect changed {n} logger(s) on that worker:"),
            },
        ),
    };
    view! {
        <div class="notice notice-ok" role="status" data-testid="logger-answer" data-scope=changed.scope.as_str()>
            <strong>{headline}</strong>
            <span>{detail}</span>
            {(!changed.affected.is_empty()).then(|| view! {
                <ul class="log-affected" data-testid="logger-affected">
                    {changed.affected.iter().map(|l| view! { <li><code>{l.clone()}</code></li> }).collect_view()}
                </ul>
            })}
        </div>
    }
}

/// The loggers matching the filter, at most [`SHOWN`] of them.
#[component]
fn LoggerTable(list: Vec<LoggerInfo>, filter: RwSignal<String>, set: SetLevel) -> impl IntoView {
    let names: Vec<String> = list.iter().map(|l| l.name.clone()).collect();
    let total = list.len();
    let rows = move || {
        let needle = filter.get().trim().to_lowercase();
        let matching: Vec<LoggerInfo> = list
            .iter()
            .filter(|l| needle.is_empty() || l.name.to_lowercase().contains(&needle))
            .cloned()
            .collect();
        let count = matching.len();
        let more = count.saturating_sub(SHOWN);
        view! {
            <p class="hint" data-testid="logger-count">
                {if count == total { format!("{total} loggers") } else { format!("{count} of {total} loggers") }}
                {(more > 0).then(|| format!("; the first {SHOWN} shown, type to narrow"))}
            </p>
            <table class="connectors log-table" data-testid="logger-table">
                <thead><tr><th>"Logger"</th><th>"Level"</th><th>"Changed"</th><th></th></tr></thead>
                <tbody>
                    {matching.into_iter().take(SHOWN).map(|l| view! { <LoggerRow l=l set=set /> }).collect_view()}
                </tbody>
            </table>
            {(count == 0).then(|| view! { <div class="empty" data-testid="logger-none">"No logger matches; set one with the form above."</div> })}
        }
    };
    view! {
        <datalist id="logger-names">
            {names.into_iter().map(|n| view! { <option value=n /> }).collect_view()}
        </datalist>
        {rows}
    }
}

/// One logger: its level as a choice applied with a button (arrow keys in a select must not
/// fire a change per step), when it last changed, and a reset when that was recent.
#[component]
fn LoggerRow(l: LoggerInfo, set: SetLevel) -> impl IntoView {
    let chosen = RwSignal::new(l.level.clone());
    let current = l.level.clone();
    let unchanged = move || chosen.get() == current;
    let known = LogLevel::parse(&l.level).is_ok();
    let recent = l.changed_since((js_sys::Date::now() - RECENT_MS) as i64)
        && l.level != LogLevel::Info.as_str();
    let name = l.name.clone();
    let apply = {
        let name = name.clone();
        move |_| {
            set.dispatch((
                name.clone(),
                SetLoggerLevel {
                    level: chosen.get_untracked(),
                    scope: None,
                },
            ));
        }
    };
    let reset = {
        let name = name.clone();
        move |_| {
            set.dispatch((
                name.clone(),
                SetLoggerLevel {
                    level: LogLevel::Info.as_str().to_owned(),
                    scope: None,
                },
            ));
        }
    };
    let busy = set.pending();
    view! {
        <tr data-testid="logger-row" data-logger=l.name.clone() data-level=l.level.clone()>
            <td class="connector-name log-name-cell">{l.name.clone()}</td>
            <td class="log-level-cell">
                <select aria-label=format!("Level of {name}") data-testid="logger-row-level"
                    prop:value=move || chosen.get() on:change=move |ev| chosen.set(event_target_value(&ev))>
                    {(!known).then(|| view! { <option value=l.level.clone()>{l.level.clone()}</option> })}
                    {level_options()}
                </select>
                " "
                <button type="button" class="secondary small" data-testid="logger-apply"
                    disabled=move || unchanged() || busy.get() on:click=apply>"Apply"</button>
            </td>
            <td title=local_time(l.last_modified)>
                {live_ago_or(l.last_modified, "configured")}
            </td>
            <td>
                {recent.then(|| view! {
                    <button type="button" class="secondary small" data-testid="logger-reset"
                        title="Back to INFO at cluster scope" disabled=move || busy.get() on:click=reset>"Reset to INFO"</button>
                })}
            </td>
        </tr>
    }
}
