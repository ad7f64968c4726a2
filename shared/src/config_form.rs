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
        }
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
