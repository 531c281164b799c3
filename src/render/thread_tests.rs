//! Snapshots and de-duplication rules of the thread view.

use super::*;
use crate::model::{Message, Payload, ToolCall, ToolInfo, test_span};
use crate::render::fixtures::{self, MS, visible};
use crate::render::symbols::{ASCII, UTF8};
use crate::ui::Styles;

fn render_with(spans: &[Span], width: Option<usize>, styles: &Styles, ascii: bool) -> String {
    let tree = SpanTree::build(spans);
    let opts = BlockOptions {
        styles,
        symbols: if ascii { &ASCII } else { &UTF8 },
        width,
    };
    render(&tree, &opts).join("\n")
}

#[test]
fn the_conversation_once_piped() {
    insta::assert_snapshot!(render_with(&fixtures::spans(), None, &Styles::default(), false), @r#"
    ── chat · gpt-4o-mini · 13.0ms · 59 tok
    system
      You are a travel planner. Be brief.
    user
      What's the weather in Paris? Pack for it.
    assistant
      → get_weather  call_1
        {
          "city": "Paris",
          "unit": "c"
        }
        ← get_weather  58.4µs
          {
            "temp_c": 21,
            "sky": "clear"
          }
    ── Anthropic Messages · claude-3-5-haiku · 12.0ms · 76 tok
    user
      Forecast for Paris?
    assistant
      Clear skies all week.
    → lookup_forecast  3.00ms
      ✗ TimeoutError: forecast service timed out after 5s
      {
        "city": "Paris"
      }
    ── chat · gpt-4o-mini · 48.0ms · 59 tok
    assistant
      It is 21°C and clear in Paris: pack light layers and sunglasses. \x1b]8;;http://evil.example\x07click\x1b]8;;\x07 \x1b[31mred\u{202e}txet
    "#);
}

#[test]
fn wrapped_at_40_columns_in_ascii() {
    insta::assert_snapshot!(render_with(&fixtures::spans(), Some(40), &Styles::default(), true), @r#"
    -- chat - gpt-4o-mini - 13.0ms - 59 tok
    system
      You are a travel planner. Be brief.
    user
      What's the weather in Paris? Pack for
      it.
    assistant
      -> get_weather  call_1
        {
          "city": "Paris",
          "unit": "c"
        }
        <- get_weather  58.4µs
          {
            "temp_c": 21,
            "sky": "clear"
          }
    -- Anthropic Messages - claude-3-5-haik…
    user
      Forecast for Paris?
    assistant
      Clear skies all week.
    -> lookup_forecast  3.00ms
      x TimeoutError: forecast service
      timed out after 5s
      {
        "city": "Paris"
      }
    -- chat - gpt-4o-mini - 48.0ms - 59 tok
    assistant
      It is 21°C and clear in Paris: pack
      light layers and sunglasses.
      \x1b]8;;http://evil.example\x07click\x
      1b]8;;\x07 \x1b[31mred\u{202e}txet
    "#);
}

#[test]
fn wrapped_at_100_columns() {
    let out = render_with(&fixtures::spans(), Some(100), &Styles::default(), false);
    assert!(
        out.lines().all(|l| crate::render::text::width(l) <= 100),
        "{out}"
    );
    let piped = render_with(&fixtures::spans(), None, &Styles::default(), false);
    assert_eq!(
        out.lines().count(),
        piped.lines().count() + 1,
        "only the long answer wraps"
    );
}

