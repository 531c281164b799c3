
use builtin;
use str;

set edit:completion:arg-completer[canopy] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'canopy'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'canopy'= {
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand serve 'Receive OpenTelemetry traces and serve the query API'
            cand trace 'List and inspect traces'
            cand span 'Search and inspect spans'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'canopy;serve'= {
            cand --listen 'Address to listen on'
            cand --data-dir 'Where to keep the database [env: CANOPY_DATA_DIR] [default: the platform data directory]'
            cand --store 'Where to keep spans: sqlite:PATH or clickhouse://[USER[:PASSWORD]@]HOST:PORT/DATABASE'
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;trace'= {
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List traces, newest first'
            cand get 'Show one trace'
            cand facets 'Count traces per service, kind, model, agent and status'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'canopy;trace;list'= {
            cand --range 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all'
            cand --from 'Only what started at or after this time (RFC 3339, or a duration ago like 2h)'
            cand --to 'Only what started before this time (RFC 3339, or a duration ago like 30m)'
            cand --service 'Service name (service.name of the resource)'
            cand --kind 'Span kind: LLM, CHAIN, TOOL, AGENT, RETRIEVER, EMBEDDING, RERANKER, GUARDRAIL, EVALUATOR, PROMPT, UNKNOWN'
            cand --model 'Model name, as the SDK reported it (gpt-4o-mini-2024-07-18)'
            cand --provider 'Model provider (openai, anthropic…)'
            cand --session 'Session id'
            cand --user 'User id'
            cand --agent 'Agent name (a span matches its own agent or its nearest agent ancestor''s)'
            cand --status 'Only failed (error) or only successful (ok)'
            cand --name 'Name contains this text (case-insensitive)'
            cand --min-duration 'At least this long (500ms, 2s, 1m)'
            cand --max-duration 'At most this long'
            cand --attr 'A raw attribute condition: KEY OP VALUE with OP one of = != ~ (contains) > <, or KEY exists The words of every `--attr`, in order (clap''s derive does not group repeated multi-value flags; the operator word delimits them unambiguously, see `common::filter`)'
            cand --text 'Text in a span''s name, attributes (prompts, outputs, tool arguments…), status or events'
            cand --sort 'Order by start time, duration, tokens, cost or errors'
            cand --order 'Direction of the order [default: desc, largest and newest first]'
            cand --limit 'How many rows (one page, up to 1000)'
            cand --cursor 'Continue after the page that printed this cursor'
            cand --json 'Print JSON; optionally only these comma-separated fields (`--json trace_id,root_name`)'
            cand --jsonl 'Print one JSON object per line, for streams and `--all`; optionally only these fields'
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --all 'Stream every page, not just the first (memory stays bounded)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;trace;get'= {
            cand --view 'How to show the trace'
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --json 'Print the trace as JSON: {"trace_id", "summary", "spans": […]}'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;trace;facets'= {
            cand --range 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all'
            cand --from 'Only what started at or after this time (RFC 3339, or a duration ago like 2h)'
            cand --to 'Only what started before this time (RFC 3339, or a duration ago like 30m)'
            cand --service 'Service name (service.name of the resource)'
            cand --kind 'Span kind: LLM, CHAIN, TOOL, AGENT, RETRIEVER, EMBEDDING, RERANKER, GUARDRAIL, EVALUATOR, PROMPT, UNKNOWN'
            cand --model 'Model name, as the SDK reported it (gpt-4o-mini-2024-07-18)'
            cand --provider 'Model provider (openai, anthropic…)'
            cand --session 'Session id'
            cand --user 'User id'
            cand --agent 'Agent name (a span matches its own agent or its nearest agent ancestor''s)'
            cand --status 'Only failed (error) or only successful (ok)'
            cand --name 'Name contains this text (case-insensitive)'
            cand --min-duration 'At least this long (500ms, 2s, 1m)'
            cand --max-duration 'At most this long'
            cand --attr 'A raw attribute condition: KEY OP VALUE with OP one of = != ~ (contains) > <, or KEY exists The words of every `--attr`, in order (clap''s derive does not group repeated multi-value flags; the operator word delimits them unambiguously, see `common::filter`)'
            cand --text 'Text in a span''s name, attributes (prompts, outputs, tool arguments…), status or events'
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --json 'Print the counts as JSON'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;trace;help'= {
            cand list 'List traces, newest first'
            cand get 'Show one trace'
            cand facets 'Count traces per service, kind, model, agent and status'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'canopy;trace;help;list'= {
        }
        &'canopy;trace;help;get'= {
        }
        &'canopy;trace;help;facets'= {
        }
        &'canopy;trace;help;help'= {
        }
        &'canopy;span'= {
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'Search spans across traces, newest first'
            cand get 'Show one span'
            cand facets 'Count spans per service, kind, model, agent and status'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'canopy;span;list'= {
            cand --trace-id 'Only spans of this trace (a full id or unique prefix)'
            cand --scope 'all spans, root spans only, or entrypoints (roots and spans whose parent is in another service or missing)'
            cand --range 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all'
            cand --from 'Only what started at or after this time (RFC 3339, or a duration ago like 2h)'
            cand --to 'Only what started before this time (RFC 3339, or a duration ago like 30m)'
            cand --service 'Service name (service.name of the resource)'
            cand --kind 'Span kind: LLM, CHAIN, TOOL, AGENT, RETRIEVER, EMBEDDING, RERANKER, GUARDRAIL, EVALUATOR, PROMPT, UNKNOWN'
            cand --model 'Model name, as the SDK reported it (gpt-4o-mini-2024-07-18)'
            cand --provider 'Model provider (openai, anthropic…)'
            cand --session 'Session id'
            cand --user 'User id'
            cand --agent 'Agent name (a span matches its own agent or its nearest agent ancestor''s)'
            cand --status 'Only failed (error) or only successful (ok)'
            cand --name 'Name contains this text (case-insensitive)'
            cand --min-duration 'At least this long (500ms, 2s, 1m)'
            cand --max-duration 'At most this long'
            cand --attr 'A raw attribute condition: KEY OP VALUE with OP one of = != ~ (contains) > <, or KEY exists The words of every `--attr`, in order (clap''s derive does not group repeated multi-value flags; the operator word delimits them unambiguously, see `common::filter`)'
            cand --text 'Text in a span''s name, attributes (prompts, outputs, tool arguments…), status or events'
            cand --sort 'Order by start time, duration, tokens, cost or errors'
            cand --order 'Direction of the order [default: desc, largest and newest first]'
            cand --limit 'How many rows (one page, up to 1000)'
            cand --cursor 'Continue after the page that printed this cursor'
            cand --json 'Print JSON; optionally only these comma-separated fields (`--json trace_id,root_name`)'
            cand --jsonl 'Print one JSON object per line, for streams and `--all`; optionally only these fields'
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --all 'Stream every page, not just the first (memory stays bounded)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;span;get'= {
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --json 'Print the span as JSON'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;span;facets'= {
            cand --trace-id 'Only spans of this trace (a full id or unique prefix)'
            cand --scope 'all spans, root spans only, or entrypoints'
            cand --range 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all'
            cand --from 'Only what started at or after this time (RFC 3339, or a duration ago like 2h)'
            cand --to 'Only what started before this time (RFC 3339, or a duration ago like 30m)'
            cand --service 'Service name (service.name of the resource)'
            cand --kind 'Span kind: LLM, CHAIN, TOOL, AGENT, RETRIEVER, EMBEDDING, RERANKER, GUARDRAIL, EVALUATOR, PROMPT, UNKNOWN'
            cand --model 'Model name, as the SDK reported it (gpt-4o-mini-2024-07-18)'
            cand --provider 'Model provider (openai, anthropic…)'
            cand --session 'Session id'
            cand --user 'User id'
            cand --agent 'Agent name (a span matches its own agent or its nearest agent ancestor''s)'
            cand --status 'Only failed (error) or only successful (ok)'
            cand --name 'Name contains this text (case-insensitive)'
            cand --min-duration 'At least this long (500ms, 2s, 1m)'
            cand --max-duration 'At most this long'
            cand --attr 'A raw attribute condition: KEY OP VALUE with OP one of = != ~ (contains) > <, or KEY exists The words of every `--attr`, in order (clap''s derive does not group repeated multi-value flags; the operator word delimits them unambiguously, see `common::filter`)'
            cand --text 'Text in a span''s name, attributes (prompts, outputs, tool arguments…), status or events'
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --json 'Print the counts as JSON'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;span;help'= {
            cand list 'Search spans across traces, newest first'
            cand get 'Show one span'
            cand facets 'Count spans per service, kind, model, agent and status'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'canopy;span;help;list'= {
        }
        &'canopy;span;help;get'= {
        }
        &'canopy;span;help;facets'= {
        }
        &'canopy;span;help;help'= {
        }
        &'canopy;completions'= {
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;help'= {
            cand serve 'Receive OpenTelemetry traces and serve the query API'
            cand trace 'List and inspect traces'
            cand span 'Search and inspect spans'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'canopy;help;serve'= {
        }
        &'canopy;help;trace'= {
            cand list 'List traces, newest first'
            cand get 'Show one trace'
            cand facets 'Count traces per service, kind, model, agent and status'
        }
        &'canopy;help;trace;list'= {
        }
        &'canopy;help;trace;get'= {
        }
        &'canopy;help;trace;facets'= {
        }
        &'canopy;help;span'= {
            cand list 'Search spans across traces, newest first'
            cand get 'Show one span'
            cand facets 'Count spans per service, kind, model, agent and status'
        }
        &'canopy;help;span;list'= {
        }
        &'canopy;help;span;get'= {
        }
        &'canopy;help;span;facets'= {
        }
        &'canopy;help;completions'= {
        }
        &'canopy;help;help'= {
        }
    ]
    $completions[$command]
}
