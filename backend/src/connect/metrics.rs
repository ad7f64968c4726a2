//! What the console's calls to Connect cost, per cluster: each attempt's latency, and the
//! failures by kind. Shared by every cluster's client; rendered by `/metrics`.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ClusterLabel {
    pub cluster: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ErrorLabels {
    pub cluster: String,
    pub kind: String,
}

#[derive(Clone)]
pub struct ConnectMetrics {
    /// Seconds per attempt, 2 ms to 16 s.
    pub latency: Family<ClusterLabel, Histogram>,
    pub errors: Family<ErrorLabels, Counter>,
}

impl Default for ConnectMetrics {
    fn default() -> Self {
        Self {
            latency: Family::new_with_constructor(|| {
                Histogram::new(exponential_buckets(0.002, 2.0, 14))
            }),
            errors: Family::default(),
        }
    }
}
