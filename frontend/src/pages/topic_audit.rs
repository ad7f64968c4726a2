//! The topic audit: per cluster, the topics around each pipeline (schema history, dead-letter
//! queues, data, heartbeats) and every setting that departs from the recommended layout, errors
//! first, each with why it matters and the command that fixes it.

use leptos::prelude::*;
use leptos_router::components::A;
use sluice_shared::ClusterSummary;
use sluice_shared::topic_audit::{AuditedTopic, Finding, Severity, TopicAuditReport, TopicRole};

use crate::api;
use crate::clusters::Clusters;
use crate::components::{CopyButton, KafkaNotice, Loaded};
use crate::routes::Page;

#[component]
pub fn TopicAuditPage() -> impl IntoView {
    let clusters = Clusters::get();
    view! {
        <h1 class="page-title">"Topic audit"</h1>
        <p class="hint">"Schema history, dead-letter, data and heartbeat topics of the connectors you can see, checked against the recommended layout. "
            <code>"<bootstrap>"</code> " in a fix stands for your brokers."</p>
        <Loaded resource=clusters.resource() loading="Loading clusters…" view={|list: Vec<ClusterSummary>| {
            if list.is_empty() {
                return view! { <div class="empty"><h3>"No Connect clusters configured"</h3></div> }.into_any();
            }
            list.into_iter().map(|c| view! { <ClusterAudit cluster=c /> }).collect_view().into_any()
        }} />
    }
}

#[component]
fn ClusterAudit(cluster: ClusterSummary) -> impl IntoView {
    let id = cluster.id.clone();
    let for_report = id.clone();
    let report = LocalResource::new({
        let id = id.clone();
        move || {
            let id = id.clone();
            async move { api::topic_audit(&id).await }
        }
    });
    view! {
        <section class="cluster" data-testid="audit-cluster" data-cluster=id.clone()>
            <header class="cluster-head">
                <div>
                    <h2>{cluster.display_name.clone()}</h2>
                    <span class="cluster-id">{id.clone()}</span>
                </div>
                <button type="button" class="secondary small" data-testid="audit-again" on:click=move |_| report.refetch()>"Check again"</button>
            </header>
            <Loaded resource=report loading="Reading topic settings from Kafka…" view=move |r| report_view(for_report.clone(), r) />
        </section>
    }
}

fn report_view(cluster: String, r: TopicAuditReport) -> impl IntoView {
    let TopicAuditReport {
        kafka,
        topics,
        mut findings,
    } = r;
    // Errors first whatever order the server used; stable, so its topic order stays.
    findings.sort_by_key(|f| f.severity);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    let verdict = if topics.is_empty() {
        view! {
            <div class="empty" data-testid="audit-no-topics">
                <h3>"No pipeline topics to check"</h3>
                <p>"None of the connectors you can see names a schema history, dead-letter or heartbeat topic, or writes data topics yet."</p>
            </div>
        }
        .into_any()
    } else if findings.is_empty() {
        view! {
            <div class="notice notice-ok" role="status" data-testid="audit-clean">
                <strong>{format!("All {} topics follow the recommended layout", topics.len())}</strong>
                <span>"Schema history compacted never and kept for ever in one partition, dead-letter queues trimmed but not too soon, data topics compacted."</span>
            </div>
        }
        .into_any()
    } else {
        view! {
            <p class="audit-counts" data-testid="audit-counts">
                {(errors > 0).then(|| view! { <span class="chip chip-failed">{format!("{errors} error(s)")}</span> " " })}
                {(warnings > 0).then(|| view! { <span class="chip chip-paused">{format!("{warnings} warning(s)")}</span> })}
            </p>
            <ul class="findings">{findings.into_iter().map(finding).collect_view()}</ul>
        }
        .into_any()
    };
    view! {
        <KafkaNotice state=kafka />
        {verdict}
        {(!topics.is_empty()).then(|| topic_table(cluster, topics))}
    }
}

fn role_name(role: TopicRole) -> &'static str {
    match role {
        TopicRole::SchemaHistory => "schema history",
        TopicRole::DeadLetter => "dead-letter queue",
        TopicRole::Data => "data",
        TopicRole::Heartbeat => "heartbeat",
    }
}

fn finding(f: Finding) -> impl IntoView {
    let (class, label) = match f.severity {
        Severity::Error => ("badge badge-failed", "error"),
        Severity::Warning => ("badge badge-paused", "warning"),
    };
    view! {
        <li class="finding" data-testid="topic-finding" data-severity=label data-topic=f.topic.clone() data-setting=f.setting.clone()>
            <div class="finding-head">
                <span class=class>{label}</span>
                <code class="connector-name">{f.topic.clone()}</code>
                <span><code>{f.setting.clone()}</code>" is " <code data-testid="finding-current">{f.current.clone()}</code>
                    ", recommended " <code data-testid="finding-expected">{f.expected.clone()}</code></span>
            </div>
            <p class="finding-reason">{f.reason.clone()}</p>
            <div class="finding-fix">
                <pre class="json" data-testid="finding-fix">{f.fix.clone()}</pre>
                <CopyButton text=f.fix.clone() label="Copy command" />
            </div>
        </li>
    }
}

fn topic_table(cluster: String, topics: Vec<AuditedTopic>) -> impl IntoView {
    view! {
        <div class="audited-topics">
            <h3>{format!("{} topics checked", topics.len())}</h3>
            <table class="connectors" data-testid="audited-topics">
                <thead><tr><th>"Topic"</th><th>"Role"</th><th>"Connector"</th><th class="num">"Partitions"</th><th class="num">"Replication"</th></tr></thead>
                <tbody>
                    {topics.into_iter().map(|t| {
                        let href = Page::Connector { cluster: cluster.clone(), name: t.connector.clone() }.href();
                        let missing = t.partitions.is_none();
                        let label = t.connector.clone();
                        view! {
                            <tr data-testid="audited-topic" data-topic=t.name.clone() data-role=role_name(t.role)>
                                <td><code>{t.name.clone()}</code></td>
                                <td>{role_name(t.role)}</td>
                                <td class="connector-name"><A href=href>{label}</A></td>
                                {if missing {
                                    view! { <td class="hint" colspan="2">"not created yet"</td> }.into_any()
                                } else {
                                    view! {
                                        <td class="num">{t.partitions.map(|p| p.to_string())}</td>
                                        <td class="num">{t.replication_factor.map(|r| r.to_string())}</td>
                                    }.into_any()
                                }}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
