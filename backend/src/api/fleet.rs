//! The fleet: every connector the caller may see across clusters, as one JSON answer
//! (`GET /fleet`) or as a live Server-Sent Events stream (`GET /fleet/events`).
//!
//! Both read the shared feed (one upstream list call per cluster per interval, whoever is
//! watching); each viewer's stream carries only the connectors its role may read, and after the
//! first event only what changed.

use std::collections::HashMap;
use std::convert::Infallible;
use std::time::Duration;

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::{Stream, StreamExt, future::join_all};
use serde::Serialize;
use serde_json::value::RawValue;
use sluice_shared::ApiError;
use sluice_shared::fleet::{FleetClusterSnapshot, FleetEntry, FleetSnapshot, FleetUpdate};
use sluice_shared::policy::{Action, Principal, Resource};
use tokio_stream::wrappers::WatchStream;

use crate::api::routes::Routes;
use crate::auth::Caller;
use crate::error::listing_error;
use crate::fleet::Listing;
use crate::state::AppState;

/// A stream ends after this long and the browser's EventSource reconnects, which
/// authenticates again: a signed-out or expired session stops receiving within this time.
const STREAM_LIFETIME: Duration = Duration::from_secs(300);

pub fn routes() -> Routes {
    Routes::default()
        .get("/fleet", fleet)
        .get("/fleet/events", fleet_events)
}

fn may_read(principal: &Principal, e: &FleetEntry) -> bool {
    principal.may(
        Action::ReadConnector,
        &Resource::Connector {
            owner: e.tenant.clone(),
        },
    )
}

/// The fleet as `listings` show it to a caller who may read what `shown` accepts.
fn snapshot(
    state: &AppState,
    listings: &[Arc<Listing>],
    shown: impl Fn(&FleetEntry) -> bool,
) -> FleetSnapshot {
    let clusters = state
        .clusters
        .iter()
        .zip(listings)
        .map(|(c, listing)| FleetClusterSnapshot {
            cluster_id: c.id.to_string(),
            fetched_at_ms: listing.fetched_at_ms,
            error: listing.error(c.id.as_str()),
            pending_since_ms: listing.pending_since_ms,
            connectors: listing
                .entries
                .as_ref()
                .map(|m| m.values().filter(|e| shown(e)).cloned().collect())
                .unwrap_or_default(),
        })
        .collect();
    FleetSnapshot { clusters }
}

async fn fleet(State(state): State<AppState>, caller: Caller, headers: HeaderMap) -> Response {
    let listings: Vec<Arc<Listing>> =
        join_all(state.clusters.iter().map(|c| state.fleet.listing(c))).await;
    if !caller.principal.reads_every_connector() {
        return Json(snapshot(&state, &listings, |e| {
            may_read(&caller.principal, e)
        }))
        .into_response();
    }
    // Everyone who reads every connector gets the same connectors: each cluster's encoded once
    // per refresh (10,000 connectors are 2.6 MB of JSON), not once per request, and a refresh
    // of one cluster re-encodes only that cluster's; gzipped once for all who accept it.
    let every = || EveryConnector {
        clusters: state
            .clusters
            .iter()
            .zip(&listings)
            .map(|(c, listing)| ClusterOfEvery {
                cluster_id: c.id.as_str(),
                fetched_at_ms: listing.fetched_at_ms,
                error: listing.error(c.id.as_str()),
                pending_since_ms: listing.pending_since_ms,
                connectors: listing.all_json(),
            })
            .collect(),
    };
    if accepts_gzip(&headers)
        && let Some(body) = state.fleet.every_gzipped(&listings, || {
            serde_json::to_vec(&every()).unwrap_or_default()
        })
    {
        let headers = [
            (header::CONTENT_TYPE, "application/json"),
            (header::CONTENT_ENCODING, "gzip"),
            (header::VARY, "accept-encoding"),
        ];
        return (headers, body).into_response();
    }
    Json(every()).into_response()
}

/// Whether `Accept-Encoding` takes gzip (named or `*`, with a weight above zero).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let weight = parts
                .find_map(|p| p.strip_prefix("q="))
                .map_or(1.0, |q| q.parse::<f32>().unwrap_or(0.0));
            (name.eq_ignore_ascii_case("gzip") || name == "*") && weight > 0.0
        })
}

