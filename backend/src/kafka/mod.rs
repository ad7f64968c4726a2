//! The console's own Kafka client for one cluster (librdkafka through `rdkafka`): watermarks,
//! reads by offset and by time, produce with headers, topic descriptions. Consumers assign
//! partitions and seek; they never join a group and never commit. Every call is bounded by the cluster's Kafka timeout: an unreachable
//! Kafka is an error within it, never a hang.

mod admin;
mod groups;
mod read;
mod write;

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use rdkafka::ClientConfig;
use rdkafka::consumer::BaseConsumer;
use rdkafka::error::{KafkaError as RdError, RDKafkaErrorCode};
use secrecy::ExposeSecret;

use crate::settings::{KafkaSettings, SettingsError, resolve_secret};

pub use admin::TopicDescription;
pub use groups::GroupLag;
pub use read::{Marks, Scan};

/// A cluster's Kafka, as the console reaches it. Cheap to share (`Arc`).
pub struct Kafka {
    base: ClientConfig,
    pub bootstrap: String,
    pub timeout: Duration,
    pub sample_interval: Duration,
    /// How long a redrive waits for Kafka to come back before it gives up.
    pub redrive_patience: Duration,
    /// One long-lived consumer for metadata, watermarks and time lookups (it assigns nothing).
    meta: OnceLock<BaseConsumer>,
    producer: OnceLock<rdkafka::producer::FutureProducer>,
    /// Consumers between reads: a new one costs connections and about 100 ms before its first
    /// record; a pooled one is reassigned.
    idle: std::sync::Mutex<Vec<BaseConsumer>>,
    admin: OnceLock<rdkafka::admin::AdminClient<rdkafka::client::DefaultClientContext>>,
}

impl Kafka {
    pub fn new(cluster: &str, s: &KafkaSettings) -> Result<Arc<Self>, SettingsError> {
        let mut base = ClientConfig::new();
        base.set("bootstrap.servers", s.bootstrap_servers.trim())
            .set("client.id", "sluice")
            // A broker that does not answer is reported as such within the timeout.
            .set("socket.timeout.ms", ms(s.timeout).to_string())
            .set(
                "socket.connection.setup.timeout.ms",
                ms(s.timeout).to_string(),
            );
        let protocol = match (s.sasl.is_some(), s.tls.is_some()) {
            (false, false) => "plaintext",
            (false, true) => "ssl",
            (true, false) => "sasl_plaintext",
            (true, true) => "sasl_ssl",
        };
        base.set("security.protocol", protocol);
        if let Some(sasl) = &s.sasl {
            let password = resolve_secret(
                &format!("cluster `{cluster}`: kafka.sasl.password"),
                &sasl.password,
                &sasl.password_env,
                &sasl.password_file,
            )?;
            base.set("sasl.mechanism", sasl.mechanism.as_str())
                .set("sasl.username", &sasl.username)
                .set("sasl.password", password.expose_secret());
        }
        if let Some(tls) = &s.tls {
            let path = |p: &std::path::Path| p.to_string_lossy().into_owned();
            if let Some(ca) = &tls.ca_file {
                base.set("ssl.ca.location", path(ca));
            }
            if let (Some(cert), Some(key)) = (&tls.client_cert_file, &tls.client_key_file) {
                base.set("ssl.certificate.location", path(cert))
                    .set("ssl.key.location", path(key));
            }
            if tls.skip_hostname_verification {
                base.set("ssl.endpoint.identification.algorithm", "none");
            }
        }
        Ok(Arc::new(Self {
            base,
            bootstrap: s.bootstrap_servers.trim().to_owned(),
            timeout: s.timeout,
            sample_interval: s.dlq_sample_interval,
            redrive_patience: s.redrive_patience,
            meta: OnceLock::new(),
            producer: OnceLock::new(),
            admin: OnceLock::new(),
            idle: std::sync::Mutex::new(Vec::new()),
        }))
    }

    /// A new assign-only consumer: no group, no commits, no offset store.
    fn consumer(&self) -> Result<BaseConsumer, KafkaError> {
        self.consumer_config()
            .create()
            .map_err(|e| self.error(e, "create a consumer"))
    }

