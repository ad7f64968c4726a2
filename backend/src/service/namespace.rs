//! A config checked against its tenant's namespace before Connect sees it: the connector
//! name (when it is new), every topic it names, its subscription pattern, its routers and
//! classes (`sluice_shared::tenancy`). Create, every edit, import and the wizard ask here.

use std::collections::BTreeMap;

use sluice_shared::ApiError;
use sluice_shared::policy::{Action, Resource};
use sluice_shared::tenancy::routing;

use crate::auth::Caller;
use crate::clusters::Cluster;
use crate::store::Tenant;

/// Every way `config` (and `name`, for a connector not created yet) leaves the tenant's
/// namespace, each at its field. The plugin list says whether routers matter (a source) or
/// not (a sink). Classes and client overrides are for admins to choose: an admin's config is
/// checked for its topics only. For an edit, `stored` is the config before it: client
/// overrides an admin set (the tenant's own principal, README) stay as they are without
/// refusing a tenant's edit.
pub async fn errors(
    caller: &Caller,
    cluster: &Cluster,
    tenant: &Tenant,
    new_name: Option<&str>,
    config: &BTreeMap<String, String>,
    stored: Option<&BTreeMap<String, String>>,
) -> Vec<ApiError> {
    let ns = tenant.namespace();
    let class = config.get("connector.class").map_or("", String::as_str);
    let direction = cluster.direction(class).await;
    // Who decides a tenant's allowed classes may use any class.
    let trusted = caller
        .principal
        .may(Action::ManageTenants, &Resource::Console);
    let kept_override = |e: &ApiError| {
        let key = e.field.as_deref().and_then(|f| f.strip_prefix("config."));
        key.is_some_and(|k| {
            routing::is_client_override(k) && stored.is_some_and(|s| s.get(k) == config.get(k))
        })
    };
    new_name
        .and_then(|n| ns.name_error(n))
        .into_iter()
        .chain(ns.config_errors(config, direction, trusted))
        .filter(|e| !kept_override(e))
        .collect()
}
