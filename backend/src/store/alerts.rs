//! Alerts (open and past) and silences.

use std::collections::BTreeMap;

use sluice_shared::health::{AlertKey, AlertKind, AlertState, Severity, Silence};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, StoreError};

/// An alert as stored: its state, and what people and webhooks did with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAlert {
    pub id: String,
    pub state: AlertState,
    pub resolved_ms: Option<i64>,
    pub notified: bool,
    pub acked_by: Option<String>,
    pub acked_ms: Option<i64>,
}

/// Which alerts to read.
#[derive(Debug, Clone, Default)]
pub struct AlertFilter {
    /// Past (resolved) alerts instead of open ones.
    pub resolved: bool,
    /// Only this tenant's alerts and the console's (a cluster's); `None`: all.
    pub tenant: Option<String>,
    pub cluster: Option<String>,
    pub connector: Option<String>,
    /// Resolved before this time (paging through the past).
    pub before_ms: Option<i64>,
    pub limit: i64,
}

/// A silence as stored, with the tenant whose operator made it (`None`: console-wide staff).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSilence {
    pub silence: Silence,
    pub tenant: Option<String>,
    pub created_ms: i64,
}

const COLUMNS: &str = "id, kind, cluster_id, connector, subject, tenant_id, severity, summary, \
                       since_ms, fired_ms, resolved_ms, notified, acked_by, acked_ms";

fn none_if_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

fn alert(r: &AnyRow) -> Result<StoredAlert, StoreError> {
    let kind: String = r.try_get("kind")?;
    let severity: String = r.try_get("severity")?;
    let id: String = r.try_get("id")?;
    let corrupt = |what: &str| StoreError::Corrupt(format!("alert {id}: {what}"));
    Ok(StoredAlert {
        state: AlertState {
            key: AlertKey {
                kind: AlertKind::parse(&kind).ok_or_else(|| corrupt("kind"))?,
                cluster: r.try_get("cluster_id")?,
                connector: none_if_empty(r.try_get("connector")?),
                subject: none_if_empty(r.try_get("subject")?),
            },
            tenant: r.try_get("tenant_id")?,
            severity: Severity::parse(&severity).ok_or_else(|| corrupt("severity"))?,
            summary: r.try_get("summary")?,
            since_ms: r.try_get("since_ms")?,
            fired_ms: r.try_get("fired_ms")?,
        },
        resolved_ms: r.try_get("resolved_ms")?,
        notified: r.try_get::<i64, _>("notified")? != 0,
        acked_by: r.try_get("acked_by")?,
        acked_ms: r.try_get("acked_ms")?,
        id,
    })
}

fn silence(r: &AnyRow) -> Result<StoredSilence, StoreError> {
    let kind: Option<String> = r.try_get("kind")?;
    let id: String = r.try_get("id")?;
    Ok(StoredSilence {
        silence: Silence {
            kind: match kind {
                Some(k) => Some(
                    AlertKind::parse(&k)
                        .ok_or_else(|| StoreError::Corrupt(format!("silence {id}: kind")))?,
                ),
                None => None,
            },
            cluster: r.try_get("cluster_id")?,
            connector: r.try_get("connector")?,
            until_ms: r.try_get("until_ms")?,
            by: r.try_get("created_by")?,
            reason: r.try_get("reason")?,
            id,
        },
        tenant: r.try_get("tenant_id")?,
        created_ms: r.try_get("created_ms")?,
    })
}

