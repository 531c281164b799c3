//! Cases for `budget`: where cuts may fall, lines, JSON documents and list rows.

use super::*;
use serde_json::json;

#[test]
fn cuts_never_split_a_character_or_an_escape_sequence() {
    assert_eq!(safe_prefix("héllo", 2), "h");
    assert_eq!(safe_prefix("héllo", 3), "hé");
    assert_eq!(safe_prefix("日本語", 7), "日本");
    let styled = "ab\x1b[31mred\x1b[0m";
    for max in 2..=6 {
        assert_eq!(safe_prefix(styled, max), "ab", "{max}");
    }
    assert_eq!(safe_prefix(styled, 8), "ab\x1b[31mr");
    let osc = "a\x1b]8;;http://x\x07b";
    assert_eq!(safe_prefix(osc, 10), "a");
    assert_eq!(safe_prefix(osc, 15), "a\x1b]8;;http://x\x07");
    assert_eq!(safe_prefix("short", 99), "short");
    for max in 0..styled.len() {
        let p = safe_prefix(styled, max);
        assert!(p.len() <= max && styled.is_char_boundary(p.len()));
    }
}

fn lines(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("line {i:02} of the view")).collect()
}

fn bytes(lines: &[String]) -> usize {
    lines.iter().map(|l| l.len() + 1).sum()
}

#[test]
fn text_keeps_whole_lines_then_names_the_rest() {
    let all = lines(40);
    assert_eq!(fit_lines(all.clone(), 10_000, "x"), all);
    let cut = fit_lines(all, 200, "canopy trace get 0a87 --view tree");
    assert!(bytes(&cut) <= 200, "{}", bytes(&cut));
    insta::assert_snapshot!(cut.join("\n"), @"
    line 00 of the view
    line 01 of the view
    line 02 of the view
    line 03 of the view
    line 04 of the view
    line 05 of the view
    …[cut 34 lines, 680 bytes: canopy trace get 0a87 --view tree]
    ");
}

#[test]
fn a_first_line_too_long_is_cut_safely() {
    let one = vec![format!("\x1b[1m{}\x1b[0m", "é".repeat(200)), "next".into()];
    let cut = fit_lines(one, 150, "canopy span get 0a87 9a74 --view io");
    assert!(bytes(&cut) <= 150, "{}", bytes(&cut));
    assert!(cut[0].ends_with("…\x1b[0m"), "{:?}", cut[0]);
    assert_eq!(cut.len(), 2);
    assert!(cut[1].starts_with("…[cut 2 lines, "), "{}", cut[1]);
}

fn locate(path: &[Step]) -> String {
    let parts: Vec<String> = path
        .iter()
        .map(|s| match s {
            Step::Key(k) => k.clone(),
            Step::Index(i) => i.to_string(),
        })
        .collect();
    format!("see {}", parts.join("."))
}

#[test]
fn long_strings_go_first_and_the_json_stays_valid() {
    let doc = json!({
        "id": "t1",
        "spans": [{"span_id": "s1", "input": "é".repeat(5000)}, {"span_id": "s2", "input": "ok"}],
    });
    let text = fit_document(&doc, 2000, false, &locate, None, "whole");
    assert!(text.len() < 2000);
    let back: Value = serde_json::from_str(&text).unwrap();
    let input = back["spans"][0]["input"].as_str().unwrap();
    assert!(
        input.ends_with("…[cut 8976 bytes: see spans.0.input]"),
        "{input}"
    );
    assert_eq!(back["spans"][1]["input"], "ok");
}

#[test]
fn arrays_are_cut_with_a_marker_naming_the_rest() {
    let spans: Vec<Value> = (0..50)
        .map(|i| json!({"span_id": format!("s{i:02}"), "name": "x".repeat(40)}))
        .collect();
    let doc = json!({"trace_id": "t1", "spans": spans});
    let rest = |last: Option<&Value>| {
        format!(
            "canopy span list --trace-id t1 --cursor after-{}",
            last.map_or("none", |v| v["span_id"].as_str().unwrap())
        )
    };
    let text = fit_document(
        &doc,
        600,
        false,
        &locate,
        Some(ArrayRest {
            key: "spans",
            rest: &rest,
        }),
        "whole",
    );
    assert!(text.len() < 600, "{}", text.len());
    let back: Value = serde_json::from_str(&text).unwrap();
    let kept = back["spans"].as_array().unwrap();
    let marker = &kept.last().unwrap()["cut"];
    let shown = kept.len() - 1;
    assert!(shown > 3, "{shown}");
    assert_eq!(marker["omitted"], 50 - shown);
    assert_eq!(
        marker["rest"],
        format!(
            "canopy span list --trace-id t1 --cursor after-s{:02}",
            shown - 1
        )
    );
    // A budget too small for anything but the marker.
    let tiny = fit_document(&doc, 20, false, &locate, None, "canopy trace get t1 --json");
    assert_eq!(
        tiny,
        r#"{"cut":{"bytes":3427,"rest":"canopy trace get t1 --json"}}"#
    );
}

#[test]
fn rows_are_taken_while_they_and_their_marker_fit() {
    let mut fit = RowFit::new(60, Frame::JsonArray);
    let mut out = String::new();
    for i in 0..10 {
        let last = i == 9;
        let marker = format!(r#"{{"cut":{{"rest":"after {i}"}}}}"#);
        match fit.offer(
            &format!(r#"{{"n":{i}}}"#),
            (!last).then_some(marker.as_str()),
        ) {
            Some(text) => out.push_str(&text),
            None => break,
        }
    }
    let k = fit.rows();
    out.push_str(&fit.finish(&format!(r#"{{"cut":{{"rest":"after {}"}}}}"#, k - 1)));
    assert!(out.len() <= 60, "{}: {out}", out.len());
    insta::assert_snapshot!(out, @r#"
    [
      {"n":0},
      {"n":1},
      {"cut":{"rest":"after 1"}}
    ]
    "#);
    serde_json::from_str::<Value>(&out).unwrap();

    let mut all = RowFit::new(1000, Frame::Lines);
    let mut out = String::new();
    for i in 0..3 {
        out.push_str(&all.offer(&format!("row {i}"), Some("…[cut]")).unwrap());
    }
    out.push_str(&all.finish("…[cut]"));
    assert_eq!(out, "row 0\nrow 1\nrow 2\n");
    assert_eq!(RowFit::new(5, Frame::JsonArray).finish("m"), "[]\n");
}
