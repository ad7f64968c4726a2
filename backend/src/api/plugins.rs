//! Installed plugins and their config definitions, for the config form (and the wizard).
//! Definitions hold no secrets: PASSWORD keys have no default value to show.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use sluice_shared::{ConfigKeyInfo, PluginInfo};

use crate::app::AppState;
use crate::auth::Caller;
use crate::error::AppError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/clusters/{cluster}/plugins", get(plugins))
        .route(
            "/clusters/{cluster}/plugins/{class}/config",
            get(plugin_config),
        )
}

async fn plugins(
    State(state): State<AppState>,
    _caller: Caller,
    Path(cluster): Path<String>,
) -> Result<Json<Vec<PluginInfo>>, AppError> {
    let cluster = state.clusters.get(&cluster)?;
    let plugins = cluster
        .client
        .plugins(true)
        .await
        .map_err(AppError::connect(&cluster.id))?;
    Ok(Json(plugins))
}

async fn plugin_config(
    State(state): State<AppState>,
    _caller: Caller,
    Path((cluster, class)): Path<(String, String)>,
) -> Result<Json<Vec<ConfigKeyInfo>>, AppError> {
    let cluster = state.clusters.get(&cluster)?;
    if class.is_empty()
        || class.len() > 300
        || !class
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._$-".contains(c))
    {
        return Err(AppError::Invalid {
            field: "class",
            message: "a Java class name such as io.debezium.connector.postgresql.PostgresConnector"
                .into(),
        });
    }
    let defs = cluster
        .client
        .plugin_config(&class)
        .await
        .map_err(AppError::connect(&cluster.id))?;
    Ok(Json(defs))
}
