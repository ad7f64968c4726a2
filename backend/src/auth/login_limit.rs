//! Login throttling per account and per client address: enough for a person who mistypes,
//! far too little for guessing.

use std::net::IpAddr;
use std::time::Duration;

use super::throttle::Throttle;

pub struct LoginLimits {
    per_account: Throttle<String>,
    per_address: Throttle<IpAddr>,
}

impl LoginLimits {
    /// `per_account` attempts per minute per username, `per_address` per minute per IP.
    pub fn new(per_account: u32, per_address: u32) -> Self {
        Self {
            per_account: Throttle::per_minute(per_account),
            per_address: Throttle::per_minute(per_address),
        }
    }

    /// `Err(wait)` when either limit is exhausted. Both are charged, so guessing many
    /// accounts from one address and one account from many addresses are both slowed.
    pub fn check(&self, username: &str, address: IpAddr) -> Result<(), Duration> {
        let account = self.per_account.check(&username.to_lowercase());
        let addr = self.per_address.check(&address);
        account.and(addr)
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
