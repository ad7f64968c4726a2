//! Installed plugins and their config definitions, for the config form (and the wizard).
//! Definitions hold no secrets: PASSWORD keys have no default value to show, and the
//! recommended values come from validating a config that names only the plugin.

use axum::Json;
use axum::extract::State;
use sluice_shared::{ConfigKeyInfo, PluginInfo};

use crate::api::extract::Path;
use crate::api::path::ClusterPath;
use crate::api::routes::Routes;
use crate::auth::Caller;
use crate::error::AppError;
use crate::service::plugins;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::default()
        .get("/clusters/{cluster}/plugins", plugins)
        .get("/clusters/{cluster}/plugins/{class}/config", plugin_config)
}

#[derive(serde::Deserialize)]
struct ClassPath {
    class: String,
}

async fn plugins(
    State(state): State<AppState>,
    _caller: Caller,
    ClusterPath(cluster): ClusterPath,
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
    ClusterPath(cluster): ClusterPath,
    Path(ClassPath { class }): Path<ClassPath>,
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
    // Kept per class: the config tab of a hung Connect gets its form at once too.
    let read = plugins::definitions(cluster, &class);
    Ok(Json(
        cluster.pages.definitions.read(&class, read).await?.value,
    ))
}
