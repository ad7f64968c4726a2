//! Recognising rebalance refusals and pacing their retries.
//!
//! Connect answers writes with 409 while the group rebalances, and some reads with 500
//! "rebalance is expected"; "already exists" is a 409 too. Only the message tells them
//! apart (reference §1.1), so that is what this matches. A follower whose leader died answers
//! writes with 500 until the group has noticed (its session timeout) and elected another.

use std::time::Duration;

use reqwest::StatusCode;

/// Messages Connect uses when a request failed only because of a rebalance.
const REBALANCE_MARKERS: [&str; 4] = [
    "rebalance",
    "stale configuration",
    "no known leader",
    "conflicting operation",
];

pub fn is_rebalance(status: StatusCode, message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    match status.as_u16() {
        409 => !m.contains("already exists") && REBALANCE_MARKERS.iter().any(|k| m.contains(k)),
        // A worker that could not reach the leader to forward a write to (it died; the
        // group elects another): the write never arrived anywhere, so it may be sent again.
        500 => {
            m.contains("rebalance is expected")
                || (m.contains("trying to forward rest request") && m.contains("connectexception"))
        }
        _ => false,
    }
}

/// Exponential backoff, 100 ms doubling to at most 2 s.
pub fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(100u64.saturating_mul(1 << attempt.min(5)).min(2_000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_every_rebalance_message_in_the_reference() {
        let conflict = StatusCode::CONFLICT;
        for m in [
            "Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)",
            "Cannot complete request momentarily due to no known leader URL, likely because a rebalance was underway.",
            "Cannot complete request because of a conflicting operation (e.g. worker rebalance)",
        ] {
            assert!(is_rebalance(conflict, m), "{m}");
        }
        assert!(is_rebalance(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Request cannot be completed because a rebalance is expected"
        ));
        // Connect 4.1.1's answer, recorded with its leader killed.
        assert!(is_rebalance(
            StatusCode::INTERNAL_SERVER_ERROR,
            "IO Error trying to forward REST request: java.net.ConnectException: Connection refused"
        ));
    }

    #[test]
    fn does_not_retry_what_a_retry_cannot_fix() {
        assert!(!is_rebalance(
            StatusCode::CONFLICT,
            "Connector inv already exists"
        ));
        assert!(!is_rebalance(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Failed to find any class that implements Connector"
        ));
        assert!(!is_rebalance(
            StatusCode::BAD_REQUEST,
            "stale configuration"
        ));
        // The leader took the request and its answer was lost: it may have been applied.
        assert!(!is_rebalance(
            StatusCode::INTERNAL_SERVER_ERROR,
            "IO Error trying to forward REST request: java.net.SocketTimeoutException: Read timed out"
        ));
    }

    #[test]
    fn backoff_grows_then_caps() {
        assert_eq!(backoff(0), Duration::from_millis(100));
        assert_eq!(backoff(2), Duration::from_millis(400));
        assert_eq!(backoff(10), Duration::from_secs(2));
    }
}
