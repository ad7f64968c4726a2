//! Any text as a connector or cluster name: accepted names are exactly the text, never a
//! path's `.` or `..`, never carry a slash or a control character, and parse again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sluice_shared::{ClusterId, ConnectorName};

fuzz_target!(|text: &str| {
    if let Ok(name) = ConnectorName::parse(text) {
        let s = name.as_str();
        assert_eq!(s, text);
        assert!(s != "." && s != "..");
        assert!(!s.contains('/') && !s.chars().any(char::is_control));
        assert!(ConnectorName::parse(s).is_ok());
    }
    if let Ok(id) = ClusterId::parse(text) {
        assert_eq!(id.as_str(), text);
        assert!(!id.as_str().contains('/'));
        assert!(ClusterId::parse(id.as_str()).is_ok());
    }
});
