//! What a connector config will do, in plain words, for the wizard's review step: which tables,
//! which topics, the slot and publication, the snapshot, the heartbeat. Read from the config
//! itself (not the wizard's answers), so a pasted or hand-edited config is described as truly.
//! Names are backticked, to be shown as code.

use std::collections::BTreeMap;

use super::kind::Kind;

/// One sentence of the plan, and the topics it names (for links once the connector exists).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanLine {
    pub text: String,
    pub topics: Vec<String>,
}

fn line(text: String) -> PlanLine {
    PlanLine {
        text,
        topics: Vec::new(),
    }
}

/// Tables named one by one beyond this are counted, not listed.
const LISTED: usize = 6;

/// The plan of `config`, for the kinds the wizard makes; empty for a class it does not know.
pub fn describe(config: &BTreeMap<String, String>) -> Vec<PlanLine> {
    let get = |k: &str| config.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let Some(kind) = get("connector.class").and_then(Kind::from_class) else {
        return Vec::new();
    };
    if kind == Kind::JdbcSink {
        return sink(&get);
    }
    let mut out = Vec::new();
    let prefix = get("topic.prefix").unwrap_or("<prefix>");
    let list = |k: &str| -> Vec<String> {
        get(k)
            .map(|v| {
                v.split(',')
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    };
    let included = list("table.include.list");
    let excluded = list("table.exclude.list");
    let databases = list("database.include.list");
    let noun = if kind == Kind::MongoDb {
        "collection"
    } else {
        "table"
    };
    // Include lists are regular expressions: names the wizard escaped (`public\.orders`) are
    // tables, anything else a pattern that can match tables created later.
    let literal: Vec<String> = included.iter().filter_map(|p| literal_name(p)).collect();
    let mut first = match (included.is_empty(), excluded.is_empty()) {
        (false, _) if literal.len() == included.len() => {
            let topics: Vec<String> = literal
                .iter()
                .map(|t| topic_of(kind, prefix, t, &get))
                .collect();
            let text = format!(
                "Captures {} {noun}{}: {}. Each writes its changes to its own topic: {}. A {noun} created later is not captured until it is added to `table.include.list`.",
                literal.len(),
                if literal.len() == 1 { "" } else { "s" },
                named(&literal),
                named(&topics),
            );
            PlanLine { text, topics }
        }
        (false, _) => line(format!(
            "Captures the {noun}s matching {} (a {noun} created later that matches is captured too). Each writes to a topic named `{prefix}.{}`.",
            named(&included),
            shape(kind),
        )),
        (true, false) => line(format!(
            "Captures every {noun}{} except {}, and {noun}s created later too. Each writes to a topic named `{prefix}.{}`.",
            in_databases(&databases),
            named(&excluded),
            shape(kind),
        )),
        (true, true) => line(format!(
            "Captures every {noun}{}, and {noun}s created later too. Each writes to a topic named `{prefix}.{}`.",
            in_databases(&databases),
            shape(kind),
        )),
    };
    if let Some(columns) = get("column.exclude.list") {
        first
            .text
            .push_str(&format!(" Left out of every event: `{columns}`."));
    }
    out.push(first);
    if kind == Kind::Postgres {
        let slot = get("slot.name").unwrap_or("debezium");
        let publication = get("publication.name").unwrap_or("dbz_publication");
        let publishes = match get("publication.autocreate.mode").unwrap_or("all_tables") {
            "disabled" => format!("expects the publication `{publication}` to exist already"),
            "filtered" => format!(
                "creates the publication `{publication}` for the captured tables if it is missing"
            ),
            _ => format!("creates the publication `{publication}` for all tables if it is missing"),
        };
        out.push(line(format!(
            "Reads the WAL through the replication slot `{slot}` (created on first start; it keeps WAL on the server until Debezium confirms it, so delete the slot with the connector) and {publishes}."
        )));
    }
    if let Some(topic) =
        get("schema.history.internal.kafka.topic").filter(|_| kind.has_schema_history())
    {
        out.push(PlanLine {
            text: format!("Keeps the history of table structures in the topic `{topic}` (one partition, never deleted)."),
            topics: vec![topic.to_owned()],
        });
    }
    out.push(line(snapshot(
        kind,
        get("snapshot.mode").unwrap_or("initial"),
    )));
    match get("heartbeat.interval.ms").and_then(|v| v.parse::<u64>().ok()) {
        Some(ms) if ms > 0 => {
            let topic = format!(
                "{}.{prefix}",
                get("topic.heartbeat.prefix").unwrap_or(crate::tenancy::HEARTBEAT_PREFIX)
            );
            out.push(PlanLine {
                text: format!(
                    "Sends a heartbeat every {} to `{topic}`, so offsets move on even while the captured tables are quiet.",
                    seconds(ms)
                ),
                topics: vec![topic],
            });
        }
        _ => out.push(line(
            "Sends no heartbeats: while the captured tables are quiet, offsets do not move and the database keeps its log for Debezium.".to_owned(),
        )),
    }
    out
}

fn sink<'a>(get: &impl Fn(&str) -> Option<&'a str>) -> Vec<PlanLine> {
    let mut out = Vec::new();
    if let Some(topics) = get("topics") {
        let names: Vec<String> = topics
            .split(',')
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .collect();
        out.push(PlanLine {
            text: format!(
                "Reads the topics {} and writes their rows to `{}`.",
                named(&names),
                get("connection.url").unwrap_or("the database")
            ),
            topics: names,
        });
    } else if let Some(regex) = get("topics.regex") {
        out.push(line(format!("Reads every topic matching `{regex}`.")));
    }
    if let Some(dlq) = get("errors.deadletterqueue.topic.name") {
        out.push(PlanLine {
            text: format!("Sends records it cannot write to the dead-letter topic `{dlq}`, with the error in their headers."),
            topics: vec![dlq.to_owned()],
        });
    }
    out
}

fn topic_of<'a>(
    kind: Kind,
    prefix: &str,
    table: &str,
    get: &impl Fn(&str) -> Option<&'a str>,
) -> String {
    match kind {
        // SQL Server topics carry the database before `schema.table`.
        Kind::SqlServer => match get("database.names") {
            Some(db) => format!(
                "{prefix}.{}.{table}",
                db.split(',').next().unwrap_or(db).trim()
            ),
            None => format!("{prefix}.<database>.{table}"),
        },
        _ => format!("{prefix}.{table}"),
    }
}

