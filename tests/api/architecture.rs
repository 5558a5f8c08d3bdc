//! The floors of the house, checked: imports run one way (ARCHITECTURE.md, "Floors").
//!
//! A *top-level module* is a child of `src/` (`web`, `db`, `domain`, `mail`, `config`, …)
//! or a child of `src/workflow/` (`workflow::review`, `workflow::editorial`, …): every file
//! under `src/web/` counts as `web`, `src/workflow/review.rs` as `workflow::review`. A
//! module *imports* another when one of its files names a path `crate::other::…` outside a
//! comment (in a `use`, a `use crate::{…}` group, or written in place). Siblings name each
//! other by their `crate::` path, so this reading sees every import between modules.
//!
//! The test fails when the imports between top-level modules form a circle, or when a
//! floor reaches up: `domain` (pure rules) imports nothing of `web`, `workflow`, `db`,
//! `mail` or `storage`, and `config` imports nothing of `web`, `workflow`, `mail`, `demo`,
//! `startup`, `cli` or `backup`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Which module imports which, with the files that do it.
type Graph = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to; `None` for the crate root (lib.rs, main.rs).
fn module_of(relative: &Path) -> Option<String> {
    let parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    match parts.as_slice() {
        [root] if root == "lib" || root == "main" => None,
        [floor, room, ..] if floor == "workflow" && room != "mod" => {
            Some(format!("workflow::{room}"))
        }
        [first, ..] => Some(first.clone()),
        [] => None,
    }
}

