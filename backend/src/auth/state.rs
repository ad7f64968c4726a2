//! Settings and in-memory state of authentication, shared by every request.

use std::sync::Arc;

use super::login_limit::LoginLimits;
use super::throttle::Throttle;
use super::usage::UsageTracker;
use crate::settings::SessionSettings;

/// Session settings, login throttles, API-key rate limits and usage counters.
pub struct AuthState {
    pub session: SessionSettings,
    pub login_limits: LoginLimits,
    pub key_limits: Throttle<String>,
    pub tenant_limits: Throttle<String>,
    pub usage: Arc<UsageTracker>,
}
