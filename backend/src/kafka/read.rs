//! Reading: partitions and watermarks, offsets by time, and records by offset range.

use std::collections::HashMap;
use std::time::Instant;

use rdkafka::consumer::Consumer;
use rdkafka::message::{Headers, Message};
use rdkafka::{Offset, TopicPartitionList};
use sluice_shared::records::RawRecord;

use super::{Kafka, KafkaError};

/// `(partition, low, high)` watermarks of each partition of a topic.
pub type Marks = Vec<(i32, i64, i64)>;

/// What a scan visitor says after each record.
pub enum Scan {
    More,
    Stop,
}

impl Kafka {
    /// `(partition, low, high)` of every partition of `topic`; `None` when Kafka has no such
    /// topic.
    pub fn watermarks(&self, topic: &str) -> Result<Option<Marks>, KafkaError> {
        let meta = self.meta()?;
        let md = meta
            .fetch_metadata(Some(topic), self.timeout)
            .map_err(|e| self.error(e, "read topic metadata"))?;
        let Some(t) = md.topics().iter().find(|t| t.name() == topic) else {
            return Ok(None);
        };
        if t.error().is_some() || t.partitions().is_empty() {
            return Ok(None);
        }
        let mut out = Vec::with_capacity(t.partitions().len());
        for p in t.partitions() {
            let (low, high) = meta
                .fetch_watermarks(topic, p.id(), self.timeout)
                .map_err(|e| self.error(e, "read watermarks"))?;
            out.push((p.id(), low, high));
        }
        out.sort_unstable();
        Ok(Some(out))
    }

    /// For each partition, the offset of the first record written at or after `at_ms`, or
    /// `high` when there is none: where "records before `at_ms`" end.
    pub fn offsets_at(
        &self,
        topic: &str,
        marks: &[(i32, i64, i64)],
        at_ms: i64,
    ) -> Result<Vec<(i32, i64)>, KafkaError> {
        let mut tpl = TopicPartitionList::new();
        for &(p, _, _) in marks {
            tpl.add_partition_offset(topic, p, Offset::Offset(at_ms))
                .map_err(|e| self.error(e, "look up offsets by time"))?;
        }
        let found = self
            .meta()?
            .offsets_for_times(tpl, self.timeout)
            .map_err(|e| self.error(e, "look up offsets by time"))?;
        Ok(marks
            .iter()
            .map(|&(p, _, high)| {
                let at = found
                    .find_partition(topic, p)
                    .and_then(|e| match e.offset() {
                        Offset::Offset(o) => Some(o),
                        _ => None,
                    })
                    .unwrap_or(high);
                (p, at.min(high))
            })
            .collect())
    }

    /// Reads `[from, until)` of each `(partition, from, until)` and hands every record to
    /// `visit` in the order Kafka delivers them (per partition in offset order), until all
    /// ranges are read, `visit` says stop, or the timeout passes without progress.
    pub fn scan(
        &self,
        topic: &str,
        ranges: &[(i32, i64, i64)],
        mut visit: impl FnMut(RawRecord) -> Scan,
    ) -> Result<(), KafkaError> {
        let mut left: HashMap<i32, (i64, i64)> = ranges
            .iter()
            .filter(|(_, from, until)| until > from)
            .map(|&(p, from, until)| (p, (from, until)))
            .collect();
        if left.is_empty() {
            return Ok(());
        }
        let consumer = self.borrow_consumer()?;
        let mut tpl = TopicPartitionList::new();
        for &(p, from, until) in ranges {
            if until > from {
                tpl.add_partition_offset(topic, p, Offset::Offset(from))
                    .map_err(|e| self.error(e, "assign partitions"))?;
            }
        }
        consumer
            .assign(&tpl)
            .map_err(|e| self.error(e, "assign partitions"))?;
        let mut last_progress = Instant::now();
        while !left.is_empty() {
            if last_progress.elapsed() > self.timeout {
                return Err(KafkaError::Unreachable {
                    bootstrap: self.bootstrap.clone(),
                    detail: format!("no records from `{topic}` within {:?}", self.timeout),
                });
            }
            let Some(polled) = consumer.poll(std::time::Duration::from_millis(100)) else {
                continue;
            };
            let m = match polled {
                Ok(m) => m,
                Err(rdkafka::error::KafkaError::PartitionEOF(p)) => {
                    // Nothing more to read there (a compacted or aborted tail ends early).
                    left.remove(&p);
                    last_progress = Instant::now();
                    continue;
                }
                Err(e) => return Err(self.error(e, "read records")),
            };
            last_progress = Instant::now();
            let p = m.partition();
            let Some(&(from, until)) = left.get(&p) else {
                continue;
            };
            // A pooled consumer's earlier assignment never leaks into this read.
            if m.topic() != topic || m.offset() < from {
                continue;
            }
            if m.offset() >= until {
                left.remove(&p);
                continue;
            }
            if m.offset() + 1 >= until {
                left.remove(&p);
            }
            if let Scan::Stop = visit(raw(topic, &m)) {
                break;
            }
        }
        Ok(())
    }

    /// The records of `[from, until)` ranges, collected.
    pub fn read(
        &self,
        topic: &str,
        ranges: &[(i32, i64, i64)],
    ) -> Result<Vec<RawRecord>, KafkaError> {
        let mut out = Vec::new();
        self.scan(topic, ranges, |r| {
            out.push(r);
            Scan::More
        })?;
        Ok(out)
    }
}

impl Kafka {
    /// Follows `topics` from their ends, handing each new record to `send` until it says stop
    /// (the viewer left) or `max` passes; `None` at least every half second while nothing
    /// arrives, so a departed viewer is noticed on a quiet topic. Blocking: run it on its own
    /// thread.
    pub fn tail(
        &self,
        topics: &[String],
        max: std::time::Duration,
        ready: impl FnOnce(),
        mut send: impl FnMut(Option<RawRecord>) -> Scan,
    ) -> Result<(), KafkaError> {
        let consumer = self.consumer()?;
        let mut tpl = TopicPartitionList::new();
        // From each partition's end as it is now, read before anything is sent: `Offset::End`
        // would be resolved later, after the first poll, and skip what was written meanwhile
        // (a viewer told "live" would miss the first change it makes).
        for topic in topics {
            for (partition, _, high) in self.watermarks(topic)?.unwrap_or_default() {
                tpl.add_partition_offset(topic, partition, Offset::Offset(high))
                    .map_err(|e| self.error(e, "assign partitions"))?;
            }
        }
        consumer
            .assign(&tpl)
            .map_err(|e| self.error(e, "assign partitions"))?;
        // From here on nothing written is missed: the viewer may be told it is live.
        ready();
        let started = Instant::now();
        while started.elapsed() < max {
            let record = match consumer.poll(std::time::Duration::from_millis(500)) {
                Some(Ok(m)) => Some(raw(m.topic(), &m)),
                Some(Err(rdkafka::error::KafkaError::PartitionEOF(_))) | None => None,
                Some(Err(e)) => return Err(self.error(e, "follow records")),
            };
            if let Scan::Stop = send(record) {
                break;
            }
        }
        Ok(())
    }
}

fn raw(topic: &str, m: &rdkafka::message::BorrowedMessage<'_>) -> RawRecord {
    RawRecord {
        topic: topic.to_owned(),
        partition: m.partition(),
        offset: m.offset(),
        timestamp_ms: m.timestamp().to_millis(),
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
    }
}
