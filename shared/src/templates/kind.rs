//! The connectors the wizard can generate, and the Debezium version they are generated for.

use serde::{Deserialize, Serialize};

/// What the wizard can generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Postgres,
    MySql,
    MariaDb,
    SqlServer,
    Oracle,
    MongoDb,
    JdbcSink,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Postgres,
        Kind::MySql,
        Kind::MariaDb,
        Kind::SqlServer,
        Kind::Oracle,
        Kind::MongoDb,
        Kind::JdbcSink,
    ];

    pub fn connector_class(self) -> &'static str {
        match self {
            Kind::Postgres => "io.debezium.connector.postgresql.PostgresConnector",
            Kind::MySql => "io.debezium.connector.mysql.MySqlConnector",
            Kind::MariaDb => "io.debezium.connector.mariadb.MariaDbConnector",
            Kind::SqlServer => "io.debezium.connector.sqlserver.SqlServerConnector",
            Kind::Oracle => "io.debezium.connector.oracle.OracleConnector",
            Kind::MongoDb => "io.debezium.connector.mongodb.MongoDbConnector",
            Kind::JdbcSink => "io.debezium.connector.jdbc.JdbcSinkConnector",
        }
    }

    pub fn from_class(class: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.connector_class() == class)
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Postgres => "PostgreSQL",
            Kind::MySql => "MySQL",
            Kind::MariaDb => "MariaDB",
            Kind::SqlServer => "SQL Server",
            Kind::Oracle => "Oracle",
            Kind::MongoDb => "MongoDB",
            Kind::JdbcSink => "JDBC sink",
        }
    }

    pub fn default_port(self) -> u16 {
        match self {
            Kind::Postgres => 5432,
            Kind::MySql | Kind::MariaDb => 3306,
            Kind::SqlServer => 1433,
            Kind::Oracle => 1521,
            Kind::MongoDb => 27017,
            Kind::JdbcSink => 5432,
        }
    }

    /// Binlog connectors need a `database.server.id` unique across the database's replicas
    /// and clients, so across the cluster's connectors too.
    pub fn needs_server_id(self) -> bool {
        matches!(self, Kind::MySql | Kind::MariaDb)
    }

    /// Connectors that keep the schema history in a Kafka topic of their own.
    pub fn has_schema_history(self) -> bool {
        matches!(
            self,
            Kind::MySql | Kind::MariaDb | Kind::SqlServer | Kind::Oracle
        )
    }

    pub fn is_source(self) -> bool {
        self != Kind::JdbcSink
    }
}

/// A Debezium version as the plugin list reports it (`3.4.0.Final`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    pub major: u32,
    pub minor: u32,
}

impl Version {
    pub fn parse(s: &str) -> Option<Version> {
        let mut parts = s.split(['.', '-']);
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next()?.parse().ok()?;
        Some(Version { major, minor })
    }

    pub fn at_least(self, major: u32, minor: u32) -> bool {
        self >= Version { major, minor }
    }
}
