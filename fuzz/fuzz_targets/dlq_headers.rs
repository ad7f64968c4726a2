//! A DLQ record's headers as Kafka hands them over (any name, any bytes, possibly null):
//! the error context and its stack trace summary are read without panicking, and a field is
//! filled only from a header that carries it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sluice_shared::dlq::ErrorContext;
use sluice_shared::stack_trace::{TraceSummary, summary_line};

fuzz_target!(|headers: Vec<(String, Option<Vec<u8>>)>| {
    let context = ErrorContext::from_headers(
        headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_deref())),
    );
    let Some(context) = context else {
        return;
    };
    // `None` means no header of Connect's was readable; `Some` needs at least one.
    assert!(
        headers
            .iter()
            .any(|(n, v)| n.starts_with("__connect.errors.") && v.is_some())
    );
    if let Some(trace) = &context.stacktrace {
        let _ = TraceSummary::of(trace).map(|s| s.line());
        let _ = summary_line(trace);
    }
});
