//! Credentials recognised by the shape of a value, one scanner per form. Every slice boundary
//! sits on an ASCII delimiter or the end of the value; UTF-8 never uses an ASCII byte inside a
//! multibyte character, so no slice splits a character.

use std::ops::Range;

use super::{REDACTED, is_provider_reference, is_secret_param};

/// JAAS control flags that follow the login module's class name.
const JAAS_FLAGS: [&str; 4] = ["required", "requisite", "sufficient", "optional"];

/// Whether the value is a JAAS login configuration (`…LoginModule required options;`). The
/// whole value is the secret: its options hold `password="…"`, OAuth `clientSecret="…"` or
/// whatever a custom module calls it, and hiding only the names we know would leak the
/// others. It matches how `sasl.jaas.config` is hidden by key, and the sentinel restores.
pub(super) fn is_jaas_config(value: &str) -> bool {
    let words: Vec<&str> = value.split_whitespace().collect();
    words
        .windows(2)
        .any(|w| w[0].ends_with("LoginModule") && JAAS_FLAGS.contains(&w[1].trim_end_matches(';')))
}

/// Whether the value holds a PEM private key (`-----BEGIN … PRIVATE KEY-----`, also inside
/// a JSON service-account file). Such a value is key material as a whole; a certificate
/// (`BEGIN CERTIFICATE`) is public and stays.
pub(super) fn holds_private_key(value: &str) -> bool {
    value.match_indices("-----BEGIN ").any(|(at, open)| {
        let label = &value[at + open.len()..];
        label
            .find("-----")
            .is_some_and(|end| label[..end].contains("PRIVATE KEY"))
    })
}

/// Hides the password of every `scheme://user:password@host` in the value (a URI may sit
/// anywhere in it, several in a list). The password runs from the authority's first `:` to
/// the LAST `@` of the URI: MongoDB (`mongodb://`, `mongodb+srv://`) and others take an
/// unencoded `/ : ? # @` in it, so cutting the authority at the first `/` would miss it. When
/// a query also holds an `@`, more than the password is hidden: safe, and still restored.
pub(super) fn redact_url_userinfo(value: &str) -> String {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(found) = value[from..].find("://") {
        let start = from + found + "://".len();
        let end = uri_end(value, start);
        spans.extend(url_password(&value[start..end]).map(|p| start + p.start..start + p.end));
        from = end;
    }
    replace_spans(value, &spans)
}

/// Where the URI whose authority starts at `start` ends: at whitespace, or where the next
/// `scheme://` of a list begins. Not at `,` (MongoDB's host list), nor at quotes or `;`,
/// which an unencoded password may contain.
fn uri_end(value: &str, start: usize) -> usize {
    let rest = &value[start..];
    let stop = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let end = rest[..stop].find("://").map_or(stop, |next| {
        let scheme = rest[..next]
            .bytes()
            .rev()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-'))
            .count();
        next - scheme
    });
    start + end
}

/// The password span within one URI after its `://`, if it carries one. Not a password: a
/// port (`db:5432/…`, `h1:27017,h2`), anything after a user part holding `/ ? # [` (a path,
/// a query, an IPv6 host), an empty one, or a `${…}` reference.
fn url_password(uri: &str) -> Option<Range<usize>> {
    let colon = find_outside_references(uri, |b| {
        matches!(b, b':' | b'/' | b'?' | b'#' | b'@' | b'[' | b']')
    })?;
    if uri.as_bytes()[colon] != b':' || is_port(&uri[colon + 1..]) {
        return None;
    }
    let at = uri.rfind('@').filter(|&at| at > colon)?;
    let span = colon + 1..at;
    needs_hiding(&uri[span.clone()]).then_some(span)
}

/// Whether the text after an authority's first `:` starts with a port: digits, then the end
/// of the host or of the authority.
fn is_port(after_colon: &str) -> bool {
    let digits = after_colon.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && after_colon
            .as_bytes()
            .get(digits)
            .is_none_or(|b| matches!(b, b'/' | b'?' | b'#' | b',' | b';'))
}

/// The first byte matching `hit` outside `${…}` references, whose own `:` and `/` are not
/// URL syntax.
fn find_outside_references(s: &str, hit: impl Fn(u8) -> bool) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'$'
            && bytes.get(i + 1) == Some(&b'{')
            && let Some(close) = s[i..].find('}')
        {
            i += close + 1;
            continue;
        }
        if hit(bytes[i]) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Hides a libpq connection string's secret values (`host=h user=u password=… dbname=d`),
/// read by libpq's rules: a value is bare up to whitespace or single-quoted, and a backslash
/// escapes the next character in both (`password='a b\'c'`).
pub(super) fn redact_libpq(value: &str) -> String {
    let spans: Vec<Range<usize>> = libpq_string(value)
        .unwrap_or_default()
        .into_iter()
        .filter(|(keyword, v)| is_secret_param(keyword) && needs_hiding(unquote(&value[v.clone()])))
        .map(|(_, v)| v)
        .collect();
    replace_spans(value, &spans)
}

