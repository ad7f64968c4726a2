//! Java stack traces as Connect reports them, summarised by what actually went wrong: the
//! innermost `Caused by:` of the chain. Connect's and Debezium's own first lines are wrappers
//! ("An exception occurred in the change event producer…", "Exiting WorkerSinkTask due to
//! unrecoverable exception") that say only that a task gave up.

/// The exception a trace is summarised by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceSummary {
    /// Fully qualified class, e.g. `io.debezium.DebeziumException`.
    pub exception: String,
    /// Its message with continuation lines joined (PostgreSQL's `Where:` lines, say); `None`
    /// when the exception has none.
    pub message: Option<String>,
    /// It is a `Caused by:` of the trace, not its first line.
    pub is_cause: bool,
}

impl TraceSummary {
    /// The innermost cause of `trace`, or its first line when it has no cause; `None` for an
    /// empty trace.
    pub fn of(trace: &str) -> Option<Self> {
        let lines: Vec<&str> = trace.lines().collect();
        match innermost_cause(&lines) {
            Some(i) => {
                let head = lines[i].trim_start().strip_prefix(CAUSED_BY).unwrap_or("");
                Some(Self::parse(head, &lines[i + 1..], true))
            }
            None => {
                let first = lines.iter().position(|l| !l.trim().is_empty())?;
                Some(Self::parse(lines[first], &lines[first + 1..], false))
            }
        }
    }

    /// The class without its package: what fits a summary line.
    pub fn short_exception(&self) -> &str {
        self.exception.rsplit('.').next().unwrap_or(&self.exception)
    }

    /// `class: message`, as Java prints the exception (the message alone when the line named
    /// no class).
    pub fn line(&self) -> String {
        match &self.message {
            Some(m) if self.exception.is_empty() => m.clone(),
            Some(m) => format!("{}: {m}", self.exception),
            None => self.exception.clone(),
        }
    }

    /// `head` is `class[: message]`; `rest` the lines after it, where a message may go on.
    fn parse(head: &str, rest: &[&str], is_cause: bool) -> Self {
        let head = head.trim();
        let (exception, first) = match head.split_once(':') {
            // A class name has no spaces; a line without one is all message.
            Some((class, msg)) if !class.is_empty() && !class.contains(char::is_whitespace) => {
                (class.to_owned(), msg.trim())
            }
            _ if !head.contains(char::is_whitespace) => (head.to_owned(), ""),
            _ => (String::new(), head),
        };
        let more = rest
            .iter()
            .map(|l| l.trim())
            .take_while(|l| !is_frame_or_next_exception(l));
        let message = std::iter::once(first)
            .chain(more)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        Self {
            exception,
            message: (!message.is_empty()).then_some(message),
            is_cause,
        }
    }
}

/// One line for lists (connector rows, the fleet, the CLI): the innermost cause, else the
/// first line; empty for an empty trace.
pub fn summary_line(trace: &str) -> String {
    TraceSummary::of(trace)
        .map(|s| s.line())
        .unwrap_or_default()
}

const CAUSED_BY: &str = "Caused by:";

/// The last `Caused by:` of the main chain. Java prints the chain's causes at the start of a
/// line and those of suppressed exceptions indented, so unindented ones are preferred; a
/// trace that was re-indented on its way here still finds its causes.
fn innermost_cause(lines: &[&str]) -> Option<usize> {
    let last = |unindented: bool| {
        lines.iter().rposition(|l| {
            let l = if unindented { *l } else { l.trim_start() };
            l.starts_with(CAUSED_BY)
        })
    };
    last(true).or_else(|| last(false))
}

