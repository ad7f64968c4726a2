//! `sluice`: the console server, and a CLI for scripts that calls its API.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sluice_backend::cli::{self, ConnectorsCommand};
use sluice_backend::settings::Settings;
use sluice_backend::{app, telemetry};

/// jemalloc, returning freed memory from a background thread (settings in
/// `.cargo/config.toml`): glibc's malloc kept three times the fleet's live data resident.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[derive(Parser)]
#[command(
    name = "sluice",
    version,
    about = "Web console for Kafka Connect and Debezium"
)]
struct Cli {
    /// TOML configuration file (default: ./sluice.toml if present).
    #[arg(long, short, env = "SLUICE_CONFIG", global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the console (the default).
    Serve,
    /// Load and check the configuration, then exit.
    CheckConfig,
    /// Manage connectors through a running Sluice (needs an API key).
    Connectors {
        /// Sluice's base URL.
        #[arg(long, env = "SLUICE_URL", default_value = "http://127.0.0.1:8080")]
        url: String,
        /// API key (`slk_…`), created in the UI or through the API.
        #[arg(long, env = "SLUICE_API_KEY", hide_env_values = true)]
        api_key: String,
        /// Cluster id; optional when Sluice manages only one.
        #[arg(long)]
        cluster: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        #[command(subcommand)]
        command: ConnectorsCommand,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Serve);
    if let Command::Connectors {
        url,
        api_key,
        cluster,
        json,
        command,
    } = command
    {
        return cli::run(
            cli::Target {
                url,
                api_key,
                cluster,
                json,
            },
            command,
        )
        .await;
    }
    let config = match Settings::load(cli.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("sluice: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.log_format);
    let result = match command {
        Command::Serve => app::serve(config).await,
        // Builds every cluster client (reading secret files and certificates) without
        // touching the database.
        Command::CheckConfig => sluice_backend::clusters::Clusters::from_config(&config)
            .map(|_| println!("configuration is valid"))
            .map_err(Into::into),
        Command::Connectors { .. } => Ok(()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "sluice stopped");
            eprintln!("sluice: {e:#}");
            ExitCode::FAILURE
        }
    }
}
