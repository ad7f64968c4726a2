//! Where a redrive may write a dead-letter record back: the topic it was consumed from (its
//! `__connect.errors.topic` header) or one the user chose, never the queue itself, and for a
//! tenant's user only inside the tenant's namespace.

use crate::tenancy::Namespace;

use super::ErrorContext;

/// The topic to produce the record to, or why there is none, in words for the user.
pub fn redrive_target(
    context: Option<&ErrorContext>,
    chosen: Option<&str>,
    dlq_topic: &str,
    namespace: Option<&Namespace>,
) -> Result<String, String> {
    let target = match chosen.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => t.to_owned(),
        None => context.and_then(|c| c.topic.clone()).ok_or_else(|| {
            "the record does not say where it came from (the connector writes no context \
             headers): choose a topic"
                .to_owned()
        })?,
    };
    if target == dlq_topic {
        return Err(format!(
            "`{target}` is the dead-letter queue itself: the record would come straight back"
        ));
    }
    if let Some(ns) = namespace
        && !ns.holds_topic(&target)
    {
        return Err(format!(
            "`{target}` is outside this tenant's namespace: its topics start with `{}`",
            ns.topic_prefix
        ));
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_redrive_goes_back_where_the_record_came_from_inside_the_namespace() {
        let from = ErrorContext {
            topic: Some("acme.orders".into()),
            ..ErrorContext::default()
        };
        let ns = crate::tenancy::test_namespace("acme");
        assert_eq!(
            redrive_target(Some(&from), None, "acme.dlq", Some(&ns)),
            Ok("acme.orders".into())
        );
        assert_eq!(
            redrive_target(Some(&from), Some(" acme.retry "), "acme.dlq", Some(&ns)),
            Ok("acme.retry".into())
        );
        let outside = redrive_target(Some(&from), Some("globex.orders"), "acme.dlq", Some(&ns));
        assert!(outside.unwrap_err().contains("`acme.`"));
        assert!(redrive_target(Some(&from), Some("acme.dlq"), "acme.dlq", Some(&ns)).is_err());
        assert!(
            redrive_target(None, None, "acme.dlq", None)
                .unwrap_err()
                .contains("choose a topic")
        );
        assert_eq!(
            redrive_target(Some(&from), Some("anything"), "dlq", None),
            Ok("anything".into()),
            "an admin may redrive anywhere"
        );
    }
}
