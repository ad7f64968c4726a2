//! Config history: every version of a connector's config seen or written by the console
//! (secrets redacted), the difference between two versions, and the requests that edit,
//! roll back, export and import configs.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Where a version came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionSource {
    /// Created through the console.
    Create,
    /// Edited through the console (PUT or PATCH).
    Edit,
    /// A rollback to an earlier version through the console.
    Rollback,
    /// Written by an import through the console.
    Import,
    /// Found changed outside the console (or seen for the first time).
    External,
}

impl VersionSource {
    pub fn as_str(self) -> &'static str {
        match self {
            VersionSource::Create => "create",
            VersionSource::Edit => "edit",
            VersionSource::Rollback => "rollback",
            VersionSource::Import => "import",
            VersionSource::External => "external",
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "create" => VersionSource::Create,
            "edit" => VersionSource::Edit,
            "rollback" => VersionSource::Rollback,
            "import" => VersionSource::Import,
            _ => VersionSource::External,
        }
    }
}

/// One change between two configs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigChange {
    pub key: String,
    /// `None`: the key was added.
    pub before: Option<String>,
    /// `None`: the key was removed.
    pub after: Option<String>,
}

/// Every key added, removed or changed from `before` to `after`, in key order.
pub fn config_diff(
    before: &BTreeMap<String, String>,
    after: &BTreeMap<String, String>,
) -> Vec<ConfigChange> {
    let mut keys: Vec<&String> = before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| before.get(*k) != after.get(*k))
        .map(|k| ConfigChange {
            key: k.clone(),
            before: before.get(k).cloned(),
            after: after.get(k).cloned(),
        })
        .collect()
}

/// The changes between two configs, fit to show and to audit: `before_raw` / `after_raw` in
/// clear find every change, a secret's change included, and the redacted views give the values
/// written down, so a new password is recorded as its key changing, never its value.
pub fn redacted_diff(
    before_raw: &BTreeMap<String, String>,
    after_raw: &BTreeMap<String, String>,
    before_view: &BTreeMap<String, String>,
    after_view: &BTreeMap<String, String>,
) -> Vec<ConfigChange> {
    config_diff(before_raw, after_raw)
        .into_iter()
        .map(|c| ConfigChange {
            before: before_view.get(&c.key).cloned(),
            after: after_view.get(&c.key).cloned(),
            key: c.key,
        })
        .collect()
}

/// An edit typed against a redacted config, fit to show: a key whose stored value is redacted,
/// or that names a secret, shows its new value redacted too, and a credential inside any value
/// is redacted by its shape.
pub fn masked_edit(changes: Vec<ConfigChange>) -> Vec<ConfigChange> {
    use crate::redact::{REDACTED, is_secret_key, redact_credentials_in_value};
    changes
        .into_iter()
        .map(|c| {
            let secret = c.before.as_deref() == Some(REDACTED) || is_secret_key(&c.key);
            let mask = |v: Option<String>| {
                v.map(|v| {
                    if secret {
                        REDACTED.to_owned()
                    } else {
                        redact_credentials_in_value(&v)
                    }
                })
            };
            ConfigChange {
                before: mask(c.before),
                after: mask(c.after),
                key: c.key,
            }
        })
        .collect()
}

/// The PATCH body that turns `before` into `after`: changed and added keys with their value,
/// removed keys as `null`.
pub fn config_patch(
    before: &BTreeMap<String, String>,
    after: &BTreeMap<String, String>,
) -> BTreeMap<String, Option<String>> {
    config_diff(before, after)
        .into_iter()
        .map(|c| (c.key, c.after))
        .collect()
}

/// One stored version, with what changed since the one before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigVersion {
    pub version: i64,
    pub at_ms: i64,
    /// Who made it through the console; `None` for changes found made elsewhere.
    pub actor: Option<String>,
    pub source: VersionSource,
    pub note: Option<String>,
    /// The config with secrets redacted.
    pub config: BTreeMap<String, String>,
    pub changes: Vec<ConfigChange>,
}

/// `POST …/config/rollback`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RollbackRequest {
    pub version: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_password_is_a_change_of_its_key_with_no_value() {
        use crate::redact::REDACTED;
        let before = map(&[("database.password", "old-pw"), ("a", "1")]);
        let after = map(&[("database.password", "new-pw"), ("a", "1")]);
        let view = map(&[("database.password", REDACTED), ("a", "1")]);
        let changes = redacted_diff(&before, &after, &view, &view);
        assert_eq!(
            changes,
            vec![ConfigChange {
                key: "database.password".into(),
                before: Some(REDACTED.into()),
                after: Some(REDACTED.into()),
            }]
        );
        // In the editor: the stored value shows redacted, the typed one must not show either.
        let typed = config_diff(&view, &map(&[("database.password", "new-pw"), ("a", "2")]));
        let shown = masked_edit(typed);
        assert!(
            !serde_json::to_string(&shown).unwrap().contains("new-pw"),
            "{shown:?}"
        );
        assert_eq!(
            shown[0].after.as_deref(),
            Some("2"),
            "other keys read as typed"
        );
        assert_eq!(shown[1].after.as_deref(), Some(REDACTED));
    }

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn diff_lists_added_removed_and_changed_keys_in_order() {
        let before = map(&[("a", "1"), ("b", "2"), ("c", "3")]);
        let after = map(&[("a", "1"), ("b", "20"), ("d", "4")]);
        let changes = config_diff(&before, &after);
        let keys: Vec<_> = changes.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["b", "c", "d"]);
        assert_eq!(changes[1].after, None);
        assert_eq!(changes[2].before, None);
        assert!(config_diff(&after, &after).is_empty());
    }

    #[test]
    fn patch_sets_changes_and_nulls_removals() {
        let before = map(&[("keep", "x"), ("drop", "y"), ("edit", "1")]);
        let after = map(&[("keep", "x"), ("edit", "2"), ("new", "z")]);
        let patch = config_patch(&before, &after);
        assert_eq!(patch.len(), 3);
        assert_eq!(patch["drop"], None);
        assert_eq!(patch["edit"].as_deref(), Some("2"));
        assert_eq!(patch["new"].as_deref(), Some("z"));
    }

    #[test]
    fn sources_round_trip() {
        for s in [
            VersionSource::Create,
            VersionSource::Edit,
            VersionSource::Rollback,
            VersionSource::Import,
            VersionSource::External,
        ] {
            assert_eq!(VersionSource::parse(s.as_str()), s);
        }
    }
}
