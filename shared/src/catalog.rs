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

/// Why a tick in the preview was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToggleRefused {
    /// Unticking the last captured table: an empty include list captures everything.
    LastTable,
}

/// A table ticked or unticked in the preview, written into the lists. Ticking writes an
/// include list, so a table created later is not captured unseen: unticking one table while
/// everything is captured lists every other captured table by its exact pattern, and so does
/// unticking one that a broader include pattern matched. Only an exclude list the user typed
/// (with no include list) is added to.
///
/// `captured_now` is every table the preview shows as captured, in its order.
pub fn toggle_table(
    include: &mut Vec<String>,
    exclude: &mut Vec<String>,
    identifier: &str,
    captured: bool,
    captured_now: &[String],
) -> Result<(), ToggleRefused> {
    let pattern = exact_pattern(identifier);
    if include.is_empty() && !exclude.is_empty() {
        match exclude.iter().position(|p| *p == pattern) {
            Some(i) if !captured => {
                exclude.remove(i);
            }
            // Excluded by a broader pattern of the user's: ticking names it in an include list
            // instead would contradict it, so the preview says both lists are set.
            None if !captured => include.push(pattern),
            _ => exclude.push(pattern),
        }
        return Ok(());
    }
    if !captured {
        include.push(pattern);
        return Ok(());
    }
    let rest: Vec<String> = match include.iter().position(|p| *p == pattern) {
        Some(i) => {
            let mut rest = include.clone();
            rest.remove(i);
            rest
        }
        None => captured_now
            .iter()
            .filter(|t| *t != identifier)
            .map(|t| exact_pattern(t))
            .collect(),
    };
    if rest.is_empty() {
        return Err(ToggleRefused::LastTable);
    }
    *include = rest;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn unticking_when_everything_is_captured_writes_an_include_list_of_the_rest() {
        let (mut inc, mut exc) = (Vec::new(), Vec::new());
        let all = ids(&["public.customers", "public.orders", "public.products"]);
        toggle_table(&mut inc, &mut exc, "public.products", true, &all).unwrap();
        assert_eq!(inc, ids(&["public\\.customers", "public\\.orders"]));
        assert!(
            exc.is_empty(),
            "never an exclude list the user did not type"
        );
        // Ticking it again names it; unticking an exactly named one removes just that.
        let now = ids(&["public.customers", "public.orders"]);
        toggle_table(&mut inc, &mut exc, "public.products", false, &now).unwrap();
        assert_eq!(inc.len(), 3);
        toggle_table(&mut inc, &mut exc, "public.orders", true, &all).unwrap();
        assert_eq!(inc, ids(&["public\\.customers", "public\\.products"]));
    }

    #[test]
    fn a_broad_include_pattern_unticked_becomes_the_exact_rest_and_the_last_table_stays() {
        let (mut inc, mut exc) = (ids(&["public\\..*"]), Vec::new());
        let now = ids(&["public.a", "public.b"]);
        toggle_table(&mut inc, &mut exc, "public.a", true, &now).unwrap();
        assert_eq!(inc, ids(&["public\\.b"]));
        assert_eq!(
            toggle_table(&mut inc, &mut exc, "public.b", true, &ids(&["public.b"])),
            Err(ToggleRefused::LastTable),
            "an empty include list would capture everything"
        );
        assert_eq!(inc, ids(&["public\\.b"]));
    }

    #[test]
    fn a_typed_exclude_list_is_kept_and_added_to() {
        let (mut inc, mut exc) = (Vec::new(), ids(&["audit\\..*"]));
        toggle_table(
            &mut inc,
            &mut exc,
            "public.b",
            true,
            &ids(&["public.a", "public.b"]),
        )
        .unwrap();
        assert_eq!(exc, ids(&["audit\\..*", "public\\.b"]));
        toggle_table(&mut inc, &mut exc, "public.b", false, &ids(&["public.a"])).unwrap();
        assert_eq!(exc, ids(&["audit\\..*"]));
        assert!(inc.is_empty());
    }

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
