//! JSON text cut into lines of classed pieces, for a highlighted read view with line numbers.
//! Only colours pretty-printed JSON the console made itself; text that is not JSON comes out
//! as plain pieces, never refused.

/// What a piece of JSON text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// An object key, with its quotes.
    Key,
    Str,
    Number,
    /// `true`, `false`, `null`.
    Literal,
    /// Braces, brackets, commas, colons and white space.
    Plain,
}

impl Token {
    pub fn class(self) -> &'static str {
        match self {
            Token::Key => "j-key",
            Token::Str => "j-str",
            Token::Number => "j-num",
            Token::Literal => "j-lit",
            Token::Plain => "j-plain",
        }
    }
}

/// `text` as lines of `(kind, piece)`. A string is a key when a `:` follows it.
pub fn highlight(text: &str) -> Vec<Vec<(Token, String)>> {
    text.lines().map(line).collect()
}

fn line(l: &str) -> Vec<(Token, String)> {
    let chars: Vec<char> = l.chars().collect();
    let mut out: Vec<(Token, String)> = Vec::new();
    let mut push = |kind: Token, s: String| match out.last_mut() {
        Some((k, prev)) if *k == kind && kind == Token::Plain => prev.push_str(&s),
        _ => out.push((kind, s)),
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            let start = i;
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i = (i + 1).min(chars.len());
            let s: String = chars[start..i].iter().collect();
            let rest = chars[i..].iter().find(|c| !c.is_whitespace());
            push(
                if rest == Some(&':') {
                    Token::Key
                } else {
                    Token::Str
                },
                s,
            );
        } else if c == '-' || c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || "+-.".contains(chars[i]))
            {
                i += 1;
            }
            push(Token::Number, chars[start..i].iter().collect());
        } else if c.is_ascii_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_alphabetic() {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let kind = if matches!(word.as_str(), "true" | "false" | "null") {
                Token::Literal
            } else {
                Token::Plain
            };
            push(kind, word);
        } else {
            push(Token::Plain, c.to_string());
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_strings_numbers_and_literals_are_told_apart_line_by_line() {
        let text = "{\n  \"name\": \"a \\\"quoted\\\" one\",\n  \"n\": -1.5e3,\n  \"on\": true, \"x\": null\n}";
        let lines = highlight(text);
        assert_eq!(lines.len(), 5);
        assert_eq!(
            lines[1],
            vec![
                (Token::Plain, "  ".to_owned()),
                (Token::Key, "\"name\"".to_owned()),
                (Token::Plain, ": ".to_owned()),
                (Token::Str, "\"a \\\"quoted\\\" one\"".to_owned()),
                (Token::Plain, ",".to_owned()),
            ]
        );
        assert!(lines[2].contains(&(Token::Number, "-1.5e3".to_owned())));
        assert!(lines[3].contains(&(Token::Literal, "true".to_owned())));
        assert!(lines[3].contains(&(Token::Literal, "null".to_owned())));
        // Every character is kept: the view copies as the text it shows.
        let back: String = lines
            .iter()
            .map(|l| l.iter().map(|(_, s)| s.as_str()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(back, text);
    }

    #[test]
    fn text_that_is_not_json_is_kept_whole() {
        let lines = highlight("not \"closed");
        let back: String = lines[0].iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(back, "not \"closed");
    }
}
