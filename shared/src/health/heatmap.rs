//! The task-failure heatmap: how often each connector (or one of its tasks) went FAILED per
//! hour. Only connectors that failed are rows, the most failing first, so a fleet of 1,000
//! healthy connectors with three flaky ones is three rows, not a thousand.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One connector's row: failures per bucket (index from the range's start), only where > 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeatRow {
    pub connector: String,
    pub total: u64,
    pub cells: Vec<(u32, u64)>,
}

/// `GET /api/v1/clusters/{cluster}/failures`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailureHeatmap {
    pub cluster_id: String,
    /// The first bucket's start (a whole bucket).
    pub from_ms: i64,
    pub to_ms: i64,
    pub bucket_ms: i64,
    pub buckets: u32,
    pub rows: Vec<HeatRow>,
    /// Connectors that failed but were left off (beyond the row limit).
    pub more: usize,
}

/// Rows from `(connector, bucket start, failures)` counts: the `limit` connectors with the most
/// failures (ties by name), each bucket's index from `from_ms` (floored to a bucket).
pub fn heat_rows(
    counts: impl IntoIterator<Item = (String, i64, u64)>,
    from_ms: i64,
    bucket_ms: i64,
    limit: usize,
) -> (Vec<HeatRow>, usize) {
    let start = from_ms - from_ms.rem_euclid(bucket_ms);
    let mut by: BTreeMap<String, BTreeMap<u32, u64>> = BTreeMap::new();
    for (connector, at, n) in counts {
        let Ok(i) = u32::try_from((at - start).div_euclid(bucket_ms)) else {
            continue;
        };
        *by.entry(connector).or_default().entry(i).or_default() += n;
    }
    let mut rows: Vec<HeatRow> = by
        .into_iter()
        .map(|(connector, cells)| HeatRow {
            total: cells.values().sum(),
            cells: cells.into_iter().collect(),
            connector,
        })
        .collect();
    rows.sort_by(|a, b| {
        b.total
            .cmp(&a.total)
            .then_with(|| a.connector.cmp(&b.connector))
    });
    let more = rows.len().saturating_sub(limit);
    rows.truncate(limit);
    (rows, more)
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3_600_000;

    #[test]
    fn the_most_failing_connectors_come_first_with_their_hours_and_the_rest_are_counted() {
        let counts = vec![
            ("calm".to_owned(), 5 * H, 1),
            ("flaky".to_owned(), 2 * H + 10, 3),
            ("flaky".to_owned(), 4 * H, 2),
            ("other".to_owned(), 3 * H, 1),
        ];
        // The range starts mid-hour: indexes count from that hour's start.
        let (rows, more) = heat_rows(counts, 2 * H + 1_800_000, H, 2);
        assert_eq!(rows[0].connector, "flaky");
        assert_eq!(rows[0].total, 5);
        assert_eq!(rows[0].cells, vec![(0, 3), (2, 2)]);
        assert_eq!(rows[1].connector, "calm", "ties go by name");
        assert_eq!(more, 1);
    }
}
