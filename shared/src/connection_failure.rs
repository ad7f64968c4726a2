//! A database connection failure in Connect's validation answer, told in plain words. Debezium
//! connects to the database to validate a config and reports every failure as an error on
//! `database.hostname`, a wrong password included; only the driver's message, passed through,
//! says whether the host refused the sign-in or never answered.

use crate::ConfigInfos;

/// What went wrong reaching the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The database answered and turned the user away (password, user, `pg_hba.conf`).
    SignInRefused,
    /// Nothing answered at the host and port: wrong address, database down, a firewall.
    NoAnswer,
}

impl Failure {
    /// The keys to look at first.
    pub fn keys(self) -> [&'static str; 2] {
        match self {
            Failure::SignInRefused => ["database.user", "database.password"],
            Failure::NoAnswer => ["database.hostname", "database.port"],
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Failure::SignInRefused => "sign_in_refused",
            Failure::NoAnswer => "no_answer",
        }
    }
}

/// Lower-cased fragments of drivers' messages for a refused sign-in. Checked before
/// [`NO_ANSWER`]: a host that refuses a sign-in has answered.
const SIGN_IN_REFUSED: [&str; 7] = [
    // PostgreSQL: a wrong password (md5, scram), and ident, peer or LDAP refusals.
    "password authentication failed",
    "authentication failed for user",
    // PostgreSQL: pg_hba.conf has no line letting this user in from this host.
    "no pg_hba.conf entry",
    // pgjdbc: the server asked for a password and the config has none.
    "but no password was provided",
    // MySQL and MariaDB.
    "access denied for user",
    // SQL Server.
    "login failed for user",
    // Oracle: invalid username/password.
    "ora-01017",
];

/// Lower-cased fragments of drivers' messages for a host that did not answer.
const NO_ANSWER: [&str; 12] = [
    // Java's ConnectException, also in MariaDB's and SQL Server's messages.
    "connection refused",
    // MySQL Connector/J: no packet came back.
    "communications link failure",
    // pgjdbc: an unknown host, or the connection dropped before the server spoke.
    "the connection attempt failed",
    "connection attempt timed out",
    // MariaDB Connector/J 3 and 2.
    "socket fail to connect",
    "could not connect to address",
    "unknownhostexception",
    "name or service not known",
    "no route to host",
    "connect timed out",
    // Oracle.
    "the network adapter could not establish the connection",
    // SQL Server.
    "the tcp/ip connection to the host",
];

/// What a validation message says about reaching the database, if anything.
pub fn classify(message: &str) -> Option<Failure> {
    let m = message.to_ascii_lowercase();
    // PostgreSQL names a missing user `role "…" does not exist`.
    let unknown_role = m.contains("role \"") && m.contains("does not exist");
    // pgjdbc: `Connection to host:port refused.`
    let pg_refused = m.contains("connection to ") && m.contains(" refused");
    if unknown_role || SIGN_IN_REFUSED.iter().any(|f| m.contains(f)) {
        Some(Failure::SignInRefused)
    } else if pg_refused || NO_ANSWER.iter().any(|f| m.contains(f)) {
        Some(Failure::NoAnswer)
    } else {
        None
    }
}

/// A connection failure found in a validation answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    pub failure: Failure,
    /// Plain words, keys in backticks (see [`crate::inline_code`]).
    pub summary: String,
    /// The key Connect reported it on.
    pub key: String,
    /// Connect's message as it came.
    pub original: String,
}

/// The first connection failure among the answer's errors, with the host and port it was
/// validated against (Connect echoes every value it checked, defaults included).
pub fn diagnose(infos: &ConfigInfos) -> Option<Diagnosis> {
    let (key, original, failure) = infos.field_errors().into_iter().find_map(|(key, errors)| {
        errors
            .iter()
            .find_map(|e| classify(e).map(|f| (key.to_owned(), e.clone(), f)))
    })?;
    let summary = match failure {
        Failure::SignInRefused => "The database refused the sign-in: check `database.user` and \
                                   `database.password` (the host answered)"
            .to_owned(),
        Failure::NoAnswer => {
            let at = match (
                validated_value(infos, "database.hostname"),
                validated_value(infos, "database.port"),
            ) {
                (Some(host), Some(port)) => format!(" at `{host}:{port}`"),
                (Some(host), None) => format!(" at `{host}`"),
                (None, _) => String::new(),
            };
            format!(
                "The database{at} did not answer: check `database.hostname` and `database.port`"
            )
        }
    };
    Some(Diagnosis {
        failure,
        summary,
        key,
        original,
    })
}

