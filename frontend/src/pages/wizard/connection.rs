//! Step 2: where the database is and how to sign in, the connector's name and topic prefix,
//! and the preflight: the backend connects for real and reports each check with a fix hint.

use leptos::prelude::*;
use sluice_shared::catalog::split_list;
use sluice_shared::preflight::CheckStatus;
use sluice_shared::templates::{DEFAULT_PUBLICATION, Kind, topic_names};

use super::fields::{
    AnswerInput, AnswerSelect, CONNECTION_FIELDS, FieldError, NameInput, first_error,
};
use super::nav::StepNav;
use super::state::Wizard;
use crate::components::{CodeText, ErrorNotice};

#[component]
pub fn ConnectionStep(w: Wizard) -> impl IntoView {
    let kind = w.kind().unwrap_or(Kind::Postgres);
    let running = w.preflight.pending();
    let run = move || {
        w.preflight.dispatch(w.probe(kind));
    };
    let blocked = Signal::derive(move || {
        if let Some(e) = first_error(w, CONNECTION_FIELDS) {
            return Some(e);
        }
        if kind == Kind::JdbcSink {
            return None;
        }
        match w.preflight.value().get() {
            None => Some("Run the preflight first".to_owned()),
            Some(Err(_)) => Some("The preflight could not run".to_owned()),
            Some(Ok(r)) if !r.passed() && !w.accept_failed.get() => {
                Some("A preflight check failed".to_owned())
            }
            Some(Ok(_)) => None,
        }
    });
    let default_port = kind.default_port().to_string();
    let fields = match kind {
        Kind::MongoDb => view! {
            <AnswerInput w=w label="Connection string" field="connection_string" input_type="password"
                get=|a| a.connection_string.clone() set=|a, v| a.connection_string = v
                placeholder="mongodb://user:password@host:27017/?replicaSet=rs0".into()
                help="Holds the credentials, so it is masked like a password." />
        }.into_any(),
        Kind::JdbcSink => view! {
            <AnswerInput w=w label="JDBC URL" field="jdbc_url" get=|a| a.jdbc_url.clone() set=|a, v| a.jdbc_url = v
                placeholder="jdbc:postgresql://host:5432/warehouse".into() />
            <AnswerInput w=w label="User" field="user" get=|a| a.user.clone() set=|a, v| a.user = v />
            <AnswerInput w=w label="Password" field="password" input_type="password" get=|a| a.password.clone() set=|a, v| a.password = v
                help="Or a config provider reference such as ${file:/secrets/db.properties:password}." />
            <AnswerInput w=w label="Topics to write" field="topics" get=|a| a.topics.join(", ") set=|a, v| a.topics = split_list(&v)
                help="Comma-separated; usually the topics a Debezium source produces." />
        }.into_any(),
        _ => view! {
            <div class="form-grid">
                <AnswerInput w=w label="Host" field="host" get=|a| a.host.clone() set=|a, v| a.host = v.trim().to_owned()
                    placeholder="db.internal".into() />
                <AnswerInput w=w label="Port" field="port" get=|a| a.port.map(|p| p.to_string()).unwrap_or_default()
                    set=|a, v| a.port = v.trim().parse().ok() placeholder=default_port />
                <AnswerInput w=w label="Database" field="database" get=|a| a.database.clone() set=|a, v| a.database = v.trim().to_owned() />
                {(kind == Kind::Oracle).then(|| view! {
                    <AnswerInput w=w label="Pluggable database (PDB)" field="pdb" get=|a| a.pdb.clone() set=|a, v| a.pdb = v />
                })}
                <AnswerInput w=w label="User" field="user" get=|a| a.user.clone() set=|a, v| a.user = v.trim().to_owned() />
                <AnswerInput w=w label="Password" field="password" input_type="password" get=|a| a.password.clone() set=|a, v| a.password = v
                    help="Stored only in the connector's config on Connect; shown nowhere after this." />
                <AnswerSelect w=w label="TLS" field="tls_mode" get=|a| a.tls_mode.clone() set=|a, v| a.tls_mode = v
                    options=&[("", "Connector default"), ("disable", "Off"), ("prefer", "Prefer (use TLS when the server offers it)"),
                        ("require", "Require (no certificate check)"), ("verify-ca", "Verify the CA"), ("verify-full", "Verify the CA and host name")]
                    help="Certificates and trust stores are worker settings: set them in JSON at review if needed." />
            </div>
        }.into_any(),
    };
    view! {
        <form class="panel wizard-panel" data-testid="wizard-connection"
            on:submit=move |e| { e.prevent_default(); if blocked.get_untracked().is_none() { w.next() } }>
            <h2>{format!("{} connection", kind.label())}</h2>
            {fields}
            <h3>"Naming"</h3>
            <div class="form-grid">
                <NameInput w=w />
                {kind.is_source().then(|| view! {
                    <div class="wizard-field">
                        <label><span class="field-label">"Topic prefix"</span>
                            <input type="text" data-testid="answer-topic_prefix" prop:value=move || w.answers.with(|a| a.topic_prefix.clone())
                                on:input=move |e| { let v = event_target_value(&e); w.answers.update(|a| a.topic_prefix = v); w.prefix_edited.set(true); w.connection_changed(); } />
                        </label>
                        <p class="field-doc" data-testid="topic-names">{move || {
                            let text = w.answers.with(|a| topic_names(kind, &a.topic_prefix));
                            view! { <CodeText text=text /> }
                        }}</p>
                        <FieldError w=w field="topic_prefix" />
                    </div>
                })}
                {(kind == Kind::Postgres).then(|| view! {
                    <AnswerInput w=w label="Publication" field="publication_name" get=|a| a.publication_name.clone()
                        set=|a, v| a.publication_name = v.trim().to_owned() placeholder=DEFAULT_PUBLICATION.into()
                        help="pgoutput streams only the tables in this publication." />
                    <AnswerSelect w=w label="Publication handling" field="publication_autocreate"
                        get=|a| a.publication_autocreate.clone() set=|a, v| a.publication_autocreate = v
                        options=&[("", "Create or update it for the captured tables (filtered)"),
                            ("disabled", "Use the existing publication as is (disabled)"),
                            ("all_tables", "Create it for all tables (all_tables, needs a superuser)")]
                        help="Filtered needs ownership of the tables; a DBA-made publication is used as is." />
                })}
                {kind.needs_server_id().then(|| view! {
                    <AnswerInput w=w label="Server id" field="server_id" get=|a| a.server_id.map(|i| i.to_string()).unwrap_or_default()
                        set=|a, v| a.server_id = v.trim().parse().ok()
                        help="Unique among every MySQL/MariaDB server and connector reading this binlog; the suggestion is free on this cluster." />
                })}
                {kind.has_schema_history().then(|| view! {
                    <AnswerInput w=w label="Kafka for the schema history" field="kafka_bootstrap" get=|a| a.kafka_bootstrap.clone()
                        set=|a, v| a.kafka_bootstrap = v.trim().to_owned() placeholder="kafka-1:9092,kafka-2:9092".into()
                        help="The connector keeps the database's DDL history in a topic; the workers' Kafka, as they reach it." />
                })}
            </div>
            {(kind != Kind::JdbcSink).then(|| view! {
                <div class="preflight" data-testid="preflight">
                    <div class="panel-head">
                        <h3>"Preflight"</h3>
                        <button type="button" class="secondary" data-testid="preflight-run"
                            disabled=move || running.get() || first_error(w, &["host", "port", "database", "user", "password", "connection_string", "tls_mode"]).is_some()
                            on:click=move |_| run()>
                            {move || if running.get() { "Checking…" } else { "Run preflight" }}
                        </button>
                    </div>
                    <p class="hint">"Sluice connects with these credentials and checks what the connector will need. Nothing is changed in the database."</p>
                    <PreflightResult w=w />
                </div>
            })}
            <StepNav w=w blocked=blocked />
        </form>
    }
}

