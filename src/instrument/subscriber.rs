//! Existing `tracing` subscribers: found with `syn`, extended with the OpenTelemetry layer where
//! that is safe, refused with a precise message where it is not.
//!
//! A program that installs its own global subscriber cannot also take the one `telemetry::init`
//! installs: whichever comes second panics at start. So when one is found, `main` gets
//! `telemetry::init_exporter()` instead and the program's subscriber gets the layer:
//!
//! ```text
//! registry()…with(x)…  .init() | .try_init() | set_global_default(…)   + .with(crate::telemetry::layer())
//! Registry::default()…
//! fmt()…  Subscriber::builder()…                       .init() | .try_init()   + .finish().with(…layer())
//! fmt()…finish()  FmtSubscriber::new()           set_global_default(…)         + .with(…layer())
//! ```
//!
//! The value may be built in place or bound by a `let` in an enclosing block. When the chain
//! does not already call `.with`, the trait imports it needs go in a `use` line in front of the
//! statement (a `use` in a block is visible in all of it). Anything else — `fmt::init()`, a
//! subscriber from a function or a struct, one built in the library crate — is a site canopy
//! cannot extend safely; the caller refuses with the file and line. Test code is skipped.

use std::collections::HashMap;

use syn::visit::{self, Visit};

use super::source::range;
use super::text::{self, Insertion};

/// Adds the layer to a subscriber (or to `Registry`'s layered stack).
pub const LAYER: &str = ".with(crate::telemetry::layer())";
/// Turns a `fmt` builder into a subscriber and adds the layer.
pub const FINISH_LAYER: &str = ".finish().with(crate::telemetry::layer())";
/// The trait `.with` needs when the chain does not call it already.
pub const USE_EXT: &str = "use tracing_subscriber::layer::SubscriberExt as _;";
/// The traits `.with` and `.init()` need on a finished `fmt` subscriber.
pub const USE_EXT_INIT: &str =
    "use tracing_subscriber::{layer::SubscriberExt as _, util::SubscriberInitExt as _};";

/// A place that installs a global subscriber.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// 1-based line of the call.
    pub line: usize,
    /// How the site was recognised (`.init()`, `set_global_default(…)`, `fmt::init()`).
    pub call: String,
    /// How to extend it (nothing when `done`), or why it cannot be.
    pub fix: Result<Vec<Insertion>, String>,
    /// True when the layer is already there.
    pub done: bool,
}

/// What a subscriber expression starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Root {
    Registry,
    FmtBuilder,
    FmtSubscriber,
    Unknown,
}

/// Finds the subscriber installations in one file.
pub fn find_sites(source: &str, file: &syn::File) -> Vec<Site> {
    let mut finder = Finder {
        source,
        scopes: Vec::new(),
        sites: Vec::new(),
    };
    finder.visit_file(file);
    finder.sites
}

struct Local<'ast> {
    init: &'ast syn::Expr,
    statement: usize,
}

struct Scope<'ast> {
    locals: HashMap<String, Local<'ast>>,
    statement: Option<usize>,
}

struct Finder<'a, 'ast> {
    source: &'a str,
    scopes: Vec<Scope<'ast>>,
    sites: Vec<Site>,
}

fn is_test_attr(attr: &syn::Attribute) -> bool {
    let path = attr.path();
    if path.segments.last().is_some_and(|s| s.ident == "test") {
        return true;
    }
    matches!(&attr.meta, syn::Meta::List(l) if path.is_ident("cfg") && l.tokens.to_string().trim() == "test")
}

fn path_names(expr: &syn::Expr) -> Option<Vec<String>> {
    match expr {
        syn::Expr::Path(p) => Some(
            p.path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect(),
        ),
        _ => None,
    }
}

/// Follows a method chain to its root and names the methods on the way (outermost last).
fn chain(mut expr: &syn::Expr) -> (&syn::Expr, Vec<String>) {
    let mut methods = Vec::new();
    while let syn::Expr::MethodCall(m) = expr {
        methods.push(m.method.to_string());
        expr = &m.receiver;
    }
    methods.reverse();
    (expr, methods)
}

fn root_kind(root: &syn::Expr) -> Root {
    let syn::Expr::Call(call) = root else {
        return Root::Unknown;
    };
    let Some(names) = path_names(&call.func) else {
        return Root::Unknown;
    };
    let tail: Vec<&str> = names
        .iter()
        .rev()
        .take(2)
        .rev()
        .map(String::as_str)
        .collect();
    match tail.as_slice() {
        [.., "registry"] if call.args.is_empty() => Root::Registry,
        ["Registry", "default"] => Root::Registry,
        [.., "fmt"] if call.args.is_empty() => Root::FmtBuilder,
        ["Subscriber" | "FmtSubscriber", "builder"] => Root::FmtBuilder,
        ["SubscriberBuilder", "default"] => Root::FmtBuilder,
        ["Subscriber" | "FmtSubscriber", "new"] => Root::FmtSubscriber,
        _ => Root::Unknown,
    }
}

