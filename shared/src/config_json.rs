//! The config editor's JSON text. Secrets show as the redaction sentinel, as everywhere else in
//! the console, while the edit itself keeps the value typed. The text is read back against the
//! config it was made from: a mask left as it was stands for the value it hides, and anything
//! typed over it is the new value.

use std::collections::{BTreeMap, HashSet};

use crate::redact::redact_config;

/// `config` as the editor shows it: pretty JSON, secrets masked by the server's own rule (keys
/// typed PASSWORD in `password_keys` or named like a secret show the sentinel; a credential
/// inside any other value, a URL's password, is masked by its shape). A stored secret is the
/// sentinel already and reads the same as one typed in this edit.
pub fn masked_json(config: &BTreeMap<String, String>, password_keys: &HashSet<String>) -> String {
    // A map of strings always serialises; the fallback is never taken.
    serde_json::to_string_pretty(&redact_config(config, password_keys)).unwrap_or_default()
}

/// The config a JSON text stands for. `shown` is the config the text was made from with
/// [`masked_json`]: a value still equal to its mask is `shown`'s value (the secret typed
/// earlier, or the stored sentinel the server puts back); any other value is taken as typed.
///
/// Comparing with `shown`, not with the edit as it follows each keystroke, matters: a mask
/// half deleted and typed back stands for the original secret again, never for the fragment
/// the edit briefly held.
pub fn unmask_json(
    text: &str,
    shown: &BTreeMap<String, String>,
    password_keys: &HashSet<String>,
) -> Result<BTreeMap<String, String>, serde_json::Error> {
    let typed: BTreeMap<String, String> = serde_json::from_str(text)?;
    let masked = redact_config(shown, password_keys);
    Ok(typed
        .into_iter()
        .map(|(key, value)| {
            let value = match (shown.get(&key), masked.get(&key)) {
                (Some(clear), Some(mask)) if *mask == value => clear.clone(),
                _ => value,
            };
            (key, value)
        })
        .collect())
}

