//! The capture step: the tables a database has, and which of them (and which columns) a
//! connector's include/exclude lists select — Debezium's rule, so the preview is what Debezium
//! will capture: each list is comma-separated regular expressions, each matched against the
//! whole identifier (`schema.table` for PostgreSQL, `database.table` for MySQL/MariaDB).

use serde::{Deserialize, Serialize};

/// One table as the connector's user sees it in the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    /// PostgreSQL schema, or the MySQL/MariaDB database.
    pub schema: String,
    pub name: String,
    pub columns: Vec<String>,
}

impl Table {
    /// The identifier Debezium matches `table.include.list` against.
    pub fn identifier(&self) -> String {
        format!("{}.{}", self.schema, self.name)
    }
}

/// `POST /api/v1/clusters/{id}/catalog`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    pub tables: Vec<Table>,
    /// More tables exist than the listing returns.
    pub truncated: bool,
}

/// A pattern that is not a regular expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pub pattern: String,
    pub message: String,
}

/// Patterns compiled as Debezium anchors them: the whole identifier must match.
#[derive(Debug, Default)]
pub struct Patterns(Vec<regex_lite::Regex>);

impl Patterns {
    pub fn parse(patterns: &[String]) -> Result<Patterns, Vec<PatternError>> {
        let mut compiled = Vec::new();
        let mut errors = Vec::new();
        for p in patterns.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
            // Debezium matches case-insensitively for these lists.
            match regex_lite::Regex::new(&format!("(?i)^(?:{p})$")) {
                Ok(r) => compiled.push(r),
                Err(e) => errors.push(PatternError {
                    pattern: p.to_owned(),
                    message: e.to_string(),
                }),
            }
        }
        if errors.is_empty() {
            Ok(Patterns(compiled))
        } else {
            Err(errors)
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn any(&self, identifier: &str) -> bool {
        self.0.iter().any(|r| r.is_match(identifier))
    }
}

/// Splits a comma-separated list the way the wizard's text inputs hold them.
pub fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A pattern matching exactly `identifier` (dots and other metacharacters escaped).
pub fn exact_pattern(identifier: &str) -> String {
    regex_lite::escape(identifier)
}

/// What the connector will capture from one table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selected {
    pub identifier: String,
    pub captured: bool,
    /// Columns left out by `column.exclude.list` (only for captured tables).
    pub excluded_columns: Vec<String>,
}

/// The live preview: every table with whether it is captured and which columns are dropped.
pub fn preview(
    catalog: &[Table],
    include: &Patterns,
    exclude: &Patterns,
    column_exclude: &Patterns,
) -> Vec<Selected> {
    catalog
        .iter()
        .map(|t| {
            let id = t.identifier();
            let captured = if include.is_empty() {
                !exclude.any(&id)
            } else {
                include.any(&id)
            };
            let excluded_columns = if captured {
                t.columns
                    .iter()
                    .filter(|c| column_exclude.any(&format!("{id}.{c}")))
                    .cloned()
                    .collect()
            } else {
                Vec::new()
            };
            Selected {
                identifier: id,
                captured,
                excluded_columns,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(schema: &str, name: &str, columns: &[&str]) -> Table {
        Table {
            schema: schema.into(),
            name: name.into(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
        }
    }

    fn pats(s: &str) -> Patterns {
        Patterns::parse(&split_list(s)).unwrap()
    }

    fn catalog() -> Vec<Table> {
        vec![
            table("public", "customers", &["id", "email", "ssn"]),
            table("public", "orders", &["id", "amount"]),
            table("audit", "orders_log", &["id"]),
        ]
    }

    fn captured(sel: &[Selected]) -> Vec<&str> {
        sel.iter()
            .filter(|s| s.captured)
            .map(|s| s.identifier.as_str())
            .collect()
    }

    #[test]
    fn an_empty_include_list_captures_everything_not_excluded() {
        let none = Patterns::default();
        let all = preview(&catalog(), &none, &none, &none);
        assert_eq!(all.iter().filter(|s| s.captured).count(), 3);
        let sel = preview(&catalog(), &none, &pats("audit\\..*"), &none);
        assert_eq!(captured(&sel), ["public.customers", "public.orders"]);
    }

    #[test]
    fn patterns_match_the_whole_identifier_like_debezium() {
        // `public.orders` must not also select `audit.orders_log` or `public.orders_2024`.
        let none = Patterns::default();
        let sel = preview(&catalog(), &pats("public.orders"), &none, &none);
        assert_eq!(captured(&sel), ["public.orders"]);
        let sel = preview(
            &catalog(),
            &pats("public\\..*, AUDIT.orders_log"),
            &none,
            &none,
        );
        assert_eq!(
            captured(&sel),
            ["public.customers", "public.orders", "audit.orders_log"]
        );
    }

    #[test]
    fn column_exclusions_apply_to_captured_tables_only() {
        let none = Patterns::default();
        let sel = preview(
            &catalog(),
            &pats("public.customers"),
            &none,
            &pats("public.customers.ssn, .*\\.amount"),
        );
        assert_eq!(sel[0].excluded_columns, ["ssn"]);
        assert!(sel[1].excluded_columns.is_empty(), "orders is not captured");
    }

    #[test]
    fn an_exact_pattern_selects_only_its_table() {
        let p = Patterns::parse(&[exact_pattern("public.orders")]).unwrap();
        assert!(p.any("public.orders"));
        assert!(!p.any("publicXorders"));
    }

    #[test]
    fn a_broken_pattern_is_reported_with_its_text() {
        let errs = Patterns::parse(&split_list("public.ok, public.(broken")).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].pattern, "public.(broken");
    }
}
