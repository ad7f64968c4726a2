//! The fleet feed: each cluster's connector list fetched by one
//! `GET /connectors?expand=status&expand=info` per refresh interval and shared by every viewer.
//!
//! A poller per cluster refreshes the listing only while someone is subscribed (SSE viewers);
//! one-off readers (`GET /api/v1/fleet`, the detail page) get the cached listing when it is
//! younger than the interval. A refresh runs in its own task, one per cluster at a time, so
//! whoever asks while it runs waits for that one. A reader holding an earlier listing waits at
//! most [`PATIENCE`]: past that, a hung or slow Connect gets the last listing marked with
//! since when a refresh has been pending, rather than holding the page for the read timeout.
//! A write through the console marks the listing stale so the next event shows its effect
//! without waiting.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use serde_json::value::RawValue;
use sluice_shared::fleet::FleetEntry;
use sluice_shared::overview::ConfiguredTopics;
use sluice_shared::{ConnectorStatus, ConnectorSummary, InfoHead};
use tokio::sync::{Notify, watch};

use crate::clock::now_ms;
use crate::clusters::{Cluster, Clusters};
use crate::connect::ConnectError;
use crate::latest::{Flight, PATIENCE};
use crate::store::Store;

/// One fetch of one cluster's connectors.
#[derive(Debug, Clone)]
pub struct Listing {
    /// When it was fetched; `None` until the first fetch.
    pub fetched: Option<Instant>,
    pub fetched_at_ms: u64,
    /// Increases with every fetch, so viewers can tell a new listing from an old one.
    pub seq: u64,
    /// Every connector (not yet filtered for any viewer), or why the cluster could not be listed.
    pub entries: Result<BTreeMap<String, FleetEntry>, ListingError>,
    /// Full statuses (whole traces) for the detail page.
    pub statuses: HashMap<String, ConnectorStatus>,
    /// The topics each connector's config names, for the topology: read from the listing's
    /// `expand=info`, so drawing 1,000 connectors' topics costs Connect nothing extra.
    pub topics: HashMap<String, ConfiguredTopics>,
    /// A sink's `consumer.override.group.id`, where it sets one: with `topics`, what the lag
    /// sampler needs to measure a sink without asking Connect for its config.
    pub sink_groups: HashMap<String, String>,
    /// Set on a listing handed out while its refresh has been pending longer than
    /// [`PATIENCE`]: since when (ms since the epoch) Connect has not answered.
    pub pending_since_ms: Option<u64>,
    /// Every connector as JSON, encoded once by the first caller who reads them all and
    /// shared by the rest (10,000 connectors are 2.6 MB); a marked copy keeps it.
    all_json: OnceLock<Box<RawValue>>,
}

impl Listing {
    /// Why the cluster could not be listed, as the API says it.
    pub fn error(&self, cluster_id: &str) -> Option<sluice_shared::ApiError> {
        self.entries
            .as_ref()
            .err()
            .map(|e| crate::error::listing_error(cluster_id, e))
    }

    /// Every connector of the listing as a JSON array, encoded at most once.
    pub fn all_json(&self) -> &RawValue {
        self.all_json.get_or_init(|| {
            let entries: Vec<&FleetEntry> = self
                .entries
                .as_ref()
                .map_or_else(|_| Vec::new(), |m| m.values().collect());
            serde_json::value::to_raw_value(&entries)
                .unwrap_or_else(|_| RawValue::from_string("[]".to_owned()).unwrap_or_default())
        })
    }
}

/// Never fetched: no connectors, no error.
impl Default for Listing {
    fn default() -> Self {
        Self {
            fetched: None,
            fetched_at_ms: 0,
            seq: 0,
            entries: Ok(BTreeMap::new()),
            statuses: HashMap::new(),
            topics: HashMap::new(),
            sink_groups: HashMap::new(),
            pending_since_ms: None,
            all_json: OnceLock::new(),
        }
    }
}

/// Why a cluster's connectors could not be listed.
#[derive(Debug, Clone)]
pub enum ListingError {
    /// Connect failed to answer the list call.
    Connect(Arc<ConnectError>),
    /// The console database could not say who owns what: nothing is shown rather than
    /// connectors without their tenants (a viewer would see too much or too little).
    Owners,
}

struct Feed {
    tx: watch::Sender<Arc<Listing>>,
    /// The refresh task running, and since when.
    flight: Flight,
    stale: AtomicBool,
    wake: Notify,
}

pub struct FleetHub {
    clusters: Arc<Clusters>,
    store: Store,
    interval: Duration,
    feeds: HashMap<String, Feed>,
    seq: AtomicU64,
    /// `GET /fleet` gzipped for callers who read every connector, and the listings (sequence,
    /// pending mark) it was made from: compressing 2.6 MB took longer than everything else.
    every_gzipped: std::sync::Mutex<Option<(AnswerKey, axum::body::Bytes)>>,
}

type AnswerKey = Vec<(u64, Option<u64>)>;

