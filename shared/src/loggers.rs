//! Connect's worker log levels (KIP-495, `admin/loggers`): the level and logger names parsed at
//! the edge, the wire shapes of Sluice's `/loggers` routes, and the loggers worth raising for
//! one connector's plugin.
//!
//! A logger is worker-wide: raising `io.debezium` to DEBUG makes every tenant's Debezium
//! connectors on those workers chatty, which is why the policy keeps it to support and admin.

use serde::{Deserialize, Serialize};

use crate::ConnectorType;
use crate::error::{ApiError, ErrorCode};

/// A log4j level, as Connect's `PUT /admin/loggers/{logger}` takes it. Connect answers 404 (not
/// 400) to a name it does not know, so the console refuses one before asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum LogLevel {
    Off,
    Fatal,
    Error,
    Warn,
    Info,
    Debug,
    Trace,
    All,
}

impl LogLevel {
    /// Quietest first.
    pub const ALL: [LogLevel; 8] = [
        LogLevel::Off,
        LogLevel::Fatal,
        LogLevel::Error,
        LogLevel::Warn,
        LogLevel::Info,
        LogLevel::Debug,
        LogLevel::Trace,
        LogLevel::All,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Off => "OFF",
            LogLevel::Fatal => "FATAL",
            LogLevel::Error => "ERROR",
            LogLevel::Warn => "WARN",
            LogLevel::Info => "INFO",
            LogLevel::Debug => "DEBUG",
            LogLevel::Trace => "TRACE",
            LogLevel::All => "ALL",
        }
    }

    /// Any case, surrounding blanks ignored (`debug`, ` Warn `).
    pub fn parse(s: &str) -> Result<LogLevel, String> {
        let wanted = s.trim();
        LogLevel::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| {
                let names: Vec<&str> = LogLevel::ALL.iter().map(|l| l.as_str()).collect();
                let what = if wanted.is_empty() {
                    "a level is required".to_owned()
                } else {
                    format!("`{s}` is not a log level")
                };
                format!("{what}; use one of {}", names.join(", "))
            })
    }
}

impl std::fmt::Display for LogLevel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A Java logger name: `root`, or dotted parts of letters, digits, `_`, `$` and `-`
/// (`io.debezium.connector.postgresql`, `org.apache.kafka.connect.runtime.WorkerSinkTask`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LoggerName(String);

impl LoggerName {
    pub const MAX_LEN: usize = 255;
    pub const ROOT: &'static str = "root";

    pub fn parse(s: &str) -> Result<LoggerName, String> {
        if s.is_empty() {
            return Err("a logger name must not be empty".into());
        }
        if s.len() > Self::MAX_LEN {
            return Err(format!(
                "a logger name is at most {} characters",
                Self::MAX_LEN
            ));
        }
        if let Some(c) = s
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '$' | '-')))
        {
            return Err(format!(
                "a logger name has only letters, digits, '.', '_', '$' and '-'; found {c:?}"
            ));
        }
        // `a..b`, `.a` and `a.` name no Java package or class.
        if s.split('.').any(str::is_empty) {
            return Err(format!("`{s}` has an empty part between dots"));
        }
        Ok(LoggerName(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_root(&self) -> bool {
        self.0 == Self::ROOT
    }
}

impl std::fmt::Display for LoggerName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for LoggerName {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        LoggerName::parse(&s)
    }
}

impl From<LoggerName> for String {
    fn from(n: LoggerName) -> String {
        n.0
    }
}

/// Where a level change applies. `Cluster` (Connect 3.7+, KIP-976) goes through the config
/// topic to every worker, now and after restarts of none; `Worker` changes only the worker
/// that answered, until it restarts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LoggerScope {
    #[default]
    Cluster,
    Worker,
}

