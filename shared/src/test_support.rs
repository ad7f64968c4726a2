//! Helpers for this crate's unit tests.

use std::collections::BTreeMap;

/// A connector config from literal pairs.
pub fn config(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}