impl<'ast> Finder<'_, 'ast> {
    fn statement(&self) -> Option<usize> {
        self.scopes.iter().rev().find_map(|s| s.statement)
    }

    fn local(&self, expr: &syn::Expr) -> Option<&Local<'ast>> {
        let names = path_names(expr)?;
        let [name] = names.as_slice() else {
            return None;
        };
        self.scopes.iter().rev().find_map(|s| s.locals.get(name))
    }

    fn record(&mut self, at: usize, call: &str, fix: Result<Option<Vec<Insertion>>, String>) {
        self.sites.push(Site {
            line: text::line_number(self.source, at),
            call: call.to_string(),
            done: matches!(fix, Ok(None)),
            fix: fix.map(Option::unwrap_or_default),
        });
    }

    /// Plans the layer for the subscriber value `expr` (`None` when it is already there);
    /// `builder_ok` when the site calls `.init()`/`.try_init()` on it (a `fmt` builder can be
    /// finished first).
    fn plan(
        &self,
        expr: &'ast syn::Expr,
        builder_ok: bool,
    ) -> Result<Option<Vec<Insertion>>, String> {
        let (value, statement) = match self.local(expr) {
            Some(local) => (local.init, Some(local.statement)),
            None => (expr, self.statement()),
        };
        if self.source[range(value)].contains("crate::telemetry::layer()") {
            return Ok(None);
        }
        let statement = statement.ok_or("it is not inside a function body")?;
        let (root, methods) = chain(value);
        let calls_with = |from: usize| methods[from..].iter().any(|m| m == "with");
        let finished = methods.iter().position(|m| m == "finish");
        let (snippet, import) = match (root_kind(root), finished) {
            (Root::Registry, _) => (LAYER, (!calls_with(0)).then_some(USE_EXT)),
            (Root::FmtSubscriber, _) => (LAYER, (!calls_with(0)).then_some(USE_EXT)),
            (Root::FmtBuilder, Some(i)) => (LAYER, (!calls_with(i)).then_some(USE_EXT)),
            (Root::FmtBuilder, None) if builder_ok => (FINISH_LAYER, Some(USE_EXT_INIT)),
            (Root::FmtBuilder, None) => return Err("it passes a builder, not a subscriber".into()),
            (Root::Unknown, _) => {
                return Err("the subscriber is not built in place from registry() or fmt()".into());
            }
        };
        let eol = text::line_ending(self.source);
        let end = range(value).end;
        let mut out = Vec::new();
        if let Some(import) = import {
            out.push(super::source::statement_before(
                self.source,
                statement,
                import,
                eol,
            ));
        }
        // A chain laid out one call per line gets the layer as a line of its own.
        let rest = &self.source[end..];
        let next = text::next_line_start(self.source, end);
        let continues = rest[..next - end].trim().is_empty()
            && self.source[next..]
                .trim_start_matches([' ', '\t'])
                .starts_with('.');
        if continues {
            out.push(Insertion {
                at: next,
                text: text::marked_line(text::indentation(self.source, next), snippet, eol),
            });
        } else {
            if snippet == LAYER
                && self.source[..end].ends_with(".finish()")
                && (rest.starts_with(".init()") || rest.starts_with(".try_init()"))
            {
                let why = "`.finish()` goes straight on to an init call, which canopy could \
                           not take out again exactly; bind the subscriber to a `let` first";
                return Err(why.into());
            }
            out.push(Insertion {
                at: end,
                text: snippet.to_string(),
            });
        }
        Ok(Some(out))
    }
}

impl<'ast> Visit<'ast> for Finder<'_, 'ast> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs: &[syn::Attribute] = match item {
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Impl(i) => &i.attrs,
            _ => &[],
        };
        if !attrs.iter().any(is_test_attr) {
            visit::visit_item(self, item);
        }
    }

    fn visit_block(&mut self, block: &'ast syn::Block) {
        self.scopes.push(Scope {
            locals: HashMap::new(),
            statement: None,
        });
        for stmt in &block.stmts {
            let start = range(stmt).start;
            self.scopes.last_mut().expect("pushed").statement = Some(start);
            self.visit_stmt(stmt);
            if let syn::Stmt::Local(local) = stmt
                && let Some(init) = &local.init
            {
                let pat = match &local.pat {
                    syn::Pat::Type(t) => &*t.pat,
                    p => p,
                };
                if let syn::Pat::Ident(ident) = pat {
                    let scope = self.scopes.last_mut().expect("pushed");
                    scope.locals.insert(
                        ident.ident.to_string(),
                        Local {
                            init: &init.expr,
                            statement: start,
                        },
                    );
                }
            }
        }
        self.scopes.pop();
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        let name = call.method.to_string();
        if (name == "init" || name == "try_init") && call.args.is_empty() {
            let (root, _) = chain(&call.receiver);
            let local_root = self.local(&call.receiver).map(|l| chain(l.init).0);
            // `.init()` is a common name: an unknown receiver counts only where the trait that
            // gives subscribers `.init()` is imported.
            let known = root_kind(root) != Root::Unknown
                || local_root.is_some_and(|r| root_kind(r) != Root::Unknown);
            let trait_in_scope = [
                "SubscriberInitExt",
                "tracing_subscriber::prelude",
                "tracing_subscriber::util",
            ]
            .iter()
            .any(|t| self.source.contains(t));
            if known || trait_in_scope {
                let fix = self.plan(&call.receiver, true);
                self.record(range(call).start, &format!(".{name}()"), fix);
            }
        }
        visit::visit_expr_method_call(self, call);
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let Some(names) = path_names(&call.func) {
            let tail: Vec<&str> = names
                .iter()
                .rev()
                .take(2)
                .rev()
                .map(String::as_str)
                .collect();
            let at = range(call).start;
            match tail.as_slice() {
                [.., "set_global_default"] if call.args.len() == 1 => {
                    let arg = call.args.first().expect("one argument");
                    let fix = self.plan(arg, false);
                    self.record(at, "set_global_default(…)", fix);
                }
                ["fmt", "init" | "try_init"] => {
                    let call_text = format!("fmt::{}()", tail[1]);
                    self.record(
                        at,
                        &call_text,
                        Err("it sets up the subscriber inside tracing_subscriber".into()),
                    );
                }
                _ => {}
            }
        }
        visit::visit_expr_call(self, call);
    }
}

#[cfg(test)]
#[path = "subscriber_tests.rs"]
mod tests;
