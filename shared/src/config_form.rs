//! How the config form is laid out from a plugin's definitions: groups in the plugin's order,
//! keys by their `order` inside a group, and the keys no definition knows (Debezium's
//! `converters.*`, `transforms.*`, driver pass-through `driver.*`) kept in a group of their own.

use std::collections::BTreeMap;

use crate::plugin::ConfigKeyInfo;

/// The group for keys no definition knows.
pub const OTHER: &str = "Other keys";

/// One group of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormGroup<'a> {
    pub name: String,
    pub keys: Vec<&'a ConfigKeyInfo>,
}

/// Whether a definition is worth showing without "show all": set in the config, required, or
/// of HIGH importance.
pub fn is_prominent(def: &ConfigKeyInfo, config: &BTreeMap<String, String>) -> bool {
    config.contains_key(&def.name) || def.required || def.importance.as_deref() == Some("HIGH")
}

/// Groups in first-seen order, keys by `order` then name; with `all == false` only prominent keys.
pub fn form_groups<'a>(
    defs: &'a [ConfigKeyInfo],
    config: &BTreeMap<String, String>,
    all: bool,
) -> Vec<FormGroup<'a>> {
    let mut groups: Vec<FormGroup<'a>> = Vec::new();
    for def in defs.iter().filter(|d| all || is_prominent(d, config)) {
        let name = def.group.clone().unwrap_or_else(|| "Common".to_owned());
        match groups.iter_mut().find(|g| g.name == name) {
            Some(g) => g.keys.push(def),
            None => groups.push(FormGroup {
                name,
                keys: vec![def],
            }),
        }
    }
    for g in &mut groups {
        g.keys
            .sort_by(|a, b| a.order.cmp(&b.order).then(a.name.cmp(&b.name)));
    }
    groups
}

/// Keys set in the config that no definition describes, kept as free key/value rows.
pub fn undefined_keys<'a>(
    defs: &[ConfigKeyInfo],
    config: &'a BTreeMap<String, String>,
) -> Vec<&'a str> {
    config
        .keys()
        .filter(|k| !defs.iter().any(|d| &d.name == *k))
        .map(String::as_str)
        .collect()
}

/// One option of a field's `<select>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// What is written to the config; empty removes the key (the plugin's default applies).
    pub value: String,
    pub label: String,
}

/// The options of a key with a fixed set of values, or `None` when it takes free text.
/// `recommended` are Connect's recommended values for it (the latest validation's, else the
/// definition's); booleans are `true`/`false`. A list takes several values and a password is
/// never picked, so neither is a choice. An empty option stands for the default when the key
/// is optional (for "choose one" when it is required and unset), and a `current` value outside
/// the set stays selectable: the form must not change a config by showing it.
pub fn choices(def: &ConfigKeyInfo, recommended: &[String], current: &str) -> Option<Vec<Choice>> {
    let kind = def.key_type.to_ascii_uppercase();
    let values: Vec<String> = match kind.as_str() {
        "LIST" | "PASSWORD" => return None,
        "BOOLEAN" if recommended.is_empty() => vec!["true".to_owned(), "false".to_owned()],
        _ if recommended.is_empty() => return None,
        _ => recommended.to_vec(),
    };
    let default = def.default_value.as_deref().filter(|d| !d.is_empty());
    let mut out = Vec::new();
    if !def.required {
        out.push(Choice {
            value: String::new(),
            label: default.map_or_else(|| "(default)".to_owned(), |d| format!("(default: {d})")),
        });
    } else if current.is_empty() {
        out.push(Choice {
            value: String::new(),
            label: "(choose one)".to_owned(),
        });
    }
    for v in values {
        if out.iter().any(|c| c.value == v) {
            continue;
        }
        let label = if Some(v.as_str()) == default {
            format!("{v} (default)")
        } else {
            v.clone()
        };
        out.push(Choice { value: v, label });
    }
    if !current.is_empty() && !out.iter().any(|c| c.value == current) {
        out.push(Choice {
            value: current.to_owned(),
            label: format!("{current} (current; not among the plugin's values)"),
        });
    }
    Some(out)
}

/// Roughly one line of the form's documentation column.
const DOC_LINE: usize = 110;

