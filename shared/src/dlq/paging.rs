//! Reading a DLQ newest first, a page at a time, without scanning it: each page is a set of
//! `(partition, first offset, count)` reads computed from the watermarks and a cursor, so a
//! page of 100 records in a queue of 100,000 costs one seek per partition.

use serde::{Deserialize, Serialize};

/// Where the next (older) page ends, per partition: the offset just past what it may read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    /// `(partition, end)`: records below `end` are still to read. Missing partitions start at
    /// their high watermark.
    pub ends: Vec<(i32, i64)>,
}

/// One read: `count` records from `first` on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Read {
    pub partition: i32,
    pub first: i64,
    pub count: i64,
}

/// The reads for a page of up to `size` records, newest first, spread over the partitions
/// that still hold records (round robin, so a busy partition does not hide the others), and
/// the cursor of the page after it (`None` when nothing older is left).
/// `watermarks` are `(partition, low, high)`.
impl Cursor {
    /// The cursor as the API hands it out: `partition:end` pairs, comma-separated.
    pub fn to_token(&self) -> String {
        self.ends
            .iter()
            .map(|(p, e)| format!("{p}:{e}"))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// A cursor read back; `None` when it is not one.
    pub fn from_token(token: &str) -> Option<Self> {
        let ends = token
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|pair| {
                let (p, e) = pair.split_once(':')?;
                Some((p.trim().parse().ok()?, e.trim().parse().ok()?))
            })
            .collect::<Option<Vec<(i32, i64)>>>()?;
        Some(Self { ends })
    }
}

pub fn next_page(
    watermarks: &[(i32, i64, i64)],
    cursor: &Cursor,
    size: i64,
) -> (Vec<Read>, Option<Cursor>) {
    let mut left: Vec<(i32, i64, i64)> = watermarks
        .iter()
        .map(|&(p, low, high)| {
            let end = cursor
                .ends
                .iter()
                .find(|(cp, _)| *cp == p)
                .map_or(high, |(_, e)| (*e).min(high));
            (p, low, end.max(low))
        })
        .collect();
    let mut taken = vec![0_i64; left.len()];
    let mut budget = size.max(0);
    while budget > 0 {
        let mut progressed = false;
        for (i, (_, low, end)) in left.iter().enumerate() {
            if budget > 0 && end - taken[i] > *low {
                taken[i] += 1;
                budget -= 1;
                progressed = true;
            }
        }
        if !progressed {
            break;
        }
    }
    let reads = left
        .iter()
        .zip(&taken)
        .filter(|(_, t)| **t > 0)
        .map(|(&(partition, _, end), &count)| Read {
            partition,
            first: end - count,
            count,
        })
        .collect();
    for ((_, _, end), t) in left.iter_mut().zip(&taken) {
        *end -= t;
    }
    let more = left.iter().any(|(_, low, end)| end > low);
    let next = more.then(|| Cursor {
        ends: left.iter().map(|&(p, _, end)| (p, end)).collect(),
    });
    (reads, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_go_newest_first_across_partitions_without_reading_the_rest() {
        let marks = [(0, 0, 100_000), (1, 50, 53)];
        let (reads, next) = next_page(&marks, &Cursor::default(), 100);
        assert_eq!(
            reads,
            [
                Read {
                    partition: 0,
                    first: 99_903,
                    count: 97
                },
                Read {
                    partition: 1,
                    first: 50,
                    count: 3
                }
            ]
        );
        let next = next.expect("older records remain");
        let (reads, _) = next_page(&marks, &next, 10);
        assert_eq!(
            reads,
            [Read {
                partition: 0,
                first: 99_893,
                count: 10
            }]
        );
    }

    #[test]
    fn a_cursor_survives_its_token_and_garbage_is_no_cursor() {
        let c = Cursor {
            ends: vec![(0, 99_903), (1, 50)],
        };
        assert_eq!(c.to_token(), "0:99903,1:50");
        assert_eq!(Cursor::from_token(&c.to_token()), Some(c));
        assert_eq!(Cursor::from_token("0:x"), None);
        assert_eq!(Cursor::from_token("7"), None);
    }

    #[test]
    fn an_empty_or_exhausted_queue_has_no_next_page() {
        let (reads, next) = next_page(&[(0, 7, 7)], &Cursor::default(), 100);
        assert!(reads.is_empty() && next.is_none());
        let (reads, next) = next_page(&[(0, 0, 5)], &Cursor::default(), 5);
        assert_eq!(
            reads,
            [Read {
                partition: 0,
                first: 0,
                count: 5
            }]
        );
        assert_eq!(next, None, "all five read");
        // Retention moved the low watermark past the cursor: nothing below it is asked for.
        let stale = Cursor { ends: vec![(0, 3)] };
        let (reads, next) = next_page(&[(0, 10, 20)], &stale, 5);
        assert!(reads.is_empty() && next.is_none());
    }
}
