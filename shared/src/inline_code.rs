//! Messages with `code` spans: the backend writes names, settings and commands between
//! backticks, as Markdown does, and the UI shows those parts as code instead of printing the
//! backticks.

/// A piece of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span<'a> {
    Text(&'a str),
    /// Between a pair of backticks, without them.
    Code(&'a str),
}

/// `text` cut into plain and code pieces, in order. A backtick without a partner, and an empty
/// pair, stay in the text as they were: a stray backtick must not swallow the rest of a message.
pub fn code_spans(text: &str) -> Vec<Span<'_>> {
    let mut spans = Vec::new();
    // Start of the plain text not yet pushed, and where to look for the next backtick.
    let (mut plain, mut from) = (0, 0);
    while let Some(open) = text[from..].find('`').map(|i| from + i) {
        let Some(close) = text[open + 1..].find('`').map(|i| open + 1 + i) else {
            break;
        };
        if close == open + 1 {
            from = close + 1;
            continue;
        }
        if open > plain {
            spans.push(Span::Text(&text[plain..open]));
        }
        spans.push(Span::Code(&text[open + 1..close]));
        plain = close + 1;
        from = plain;
    }
    if plain < text.len() {
        spans.push(Span::Text(&text[plain..]));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::Span::{Code, Text};
    use super::*;

    #[test]
    fn backticked_parts_become_code() {
        assert_eq!(
            code_spans("signed in as `dbz` to `inventory`"),
            [
                Text("signed in as "),
                Code("dbz"),
                Text(" to "),
                Code("inventory")
            ]
        );
        assert_eq!(
            code_spans("`ALTER ROLE dbz WITH REPLICATION;` as a superuser…"),
            [
                Code("ALTER ROLE dbz WITH REPLICATION;"),
                Text(" as a superuser…")
            ]
        );
    }

    #[test]
    fn a_message_without_backticks_is_one_piece() {
        assert_eq!(
            code_spans("wal_level is logical"),
            [Text("wal_level is logical")]
        );
        assert_eq!(code_spans(""), []);
    }

    #[test]
    fn a_lone_or_empty_pair_of_backticks_stays_text() {
        assert_eq!(
            code_spans("`a` and a stray ` here"),
            [Code("a"), Text(" and a stray ` here")]
        );
        assert_eq!(code_spans("empty `` pair"), [Text("empty `` pair")]);
        assert_eq!(
            code_spans("``x` then `y`"),
            [Text("``x"), Code(" then "), Text("y`")],
            "after an empty pair, backticks pair up in order"
        );
    }
}