impl LoggerScope {
    pub fn as_str(self) -> &'static str {
        match self {
            LoggerScope::Cluster => "cluster",
            LoggerScope::Worker => "worker",
        }
    }

    pub fn parse(s: &str) -> Result<LoggerScope, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "cluster" => Ok(LoggerScope::Cluster),
            "worker" => Ok(LoggerScope::Worker),
            _ => Err(format!("`{s}` is not a scope; use `cluster` or `worker`")),
        }
    }
}

/// One logger as a worker reports it (`GET /api/v1/clusters/{cluster}/loggers`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggerInfo {
    pub name: String,
    /// As Connect says it; normally one of [`LogLevel`].
    pub level: String,
    /// When the level was last changed through the API, ms since the epoch; `None` when it is
    /// the worker's configured level.
    #[serde(default)]
    pub last_modified: Option<i64>,
}

impl LoggerInfo {
    /// Changed through the API at or after `since_ms`.
    pub fn changed_since(&self, since_ms: i64) -> bool {
        self.last_modified.is_some_and(|at| at >= since_ms)
    }
}

/// `root` first, then by name: the order the listing is given in.
pub fn sort_loggers(loggers: &mut [LoggerInfo]) {
    loggers.sort_by(|a, b| {
        (a.name != LoggerName::ROOT, &a.name).cmp(&(b.name != LoggerName::ROOT, &b.name))
    });
}

/// The level of `name` as the listing implies it: its own entry, else its nearest listed
/// ancestor's (`a.b.c` inherits from `a.b`, then `a`, then `root`). `None` with no root listed.
pub fn effective_level<'a>(loggers: &'a [LoggerInfo], name: &str) -> Option<&'a str> {
    let level_of = |n: &str| {
        loggers
            .iter()
            .find(|l| l.name == n)
            .map(|l| l.level.as_str())
    };
    let mut candidate = name;
    loop {
        if let Some(level) = level_of(candidate) {
            return Some(level);
        }
        match candidate.rfind('.') {
            Some(i) => candidate = &candidate[..i],
            None => return level_of(LoggerName::ROOT),
        }
    }
}

/// The body of `PUT /api/v1/clusters/{cluster}/loggers/{logger}`, as sent. Fields are text so a
/// wrong value is refused with its field named, not as malformed JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetLoggerLevel {
    /// Missing is refused by `parse` at its field, with the logger checked too.
    #[serde(default)]
    pub level: String,
    /// `cluster` (the default) or `worker`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// A level change that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelChange {
    pub logger: LoggerName,
    pub level: LogLevel,
    pub scope: LoggerScope,
}

impl SetLoggerLevel {
    /// The change for `logger` (the path segment), or every problem at its field.
    pub fn parse(&self, logger: &str) -> Result<LevelChange, Vec<ApiError>> {
        let invalid = |field: &str, m: String| {
            ApiError::new(ErrorCode::InvalidInput, m).with_field(field.to_owned())
        };
        let logger = LoggerName::parse(logger).map_err(|m| invalid("logger", m));
        let level = LogLevel::parse(&self.level).map_err(|m| invalid("level", m));
        let scope = self
            .scope
            .as_deref()
            .map_or(Ok(LoggerScope::default()), LoggerScope::parse)
            .map_err(|m| invalid("scope", m));
        match (logger, level, scope) {
            (Ok(logger), Ok(level), Ok(scope)) => Ok(LevelChange {
                logger,
                level,
                scope,
            }),
            (logger, level, scope) => Err([logger.err(), level.err(), scope.err()]
                .into_iter()
                .flatten()
                .collect()),
        }
    }
}

/// What a level change did (`PUT …/loggers/{logger}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggerChanged {
    pub logger: String,
    pub level: LogLevel,
    pub scope: LoggerScope,
    /// The level it had before, as the worker's listing implied it (its own or inherited).
    pub previous: Option<String>,
    /// Worker scope: the loggers Connect changed on the worker that answered (the logger and
    /// its descendants). Cluster scope: empty, since Connect only accepts the change (204) and
    /// every worker applies it as it reads the config topic.
    pub affected: Vec<String>,
}

