//! The last answer of a slow upstream call, shared by every request that needs it, for
//! answers that must not wait on a hung Connect: a value younger than its maximum age is used
//! as it is; an older one starts one refresh in its own task (never two at once) and waits
//! for it at most [`PATIENCE`], then hands out the older value with since when the refresh has
//! been pending. Only a first call, with nothing to fall back on, waits for the answer or its
//! timeout. [`Flight`] (one refresh at a time, and since when) is shared with the fleet feed.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::watch;

use crate::clock::now_ms;

/// How long a reader that has an earlier answer waits for a refresh before it is given that
/// answer, marked pending. Connect lists 1,000 connectors well within it.
pub const PATIENCE: Duration = Duration::from_secs(2);

/// At most one refresh at a time, and since when it has run.
#[derive(Debug, Default)]
pub struct Flight {
    busy: AtomicBool,
    started_ms: AtomicU64,
}

/// Held by the running refresh's task; dropping it (at the end, or if the refresh panics)
/// lets the next one start, so a failed refresh can never stop all later ones.
pub struct Landing<'a>(&'a Flight);

impl Drop for Landing<'_> {
    fn drop(&mut self) {
        self.0.busy.store(false, Ordering::SeqCst);
    }
}

impl Flight {
    /// Whether the caller may start a refresh now (none runs); it then spawns the refresh,
    /// whose task holds [`Flight::landing`] from its first line.
    pub fn take_off(&self) -> bool {
        if self.busy.swap(true, Ordering::SeqCst) {
            return false;
        }
        self.started_ms
            .store(u64::try_from(now_ms()).unwrap_or(0), Ordering::SeqCst);
        true
    }

    pub fn landing(&self) -> Landing<'_> {
        Landing(self)
    }

    pub fn in_flight(&self) -> bool {
        self.busy.load(Ordering::SeqCst)
    }

    /// When the running (or last) refresh started, ms since the epoch.
    pub fn started_ms(&self) -> u64 {
        self.started_ms.load(Ordering::SeqCst)
    }
}

/// One answer and when it came.
#[derive(Debug)]
pub struct Answer<T> {
    pub at: Instant,
    pub value: T,
}

/// What a caller gets: the newest answer, and since when a newer one has been awaited in vain.
#[derive(Debug)]
pub struct Seen<T> {
    pub answer: Arc<Answer<T>>,
    pub pending_since_ms: Option<u64>,
}

#[derive(Debug)]
pub struct Latest<T> {
    tx: watch::Sender<Option<Arc<Answer<T>>>>,
    flight: Flight,
}

impl<T> Default for Latest<T> {
    fn default() -> Self {
        Self {
            tx: watch::channel(None).0,
            flight: Flight::default(),
        }
    }
}

impl<T: Send + Sync + 'static> Latest<T> {
    /// The newest answer younger than `max_age`, else what `fetch` brings within the patience,
    /// else the older answer marked pending. `fetch` is only started when no refresh runs.
    pub async fn get<F>(self: &Arc<Self>, max_age: Duration, fetch: F) -> Seen<T>
    where
        F: Future<Output = T> + Send + 'static,
    {
        let mut rx = self.tx.subscribe();
        let earlier = rx.borrow_and_update().clone();
        if let Some(a) = &earlier
            && a.at.elapsed() < max_age
        {
            return Seen {
                answer: a.clone(),
                pending_since_ms: None,
            };
        }
        self.start(fetch);
        let next = async {
            loop {
                if rx.changed().await.is_err() {
                    return None;
                }
                if let Some(a) = rx.borrow_and_update().clone() {
                    return Some(a);
                }
            }
        };
        let fresh = match &earlier {
            None => next.await,
            Some(_) => tokio::time::timeout(PATIENCE, next).await.ok().flatten(),
        };
        match (fresh, earlier) {
            (Some(answer), _) => Seen {
                answer,
                pending_since_ms: None,
            },
            (None, Some(answer)) => Seen {
                answer,
                pending_since_ms: Some(self.flight.started_ms()),
            },
            // The sender lives as long as `self`: a closed channel cannot happen here.
            (None, None) => unreachable!("the answer channel closed while its owner lives"),
        }
    }

    fn start<F>(self: &Arc<Self>, fetch: F)
    where
        F: Future<Output = T> + Send + 'static,
    {
        if !self.flight.take_off() {
            return;
        }
        let me = self.clone();
        tokio::spawn(async move {
            let _landing = me.flight.landing();
            let value = fetch.await;
            me.tx.send_replace(Some(Arc::new(Answer {
                at: Instant::now(),
                value,
            })));
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hung_refresh_hands_out_the_older_answer_at_once_and_starts_no_second_call() {
        let latest: Arc<Latest<u32>> = Arc::default();
        let calls = Arc::new(AtomicU64::new(0));
        let counted = |value: u32, delay: Duration| {
            let calls = calls.clone();
            async move {
                calls.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(delay).await;
                value
            }
        };
        let first = latest.get(Duration::ZERO, counted(1, Duration::ZERO)).await;
        assert_eq!((first.answer.value, first.pending_since_ms), (1, None));

        // Connect hangs: the caller gets the older answer after the patience, marked.
        let started = Instant::now();
        let hung = latest
            .get(Duration::ZERO, counted(2, Duration::from_secs(3600)))
            .await;
        assert_eq!(hung.answer.value, 1);
        assert!(hung.pending_since_ms.is_some());
        assert!(started.elapsed() < PATIENCE + Duration::from_millis(500));
        // A second caller joins the pending refresh instead of sending another call.
        let again = latest.get(Duration::ZERO, counted(3, Duration::ZERO)).await;
        assert_eq!(again.answer.value, 1);
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_refresh_that_panics_does_not_stop_the_next_one() {
        let latest: Arc<Latest<u32>> = Arc::default();
        latest.get(Duration::ZERO, async { 1 }).await;
        let failed = latest
            .get(Duration::ZERO, async {
                u32::try_from(-1_i64).expect("the refresh fails")
            })
            .await;
        assert_eq!(
            failed.answer.value, 1,
            "the older answer, after the patience"
        );
        let next = latest.get(Duration::ZERO, async { 3 }).await;
        assert_eq!(next.answer.value, 3, "a new refresh ran");
    }

    #[tokio::test]
    async fn a_young_answer_is_used_without_a_call() {
        let latest: Arc<Latest<u32>> = Arc::default();
        let calls = Arc::new(AtomicU64::new(0));
        for value in [7, 8] {
            let calls = calls.clone();
            let seen = latest
                .get(Duration::from_secs(60), async move {
                    calls.fetch_add(1, Ordering::SeqCst);
                    value
                })
                .await;
            assert_eq!(seen.answer.value, 7);
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }
}