/// The table a pattern names, if it is a plain name with its dots escaped; `None` for a
/// pattern that could match several.
fn literal_name(pattern: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('.') => out.push('.'),
                _ => return None,
            },
            '.' | '*' | '+' | '?' | '[' | ']' | '(' | ')' | '|' | '^' | '$' | '{' | '}' => {
                return None;
            }
            c => out.push(c),
        }
    }
    Some(out)
}

fn shape(kind: Kind) -> &'static str {
    match kind {
        Kind::MySql | Kind::MariaDb => "<database>.<table>",
        Kind::SqlServer => "<database>.<schema>.<table>",
        Kind::MongoDb => "<database>.<collection>",
        Kind::Postgres | Kind::Oracle | Kind::JdbcSink => "<schema>.<table>",
    }
}

fn in_databases(databases: &[String]) -> String {
    if databases.is_empty() {
        String::new()
    } else {
        format!(" in {}", named(databases))
    }
}

/// `a`, `b` and 3 more.
fn named(items: &[String]) -> String {
    let shown: Vec<String> = items
        .iter()
        .take(LISTED)
        .map(|i| format!("`{i}`"))
        .collect();
    let mut text = match shown.len() {
        0 => String::new(),
        1 => shown[0].clone(),
        n => format!("{} and {}", shown[..n - 1].join(", "), shown[n - 1]),
    };
    if items.len() > LISTED {
        text = format!("{} and {} more", shown.join(", "), items.len() - LISTED);
    }
    text
}

fn seconds(ms: u64) -> String {
    match ms {
        1000 => "second".to_owned(),
        ms if ms % 1000 == 0 => format!("{} s", ms / 1000),
        ms => format!("{ms} ms"),
    }
}

