//! Dead-letter records grouped by what went wrong: exception class and message, with counts,
//! the offsets they span and where they came from, largest group first.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::ErrorContext;

/// Records that failed the same way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorGroup {
    /// `None` for records without context headers (nothing says why they failed).
    pub exception_class: Option<String>,
    pub exception_message: Option<String>,
    pub count: usize,
    /// The DLQ offsets of the first and last record seen in the group.
    pub first_offset: i64,
    pub last_offset: i64,
    /// The topics the failed records were consumed from.
    pub topics: BTreeSet<String>,
}

/// Groups `(DLQ offset, context)` pairs; the largest group first, then by first offset.
pub fn group_by_error<'c>(
    records: impl IntoIterator<Item = (i64, Option<&'c ErrorContext>)>,
) -> Vec<ErrorGroup> {
    let mut groups: Vec<ErrorGroup> = Vec::new();
    for (offset, context) in records {
        let class = context.and_then(|c| c.exception_class.clone());
        let message = context.and_then(|c| c.exception_message.clone());
        let group = match groups
            .iter_mut()
            .find(|g| g.exception_class == class && g.exception_message == message)
        {
            Some(g) => g,
            None => {
                groups.push(ErrorGroup {
                    exception_class: class,
                    exception_message: message,
                    count: 0,
                    first_offset: offset,
                    last_offset: offset,
                    topics: BTreeSet::new(),
                });
                groups.last_mut().expect("just pushed")
            }
        };
        group.count += 1;
        group.first_offset = group.first_offset.min(offset);
        group.last_offset = group.last_offset.max(offset);
        if let Some(topic) = context.and_then(|c| c.topic.clone()) {
            group.topics.insert(topic);
        }
    }
    groups.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(a.first_offset.cmp(&b.first_offset))
    });
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(class: &str, message: &str, topic: &str) -> ErrorContext {
        ErrorContext {
            topic: Some(topic.into()),
            exception_class: Some(class.into()),
            exception_message: Some(message.into()),
            ..ErrorContext::default()
        }
    }

    #[test]
    fn records_group_by_exception_and_message_largest_first() {
        let json = failure("DataException", "Converting byte[] failed", "acme.a");
        let json_b = failure("DataException", "Converting byte[] failed", "acme.b");
        let sql = failure("SQLException", "duplicate key", "acme.a");
        let groups = group_by_error([
            (10, Some(&sql)),
            (11, Some(&json)),
            (12, Some(&json_b)),
            (13, None),
            (14, Some(&json)),
        ]);
        assert_eq!(groups.len(), 3);
        assert_eq!(groups[0].count, 3);
        assert_eq!((groups[0].first_offset, groups[0].last_offset), (11, 14));
        assert_eq!(
            groups[0].topics.iter().collect::<Vec<_>>(),
            ["acme.a", "acme.b"]
        );
        assert_eq!(groups[1].exception_class.as_deref(), Some("SQLException"));
        assert_eq!(groups[2].exception_class, None, "records without context");
        assert!(group_by_error([]).is_empty());
    }
}
