//! Where a redrive may write a dead-letter record back: the topic it was consumed from (its
//! `__connect.errors.topic` header) or one the user chose, never the queue itself, and for a
//! tenant's user only inside the tenant's namespace.

use serde::{Deserialize, Serialize};

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

/// Consecutive DLQ offsets of one partition, both ends included: how a redrive's records are
/// recorded in its job and the audit log, and checked against earlier redrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OffsetRange {
    pub partition: i32,
    pub first: i64,
    pub last: i64,
}

impl std::fmt::Display for OffsetRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.first == self.last {
            write!(f, "{}:{}", self.partition, self.first)
        } else {
            write!(f, "{}:{}-{}", self.partition, self.first, self.last)
        }
    }
}

/// `(partition, offset)` pairs in any order, duplicates allowed, as the fewest ranges.
pub fn offset_ranges(offsets: impl IntoIterator<Item = (i32, i64)>) -> Vec<OffsetRange> {
    let mut all: Vec<(i32, i64)> = offsets.into_iter().collect();
    all.sort_unstable();
    all.dedup();
    let mut out: Vec<OffsetRange> = Vec::new();
    for (partition, offset) in all {
        match out.last_mut() {
            Some(r) if r.partition == partition && r.last + 1 == offset => r.last = offset,
            _ => out.push(OffsetRange {
                partition,
                first: offset,
                last: offset,
            }),
        }
    }
    out
}

/// How many offsets of `wanted` some range of `done` already holds.
pub fn overlap(wanted: &[OffsetRange], done: &[OffsetRange]) -> u64 {
    let mut n = 0;
    for w in wanted {
        // Earlier redrives may overlap each other: count each wanted offset once.
        let mut hits: Vec<(i64, i64)> = done
            .iter()
            .filter(|d| d.partition == w.partition)
            .map(|d| (d.first.max(w.first), d.last.min(w.last)))
            .filter(|(a, b)| a <= b)
            .collect();
        hits.sort_unstable();
        let mut covered_to = i64::MIN;
        for (a, b) in hits {
            let from = a.max(covered_to.saturating_add(1));
            if from <= b {
                n += u64::try_from(b - from + 1).unwrap_or(0);
            }
            covered_to = covered_to.max(b);
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_the_fewest_ranges_and_overlaps_count_each_offset_once() {
        let r = offset_ranges([(0, 5), (0, 3), (0, 4), (1, 4), (0, 9), (0, 4)]);
        assert_eq!(
            r.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["0:3-5", "0:9", "1:4"]
        );
        let done = offset_ranges([(0, 4), (0, 5), (0, 6), (1, 1)]);
        let again = offset_ranges([(0, 5), (0, 6), (0, 7)]);
        assert_eq!(overlap(&r, &done), 2, "0:4 and 0:5");
        assert_eq!(overlap(&r, &[done.clone(), again].concat()), 2);
        assert_eq!(overlap(&r, &[]), 0);
        assert_eq!(
            overlap(&offset_ranges([(1, 4)]), &done),
            0,
            "other partition"
        );
    }

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
