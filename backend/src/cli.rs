//! `sluice connectors …`: the scripting CLI. It talks to Sluice's API with an API key (never
//! to Connect directly), so scripts get the same tenant rules, rate limits and audit trail.

use std::process::ExitCode;

use clap::Subcommand;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use sluice_shared::{
    ApiError, ClusterConnectors, ClusterSummary, ConnectorStatus, CreateConnector, RedactedConfig,
    RestartResult,
};

#[derive(Debug, Subcommand)]
pub enum ConnectorsCommand {
    /// List the connectors you may see, with state and tasks.
    List,
    /// Show one connector's status, with its tasks and any trace.
    Status { name: String },
    /// Create a connector from a JSON file: `{"name": …, "config": {…}}` (Connect's format).
    Create {
        /// The JSON file (`-` reads standard input).
        #[arg(short = 'f', long = "file")]
        file: String,
        /// Owning tenant (admin keys; operator keys use their own).
        #[arg(long)]
        tenant: Option<String>,
        /// Create it PAUSED or STOPPED instead of RUNNING.
        #[arg(long, value_parser = ["RUNNING", "PAUSED", "STOPPED"])]
        initial_state: Option<String>,
    },
    /// Delete a connector.
    Delete { name: String },
    /// Restart a connector and its tasks (KIP-745), in one call.
    Restart {
        name: String,
        /// Restart only the instances that FAILED.
        #[arg(long, conflicts_with = "connector_only")]
        only_failed: bool,
        /// Restart the connector instance but not its tasks.
        #[arg(long)]
        connector_only: bool,
    },
}

/// Where and as whom the CLI calls the API.
pub struct Target {
    pub url: String,
    pub api_key: String,
    pub cluster: Option<String>,
    pub json: bool,
}

