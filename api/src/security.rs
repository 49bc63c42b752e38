//! What every answer tells the browser about itself (the security headers), and the one check
//! that a request changing something comes from this app's own pages (CSRF).
//!
//! CloudFront sends the same headers in production (`infra/template.yaml`, the response
//! headers policy); a test keeps the two the same.

use axum::extract::Request;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, HOST, ORIGIN, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::auth::SESSION_COOKIE;
use crate::error::AppError;

/// The browser app's policy: its own scripts (and WebAssembly, which the wasm-bindgen glue
/// compiles), the two inline scripts of `frontend/index.html` by hash (a test recomputes
/// them), its own stylesheet and icons (and the data: image in family.css), calls to its own
/// API only, and never in a frame.
pub const CSP: &str = concat!(
    "default-src 'self'; ",
    "script-src 'self' 'wasm-unsafe-eval' ",
    "'sha256-gjp+KQhkhItpC91kzMQDWQEVivoSsGRax3/5OJ8+IPQ=' ",
    "'sha256-HoV619b4f6NnjGWMtn+fvPuFXzmvZ/HBnY7CPvFQFUE=' ",
    // routes::shell's: a language chosen on this device that is not the family's first view's.
    "'sha256-KWTSjf7jiN11TiV0W2jsZH69MuojA9rn5EFjmY+JkWk='; ",
    "style-src 'self'; ",
    "img-src 'self' data:; ",
    "connect-src 'self'; ",
    "object-src 'none'; ",
    "base-uri 'none'; ",
    "form-action 'self'; ",
    "frame-ancestors 'none'"
);

/// The host the browser asked for, as CloudFront passes it on (it sends API Gateway its own).
const VIEWER_HOST: &str = "x-showup-host";

/// The headers on every answer, the app's pages and the API's alike.
pub const HEADERS: [(HeaderName, &str); 4] = [
    (CONTENT_SECURITY_POLICY, CSP),
    (X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (REFERRER_POLICY, "no-referrer"),
    (X_FRAME_OPTIONS, "DENY"),
];

/// One layer per header of [`HEADERS`], replacing whatever a handler set.
pub fn header_layers() -> impl Iterator<Item = SetResponseHeaderLayer<HeaderValue>> {
    HEADERS.into_iter().map(|(name, value)| {
        SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
    })
}

/// Student records must not be kept by the browser's HTTP cache or any shared cache on the
/// way: every API answer says so. (The family's offline copies are kept by the page itself,
/// deliberately, and deleted at sign-out: `frontend/src/offline.rs`.)
pub fn no_store_layer() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(CACHE_CONTROL, HeaderValue::from_static("no-store"))
}

/// The `Set-Cookie` value of the session cookie for `token`, kept `max_age` seconds (0 deletes
/// it): out of reach of the page's scripts (`HttpOnly`), over HTTPS only (`Secure`; browsers
/// let `http://localhost` and `127.0.0.1` have it too), and never sent with a request another
/// site starts (`SameSite=Strict`).
pub fn session_cookie(token: &str, max_age: i64) -> String {
    format!(
        "{SESSION_COOKIE}={token}; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age={max_age}"
    )
}

/// A 401 from the API to a request that carried the session cookie means the cookie is dead
/// (expired, revoked, signed with another key): the answer deletes it, which the page cannot.
/// Not for sign-in (a wrong code is a 401 too) and sign-out (which deletes it itself).
pub async fn forget_dead_session_cookie(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let data_call = path.starts_with("/api/") && !path.starts_with("/api/auth/");
    let carried = request
        .headers()
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.split(';').any(|pair| pair.trim().starts_with(&format!("{SESSION_COOKIE}="))));
    let mut response = next.run(request).await;
    if data_call
        && carried
        && response.status() == StatusCode::UNAUTHORIZED
        && let Ok(value) = HeaderValue::from_str(&session_cookie("", 0))
    {
        response.headers_mut().append(axum::http::header::SET_COOKIE, value);
    }
    response
}

/// Refuses a request that changes something (any method but GET, HEAD and OPTIONS) unless it
/// carries [`shared::auth::WRITE_HEADER`] and, when the browser says where it comes from
/// (`Sec-Fetch-Site`, `Origin`), comes from this site. The session cookie is `SameSite=Strict` already; the
/// header is the second lock, and it also covers the sign-in forms (no cookie yet: a forged
/// sign-in into the attacker's account). Another site's page cannot add a custom header
/// without a CORS preflight, which this API never grants (it has no CORS layer).
pub async fn refuse_cross_site_writes(request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe {
        return next.run(request).await;
    }
    let authority = request.uri().authority().map(|a| a.as_str().to_owned());
    match cross_site_reason(request.headers(), authority.as_deref()) {
        None => next.run(request).await,
        Some(reason) => {
            tracing::warn!(method = %request.method(), path = %request.uri().path(), reason, "refused as cross-site");
            AppError::Status {
                status: StatusCode::FORBIDDEN,
                code: "csrf",
                message: "This request did not come from Showup's own pages, so it was refused. \
                          Reload the page and try again."
                    .into(),
            }
            .into_response()
        }
    }
}

