//! Settings and in-memory state of authentication, shared by every request.

use std::net::IpAddr;
use std::sync::Arc;

use super::key_addresses::KeyAddresses;
use super::login_limit::LoginLimits;
use super::throttle::Throttle;
use super::usage::UsageTracker;
use crate::settings::SessionSettings;

/// Session settings, login throttles, API-key rate limits, usage counters and addresses.
pub struct AuthState {
    pub session: SessionSettings,
    pub login_limits: LoginLimits,
    /// Throttled sign-ins are audited once per client address per minute, so a flood of
    /// them cannot fill the audit log.
    pub throttled_audit: Throttle<IpAddr>,
    pub key_limits: Throttle<String>,
    pub tenant_limits: Throttle<String>,
    pub usage: Arc<UsageTracker>,
    pub key_addresses: KeyAddresses,
}