/// Where an exception's message ends: its first stack frame, an elided-frames marker, or the
/// next exception of the trace.
fn is_frame_or_next_exception(trimmed: &str) -> bool {
    trimmed.starts_with("at ")
        || trimmed.starts_with("...")
        || trimmed.starts_with(CAUSED_BY)
        || trimmed.starts_with("Suppressed:")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A task of a Debezium 3.4 PostgreSQL connector whose publication does not exist while
    /// `publication.autocreate.mode=disabled`, as Connect's status reports it.
    const DEBEZIUM_PG: &str = "org.apache.kafka.connect.errors.ConnectException: An exception occurred in the change event producer. This connector will be stopped.
\tat io.debezium.pipeline.ErrorHandler.setProducerThrowable(ErrorHandler.java:67)
\tat io.debezium.connector.postgresql.PostgresStreamingChangeEventSource.execute(PostgresStreamingChangeEventSource.java:196)
\tat io.debezium.pipeline.ChangeEventSourceCoordinator.streamEvents(ChangeEventSourceCoordinator.java:326)
\tat java.base/java.lang.Thread.run(Thread.java:1583)
Caused by: io.debezium.DebeziumException: Creation of replication stream failed
\tat io.debezium.connector.postgresql.connection.PostgresReplicationConnection.startStreaming(PostgresReplicationConnection.java:541)
\tat io.debezium.connector.postgresql.PostgresStreamingChangeEventSource.execute(PostgresStreamingChangeEventSource.java:147)
\t... 9 more
Caused by: io.debezium.DebeziumException: Publication autocreation is disabled, please create one and restart the connector.
\tat io.debezium.connector.postgresql.connection.PostgresReplicationConnection.initPublication(PostgresReplicationConnection.java:235)
\tat io.debezium.connector.postgresql.connection.PostgresReplicationConnection.createReplicationStream(PostgresReplicationConnection.java:460)
\t... 11 more
";

    #[test]
    fn a_debezium_trace_is_summarised_by_its_innermost_cause() {
        let s = TraceSummary::of(DEBEZIUM_PG).expect("a summary");
        assert_eq!(s.exception, "io.debezium.DebeziumException");
        assert_eq!(s.short_exception(), "DebeziumException");
        assert_eq!(
            s.message.as_deref(),
            Some(
                "Publication autocreation is disabled, please create one and restart the connector."
            )
        );
        assert!(s.is_cause);
        assert_eq!(
            summary_line(DEBEZIUM_PG),
            "io.debezium.DebeziumException: Publication autocreation is disabled, please create one and restart the connector."
        );
    }

    #[test]
    fn a_cause_message_goes_on_until_its_first_frame() {
        let trace = "org.apache.kafka.connect.errors.ConnectException: An exception occurred in the change event producer. This connector will be stopped.
\tat io.debezium.pipeline.ErrorHandler.setProducerThrowable(ErrorHandler.java:67)
Caused by: org.postgresql.util.PSQLException: ERROR: replication slot \"orders\" is active for PID 4242
  Where: slot \"orders\"
\tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2733)
\t... 4 more
";
        let s = TraceSummary::of(trace).unwrap();
        assert_eq!(s.short_exception(), "PSQLException");
        assert_eq!(
            s.message.as_deref(),
            Some(
                "ERROR: replication slot \"orders\" is active for PID 4242 Where: slot \"orders\""
            )
        );
    }

    #[test]
    fn causes_of_suppressed_exceptions_are_not_the_root_cause() {
        let trace = "java.lang.RuntimeException: outer
\tat a.B.c(B.java:1)
Caused by: java.sql.SQLException: Could not find table: notes
\tat d.E.f(E.java:2)
\tSuppressed: java.io.IOException: close failed
\t\tat g.H.i(H.java:3)
\tCaused by: java.net.SocketException: Broken pipe
\t\t... 3 more
";
        let s = TraceSummary::of(trace).unwrap();
        assert_eq!(
            s.line(),
            "java.sql.SQLException: Could not find table: notes"
        );
    }

    #[test]
    fn a_trace_without_a_cause_is_summarised_by_its_first_line() {
        let trace = "org.apache.kafka.connect.errors.ConnectException: boom\n\tat x.y(Z.java:1)";
        let s = TraceSummary::of(trace).unwrap();
        assert!(!s.is_cause);
        assert_eq!(
            s.line(),
            "org.apache.kafka.connect.errors.ConnectException: boom"
        );
        let bare = TraceSummary::of("java.lang.NullPointerException\n\tat a.b(C.java:1)").unwrap();
        assert_eq!(bare.short_exception(), "NullPointerException");
        assert_eq!(bare.message, None);
        let words = TraceSummary::of("Tolerance exceeded in error handler").unwrap();
        assert_eq!(words.exception, "");
        assert_eq!(words.line(), "Tolerance exceeded in error handler");
    }

    #[test]
    fn an_empty_trace_has_no_summary() {
        assert_eq!(TraceSummary::of(""), None);
        assert_eq!(TraceSummary::of("\n  \n"), None);
        assert_eq!(summary_line(""), "");
    }
}