    /// A consumer from the pool (or a new one), given back when dropped.
    fn borrow_consumer(&self) -> Result<Pooled<'_>, KafkaError> {
        let idle = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let consumer = match idle {
            Some(c) => c,
            None => self.consumer()?,
        };
        Ok(Pooled {
            kafka: self,
            consumer: Some(consumer),
        })
    }

    fn consumer_config(&self) -> ClientConfig {
        let mut c = self.base.clone();
        // librdkafka refuses `assign` without a group id. A fresh one per consumer, never
        // subscribed or committed: no group is ever joined (the prefix lets an admin grant
        // the coordinator lookup it still makes).
        c.set("group.id", format!("sluice-ro-{}", uuid::Uuid::new_v4()))
            .set("enable.auto.commit", "false")
            .set("enable.auto.offset.store", "false")
            .set("enable.partition.eof", "true")
            .set("auto.offset.reset", "earliest")
            // Pages are small and wanted now: do not wait for a batch to fill.
            .set("fetch.wait.max.ms", "20")
            .set("allow.auto.create.topics", "false");
        c
    }

    fn meta(&self) -> Result<&BaseConsumer, KafkaError> {
        if let Some(c) = self.meta.get() {
            return Ok(c);
        }
        let c = self.consumer()?;
        Ok(self.meta.get_or_init(|| c))
    }

    /// Runs blocking librdkafka work off the async runtime.
    pub async fn run<T, F>(self: &Arc<Self>, work: F) -> Result<T, KafkaError>
    where
        F: FnOnce(&Kafka) -> Result<T, KafkaError> + Send + 'static,
        T: Send + 'static,
    {
        let me = self.clone();
        tokio::task::spawn_blocking(move || work(&me))
            .await
            .map_err(|e| KafkaError::Failed(format!("Kafka worker: {e}")))?
    }

    /// A librdkafka error as what the user is told.
    fn error(&self, e: RdError, doing: &str) -> KafkaError {
        let code = e.rdkafka_error_code();
        use RDKafkaErrorCode as C;
        match code {
            Some(C::UnknownTopicOrPartition | C::UnknownTopic) => {
                KafkaError::NoTopic(format!("{doing}: {e}"))
            }
            Some(
                C::TopicAuthorizationFailed
                | C::GroupAuthorizationFailed
                | C::ClusterAuthorizationFailed
                | C::SaslAuthenticationFailed
                | C::Authentication,
            ) => KafkaError::Refused(format!("{doing}: {e}")),
            Some(
                C::OperationTimedOut
                | C::RequestTimedOut
                // A produce not acknowledged in time, or no leader to take it: Kafka is not
                // serving that partition now (a redrive waits and checks what arrived).
                | C::MessageTimedOut
                | C::NotLeaderForPartition
                | C::NotEnoughReplicas
                | C::NotEnoughReplicasAfterAppend
                | C::AllBrokersDown
                | C::BrokerTransportFailure
                | C::NetworkException
                | C::BrokerNotAvailable
                | C::LeaderNotAvailable
                | C::Resolve,
            ) => KafkaError::Unreachable {
                bootstrap: self.bootstrap.clone(),
                detail: format!("{doing}: {e}"),
            },
            _ => KafkaError::Failed(format!("{doing}: {e}")),
        }
    }
}

/// Consumers kept between reads, per cluster.
const POOL: usize = 4;

/// A borrowed consumer: unassigned and returned to the pool when dropped.
struct Pooled<'k> {
    kafka: &'k Kafka,
    consumer: Option<BaseConsumer>,
}

impl std::ops::Deref for Pooled<'_> {
    type Target = BaseConsumer;

    fn deref(&self) -> &BaseConsumer {
        self.consumer.as_ref().expect("present until dropped")
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        use rdkafka::consumer::Consumer;
        let Some(c) = self.consumer.take() else {
            return;
        };
        // A consumer that cannot let go of its partitions is not reused.
        if c.unassign().is_ok() {
            let mut idle = self.kafka.idle.lock().unwrap_or_else(|e| e.into_inner());
            if idle.len() < POOL {
                idle.push(c);
            }
        }
    }
}

fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX).max(1)
}

/// Why a Kafka call failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum KafkaError {
    #[error("Kafka at {bootstrap} is unreachable ({detail})")]
    Unreachable { bootstrap: String, detail: String },
    /// Authentication or an ACL refused the console.
    #[error("Kafka refused the console ({0})")]
    Refused(String),
    #[error("no such topic ({0})")]
    NoTopic(String),
    #[error("no record at partition {partition}, offset {offset}")]
    NoRecord { partition: i32, offset: i64 },
    #[error("cluster `{0}` has no Kafka settings: add `kafka_bootstrap` or a `kafka` table")]
    NotConfigured(String),
    #[error("Kafka: {0}")]
    Failed(String),
}

impl KafkaError {
    /// Kafka not answering now, as opposed to refusing: worth waiting for.
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Unreachable { .. })
    }
}