/// The source without its comments (doc links name modules without importing them).
fn without_comments(source: &str) -> String {
    source
        .lines()
        .map(|line| match line.find("//") {
            // A `//` inside a string ("https://…") is not a comment; such lines keep their code.
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first two segments of every path in the use-tree at the start of `rest` (what
/// follows `crate::`): `a::b::C` gives `[a, b]`, `a::{b, c::D}` gives `[a, b]` and `[a, c]`.
fn paths_of(rest: &str) -> Vec<Vec<String>> {
    fn tree(s: &[char], i: &mut usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
        let mut path = prefix;
        loop {
            while *i < s.len() && s[*i].is_whitespace() {
                *i += 1;
            }
            if *i < s.len() && s[*i] == '{' {
                *i += 1;
                loop {
                    tree(s, i, path.clone(), out);
                    while *i < s.len() && s[*i].is_whitespace() {
                        *i += 1;
                    }
                    match s.get(*i) {
                        Some(',') => *i += 1,
                        Some('}') => {
                            *i += 1;
                            return;
                        }
                        _ => return,
                    }
                    while *i < s.len() && s[*i].is_whitespace() {
                        *i += 1;
                    }
                    if s.get(*i) == Some(&'}') {
                        *i += 1;
                        return;
                    }
                }
            }
            let start = *i;
            while *i < s.len() && (s[*i].is_alphanumeric() || s[*i] == '_') {
                *i += 1;
            }
            if *i == start {
                out.push(path);
                return;
            }
            path.push(s[start..*i].iter().collect());
            if s.get(*i) == Some(&':') && s.get(*i + 1) == Some(&':') {
                *i += 2;
            } else {
                out.push(path);
                return;
            }
        }
    }
    let chars: Vec<char> = rest.chars().take(2000).collect();
    let mut out = Vec::new();
    tree(&chars, &mut 0, Vec::new(), &mut out);
    out.into_iter()
        .map(|p| p.into_iter().take(2).collect())
        .collect()
}

/// The top-level module a path names, if it names one.
fn target_of(path: &[String], modules: &BTreeSet<String>) -> Option<String> {
    let name = match path {
        [floor, room, ..] if floor == "workflow" && room != "self" => {
            format!("workflow::{room}")
        }
        [first, ..] => first.clone(),
        [] => return None,
    };
    modules.contains(&name).then_some(name)
}

fn import_graph() -> Graph {
    let src = src_dir();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let owned: Vec<(String, PathBuf)> = files
        .into_iter()
        .filter_map(|f| {
            let relative = f.strip_prefix(&src).expect("under src/").to_path_buf();
            module_of(&relative).map(|m| (m, relative))
        })
        .collect();
    let modules: BTreeSet<String> = owned.iter().map(|(m, _)| m.clone()).collect();
    assert!(
        modules.contains("domain") && modules.contains("workflow::review"),
        "the check found the floors: {modules:?}"
    );

    let mut graph = Graph::new();
    for (module, relative) in &owned {
        let source = std::fs::read_to_string(src.join(relative)).expect("a readable source file");
        let code = without_comments(&source);
        graph.entry(module.clone()).or_default();
        for (at, _) in code.match_indices("crate::") {
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == ':') {
                continue;
            }
            for path in paths_of(&code[at + "crate::".len()..]) {
                if let Some(target) = target_of(&path, &modules)
                    && &target != module
                {
                    graph
                        .entry(module.clone())
                        .or_default()
                        .entry(target)
                        .or_default()
                        .insert(relative.display().to_string());
                }
            }
        }
    }
    graph
}

/// The groups of modules that import each other in a circle (Tarjan's strongly connected
/// components of more than one module).
fn circles(graph: &Graph) -> Vec<Vec<String>> {
    struct Walk<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'g>(w: &mut Walk<'g>, v: &'g str) {
        let n = w.index.len();
        w.index.insert(v, n);
        w.low.insert(v, n);
        w.stack.push(v);
        w.on_stack.insert(v);
        let graph = w.graph;
        for u in graph.get(v).into_iter().flat_map(|e| e.keys()) {
            let u = u.as_str();
            if !w.index.contains_key(u) {
                visit(w, u);
                let low = w.low[v].min(w.low[u]);
                w.low.insert(v, low);
            } else if w.on_stack.contains(u) {
                let low = w.low[v].min(w.index[u]);
                w.low.insert(v, low);
            }
        }
        if w.low[v] == w.index[v] {
            let mut group = Vec::new();
            while let Some(u) = w.stack.pop() {
                w.on_stack.remove(u);
                group.push(u.to_owned());
                if u == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                w.found.push(group);
            }
        }
    }
    let mut w = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !w.index.contains_key(v.as_str()) {
            visit(&mut w, v);
        }
    }
    w.found
}

/// The shortest circle inside a group of modules that import each other (breadth first
/// from each module back to itself): the place to start reading.
fn shortest_circle(graph: &Graph, group: &[String]) -> Vec<String> {
    let mut best: Option<Vec<String>> = None;
    for start in group {
        let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([start.as_str()]);
        'search: while let Some(v) = queue.pop_front() {
            for u in graph.get(v).into_iter().flat_map(|e| e.keys()) {
                if !group.contains(u) {
                    continue;
                }
                if u == start {
                    let mut back = Vec::new();
                    let mut at = v;
                    while at != start {
                        back.push(at.to_owned());
                        at = came_from[at];
                    }
                    back.reverse();
                    let mut path = vec![start.clone()];
                    path.extend(back);
                    path.push(start.clone());
                    if best.as_ref().is_none_or(|b| path.len() < b.len()) {
                        best = Some(path);
                    }
                    break 'search;
                }
                if !came_from.contains_key(u.as_str()) {
                    came_from.insert(u, v);
                    queue.push_back(u);
                }
            }
        }
    }
    best.unwrap_or_default()
}

/// The imports inside one circle, each with the files that make it, for the failure message.
fn describe(graph: &Graph, group: &[String]) -> String {
    let mut out = format!(
        "circle between {}\n  shortest: {}\n  the imports inside it:\n",
        group.join(", "),
        shortest_circle(graph, group).join(" -> ")
    );
    for from in group {
        for (to, files) in &graph[from] {
            if group.contains(to) {
                let files: Vec<&str> = files.iter().map(String::as_str).collect();
                out.push_str(&format!("  {from} -> {to}  ({})\n", files.join(", ")));
            }
        }
    }
    out
}

