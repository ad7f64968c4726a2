//! Secret redaction for connector configs. Connect returns stored values in clear (reference
//! §1.5), so the backend redacts every config before it leaves, and restores the stored secret
//! when an edited config comes back with the sentinel, so editing one field never needs the
//! password re-typed.

use std::collections::{BTreeMap, HashSet};

/// What a redacted value reads as. Sent back unchanged, it means "keep the stored secret".
pub const REDACTED: &str = "[redacted]";

/// Key fragments that mark a secret, matched on the lower-cased key. `key.converter` and
/// friends are configuration, not key material, and are deliberately not matched.
const SECRET_FRAGMENTS: [&str; 9] = [
    "password",
    "passwd",
    "secret",
    "token",
    "credential",
    "sasl.jaas.config",
    "api.key",
    "apikey",
    "private.key",
];

/// Whether a key names a secret by the documented pattern list (independent of its ConfigDef).
pub fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    SECRET_FRAGMENTS.iter().any(|f| k.contains(f))
        || k.ends_with(".key") && !k.ends_with("converter.key")
        || k.contains("keystore.key")
        || k.contains("ssl.key")
}

/// `${provider:path:key}` references are not secrets: only the reference is stored.
pub fn is_provider_reference(value: &str) -> bool {
    value.starts_with("${") && value.ends_with('}') && value.contains(':')
}

/// The config with secrets replaced: keys typed PASSWORD (`password_keys`, from the plugin's
/// config definitions) or matching the pattern list, and credentials inside URLs.
pub fn redact_config(
    config: &BTreeMap<String, String>,
    password_keys: &HashSet<String>,
) -> BTreeMap<String, String> {
    config
        .iter()
        .map(|(k, v)| (k.clone(), redact_value(k, v, password_keys)))
        .collect()
}

fn redact_value(key: &str, value: &str, password_keys: &HashSet<String>) -> String {
    if is_provider_reference(value) || value.is_empty() {
        value.to_owned()
    } else if password_keys.contains(key) || is_secret_key(key) {
        REDACTED.to_owned()
    } else {
        redact_url_credentials(value)
    }
}

