//! Ids in the app's URLs.

/// Percent-encodes an id for one URL path segment or query value (ids may hold spaces,
/// slashes, `?`): the browser's own `encodeURIComponent`.
pub fn path_segment(id: &str) -> String {
    js_sys::encode_uri_component(id).into()
}
