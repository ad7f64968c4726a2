//! Any record key or value: decoded for display (JSON, text or hex, cut at the limit) and read
//! as a Debezium change event without panicking; the size said is the payload's, and what is
//! shown as text or hex stays within the limit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sluice_shared::change_event::{Event, Shown, decode};

fuzz_target!(|input: (Vec<u8>, u16)| {
    let (bytes, limit) = input;
    let limit = usize::from(limit);
    let decoded = decode(Some(&bytes), limit);
    assert_eq!(decoded.size, bytes.len());
    match &decoded.shown {
        Shown::Text(t) => assert!(t.len() <= limit, "text over the limit"),
        Shown::Hex(h) => assert!(h.len() <= 2 * limit, "hex over the limit"),
        Shown::Json(_) => assert!(!decoded.truncated && bytes.len() <= limit),
        Shown::Null => unreachable!("bytes are never a null payload"),
    }
    let _ = Event::read(&decoded.shown);
});
