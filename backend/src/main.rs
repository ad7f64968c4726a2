//! `sluice`: the console server (and, in time, its scripting CLI).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sluice_backend::config::Config;
use sluice_backend::{app, telemetry};

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
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::load(cli.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("sluice: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.log_format);
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => app::serve(config).await,
        // Builds every cluster client (reading secret files and certificates) without
        // touching the database.
        Command::CheckConfig => sluice_backend::clusters::Clusters::from_config(&config)
            .map(|_| println!("configuration is valid"))
            .map_err(Into::into),
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
