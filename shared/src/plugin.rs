//! Installed plugins and their configuration definitions, as Connect describes them.

use serde::{Deserialize, Serialize};

/// One entry of `GET /connector-plugins`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PluginInfo {
    pub class: String,
    /// `source`, `sink`, `converter`, `header_converter`, `transformation`, `predicate`.
    #[serde(rename = "type")]
    pub plugin_type: String,
    /// Omitted by Connect when the plugin does not define one.
    #[serde(default)]
    pub version: Option<String>,
}

/// The definition of one config key (`ConfigKeyInfo`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigKeyInfo {
    pub name: String,
    /// `BOOLEAN`, `STRING`, `INT`, `SHORT`, `LONG`, `DOUBLE`, `LIST`, `CLASS`, `PASSWORD`.
    #[serde(rename = "type")]
    pub key_type: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub default_value: Option<String>,
    #[serde(default)]
    pub importance: Option<String>,
    #[serde(default)]
    pub documentation: Option<String>,
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub width: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub dependents: Vec<String>,
    /// Position inside the group (Connect calls it `order`).
    #[serde(default)]
    pub order: i32,
    /// Sluice's addition: the values Connect's validator recommends for this key when asked
    /// about a config naming only the plugin (an enum's choices, the installed converters);
    /// empty when the key takes any value. Connect's own definitions never carry them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recommended_values: Vec<String>,
}

impl ConfigKeyInfo {
    pub fn is_password(&self) -> bool {
        self.key_type.eq_ignore_ascii_case("PASSWORD")
    }
}

/// What the validator said about one submitted or defined key (`ConfigValueInfo`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigValueInfo {
    pub name: String,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub recommended_values: Vec<String>,
    #[serde(default)]
    pub errors: Vec<String>,
    #[serde(default = "visible")]
    pub visible: bool,
}

fn visible() -> bool {
    true
}

/// One key in a validate answer: `definition` is null for keys no ConfigDef knows,
/// `value` is null for defined keys the validator did not evaluate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigInfo {
    #[serde(default)]
    pub definition: Option<ConfigKeyInfo>,
    #[serde(default)]
    pub value: Option<ConfigValueInfo>,
}

/// `PUT /connector-plugins/{plugin}/config/validate` (`ConfigInfos`); 200 even when invalid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigInfos {
    pub name: String,
    pub error_count: u32,
    #[serde(default)]
    pub groups: Vec<String>,
    #[serde(default)]
    pub configs: Vec<ConfigInfo>,
    /// Sluice's addition: Debezium 1.x keys found in the config, with their replacements
    /// (the removed ones are also errors at their keys).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy: Option<crate::legacy::LegacyReport>,
}

/// `defs` with the validator's recommended values attached, key by key.
pub fn with_recommended(mut defs: Vec<ConfigKeyInfo>, infos: &ConfigInfos) -> Vec<ConfigKeyInfo> {
    let mut recommended = infos.recommended_values();
    for def in &mut defs {
        if let Some(values) = recommended.remove(&def.name) {
            def.recommended_values = values;
        }
    }
    defs
}

impl ConfigInfos {
    /// The recommended values by key, for the keys that have some.
    pub fn recommended_values(&self) -> std::collections::BTreeMap<String, Vec<String>> {
        self.configs
            .iter()
            .filter_map(|c| c.value.as_ref())
            .filter(|v| !v.recommended_values.is_empty())
            .map(|v| (v.name.clone(), v.recommended_values.clone()))
            .collect()
    }

    /// Every key that has errors, with its messages, in the order Connect listed them.
    pub fn field_errors(&self) -> Vec<(&str, &[String])> {
        self.configs
            .iter()
            .filter_map(|c| c.value.as_ref())
            .filter(|v| !v.errors.is_empty())
            .map(|v| (v.name.as_str(), v.errors.as_slice()))
            .collect()
    }

    /// The console's own refusals of a config in the validator's shape, so a form shows each
    /// at its key as it shows Connect's. `None` unless every refusal names a `config.<key>`.
    pub fn from_refusals(name: &str, refusals: &[crate::ApiError]) -> Option<Self> {
        let mut infos = Self {
            name: name.to_owned(),
            error_count: 0,
            groups: Vec::new(),
            configs: Vec::new(),
            legacy: None,
        };
        for refusal in refusals {
            let key = refusal.field.as_deref()?.strip_prefix("config.")?;
            infos.add_error(key, &refusal.message);
        }
        (infos.error_count > 0).then_some(infos)
    }

    /// Adds `message` to `key`'s errors, as the validator would have.
    pub fn add_error(&mut self, key: &str, message: &str) {
        self.error_count += 1;
        match self
            .configs
            .iter_mut()
            .filter_map(|c| c.value.as_mut())
            .find(|v| v.name == key)
        {
            Some(value) => value.errors.push(message.to_owned()),
            None => self.configs.push(ConfigInfo {
                definition: None,
                value: Some(ConfigValueInfo {
                    name: key.to_owned(),
                    value: None,
                    recommended_values: Vec::new(),
                    errors: vec![message.to_owned()],
                    visible: true,
                }),
            }),
        }
    }