/// The non-empty value Connect validated for `key`.
fn validated_value<'a>(infos: &'a ConfigInfos, key: &str) -> Option<&'a str> {
    infos
        .configs
        .iter()
        .filter_map(|c| c.value.as_ref())
        .find(|v| v.name == key)
        .and_then(|v| v.value.as_deref())
        .filter(|v| !v.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plugin::{ConfigInfo, ConfigValueInfo};

    /// How Debezium's PostgreSQL connector words them (`Error while validating connector
    /// config: ` and pgjdbc's message).
    const POSTGRES_REFUSED: [&str; 5] = [
        "Error while validating connector config: FATAL: password authentication failed for user \"dbz\"",
        "Error while validating connector config: FATAL: role \"nobody\" does not exist",
        "Error while validating connector config: FATAL: no pg_hba.conf entry for host \"172.18.0.6\", user \"dbz\", database \"inventory\", no encryption",
        "Error while validating connector config: FATAL: Ident authentication failed for user \"dbz\"",
        "Error while validating connector config: The server requested SCRAM-based authentication, but no password was provided.",
    ];
    const POSTGRES_NO_ANSWER: [&str; 3] = [
        "Error while validating connector config: Connection to 127.0.0.1:5433 refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.",
        "Error while validating connector config: The connection attempt failed.",
        "Error while validating connector config: Connection attempt timed out.",
    ];
    /// How Debezium's MySQL and MariaDB connectors word them (`Unable to connect: ` and the
    /// driver's message: Connector/J, MariaDB Connector/J 3 and 2).
    const MYSQL_REFUSED: [&str; 3] = [
        "Unable to connect: Access denied for user 'dbz'@'172.18.0.6' (using password: YES)",
        "Unable to connect: (conn=31) Access denied for user 'dbz'@'172.18.0.6' (using password: YES)",
        "Unable to connect: Access denied for user 'nobody'@'%' (using password: NO)",
    ];
    const MYSQL_NO_ANSWER: [&str; 4] = [
        "Unable to connect: Communications link failure\n\nThe last packet sent successfully to the server was 0 milliseconds ago. The driver has not received any packets from the server.",
        "Unable to connect: Socket fail to connect to address=(host=mariadb)(port=3307)(type=primary). Connection refused",
        "Unable to connect: Could not connect to address=(host=mariadb)(port=3307)(type=master) : Connection refused",
        "Unable to connect: Could not connect to address=(host=nowhere.invalid)(port=3306)(type=master) : nowhere.invalid: Name or service not known",
    ];

    #[test]
    fn postgres_refusals_and_silences_are_told_apart() {
        for m in POSTGRES_REFUSED {
            assert_eq!(classify(m), Some(Failure::SignInRefused), "{m}");
        }
        for m in POSTGRES_NO_ANSWER {
            assert_eq!(classify(m), Some(Failure::NoAnswer), "{m}");
        }
    }

    #[test]
    fn mysql_and_mariadb_refusals_and_silences_are_told_apart() {
        for m in MYSQL_REFUSED {
            assert_eq!(classify(m), Some(Failure::SignInRefused), "{m}");
        }
        for m in MYSQL_NO_ANSWER {
            assert_eq!(classify(m), Some(Failure::NoAnswer), "{m}");
        }
    }

    #[test]
    fn sql_server_and_oracle_are_recognised_too() {
        assert_eq!(
            classify(
                "Unable to connect. Please check the connector settings: Login failed for user 'sa'. ClientConnectionId:2f1f"
            ),
            Some(Failure::SignInRefused)
        );
        assert_eq!(
            classify("ORA-01017: invalid username/password; logon denied"),
            Some(Failure::SignInRefused)
        );
        assert_eq!(
            classify(
                "The TCP/IP connection to the host sqlserver, port 1433 has failed. Error: \"Connection refused.\""
            ),
            Some(Failure::NoAnswer)
        );
        assert_eq!(
            classify("IO Error: The Network Adapter could not establish the connection"),
            Some(Failure::NoAnswer)
        );
    }

    #[test]
    fn other_errors_are_not_about_reaching_the_database() {
        for m in [
            "Invalid value abc for configuration tasks.max: Not a number of type INT",
            "Error while validating connector config: FATAL: database \"nope\" does not exist",
            "Postgres server wal_level property must be 'logical' but is: replica",
            "Postgres roles LOGIN and REPLICATION are not assigned to user: dbz",
            "The 'database.hostname' value is invalid: A value is required",
            "Missing required configuration \"database.user\" which has no default value.",
        ] {
            assert_eq!(classify(m), None, "{m}");
        }
    }

    fn answer(values: &[(&str, Option<&str>, Option<&str>)]) -> ConfigInfos {
        let mut infos = ConfigInfos {
            name: "io.debezium.connector.postgresql.PostgresConnector".into(),
            error_count: 0,
            groups: Vec::new(),
            configs: Vec::new(),
            legacy: None,
        };
        for (key, value, error) in values {
            infos.configs.push(ConfigInfo {
                definition: None,
                value: Some(ConfigValueInfo {
                    name: (*key).to_owned(),
                    value: value.map(str::to_owned),
                    recommended_values: Vec::new(),
                    errors: Vec::new(),
                    visible: true,
                }),
            });
            if let Some(e) = error {
                infos.add_error(key, e);
            }
        }
        infos
    }

    #[test]
    fn a_wrong_password_reported_on_the_hostname_points_at_the_credentials() {
        let infos = answer(&[
            ("database.hostname", Some("db"), Some(POSTGRES_REFUSED[0])),
            ("database.port", Some("5432"), None),
            ("tasks.max", Some("abc"), Some("Invalid value abc")),
        ]);
        let d = diagnose(&infos).unwrap();
        assert_eq!(d.failure, Failure::SignInRefused);
        assert_eq!(d.key, "database.hostname");
        assert_eq!(d.original, POSTGRES_REFUSED[0], "Connect's words are kept");
        assert_eq!(
            crate::inline_code::code_spans(&d.summary)
                .iter()
                .map(|s| match s {
                    crate::inline_code::Span::Text(t) | crate::inline_code::Span::Code(t) => *t,
                })
                .collect::<String>(),
            "The database refused the sign-in: check database.user and database.password (the host answered)"
        );
        assert_eq!(d.failure.keys(), ["database.user", "database.password"]);
    }

    #[test]
    fn a_silent_host_is_named_with_the_port_validated() {
        let infos = answer(&[
            (
                "database.hostname",
                Some("mysql.internal"),
                Some(MYSQL_NO_ANSWER[0]),
            ),
            ("database.port", Some("3307"), None),
        ]);
        let d = diagnose(&infos).unwrap();
        assert_eq!(d.failure, Failure::NoAnswer);
        assert_eq!(
            d.summary,
            "The database at `mysql.internal:3307` did not answer: check `database.hostname` and `database.port`"
        );
        let no_port = answer(&[("database.hostname", Some("db"), Some(POSTGRES_NO_ANSWER[1]))]);
        assert!(
            diagnose(&no_port)
                .unwrap()
                .summary
                .starts_with("The database at `db` did not")
        );
        let nothing = answer(&[("database.hostname", None, Some(POSTGRES_NO_ANSWER[1]))]);
        assert!(
            diagnose(&nothing)
                .unwrap()
                .summary
                .starts_with("The database did not answer")
        );
    }

    #[test]
    fn an_answer_without_connection_failures_has_no_diagnosis() {
        let infos = answer(&[("tasks.max", Some("abc"), Some("Invalid value abc"))]);
        assert_eq!(diagnose(&infos), None);
    }
}
