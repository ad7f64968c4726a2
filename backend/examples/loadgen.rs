//! The load generator `dev/bench` drives: concurrent clients against one URL (or two in turn,
//! to compare them under the same load), or SSE viewers holding the fleet stream open. Prints
//! one line of `key=value` figures for the script.
//!
//!   loadgen get URL --clients 10 --requests 2000 [--header 'cookie: …'] [--compare URL2]
//!   loadgen sse URL --viewers 100 --seconds 10 [--header 'cookie: …']

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};

#[derive(Parser)]
struct Args {
    #[command(subcommand)]
    mode: Mode,
}

#[derive(Subcommand)]
enum Mode {
    /// `clients` connections sending GETs back to back until `requests` were answered in all,
    /// or `seconds` passed (a slow endpoint is sampled for a bounded time).
    Get {
        url: String,
        #[arg(long, default_value_t = 1)]
        clients: usize,
        #[arg(long, default_value_t = 200)]
        requests: usize,
        #[arg(long, default_value_t = 3600)]
        seconds: u64,
        /// `name: value`, repeatable.
        #[arg(long)]
        header: Vec<String>,
        /// A reference URL asked in turn with URL by each client (the order alternating), so
        /// both are measured under the same load; adds its figures and the median of the
        /// per-pair differences (`requests` then counts pairs).
        #[arg(long)]
        compare: Option<String>,
    },
    /// `viewers` streams open for `seconds`; what they received.
    Sse {
        url: String,
        #[arg(long)]
        viewers: usize,
        #[arg(long)]
        seconds: u64,
        #[arg(long)]
        header: Vec<String>,
    },
}

fn client(headers: &[String]) -> anyhow::Result<reqwest::Client> {
    let mut map = reqwest::header::HeaderMap::new();
    for h in headers {
        let (name, value) = h
            .split_once(':')
            .ok_or_else(|| anyhow::anyhow!("header `{h}` is not `name: value`"))?;
        map.insert(
            reqwest::header::HeaderName::from_bytes(name.trim().as_bytes())?,
            value.trim().parse()?,
        );
    }
    Ok(reqwest::Client::builder()
        .default_headers(map)
        .pool_max_idle_per_host(1024)
        .build()?)
}

/// One answered GET: its time, and how much of it Sluice said was Connect's.
struct Answered {
    took: Duration,
    connect_ms: Option<f64>,
}

/// One answered GET, `None` when it failed.
async fn timed_get(http: &reqwest::Client, url: &str) -> Option<Answered> {
    let t = Instant::now();
    match http.get(url).send().await {
        Ok(r) if r.status().is_success() => {
            let connect_ms = r
                .headers()
                .get("server-timing")
                .and_then(|v| v.to_str().ok())
                .and_then(connect_ms);
            r.bytes().await.ok().map(|_| Answered {
                took: t.elapsed(),
                connect_ms,
            })
        }
        _ => None,
    }
}

/// `dur` of the `connect` metric in a `Server-Timing` header.
fn connect_ms(header: &str) -> Option<f64> {
    header
        .split(',')
        .map(str::trim)
        .find(|m| m.starts_with("connect;"))?
        .split(';')
        .find_map(|p| p.trim().strip_prefix("dur="))?
        .parse()
        .ok()
}

/// What one client measured: its own URL's times, the reference's, and each pair's difference.
#[derive(Default)]
struct Samples {
    took: Vec<Duration>,
    reference: Vec<Duration>,
    diffs_ms: Vec<f64>,
    /// Each answer's time less Connect's share of it (its `Server-Timing`).
    own_ms: Vec<f64>,
    failed: usize,
}

impl Samples {
    fn mine(&mut self, a: &Answered) {
        self.took.push(a.took);
        if let Some(c) = a.connect_ms {
            self.own_ms.push(a.took.as_secs_f64() * 1000.0 - c);
        }
    }
}

fn quantile_ms(sorted: &[f64], q: f64) -> f64 {
    sorted
        .get(((sorted.len() as f64 * q) as usize).min(sorted.len().saturating_sub(1)))
        .copied()
        .unwrap_or(f64::NAN)
}

fn sorted_ms(times: &[Duration]) -> Vec<f64> {
    let mut ms: Vec<f64> = times.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    ms
}