/// A [`FleetSnapshot`] of every connector, from each listing's encoded connectors.
#[derive(Serialize)]
struct EveryConnector<'a> {
    clusters: Vec<ClusterOfEvery<'a>>,
}

/// A [`sluice_shared::fleet::FleetClusterSnapshot`], its connectors already encoded.
#[derive(Serialize)]
struct ClusterOfEvery<'a> {
    cluster_id: &'a str,
    fetched_at_ms: u64,
    error: Option<ApiError>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pending_since_ms: Option<u64>,
    connectors: &'a RawValue,
}

/// What one viewer was last sent for one cluster: the listing itself, shared with every
/// other viewer (no viewer keeps a copy of its share of the fleet).
#[derive(Default)]
struct Sent {
    shown: Option<Arc<Listing>>,
    failing: bool,
    pending: Option<u64>,
    seq: u64,
}

/// The update a viewer needs for a new listing, if it tells them anything.
fn next_update(
    principal: &Principal,
    sent: &mut Sent,
    id: &str,
    listing: &Arc<Listing>,
) -> Option<FleetUpdate> {
    if listing.fetched.is_none() || listing.seq == sent.seq {
        return None;
    }
    sent.seq = listing.seq;
    // A refresh pending, or answered at last, is news even when no entry changed.
    let pending_changed = sent.pending != listing.pending_since_ms;
    sent.pending = listing.pending_since_ms;
    let mut update = match &listing.entries {
        Err(e) => {
            let error = listing_error(id, e);
            sent.failing = true;
            FleetUpdate::failed(id, listing.fetched_at_ms, error)
        }
        Ok(now) => {
            let before = sent.shown.as_ref().and_then(|l| l.entries.as_ref().ok());
            let update = if principal.reads_every_connector() {
                FleetUpdate::between(id, listing.fetched_at_ms, before, now)
            } else {
                FleetUpdate::between_visible(id, listing.fetched_at_ms, before, now, |e| {
                    may_read(principal, e)
                })
            };
            let recovered = std::mem::take(&mut sent.failing);
            sent.shown = Some(listing.clone());
            if !recovered && !pending_changed && update.is_empty() {
                return None;
            }
            update
        }
    };
    update.pending_since_ms = listing.pending_since_ms;
    Some(update)
}

async fn fleet_events(
    State(state): State<AppState>,
    caller: Caller,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let principal = caller.principal;
    let streams = state
        .fleet
        .subscribe()
        .into_iter()
        .map(|(id, rx)| WatchStream::new(rx).map(move |listing| (id.clone(), listing)));
    let mut sent: HashMap<String, Sent> = HashMap::new();
    let mut first = true;
    let events = futures::stream::select_all(streams)
        .filter_map(move |(id, listing)| {
            let update = next_update(
                &principal,
                sent.entry(id.clone()).or_default(),
                &id,
                &listing,
            );
            let event = update.map(|u| {
                let mut event = Event::default().event("fleet");
                if std::mem::take(&mut first) {
                    // Reconnect quickly when the stream's lifetime ends.
                    event = event.retry(Duration::from_secs(1));
                }
                Ok(event
                    .json_data(&u)
                    .unwrap_or_else(|_| Event::default().comment("unencodable")))
            });
            std::future::ready(event)
        })
        .take_until(tokio::time::sleep(STREAM_LIFETIME));
    Sse::new(events).keep_alive(KeepAlive::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepting(value: &str) -> bool {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            value.parse().expect("a header value"),
        );
        accepts_gzip(&headers)
    }

    #[test]
    fn gzip_is_sent_only_to_who_accepts_it() {
        assert!(accepting("gzip, deflate, br, zstd"), "Chromium");
        assert!(accepting("br;q=1.0, GZIP;q=0.5"));
        assert!(accepting("*"));
        assert!(!accepting("br"));
        assert!(!accepting("gzip;q=0, br"), "refused by weight");
        assert!(!accepting("identity"));
        assert!(!accepts_gzip(&HeaderMap::new()), "no header: plain JSON");
    }
}
