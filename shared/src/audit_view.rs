//! An audit record in one line, for the log's table: the whole detail stays one click away,
//! but a failed entry carrying a plugin list or a config must not make a row 3,900 px wide.

use serde_json::Value;

use crate::admin::AuditRecord;
use crate::history::ConfigChange;

/// The longest summary shown in a row, in characters.
pub const SUMMARY_CHARS: usize = 120;

/// What happened, in one line: the keys a config change touched, the user and what changed
/// about them, or the start of the detail; a failure leads with why.
pub fn summary(r: &AuditRecord) -> String {
    let detail = r.detail.as_ref().map(describe).unwrap_or_default();
    let line = match (r.result.as_str(), detail.is_empty()) {
        ("ok", _) => detail,
        (failed, true) => failed.to_owned(),
        (failed, false) => format!("{failed} — {detail}"),
    };
    shorten(&line.replace(['\n', '\r'], " "), SUMMARY_CHARS)
}

/// The config changes an entry records, to show as a diff.
pub fn config_changes(detail: &Value) -> Option<Vec<ConfigChange>> {
    serde_json::from_value(detail.get("changes")?.clone()).ok()
}

fn describe(detail: &Value) -> String {
    if let Some(changes) = config_changes(detail) {
        let keys: Vec<&str> = changes.iter().map(|c| c.key.as_str()).collect();
        return match keys.len() {
            0 => "no keys changed".to_owned(),
            1 => format!("1 key changed: {}", keys[0]),
            n => format!("{n} keys changed: {}", keys.join(", ")),
        };
    }
    let Value::Object(map) = detail else {
        return compact(detail);
    };
    // `{"username": "olga", "role": {"from": "operator", "to": "viewer"}}` reads as
    // "olga: role operator → viewer".
    let mut parts = Vec::new();
    for (key, value) in map {
        match value {
            Value::Object(o) if o.contains_key("from") && o.contains_key("to") => {
                parts.push(format!("{key} {} → {}", plain(&o["from"]), plain(&o["to"])));
            }
            Value::String(_) | Value::Number(_) | Value::Bool(_) if key != "username" => {
                parts.push(format!("{key} {}", plain(value)));
            }
            Value::String(_) | Value::Number(_) | Value::Bool(_) | Value::Null => {}
            other => parts.push(format!("{key} {}", compact(other))),
        }
    }
    let body = parts.join(", ");
    match map.get("username").and_then(Value::as_str) {
        Some(user) if body.is_empty() => user.to_owned(),
        Some(user) => format!("{user}: {body}"),
        None => body,
    }
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "none".to_owned(),
        other => other.to_string(),
    }
}

fn compact(v: &Value) -> String {
    v.to_string()
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let cut: String = s.chars().take(max - 1).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(detail: Value, result: &str) -> AuditRecord {
        AuditRecord {
            id: "1".into(),
            at_ms: 0,
            actor: "admin".into(),
            tenant: None,
            cluster: None,
            connector: None,
            action: "x".into(),
            detail: Some(detail),
            result: result.into(),
        }
    }

    #[test]
    fn a_config_change_names_its_keys_and_a_user_change_what_became_of_them() {
        let edit = record(
            json!({"changes": [{"key": "tasks.max", "before": "1", "after": "2"},
                               {"key": "database.password", "before": "********", "after": "********"}]}),
            "ok",
        );
        assert_eq!(
            summary(&edit),
            "2 keys changed: tasks.max, database.password"
        );
        assert_eq!(
            config_changes(edit.detail.as_ref().unwrap()).unwrap().len(),
            2
        );
        let user = record(
            json!({"username": "olga", "role": {"from": "operator", "to": "viewer"},
                   "tenant": {"from": "acme", "to": null}}),
            "ok",
        );
        assert_eq!(
            summary(&user),
            "olga: role operator → viewer, tenant acme → none"
        );
        assert_eq!(summary(&record(json!({"username": "olga"}), "ok")), "olga");
    }

    #[test]
    fn a_huge_failed_entry_is_one_short_line_leading_with_why() {
        let plugins: Vec<String> = (0..400).map(|i| format!("com.example.Plugin{i}")).collect();
        let failed = record(
            json!({"plugins": plugins}),
            "failed: Connect refused:\nno such class",
        );
        let line = summary(&failed);
        assert!(
            line.starts_with("failed: Connect refused: no such class — plugins ["),
            "{line}"
        );
        assert_eq!(line.chars().count(), SUMMARY_CHARS);
        assert!(line.ends_with('…'));
    }
}
