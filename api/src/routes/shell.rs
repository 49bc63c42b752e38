//! The page the browser app starts from (`index.html`), with what a signed-in family needs first
//! already in it: the child's name and the days-missed sentence, drawn before the app's WASM has
//! arrived (on a slow phone that is a second or more), and a preload of the child's record, which
//! the app then reads without waiting for a round trip of its own. The app replaces this part when
//! it has drawn its page (`frontend/src/shell.rs`).
//!
//! One source of truth for the words: the sentence is chosen by `shared::missed` and worded from
//! the app's own `frontend/locales/*.json`, compiled into this binary, so the server's sentence is
//! the app's in both languages (tests/browser/shell.test.mjs compares them). Everything from the
//! roster is HTML-escaped.
//!
//! Only for a page load of a signed-in guardian (`Sec-Fetch-Dest: document`); everyone else, the
//! service worker's copy of `/` included, gets `index.html` as it is. A page with a child's name is
//! never stored by a cache (`no-store`).

use crate::app::App;
use crate::service::{guard, signin, student_record};
use crate::store::auth::Session;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use shared::Totals;
use shared::api::StudentDetail;
use shared::auth::Role;
use shared::missed::ratio;
use std::path::PathBuf;
use std::sync::LazyLock;

/// The app's translations, as it compiles them in.
static LOCALES: LazyLock<[(&str, Value); 2]> = LazyLock::new(|| {
    let parse = |json: &str| serde_json::from_str(json).expect("frontend/locales/*.json is JSON");
    [
        ("en", parse(include_str!("../../../frontend/locales/en.json"))),
        ("es", parse(include_str!("../../../frontend/locales/es.json"))),
    ]
});

/// Where the built app is (`dist/`), for its `index.html`.
#[derive(Clone)]
pub struct Shell {
    pub app: App,
    pub index: PathBuf,
}

/// `GET /` and `GET /students/{id}`: `index.html`, with a signed-in family's first view in it.
pub async fn page(State(shell): State<Shell>, request: Request) -> Response {
    let Ok(html) = tokio::fs::read_to_string(&shell.index).await else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    let (mut parts, _) = request.into_parts();
    match first_view(&shell.app, &mut parts).await {
        Some(view) => {
            let mut response = axum::response::Html(with_first_view(&html, &view)).into_response();
            let headers = response.headers_mut();
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            headers.insert(header::VARY, HeaderValue::from_static("Cookie"));
            response
        }
        None => {
            let mut response = axum::response::Html(html).into_response();
            response.headers_mut().insert(header::VARY, HeaderValue::from_static("Cookie"));
            response
        }
    }
}

/// What the server can draw before the app: one child's sentence, in the family's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstView {
    pub lang: &'static str,
    pub student_id: String,
    pub full_name: String,
    pub heading: String,
    pub sentence: String,
}

async fn first_view(app: &App, parts: &mut Parts) -> Option<FirstView> {
    // A page load, not the service worker's fetch of `/` (kept for every visitor) nor a fetch.
    let dest = parts.headers.get("sec-fetch-dest").and_then(|v| v.to_str().ok());
    if dest != Some("document") {
        return None;
    }
    let session = Session::from_request_parts(parts, app).await.ok()?;
    if session.role != Role::Guardian {
        return None;
    }
    let raw = match parts.uri.path().strip_prefix("/students/") {
        Some(id) => percent_decoded(id)?,
        None => {
            let mut children = signin::me(app, &session).await.ok()?.students;
            children
                .sort_by(|a, b| (&a.first_name, &a.last_name).cmp(&(&b.first_name, &b.last_name)));
            children.first()?.id.to_string()
        }
    };
    let year = guard::student(app, &session, &raw).await.ok()?;
    let detail = student_record::detail(app, &session, year).await.ok()?;
    let accept = parts.headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    let lang = language(session.language.as_deref(), accept);
    Some(family_view(lang, &detail))
}