/// Keys whose value [`masked_json`] hides though it is not a sentinel already: secrets typed in
/// this edit, which the text shows masked while the edit keeps them.
pub fn typed_secret_keys(
    config: &BTreeMap<String, String>,
    password_keys: &HashSet<String>,
) -> Vec<String> {
    redact_config(config, password_keys)
        .into_iter()
        .filter(|(k, masked)| config.get(k) != Some(masked))
        .map(|(k, _)| k)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::REDACTED;

    use crate::test_support::config as cfg;

    fn none() -> HashSet<String> {
        HashSet::new()
    }

    /// An edit as the editor holds it: the stored secret is the sentinel, a new one typed in clear.
    fn edit() -> BTreeMap<String, String> {
        cfg(&[
            ("database.hostname", "db"),
            ("database.password", "typed-Secret-1"),
            ("ssl.key.password", REDACTED),
            ("tasks.max", "1"),
        ])
    }

    #[test]
    fn a_typed_secret_shows_masked_and_the_rest_as_typed() {
        let text = masked_json(&edit(), &none());
        assert!(!text.contains("typed-Secret-1"), "{text}");
        let shown: BTreeMap<String, String> = serde_json::from_str(&text).unwrap();
        assert_eq!(shown["database.password"], REDACTED);
        assert_eq!(shown["ssl.key.password"], REDACTED);
        assert_eq!(shown["database.hostname"], "db");
        assert_eq!(shown["tasks.max"], "1");
    }

    #[test]
    fn keys_typed_password_and_credentials_inside_values_are_masked_too() {
        let config = cfg(&[
            ("my.opaque", "hush-2"),
            (
                "connection.url",
                "jdbc:postgresql://db/wh?user=u&password=url-Pw-3",
            ),
            (
                "schema.history.internal.producer.ssl.truststore.password",
                "${file:/etc/s.properties:ts}",
            ),
        ]);
        let typed = HashSet::from(["my.opaque".to_owned()]);
        let text = masked_json(&config, &typed);
        assert!(
            !text.contains("hush-2") && !text.contains("url-Pw-3"),
            "{text}"
        );
        assert!(
            text.contains("jdbc:postgresql://db/wh?user=u&password=[redacted]"),
            "the rest of the URL stays readable: {text}"
        );
        assert!(
            text.contains("${file:/etc/s.properties:ts}"),
            "a reference is no secret"
        );
    }

    #[test]
    fn an_untouched_mask_keeps_the_typed_secret() {
        let shown = edit();
        let text = masked_json(&shown, &none());
        assert_eq!(unmask_json(&text, &shown, &none()).unwrap(), shown);
        // Other keys edited around it: the secret still stands.
        let text = text.replace("\"tasks.max\": \"1\"", "\"tasks.max\": \"2\"");
        let read = unmask_json(&text, &shown, &none()).unwrap();
        assert_eq!(read["database.password"], "typed-Secret-1");
        assert_eq!(
            read["ssl.key.password"], REDACTED,
            "the server restores this one"
        );
        assert_eq!(read["tasks.max"], "2");
    }

    #[test]
    fn a_value_typed_over_the_mask_is_the_new_secret() {
        let shown = edit();
        let text = masked_json(&shown, &none()).replacen(REDACTED, "Newer-4", 1);
        let read = unmask_json(&text, &shown, &none()).unwrap();
        assert_eq!(read["database.password"], "Newer-4");
        assert_eq!(read["ssl.key.password"], REDACTED);
        // Cleared: an empty value, not the old secret.
        let text = masked_json(&shown, &none()).replacen(REDACTED, "", 1);
        assert_eq!(
            unmask_json(&text, &shown, &none()).unwrap()["database.password"],
            ""
        );
    }

    #[test]
    fn a_mask_typed_back_after_a_half_deletion_stands_for_the_secret_again() {
        let shown = edit();
        let full = masked_json(&shown, &none());
        let half = full.replacen(REDACTED, "[redac", 1);
        assert_eq!(
            unmask_json(&half, &shown, &none()).unwrap()["database.password"],
            "[redac"
        );
        assert_eq!(
            unmask_json(&full, &shown, &none()).unwrap()["database.password"],
            "typed-Secret-1"
        );
    }

    #[test]
    fn a_mask_moved_to_another_key_or_edited_around_is_not_a_secret_to_guess() {
        let shown = cfg(&[
            ("database.password", "typed-Secret-1"),
            (
                "connection.url",
                "jdbc:postgresql://db/wh?password=url-Pw-3",
            ),
        ]);
        let text = masked_json(&shown, &none())
            .replace("database.password", "database.pwd")
            .replace("//db/", "//db2/");
        let read = unmask_json(&text, &shown, &none()).unwrap();
        // The sentinel stays a sentinel: the server refuses it rather than guess the secret.
        assert_eq!(read["database.pwd"], REDACTED);
        assert_eq!(
            read["connection.url"],
            "jdbc:postgresql://db2/wh?password=[redacted]"
        );
        assert!(
            !read.contains_key("database.password"),
            "a renamed key is gone"
        );
    }

    #[test]
    fn text_that_is_not_a_map_of_strings_is_an_error() {
        let shown = edit();
        assert!(unmask_json("{\"tasks.max\": 2}", &shown, &none()).is_err());
        assert!(unmask_json("{\"a\": \"1\",", &shown, &none()).is_err());
    }

    #[test]
    fn typed_secrets_are_told_apart_from_stored_sentinels() {
        let typed = HashSet::from(["my.opaque".to_owned()]);
        let mut config = edit();
        config.insert("my.opaque".into(), "hush-2".into());
        config.insert("connection.url".into(), "postgres://u:pw-5@db/wh".into());
        assert_eq!(
            typed_secret_keys(&config, &typed),
            ["connection.url", "database.password", "my.opaque"]
        );
        assert!(typed_secret_keys(&cfg(&[("a.password", REDACTED)]), &none()).is_empty());
    }
}