/// Why a write is refused, or `None` when it may go ahead. `authority` is the request
/// target's, which HTTP/2 sends instead of a `Host` header.
fn cross_site_reason(headers: &HeaderMap, authority: Option<&str>) -> Option<&'static str> {
    if !headers.contains_key(shared::auth::WRITE_HEADER) {
        return Some("no x-showup header");
    }
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if fetch_site.is_some_and(|site| site != "same-origin" && site != "none") {
        return Some("Sec-Fetch-Site is not same-origin");
    }
    // No Origin (an older browser, or not a browser): the header above is the check.
    let origin = headers.get(ORIGIN)?;
    // Behind CloudFront the API sees API Gateway's own host; the distribution passes the one
    // the browser asked for in VIEWER_HOST (infra/template.yaml, ApiViewerHostFunction).
    let host = headers.get(VIEWER_HOST).or_else(|| headers.get(HOST));
    let host = host.and_then(|h| h.to_str().ok()).or(authority);
    let from = origin.to_str().ok().and_then(|o| o.split_once("://")).map(|(_, rest)| rest);
    match (from, host) {
        (Some(from), Some(host)) if from.eq_ignore_ascii_case(host) => None,
        _ => Some("Origin is not this site"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use sha2::{Digest, Sha256};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| (HeaderName::from_static(k), HeaderValue::from_static(v)))
            .collect()
    }

    #[test]
    fn a_write_needs_the_header_and_an_origin_of_this_site_if_any() {
        let ok = [("x-showup", "1"), ("host", "127.0.0.1:3000")];
        assert_eq!(cross_site_reason(&headers(&ok), None), None);
        let same =
            [("x-showup", "1"), ("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")];
        assert_eq!(cross_site_reason(&headers(&same), None), None);
        assert!(cross_site_reason(&headers(&[("host", "127.0.0.1:3000")]), None).is_some());
        let other =
            [("x-showup", "1"), ("host", "showup.example"), ("origin", "https://evil.example")];
        assert!(cross_site_reason(&headers(&other), None).is_some());
        let opaque = [("x-showup", "1"), ("host", "showup.example"), ("origin", "null")];
        assert!(cross_site_reason(&headers(&opaque), None).is_some());
        let port = [
            ("x-showup", "1"),
            ("host", "showup.example"),
            ("origin", "https://showup.example:8443"),
        ];
        assert!(cross_site_reason(&headers(&port), None).is_some());
        let sites =
            |site| [("x-showup", "1"), ("host", "showup.example"), ("sec-fetch-site", site)];
        assert_eq!(cross_site_reason(&headers(&sites("same-origin")), None), None);
        assert!(cross_site_reason(&headers(&sites("same-site")), None).is_some());
        assert!(cross_site_reason(&headers(&sites("cross-site")), None).is_some());
        // HTTP/2: the authority of the request target instead of a Host header.
        let h2 = [("x-showup", "1"), ("origin", "https://showup.example")];
        assert_eq!(cross_site_reason(&headers(&h2), Some("showup.example")), None);
        assert!(cross_site_reason(&headers(&h2), Some("other.example")).is_some());
    }

    #[test]
    fn behind_cloudfront_the_origin_is_compared_with_the_host_the_browser_asked_for() {
        let cloudfront = [
            ("x-showup", "1"),
            ("host", "abc123.execute-api.us-east-1.amazonaws.com"),
            ("x-showup-host", "d1234.cloudfront.net"),
            ("origin", "https://d1234.cloudfront.net"),
        ];
        assert_eq!(cross_site_reason(&headers(&cloudfront), None), None);
        let forged = [
            ("x-showup", "1"),
            ("host", "d1234.cloudfront.net"),
            ("x-showup-host", "d1234.cloudfront.net"),
            ("origin", "https://evil.example"),
        ];
        assert!(cross_site_reason(&headers(&forged), None).is_some());
    }

    /// The inline scripts of the page the app starts from; each must be allowed by its hash.
    fn inline_scripts(html: &str) -> Vec<&str> {
        html.split("<script")
            .skip(1)
            .filter_map(|rest| rest.split_once('>').map(|(_, body)| body))
            .filter_map(|body| body.split_once("</script>").map(|(script, _)| script))
            .filter(|script| !script.is_empty())
            .collect()
    }

    #[test]
    fn the_policy_allows_each_inline_script_of_index_html_by_its_hash() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../frontend/index.html");
        let html = std::fs::read_to_string(path).expect("frontend/index.html");
        let scripts = inline_scripts(&html);
        assert_eq!(scripts.len(), 2, "the inline scripts of index.html: {scripts:?}");
        for script in scripts {
            let hash = format!("'sha256-{}'", STANDARD.encode(Sha256::digest(script)));
            assert!(
                CSP.contains(&hash),
                "index.html changed: put {hash} in security::CSP and infra/template.yaml (and drop the old one) for {script:?}"
            );
        }
    }

    #[test]
    fn cloudfront_sends_the_same_headers() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../infra/template.yaml");
        let template = std::fs::read_to_string(path).expect("infra/template.yaml");
        // The pages' policy also lets the browser PUT uploads to the import bucket (presigned
        // URLs, service::uploads); the rest is the same.
        let template = template.replace("ContentSecurityPolicy: !Sub >-", "ContentSecurityPolicy: >-").replace(
            " https://showup-${StageName}-${AWS::AccountId}-${AWS::Region}-imports.s3.${AWS::Region}.${AWS::URLSuffix}",
            "",
        );
        // Two policies: the app's files, and the API's answers (which also must not be stored).
        let policies: Vec<String> = template
            .split("ContentSecurityPolicy: >-")
            .skip(1)
            .filter_map(|rest| rest.split("Override:").next())
            .map(|policy| policy.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        assert_eq!(policies, [CSP, CSP], "infra/template.yaml's content security policies");
        for (expected, times) in [
            ("FrameOption: DENY", 2),
            ("ReferrerPolicy: no-referrer", 2),
            ("ContentTypeOptions:", 2),
            ("StrictTransportSecurity:", 2),
            ("Value: no-store", 1),
            ("ResponseHeadersPolicyId: !Ref", 4),
            ("request.headers['x-showup-host'] = { value: request.headers.host.value }", 1),
        ] {
            let found = template.matches(expected).count();
            assert_eq!(found, times, "{expected} in infra/template.yaml");
        }
    }
}