#[test]
fn no_two_top_level_modules_import_each_other_even_through_others() {
    let graph = import_graph();
    let found = circles(&graph);
    let report: Vec<String> = found.iter().map(|g| describe(&graph, g)).collect();
    assert!(
        found.is_empty(),
        "imports between top-level modules run in a circle; move the shared piece down into a \
         module of its own, or pass it through the caller:\n{}",
        report.join("\n")
    );
}

fn reaches_up(graph: &Graph, floor: &str, never: &[&str]) -> Vec<String> {
    graph[floor]
        .iter()
        .filter(|(to, _)| {
            never
                .iter()
                .any(|n| to.as_str() == *n || to.starts_with(&format!("{n}::")))
        })
        .map(|(to, files)| format!("{floor} -> {to} ({files:?})"))
        .collect()
}

#[test]
fn the_rules_are_pure_they_import_no_pages_no_workflow_and_no_storage() {
    let graph = import_graph();
    let wrong = reaches_up(
        &graph,
        "domain",
        &["web", "workflow", "db", "mail", "storage"],
    );
    assert!(wrong.is_empty(), "src/domain/ must stay pure: {wrong:#?}");
}

#[test]
fn configuration_sits_at_the_bottom_and_imports_nothing_of_the_workflow() {
    let graph = import_graph();
    let never = [
        "web", "workflow", "mail", "demo", "startup", "cli", "backup",
    ];
    let wrong = reaches_up(&graph, "config", &never);
    assert!(
        wrong.is_empty(),
        "src/config.rs must sit at the bottom: {wrong:#?}"
    );
}

#[test]
fn the_check_reads_groups_and_paths_written_in_place() {
    let modules: BTreeSet<String> = ["db", "workflow::review", "workflow::memo", "domain"]
        .into_iter()
        .map(String::from)
        .collect();
    let named = |rest: &str| -> BTreeSet<String> {
        paths_of(rest)
            .iter()
            .filter_map(|p| target_of(p, &modules))
            .collect()
    };
    assert_eq!(
        named("{db::{self, now}, workflow::{memo, review::X}};"),
        ["db", "workflow::memo", "workflow::review"]
            .into_iter()
            .map(String::from)
            .collect()
    );
    assert_eq!(
        named("workflow::review::send(conn)"),
        ["workflow::review".to_owned()].into()
    );
    assert_eq!(named("error_chain(&e)"), BTreeSet::new());
    let graph: Graph = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec!["a"]),
    ]
    .into_iter()
    .map(|(from, to)| {
        let edges = to
            .into_iter()
            .map(|t| (t.to_owned(), BTreeSet::from(["f.rs".to_owned()])))
            .collect();
        (from.to_owned(), edges)
    })
    .collect();
    assert_eq!(circles(&graph), vec![vec!["a", "b", "c"]]);
    let group: Vec<String> = ["a", "b", "c"].into_iter().map(String::from).collect();
    assert_eq!(shortest_circle(&graph, &group), ["a", "b", "c", "a"]);
}

/// The rooms of the house stay small enough to hold in the head (ARCHITECTURE.md, "Rooms"):
/// no Rust file over 800 lines and no function over 80, unless it says why in a comment
/// containing "Long because" (a file: in its first 30 lines; a function: in the comment and
/// attribute lines right above it). Reads src/, tests/, benches/, examples/ and build.rs.
const LONGEST_FILE: usize = 800;
const LONGEST_FUNCTION: usize = 80;
const THE_REASON: &str = "Long because";

