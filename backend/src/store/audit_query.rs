//! Filtered reads of the audit log. Built by hand with `$N` placeholders: sqlx's
//! `QueryBuilder` emits `?` through the `Any` driver, which PostgreSQL rejects.

use super::audit::AuditEntry;
use super::{Store, StoreError};

/// Filters for [`Store::search_audit`]; `None` means "any".
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub tenant: Option<String>,
    pub cluster: Option<String>,
    pub connector: Option<String>,
    pub action: Option<String>,
    pub actor: Option<String>,
    pub before_ms: Option<i64>,
    pub limit: i64,
}

impl Store {
    /// Newest first.
    pub async fn search_audit(&self, f: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        let mut sql = String::from("SELECT * FROM audit_log WHERE 1 = 1");
        let mut binds: Vec<String> = Vec::new();
        for (column, value) in [
            ("tenant_id", &f.tenant),
            ("cluster_id", &f.cluster),
            ("connector_name", &f.connector),
            ("action", &f.action),
            ("actor", &f.actor),
        ] {
            if let Some(v) = value {
                binds.push(v.clone());
                sql.push_str(&format!(" AND {column} = ${}", binds.len()));
            }
        }
        if f.before_ms.is_some() {
            sql.push_str(&format!(" AND at < ${}", binds.len() + 1));
        }
        let limit_at = binds.len() + 1 + usize::from(f.before_ms.is_some());
        sql.push_str(&format!(" ORDER BY at DESC, id LIMIT ${limit_at}"));
        let mut query = sqlx::query(&sql);
        for b in &binds {
            query = query.bind(b.clone());
        }
        if let Some(before) = f.before_ms {
            query = query.bind(before);
        }
        let rows = query
            .bind(f.limit.clamp(1, 10_000))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(super::audit::from_row)
            .collect::<Result<_, _>>()?)
    }
}