impl FleetHub {
    /// Builds the hub and starts one poller per cluster.
    pub fn start(clusters: Arc<Clusters>, store: Store, interval: Duration) -> Arc<Self> {
        let feeds = clusters
            .iter()
            .map(|c| {
                let feed = Feed {
                    tx: watch::channel(Arc::new(Listing::default())).0,
                    flight: Flight::default(),
                    stale: AtomicBool::new(false),
                    wake: Notify::new(),
                };
                (c.id.to_string(), feed)
            })
            .collect();
        let hub = Arc::new(Self {
            clusters,
            store,
            interval,
            feeds,
            seq: AtomicU64::new(0),
            every_gzipped: std::sync::Mutex::new(None),
        });
        for cluster in hub.clusters.iter() {
            tokio::spawn(poll(hub.clone(), cluster.id.to_string()));
        }
        hub
    }

    /// The gzipped answer `encode` gives for these listings, compressed once for as long as
    /// they are the current ones; `None` if compressing failed.
    pub fn every_gzipped(
        &self,
        listings: &[Arc<Listing>],
        encode: impl FnOnce() -> Vec<u8>,
    ) -> Option<axum::body::Bytes> {
        let key: AnswerKey = listings
            .iter()
            .map(|l| (l.seq, l.pending_since_ms))
            .collect();
        let slot = || {
            self.every_gzipped
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some((_, body)) = slot().as_ref().filter(|(k, _)| *k == key) {
            return Some(body.clone());
        }
        // Compressed without the lock held: two first readers may both work, none waits.
        let body = axum::body::Bytes::from(gzip(&encode())?);
        *slot() = Some((key, body.clone()));
        Some(body)
    }

    /// A receiver per cluster, in configuration order. Each yields the current listing at
    /// once and every new one after; subscribing wakes the pollers so a first viewer does not
    /// wait a whole interval.
    pub fn subscribe(&self) -> Vec<(String, watch::Receiver<Arc<Listing>>)> {
        self.clusters
            .iter()
            .filter_map(|c| {
                let id = c.id.to_string();
                let feed = self.feeds.get(&id)?;
                let rx = feed.tx.subscribe();
                feed.wake.notify_one();
                Some((id, rx))
            })
            .collect()
    }

    /// The listing of `cluster`: the cached one while younger than the interval, else the one
    /// a refresh brings. Without an earlier listing that means waiting for Connect's answer
    /// (or its timeout); with one, at most [`PATIENCE`], then the earlier listing, marked.
    pub async fn listing(self: &Arc<Self>, cluster: &Cluster) -> Arc<Listing> {
        let id = cluster.id.as_str();
        let Some(feed) = self.feeds.get(id) else {
            return Arc::default();
        };
        // Subscribed before looking, so a refresh finishing in between is not missed.
        let mut rx = feed.tx.subscribe();
        if let Some(fresh) = self.fresh(feed) {
            return fresh;
        }
        let earlier = rx.borrow_and_update().clone();
        self.refresh(id);
        let next = async {
            match rx.changed().await {
                Ok(()) => rx.borrow_and_update().clone(),
                Err(_) => earlier.clone(),
            }
        };
        if earlier.fetched.is_none() {
            return next.await;
        }
        match tokio::time::timeout(PATIENCE, next).await {
            // A marked copy is news too; a listing still marked means the refresh goes on.
            Ok(listing) => listing,
            Err(_) => self.mark_pending(feed, &earlier),
        }
    }

    /// Starts a refresh of `cluster_id` unless one is running. It runs to its end (answer or
    /// timeout) in its own task, whoever stops waiting for it.
    fn refresh(self: &Arc<Self>, cluster_id: &str) {
        let Some(feed) = self.feeds.get(cluster_id) else {
            return;
        };
        if !feed.flight.take_off() {
            return;
        }
        let hub = self.clone();
        let id = cluster_id.to_owned();
        tokio::spawn(async move {
            let Some(feed) = hub.feeds.get(&id) else {
                return;
            };
            let _landing = feed.flight.landing();
            if let Ok(cluster) = hub.clusters.find(&id) {
                // Cleared before fetching: a write during the fetch marks it stale again.
                feed.stale.store(false, Ordering::SeqCst);
                let listing = Arc::new(hub.fetch(cluster).await);
                feed.tx.send_replace(listing);
            }
        });
    }

    /// The earlier listing marked with since when its refresh has been pending, published
    /// once so stream viewers learn it too, unless the refresh has finished meanwhile.
    fn mark_pending(&self, feed: &Feed, earlier: &Arc<Listing>) -> Arc<Listing> {
        let since = feed.flight.started_ms();
        feed.tx.send_if_modified(|current| {
            let unchanged = Arc::ptr_eq(current, earlier) && current.pending_since_ms.is_none();
            if unchanged && feed.flight.in_flight() {
                let mut marked = Listing::clone(current);
                marked.pending_since_ms = Some(since);
                marked.seq = self.seq.fetch_add(1, Ordering::Relaxed) + 1;
                *current = Arc::new(marked);
                true
            } else {
                false
            }
        });
        feed.tx.borrow().clone()
    }

    /// After a change through the console: the next listing is fetched at once.
    pub fn invalidate(&self, cluster_id: &str) {
        if let Some(feed) = self.feeds.get(cluster_id) {
            feed.stale.store(true, Ordering::SeqCst);
            feed.wake.notify_one();
        }
    }

    fn fresh(&self, feed: &Feed) -> Option<Arc<Listing>> {
        let current = feed.tx.borrow().clone();
        let young = current
            .fetched
            .is_some_and(|at| at.elapsed() < self.interval);
        (young && !feed.stale.load(Ordering::SeqCst)).then_some(current)
    }

    async fn fetch(&self, cluster: &Cluster) -> Listing {
        let id = cluster.id.as_str();
        let (expanded, owners, quarantines) = tokio::join!(
            cluster.client.connectors_expanded(),
            self.store.owners(id),
            self.store.quarantines(id)
        );
        // Without them connectors still show, only not why the console stopped some.
        let mut quarantines = quarantines.unwrap_or_else(|e| {
            tracing::warn!(cluster.id = id, error = %e, "quarantines unreadable");
            HashMap::new()
        });
        let seq = self.seq.fetch_add(1, Ordering::Relaxed) + 1;
        let mut listing = Listing {
            fetched: Some(Instant::now()),
            fetched_at_ms: u64::try_from(now_ms()).unwrap_or(0),
            seq,
            entries: Ok(BTreeMap::new()),
            statuses: HashMap::new(),
            topics: HashMap::new(),
            sink_groups: HashMap::new(),
            pending_since_ms: None,
            all_json: OnceLock::new(),
        };
        let owners = match owners {
            Ok(o) => o,
            Err(e) => {
                tracing::error!(cluster.id = id, error = %e, "owners unreadable; listing withheld");
                listing.entries = Err(ListingError::Owners);
                return listing;
            }
        };
        match expanded {
            Err(e) => {
                tracing::warn!(cluster.id = id, error = %e, "fleet listing failed");
                listing.entries = Err(ListingError::Connect(Arc::new(e)));
            }
            Ok(expanded) => {
                let mut entries = BTreeMap::new();
                for (name, e) in expanded {
                    // A connector created a moment ago may have no status yet: next refresh.
                    let Some(status) = e.status else { continue };
                    let summary = ConnectorSummary::from_status(
                        status.clone(),
                        e.info.as_ref().map(InfoHead::from),
                    );
                    let mut entry = FleetEntry::new(id, owners.get(&name).cloned(), summary);
                    entry.quarantine = quarantines.remove(&name);
                    if let Some(info) = &e.info {
                        let topics = ConfiguredTopics::from_config(&info.config);
                        listing.topics.insert(name.clone(), topics);
                        if let Some(group) = info.config.get("consumer.override.group.id") {
                            listing.sink_groups.insert(name.clone(), group.clone());
                        }
                    }
                    listing.statuses.insert(name.clone(), status);
                    entries.insert(name, entry);
                }
                listing.entries = Ok(entries);
            }
        }
        listing
    }
}

fn gzip(data: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).ok()?;
    encoder.finish().ok()
}

