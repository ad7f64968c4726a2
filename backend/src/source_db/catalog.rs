//! The capture step's table list: schemas, tables and columns the connector's user can see,
//! read from `information_schema` with the credentials the user typed.

use sluice_shared::catalog::{Catalog, Table};
use sluice_shared::templates::{Answers, Kind};
use sqlx::mysql::MySqlConnection;
use sqlx::postgres::PgConnection;
use sqlx::{Connection, Row};

use super::sign_in::{TIMEOUT, mysql_options, pg_options};

/// Enough for any capture step; beyond this the user types patterns.
const MAX_TABLES: usize = 2_000;

/// Why the catalog could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("Sluice cannot list {0} tables: type the include patterns instead")]
    Unsupported(&'static str),
    #[error("{0}")]
    Database(String),
    /// The database answered and refused what the user typed (a wrong password, a database
    /// that does not exist): the user's to fix, at `field`.
    #[error("{message}")]
    Refused {
        field: &'static str,
        message: String,
    },
}

impl From<sqlx::Error> for CatalogError {
    fn from(e: sqlx::Error) -> Self {
        let refused = e.as_database_error().and_then(|db| {
            let code = db.code()?;
            // SQLSTATE class 28 is "invalid authorization" on both servers (PostgreSQL 28P01,
            // MySQL/MariaDB 1045 → 28000); 3D000 / MySQL 1049 (42000) an unknown database.
            let field = match code.as_ref() {
                c if c.starts_with("28") => "password",
                "3D000" => "database",
                "42000" if db.message().contains("Unknown database") => "database",
                _ => return None,
            };
            Some(CatalogError::Refused {
                field,
                message: db.message().to_owned(),
            })
        });
        refused.unwrap_or_else(|| CatalogError::Database(e.to_string()))
    }
}

pub async fn list(kind: Kind, a: &Answers) -> Result<Catalog, CatalogError> {
    // (schema, table, column) rows ordered by table, then column position.
    let rows: Vec<(String, String, String)> = match kind {
        Kind::Postgres => {
            let options = pg_options(a);
            let mut conn = timed(PgConnection::connect_with(&options)).await?;
            let rows = timed(
                sqlx::query(
                    "SELECT c.table_schema, c.table_name, c.column_name \
                     FROM information_schema.columns c \
                     JOIN information_schema.tables t \
                       ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
                     WHERE t.table_type = 'BASE TABLE' \
                       AND c.table_schema NOT IN ('pg_catalog', 'information_schema') \
                       AND c.table_schema NOT LIKE 'pg\\_toast%' \
                     ORDER BY 1, 2, c.ordinal_position",
                )
                .fetch_all(&mut conn),
            )
            .await?;
            let _ = conn.close().await;
            rows.iter()
                .map(|r| (r.get(0), r.get(1), r.get(2)))
                .collect()
        }
        Kind::MySql | Kind::MariaDb => {
            let options = mysql_options(kind, a);
            let mut conn = timed(MySqlConnection::connect_with(&options)).await?;
            // The template captures one database (`database.include.list`); list only it.
            let rows = timed(
                sqlx::query(
                    "SELECT CAST(c.table_schema AS CHAR), CAST(c.table_name AS CHAR), \
                            CAST(c.column_name AS CHAR) \
                     FROM information_schema.columns c \
                     JOIN information_schema.tables t \
                       ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
                     WHERE t.table_type = 'BASE TABLE' AND c.table_schema = ? \
                     ORDER BY 1, 2, c.ordinal_position",
                )
                .bind(&a.database)
                .fetch_all(&mut conn),
            )
            .await?;
            let _ = conn.close().await;
            rows.iter()
                .map(|r| (r.get(0), r.get(1), r.get(2)))
                .collect()
        }
        other => return Err(CatalogError::Unsupported(other.label())),
    };
    let mut tables: Vec<Table> = Vec::new();
    let mut truncated = false;
    for (schema, name, column) in rows {
        let same = tables
            .last()
            .is_some_and(|t| t.schema == schema && t.name == name);
        if same {
            if let Some(t) = tables.last_mut() {
                t.columns.push(column);
            }
        } else if tables.len() == MAX_TABLES {
            truncated = true;
            break;
        } else {
            tables.push(Table {
                schema,
                name,
                columns: vec![column],
            });
        }
    }
    Ok(Catalog { tables, truncated })
}

async fn timed<T>(f: impl Future<Output = Result<T, sqlx::Error>>) -> Result<T, CatalogError> {
    tokio::time::timeout(TIMEOUT, f)
        .await
        .map_err(|_| CatalogError::Database("no answer within 5 s".into()))?
        .map_err(CatalogError::from)
}
