//! The addresses each API key has been used from. The first use from a new address is
//! audited; known pairs are cached in memory, so a key's usual caller costs no database
//! round trip per request. After a restart the first request per pair asks the database
//! once, which finds it known and audits nothing.

use std::collections::HashSet;
use std::net::IpAddr;
use std::sync::Mutex;

use super::audit;
use crate::clock::now_ms;
use crate::store::{ApiKeyRow, Store};

/// Beyond this many cached pairs the cache starts over (the database still knows them):
/// a bound on memory, whatever number of addresses a key is used from.
const MAX_CACHED: usize = 100_000;

#[derive(Default)]
pub struct KeyAddresses {
    known: Mutex<HashSet<(String, IpAddr)>>,
}

impl KeyAddresses {
    /// Notes a request with `key` from `address`; audits `api_key_new_address` when neither
    /// this process nor the database knew the pair. Never fails the request: a database error
    /// is logged and the pair asked about again on the next request.
    pub async fn note(&self, store: &Store, key: &ApiKeyRow, address: IpAddr) {
        let address = address.to_canonical();
        let pair = (key.id.clone(), address);
        if self.lock().contains(&pair) {
            return;
        }
        let record = audit::api_key_new_address(key, address);
        match store
            .remember_key_address(&key.id, &address.to_string(), now_ms(), &record)
            .await
        {
            Ok(first) => {
                if first {
                    tracing::info!(key.id = %key.id, %address, "API key used from a new address");
                }
                let mut known = self.lock();
                if known.len() >= MAX_CACHED {
                    known.clear();
                }
                known.insert(pair);
            }
            Err(e) => {
                tracing::warn!(key.id = %key.id, %address, error = %e, "recording an API key's address failed");
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashSet<(String, IpAddr)>> {
        self.known.lock().unwrap_or_else(|e| e.into_inner())
    }
}
