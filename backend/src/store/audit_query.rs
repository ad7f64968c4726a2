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
    /// Case-insensitive text found in the actor, action, connector or tenant.
    pub text: Option<String>,
    /// Entries older than this one (`at`, `id`) in the newest-first order: the next page.
    pub before_ms: Option<i64>,
    pub before_id: Option<String>,
    pub limit: i64,
}

/// `text` as a LIKE pattern matching it anywhere, its own `%`, `_` and `\` taken literally.
fn contains_pattern(text: &str) -> String {
    let escaped = text
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// A value for the next `$N` placeholder.
enum Bind {
    Text(String),
    Int(i64),
}

impl Store {
    /// Newest first.
    pub async fn search_audit(&self, f: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        let mut sql = String::from("SELECT * FROM audit_log WHERE 1 = 1");
        let mut binds: Vec<Bind> = Vec::new();
        // The placeholder of a value, pushed in the order the placeholders are numbered.
        let mut next = |b: Bind| {
            binds.push(b);
            format!("${}", binds.len())
        };
        for (column, value) in [
            ("tenant_id", &f.tenant),
            ("cluster_id", &f.cluster),
            ("connector_name", &f.connector),
            ("action", &f.action),
            ("actor", &f.actor),
        ] {
            if let Some(v) = value {
                let p = next(Bind::Text(v.clone()));
                sql.push_str(&format!(" AND {column} = {p}"));
            }
        }
        if let Some(text) = f.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let p = next(Bind::Text(contains_pattern(text)));
            let like = |column: &str| format!("LOWER(COALESCE({column}, '')) LIKE {p} ESCAPE '\\'");
            sql.push_str(&format!(
                " AND ({} OR {} OR {} OR {})",
                like("actor"),
                like("action"),
                like("connector_name"),
                like("tenant_id")
            ));
        }
        // Keyset paging: ties on the millisecond are broken by id, as the order is.
        if let Some(before) = f.before_ms {
            let at = next(Bind::Int(before));
            match &f.before_id {
                Some(id) => {
                    let id = next(Bind::Text(id.clone()));
                    sql.push_str(&format!(" AND (at < {at} OR (at = {at} AND id > {id}))"));
                }
                None => sql.push_str(&format!(" AND at < {at}")),
            }
        }
        let limit = next(Bind::Int(f.limit.clamp(1, 10_000)));
        sql.push_str(&format!(" ORDER BY at DESC, id LIMIT {limit}"));
        let mut query = sqlx::query(&sql);
        for b in binds {
            query = match b {
                Bind::Text(t) => query.bind(t),
                Bind::Int(i) => query.bind(i),
            };
        }
        let rows = query.fetch_all(&self.pool).await?;
        Ok(rows
            .iter()
            .map(super::audit::from_row)
            .collect::<Result<_, _>>()?)
    }
}