/// The pairs of a libpq connection string: a value made wholly of two or more `keyword =
/// value` pairs. A lone `password=…` is left to the parameter form, which ends it at `;`.
fn libpq_string(value: &str) -> Option<Vec<(&str, Range<usize>)>> {
    libpq_pairs(value).filter(|pairs| pairs.len() >= 2)
}

/// The `(keyword, value span)` pairs of a libpq string, or `None` if the value is not one.
fn libpq_pairs(value: &str) -> Option<Vec<(&str, Range<usize>)>> {
    let bytes = value.as_bytes();
    let skip_space = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    let mut pairs = Vec::new();
    let mut i = skip_space(0);
    while i < bytes.len() {
        let keyword_end = i + bytes[i..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count();
        let equals = skip_space(keyword_end);
        if keyword_end == i || bytes.get(equals) != Some(&b'=') {
            return None;
        }
        let start = skip_space(equals + 1);
        let end = libpq_value_end(bytes, start);
        pairs.push((&value[i..keyword_end], start..end));
        i = skip_space(end);
    }
    Some(pairs)
}

/// Where a libpq value starting at `start` ends: after its closing quote, or at unescaped
/// whitespace. An unterminated quote runs to the end (hiding too much rather than too little).
fn libpq_value_end(bytes: &[u8], start: usize) -> usize {
    let quoted = bytes.get(start) == Some(&b'\'');
    let mut i = start + usize::from(quoted);
    while let Some(&b) = bytes.get(i) {
        match b {
            // The escaped byte may lead a multibyte character: the scan then steps over its
            // continuation bytes, which never match an ASCII delimiter.
            b'\\' => i += 2,
            b'\'' if quoted => return i + 1,
            b if !quoted && b.is_ascii_whitespace() => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// A libpq value without its single quotes, to judge whether it still needs hiding.
fn unquote(value: &str) -> &str {
    value
        .strip_prefix('\'')
        .and_then(|v| v.strip_suffix('\''))
        .unwrap_or(value)
}

/// Hides `name=value` parameters whose name is a secret: URL queries (`?sslpassword=…&`),
/// `;`-separated JDBC, ODBC and Azure strings (`;Password=…;`, `;SharedAccessKey=…`), also at
/// the value's start (`Password=…;Server=…`) unless the value is a libpq string, whose first
/// value ends at whitespace. Case-insensitive. The value runs to the next `&` or `;`, except a
/// SQL Server `{…}` value, which may contain them (`}}` is a literal brace).
pub(super) fn redact_delimited_params(value: &str) -> String {
    let mut spans = Vec::new();
    let mut name_start = if libpq_string(value).is_some() {
        value.find(['?', '&', ';']).map(|d| d + 1)
    } else {
        Some(0)
    };
    while let Some(start) = name_start {
        let resume = match secret_param_value(value, start) {
            Some(span) => {
                let end = span.end;
                spans.push(span);
                end
            }
            None => start,
        };
        name_start = value[resume..]
            .find(['?', '&', ';'])
            .map(|d| resume + d + 1);
    }
    replace_spans(value, &spans)
}

/// The span of the value of the parameter whose name starts at `name_start`, if that name
/// is a secret and its value needs hiding.
fn secret_param_value(value: &str, name_start: usize) -> Option<Range<usize>> {
    let rest = &value[name_start..];
    // A space may sit in a name (ODBC's `User ID`) or around it (`; Password =`).
    let name_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b' '))
        .count();
    if rest.as_bytes().get(name_len) != Some(&b'=') || !is_secret_param(&rest[..name_len]) {
        return None;
    }
    let start = name_start + name_len + 1;
    let end = start + param_value_len(&value[start..]);
    needs_hiding(value[start..end].trim()).then_some(start..end)
}

/// The length of a parameter value: up to the next `&` or `;`, or a whole `{…}` value.
fn param_value_len(value: &str) -> usize {
    if !value.starts_with('{') {
        return value.find(['&', ';']).unwrap_or(value.len());
    }
    let bytes = value.as_bytes();
    let mut i = 1;
    while let Some(&b) = bytes.get(i) {
        match (b, bytes.get(i + 1)) {
            (b'}', Some(b'}')) => i += 2,
            (b'}', _) => return i + 1,
            _ => i += 1,
        }
    }
    value.len()
}

/// Whether a credential's text still needs hiding: not empty, not hidden already (so
/// redacting twice changes nothing), not a `${…}` reference.
fn needs_hiding(secret: &str) -> bool {
    !secret.is_empty() && secret != REDACTED && !is_provider_reference(secret)
}

/// `value` with each span (sorted, disjoint, on character boundaries) replaced by the
/// sentinel.
fn replace_spans(value: &str, spans: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(value.len());
    let mut copied = 0;
    for span in spans {
        out.push_str(&value[copied..span.start]);
        out.push_str(REDACTED);
        copied = span.end;
    }
    out.push_str(&value[copied..]);
    out
}
