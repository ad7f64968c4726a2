//! How full a dead-letter queue is and how fast it fills: depth is the records Kafka still
//! holds (high minus low watermark, summed over partitions), sampled into the console database;
//! growth compares the newest sample with the one nearest an hour and a day before it.

use serde::{Deserialize, Serialize};

/// Records held: Σ over partitions of `high − low` (a partition with nothing counts 0).
pub fn depth(watermarks: impl IntoIterator<Item = (i64, i64)>) -> u64 {
    watermarks
        .into_iter()
        .map(|(low, high)| u64::try_from(high - low).unwrap_or(0))
        .sum()
}

/// One sample of a DLQ's depth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sample {
    pub at_ms: i64,
    pub depth: u64,
    /// The sum of high watermarks: records ever written, which retention never lowers.
    pub written: u64,
}

/// Records written over the last hour and day, `None` where no sample is old enough.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Growth {
    pub last_hour: Option<u64>,
    pub last_day: Option<u64>,
}

const HOUR_MS: i64 = 3_600_000;

/// Growth from samples in any order. Counted from the high watermarks, so records retention
/// deleted meanwhile do not hide new failures; the oldest sample at least `window` old stands
/// for the window's start.
pub fn growth(samples: &[Sample]) -> Growth {
    let Some(newest) = samples.iter().max_by_key(|s| s.at_ms) else {
        return Growth::default();
    };
    let since = |window: i64| {
        samples
            .iter()
            .filter(|s| newest.at_ms - s.at_ms >= window)
            .max_by_key(|s| s.at_ms)
            .map(|start| newest.written.saturating_sub(start.written))
    };
    Growth {
        last_hour: since(HOUR_MS),
        last_day: since(24 * HOUR_MS),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_sums_what_each_partition_still_holds() {
        assert_eq!(depth([(0, 10), (5, 7), (3, 3)]), 12);
        assert_eq!(depth([(9, 4)]), 0, "an inconsistent pair counts nothing");
        assert_eq!(depth([]), 0);
    }

    #[test]
    fn growth_counts_writes_over_the_hour_and_day_despite_retention() {
        let s = |hours_ago: i64, depth: u64, written: u64| Sample {
            at_ms: 100 * HOUR_MS - hours_ago * HOUR_MS,
            depth,
            written,
        };
        let samples = [
            s(0, 40, 1_000),
            s(1, 35, 990),
            s(2, 30, 980),
            s(30, 500, 500),
        ];
        let g = growth(&samples);
        assert_eq!(g.last_hour, Some(10));
        assert_eq!(
            g.last_day,
            Some(500),
            "retention shrank the depth; writes still count"
        );
        assert_eq!(
            growth(&[s(0, 1, 1)]),
            Growth::default(),
            "one sample: no window yet"
        );
        assert_eq!(growth(&[]), Growth::default());
    }
}