#[component]
fn PreflightResult(w: Wizard) -> impl IntoView {
    move || match w.preflight.value().get() {
        None => ().into_any(),
        Some(Err(e)) => view! { <ErrorNotice error=e /> }.into_any(),
        Some(Ok(report)) => {
            let failed = !report.passed();
            view! {
                <ul class="checks" data-testid="preflight-checks">
                    {report.checks.into_iter().map(|c| {
                        let (class, mark) = match c.status {
                            CheckStatus::Pass => ("check check-pass", "✓"),
                            CheckStatus::Warn => ("check check-warn", "!"),
                            CheckStatus::Fail => ("check check-fail", "✗"),
                            CheckStatus::NotChecked => ("check check-skip", "–"),
                        };
                        let status = format!("{:?}", c.status).to_lowercase();
                        view! {
                            <li class=class data-check=c.id.clone() data-status=status>
                                <span class="check-mark" aria-hidden="true">{mark}</span>
                                <span class="check-label">{c.label.clone()}</span>
                                <span class="check-detail"><CodeText text=c.detail.clone() /></span>
                                {c.hint.clone().map(|h| view! { <span class="check-hint" data-testid="check-hint"><CodeText text=h /></span> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {failed.then(|| view! {
                    <label class="toggle"><input type="checkbox" data-testid="preflight-accept" prop:checked=move || w.accept_failed.get()
                        on:change=move |e| w.accept_failed.set(event_target_checked(&e)) />
                        " Continue anyway: I will fix this before the connector starts (create it stopped or paused at review)"</label>
                })}
            }.into_any()
        }
    }
}
