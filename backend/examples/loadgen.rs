//! The load generator `dev/bench` drives: concurrent clients against one URL, or SSE viewers
//! holding the fleet stream open. Prints one line of `key=value` figures for the script.
//!
//!   loadgen get URL --clients 10 --requests 2000 [--header 'cookie: …']
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

async fn get(
    url: String,
    clients: usize,
    requests: usize,
    seconds: u64,
    headers: &[String],
) -> anyhow::Result<()> {
    let http = client(headers)?;
    let left = Arc::new(AtomicUsize::new(requests));
    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let (http, url, left) = (http.clone(), url.clone(), left.clone());
            tokio::spawn(async move {
                let (mut took, mut failed) = (Vec::new(), 0usize);
                while Instant::now() < until
                    && left
                        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                        .is_ok()
                {
                    let t = Instant::now();
                    match http.get(&url).send().await {
                        Ok(r) if r.status().is_success() => {
                            let _ = r.bytes().await;
                            took.push(t.elapsed());
                        }
                        _ => failed += 1,
                    }
                }
                (took, failed)
            })
        })
        .collect();
    let (mut took, mut failed) = (Vec::new(), 0);
    for w in workers {
        let (t, f) = w.await?;
        took.extend(t);
        failed += f;
    }
    let wall = started.elapsed();
    took.sort();
    let at = |q: f64| {
        took.get(((took.len() as f64 * q) as usize).min(took.len().saturating_sub(1)))
            .map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "requests={} failed={failed} p50_ms={:.2} p99_ms={:.2} per_s={:.0}",
        took.len(),
        at(0.5),
        at(0.99),
        took.len() as f64 / wall.as_secs_f64()
    );
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
        } => get(url, clients, requests, seconds, &header).await,
        Mode::Sse {
            url,
            viewers,
            seconds,
            header,
        } => sse(url, viewers, seconds, &header).await,
    }
}
