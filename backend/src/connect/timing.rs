//! How long a request of the console's own waited on Connect, for its `Server-Timing`
//! header: an answer's time splits into Connect's and Sluice's, per request, which a client
//! (a browser's network panel, `dev/bench`) cannot tell apart from outside when Connect's own
//! time varies by more than Sluice adds.

use std::cell::Cell;
use std::future::Future;
use std::time::Duration;

tokio::task_local! {
    static WAITED: Cell<Waited>;
}

/// Connect's share of one request: the calls made and the time spent in them (sent until
/// the answer's last byte, retries included). Calls made at the same time add up.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Waited {
    pub calls: u32,
    pub time: Duration,
}

/// Runs `work`, counting what the client's calls made inside it (on this task) waited.
pub async fn measure<F: Future>(work: F) -> (F::Output, Waited) {
    let mut waited = Waited::default();
    let output = WAITED
        .scope(Cell::new(Waited::default()), async {
            let output = work.await;
            waited = WAITED.with(Cell::get);
            output
        })
        .await;
    (output, waited)
}

/// Adds one call's wait; outside `measure` (background work) it is not counted.
pub(super) fn add(time: Duration, new_call: bool) {
    let _ = WAITED.try_with(|w| {
        let mut now = w.get();
        now.time += time;
        now.calls += u32::from(new_call);
        w.set(now);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn counts_the_calls_made_inside_and_nothing_outside() {
        add(Duration::from_millis(500), true);
        let ((), waited) = measure(async {
            add(Duration::from_millis(30), true);
            add(Duration::from_millis(2), false);
            add(Duration::from_millis(10), true);
        })
        .await;
        assert_eq!(
            waited,
            Waited {
                calls: 2,
                time: Duration::from_millis(42)
            }
        );
        let ((), none) = measure(async {}).await;
        assert_eq!(none, Waited::default());
    }
}
