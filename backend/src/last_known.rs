//! A connector page's reads of Connect (header, config, offsets, active topics; a plugin's
//! definitions by class), each kept as the last answer per connector, so a hung Connect shows
//! the page's last known state at once, marked with since when Connect has not answered,
//! instead of holding the page for the read timeout. The header is served from the fleet
//! listing while it has the connector, and kept here for when the listing fails.
//!
//! Unlike [`crate::latest::Latest`], every read makes its own call: a read right after a write
//! must never join a call that started before the write. A read with an earlier answer waits
//! for its call at most [`PATIENCE`]; a first read waits for the answer or the timeout.
//! Errors are passed on as they are and never replace the last answer.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;

use sluice_shared::Known;

use crate::clock::now_ms;
use crate::latest::PATIENCE;

/// How many connectors' answers one cluster keeps per kind of read: far more pages than are
/// open at once; past it the oldest answers go.
const CAPACITY: usize = 512;

#[derive(Debug, Clone)]
struct Kept<T> {
    value: T,
    /// When the call that brought it started, ms since the epoch.
    fetched_at_ms: u64,
    /// The start of the oldest call since then that gave up waiting.
    unanswered_since_ms: Option<u64>,
}

#[derive(Debug)]
pub struct LastKnown<T> {
    kept: Mutex<HashMap<String, Kept<T>>>,
}

impl<T> Default for LastKnown<T> {
    fn default() -> Self {
        Self {
            kept: Mutex::new(HashMap::new()),
        }
    }
}

impl<T: Clone> LastKnown<T> {
    /// What `fetch` answers for connector `name`, or, when it has not answered within the
    /// patience and an earlier answer exists, that answer marked pending.
    pub async fn read<E>(
        &self,
        name: &str,
        fetch: impl Future<Output = Result<T, E>>,
    ) -> Result<Known<T>, E> {
        let started_ms = u64::try_from(now_ms()).unwrap_or(0);
        let mut fetch = std::pin::pin!(fetch);
        let answer = match tokio::time::timeout(PATIENCE, fetch.as_mut()).await {
            Ok(answer) => answer,
            Err(_) => match self.gave_up(name, started_ms) {
                Some(earlier) => return Ok(earlier),
                // Nothing to show instead: wait for the answer or the timeout.
                None => fetch.await,
            },
        };
        let value = answer?;
        self.remember(name, started_ms, value.clone());
        Ok(Known {
            value,
            fetched_at_ms: started_ms,
            pending_since_ms: None,
        })
    }

    /// Forgets a connector (deleted): a later one of the same name starts afresh.
    pub fn forget(&self, name: &str) {
        self.lock().remove(name);
    }

    fn gave_up(&self, name: &str, started_ms: u64) -> Option<Known<T>> {
        let mut kept = self.lock();
        let k = kept.get_mut(name)?;
        let since = *k.unanswered_since_ms.get_or_insert(started_ms);
        Some(Known {
            value: k.value.clone(),
            fetched_at_ms: k.fetched_at_ms,
            pending_since_ms: Some(since),
        })
    }

    /// Keeps `value`, asked at `started_ms`, as connector `name`'s last answer (also for an
    /// answer that came another way, such as the fleet listing).
    pub fn remember(&self, name: &str, started_ms: u64, value: T) {
        let mut kept = self.lock();
        // Calls can finish out of order: an answer to an older call never replaces a newer one.
        if kept.get(name).is_some_and(|k| k.fetched_at_ms > started_ms) {
            return;
        }
        if kept.len() >= CAPACITY && !kept.contains_key(name) {
            let oldest = kept
                .iter()
                .min_by_key(|(_, k)| k.fetched_at_ms)
                .map(|(n, _)| n.clone());
            if let Some(oldest) = oldest {
                kept.remove(&oldest);
            }
        }
        kept.insert(
            name.to_owned(),
            Kept {
                value,
                fetched_at_ms: started_ms,
                unanswered_since_ms: None,
            },
        );
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Kept<T>>> {
        // A panic while holding it cannot leave a half-written map: every change is one call.
        self.kept
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    type Reads = LastKnown<u32>;

    async fn answer(value: u32, after: Duration) -> Result<u32, &'static str> {
        tokio::time::sleep(after).await;
        Ok(value)
    }

    const HUNG: Duration = Duration::from_secs(3600);

    #[tokio::test(start_paused = true)]
    async fn a_hung_call_gets_the_last_answer_at_the_patience_marked_since_the_first_unanswered_call()
     {
        let reads = Reads::default();
        let first = reads
            .read("a", answer(1, Duration::ZERO))
            .await
            .expect("first");
        assert_eq!((first.value, first.pending_since_ms), (1, None));

        let started = tokio::time::Instant::now();
        let hung = reads.read("a", answer(2, HUNG)).await.expect("hung");
        assert_eq!(started.elapsed(), PATIENCE, "no longer than the patience");
        assert_eq!(hung.value, 1);
        assert_eq!(hung.fetched_at_ms, first.fetched_at_ms);
        let since = hung.pending_since_ms.expect("marked as waiting");
        assert!(since >= first.fetched_at_ms);

        // Still hung a while later: the mark keeps the first unanswered call's time.
        std::thread::sleep(Duration::from_millis(5));
        let again = reads.read("a", answer(3, HUNG)).await.expect("again");
        assert_eq!((again.value, again.pending_since_ms), (1, Some(since)));

        // Connect answers again: the new answer, unmarked.
        let back = reads.read("a", answer(4, Duration::from_millis(10))).await;
        assert_eq!(back.map(|k| (k.value, k.pending_since_ms)), Ok((4, None)));
    }

    #[tokio::test(start_paused = true)]
    async fn a_first_read_waits_for_its_answer_and_errors_never_replace_the_last_answer() {
        let reads = Reads::default();
        let started = tokio::time::Instant::now();
        let slow = reads
            .read("a", answer(1, PATIENCE * 3))
            .await
            .expect("slow");
        assert_eq!(started.elapsed(), PATIENCE * 3, "nothing to show instead");
        assert_eq!(slow.value, 1);

        let failed = reads.read("a", async { Err::<u32, _>("refused") }).await;
        assert_eq!(failed, Err("refused"), "an error is passed on");
        let hung = reads.read("a", answer(2, HUNG)).await.expect("hung");
        assert_eq!(hung.value, 1, "the last answer, not the error");

        // Another connector has nothing to show: its read waits.
        let other = tokio::time::timeout(PATIENCE * 2, reads.read("b", answer(9, HUNG))).await;
        assert!(other.is_err());
    }

    #[tokio::test(start_paused = true)]
    async fn an_older_call_answering_late_never_replaces_a_newer_answer_and_forget_starts_afresh() {
        let reads = Reads::default();
        reads
            .read("a", answer(1, Duration::ZERO))
            .await
            .expect("first");
        std::thread::sleep(Duration::from_millis(5));
        let (older, newer) = tokio::join!(
            reads.read("a", answer(2, Duration::from_millis(1500))),
            async {
                std::thread::sleep(Duration::from_millis(5));
                reads.read("a", answer(3, Duration::from_millis(100))).await
            }
        );
        assert_eq!(older.map(|k| k.value), Ok(2));
        assert_eq!(newer.map(|k| k.value), Ok(3));
        let hung = reads.read("a", answer(4, HUNG)).await.expect("hung");
        assert_eq!(hung.value, 3, "the newer call's answer is kept");

        reads.forget("a");
        let fresh = tokio::time::timeout(PATIENCE * 2, reads.read("a", answer(5, HUNG))).await;
        assert!(fresh.is_err(), "a deleted connector's answers are gone");
    }
}