async fn get(
    url: String,
    clients: usize,
    requests: usize,
    seconds: u64,
    headers: &[String],
    compare: Option<String>,
) -> anyhow::Result<()> {
    let http = client(headers)?;
    let left = Arc::new(AtomicUsize::new(requests));
    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let (http, url, compare, left) =
                (http.clone(), url.clone(), compare.clone(), left.clone());
            tokio::spawn(async move {
                let mut s = Samples::default();
                let mut turn = 0usize;
                while Instant::now() < until
                    && left
                        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                        .is_ok()
                {
                    turn += 1;
                    let Some(reference) = &compare else {
                        match timed_get(&http, &url).await {
                            Some(a) => s.mine(&a),
                            None => s.failed += 1,
                        }
                        continue;
                    };
                    // Alternating which goes first, so neither always meets the other's wake.
                    let (mine, theirs) = if turn.is_multiple_of(2) {
                        let m = timed_get(&http, &url).await;
                        (m, timed_get(&http, reference).await)
                    } else {
                        let r = timed_get(&http, reference).await;
                        (timed_get(&http, &url).await, r)
                    };
                    match (mine, theirs) {
                        (Some(m), Some(r)) => {
                            s.mine(&m);
                            s.reference.push(r.took);
                            s.diffs_ms
                                .push((m.took.as_secs_f64() - r.took.as_secs_f64()) * 1000.0);
                        }
                        _ => s.failed += 1,
                    }
                }
                s
            })
        })
        .collect();
    let mut all = Samples::default();
    for w in workers {
        let s = w.await?;
        all.took.extend(s.took);
        all.reference.extend(s.reference);
        all.diffs_ms.extend(s.diffs_ms);
        all.own_ms.extend(s.own_ms);
        all.failed += s.failed;
    }
    let wall = started.elapsed();
    let took = sorted_ms(&all.took);
    print!(
        "requests={} failed={} p50_ms={:.2} p99_ms={:.2} per_s={:.0}",
        took.len(),
        all.failed,
        quantile_ms(&took, 0.5),
        quantile_ms(&took, 0.99),
        took.len() as f64 / wall.as_secs_f64()
    );
    if compare.is_some() {
        let reference = sorted_ms(&all.reference);
        let mut diffs = all.diffs_ms;
        diffs.sort_by(f64::total_cmp);
        print!(
            " ref_p50_ms={:.2} ref_p99_ms={:.2} diff_p50_ms={:.2}",
            quantile_ms(&reference, 0.5),
            quantile_ms(&reference, 0.99),
            quantile_ms(&diffs, 0.5)
        );
    }
    if !all.own_ms.is_empty() {
        let mut own = all.own_ms;
        own.sort_by(f64::total_cmp);
        print!(
            " own_p50_ms={:.2} own_p99_ms={:.2}",
            quantile_ms(&own, 0.5),
            quantile_ms(&own, 0.99)
        );
    }
    println!();
    Ok(())
}

async fn sse(url: String, viewers: usize, seconds: u64, headers: &[String]) -> anyhow::Result<()> {
    let http = client(headers)?;
    let until = tokio::time::Instant::now() + Duration::from_secs(seconds);
    let streams: Vec<_> = (0..viewers)
        .map(|_| {
            let (http, url) = (http.clone(), url.clone());
            tokio::spawn(async move {
                let (mut bytes, mut events) = (0usize, 0usize);
                let Ok(mut r) = http.get(&url).send().await else {
                    return (0, 0, false);
                };
                while let Ok(Ok(Some(chunk))) = tokio::time::timeout_at(until, r.chunk()).await {
                    bytes += chunk.len();
                    events += chunk.windows(2).filter(|w| w == b"\n\n").count();
                }
                (bytes, events, true)
            })
        })
        .collect();
    let (mut bytes, mut events, mut open) = (0, 0, 0);
    for s in streams {
        let (b, e, ok) = s.await?;
        bytes += b;
        events += e;
        open += usize::from(ok);
    }
    println!("viewers={open} events={events} bytes={bytes}");
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Args::parse().mode {
        Mode::Get {
            url,
            clients,
            requests,
            seconds,
            header,
            compare,
        } => get(url, clients, requests, seconds, &header, compare).await,
        Mode::Sse {
            url,
            viewers,
            seconds,
            header,
        } => sse(url, viewers, seconds, &header).await,
    }
}
