//! Text pasted or typed as a connector config: parsed without panicking, and a config that
//! parses survives the editor's round trip (secrets shown masked, the text read back against
//! what was shown) unchanged, whichever keys are typed PASSWORD.
#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use sluice_shared::config_json::{masked_json, unmask_json};
use sluice_shared::redact::redact_config;
use sluice_shared::templates::parse_config_json;

fuzz_target!(|input: (String, Vec<String>)| {
    let (text, password_keys) = input;
    let Ok((_, config)) = parse_config_json(&text) else {
        return;
    };
    let keys: HashSet<String> = password_keys.into_iter().collect();
    let shown = masked_json(&config, &keys);
    let back = unmask_json(&shown, &config, &keys).expect("the editor's own text parses");
    assert_eq!(back, config, "the round trip changed the config");
    // Redaction never adds or drops a key.
    let redacted = redact_config(&config, &keys);
    assert!(redacted.keys().eq(config.keys()));
});
