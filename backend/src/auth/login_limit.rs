//! Login throttling per account and per client address: enough for a person who mistypes,
//! far too little for guessing.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

pub struct LoginLimits {
    per_account: DefaultKeyedRateLimiter<String>,
    per_address: DefaultKeyedRateLimiter<IpAddr>,
}

impl LoginLimits {
    /// `per_account` attempts per minute per username, `per_address` per minute per IP.
    pub fn new(per_account: u32, per_address: u32) -> Self {
        let quota =
            |n: u32| Quota::per_minute(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN));
        Self {
            per_account: DefaultKeyedRateLimiter::keyed(quota(per_account)),
            per_address: DefaultKeyedRateLimiter::keyed(quota(per_address)),
        }
    }

    /// `Err(wait)` when either limit is exhausted.
    pub fn check(&self, username: &str, address: IpAddr) -> Result<(), Duration> {
        let now = DefaultClock::default().now();
        let account = self.per_account.check_key(&username.to_lowercase());
        let addr = self.per_address.check_key(&address);
        match (account, addr) {
            (Ok(()), Ok(())) => Ok(()),
            (Err(e), _) | (_, Err(e)) => Err(e.wait_time_from(now)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_throttled_after_its_quota() {
        let limits = LoginLimits::new(3, 100);
        let ip: IpAddr = [127, 0, 0, 1].into();
        for _ in 0..3 {
            assert!(limits.check("ada", ip).is_ok());
        }
        let wait = limits
            .check("ADA", ip)
            .expect_err("fourth attempt within a minute");
        assert!(wait > Duration::ZERO);
        assert!(
            limits.check("bob", ip).is_ok(),
            "other accounts are unaffected"
        );
    }

    #[test]
    fn an_address_is_throttled_across_accounts() {
        let limits = LoginLimits::new(100, 2);
        let ip: IpAddr = [10, 0, 0, 1].into();
        assert!(limits.check("a", ip).is_ok() && limits.check("b", ip).is_ok());
        assert!(limits.check("c", ip).is_err());
        assert!(limits.check("c", [10, 0, 0, 2].into()).is_ok());
    }
}
