//! The page inventory: every route registered under `src/web/` is visited, or left out
//! with a reason.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::chromium::manifest_dir;
use super::visits::{NOT_VISITED, visits};

/// The HTTP methods a route may be registered for.
const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// Routes ("METHOD /path") registered in Rust source: `.route("/p", web::get()…)`,
/// `web::resource("/p")…​.route(web::post()…)` (or `.get(`/`.post(`), `#[get("/p")]`, with
/// the prefixes of enclosing `web::scope("/s")`. A route without a method guard is "ANY".
pub(crate) fn routes_in_source(src: &str) -> Vec<String> {
    let scopes = scopes_in(src);
    let prefix_at = |pos: usize| -> String {
        scopes
            .iter()
            .filter(|(from, to, _)| *from < pos && pos < *to)
            .map(|(_, _, p)| p.as_str())
            .collect()
    };
    let mut found = vec![];
    for (at, _) in src.match_indices(".route(") {
        if let Some((path, end)) = string_at(src, at + ".route(".len()) {
            let method = method_after(src, end, next_registration(src, end));
            found.push(format!("{method} {}{path}", prefix_at(at)));
        }
    }
    for (at, _) in src.match_indices("web::resource(") {
        if let Some((path, end)) = string_at(src, at + "web::resource(".len()) {
            let until = next_registration(src, end);
            let window = &src[end..until];
            let mut methods: Vec<String> = METHODS
                .iter()
                .filter(|m| {
                    window.contains(&format!("web::{m}()")) || window.contains(&format!(".{m}("))
                })
                .map(|m| m.to_uppercase())
                .collect();
            if methods.is_empty() {
                methods.push("ANY".into());
            }
            for m in methods {
                found.push(format!("{m} {}{path}", prefix_at(at)));
            }
        }
    }
    for m in METHODS {
        let attr = format!("#[{m}(");
        for (at, _) in src.match_indices(&attr) {
            if let Some((path, _)) = string_at(src, at + attr.len()) {
                found.push(format!("{} {}{path}", m.to_uppercase(), prefix_at(at)));
            }
        }
    }
    found
}

/// The string literal starting at `from` (after white space only), and where it ends.
fn string_at(src: &str, from: usize) -> Option<(String, usize)> {
    let rest = &src[from..];
    let open = rest.find('"')?;
    if !rest[..open].trim().is_empty() {
        return None;
    }
    let close = rest[open + 1..].find('"')?;
    Some((
        rest[open + 1..open + 1 + close].to_owned(),
        from + open + close + 2,
    ))
}

/// The first method guard between `from` and `until`, or "ANY".
fn method_after(src: &str, from: usize, until: usize) -> String {
    let window = &src[from..until.min(src.len())];
    let mut best: Option<(usize, String)> = None;
    for m in METHODS {
        for pat in [format!("web::{m}()"), format!(".{m}(")] {
            if let Some(i) = window.find(&pat)
                && best.as_ref().is_none_or(|(b, _)| i < *b)
            {
                best = Some((i, m.to_uppercase()));
            }
        }
    }
    best.map(|(_, m)| m).unwrap_or_else(|| "ANY".into())
}

/// Where each `web::scope("…")` applies: inside the parentheses that enclose it. Returns
/// (from, to, prefix).
fn scopes_in(src: &str) -> Vec<(usize, usize, String)> {
    let mut scopes = vec![];
    for (at, _) in src.match_indices("web::scope(") {
        let Some((prefix, _)) = string_at(src, at + "web::scope(".len()) else {
            continue;
        };
        let mut depth = 0i32;
        let mut open = 0;
        for (i, c) in src[..at].char_indices().rev() {
            match c {
                ')' => depth += 1,
                '(' if depth == 0 => {
                    open = i;
                    break;
                }
                '(' => depth -= 1,
                _ => {}
            }
        }
        let mut depth = 0i32;
        let mut close = src.len();
        for (i, c) in src[open..].char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        close = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        scopes.push((at, close, prefix));
    }
    scopes
}

/// Where the next registration after `from` begins (the end of this one's window).
fn next_registration(src: &str, from: usize) -> usize {
    [".route(\"", "web::resource(", ".service(", "web::scope("]
        .iter()
        .filter_map(|p| src[from..].find(p).map(|i| from + i))
        .min()
        .unwrap_or(src.len())
}

pub(crate) fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_route_the_app_serves_is_visited() {
    let mut files = vec![];
    rust_files(&manifest_dir().join("src/web"), &mut files);
    let mut served = BTreeSet::new();
    for file in files {
        served.extend(routes_in_source(&std::fs::read_to_string(file).unwrap()));
    }
    let visited: BTreeSet<String> = visits()
        .iter()
        .map(|v| v.route.to_owned())
        .filter(|r| !r.starts_with("ERROR "))
        .collect();
    let exempt: BTreeSet<String> = NOT_VISITED.iter().map(|(r, _)| (*r).to_owned()).collect();
    let missing: Vec<&String> = served
        .iter()
        .filter(|r| !visited.contains(*r) && !exempt.contains(*r))
        .collect();
    let unknown: Vec<&String> = visited
        .iter()
        .chain(exempt.iter())
        .filter(|r| !served.contains(*r))
        .collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "Every route must be checked in the browser (tests/api/browser_a11y/visits.rs).\n\
         Not visited — add a line to visits() (a POST: its form sent empty or with bad input), \
         or with a reason to NOT_VISITED: {missing:#?}\n\
         Listed but not served by src/web (a renamed or removed route?): {unknown:#?}"
    );
}

#[test]
fn the_route_reader_understands_every_way_of_registering_a_route() {
    let src = r#"
        cfg.route("/", web::get().to(home))
            .route(
                "/items/{id}",
                web::post().to(save),
            )
            .service(
                web::scope("/admin")
                    .route("/users", web::get().to(users))
                    .service(web::resource("/users/{id}").route(web::get().to(a)).route(web::delete().to(b))),
            )
            .service(web::resource("/any").to(any))
            .route("/after", web::put().to(put));
        #[post("/macro")]
        async fn macro_route() {}
    "#;
    let mut routes = routes_in_source(src);
    routes.sort();
    assert_eq!(
        routes,
        [
            "ANY /any",
            "DELETE /admin/users/{id}",
            "GET /",
            "GET /admin/users",
            "GET /admin/users/{id}",
            "POST /items/{id}",
            "POST /macro",
            "PUT /after",
        ]
    );
}
