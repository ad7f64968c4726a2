//! Audit records of authentication: sign-ins, refused sign-ins, sign-outs, and an API key
//! used from an address it was never used from. None of them carries a password or anything
//! derived from one.

use std::net::IpAddr;

use serde_json::json;

use crate::store::{ApiKeyRow, AuditEntry, User};

/// The longest attempted username the audit log keeps.
pub const MAX_TYPED_USERNAME: usize = 64;

/// What a refused sign-in is recorded as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Unknown user, wrong password or disabled account: one answer for all three.
    BadCredentials,
    /// Refused by the login throttle before any password was checked.
    Throttled,
}

impl Refusal {
    fn result(self) -> &'static str {
        match self {
            Refusal::BadCredentials => "failed: invalid username or password",
            Refusal::Throttled => "throttled",
        }
    }
}

/// A successful sign-in, filed under the user's tenant.
pub fn sign_in(user: &User, address: IpAddr) -> AuditEntry {
    let mut entry = AuditEntry::new(user.username.clone(), user.id.clone(), "sign_in");
    entry.tenant_id = user.tenant_id.clone();
    entry.detail = Some(json!({"address": address.to_string()}).to_string());
    entry
}

/// A refused sign-in. The actor is the username as typed (see [`typed_username`]); `user` is
/// the account it named, if one exists, whose id and tenant the record is filed under. A
/// username naming no account is filed under no tenant, so only admins read it.
pub fn sign_in_failed(
    typed: &str,
    user: Option<&User>,
    address: IpAddr,
    refusal: Refusal,
) -> AuditEntry {
    let actor_id = user.map(|u| u.id.clone()).unwrap_or_default();
    let mut entry = AuditEntry::new(typed_username(typed), actor_id, "sign_in_failed");
    entry.tenant_id = user.and_then(|u| u.tenant_id.clone());
    entry.detail = Some(json!({"address": address.to_string()}).to_string());
    entry.result = refusal.result().to_owned();
    entry
}

/// The first use of `key` from `address`, filed under the key's tenant.
pub fn api_key_new_address(key: &ApiKeyRow, address: IpAddr) -> AuditEntry {
    let mut entry = AuditEntry::new(
        format!("key:{}", key.name),
        key.id.clone(),
        "api_key_new_address",
    );
    entry.tenant_id = key.tenant_id.clone();
    entry.detail = Some(
        json!({"key_id": key.id, "key_name": key.name, "address": address.to_string()}).to_string(),
    );
    entry
}

/// An attempted username as the audit log keeps it: at most [`MAX_TYPED_USERNAME`]
/// characters, without control or bidirectional-formatting characters (which could forge
/// lines or reorder text where the log is read).
///
/// Kept deliberately, as other consoles keep it: who was being tried is what an admin reading
/// failed sign-ins needs. The cost is that a password typed into the username box is stored
/// here as typed; such a record names no account, so it is filed under no tenant and only
/// admins can read it. The password box's content is never recorded.
pub fn typed_username(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .take(MAX_TYPED_USERNAME)
        .collect()
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_usernames_are_bounded_and_cannot_forge_lines() {
        assert_eq!(typed_username("ada"), "ada");
        assert_eq!(
            typed_username("ada\n2024-01-01 admin sign_in ok"),
            "ada2024-01-01 admin sign_in ok"
        );
        assert_eq!(typed_username("\u{202e}nimda"), "nimda");
        let long = "é".repeat(100);
        assert_eq!(typed_username(&long).chars().count(), MAX_TYPED_USERNAME);
    }

    #[test]
    fn a_throttled_attempt_is_its_own_result() {
        let ip: IpAddr = [10, 0, 0, 7].into();
        let bad = sign_in_failed("ada", None, ip, Refusal::BadCredentials);
        let throttled = sign_in_failed("ada", None, ip, Refusal::Throttled);
        assert_eq!(throttled.result, "throttled");
        assert_ne!(bad.result, throttled.result);
        assert_eq!((bad.tenant_id, bad.actor_id.as_str()), (None, ""));
        assert_eq!(bad.detail.as_deref(), Some(r#"{"address":"10.0.0.7"}"#));
    }
}
