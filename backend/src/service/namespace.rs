//! A config checked against its tenant's namespace before Connect sees it: the connector
//! name (when it is new), every topic it names, its subscription pattern, its routers and
//! classes (`sluice_shared::tenancy`). Create, every edit, import and the wizard ask here.

use std::collections::BTreeMap;

use sluice_shared::ApiError;

use crate::clusters::Cluster;
use crate::store::Tenant;

/// Every way `config` (and `name`, for a connector not created yet) leaves the tenant's
/// namespace, each at its field. The plugin list says whether routers matter (a source) or
/// not (a sink).
pub async fn errors(
    cluster: &Cluster,
    tenant: &Tenant,
    new_name: Option<&str>,
    config: &BTreeMap<String, String>,
) -> Vec<ApiError> {
    let ns = tenant.namespace();
    let class = config.get("connector.class").map_or("", String::as_str);
    let direction = cluster.direction(class).await;
    new_name
        .and_then(|n| ns.name_error(n))
        .into_iter()
        .chain(ns.config_errors(config, direction))
        .collect()
}