/// The family's language as the app picks it without a choice made on the device: the roster's,
/// else the browser's first, else English.
fn language(roster: Option<&str>, accept_language: Option<&str>) -> &'static str {
    let matching = |tag: &str| {
        let primary = tag.trim().split(['-', '_', ';']).next()?.to_ascii_lowercase();
        LOCALES.iter().map(|(name, _)| *name).find(|name| *name == primary)
    };
    roster
        .and_then(matching)
        .or_else(|| accept_language.and_then(|a| a.split(',').next()).and_then(matching))
        .unwrap_or("en")
}

pub fn family_view(lang: &'static str, detail: &StudentDetail) -> FirstView {
    FirstView {
        lang,
        student_id: detail.id.to_string(),
        full_name: format!("{} {}", detail.first_name, detail.last_name),
        heading: word(lang, "family.this_year").to_owned(),
        sentence: missed_sentence(lang, &detail.first_name, &detail.totals),
    }
}

/// `words::missed_sentence(l, Who::Named(name), totals)` of the app, from the same locale file.
pub fn missed_sentence(lang: &str, name: &str, totals: &Totals) -> String {
    let ratio = ratio(totals);
    let n = ratio.n().map(|n| n.to_string()).unwrap_or_default();
    let days = days(lang, &totals.days_absent_display());
    let template = word(lang, &format!("missed.named.{}", ratio.key()));
    fill(template, &[("name", name), ("days", &days), ("n", &n)])
}

/// `words::days` of the app: `1 day`, `9.5 days`, `9,5 días`.
fn days(lang: &str, n: &str) -> String {
    if n == "1" {
        return word(lang, "number.one_day").to_owned();
    }
    let n = n.replace('.', word(lang, "number.decimal"));
    fill(word(lang, "number.days"), &[("n", &n)])
}

/// The translation at a dotted key; a missing key is a build that cannot be shipped.
fn word(lang: &str, key: &str) -> &'static str {
    let (_, root) = LOCALES.iter().find(|(name, _)| *name == lang).unwrap_or(&LOCALES[0]);
    key.split('.')
        .try_fold(root, |value, part| value.get(part))
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("frontend/locales/{lang}.json has no {key}"))
}

/// Puts the values in for `{{ name }}` (leptos_i18n's interpolation), in one pass.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find("}}") else { break };
        let key = rest[start + 2..start + end].trim();
        match values.iter().find(|(k, _)| *k == key) {
            Some((_, value)) => out.push_str(value),
            None => out.push_str(&rest[start..start + end + 2]),
        }
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    out
}

/// Run as the page is read: a language chosen on this device (the app's `showup.language`) wins
/// over the family's, as in the app, so a first view in the other language goes at once.
/// Allowed by its hash in `security::CSP` (a test checks it).
pub const SHELL_SCRIPT: &str = "try{const s=document.getElementById('shell'),c=localStorage.getItem('showup.language');if(c&&c!==s.lang)s.remove()}catch(e){}";

/// `index.html` with the first view: its language on `<html>`, a preload of the record the app
/// will ask for, and the view at the start of `<body>`.
pub fn with_first_view(html: &str, view: &FirstView) -> String {
    let href = format!("/api/students/{}", path_segment(&view.student_id));
    // The app's request for the record is a plain same-origin `fetch` (mode cors, credentials
    // same-origin, no extra header): `crossorigin` (anonymous) asks for the same, so the
    // browser hands the app this response.
    let preload = format!(
        "<link rel=\"preload\" href=\"{}\" as=\"fetch\" crossorigin>\n</head>",
        escape(&href)
    );
    let body = format!(
        "<body>\n<main id=\"shell\" class=\"shell\" data-testid=\"shell\" lang=\"{lang}\">\
         <h1>{name}</h1><section class=\"card\"><h2>{heading}</h2>\
         <p class=\"plain\" data-testid=\"missed-sentence\">{sentence}</p></section></main>\
         <script>{SHELL_SCRIPT}</script>",
        lang = view.lang,
        name = escape(&view.full_name),
        heading = escape(&view.heading),
        sentence = escape(&view.sentence),
    );
    html.replacen("<html lang=\"en\">", &format!("<html lang=\"{}\">", view.lang), 1)
        .replacen("</head>", &preload, 1)
        .replacen("<body>", &body, 1)
}

