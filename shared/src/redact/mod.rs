//! Secret redaction for connector configs. Connect returns stored values in clear (reference
//! §1.5), so the backend redacts every config before it leaves, and restores the stored secret
//! when an edited config comes back with the sentinel, so editing one field never needs the
//! password re-typed. A value is judged by its key (a secret name, a ConfigDef PASSWORD) and by
//! its shape: a credential can sit inside a URL, a connection string, a JAAS config or a PEM
//! block under any key.

use std::collections::{BTreeMap, HashSet};

/// What a redacted value reads as. Sent back unchanged, it means "keep the stored secret".
pub const REDACTED: &str = "[redacted]";

/// Words that mark a secret, matched on the lower-cased name of a config key, a URL or JDBC
/// parameter, or a libpq keyword. `sslkey`, `passfile` and `keytab` name files, not key
/// material, and are deliberately not matched.
const SECRET_WORDS: [&str; 15] = [
    "password",
    "passwd",
    "pwd",
    "passphrase",
    "secret",
    "token",
    "credential",
    "apikey",
    "api.key",
    "api_key",
    "api-key",
    "privatekey",
    "private.key",
    "private_key",
    "private-key",
];

/// Further fragments of a secret config key: a JAAS config carries the password in its options
/// (`sasl.jaas.config`, `x.y.jaas`), and the schema registry's `basic.auth.user.info` is
/// `user:password`.
const SECRET_KEY_FRAGMENTS: [&str; 2] = ["jaas", "user.info"];

/// Last key segments saying the value is *about* a secret, not the secret:
/// `sasl.oauthbearer.token.endpoint.url`, `s3.credentials.provider.class`,
/// `basic.auth.credentials.source` stay readable (their values are still checked by shape).
const DESCRIPTOR_SEGMENTS: [&str; 11] = [
    "class",
    "url",
    "uri",
    "path",
    "location",
    "type",
    "algorithm",
    "source",
    "mode",
    "enable",
    "enabled",
];

/// Parameter names that are secrets without a secret word: the keys of Azure storage and Event
/// Hubs connection strings, and a SAS URL's signature.
const SECRET_PARAM_NAMES: [&str; 3] = ["accountkey", "sharedaccesskey", "sig"];

/// Whether a key names a secret by the documented pattern list (independent of its ConfigDef).
/// `key.converter`, `primary.key.mode`, `ssl.keystore.location` and friends are configuration,
/// not key material, and are deliberately not matched.
pub fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    let last = k.rsplit_once('.').map_or(k.as_str(), |(_, last)| last);
    !DESCRIPTOR_SEGMENTS.contains(&last)
        && (has_secret_word(&k)
            || SECRET_KEY_FRAGMENTS.iter().any(|f| k.contains(f))
            || k.ends_with(".key") && !k.ends_with("converter.key"))
}

/// Whether a parameter name or libpq keyword found inside a value names a secret.
fn is_secret_param(name: &str) -> bool {
    let n = name.trim().to_ascii_lowercase();
    has_secret_word(&n) || SECRET_PARAM_NAMES.contains(&n.as_str())
}

/// Whether an already lower-cased name contains one of [`SECRET_WORDS`].
fn has_secret_word(lower: &str) -> bool {
    SECRET_WORDS.iter().any(|w| lower.contains(w))
}

/// `${provider:path:key}` references are not secrets: only the reference is stored.
pub fn is_provider_reference(value: &str) -> bool {
    value.starts_with("${") && value.ends_with('}') && value.contains(':')
}

/// The config with secrets replaced: keys typed PASSWORD (`password_keys`, from the plugin's
/// config definitions) or matching the pattern list, and credentials found by the value's shape.
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
        redact_credentials_in_value(value)
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

/// A value with every credential it carries hidden, judged by shape alone (whatever its key).
/// A JAAS config or a PEM private key is a secret as a whole; elsewhere only the password is
/// replaced, so host, user and database stay readable: `scheme://user:password@host` (also
/// MongoDB's unencoded `/` in a password), libpq `password=…`, and secret-named parameters
/// (`?sslpassword=…`, `;Password=…;`). `${…}` references stay, as does a value already redacted.
pub fn redact_credentials_in_value(value: &str) -> String {
    if is_provider_reference(value) {
        value.to_owned()
    } else if shapes::is_jaas_config(value) || shapes::holds_private_key(value) {
        REDACTED.to_owned()
    } else {
        // libpq before the parameter form: a libpq value may contain `;` or `&`, which would
        // end a parameter's value early and leave its tail readable.
        let value = shapes::redact_url_userinfo(value);
        let value = shapes::redact_libpq(&value);
        shapes::redact_delimited_params(&value)
    }
}

/// An edited config with every sentinel put back to the stored secret. A value equal to the
/// redacted form of the stored one (a URL whose password was hidden) also keeps the stored one.
/// Returns the keys whose sentinel has nothing to restore: a new key, or a value edited around
/// its hidden part (the stored secret cannot be put back into a changed value safely, and
/// sending the sentinel itself to Connect would silently replace the password).
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
                _ if v.contains(REDACTED) => {
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

mod corpus;
mod shapes;
#[cfg(test)]
mod tests;

#[doc(hidden)]
pub use corpus::credential_forms;
