//! Which connectors are selected for a bulk action or an export: keyed by cluster and name.

use std::collections::BTreeSet;

use leptos::prelude::*;
use sluice_shared::bulk::ConnectorRef;
use sluice_shared::fleet::FleetEntry;

/// A connector's cluster and name.
pub type Key = (String, String);

pub type Selection = RwSignal<BTreeSet<Key>>;

pub fn key_of(e: &FleetEntry) -> Key {
    (e.cluster_id.clone(), e.connector.name.clone())
}

/// The selected connectors, as the API names them.
pub fn refs(selected: Selection) -> Vec<ConnectorRef> {
    selected.with_untracked(|s| s.iter().map(connector_ref).collect())
}

pub fn connector_ref((cluster, name): &Key) -> ConnectorRef {
    ConnectorRef {
        cluster_id: cluster.clone(),
        name: name.clone(),
    }
}
