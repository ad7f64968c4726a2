//! The fleet view's search, filters, sort and page as URL query parameters, so Back, a reload
//! and a shared link all show the same rows. Defaults are left out: a plain `/` is the
//! unfiltered first page.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::connector::ConnectorType;
use crate::fleet::{FleetQuery, Health};

/// A fleet view: the query and the page shown (0-based; shown 1-based in the URL).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FleetView {
    pub query: FleetQuery,
    pub page: usize,
}

impl FleetView {
    /// `(key, value)` pairs for the URL, in a fixed order, defaults omitted.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let q = &self.query;
        let mut out = Vec::new();
        if !q.text.trim().is_empty() {
            out.push(("q", q.text.clone()));
        }
        if !q.health.is_empty() {
            let names: Vec<&str> = q.health.iter().map(|h| h.as_str()).collect();
            out.push(("state", names.join(",")));
        }
        if let Some(k) = q.kind {
            out.push(("type", name_of(&k)));
        }
        for (key, value) in [
            ("plugin", &q.plugin),
            ("tenant", &q.tenant),
            ("cluster", &q.cluster),
        ] {
            if let Some(v) = value {
                out.push((key, v.clone()));
            }
        }
        if q.sort != Default::default() {
            out.push(("sort", name_of(&q.sort)));
        }
        if q.descending {
            out.push(("desc", "1".to_owned()));
        }
        if self.page > 0 {
            out.push(("page", (self.page + 1).to_string()));
        }
        out
    }

    /// The view a URL asks for. Values it does not understand are left at their defaults
    /// rather than refused: an old or hand-edited link still opens the fleet.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut view = FleetView::default();
        let q = &mut view.query;
        for (key, value) in pairs {
            let value = value.trim();
            match key {
                "q" => q.text = value.to_owned(),
                "state" => {
                    q.health = value
                        .split(',')
                        .filter_map(|s| Health::ALL.into_iter().find(|h| h.as_str() == s))
                        .collect();
                }
                // The filter offers sources and sinks; serde reads anything else as Unknown.
                "type" => {
                    q.kind = parse(value).filter(|k| *k != ConnectorType::Unknown);
                }
                "plugin" => q.plugin = Some(value.to_owned()).filter(|v| !v.is_empty()),
                "tenant" => q.tenant = Some(value.to_owned()).filter(|v| !v.is_empty()),
                "cluster" => q.cluster = Some(value.to_owned()).filter(|v| !v.is_empty()),
                "sort" => q.sort = parse(value).unwrap_or_default(),
                "desc" => q.descending = value == "1",
                "page" => {
                    view.page = value
                        .parse::<usize>()
                        .ok()
                        .and_then(|p| p.checked_sub(1))
                        .unwrap_or(0);
                }
                _ => {}
            }
        }
        view
    }
}

/// A unit enum's serde name (`sink`, `tasks`).
fn name_of<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn parse<T: DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::SortKey;

    #[test]
    fn a_view_survives_the_round_trip_through_its_url() {
        let view = FleetView {
            query: FleetQuery {
                text: "orders".into(),
                health: vec![Health::Failed, Health::Degraded],
                kind: Some(ConnectorType::Sink),
                plugin: Some("io.debezium.connector.postgresql.PostgresConnector".into()),
                tenant: Some("acme".into()),
                cluster: Some("w1".into()),
                sort: SortKey::Tasks,
                descending: true,
            },
            page: 2,
        };
        let pairs = view.to_pairs();
        assert!(pairs.contains(&("state", "failed,degraded".to_owned())));
        assert!(
            pairs.contains(&("page", "3".to_owned())),
            "1-based: {pairs:?}"
        );
        let back = FleetView::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, view);
    }

    #[test]
    fn the_default_view_is_a_bare_url_and_nonsense_falls_back_to_defaults() {
        assert!(FleetView::default().to_pairs().is_empty());
        let odd = FleetView::from_pairs([
            ("state", "failed,exploded"),
            ("type", "sideways"),
            ("sort", "colour"),
            ("page", "0"),
            ("utm", "x"),
        ]);
        assert_eq!(odd.query.health, vec![Health::Failed]);
        assert_eq!(
            (odd.query.kind, odd.query.sort, odd.page),
            (None, SortKey::Name, 0)
        );
    }
}
