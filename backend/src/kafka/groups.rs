//! Consumer groups: a sink's committed offsets against its topics' ends. The group is only
//! read (an offset fetch), never joined and never committed to.

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::{Offset, TopicPartitionList};

use super::{Kafka, KafkaError};

/// How far a group is behind on some topics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupLag {
    /// Records past the committed offsets (past the start where nothing is committed).
    pub records: u64,
    pub partitions: usize,
    /// Partitions without a committed offset.
    pub uncommitted: usize,
}

impl Kafka {
    pub fn group_lag(&self, group: &str, topics: &[String]) -> Result<GroupLag, KafkaError> {
        let mut tpl = TopicPartitionList::new();
        let mut ends = Vec::new();
        for topic in topics {
            for (p, low, high) in self.watermarks(topic)?.unwrap_or_default() {
                tpl.add_partition(topic, p);
                ends.push((topic.clone(), p, low, high));
            }
        }
        let mut config = self.base.clone();
        config
            .set("group.id", group)
            .set("enable.auto.commit", "false")
            .set("enable.auto.offset.store", "false");
        let consumer: BaseConsumer = config
            .create()
            .map_err(|e| self.error(e, "create a consumer"))?;
        let committed = consumer
            .committed_offsets(tpl, self.timeout)
            .map_err(|e| self.error(e, "read the group's committed offsets"))?;
        let mut lag = GroupLag {
            partitions: ends.len(),
            ..GroupLag::default()
        };
        for (topic, p, low, high) in ends {
            let at = committed
                .find_partition(&topic, p)
                .map(|e| e.offset())
                .unwrap_or(Offset::Invalid);
            let from = match at {
                Offset::Offset(o) => o,
                _ => {
                    lag.uncommitted += 1;
                    low
                }
            };
            lag.records += u64::try_from(high - from.clamp(low, high)).unwrap_or(0);
        }
        Ok(lag)
    }
}
