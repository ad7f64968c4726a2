//! API key material: `slk_` + 43 URL-safe characters; the database keeps its digest.

use super::token;

pub const PREFIX: &str = "slk_";

/// A new key and the visible prefix that identifies it in lists.
pub fn generate() -> (String, String) {
    let key = format!("{PREFIX}{}", token::random_token());
    let visible = key[..PREFIX.len() + 6].to_owned();
    (key, visible)
}

/// The bearer token from an `Authorization` header, when it looks like one of our keys.
pub fn from_header(value: &str) -> Option<&str> {
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))?
        .trim();
    token.starts_with(PREFIX).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_recognisable_and_prefixes_do_not_reveal_them() {
        let (key, visible) = generate();
        assert!(key.starts_with("slk_") && key.len() == 47);
        assert!(key.starts_with(&visible) && visible.len() == 10);
        assert_eq!(from_header(&format!("Bearer {key}")), Some(key.as_str()));
        assert_eq!(from_header("Bearer eyJhbGciOi"), None, "not one of ours");
        assert_eq!(from_header("Basic abc"), None);
    }
}