impl Store {
    /// A cluster's open alerts (pending and firing), by key.
    pub async fn open_alerts(
        &self,
        cluster_id: &str,
    ) -> Result<BTreeMap<AlertKey, StoredAlert>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM alerts WHERE cluster_id = $1 AND resolved_ms IS NULL"
        ))
        .bind(cluster_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| alert(r).map(|a| (a.state.key.clone(), a)))
            .collect()
    }

    /// Writes one cycle's outcome for a cluster: new alerts inserted, changed ones updated,
    /// firing ones gone resolved at `now_ms`, pending ones gone deleted. Answers the cluster's
    /// open alerts after it, and those it resolved.
    pub async fn save_alerts(
        &self,
        cluster_id: &str,
        before: &BTreeMap<AlertKey, StoredAlert>,
        next: &BTreeMap<AlertKey, AlertState>,
        now_ms: i64,
    ) -> Result<(Vec<StoredAlert>, Vec<StoredAlert>), StoreError> {
        let mut tx = self.pool.begin().await?;
        let mut open = Vec::with_capacity(next.len());
        for (key, state) in next {
            match before.get(key) {
                Some(old) if old.state == *state => open.push(old.clone()),
                Some(old) => {
                    sqlx::query(
                        "UPDATE alerts SET tenant_id = $1, severity = $2, summary = $3, \
                         fired_ms = $4 WHERE id = $5",
                    )
                    .bind(state.tenant.as_deref())
                    .bind(state.severity.as_str())
                    .bind(&state.summary)
                    .bind(state.fired_ms)
                    .bind(&old.id)
                    .execute(&mut *tx)
                    .await?;
                    open.push(StoredAlert {
                        state: state.clone(),
                        ..old.clone()
                    });
                }
                None => {
                    let id = uuid::Uuid::new_v4().to_string();
                    sqlx::query(
                        "INSERT INTO alerts (id, kind, cluster_id, connector, subject, tenant_id, \
                         severity, summary, since_ms, fired_ms, notified) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0)",
                    )
                    .bind(&id)
                    .bind(key.kind.as_str())
                    .bind(cluster_id)
                    .bind(key.connector.as_deref().unwrap_or(""))
                    .bind(key.subject.as_deref().unwrap_or(""))
                    .bind(state.tenant.as_deref())
                    .bind(state.severity.as_str())
                    .bind(&state.summary)
                    .bind(state.since_ms)
                    .bind(state.fired_ms)
                    .execute(&mut *tx)
                    .await?;
                    open.push(StoredAlert {
                        id,
                        state: state.clone(),
                        resolved_ms: None,
                        notified: false,
                        acked_by: None,
                        acked_ms: None,
                    });
                }
            }
        }
        let mut resolved = Vec::new();
        for (key, old) in before {
            if next.contains_key(key) {
                continue;
            }
            if old.state.fired_ms.is_some() {
                sqlx::query("UPDATE alerts SET resolved_ms = $1 WHERE id = $2")
                    .bind(now_ms)
                    .bind(&old.id)
                    .execute(&mut *tx)
                    .await?;
                resolved.push(StoredAlert {
                    resolved_ms: Some(now_ms),
                    ..old.clone()
                });
            } else {
                sqlx::query("DELETE FROM alerts WHERE id = $1")
                    .bind(&old.id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok((open, resolved))
    }

    pub async fn mark_alert_notified(&self, id: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE alerts SET notified = 1 WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn alert(&self, id: &str) -> Result<Option<StoredAlert>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM alerts WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(alert).transpose()
    }

    /// Records who acknowledged an alert (the first acknowledgement stands).
    pub async fn ack_alert(&self, id: &str, by: &str, now_ms: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE alerts SET acked_by = $1, acked_ms = $2 WHERE id = $3 AND acked_ms IS NULL",
        )
        .bind(by)
        .bind(now_ms)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Open alerts (most severe, then newest first) or past ones (newest resolved first).
    pub async fn alerts(&self, f: &AlertFilter) -> Result<Vec<StoredAlert>, StoreError> {
        let mut sql = format!("SELECT {COLUMNS} FROM alerts WHERE ");
        sql.push_str(if f.resolved {
            "resolved_ms IS NOT NULL"
        } else {
            "resolved_ms IS NULL"
        });
        let mut binds: Vec<String> = Vec::new();
        let mut next = |sql: &mut String, clause: &str, v: String| {
            binds.push(v);
            sql.push_str(&clause.replace('?', &format!("${}", binds.len())));
        };
        if let Some(t) = &f.tenant {
            next(
                &mut sql,
                " AND (tenant_id = ? OR connector = '')",
                t.clone(),
            );
        }
        if let Some(c) = &f.cluster {
            next(&mut sql, " AND cluster_id = ?", c.clone());
        }
        if let Some(c) = &f.connector {
            next(&mut sql, " AND connector = ?", c.clone());
        }
        let before = f.before_ms.filter(|_| f.resolved);
        if before.is_some() {
            sql.push_str(&format!(" AND resolved_ms < ${}", binds.len() + 1));
        }
        sql.push_str(if f.resolved {
            " ORDER BY resolved_ms DESC, id"
        } else {
            " ORDER BY severity, since_ms DESC, id"
        });
        sql.push_str(&format!(" LIMIT {}", f.limit.clamp(1, 1000)));
        let mut q = sqlx::query(&sql);
        for b in &binds {
            q = q.bind(b);
        }
        if let Some(b) = before {
            q = q.bind(b);
        }
        let rows = q.fetch_all(&self.pool).await?;
        rows.iter().map(alert).collect()
    }

    /// A connector's alerts that were open at some time in `from_ms..=to_ms` and fired.
    pub async fn alerts_of_connector(
        &self,
        cluster_id: &str,
        connector: &str,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<StoredAlert>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM alerts WHERE cluster_id = $1 AND connector = $2 \
             AND fired_ms IS NOT NULL AND fired_ms <= $3 \
             AND (resolved_ms IS NULL OR resolved_ms >= $4) ORDER BY fired_ms LIMIT 1000"
        ))
        .bind(cluster_id)
        .bind(connector)
        .bind(to_ms)
        .bind(from_ms)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(alert).collect()
    }

    /// Firing alerts per kind and severity (for `/metrics`).
    pub async fn firing_counts(&self) -> Result<Vec<(String, String, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT kind, severity, COUNT(*) AS n FROM alerts \
             WHERE resolved_ms IS NULL AND fired_ms IS NOT NULL GROUP BY kind, severity",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("kind")?, r.try_get("severity")?, r.try_get("n")?)))
            .collect()
    }

    pub async fn add_silence(&self, s: &StoredSilence) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO alert_silences (id, kind, cluster_id, connector, tenant_id, created_ms, \
             until_ms, created_by, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&s.silence.id)
        .bind(s.silence.kind.map(AlertKind::as_str))
        .bind(s.silence.cluster.as_deref())
        .bind(s.silence.connector.as_deref())
        .bind(s.tenant.as_deref())
        .bind(s.created_ms)
        .bind(s.silence.until_ms)
        .bind(&s.silence.by)
        .bind(&s.silence.reason)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Silences still in force at `now_ms`, the longest-lasting first.
    pub async fn active_silences(&self, now_ms: i64) -> Result<Vec<StoredSilence>, StoreError> {
        let rows = sqlx::query(
            "SELECT * FROM alert_silences WHERE until_ms > $1 ORDER BY until_ms DESC, id",
        )
        .bind(now_ms)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(silence).collect()
    }

    pub async fn silence(&self, id: &str) -> Result<Option<StoredSilence>, StoreError> {
        let row = sqlx::query("SELECT * FROM alert_silences WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(silence).transpose()
    }

    /// Ends a silence now (kept for the record until pruned).
    pub async fn end_silence(&self, id: &str, now_ms: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE alert_silences SET until_ms = $1 WHERE id = $2 AND until_ms > $1")
            .bind(now_ms)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Deletes past alerts, ended silences and finished deliveries older than `before_ms`.
    pub async fn prune_alerts(&self, before_ms: i64) -> Result<u64, StoreError> {
        let mut n = 0;
        for sql in [
            "DELETE FROM alerts WHERE resolved_ms < $1",
            "DELETE FROM alert_silences WHERE until_ms < $1",
            "DELETE FROM webhook_deliveries WHERE done_ms < $1",
        ] {
            n += sqlx::query(sql)
                .bind(before_ms)
                .execute(&self.pool)
                .await?
                .rows_affected();
        }
        Ok(n)
    }
}