/// Text for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `encodeURIComponent`, as the app writes an id into a path (`frontend/src/url.rs`).
fn path_segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The id of `/students/{id}`; `None` for a longer path (`/students/{id}/plan`) or bad encoding.
fn percent_decoded(segment: &str) -> Option<String> {
    if segment.contains('/') {
        return None;
    }
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn totals(days_enrolled: u32, absent_units: u64) -> Totals {
        Totals { days_enrolled, absent_units }
    }

    #[test]
    fn the_sentence_in_both_languages_from_the_locale_files() {
        assert_eq!(
            missed_sentence("en", "Maya", &totals(90, 90_000)),
            "Maya has missed 9 days this year — about 1 day in every 10 school days."
        );
        assert_eq!(
            missed_sentence("es", "Maya", &totals(90, 95_000)),
            "Maya ha faltado 9,5 días este año: más o menos 1 de cada 9 días de clase."
        );
        assert_eq!(
            missed_sentence("en", "Leo", &totals(10, 10_000)),
            "Leo has missed 1 day this year — about 1 day in every 10 school days."
        );
        assert_eq!(
            missed_sentence("en", "Leo", &totals(10, 0)),
            "Leo has not missed any school days this year."
        );
        assert_eq!(
            missed_sentence("es", "Leo", &totals(10, 40_000)),
            "Leo ha faltado 4 días este año: más o menos 4 de cada 10 días de clase."
        );
    }

    #[test]
    fn the_language_is_the_rosters_then_the_browsers_then_english() {
        assert_eq!(language(Some("es-MX"), Some("en-US,en;q=0.9")), "es");
        assert_eq!(language(None, Some("es-419,es;q=0.9")), "es");
        assert_eq!(language(Some("vi"), Some("fr")), "en");
        assert_eq!(language(None, None), "en");
    }

    #[test]
    fn the_roster_is_escaped_and_the_view_goes_into_index_html() {
        let html =
            "<html lang=\"en\">\n<head>\n<title>x</title>\n</head>\n<body>\n<p>app</p>\n</body>";
        let view = FirstView {
            lang: "es",
            student_id: "S 1&<".into(),
            full_name: "<script>alert('x')</script> \"Ro\"".into(),
            heading: "Este año".into(),
            sentence: "A & B <b>".into(),
        };
        let page = with_first_view(html, &view);
        assert!(page.starts_with("<html lang=\"es\">"));
        assert!(page.contains(
            "<link rel=\"preload\" href=\"/api/students/S%201%26%3C\" as=\"fetch\" crossorigin>\n</head>"
        ));
        assert!(
            page.contains(
                "<h1>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;Ro&quot;</h1>"
            )
        );
        assert!(page.contains(">A &amp; B &lt;b&gt;</p>"));
        assert!(!page.contains("<script>alert"));
        assert!(page.contains(&format!("</main><script>{SHELL_SCRIPT}</script>\n<p>app</p>")));
    }

    #[test]
    fn the_policy_allows_the_first_views_script_by_its_hash() {
        use base64::Engine;
        use sha2::{Digest, Sha256};
        let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(SHELL_SCRIPT));
        assert!(
            crate::security::CSP.contains(&format!("'sha256-{hash}'")),
            "put 'sha256-{hash}' in security::CSP and infra/template.yaml"
        );
    }

    #[test]
    fn only_a_childs_own_page_is_read_from_the_path() {
        assert_eq!(percent_decoded("S%201").as_deref(), Some("S 1"));
        assert_eq!(percent_decoded("S1/plan"), None);
        assert_eq!(percent_decoded("S%2"), None);
    }
}