    /// Attaches the 1.x findings; the ones the installed version ignores or rejects become
    /// errors at their keys.
    pub fn with_legacy(mut self, report: Option<crate::legacy::LegacyReport>) -> Self {
        if let Some(report) = &report {
            for finding in report.errors() {
                self.add_error(&finding.key, &finding.message);
            }
        }
        self.legacy = report;
        self
    }

    /// Replaces the value of every secret key (by definition or by name) with the sentinel:
    /// Connect echoes each submitted value back.
    pub fn redact_values(&mut self, password_keys: &std::collections::HashSet<String>) {
        for info in &mut self.configs {
            if let Some(value) = &mut info.value
                && let Some(v) = &value.value
            {
                let one = std::collections::BTreeMap::from([(value.name.clone(), v.clone())]);
                value.value = crate::redact::redact_config(&one, password_keys).remove(&value.name);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_pick_out_only_failing_keys() {
        let infos: ConfigInfos = serde_json::from_str(
            r#"{"name":"x","error_count":1,"groups":["Common"],"configs":[
                {"definition":{"name":"topic.prefix","type":"STRING","required":true,"default_value":null,"importance":"HIGH","documentation":"d","group":"Common","width":"MEDIUM","display_name":"Topic prefix","dependents":[],"order":1},
                 "value":{"name":"topic.prefix","value":null,"recommended_values":[],"errors":["Missing required configuration \"topic.prefix\" which has no default value."],"visible":true}},
                {"definition":null,"value":{"name":"custom.key","value":"v","recommended_values":[],"errors":[],"visible":true}},
                {"definition":{"name":"database.password","type":"PASSWORD","required":false,"default_value":null,"importance":"HIGH","documentation":"","group":"Connection","width":"SHORT","display_name":"Password","dependents":[],"order":5},"value":null}]}"#,
        )
        .unwrap();
        let errors = infos.field_errors();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].0, "topic.prefix");
        assert!(infos.configs[2].definition.as_ref().unwrap().is_password());
    }

    #[test]
    fn recommended_values_are_attached_to_their_definitions() {
        let defs: Vec<ConfigKeyInfo> = serde_json::from_str(
            r#"[{"name":"snapshot.mode","type":"STRING","required":false,"default_value":"initial","importance":"LOW","documentation":"d","group":"Connector","width":"SHORT","display_name":"Snapshot mode","dependents":[],"order":1},
                {"name":"topic.prefix","type":"STRING","required":true,"default_value":null,"importance":"HIGH","documentation":"d","group":"Common","width":"MEDIUM","display_name":"Topic prefix","dependents":[],"order":1}]"#,
        )
        .unwrap();
        assert!(defs[0].recommended_values.is_empty(), "Connect sends none");
        let infos: ConfigInfos = serde_json::from_str(
            r#"{"name":"io.debezium.connector.postgresql.PostgresConnector","error_count":1,"groups":[],"configs":[
                {"definition":null,"value":{"name":"snapshot.mode","value":"initial","recommended_values":["always","initial","initial_only","no_data","never","when_needed","configuration_based","custom"],"errors":[],"visible":true}},
                {"definition":null,"value":{"name":"topic.prefix","value":null,"recommended_values":[],"errors":["Missing required configuration"],"visible":true}}]}"#,
        )
        .unwrap();
        let defs = with_recommended(defs, &infos);
        assert_eq!(defs[0].recommended_values.len(), 8);
        assert_eq!(defs[0].recommended_values[1], "initial");
        assert!(defs[1].recommended_values.is_empty());
        let back: Vec<ConfigKeyInfo> =
            serde_json::from_str(&serde_json::to_string(&defs).unwrap()).unwrap();
        assert_eq!(back, defs, "they travel to the UI");
    }

    #[test]
    fn refusals_become_per_key_errors_only_when_each_names_a_key() {
        use crate::{ApiError, ErrorCode};
        let at = |f: &str, m: &str| ApiError::new(ErrorCode::InvalidInput, m).with_field(f);
        let infos = ConfigInfos::from_refusals(
            "c",
            &[
                at("config.topics", "outside"),
                at("config.topics", "again"),
                at("config.transforms.r.type", "unknown"),
            ],
        )
        .expect("every refusal names a key");
        assert_eq!(infos.error_count, 3);
        assert_eq!(
            infos.field_errors(),
            [
                ("topics", &["outside".to_owned(), "again".to_owned()][..]),
                ("transforms.r.type", &["unknown".to_owned()][..])
            ]
        );
        assert!(ConfigInfos::from_refusals("c", &[at("name", "bad name")]).is_none());
        assert!(ConfigInfos::from_refusals("c", &[]).is_none());
    }
}