/// A function's name when `line` opens one with a body (`pub(crate) async fn name(`…).
fn opens_function(line: &str) -> Option<&str> {
    let mut rest = line.trim_start();
    for prefix in [
        "pub(crate) ",
        "pub(super) ",
        "pub ",
        "const ",
        "async ",
        "unsafe ",
    ] {
        rest = rest.strip_prefix(prefix).unwrap_or(rest);
    }
    let name = rest.strip_prefix("fn ")?;
    let end = name
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(name.len());
    (end > 0 && !line.trim_end().ends_with(';')).then(|| &name[..end])
}

/// The rooms over size in one file's text, each as "path:line what (N lines)".
fn oversized_rooms(path: &str, source: &str) -> Vec<String> {
    let lines: Vec<&str> = source.lines().collect();
    let mut found = Vec::new();
    if lines.len() > LONGEST_FILE && !lines.iter().take(30).any(|l| l.contains(THE_REASON)) {
        found.push(format!("{path}: the file ({} lines)", lines.len()));
    }
    for (at, line) in lines.iter().enumerate() {
        let Some(name) = opens_function(line) else {
            continue;
        };
        // rustfmt closes a body with a brace at the opening line's indentation.
        let indent = &line[..line.len() - line.trim_start().len()];
        let closing = format!("{indent}}}");
        let Some(length) = lines[at + 1..].iter().position(|l| *l == closing) else {
            continue;
        };
        let length = length + 2;
        let explained = lines[..at]
            .iter()
            .rev()
            .take_while(|l| {
                let t = l.trim_start();
                t.starts_with("//") || t.starts_with("#[")
            })
            .any(|l| l.contains(THE_REASON));
        if length > LONGEST_FUNCTION && !explained {
            found.push(format!("{path}:{} fn {name} ({length} lines)", at + 1));
        }
    }
    found
}

#[test]
fn no_file_over_800_lines_and_no_function_over_80_without_a_reason() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("build.rs")];
    for dir in ["src", "tests", "benches", "examples"] {
        if root.join(dir).is_dir() {
            rust_files(&root.join(dir), &mut files);
        }
    }
    let mut found = Vec::new();
    for file in files.iter().filter(|f| f.is_file()) {
        let source = std::fs::read_to_string(file).expect("a readable source file");
        let path = file
            .strip_prefix(root)
            .unwrap_or(file)
            .display()
            .to_string();
        found.extend(oversized_rooms(&path, &source));
    }
    assert!(
        found.is_empty(),
        "split these by what a reader looks for, or say why in a comment containing \"{THE_REASON}\":\n{}",
        found.join("\n")
    );
}

#[test]
fn the_size_check_sees_long_functions_and_their_reasons() {
    let body = |n: usize| "    let x = 1;\n".repeat(n);
    let long = format!("pub fn big() {{\n{}}}\n", body(80));
    assert_eq!(
        oversized_rooms("a.rs", &long),
        ["a.rs:1 fn big (82 lines)"],
        "82 lines with no reason is too long"
    );
    let explained = format!("/// Long because it is one table.\n#[allow(dead_code)]\n{long}");
    assert!(oversized_rooms("a.rs", &explained).is_empty());
    let short = format!("    async fn small() {{\n{}    }}\n", body(78));
    assert!(oversized_rooms("a.rs", &short).is_empty());
    assert!(oversized_rooms("a.rs", "fn declared_only();\n").is_empty());
    let file = "let x = 1;\n".repeat(801);
    assert_eq!(
        oversized_rooms("b.rs", &file),
        ["b.rs: the file (801 lines)"]
    );
    assert!(oversized_rooms("b.rs", &format!("//! Long because: data.\n{file}")).is_empty());
}

/// Prints the graph (`cargo test --test api architecture::print -- --ignored --nocapture`).
#[test]
#[ignore = "prints the whole import graph for a reader; asserts nothing"]
fn print_the_import_graph() {
    for (from, edges) in import_graph() {
        println!("{from} -> {:?}", edges.keys().collect::<Vec<_>>());
    }
}
