//! Field masking for record payloads shown to roles below admin: a tenant's key patterns
//! (`*email*`, `card_*`), matched case-insensitively on field names at any depth, hide the
//! values of matching fields in DLQ and change-event views.

use serde_json::Value;

/// What a masked value reads as.
pub const MASKED: &str = "••••";

/// A tenant's masking patterns: `*` matches any run of characters, `?` one character.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mask {
    patterns: Vec<Vec<char>>,
}

impl Mask {
    pub fn new<S: AsRef<str>>(patterns: impl IntoIterator<Item = S>) -> Self {
        Self {
            patterns: patterns
                .into_iter()
                .map(|p| p.as_ref().trim().to_lowercase().chars().collect::<Vec<_>>())
                .filter(|p| !p.is_empty())
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Whether values of the field `name` are hidden.
    pub fn hides(&self, name: &str) -> bool {
        let name: Vec<char> = name.to_lowercase().chars().collect();
        self.patterns.iter().any(|p| glob(p, &name))
    }

    /// `value` with every matching field's value replaced, at any depth (arrays included).
    pub fn apply(&self, value: &mut Value) {
        if self.is_empty() {
            return;
        }
        match value {
            Value::Object(fields) => {
                for (name, v) in fields.iter_mut() {
                    if self.hides(name) && !v.is_null() {
                        *v = Value::String(MASKED.to_owned());
                    } else {
                        self.apply(v);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.apply(v)),
            _ => {}
        }
    }
}

/// Glob match with `*` and `?`, iterative with one backtrack point (linear in practice).
fn glob(pattern: &[char], name: &[char]) -> bool {
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, n));
                p += 1;
            }
            Some(c) if *c == '?' || *c == name[n] => {
                p += 1;
                n += 1;
            }
            _ => match star {
                Some((sp, sn)) => {
                    p = sp + 1;
                    n = sn + 1;
                    star = Some((sp, sn + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn patterns_match_field_names_case_insensitively() {
        let mask = Mask::new(["*email*", "card_*", "ss?"]);
        for hidden in ["email", "Work_Email_2", "card_number", "CARD_CVC", "ssn"] {
            assert!(mask.hides(hidden), "{hidden}");
        }
        for shown in ["id", "cardholder", "mail", "ssns", "discard_x"] {
            assert!(!mask.hides(shown), "{shown}");
        }
        assert!(Mask::new(["", "  "]).is_empty());
    }

    #[test]
    fn values_are_hidden_at_any_depth_and_nulls_stay_null() {
        let mask = Mask::new(["*email*"]);
        let mut event = json!({
            "before": {"id": 1, "email": "a@example.com"},
            "after": {"id": 1, "email": null, "contacts": [{"backup_email": "b@example.com"}]}
        });
        mask.apply(&mut event);
        assert_eq!(event["before"]["email"], MASKED);
        assert_eq!(event["after"]["email"], Value::Null);
        assert_eq!(event["after"]["contacts"][0]["backup_email"], MASKED);
        assert_eq!(event["before"]["id"], 1);
        assert!(!event.to_string().contains("example.com"));
    }
}