#[test]
fn colored() {
    let mut styles = Styles::default();
    styles.colorize();
    let out = visible(&render_with(
        &fixtures::spans()[..3],
        Some(100),
        &styles,
        false,
    ));
    insta::assert_snapshot!(out, @r#"
    ␛[2m── chat · gpt-4o-mini · 13.0ms · 59 tok␛[0m
    ␛[34msystem␛[0m
      You are a travel planner. Be brief.
    ␛[1muser␛[0m
      What's the weather in Paris? Pack for it.
    ␛[95massistant␛[0m
      ␛[92m→␛[0m ␛[92mget_weather␛[0m  ␛[2mcall_1␛[0m
        {
          "city": "Paris",
          "unit": "c"
        }
        ␛[92m←␛[0m ␛[92mget_weather␛[0m  ␛[36m58.4µs␛[0m
          {
            "temp_c": 21,
            "sky": "clear"
          }
    "#);
}

fn chat(id: u8, start: i64, input: Vec<Message>, output: Vec<Message>) -> Span {
    let mut s = test_span(1, id, Some(1), "chat", start * MS, (start + 5) * MS);
    s.kind = SpanKind::Llm;
    s.input = Some(Payload {
        messages: input,
        ..Default::default()
    });
    s.output = Some(Payload {
        messages: output,
        ..Default::default()
    });
    s
}

fn said(role: &str, text: &str) -> Message {
    Message {
        role: role.into(),
        content: Some(text.into()),
        ..Default::default()
    }
}

#[test]
fn a_message_repeated_in_the_conversation_is_shown_each_time_it_was_said() {
    let (q, a1, yes, a2) = (
        said("user", "Book it?"),
        said("assistant", "Sure?"),
        said("user", "yes"),
        said("assistant", "Are you sure?"),
    );
    let spans = vec![
        test_span(1, 1, None, "agent", 0, 100 * MS),
        chat(2, 1, vec![q.clone(), yes.clone()], vec![a1.clone()]),
        chat(3, 10, vec![q, yes.clone(), a1, yes], vec![a2]),
    ];
    insta::assert_snapshot!(render_with(&spans, None, &Styles::default(), false), @"
    ── chat · 5.00ms
    user
      Book it?
    user
      yes
    assistant
      Sure?
    ── chat · 5.00ms
    user
      yes
    assistant
      Are you sure?
    ");
}

#[test]
fn tools_without_call_ids_attach_by_name() {
    let ask = Message {
        role: "assistant".into(),
        tool_calls: vec![ToolCall {
            id: None,
            name: "search".into(),
            arguments: Some("{\"q\":\"paris\"}".into()),
        }],
        ..Default::default()
    };
    let mut tool = test_span(1, 3, Some(1), "search", 7 * MS, 8 * MS);
    tool.kind = SpanKind::Tool;
    tool.output = Some(Payload {
        value: Some("[\"result 1\"]".into()),
        ..Default::default()
    });
    let mut early = test_span(1, 4, Some(1), "search", 0, MS);
    early.kind = SpanKind::Tool;
    early.tool = Some(ToolInfo {
        name: Some("search".into()),
        result: Some("too early".into()),
        ..Default::default()
    });
    let spans = vec![
        test_span(1, 1, None, "agent", 0, 100 * MS),
        chat(2, 1, vec![said("user", "find paris")], vec![ask]),
        tool,
        early,
    ];
    insta::assert_snapshot!(render_with(&spans, None, &Styles::default(), false), @r#"
    → search  1.00ms
      ← search
        too early
    ── chat · 5.00ms
    user
      find paris
    assistant
      → search
        {
          "q": "paris"
        }
        ← search  1.00ms
          [
            "result 1"
          ]
    "#);
}

#[test]
fn a_trace_without_model_calls_or_tools_has_no_thread() {
    let spans = vec![test_span(1, 1, None, "job", 0, 10)];
    assert_eq!(render_with(&spans, None, &Styles::default(), false), "");
}

#[test]
fn hostile_content_is_escaped() {
    for width in [None, Some(40)] {
        let out = render_with(&fixtures::spans(), width, &Styles::default(), false);
        assert!(
            !out.contains('\x1b') && !out.contains('\u{202e}') && !out.contains('\x07'),
            "{out}"
        );
        assert!(out.contains("\\x1b]8;;"), "{out}");
    }
}