/// Refreshes one cluster every interval while anyone is subscribed, and at once when woken.
async fn poll(hub: Arc<FleetHub>, cluster_id: String) {
    let Some(feed) = hub.feeds.get(&cluster_id) else {
        return;
    };
    loop {
        tokio::select! {
            () = tokio::time::sleep(hub.interval) => {}
            () = feed.wake.notified() => {}
        }
        if feed.tx.receiver_count() == 0 {
            continue;
        }
        if let Ok(cluster) = hub.clusters.find(&cluster_id) {
            hub.listing(cluster).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str) -> FleetEntry {
        let status: ConnectorStatus = serde_json::from_value(serde_json::json!({
            "name": name, "type": "sink",
            "connector": {"state": "RUNNING", "worker_id": "127.0.0.1:8083"}, "tasks": []
        }))
        .expect("a status as Connect answers it");
        FleetEntry::new(
            "c1",
            Some("acme".into()),
            ConnectorSummary::from_status(status, None),
        )
    }

    #[test]
    fn every_connector_is_encoded_once_per_listing_and_a_marked_copy_keeps_it() {
        let listing = Listing {
            entries: Ok(BTreeMap::from([
                ("a".to_owned(), entry("a")),
                ("b".to_owned(), entry("b")),
            ])),
            ..Listing::default()
        };
        let decoded: Vec<FleetEntry> =
            serde_json::from_str(listing.all_json().get()).expect("a JSON array of entries");
        assert_eq!(decoded, vec![entry("a"), entry("b")]);
        // Marked pending (a hung refresh): the same connectors, not encoded again.
        let marked = Listing {
            pending_since_ms: Some(1),
            ..listing.clone()
        };
        assert_eq!(
            marked.all_json.get().map(|j| j.get()),
            Some(listing.all_json().get())
        );

        let failed = Listing {
            entries: Err(ListingError::Owners),
            ..Listing::default()
        };
        assert_eq!(failed.all_json().get(), "[]", "no connectors, not null");
    }
}
