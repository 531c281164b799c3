//! A plan as a unified diff (what `--dry-run` prints and the confirmation shows). Pure: plan
//! and styles in, lines out; color comes only from the styles the `Ui` hands over.
//!
//! ```text
//! --- a/Cargo.toml          header (styles.header)
//! +++ b/Cargo.toml
//! @@ -7,2 +7,8 @@           hunk   (styles.hint)
//!  serde = "1"              context (plain)
//! +# canopy-instrument: …   added  (styles.ok)
//! -old                      removed (styles.error)
//! ```
//!
//! Line endings are not shown (a CRLF file diffs like an LF one); the bytes on disk keep them.

use owo_colors::OwoColorize;
use similar::TextDiff;

use super::Plan;
use crate::ui::Styles;

/// Lines of context around each change.
const CONTEXT: usize = 3;

pub fn render(plan: &Plan, styles: &Styles) -> Vec<String> {
    let mut out = Vec::new();
    for edit in &plan.edits {
        let old_name = match edit.before {
            Some(_) => format!("a/{}", edit.display),
            None => "/dev/null".to_string(),
        };
        let new_name = match edit.after {
            Some(_) => format!("b/{}", edit.display),
            None => "/dev/null".to_string(),
        };
        let before = edit.before.as_deref().unwrap_or("");
        let after = edit.after.as_deref().unwrap_or("");
        out.push(format!("--- {old_name}").style(styles.header).to_string());
        out.push(format!("+++ {new_name}").style(styles.header).to_string());
        let diff = TextDiff::from_lines(before, after);
        let mut unified = diff.unified_diff();
        unified.context_radius(CONTEXT).missing_newline_hint(true);
        for hunk in unified.iter_hunks() {
            for line in hunk.to_string().lines() {
                let style = match line.as_bytes().first() {
                    Some(b'@') => styles.hint,
                    Some(b'+') => styles.ok,
                    Some(b'-') => styles.error,
                    _ => owo_colors::Style::new(),
                };
                let line = line.trim_end_matches('\r');
                out.push(line.style(style).to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instrument::FileEdit;

    fn plan() -> Plan {
        Plan {
            edits: vec![
                FileEdit {
                    path: "src/main.rs".into(),
                    display: "src/main.rs".into(),
                    before: Some("fn main() {\r\n    run();\r\n}\r\n".into()),
                    after: Some(
                        "fn main() {\r\n    let _t = t(); // canopy-instrument\r\n    run();\r\n}\r\n"
                            .into(),
                    ),
                },
                FileEdit {
                    path: "src/telemetry.rs".into(),
                    display: "src/telemetry.rs".into(),
                    before: None,
                    after: Some("//! t\npub fn t() {}".into()),
                },
            ],
            ..Plan::default()
        }
    }

    #[test]
    fn plain_unified_diff() {
        insta::assert_snapshot!(render(&plan(), &Styles::default()).join("\n"), @r"
        --- a/src/main.rs
        +++ b/src/main.rs
        @@ -1,3 +1,4 @@
         fn main() {
        +    let _t = t(); // canopy-instrument
             run();
         }
        --- /dev/null
        +++ b/src/telemetry.rs
        @@ -0,0 +1,2 @@
        +//! t
        +pub fn t() {}
        \ No newline at end of file
        ");
    }

    #[test]
    fn colored_diff_marks_additions() {
        let mut styles = Styles::default();
        styles.colorize();
        let lines = render(&plan(), &styles);
        let shown: Vec<String> = lines
            .iter()
            .take(5)
            .map(|l| l.replace('\x1b', "\\e"))
            .collect();
        insta::assert_snapshot!(shown.join("\n"), @r"
        \e[1m--- a/src/main.rs\e[0m
        \e[1m+++ b/src/main.rs\e[0m
        \e[36m@@ -1,3 +1,4 @@\e[0m
         fn main() {
        \e[32m+    let _t = t(); // canopy-instrument\e[0m
        ");
    }
}