/// The one line a long description collapses to: its first sentence if that fits, else its
/// start cut at a word, with "…". `None` when the description is short enough to show whole.
pub fn doc_summary(doc: &str) -> Option<String> {
    let doc = doc.trim();
    if doc.chars().count() <= DOC_LINE && !doc.contains('\n') {
        return None;
    }
    // A full stop and a space within a line's length end the first sentence, unless they end
    // an abbreviation ("e.g. ", "i.e. ") or an initial.
    let within: String = doc.chars().take(DOC_LINE).collect();
    let abbreviation = |before: &str| {
        let word = before
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or_default();
        word.contains('.') || word.chars().count() == 1
    };
    let end = within
        .char_indices()
        .zip(within.chars().skip(1))
        .find(|((i, c), next)| *c == '.' && next.is_whitespace() && !abbreviation(&within[..*i]))
        .map(|((i, _), _)| i);
    if let Some(end) = end {
        return Some(doc[..=end].to_owned());
    }
    let first_line = within.lines().next().unwrap_or_default();
    let cut = if first_line.len() < within.len() {
        first_line
    } else {
        first_line
            .rfind(char::is_whitespace)
            .map_or(first_line, |i| &first_line[..i])
    };
    Some(format!("{}…", cut.trim_end_matches([',', ';', ':', ' '])))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(name: &str, group: &str, order: i32, importance: &str) -> ConfigKeyInfo {
        ConfigKeyInfo {
            name: name.into(),
            key_type: "STRING".into(),
            required: false,
            default_value: None,
            importance: Some(importance.into()),
            documentation: None,
            group: Some(group.into()),
            width: None,
            display_name: None,
            dependents: vec![],
            order,
            recommended_values: vec![],
        }
    }

    fn values(list: &[&str]) -> Vec<String> {
        list.iter().map(|v| (*v).to_owned()).collect()
    }

    fn shown(choices: Option<Vec<Choice>>) -> Vec<(String, String)> {
        choices
            .expect("a fixed set")
            .into_iter()
            .map(|c| (c.value, c.label))
            .collect()
    }

    #[test]
    fn a_key_with_recommended_values_is_a_choice_with_a_default() {
        let mut d = def("publication.autocreate.mode", "Connector", 1, "LOW");
        d.default_value = Some("all_tables".into());
        let modes = values(&["all_tables", "disabled", "filtered", "no_tables"]);
        let got = shown(choices(&d, &modes, ""));
        assert_eq!(got[0], (String::new(), "(default: all_tables)".to_owned()));
        assert_eq!(
            got[1],
            ("all_tables".to_owned(), "all_tables (default)".to_owned())
        );
        assert_eq!(got.len(), 5);
        // A value the plugin does not list stays, so showing the form changes nothing.
        let got = shown(choices(&d, &modes, "legacy_mode"));
        assert_eq!(got.len(), 6);
        assert_eq!(got[5].0, "legacy_mode");
        assert!(got[5].1.contains("not among"));
        assert_eq!(shown(choices(&d, &modes, "filtered")).len(), 5);
    }

    #[test]
    fn a_required_choice_has_no_default_and_free_keys_are_text() {
        let mut d = def("snapshot.mode", "Connector", 1, "HIGH");
        d.required = true;
        let modes = values(&["initial", "no_data"]);
        assert_eq!(shown(choices(&d, &modes, ""))[0].1, "(choose one)");
        assert_eq!(
            shown(choices(&d, &modes, "initial")),
            [
                ("initial".to_owned(), "initial".to_owned()),
                ("no_data".to_owned(), "no_data".to_owned())
            ]
        );
        assert_eq!(
            choices(&def("topic.prefix", "Common", 1, "HIGH"), &[], ""),
            None
        );
        let mut list = def("table.include.list", "Filters", 1, "HIGH");
        list.key_type = "LIST".into();
        assert_eq!(
            choices(&list, &values(&["a", "b"]), ""),
            None,
            "a list takes several"
        );
        let mut flag = def("tombstones.on.delete", "Events", 1, "LOW");
        flag.key_type = "BOOLEAN".into();
        flag.default_value = Some("true".into());
        assert_eq!(
            shown(choices(&flag, &[], ""))
                .into_iter()
                .map(|c| c.0)
                .collect::<Vec<_>>(),
            ["", "true", "false"]
        );
    }

    #[test]
    fn long_descriptions_collapse_to_their_first_sentence_or_a_line() {
        assert_eq!(doc_summary("The topic prefix."), None);
        let snapshot = "The criteria for running a snapshot upon startup of the connector. Select one of the following snapshot options: 'always': The connector runs a snapshot every time that it starts.";
        assert_eq!(
            doc_summary(snapshot).as_deref(),
            Some("The criteria for running a snapshot upon startup of the connector.")
        );
        let one_long_sentence = "Applies only when streaming changes by using the pgoutput plug-in, and determines how creation of a publication should work, with all_tables as default";
        let cut = doc_summary(one_long_sentence).unwrap();
        assert!(
            cut.ends_with('…') && cut.chars().count() <= DOC_LINE + 1,
            "{cut}"
        );
        assert!(one_long_sentence.starts_with(cut.trim_end_matches('…')));
        assert_eq!(
            doc_summary("First line\nsecond line").as_deref(),
            Some("First line…")
        );
        let abbreviated = "Whether to emit, e.g. on deletes, a tombstone after each delete event. Kafka compaction then removes the key entirely.";
        assert_eq!(
            doc_summary(abbreviated).as_deref(),
            Some("Whether to emit, e.g. on deletes, a tombstone after each delete event.")
        );
    }

    #[test]
    fn groups_keep_plugin_order_and_sort_keys_inside() {
        let defs = [
            def("b", "Connection", 2, "HIGH"),
            def("x", "Common", 1, "HIGH"),
            def("a", "Connection", 1, "HIGH"),
            def("low", "Connection", 3, "LOW"),
        ];
        let config = BTreeMap::new();
        let groups = form_groups(&defs, &config, false);
        let names: Vec<_> = groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["Connection", "Common"]);
        let keys: Vec<_> = groups[0].keys.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(keys, ["a", "b"], "LOW importance and unset: hidden");
        let all = form_groups(&defs, &config, true);
        assert_eq!(all[0].keys.len(), 3);
        let set = BTreeMap::from([("low".to_owned(), "1".to_owned())]);
        assert_eq!(form_groups(&defs, &set, false)[0].keys.len(), 3);
    }

    #[test]
    fn dynamic_keys_are_kept_apart() {
        let defs = [def("topic.prefix", "Common", 1, "HIGH")];
        let config = BTreeMap::from([
            ("topic.prefix".to_owned(), "acme".to_owned()),
            ("converters.iso.type".to_owned(), "x.Y".to_owned()),
        ]);
        assert_eq!(undefined_keys(&defs, &config), ["converters.iso.type"]);
    }
}