/// A logger worth raising for one connector, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggerSuggestion {
    pub logger: String,
    pub why: String,
}

/// The loggers that tell most about a connector of `class` and `kind`: its own package, all
/// of Debezium for a Debezium plugin, and Connect's task loop for its direction.
pub fn suggested_loggers(class: &str, kind: ConnectorType) -> Vec<LoggerSuggestion> {
    let mut out = Vec::new();
    let mut push = |logger: &str, why: &str| {
        if LoggerName::parse(logger).is_ok()
            && out.iter().all(|s: &LoggerSuggestion| s.logger != logger)
        {
            out.push(LoggerSuggestion {
                logger: logger.to_owned(),
                why: why.to_owned(),
            });
        }
    };
    let class = class.trim();
    if let Some((package, _)) = class.rsplit_once('.') {
        push(package, "this connector's plugin");
    }
    if class.starts_with("io.debezium.") {
        push(
            "io.debezium",
            "all of Debezium (snapshots, streaming, schema history)",
        );
    }
    match kind {
        ConnectorType::Source => push(
            "org.apache.kafka.connect.runtime.WorkerSourceTask",
            "Connect's loop around source tasks (polls, commits)",
        ),
        ConnectorType::Sink => push(
            "org.apache.kafka.connect.runtime.WorkerSinkTask",
            "Connect's loop around sink tasks (consumer, puts, commits)",
        ),
        ConnectorType::Unknown => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_parse_in_any_case_and_come_back_upper() {
        assert_eq!(LogLevel::parse("debug"), Ok(LogLevel::Debug));
        assert_eq!(LogLevel::parse(" Warn "), Ok(LogLevel::Warn));
        assert_eq!(LogLevel::parse("ALL"), Ok(LogLevel::All));
        for level in LogLevel::ALL {
            assert_eq!(LogLevel::parse(&level.as_str().to_lowercase()), Ok(level));
        }
        assert_eq!(
            serde_json::to_string(&LogLevel::Trace).unwrap(),
            "\"TRACE\""
        );
    }

    #[test]
    fn unknown_levels_are_refused_with_the_list() {
        for bad in ["", "VERBOSE", "WARNING", "debug!", "10"] {
            let e = LogLevel::parse(bad).unwrap_err();
            assert!(
                e.contains("OFF, FATAL, ERROR, WARN, INFO, DEBUG, TRACE, ALL"),
                "{e}"
            );
        }
    }

    #[test]
    fn logger_names_are_java_names_or_root() {
        for ok in [
            "root",
            "io.debezium.connector.postgresql",
            "org.apache.kafka.connect.runtime.WorkerSinkTask",
            "com.example.Outer$Inner",
            "my-plugin_2",
        ] {
            assert_eq!(
                LoggerName::parse(ok).map(|n| n.to_string()),
                Ok(ok.to_owned())
            );
        }
        assert!(LoggerName::parse("root").unwrap().is_root());
        for bad in [
            "",
            "io debezium",
            "io/debezium",
            "io.debezium?scope=worker",
            "a..b",
            ".a",
            "a.",
            "é.x",
            "%2e",
        ] {
            assert!(LoggerName::parse(bad).is_err(), "{bad:?}");
        }
        assert!(LoggerName::parse(&"a".repeat(256)).is_err());
    }

    #[test]
    fn a_change_defaults_to_cluster_scope_and_names_every_bad_field() {
        let body = SetLoggerLevel {
            level: "debug".into(),
            scope: None,
        };
        assert_eq!(
            body.parse("io.debezium"),
            Ok(LevelChange {
                logger: LoggerName::parse("io.debezium").unwrap(),
                level: LogLevel::Debug,
                scope: LoggerScope::Cluster,
            })
        );
        let worker = SetLoggerLevel {
            level: "INFO".into(),
            scope: Some("Worker".into()),
        };
        assert_eq!(worker.parse("root").unwrap().scope, LoggerScope::Worker);

        let bad = SetLoggerLevel {
            level: "LOUD".into(),
            scope: Some("everywhere".into()),
        };
        let errors = bad.parse("a b").unwrap_err();
        let fields: Vec<_> = errors.iter().filter_map(|e| e.field.as_deref()).collect();
        assert_eq!(fields, ["logger", "level", "scope"]);
        assert!(errors.iter().all(|e| e.code == ErrorCode::InvalidInput));
    }

    #[test]
    fn the_body_reads_without_a_scope() {
        let body: SetLoggerLevel = serde_json::from_str(r#"{"level":"DEBUG"}"#).unwrap();
        assert_eq!(body.scope, None);
    }

    fn info(name: &str, level: &str, last_modified: Option<i64>) -> LoggerInfo {
        LoggerInfo {
            name: name.into(),
            level: level.into(),
            last_modified,
        }
    }

    #[test]
    fn root_comes_first_then_names_in_order() {
        let mut list = vec![
            info("org.reflections", "ERROR", None),
            info("root", "INFO", None),
            info("io.debezium", "DEBUG", Some(1)),
        ];
        sort_loggers(&mut list);
        let names: Vec<_> = list.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["root", "io.debezium", "org.reflections"]);
    }

    #[test]
    fn an_unlisted_logger_inherits_from_its_nearest_listed_ancestor() {
        let list = [
            info("root", "INFO", None),
            info("io.debezium", "WARN", None),
            info("io.debezium.connector.postgresql", "DEBUG", Some(5)),
        ];
        assert_eq!(
            effective_level(&list, "io.debezium.connector.postgresql"),
            Some("DEBUG")
        );
        assert_eq!(
            effective_level(&list, "io.debezium.connector.mysql"),
            Some("WARN")
        );
        assert_eq!(effective_level(&list, "org.apache.kafka"), Some("INFO"));
        assert_eq!(effective_level(&[], "x"), None);
    }

    #[test]
    fn a_change_counts_as_recent_from_its_timestamp() {
        assert!(info("a", "DEBUG", Some(100)).changed_since(100));
        assert!(!info("a", "DEBUG", Some(99)).changed_since(100));
        assert!(!info("a", "INFO", None).changed_since(0));
    }

    #[test]
    fn a_debezium_source_suggests_its_package_debezium_and_the_source_loop() {
        let s = suggested_loggers(
            "io.debezium.connector.postgresql.PostgresConnector",
            ConnectorType::Source,
        );
        let loggers: Vec<_> = s.iter().map(|s| s.logger.as_str()).collect();
        assert_eq!(
            loggers,
            [
                "io.debezium.connector.postgresql",
                "io.debezium",
                "org.apache.kafka.connect.runtime.WorkerSourceTask"
            ]
        );
        assert_eq!(s[0].why, "this connector's plugin");
    }

    #[test]
    fn a_plain_sink_suggests_its_package_and_the_sink_loop() {
        let s = suggested_loggers(
            "org.apache.kafka.connect.file.FileStreamSinkConnector",
            ConnectorType::Sink,
        );
        let loggers: Vec<_> = s.iter().map(|s| s.logger.as_str()).collect();
        assert_eq!(
            loggers,
            [
                "org.apache.kafka.connect.file",
                "org.apache.kafka.connect.runtime.WorkerSinkTask"
            ]
        );
    }

    #[test]
    fn a_class_without_a_package_or_type_suggests_little_and_nothing_invalid() {
        assert!(suggested_loggers("Bare", ConnectorType::Unknown).is_empty());
        assert!(suggested_loggers("", ConnectorType::Unknown).is_empty());
        assert!(suggested_loggers("bad pkg.X", ConnectorType::Unknown).is_empty());
        // The Debezium JDBC sink: its package, Debezium, the sink loop, each once.
        let s = suggested_loggers(
            "io.debezium.connector.jdbc.JdbcSinkConnector",
            ConnectorType::Sink,
        );
        assert_eq!(s.len(), 3);
    }
}
