//! Files in the browser without a server round trip: saving text as a file (exports) and
//! reading a chosen file (imports, uploaded configs).

use wasm_bindgen::JsCast;

/// Offers `text` as a download called `filename`.
pub fn download_json(filename: &str, text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = document.create_element("a")
        && let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>()
    {
        a.set_href(&url);
        a.set_download(filename);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Reads the file chosen in the `<input type=file>` that fired `e`, then calls `done` with its
/// text (imports, and configs uploaded to the wizard).
pub fn read_chosen_file(e: &leptos::ev::Event, done: impl FnOnce(String) + 'static) {
    let Some(file) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|input| input.files())
        .and_then(|f| f.get(0))
    else {
        return;
    };
    leptos::task::spawn_local(async move {
        if let Ok(value) = wasm_bindgen_futures::JsFuture::from(file.text()).await
            && let Some(text) = value.as_string()
        {
            done(text);
        }
    });
}
