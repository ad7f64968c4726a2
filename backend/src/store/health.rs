//! What the scheduler saw: the last look at every instance, the transitions between looks,
//! and state counts per cycle for the fleet graph.

use std::collections::BTreeMap;

use sluice_shared::ConnectorState;
use sluice_shared::health::{Instance, Known, StateCounts, StatePoint, Transition};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, StoreError};

fn task_column(i: &Instance) -> i64 {
    i.task.map_or(-1, i64::from)
}

fn instance(connector: String, task: i64) -> Instance {
    Instance {
        connector,
        task: u32::try_from(task).ok(),
    }
}

fn transition(r: &AnyRow) -> Result<Transition, sqlx::Error> {
    let state = |c: &str| -> Result<Option<ConnectorState>, sqlx::Error> {
        Ok(r.try_get::<Option<String>, _>(c)?
            .map(|s| ConnectorState::parse(&s)))
    };
    Ok(Transition {
        instance: instance(r.try_get("connector_name")?, r.try_get("task")?),
        from: state("from_state")?,
        to: state("to_state")?,
        worker: r.try_get("worker")?,
        trace: r.try_get("trace")?,
        at_ms: r.try_get("at_ms")?,
    })
}

impl Store {
    /// The last look at one cluster.
    pub async fn health_look(
        &self,
        cluster_id: &str,
    ) -> Result<BTreeMap<Instance, Known>, StoreError> {
        let rows = sqlx::query(
            "SELECT connector_name, task, state, worker, since_ms FROM health_states \
             WHERE cluster_id = $1",
        )
        .bind(cluster_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    instance(r.try_get("connector_name")?, r.try_get("task")?),
                    Known {
                        state: ConnectorState::parse(&r.try_get::<String, _>("state")?),
                        worker: r.try_get("worker")?,
                        since_ms: r.try_get("since_ms")?,
                    },
                ))
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }

    /// Records a cycle's transitions and moves the last look along: only changed instances
    /// are written, so a quiet fleet of a thousand connectors costs no writes.
    pub async fn record_transitions(
        &self,
        cluster_id: &str,
        changes: &[Transition],
        look: &BTreeMap<Instance, Known>,
    ) -> Result<(), StoreError> {
        if changes.is_empty() {
            return Ok(());
        }
        let mut tx = self.pool.begin().await?;
        for t in changes {
            sqlx::query(
                "INSERT INTO health_transitions (id, cluster_id, connector_name, task, from_state, \
                 to_state, worker, trace, at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(cluster_id)
            .bind(&t.instance.connector)
            .bind(task_column(&t.instance))
            .bind(t.from.as_ref().map(|s| s.as_str().to_owned()))
            .bind(t.to.as_ref().map(|s| s.as_str().to_owned()))
            .bind(&t.worker)
            .bind(&t.trace)
            .bind(t.at_ms)
            .execute(&mut *tx)
            .await?;
            match look.get(&t.instance) {
                Some(k) => {
                    sqlx::query(
                        "INSERT INTO health_states (cluster_id, connector_name, task, state, \
                         worker, since_ms) VALUES ($1, $2, $3, $4, $5, $6) \
                         ON CONFLICT (cluster_id, connector_name, task) DO UPDATE SET \
                         state = excluded.state, worker = excluded.worker, \
                         since_ms = excluded.since_ms",
                    )
                    .bind(cluster_id)
                    .bind(&t.instance.connector)
                    .bind(task_column(&t.instance))
                    .bind(k.state.as_str().to_owned())
                    .bind(&k.worker)
                    .bind(k.since_ms)
                    .execute(&mut *tx)
                    .await?;
                }
                None => {
                    sqlx::query(
                        "DELETE FROM health_states WHERE cluster_id = $1 AND connector_name = $2 \
                         AND task = $3",
                    )
                    .bind(cluster_id)
                    .bind(&t.instance.connector)
                    .bind(task_column(&t.instance))
                    .execute(&mut *tx)
                    .await?;
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// One connector's transitions in `[from_ms, to_ms]`, newest `limit` of them, oldest first.
    pub async fn transitions_of(
        &self,
        cluster_id: &str,
        connector: &str,
        from_ms: i64,
        to_ms: i64,
        limit: i64,
    ) -> Result<Vec<Transition>, StoreError> {
        let rows = sqlx::query(
            "SELECT connector_name, task, from_state, to_state, worker, trace, at_ms \
             FROM health_transitions WHERE cluster_id = $1 AND connector_name = $2 \
             AND at_ms >= $3 AND at_ms <= $4 ORDER BY at_ms DESC LIMIT $5",
        )
        .bind(cluster_id)
        .bind(connector)
        .bind(from_ms)
        .bind(to_ms)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut out = rows.iter().map(transition).collect::<Result<Vec<_>, _>>()?;
        out.reverse();
        Ok(out)
    }

    /// Writes one minute's counts per tenant (`""` for unowned); a minute already sampled
    /// (by an earlier cycle) is kept.
    pub async fn add_health_samples(
        &self,
        cluster_id: &str,
        minute_ms: i64,
        counts: &BTreeMap<String, (StateCounts, StateCounts)>,
    ) -> Result<(), StoreError> {
        #[allow(clippy::cast_possible_truncation)]
        let whole = |v: f64| v.round() as i64;
        let mut tx = self.pool.begin().await?;
        for (tenant, (connectors, tasks)) in counts {
            let mut q = sqlx::query(
                "INSERT INTO health_samples (cluster_id, tenant_id, at_ms, c_running, c_paused, \
                 c_stopped, c_failed, c_unassigned, c_restarting, t_running, t_paused, t_stopped, \
                 t_failed, t_unassigned, t_restarting) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, \
                 $9, $10, $11, $12, $13, $14, $15) \
                 ON CONFLICT (cluster_id, tenant_id, at_ms) DO NOTHING",
            )
            .bind(cluster_id)
            .bind(tenant)
            .bind(minute_ms);
            for v in connectors.values().into_iter().chain(tasks.values()) {
                q = q.bind(whole(v));
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A cluster's counts in a range (of one tenant, or all), averaged per `bucket_ms`,
    /// oldest first.
    pub async fn health_points(
        &self,
        cluster_id: &str,
        tenant: Option<&str>,
        from_ms: i64,
        to_ms: i64,
        bucket_ms: i64,
    ) -> Result<Vec<StatePoint>, StoreError> {
        let names: Vec<String> = ["c", "t"]
            .iter()
            .flat_map(|p| StateCounts::STATES.iter().map(move |s| format!("{p}_{s}")))
            .collect();
        // Tenants summed per minute first, then minutes averaged per bucket.
        let sums: Vec<String> = names.iter().map(|n| format!("SUM({n}) AS {n}")).collect();
        let avgs: Vec<String> = names
            .iter()
            .map(|n| format!("AVG(CAST({n} AS DOUBLE PRECISION)) AS {n}"))
            .collect();
        let tenant_filter = if tenant.is_some() {
            " AND tenant_id = $5"
        } else {
            ""
        };
        let sql = format!(
            "SELECT (at_ms / $1) * $1 AS bucket, {} FROM (SELECT at_ms, {} FROM health_samples \
             WHERE cluster_id = $2 AND at_ms >= $3 AND at_ms <= $4{tenant_filter} \
             GROUP BY at_ms) minutes GROUP BY bucket ORDER BY bucket",
            avgs.join(", "),
            sums.join(", ")
        );
        let mut q = sqlx::query(&sql)
            .bind(bucket_ms)
            .bind(cluster_id)
            .bind(from_ms)
            .bind(to_ms);
        if let Some(t) = tenant {
            q = q.bind(t);
        }
        let rows = q.fetch_all(&self.pool).await?;
        let counts = |r: &AnyRow, p: &str| -> Result<StateCounts, sqlx::Error> {
            let mut v = [0.0; 6];
            for (i, s) in StateCounts::STATES.iter().enumerate() {
                v[i] = r.try_get::<f64, _>(format!("{p}_{s}").as_str())?;
            }
            Ok(StateCounts::from_values(v))
        };
        rows.iter()
            .map(|r| {
                Ok(StatePoint {
                    at_ms: r.try_get("bucket")?,
                    connectors: counts(r, "c")?,
                    tasks: counts(r, "t")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }

    /// How many times each connector or one of its tasks went FAILED, per bucket of
    /// `bucket_ms` (its start), in `from_ms..=to_ms`.
    pub async fn failures_per_bucket(
        &self,
        cluster_id: &str,
        from_ms: i64,
        to_ms: i64,
        bucket_ms: i64,
    ) -> Result<Vec<(String, i64, u64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT connector_name, (at_ms / $1) * $1 AS bucket, COUNT(*) AS n \
             FROM health_transitions WHERE cluster_id = $2 AND to_state = 'FAILED' \
             AND at_ms >= $3 AND at_ms <= $4 GROUP BY connector_name, bucket",
        )
        .bind(bucket_ms)
        .bind(cluster_id)
        .bind(from_ms)
        .bind(to_ms)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("connector_name")?,
                    r.try_get("bucket")?,
                    u64::try_from(r.try_get::<i64, _>("n")?).unwrap_or(0),
                ))
            })
            .collect()
    }

    /// Deletes transitions and samples older than `before_ms`; answers how many rows went.
    pub async fn prune_health(&self, before_ms: i64) -> Result<u64, StoreError> {
        let a = sqlx::query("DELETE FROM health_transitions WHERE at_ms < $1")
            .bind(before_ms)
            .execute(&self.pool)
            .await?;
        let b = sqlx::query("DELETE FROM health_samples WHERE at_ms < $1")
            .bind(before_ms)
            .execute(&self.pool)
            .await?;
        Ok(a.rows_affected() + b.rows_affected())
    }
}
