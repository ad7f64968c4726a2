//! Export and import of connector configs as one JSON document. Secrets travel as the redaction
//! sentinel (or as the `${provider:…}` reference they already were), never in plain text.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::bulk::ConnectorRef;
use crate::error::ApiError;
use crate::history::ConfigChange;

/// The format version written into every export.
pub const FORMAT: u32 = 1;

/// `POST /api/v1/export`: a selection, a tenant's connectors, or (empty) everything visible.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportRequest {
    #[serde(default)]
    pub connectors: Vec<ConnectorRef>,
    #[serde(default)]
    pub tenant: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportDocument {
    pub sluice_export: u32,
    pub exported_at_ms: i64,
    pub connectors: Vec<ExportedConnector>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedConnector {
    pub cluster_id: String,
    pub name: String,
    #[serde(default)]
    pub tenant: Option<String>,
    /// Secrets redacted.
    pub config: BTreeMap<String, String>,
}

impl ExportedConnector {
    /// The connector with its name inside its config too, where Connect keeps it: Connect's
    /// registration files (and hand-written documents) put it only beside the config.
    pub fn named(mut self) -> Self {
        self.config
            .entry("name".to_owned())
            .or_insert_with(|| self.name.clone());
        self
    }
}

/// Reads what a user imports: a Sluice export, or Connect registration files (the
/// `{"name", "config"}` body Connect's own tutorials use, one or a list) for `cluster`.
pub fn read_document(text: &str, cluster: &str) -> Result<ExportDocument, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    if value.get("sluice_export").is_some() {
        return serde_json::from_value(value).map_err(|e| format!("not a Sluice export: {e}"));
    }
    let files = match value {
        serde_json::Value::Array(files) => files,
        one => vec![one],
    };
    let connectors = files
        .iter()
        .enumerate()
        .map(|(i, file)| {
            let (name, config) = crate::templates::parse_config_json(&file.to_string())
                .map_err(|e| format!("registration file {}: {e}", i + 1))?;
            let name = name
                .ok_or_else(|| format!("registration file {}: no `name` beside `config`", i + 1))?;
            Ok(ExportedConnector {
                cluster_id: cluster.to_owned(),
                name,
                tenant: None,
                config,
            }
            .named())
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(ExportDocument {
        sluice_export: FORMAT,
        exported_at_ms: 0,
        connectors,
    })
}

/// What importing one connector would do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportAction {
    Create,
    Update,
    Unchanged,
    /// Refused: see the errors.
    Invalid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportItem {
    pub cluster_id: String,
    pub name: String,
    pub action: ImportAction,
    /// For updates: what would change (redacted).
    pub changes: Vec<ConfigChange>,
    /// Every reason this connector cannot be imported, Connect's validation included.
    pub errors: Vec<ApiError>,
    /// Debezium 1.x keys in the config, with what the installed version wants instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy: Option<crate::legacy::LegacyReport>,
}

/// `POST /api/v1/import/plan`: the dry run, one item per connector of the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPlan {
    pub items: Vec<ImportItem>,
}

impl ImportPlan {
    /// How many connectors each action would touch: (create, update, unchanged, invalid).
    pub fn tally(&self) -> (usize, usize, usize, usize) {
        let count = |a| self.items.iter().filter(|i| i.action == a).count();
        (
            count(ImportAction::Create),
            count(ImportAction::Update),
            count(ImportAction::Unchanged),
            count(ImportAction::Invalid),
        )
    }
}

/// `POST /api/v1/import/apply`: one connector at a time, so the UI can show progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportApplied {
    pub cluster_id: String,
    pub name: String,
    pub action: ImportAction,
}

/// Checks a parsed document before anything is asked of Connect.
pub fn document_errors(doc: &ExportDocument) -> Vec<(String, String)> {
    let mut errors = Vec::new();
    if doc.sluice_export != FORMAT {
        errors.push((
            "sluice_export".to_owned(),
            format!(
                "this Sluice reads export format {FORMAT}, not {}",
                doc.sluice_export
            ),
        ));
    }
    if doc.connectors.is_empty() {
        errors.push((
            "connectors".to_owned(),
            "the document has no connectors".to_owned(),
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    for (i, c) in doc.connectors.iter().enumerate() {
        if !seen.insert((&c.cluster_id, &c.name)) {
            errors.push((
                format!("connectors[{i}].name"),
                format!("`{}` appears twice for cluster `{}`", c.name, c.cluster_id),
            ));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registration_files_are_read_for_the_chosen_cluster() {
        // Debezium's tutorial file: the name beside the config, numbers as numbers.
        let file = r#"{"name": "inventory-connector", "config": {
            "connector.class": "io.debezium.connector.mysql.MySqlConnector",
            "tasks.max": "1", "database.port": 3306, "database.server.name": "dbserver1"}}"#;
        let doc = read_document(file, "w1").expect("one registration file");
        assert_eq!(doc.connectors.len(), 1);
        let c = &doc.connectors[0];
        assert_eq!(
            (c.cluster_id.as_str(), c.name.as_str()),
            ("w1", "inventory-connector")
        );
        assert_eq!(c.config["database.port"], "3306");
        assert_eq!(c.config["name"], "inventory-connector", "named inside too");
        let two = read_document(&format!("[{file}, {file}]"), "w2").expect("a list");
        assert_eq!(two.connectors.len(), 2);
        assert!(document_errors(&two)[0].1.contains("twice"));
        assert!(
            read_document(r#"{"config": {"connector.class": "x"}}"#, "w1")
                .unwrap_err()
                .contains("no `name`")
        );
        let export = serde_json::to_string(&doc).expect("json");
        assert_eq!(read_document(&export, "other").expect("an export"), doc);
    }

    fn doc(names: &[&str]) -> ExportDocument {
        ExportDocument {
            sluice_export: FORMAT,
            exported_at_ms: 0,
            connectors: names
                .iter()
                .map(|n| ExportedConnector {
                    cluster_id: "c".into(),
                    name: (*n).into(),
                    tenant: None,
                    config: BTreeMap::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn documents_need_the_format_connectors_and_unique_names() {
        assert!(document_errors(&doc(&["a", "b"])).is_empty());
        assert_eq!(document_errors(&doc(&[]))[0].0, "connectors");
        assert_eq!(
            document_errors(&doc(&["a", "a"]))[0].0,
            "connectors[1].name"
        );
        let mut old = doc(&["a"]);
        old.sluice_export = 7;
        assert_eq!(document_errors(&old)[0].0, "sluice_export");
    }

    #[test]
    fn a_document_round_trips_as_json() {
        let d = doc(&["a"]);
        let text = serde_json::to_string(&d).unwrap();
        assert!(text.contains("\"sluice_export\":1"));
        assert_eq!(serde_json::from_str::<ExportDocument>(&text).unwrap(), d);
    }
}
