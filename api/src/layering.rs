//! The layers of docs/architecture.md, checked on the source: every `crate::…` and `super::…`
//! path of `api/src` (comments aside) is resolved to the top module it names, and no module may
//! name one above it. A handler reads no store and writes no audit entry itself.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The modules below the HTTP layer, and what none of them may name.
const BELOW_ROUTES: &[&str] =
    &["app", "auth", "clock", "config", "import", "letters", "messaging", "service", "store"];
const HTTP: &[&str] = &["routes", "error", "security", "cli", "router"];

/// What each lower module may not name besides the HTTP layer (the layers above it).
const ABOVE: &[(&str, &[&str])] = &[
    ("store", &["app", "auth", "import", "letters", "messaging", "service"]),
    ("auth", &["app", "import", "letters", "messaging", "service"]),
    ("import", &["app", "letters", "messaging", "service"]),
    ("messaging", &["app", "import", "letters", "service"]),
];

/// The App's stores: a handler reaches them only through a service.
const STORES: &[&str] = &[
    "store",
    "auth",
    "cases",
    "rolls",
    "imports",
    "outreach",
    "connections",
    "interventions",
    "insights",
    "notices",
    "audit",
    "campaigns",
    "messenger",
    "cognito",
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file's text without comments (line comments and doc comments).
fn code(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn ident_at(text: &str) -> &str {
    let end = text.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(text.len());
    &text[..end]
}

/// The first segments of the items of a `{…}` group starting at `text` (after the brace).
fn group_heads(text: &str) -> Vec<&str> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut item_start = true;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => item_start = true,
            c if c.is_whitespace() => {}
            _ if item_start && depth == 0 => {
                heads.push(ident_at(&text[i..]));
                item_start = false;
            }
            _ => {}
        }
    }
    heads
}

/// The top modules of the crate that the file at `module` (its path of modules) names.
fn named_modules(module: &[String], code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut add = |base: &[String], rest: &str| {
        let names = match rest.strip_prefix('{') {
            Some(group) => group_heads(group),
            None => vec![ident_at(rest)],
        };
        for name in names.into_iter().filter(|n| !n.is_empty() && *n != "self") {
            out.insert(base.first().map_or(name, String::as_str).to_owned());
        }
    };
    for (at, _) in code.match_indices("crate::") {
        let before = code[..at].chars().last();
        if before.is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == ':')) {
            add(&[], &code[at + "crate::".len()..]);
        }
    }
    for (at, _) in code.match_indices("super::") {
        if code[..at].ends_with("super::") {
            continue;
        }
        let mut rest = &code[at..];
        let mut up = 0;
        while let Some(r) = rest.strip_prefix("super::") {
            rest = r;
            up += 1;
        }
        let base = &module[..module.len().saturating_sub(up)];
        add(base, rest);
    }
    out
}

/// Every file of `api/src`: its path from src, its module path, and its text.
fn files() -> Vec<(String, Vec<String>, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    sources(&src, &mut paths);
    paths
        .into_iter()
        .map(|path| {
            let rel = path.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
            let mut module: Vec<String> =
                rel.trim_end_matches(".rs").split('/').map(str::to_owned).collect();
            if matches!(module.last().map(String::as_str), Some("mod" | "lib" | "main")) {
                module.pop();
            }
            let text = std::fs::read_to_string(&path).expect("a source file is readable");
            (rel, module, text)
        })
        .collect()
}

/// The breaches of the layer rules in `files`.
fn breaches(files: &[(String, Vec<String>, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (rel, module, text) in files {
        let code = &code(text);
        let Some(top) = module.first().map(String::as_str) else { continue };
        if top == "layering" {
            continue;
        }
        let named = named_modules(module, code);
        if BELOW_ROUTES.contains(&top) {
            let above = ABOVE.iter().find(|(m, _)| *m == top).map_or(&[][..], |(_, a)| *a);
            for name in
                named.iter().filter(|n| HTTP.contains(&n.as_str()) || above.contains(&n.as_str()))
            {
                out.push(format!("{rel} names crate::{name}, a layer above it"));
            }
            if code.contains("axum::") {
                out.push(format!("{rel} uses axum below the routes"));
            }
        }
        if top == "routes" {
            for store in STORES {
                let field = format!("state.{store}");
                let reads = code.match_indices(&field).any(|(at, _)| {
                    let next = code[at + field.len()..].chars().next();
                    next.is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
                });
                if reads {
                    out.push(format!("{rel}: a handler reads {field} (call a service)"));
                }
            }
            if code.contains(".audit(") || code.contains(".audit_anonymous(") {
                out.push(format!("{rel}: a handler writes the audit log (a service does)"));
            }
        }
    }
    out
}

#[test]
fn no_module_names_a_layer_above_it_and_handlers_only_call_services() {
    let found = breaches(&files());
    assert!(found.is_empty(), "docs/architecture.md's layers are broken:\n{}", found.join("\n"));
}

#[test]
fn the_check_resolves_crate_super_and_grouped_paths() {
    let file = |rel: &str, module: &[&str], code: &str| {
        (rel.to_owned(), module.iter().map(|s| s.to_string()).collect(), code.to_owned())
    };
    let found = breaches(&[
        file("import/mod.rs", &["import"], "use crate::{clock::Clock, service::figures};"),
        file("store/x.rs", &["store", "x"], "use crate::auth::code;\n// crate::routes\n"),
        file("service/a.rs", &["service", "a"], "use super::super::error::AppError;"),
        file("service/b.rs", &["service", "b"], "use super::{derive, snapshot};"),
        file("auth/mod.rs", &["auth"], "fn f() -> axum::Router { axum::Router::new() }"),
        file("routes/a.rs", &["routes", "a"], "state.auth.outbox(50); state.clock.now();"),
        file("routes/b.rs", &["routes", "b"], "state.audit(&s, a, None, \"\").await"),
    ]);
    assert_eq!(
        found,
        vec![
            "import/mod.rs names crate::service, a layer above it",
            "store/x.rs names crate::auth, a layer above it",
            "service/a.rs names crate::error, a layer above it",
            "auth/mod.rs uses axum below the routes",
            "routes/a.rs: a handler reads state.auth (call a service)",
            "routes/b.rs: a handler reads state.audit (call a service)",
            "routes/b.rs: a handler writes the audit log (a service does)",
        ]
    );
}