pub async fn run(target: Target, command: ConnectorsCommand) -> ExitCode {
    match execute(&target, command).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sluice: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn execute(t: &Target, command: ConnectorsCommand) -> Result<(), String> {
    let http = reqwest::Client::new();
    let cluster = match &t.cluster {
        Some(c) => c.clone(),
        None => only_cluster(&http, t).await?,
    };
    match command {
        ConnectorsCommand::List => {
            let list: ClusterConnectors = call(
                &http,
                t,
                reqwest::Method::GET,
                &format!("/api/v1/clusters/{cluster}/connectors"),
            )
            .await?;
            if t.json {
                print_json(&list.connectors);
            } else {
                println!(
                    "{:<40} {:<10} {:>7}  {:<6}  PLUGIN",
                    "NAME", "STATE", "TASKS", "TYPE"
                );
                for c in &list.connectors {
                    let state = if c.is_degraded() {
                        "DEGRADED".to_owned()
                    } else {
                        c.state.to_string()
                    };
                    let tasks = format!("{}/{}", c.tasks_running(), c.tasks.len());
                    let kind = format!("{:?}", c.connector_type).to_lowercase();
                    println!(
                        "{:<40} {:<10} {:>7}  {:<6}  {}",
                        c.name,
                        state,
                        tasks,
                        kind,
                        c.short_class().unwrap_or("-")
                    );
                }
            }
        }
        ConnectorsCommand::Status { name } => {
            let status: ConnectorStatus = call(
                &http,
                t,
                reqwest::Method::GET,
                &format!("/api/v1/clusters/{cluster}/connectors/{name}/status"),
            )
            .await?;
            if t.json {
                print_json(&status);
            } else {
                println!(
                    "{}  {}  on {}",
                    status.name, status.connector.state, status.connector.worker_id
                );
                for task in &status.tasks {
                    println!("  task {}  {}  on {}", task.id, task.state, task.worker_id);
                    if let Some(trace) = &task.trace {
                        println!("    {}", sluice_shared::stack_trace::summary_line(trace));
                    }
                }
            }
        }
        ConnectorsCommand::Create {
            file,
            tenant,
            initial_state,
        } => {
            let text = if file == "-" {
                std::io::read_to_string(std::io::stdin())
                    .map_err(|e| format!("reading standard input: {e}"))?
            } else {
                std::fs::read_to_string(&file).map_err(|e| format!("reading {file}: {e}"))?
            };
            #[derive(serde::Deserialize)]
            struct ConnectFormat {
                name: String,
                config: std::collections::BTreeMap<String, String>,
            }
            let spec: ConnectFormat = serde_json::from_str(&text)
                .map_err(|e| format!("{file} is not {{\"name\", \"config\"}} JSON: {e}"))?;
            let body = CreateConnector {
                name: spec.name.clone(),
                config: spec.config,
                initial_state,
                tenant,
            };
            let path = format!("/api/v1/clusters/{cluster}/connectors");
            let created: RedactedConfig =
                send(&http, t, reqwest::Method::POST, &path, Some(&body)).await?;
            if t.json {
                print_json(&created);
            } else {
                println!(
                    "created {} ({} secret value(s) stored, not shown)",
                    spec.name,
                    created.redacted_keys.len()
                );
            }
        }
        ConnectorsCommand::Delete { name } => {
            let path = format!("/api/v1/clusters/{cluster}/connectors/{name}");
            request(&http, t, reqwest::Method::DELETE, &path, None::<&()>).await?;
            println!("deleted {name}");
        }
        ConnectorsCommand::Restart {
            name,
            only_failed,
            connector_only,
        } => {
            let include_tasks = !connector_only;
            let path = format!(
                "/api/v1/clusters/{cluster}/connectors/{name}/restart?include_tasks={include_tasks}&only_failed={only_failed}"
            );
            let result: RestartResult = call(&http, t, reqwest::Method::POST, &path).await?;
            if t.json {
                print_json(&result);
            } else {
                let restarting = result.status.as_ref().map_or(0, |s| {
                    s.tasks
                        .iter()
                        .filter(|t| t.state == sluice_shared::ConnectorState::Restarting)
                        .count()
                });
                println!("restart requested for {name}: {restarting} task(s) restarting");
            }
        }
    }
    Ok(())
}

async fn only_cluster(http: &reqwest::Client, t: &Target) -> Result<String, String> {
    let clusters: Vec<ClusterSummary> =
        call(http, t, reqwest::Method::GET, "/api/v1/clusters").await?;
    match clusters.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => Err("no clusters are configured".into()),
        many => Err(format!(
            "several clusters ({}): choose one with --cluster",
            many.iter()
                .map(|c| c.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

async fn call<T: DeserializeOwned>(
    http: &reqwest::Client,
    t: &Target,
    method: reqwest::Method,
    path: &str,
) -> Result<T, String> {
    send(http, t, method, path, None::<&()>).await
}

async fn send<T: DeserializeOwned>(
    http: &reqwest::Client,
    t: &Target,
    method: reqwest::Method,
    path: &str,
    body: Option<&impl serde::Serialize>,
) -> Result<T, String> {
    request(http, t, method, path, body)
        .await?
        .json()
        .await
        .map_err(|e| format!("unreadable answer: {e}"))
}

/// Sends a request with the API key; a non-success answer becomes its error message.
async fn request(
    http: &reqwest::Client,
    t: &Target,
    method: reqwest::Method,
    path: &str,
    body: Option<&impl serde::Serialize>,
) -> Result<reqwest::Response, String> {
    let url = format!("{}{path}", t.url.trim_end_matches('/'));
    let mut builder = http.request(method, &url).bearer_auth(&t.api_key);
    if let Some(body) = body {
        builder = builder.json(body);
    }
    let response = builder
        .send()
        .await
        .map_err(|e| format!("cannot reach Sluice at {}: {e}", t.url))?;
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    Err(match response.json::<ApiError>().await {
        Ok(e) if status == StatusCode::UNAUTHORIZED => {
            format!("{} (check SLUICE_API_KEY)", e.message)
        }
        Ok(e) => e.to_string(),
        Err(_) => format!("Sluice answered HTTP {status}"),
    })
}

fn print_json<T: serde::Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(s) => println!("{s}"),
        Err(e) => eprintln!("sluice: {e}"),
    }
}
