//! A per-cluster circuit breaker: after repeated transport failures, fail fast for a
//! cooldown instead of making every page wait for a connect timeout, then let one probe
//! through. Small enough that a dependency would add more than it saves.

use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug)]
enum State {
    Closed {
        failures: u32,
    },
    Open {
        until: Instant,
    },
    /// One probe is in flight; everyone else keeps failing fast until it reports.
    HalfOpen,
}

#[derive(Debug)]
pub struct Breaker {
    threshold: u32,
    cooldown: Duration,
    state: Mutex<State>,
}

impl Breaker {
    pub fn new(threshold: u32, cooldown: Duration) -> Self {
        Self {
            threshold: threshold.max(1),
            cooldown,
            state: Mutex::new(State::Closed { failures: 0 }),
        }
    }

    /// `Ok` to go ahead, or `Err(time until the next probe)`.
    pub fn check(&self) -> Result<(), Duration> {
        let mut state = self.lock();
        match *state {
            State::Closed { .. } => Ok(()),
            State::Open { until } => {
                let now = Instant::now();
                if now >= until {
                    *state = State::HalfOpen;
                    Ok(())
                } else {
                    Err(until - now)
                }
            }
            State::HalfOpen => Err(self.cooldown),
        }
    }

    /// Any HTTP answer, even an error status, proves the cluster is reachable.
    pub fn record_success(&self) {
        *self.lock() = State::Closed { failures: 0 };
    }

    pub fn record_failure(&self) {
        let mut state = self.lock();
        let failures = match *state {
            State::Closed { failures } => failures + 1,
            State::Open { .. } | State::HalfOpen => self.threshold,
        };
        *state = if failures >= self.threshold {
            State::Open {
                until: Instant::now() + self.cooldown,
            }
        } else {
            State::Closed { failures }
        };
    }

    pub fn is_open(&self) -> bool {
        !matches!(*self.lock(), State::Closed { .. })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // The state is a plain value: a panic elsewhere cannot leave it half-written.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_after_threshold_and_fails_fast() {
        let b = Breaker::new(3, Duration::from_secs(60));
        for _ in 0..2 {
            b.record_failure();
        }
        assert!(b.check().is_ok(), "two failures are below the threshold");
        b.record_failure();
        let wait = b.check().unwrap_err();
        assert!(wait > Duration::from_secs(50));
    }

    #[test]
    fn a_success_resets_the_count() {
        let b = Breaker::new(2, Duration::from_secs(60));
        b.record_failure();
        b.record_success();
        b.record_failure();
        assert!(b.check().is_ok());
    }

    #[test]
    fn after_cooldown_one_probe_goes_through_and_its_result_decides() {
        let b = Breaker::new(1, Duration::from_millis(20));
        b.record_failure();
        assert!(b.check().is_err());
        std::thread::sleep(Duration::from_millis(30));
        assert!(b.check().is_ok(), "the probe");
        assert!(b.check().is_err(), "others wait for the probe");
        b.record_failure();
        assert!(b.check().is_err(), "a failed probe reopens");
        std::thread::sleep(Duration::from_millis(30));
        assert!(b.check().is_ok());
        b.record_success();
        assert!(b.check().is_ok() && !b.is_open());
    }
}
