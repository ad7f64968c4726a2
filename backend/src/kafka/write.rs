//! Producing: the redrive's writes, with headers, idempotent and acknowledged by all replicas.

use rdkafka::message::{Header, OwnedHeaders};
use rdkafka::producer::{FutureProducer, FutureRecord};

use super::{Kafka, KafkaError, ms};

impl Kafka {
    fn producer(&self) -> Result<&FutureProducer, KafkaError> {
        if let Some(p) = self.producer.get() {
            return Ok(p);
        }
        let mut c = self.base.clone();
        c.set("acks", "all")
            .set("enable.idempotence", "true")
            .set("linger.ms", "5")
            .set("message.timeout.ms", ms(self.timeout).to_string());
        let p: FutureProducer = c.create().map_err(|e| self.error(e, "create a producer"))?;
        Ok(self.producer.get_or_init(|| p))
    }

    /// Sends one record and waits for Kafka's acknowledgement.
    pub async fn send(
        &self,
        topic: &str,
        key: Option<&[u8]>,
        value: Option<&[u8]>,
        headers: &[(String, Option<Vec<u8>>)],
    ) -> Result<(), KafkaError> {
        let producer = self.producer()?;
        let mut hs = OwnedHeaders::new_with_capacity(headers.len());
        for (name, v) in headers {
            hs = hs.insert(Header {
                key: name,
                value: v.as_deref(),
            });
        }
        let mut record: FutureRecord<'_, [u8], [u8]> = FutureRecord::to(topic).headers(hs);
        if let Some(k) = key {
            record = record.key(k);
        }
        if let Some(v) = value {
            record = record.payload(v);
        }
        producer
            .send(record, self.timeout)
            .await
            .map(|_| ())
            .map_err(|(e, _)| self.error(e, &format!("write to `{topic}`")))
    }
}
