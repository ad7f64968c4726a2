//! Names parsed at the edge: a value of these types is known to be safe to use.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("must not be empty")]
    Empty,
    #[error("must be at most {max} characters")]
    TooLong { max: usize },
    #[error("may contain only {allowed}; found {found:?}")]
    BadCharacter { allowed: &'static str, found: char },
    #[error("must not be `.` or `..`: in a URL those mean this folder and the one above")]
    DotSegment,
}

/// A Kafka Connect connector name. Kept to `[A-Za-z0-9._-]` because Connect 4.x (Jetty 12)
/// rejects ambiguous encoded path characters such as `%2F`, and the name becomes part of
/// topic, slot and group names downstream.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ConnectorName(String);

impl ConnectorName {
    pub const MAX_LEN: usize = 200;

    pub fn parse(s: &str) -> Result<Self, NameError> {
        check(s, Self::MAX_LEN, "letters, digits, '.', '_' and '-'", |c| {
            c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')
        })?;
        // URL builders drop or resolve these segments: `/connectors/../config` would reach
        // the connector named `config`.
        if matches!(s, "." | "..") {
            return Err(NameError::DotSegment);
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The id of a configured Connect cluster, as used in URLs: lowercase letters, digits, '-'.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ClusterId(String);

impl ClusterId {
    pub const MAX_LEN: usize = 64;

    pub fn parse(s: &str) -> Result<Self, NameError> {
        check(s, Self::MAX_LEN, "lowercase letters, digits and '-'", |c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
        })?;
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn check(
    s: &str,
    max: usize,
    allowed: &'static str,
    ok: impl Fn(char) -> bool,
) -> Result<(), NameError> {
    if s.is_empty() {
        return Err(NameError::Empty);
    }
    if s.chars().count() > max {
        return Err(NameError::TooLong { max });
    }
    match s.chars().find(|c| !ok(*c)) {
        Some(found) => Err(NameError::BadCharacter { allowed, found }),
        None => Ok(()),
    }
}

macro_rules! string_newtype {
    ($t:ty) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl TryFrom<String> for $t {
            type Error = NameError;
            fn try_from(s: String) -> Result<Self, NameError> {
                Self::parse(&s)
            }
        }
        impl From<$t> for String {
            fn from(n: $t) -> String {
                n.0
            }
        }
        impl AsRef<str> for $t {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}
string_newtype!(ConnectorName);
string_newtype!(ClusterId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_segments_are_not_names_as_a_url_would_resolve_them() {
        for dots in [".", ".."] {
            assert_eq!(ConnectorName::parse(dots), Err(NameError::DotSegment));
        }
        assert!(ConnectorName::parse("...").is_ok());
        assert!(ConnectorName::parse(".hidden").is_ok());
    }

    #[test]
    fn connector_names_accept_the_portable_set() {
        assert!(ConnectorName::parse("acme.inventory-pg_01").is_ok());
    }

    #[test]
    fn connector_names_reject_what_connect_4_cannot_route() {
        assert_eq!(ConnectorName::parse(""), Err(NameError::Empty));
        assert!(matches!(
            ConnectorName::parse("a/b"),
            Err(NameError::BadCharacter { found: '/', .. })
        ));
        assert!(matches!(
            ConnectorName::parse("a b"),
            Err(NameError::BadCharacter { found: ' ', .. })
        ));
        assert_eq!(
            ConnectorName::parse(&"x".repeat(201)),
            Err(NameError::TooLong { max: 200 })
        );
    }

    #[test]
    fn cluster_ids_are_lowercase_slugs() {
        assert!(ClusterId::parse("prod-eu-1").is_ok());
        assert!(ClusterId::parse("Prod").is_err());
        assert!(serde_json::from_str::<ClusterId>("\"has space\"").is_err());
    }
}
