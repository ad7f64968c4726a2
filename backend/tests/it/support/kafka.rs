//! Kafka as the tests reach it: the dev stack's broker, records produced with headers, topics
//! created with chosen configs. Real Kafka, through the same client crate the console uses.

use std::collections::BTreeMap;
use std::time::Duration;

use rdkafka::ClientConfig;
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::message::{Header, OwnedHeaders};
use rdkafka::producer::{FutureProducer, FutureRecord};

use super::config;

pub fn kafka_bootstrap() -> String {
    let port: u16 = std::env::var("SLUICE_KAFKA_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(9092);
    format!("127.0.0.1:{port}")
}

fn client_config() -> ClientConfig {
    client_config_for(&kafka_bootstrap())
}

fn client_config_for(bootstrap: &str) -> ClientConfig {
    let mut c = ClientConfig::new();
    c.set("bootstrap.servers", bootstrap);
    c
}

/// Produces each `(key, value)` to `topic` (partition 0 unless the key hashes elsewhere) and
/// waits for every acknowledgement.
pub async fn produce(topic: &str, records: &[(Option<&str>, &[u8])]) {
    produce_to(&kafka_bootstrap(), topic, records).await;
}

/// [`produce`] to another broker.
pub async fn produce_to(bootstrap: &str, topic: &str, records: &[(Option<&str>, &[u8])]) {
    let producer: FutureProducer = client_config_for(bootstrap)
        .set("acks", "all")
        .create()
        .expect("producer");
    for (key, value) in records {
        let mut r: FutureRecord<'_, str, [u8]> =
            FutureRecord::to(topic)
                .payload(*value)
                .headers(OwnedHeaders::new().insert(Header {
                    key: "it-trace",
                    value: Some("t-1"),
                }));
        if let Some(k) = key {
            r = r.key(*k);
        }
        producer
            .send(r, Duration::from_secs(10))
            .await
            .unwrap_or_else(|(e, _)| panic!("produce to {topic}: {e}"));
    }
}

/// Creates `topic` with `partitions` and the configs given (replication 1: one broker).
pub async fn create_topic(topic: &str, partitions: i32, configs: &[(&str, &str)]) {
    let admin: AdminClient<DefaultClientContext> = client_config().create().expect("admin");
    let mut t = NewTopic::new(topic, partitions, TopicReplication::Fixed(1));
    for (k, v) in configs {
        t = t.set(k, v);
    }
    let results = admin
        .create_topics([&t], &AdminOptions::new())
        .await
        .expect("create topics");
    for r in results {
        r.unwrap_or_else(|(t, e)| panic!("create topic {t}: {e}"));
    }
}

/// A FileStream sink writing `topic`'s values to `file`, reading them with JsonConverter
/// (`schemas.enable` as given), tolerating failures and sending them to `dlq` with Connect's
/// context headers.
pub fn dlq_sink_config(
    topic: &str,
    dlq: &str,
    file: &str,
    schemas: bool,
) -> BTreeMap<String, String> {
    config(&[
        (
            "connector.class",
            "org.apache.kafka.connect.file.FileStreamSinkConnector",
        ),
        ("topics", topic),
        ("file", file),
        ("tasks.max", "1"),
        (
            "key.converter",
            "org.apache.kafka.connect.storage.StringConverter",
        ),
        (
            "value.converter",
            "org.apache.kafka.connect.json.JsonConverter",
        ),
        (
            "value.converter.schemas.enable",
            if schemas { "true" } else { "false" },
        ),
        ("errors.tolerance", "all"),
        ("errors.deadletterqueue.topic.name", dlq),
        ("errors.deadletterqueue.topic.replication.factor", "1"),
        ("errors.deadletterqueue.context.headers.enable", "true"),
    ])
}

/// A record's value and headers as the test reads them back.
pub struct ReadBack {
    pub key: Option<Vec<u8>>,
    pub value: Option<Vec<u8>>,
    pub headers: Vec<(String, Option<Vec<u8>>)>,
}

/// Every record of partition 0 of `topic`, from the start to the end it has now.
pub fn read_back(topic: &str) -> Vec<ReadBack> {
    read_back_from(&kafka_bootstrap(), topic)
}

/// [`read_back`] from another broker.
pub fn read_back_from(bootstrap: &str, topic: &str) -> Vec<ReadBack> {
    use rdkafka::consumer::{BaseConsumer, Consumer};
    use rdkafka::message::{Headers, Message};
    let consumer: BaseConsumer = client_config_for(bootstrap)
        .set("group.id", format!("it-read-{}", uuid::Uuid::new_v4()))
        .set("enable.auto.commit", "false")
        .create()
        .expect("consumer");
    // A broker just started again may take a moment to lead its partitions.
    let started = std::time::Instant::now();
    let (low, high) = loop {
        match consumer.fetch_watermarks(topic, 0, Duration::from_secs(10)) {
            Ok(marks) => break marks,
            Err(e) if started.elapsed() > Duration::from_secs(30) => {
                panic!("watermarks of {topic}: {e}")
            }
            Err(_) => std::thread::sleep(Duration::from_millis(500)),
        }
    };
    let mut tpl = rdkafka::TopicPartitionList::new();
    tpl.add_partition_offset(topic, 0, rdkafka::Offset::Offset(low))
        .expect("partition");
    consumer.assign(&tpl).expect("assign");
    let mut out = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while out.len() < usize::try_from(high - low).unwrap_or(0)
        && std::time::Instant::now() < deadline
    {
        if let Some(Ok(m)) = consumer.poll(Duration::from_millis(200)) {
            out.push(ReadBack {
                key: m.key().map(<[u8]>::to_vec),
                value: m.payload().map(<[u8]>::to_vec),
                headers: m
                    .headers()
                    .map(|hs| {
                        hs.iter()
                            .map(|h| (h.key.to_owned(), h.value.map(<[u8]>::to_vec)))
                            .collect()
                    })
                    .unwrap_or_default(),
            });
        }
    }
    out
}

/// Produces `records` to `topic` again, `times` over, with their keys and every header.
pub async fn produce_again(topic: &str, records: &[ReadBack], times: usize) {
    let producer: FutureProducer = client_config()
        .set("acks", "all")
        .create()
        .expect("producer");
    for _ in 0..times {
        for r in records {
            let mut headers = OwnedHeaders::new();
            for (key, value) in &r.headers {
                headers = headers.insert(Header {
                    key,
                    value: value.as_deref(),
                });
            }
            let mut record: FutureRecord<'_, [u8], [u8]> = FutureRecord::to(topic).headers(headers);
            if let Some(v) = &r.value {
                record = record.payload(v);
            }
            if let Some(k) = &r.key {
                record = record.key(k);
            }
            producer
                .send(record, Duration::from_secs(10))
                .await
                .unwrap_or_else(|(e, _)| panic!("produce to {topic}: {e}"));
        }
    }
}
