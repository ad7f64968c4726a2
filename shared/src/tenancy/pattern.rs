//! Whether a sink's `topics.regex` can only ever match topics inside a namespace.
//!
//! Connect subscribes with `Pattern.compile(regex)` and Kafka's consumer keeps the topics the
//! pattern matches *as a whole* (`matcher(topic).matches()`). The pattern is parsed with
//! regex-syntax and its prefix literals extracted: every match starts with one of them (the
//! guarantee regex engines rely on for their prefilters). The pattern is proven inside the
//! namespace when that set is finite and each literal starts with the namespace.
//!
//! Java and Rust regex syntax differ at the edges (`\Q…\E`, possessive quantifiers,
//! look-behind): anything regex-syntax refuses to parse is refused, never guessed at.
//! Case-insensitive prefixes expand into case variants and so are refused too, which is right:
//! topic names are case-sensitive and `ACME.x` is not inside `acme.`.

use regex_syntax::hir::literal::{ExtractKind, Extractor};

/// Why a pattern is not provably inside the namespace, in words for the user.
pub fn outside(pattern: &str, namespace: &str) -> Option<String> {
    let hir = match regex_syntax::Parser::new().parse(pattern) {
        Ok(hir) => hir,
        Err(_) => {
            return Some(format!(
                "the console cannot read this pattern; start it with `{}` and keep to plain \
                 regex syntax",
                escaped(namespace)
            ));
        }
    };
    let mut extractor = Extractor::new();
    extractor.kind(ExtractKind::Prefix);
    let prefixes = extractor.extract(&hir);
    let inside = prefixes.literals().is_some_and(|literals| {
        !literals.is_empty()
            && literals
                .iter()
                .all(|l| l.as_bytes().starts_with(namespace.as_bytes()))
    });
    (!inside).then(|| {
        format!(
            "the pattern may match topics outside this tenant's namespace `{namespace}`: \
             anchor it on the namespace, e.g. `{}.*`",
            escaped(namespace)
        )
    })
}

/// The namespace as a regex literal (`acme.` → `acme\.`).
fn escaped(namespace: &str) -> String {
    regex_syntax::escape(namespace)
}

#[cfg(test)]
mod tests {
    use super::outside;

    #[test]
    fn patterns_anchored_on_the_namespace_are_inside() {
        for p in [
            r"acme\..*",
            r"^acme\.orders\..+",
            r"acme\.(orders|customers)",
            r"acme\.orders|acme\.customers",
            r"(acme\.a.*)|(acme\.b.*)",
            r"acme\.[a-z]+\.public\.\w+",
        ] {
            assert_eq!(outside(p, "acme."), None, "{p}");
        }
    }

    #[test]
    fn patterns_that_may_leave_the_namespace_are_refused() {
        for p in [
            ".*",
            "acme.*",   // `acme` then anything: also `acmex.orders`
            r"acme..*", // the unescaped dot matches `acmeX`
            r"acme\..*|globex\..*",
            r"(?i)acme\..*", // also ACME.orders
            r"[a-z]+\.orders",
            r"globex\.orders",
            "",
            r"(?:)|acme\..*", // the empty alternative
            r"acme\.x?|.*",
        ] {
            assert!(outside(p, "acme.").is_some(), "{p}");
        }
    }

    #[test]
    fn java_only_syntax_is_refused_not_guessed() {
        let why = outside(r"\Qacme.\E.*", "acme.").expect("refused");
        assert!(why.contains(r"acme\."), "{why}");
        assert!(outside(r"(?<=x)acme\..*", "acme.").is_some(), "look-behind");
    }
}