fn snapshot(kind: Kind, mode: &str) -> String {
    let rows = if kind == Kind::MongoDb {
        "documents"
    } else {
        "rows"
    };
    match mode {
        "initial" => format!(
            "First reads the {rows} already there (a snapshot, shown with a progress bar on the Health tab), then streams every change."
        ),
        "initial_only" => {
            format!("Reads the {rows} already there once, then stops: no changes are streamed.")
        }
        "no_data" | "never" => format!(
            "Streams changes from now on; the {rows} already there are not read (`snapshot.mode` = `{mode}`)."
        ),
        "when_needed" => format!(
            "Reads the {rows} already there when it has no usable offsets (the first start, or after the log it needs is gone), else streams on."
        ),
        "always" => format!("Reads all the {rows} already there at every start, then streams."),
        "recovery" | "schema_only_recovery" => {
            "Rebuilds the lost schema history from the current table structures, then streams."
                .to_owned()
        }
        other => format!("Snapshot mode `{other}`."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_support::config;

    #[test]
    fn a_postgres_source_says_tables_topics_slot_publication_snapshot_and_heartbeat() {
        let plan = describe(&config(&[
            (
                "connector.class",
                "io.debezium.connector.postgresql.PostgresConnector",
            ),
            ("topic.prefix", "acme.shop"),
            ("table.include.list", "public\\.customers,public\\.orders"),
            ("slot.name", "acme_shop"),
            ("publication.autocreate.mode", "filtered"),
            ("heartbeat.interval.ms", "10000"),
        ]));
        let text: Vec<&str> = plan.iter().map(|l| l.text.as_str()).collect();
        assert!(
            text[0].starts_with("Captures 2 tables: `public.customers` and `public.orders`."),
            "{}",
            text[0]
        );
        assert_eq!(
            plan[0].topics,
            ["acme.shop.public.customers", "acme.shop.public.orders"]
        );
        assert!(
            text[1].contains("slot `acme_shop`")
                && text[1].contains("`dbz_publication` for the captured tables"),
            "{}",
            text[1]
        );
        assert!(
            text[2].starts_with("First reads the rows already there"),
            "{}",
            text[2]
        );
        assert_eq!(plan[3].topics, ["__debezium-heartbeat.acme.shop"]);
        assert!(text[3].contains("every 10 s"), "{}", text[3]);
    }

    #[test]
    fn no_include_list_captures_tables_created_later_and_a_mysql_source_keeps_its_history() {
        let plan = describe(&config(&[
            (
                "connector.class",
                "io.debezium.connector.mysql.MySqlConnector",
            ),
            ("topic.prefix", "shop"),
            ("database.include.list", "inventory"),
            ("schema.history.internal.kafka.topic", "shop.history"),
            ("snapshot.mode", "no_data"),
        ]));
        assert!(
            plan[0]
                .text
                .contains("every table in `inventory`, and tables created later too"),
            "{}",
            plan[0].text
        );
        assert!(plan[0].text.contains("`shop.<database>.<table>`"));
        assert!(
            plan.iter().all(|l| !l.text.contains("slot")),
            "no slot outside PostgreSQL"
        );
        assert_eq!(plan[1].topics, ["shop.history"]);
        assert!(plan[2].text.contains("not read"));
        assert!(plan[3].text.starts_with("Sends no heartbeats"));
    }

    #[test]
    fn many_tables_are_counted_and_an_unknown_class_has_no_plan() {
        let tables: Vec<String> = (0..9).map(|i| format!("public\\.t{i}")).collect();
        let plan = describe(&config(&[
            (
                "connector.class",
                "io.debezium.connector.postgresql.PostgresConnector",
            ),
            ("topic.prefix", "p"),
            ("table.include.list", &tables.join(",")),
        ]));
        assert!(plan[0].text.contains("and 3 more"), "{}", plan[0].text);
        assert_eq!(plan[0].topics.len(), 9);
        assert!(describe(&config(&[("connector.class", "com.example.Other")])).is_empty());
        let pattern = describe(&config(&[
            (
                "connector.class",
                "io.debezium.connector.postgresql.PostgresConnector",
            ),
            ("topic.prefix", "p"),
            ("table.include.list", "public\\.cust.*"),
        ]));
        assert!(
            pattern[0]
                .text
                .starts_with("Captures the tables matching `public\\.cust.*`"),
            "{}",
            pattern[0].text
        );
        assert!(pattern[0].topics.is_empty(), "a pattern names no topic");
    }
}
