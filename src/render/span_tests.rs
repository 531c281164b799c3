//! Snapshots of the single-span views: summary, attributes, events, io; and the trace summary.

use super::*;
use crate::model::Nanos;
use crate::render::fixtures::{self, visible};
use crate::render::message::BlockOptions;
use crate::render::symbols::UTF8;

/// A terminal (relative times) or a pipe.
fn opts(styles: &Styles, width: Option<usize>) -> FieldOptions<'_> {
    FieldOptions {
        styles,
        width,
        now: width.map(|_| Nanos(3_600_000_000_000)),
    }
}

fn spans() -> Vec<Span> {
    fixtures::trace().spans
}

#[test]
fn summary_of_a_model_call_piped() {
    let plain = Styles::default();
    insta::assert_snapshot!(summary(&spans()[1], "·", &opts(&plain, None)).join("\n"), @"
    name      chat
    span      0202020202020202
    trace     01010101010101010101010101010101
    parent    0101010101010101
    kind      LLM  otel internal
    model     gpt-4o-mini  openai
    tokens    42 in · 17 out · 59 total
    cost      ~$0.00042  estimated
    started   1970-01-01T00:00:00.001000000Z
    duration  13.0ms
    status    unset
    input     2 messages, last user: What's the weather in Paris? Pack for it.
    output    1 message, last assistant: calls get_weather
    ");
}

#[test]
fn summary_of_an_agent_at_100_columns() {
    let plain = Styles::default();
    insta::assert_snapshot!(summary(&spans()[0], "·", &opts(&plain, Some(100))).join("\n"), @"
    name      travel-planner.run
    span      0101010101010101
    trace     01010101010101010101010101010101
    parent    none (a root span)
    kind      AGENT  otel internal
    subtree   139 in · 55 out · 194 total  ~$0.000968  includes estimates  3 LLM calls
    started   1970-01-01 00:00:00.000 UTC (1h ago)
    duration  125ms
    status    unset
    session   sess-42
    user      user-7
    agent     travel-planner
    service   travel-app
    ");
}

#[test]
fn summary_of_a_failed_tool_at_40_columns_colored() {
    let mut styles = Styles::default();
    styles.colorize();
    let out = summary(&spans()[6], "·", &opts(&styles, Some(40))).join("\n");
    insta::assert_snapshot!(visible(&out), @r#"
    ␛[1mname␛[0m       ␛[1mlookup_forecast␛[0m
    ␛[1mspan␛[0m       ␛[33m0707070707070707␛[0m
    ␛[1mtrace␛[0m      ␛[33m01010101010101010101010101010101␛[0m
    ␛[1mparent␛[0m     ␛[33m0404040404040404␛[0m
    ␛[1mkind␛[0m       ␛[92mTOOL␛[0m  ␛[2motel internal␛[0m
    ␛[1mstarted␛[0m    ␛[2m1970-01-01 00:00:00.034 UTC …␛[0m
    ␛[1mduration␛[0m   ␛[36m3.00ms␛[0m
    ␛[1mstatus␛[0m     ␛[31;1merror␛[0m
    ␛[1merror␛[0m      ␛[31;1mTimeoutError: forecast servi…␛[0m
    ␛[1mtool␛[0m       ␛[92mlookup_forecast␛[0m
    ␛[1marguments␛[0m  {"city":"Paris"}
    "#);
}

#[test]
fn attributes_with_their_sources() {
    let plain = Styles::default();
    insta::assert_snapshot!(attributes(&spans()[1], &opts(&plain, None)).join("\n"), @"
    normalized
      kind           LLM  ← openinference.span.kind
      model          gpt-4o-mini  ← llm.model_name
      provider       openai
      input_tokens   42  ← llm.token_count.prompt
      output_tokens  17
      total_tokens   59
      cost_usd       0.00042 (estimated)
      input          2 messages
      output         1 message
    attributes
      llm.model_name          gpt-4o-mini
      llm.token_count.prompt  42
    ");
    insta::assert_snapshot!(attributes(&spans()[0], &opts(&plain, Some(40))).join("\n"), @r#"
    normalized
      kind        AGENT
      session_id  sess-42  ← session.id
      user_id     user-7
      agent_name  travel-planner
    attributes
      metadata                 {"note":"\u0…
      openinference.span.kind  AGENT
      session.id               sess-42
      tags                     ["a","b"]
    resource
      service.name  travel-app
    "#);
}

#[test]
fn attributes_colored() {
    let mut styles = Styles::default();
    styles.colorize();
    let out = attributes(&spans()[1], &opts(&styles, Some(100))).join("\n");
    insta::assert_snapshot!(visible(&out), @"
    ␛[1mnormalized␛[0m
      ␛[1mkind␛[0m           LLM  ␛[2m← openinference.span.kind␛[0m
      ␛[1mmodel␛[0m          gpt-4o-mini  ␛[2m← llm.model_name␛[0m
      ␛[1mprovider␛[0m       openai
      ␛[1minput_tokens␛[0m   42  ␛[2m← llm.token_count.prompt␛[0m
      ␛[1moutput_tokens␛[0m  17
      ␛[1mtotal_tokens␛[0m   59
      ␛[1mcost_usd␛[0m       0.00042 (estimated)
      ␛[1minput␛[0m          2 messages
      ␛[1moutput␛[0m         1 message
    ␛[1mattributes␛[0m
      ␛[1mllm.model_name␛[0m          gpt-4o-mini
      ␛[1mllm.token_count.prompt␛[0m  42
    ");
}

#[test]
fn events_fold_duplicate_exceptions() {
    let plain = Styles::default();
    let failed = &spans()[6];
    insta::assert_snapshot!(crate::render::events::render(failed, "×", &opts(&plain, Some(100))).join("\n"), @r#"
    +2.00ms  exception  × 2
      type     TimeoutError
      message  forecast service timed out after 5s
      stacktrace
        Traceback (most recent call last):
          File "tools.py", line 12, in lookup
        TimeoutError: forecast service timed out after 5s
    "#);
    insta::assert_snapshot!(crate::render::events::render(failed, "×", &opts(&plain, None)).join("\n"), @r#"
    1970-01-01T00:00:00.036000000Z  exception  × 2
      type     TimeoutError
      message  forecast service timed out after 5s
      stacktrace
        Traceback (most recent call last):
          File "tools.py", line 12, in lookup
        TimeoutError: forecast service timed out after 5s
    "#);
    let mut styles = Styles::default();
    styles.colorize();
    let out = crate::render::events::render(failed, "×", &opts(&styles, Some(40))).join("\n");
    insta::assert_snapshot!(visible(&out), @r#"
    ␛[2m+2.00ms␛[0m  ␛[31;1mexception␛[0m␛[33;1m  × 2␛[0m
      ␛[1mtype␛[0m     ␛[31;1mTimeoutError␛[0m
      ␛[1mmessage␛[0m  ␛[31;1mforecast service timed out a…␛[0m
      ␛[1mstacktrace␛[0m
        Traceback (most recent call last):
          File "tools.py", line 12, in
          lookup
        TimeoutError: forecast service
        timed out after 5s
    "#);
}

fn io(span: &Span, width: Option<usize>, styles: &Styles) -> String {
    let o = BlockOptions {
        styles,
        symbols: &UTF8,
        width,
    };
    crate::render::io::render(span, &o).join("\n")
}

#[test]
fn io_of_a_model_call_and_of_hostile_values() {
    let plain = Styles::default();
    insta::assert_snapshot!(io(&spans()[7], Some(100), &plain), @r#"
    input
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
      tool  answers call_1
        {
          "temp_c": 21,
          "sky": "clear"
        }
    output
      assistant
        It is 21°C and clear in Paris: pack light layers and sunglasses.
        \x1b]8;;http://evil.example\x07click\x1b]8;;\x07 \x1b[31mred\u{202e}txet
    "#);
    insta::assert_snapshot!(io(&spans()[8], Some(40), &plain), @r#"
    input  application/json
      {
        "draft": "xxx"
      }
    output  text/plain
      \x1b]8;;http://evil.example\x07click\x
      1b]8;;\x07 \x1b[31mred\u{202e}txet
    "#);
}

#[test]
fn io_of_a_tool_and_colored() {
    let mut styles = Styles::default();
    styles.colorize();
    insta::assert_snapshot!(visible(&io(&spans()[2], Some(40), &styles)), @r#"
    ␛[1minput␛[0m  ␛[2mtool arguments␛[0m
      {
        "city": "Paris",
        "unit": "c"
      }
    ␛[1moutput␛[0m  ␛[2mtool result␛[0m
      {
        "temp_c": 21,
        "sky": "clear"
      }
    "#);
    insta::assert_snapshot!(io(&spans()[6], None, &Styles::default()), @r#"
    input  tool arguments
      {
        "city": "Paris"
      }
    error
      TimeoutError: forecast service timed out after 5s
    "#);
}

#[test]
fn the_trace_summary() {
    let plain = Styles::default();
    let trace = fixtures::trace();
    insta::assert_snapshot!(crate::render::summary::render(&trace, "·", &opts(&plain, None)).join("\n"), @"
    trace      01010101010101010101010101010101
    root       travel-planner.run  AGENT
    service    travel-app
    started    1970-01-01T00:00:00.000000000Z
    duration   125ms
    spans      10
    errors     1
      lookup_forecast  TimeoutError: forecast service timed out after 5s
    LLM calls  3
    tokens     139 in · 55 out · 194 total
    cost       ~$0.000968  includes estimates
    session    sess-42
    user       user-7
    agents     travel-planner, weather-researcher
    ");
    let mut styles = Styles::default();
    styles.colorize();
    let out = crate::render::summary::render(&trace, "·", &opts(&styles, Some(40))).join("\n");
    insta::assert_snapshot!(visible(&out), @"
    ␛[1mtrace␛[0m      ␛[33m01010101010101010101010101010101␛[0m
    ␛[1mroot␛[0m       ␛[1mtravel-planner.run␛[0m  ␛[94mAGENT␛[0m
    ␛[1mservice␛[0m    travel-app
    ␛[1mstarted␛[0m    ␛[2m1970-01-01 00:00:00.000 UTC …␛[0m
    ␛[1mduration␛[0m   ␛[36m125ms␛[0m
    ␛[1mspans␛[0m      10
    ␛[1merrors␛[0m     ␛[31;1m1␛[0m
      ␛[1mlookup_forecast␛[0m  ␛[31;1mTimeoutError: foreca…␛[0m
    ␛[1mLLM calls␛[0m  3
    ␛[1mtokens␛[0m     ␛[94m139 in · 55 out · 194 total␛[0m
    ␛[1mcost␛[0m       ␛[32m~$0.000968␛[0m  ␛[2mincludes estimat…␛[0m
    ␛[1msession␛[0m    sess-42
    ␛[1muser␛[0m       user-7
    ␛[1magents␛[0m     ␛[94mtravel-planner, weather-rese…␛[0m
    ");
}

#[test]
fn no_view_lets_escapes_or_bidi_controls_through() {
    let plain = Styles::default();
    let trace = fixtures::trace();
    for width in [None, Some(40), Some(100)] {
        let o = opts(&plain, width);
        let mut all = crate::render::summary::render(&trace, "·", &o);
        for span in &trace.spans {
            all.extend(summary(span, "·", &o));
            all.extend(attributes(span, &o));
            all.extend(crate::render::events::render(span, "×", &o));
            let b = BlockOptions {
                styles: &plain,
                symbols: &UTF8,
                width,
            };
            all.extend(crate::render::io::render(span, &b));
        }
        let text = all.join("\n");
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\n' || ('\u{202a}'..='\u{202e}').contains(&c)),
            "{text}"
        );
        assert!(text.contains("\\x1b]8;;http://evil.example"));
    }
}
