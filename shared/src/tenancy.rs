//! Tenant namespaces: a tenant's connectors are named with its prefix and write topics under
//! its `topic.prefix` namespace (seed 004, "multi-tenant isolation").

use std::collections::BTreeMap;

use crate::error::{ApiError, ErrorCode};

/// Every way `name` and `config` leave the tenant's namespace, each with its field.
pub fn namespace_errors(
    name: &str,
    config: &BTreeMap<String, String>,
    connector_prefix: &str,
    topic_prefix: &str,
) -> Vec<ApiError> {
    let mut errors = Vec::new();
    if !name.starts_with(connector_prefix) || name.len() == connector_prefix.len() {
        errors.push(
            ApiError::new(
                ErrorCode::InvalidInput,
                format!("connector names of this tenant start with `{connector_prefix}`"),
            )
            .with_field("name"),
        );
    }
    if let Some(prefix) = config.get("topic.prefix")
        && !prefix.starts_with(topic_prefix)
    {
        errors.push(
            ApiError::new(
                ErrorCode::InvalidInput,
                format!("topic.prefix of this tenant starts with `{topic_prefix}`"),
            )
            .with_field("config.topic.prefix"),
        );
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(prefix: Option<&str>) -> BTreeMap<String, String> {
        prefix
            .map(|p| [("topic.prefix".to_owned(), p.to_owned())].into())
            .unwrap_or_default()
    }

    #[test]
    fn accepts_names_and_topics_inside_the_namespace() {
        assert!(
            namespace_errors("acme-orders", &cfg(Some("acme.orders")), "acme-", "acme.").is_empty()
        );
        assert!(
            namespace_errors("acme-sink", &cfg(None), "acme-", "acme.").is_empty(),
            "sinks have no topic.prefix"
        );
    }

    #[test]
    fn reports_every_violation_with_its_field() {
        let errors = namespace_errors(
            "globex-orders",
            &cfg(Some("globex.orders")),
            "acme-",
            "acme.",
        );
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_deref()).collect();
        assert_eq!(fields, [Some("name"), Some("config.topic.prefix")]);
        assert_eq!(
            namespace_errors("acme-", &cfg(None), "acme-", "acme.").len(),
            1,
            "the bare prefix is no name"
        );
    }
}