/// The redacted config plus the keys whose values were hidden, as the API returns it.
pub fn redacted_view(
    raw: &BTreeMap<String, String>,
    password_keys: &HashSet<String>,
) -> crate::RedactedConfig {
    let config = redact_config(raw, password_keys);
    let redacted_keys = config
        .iter()
        .filter(|(k, v)| raw.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .collect();
    crate::RedactedConfig {
        config,
        redacted_keys,
    }
}

/// Hides the password of `scheme://user:password@host` and `password=…` parameters
/// (JDBC `;password=x`, query `&password=x`).
pub fn redact_url_credentials(value: &str) -> String {
    let mut out = value.to_owned();
    if let Some(scheme_end) = out.find("://") {
        let rest = &out[scheme_end + 3..];
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        if let Some(at) = rest[..authority_end].rfind('@')
            && let Some(colon) = rest[..at].find(':')
        {
            let (start, end) = (scheme_end + 3 + colon + 1, scheme_end + 3 + at);
            out.replace_range(start..end, REDACTED);
        }
    }
    for marker in [";password=", "&password=", "?password=", ";pwd=", "&pwd="] {
        let mut from = 0;
        while let Some(pos) = out[from..].to_ascii_lowercase().find(marker) {
            let start = from + pos + marker.len();
            let end = out[start..]
                .find([';', '&'])
                .map_or(out.len(), |e| start + e);
            out.replace_range(start..end, REDACTED);
            from = start + REDACTED.len();
        }
    }
    out
}

/// An edited config with every sentinel put back to the stored secret. A value equal to the
/// redacted form of the stored one (a URL whose password was hidden) also keeps the stored one.
/// Returns the keys whose sentinel has no stored value to restore.
pub fn restore_secrets(
    edited: &BTreeMap<String, String>,
    stored: &BTreeMap<String, String>,
    password_keys: &HashSet<String>,
) -> Result<BTreeMap<String, String>, Vec<String>> {
    let mut missing = Vec::new();
    let restored = edited
        .iter()
        .map(|(k, v)| {
            let value = match stored.get(k) {
                Some(old) if v == REDACTED || *v == redact_value(k, old, password_keys) => {
                    old.clone()
                }
                None if v.contains(REDACTED) => {
                    missing.push(k.clone());
                    v.clone()
                }
                _ => v.clone(),
            };
            (k.clone(), value)
        })
        .collect();
    if missing.is_empty() {
        Ok(restored)
    } else {
        Err(missing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn redacts_by_definition_and_by_pattern_but_keeps_provider_references() {
        let config = cfg(&[
            ("database.password", "hunter2"),
            ("custom.secret.thing", "s"),
            (
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"p\";",
            ),
            ("ssl.key.password", "k"),
            ("my.opaque", "shh"),
            ("database.user", "dbz"),
            (
                "key.converter",
                "org.apache.kafka.connect.json.JsonConverter",
            ),
            (
                "schema.history.internal.producer.ssl.truststore.password",
                "${file:/etc/s.properties:ts}",
            ),
        ]);
        let typed: HashSet<String> = ["my.opaque".to_owned()].into();
        let r = redact_config(&config, &typed);
        for k in [
            "database.password",
            "custom.secret.thing",
            "sasl.jaas.config",
            "ssl.key.password",
            "my.opaque",
        ] {
            assert_eq!(r[k], REDACTED, "{k}");
        }
        assert_eq!(r["database.user"], "dbz");
        assert_eq!(
            r["key.converter"],
            "org.apache.kafka.connect.json.JsonConverter"
        );
        assert_eq!(
            r["schema.history.internal.producer.ssl.truststore.password"],
            "${file:/etc/s.properties:ts}"
        );
    }

    #[test]
    fn hides_credentials_inside_connection_strings() {
        assert_eq!(
            redact_url_credentials("mongodb://app:s3cret@db1:27017,db2/?replicaSet=rs0"),
            "mongodb://app:[redacted]@db1:27017,db2/?replicaSet=rs0"
        );
        assert_eq!(
            redact_url_credentials("jdbc:sqlserver://db:1433;user=sa;password=Pa55;encrypt=true"),
            "jdbc:sqlserver://db:1433;user=sa;password=[redacted];encrypt=true"
        );
        assert_eq!(
            redact_url_credentials("jdbc:postgresql://db/wh?user=u&password=p"),
            "jdbc:postgresql://db/wh?user=u&password=[redacted]"
        );
        assert_eq!(
            redact_url_credentials("jdbc:postgresql://db:5432/wh"),
            "jdbc:postgresql://db:5432/wh"
        );
        assert_eq!(
            redact_url_credentials("http://user@host/x"),
            "http://user@host/x"
        );
    }

    #[test]
    fn editing_a_redacted_config_keeps_the_stored_secrets() {
        let stored = cfg(&[
            ("database.password", "hunter2"),
            ("connection.url", "mongodb://app:s3cret@db/"),
            ("database.user", "dbz"),
        ]);
        let none = HashSet::new();
        let mut edited = redact_config(&stored, &none);
        edited.insert("database.user".into(), "dbz2".into());
        let restored = restore_secrets(&edited, &stored, &none).unwrap();
        assert_eq!(restored["database.password"], "hunter2");
        assert_eq!(restored["connection.url"], "mongodb://app:s3cret@db/");
        assert_eq!(restored["database.user"], "dbz2");

        let mut changed = edited.clone();
        changed.insert("database.password".into(), "new-pass".into());
        assert_eq!(
            restore_secrets(&changed, &stored, &none).unwrap()["database.password"],
            "new-pass"
        );

        let mut orphan = edited;
        orphan.insert("new.password".into(), REDACTED.into());
        assert_eq!(
            restore_secrets(&orphan, &stored, &none).unwrap_err(),
            ["new.password"]
        );
    }
}
