
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
            cand --profile 'Use this profile of the config file [env: CANOPY_PROFILE]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand serve 'Receive OpenTelemetry traces and serve the query API'
            cand trace 'List and inspect traces'
            cand span 'Search and inspect spans'
            cand session 'List and inspect sessions (conversations across traces)'
            cand usage 'Tokens and cost rolled up by model, provider, agent, service, session or day'
            cand config 'Read and change the config file (endpoint, token, profiles, defaults)'
            cand completions 'Print a shell completion script'
            cand instrument 'Wire OpenTelemetry export into a Rust program'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'canopy;serve'= {
            cand --listen 'Address to listen on [config: serve.listen] [default: 127.0.0.1:4318]'
            cand --grpc-listen 'Address for OTLP/gRPC (traces and logs), or `off` [config: serve.grpc_listen] [default: 127.0.0.1:4317]'
            cand --data-dir 'Where to keep the database [env: CANOPY_DATA_DIR] [config: serve.data_dir] [default: the platform data directory]'
            cand --store 'Where to keep spans: sqlite:PATH or clickhouse://[USER[:PASSWORD]@]HOST:PORT/DATABASE'
            cand --token 'Token that opens ingest and the query API [env: CANOPY_SERVER_TOKEN]'
            cand --ingest-token 'Token that opens only ingest (POST /v1/traces) [env: CANOPY_INGEST_TOKEN]'
            cand --read-token 'Token that opens only the query API [env: CANOPY_READ_TOKEN]'
            cand --retention 'Delete traces whose last span ended longer ago than this, or `off` [env: CANOPY_RETENTION] [config: serve.retention] [default: 30d]'
            cand --max-body-size 'Largest request body, after decompression [default: 64MiB]'
            cand --max-inflight 'Memory all ingest requests together may hold; past it ingest answers 429 [default: 256MiB]'
            cand --max-spans-per-request 'Most spans one request may carry [default: 50000]'
            cand --max-attribute-size 'Longest attribute value, name or key kept whole; longer ones are cut and marked [default: 1MiB]'
            cand --max-attribute-depth 'Deepest array/map nesting kept in an attribute value, 1 to 24 [default: 16]'
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --profile 'Use this profile of the config file [env: CANOPY_PROFILE]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;trace'= {
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --profile 'Use this profile of the config file [env: CANOPY_PROFILE]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List traces, newest first'
            cand get 'Show one trace'
            cand facets 'Count traces per service, kind, model, agent and status'
            cand annotate 'Record feedback on a trace or one of its spans'
            cand import 'Send OTLP/JSON trace files to the server'
            cand export 'Write whole traces as OTLP/JSON lines, re-importable'
            cand lint 'Report what makes traces hard to trust or read'
            cand diff 'Compare two traces span by span'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'canopy;trace;list'= {
            cand --range 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all [config: range]'
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
            cand --annotation 'Has an annotation with this label (from `canopy trace annotate` or the SDK''s feedback)'
            cand --sort 'Order by start time, duration, tokens, cost or errors'
            cand --order 'Direction of the order [default: desc, largest and newest first]'
            cand --limit 'How many rows (one page, up to 1000) [config: limit] [default: 50]'
            cand --cursor 'Continue after the page that printed this cursor (with --all: stream from there on)'
            cand --json 'Print JSON; optionally only these comma-separated fields (`--json trace_id,root_name`)'
            cand --jsonl 'Print one JSON object per line, for streams and `--all`; optionally only these fields'
            cand --max-bytes 'Keep what this prints within SIZE bytes (8KiB, 20000), for agents: long values and whatever does not fit are cut, with a marker naming the command that shows the rest'
            cand --interval 'With --follow: how often to ask the server for what arrived (100ms to 1h)'
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --profile 'Use this profile of the config file [env: CANOPY_PROFILE]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]'
            cand --all 'Stream every page, not just the first (memory stays bounded)'
            cand --follow 'Keep running and print each new row as it arrives, until Ctrl-C (what is stored already is not printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;trace;get'= {
            cand --view 'How to show the trace'
            cand --depth 'Show spans at most N levels below the top (0: top-level spans only) [tree, timeline]'
            cand --width 'Lay the view out for this many columns instead of the terminal''s width'
            cand --max-bytes 'Keep what this prints within SIZE bytes (8KiB, 20000), for agents: long values and whatever does not fit are cut, with a marker naming the command that shows the rest'
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --profile 'Use this profile of the config file [env: CANOPY_PROFILE]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]'
            cand --json 'Print the trace as JSON: {"trace_id", "summary", "spans": […]} (same as --view json)'
            cand --errors 'Show only the spans that failed, with their ancestors [tree, timeline]'
            cand --expand 'Show every span: do not fold runs of similar siblings into one row [tree, timeline]'
            cand --ascii 'Draw guides, bars and markers with ASCII characters only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;trace;facets'= {
            cand --range 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all [config: range]'
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
            cand --annotation 'Has an annotation with this label (from `canopy trace annotate` or the SDK''s feedback)'
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --profile 'Use this profile of the config file [env: CANOPY_PROFILE]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]'
            cand --json 'Print the counts as JSON'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;trace;annotate'= {
            cand --span 'The span the feedback is about (an id or unique prefix); the whole trace if absent'
            cand --label 'What the feedback says, e.g. thumbs-up, wrong-tool, faithfulness'
            cand --score 'A number, e.g. 1 for thumbs up, 0.4 for a graded metric'
            cand --note 'A free-text comment'
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --profile 'Use this profile of the config file [env: CANOPY_PROFILE]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]'
            cand --json 'Print the stored annotation as JSON'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;trace;import'= {
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --profile 'Use this profile of the config file [env: CANOPY_PROFILE]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;trace;export'= {
            cand --range 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all [config: range]'
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
            cand --annotation 'Has an annotation with this label (from `canopy trace annotate` or the SDK''s feedback)'
            cand -o 'Where to write (`-` or absent: standard output)'
            cand --output 'Where to write (`-` or absent: standard output)'
            cand --cursor 'Continue an export after the page that printed this cursor'
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --profile 'Use this profile of the config file [env: CANOPY_PROFILE]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]'
            cand --append 'Add to FILE instead of replacing it (to resume with --cursor)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;trace;lint'= {
            cand --range 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all [config: range]'
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
            cand --annotation 'Has an annotation with this label (from `canopy trace annotate` or the SDK''s feedback)'
            cand --limit 'Without a trace id: check at most this many traces (newest first)'
            cand --severity 'Only show findings at least this severe'
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --profile 'Use this profile of the config file [env: CANOPY_PROFILE]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]'
            cand --json 'Print the findings as a JSON array'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;trace;diff'= {
            cand --width 'Lay the view out for this many columns instead of the terminal''s width'
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --profile 'Use this profile of the config file [env: CANOPY_PROFILE]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]'
            cand --io 'Also compare model calls'' input and output, and show how they differ'
            cand --all 'Show every span, not only the differences and their ancestors'
            cand --exit-code 'Exit 1 when the traces differ in structure, status, model, tokens or cost (or IO, with --io)'
            cand --json 'Print the comparison as JSON'
            cand --ascii 'Draw guides and markers with ASCII characters only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;trace;help'= {
            cand list 'List traces, newest first'
            cand get 'Show one trace'
            cand facets 'Count traces per service, kind, model, agent and status'
            cand annotate 'Record feedback on a trace or one of its spans'
            cand import 'Send OTLP/JSON trace files to the server'
            cand export 'Write whole traces as OTLP/JSON lines, re-importable'
            cand lint 'Report what makes traces hard to trust or read'
            cand diff 'Compare two traces span by span'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'canopy;trace;help;list'= {
        }
        &'canopy;trace;help;get'= {
        }
        &'canopy;trace;help;facets'= {
        }
        &'canopy;trace;help;annotate'= {
        }
        &'canopy;trace;help;import'= {
        }
        &'canopy;trace;help;export'= {
        }
        &'canopy;trace;help;lint'= {
        }
        &'canopy;trace;help;diff'= {
        }
        &'canopy;trace;help;help'= {
        }
        &'canopy;span'= {
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --profile 'Use this profile of the config file [env: CANOPY_PROFILE]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]'
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
            cand --range 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all [config: range]'
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
            cand --annotation 'Has an annotation with this label (from `canopy trace annotate` or the SDK''s feedback)'
            cand --sort 'Order by start time, duration, tokens, cost or errors'
            cand --order 'Direction of the order [default: desc, largest and newest first]'
            cand --limit 'How many rows (one page, up to 1000) [config: limit] [default: 50]'
            cand --cursor 'Continue after the page that printed this cursor (with --all: stream from there on)'
            cand --json 'Print JSON; optionally only these comma-separated fields (`--json trace_id,root_name`)'
            cand --jsonl 'Print one JSON object per line, for streams and `--all`; optionally only these fields'
            cand --max-bytes 'Keep what this prints within SIZE bytes (8KiB, 20000), for agents: long values and whatever does not fit are cut, with a marker naming the command that shows the rest'
            cand --interval 'With --follow: how often to ask the server for what arrived (100ms to 1h)'
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --profile 'Use this profile of the config file [env: CANOPY_PROFILE]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]'
            cand --all 'Stream every page, not just the first (memory stays bounded)'
            cand --follow 'Keep running and print each new row as it arrives, until Ctrl-C (what is stored already is not printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;span;get'= {
            cand --view 'How to show the span'
            cand --width 'Lay the view out for this many columns instead of the terminal''s width'
            cand --max-bytes 'Keep what this prints within SIZE bytes (8KiB, 20000), for agents: long values and whatever does not fit are cut, with a marker naming the command that shows the rest'
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --profile 'Use this profile of the config file [env: CANOPY_PROFILE]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]'
            cand --json 'Print the span as JSON (same as --view json)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;span;facets'= {
            cand --trace-id 'Only spans of this trace (a full id or unique prefix)'
            cand --scope 'all spans, root spans only, or entrypoints'
            cand --range 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all [config: range]'
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
            cand --annotation 'Has an annotation with this label (from `canopy trace annotate` or the SDK''s feedback)'
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --profile 'Use this profile of the config file [env: CANOPY_PROFILE]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]'
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
        &'canopy;session'= {
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --profile 'Use this profile of the config file [env: CANOPY_PROFILE]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List sessions, most recently active first'
            cand get 'Show a session: its turns in order, each with its trace, model calls, tokens and cost'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'canopy;session;list'= {
            cand --range 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all [config: range]'
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
            cand --annotation 'Has an annotation with this label (from `canopy trace annotate` or the SDK''s feedback)'
            cand --limit 'How many sessions (up to 1000) [config: limit] [default: 50]'
            cand --cursor 'Continue after the page that printed this cursor'
            cand --json 'Print JSON; optionally only these comma-separated fields (`--json trace_id,root_name`)'
            cand --jsonl 'Print one JSON object per line, for streams and `--all`; optionally only these fields'
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --profile 'Use this profile of the config file [env: CANOPY_PROFILE]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;session;get'= {
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --profile 'Use this profile of the config file [env: CANOPY_PROFILE]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]'
            cand --json 'Print the session as JSON: {"session", "traces": […]}'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;session;help'= {
            cand list 'List sessions, most recently active first'
            cand get 'Show a session: its turns in order, each with its trace, model calls, tokens and cost'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'canopy;session;help;list'= {
        }
        &'canopy;session;help;get'= {
        }
        &'canopy;session;help;help'= {
        }
        &'canopy;usage'= {
            cand --by 'What to group by'
            cand --range 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all [config: range]'
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
            cand --annotation 'Has an annotation with this label (from `canopy trace annotate` or the SDK''s feedback)'
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --profile 'Use this profile of the config file [env: CANOPY_PROFILE]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]'
            cand --json 'Print one JSON object per group, the key under its own name (`model`, `agent`…)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;config'= {
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --profile 'Use this profile of the config file [env: CANOPY_PROFILE]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand path 'Print where the config file is (CANOPY_CONFIG, or the platform config directory)'
            cand get 'Print the value of a key in the config file (exit 1 when it is not set)'
            cand set 'Set a key in the config file, creating the file and its tables as needed'
            cand unset 'Remove a key, or a whole table such as `profiles.prod`, from the config file'
            cand list 'List what the config file sets, or with --effective what is in effect and why'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'canopy;config;path'= {
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --profile 'Use this profile of the config file [env: CANOPY_PROFILE]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;config;get'= {
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --profile 'Use this profile of the config file [env: CANOPY_PROFILE]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;config;set'= {
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --profile 'Use this profile of the config file [env: CANOPY_PROFILE]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;config;unset'= {
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --profile 'Use this profile of the config file [env: CANOPY_PROFILE]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;config;list'= {
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --profile 'Use this profile of the config file [env: CANOPY_PROFILE]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]'
            cand --effective 'Show the settings client commands would use, after the profile, environment and flags, with where each comes from'
            cand --json 'Print JSON'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;config;help'= {
            cand path 'Print where the config file is (CANOPY_CONFIG, or the platform config directory)'
            cand get 'Print the value of a key in the config file (exit 1 when it is not set)'
            cand set 'Set a key in the config file, creating the file and its tables as needed'
            cand unset 'Remove a key, or a whole table such as `profiles.prod`, from the config file'
            cand list 'List what the config file sets, or with --effective what is in effect and why'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'canopy;config;help;path'= {
        }
        &'canopy;config;help;get'= {
        }
        &'canopy;config;help;set'= {
        }
        &'canopy;config;help;unset'= {
        }
        &'canopy;config;help;list'= {
        }
        &'canopy;config;help;help'= {
        }
        &'canopy;completions'= {
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --profile 'Use this profile of the config file [env: CANOPY_PROFILE]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;instrument'= {
            cand --path 'The Cargo project to instrument [default: the current directory]'
            cand --package 'The package to instrument, when the project is a workspace'
            cand --bin 'The binary to instrument, when there are several'
            cand --timeout 'How long --verify waits for the first trace once the program has started'
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --profile 'Use this profile of the config file [env: CANOPY_PROFILE]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]'
            cand --dry-run 'Print the changes as a unified diff and change nothing'
            cand --yes 'Apply the changes without asking'
            cand --allow-dirty 'Change files even when the git tree has uncommitted changes'
            cand --undo 'Take out exactly what canopy instrument added'
            cand --check 'Run cargo check after the change, and roll it back if the project no longer builds'
            cand --verify 'Build and run the program against the canopy server and wait for its first trace'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'canopy;help'= {
            cand serve 'Receive OpenTelemetry traces and serve the query API'
            cand trace 'List and inspect traces'
            cand span 'Search and inspect spans'
            cand session 'List and inspect sessions (conversations across traces)'
            cand usage 'Tokens and cost rolled up by model, provider, agent, service, session or day'
            cand config 'Read and change the config file (endpoint, token, profiles, defaults)'
            cand completions 'Print a shell completion script'
            cand instrument 'Wire OpenTelemetry export into a Rust program'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'canopy;help;serve'= {
        }
        &'canopy;help;trace'= {
            cand list 'List traces, newest first'
            cand get 'Show one trace'
            cand facets 'Count traces per service, kind, model, agent and status'
            cand annotate 'Record feedback on a trace or one of its spans'
            cand import 'Send OTLP/JSON trace files to the server'
            cand export 'Write whole traces as OTLP/JSON lines, re-importable'
            cand lint 'Report what makes traces hard to trust or read'
            cand diff 'Compare two traces span by span'
        }
        &'canopy;help;trace;list'= {
        }
        &'canopy;help;trace;get'= {
        }
        &'canopy;help;trace;facets'= {
        }
        &'canopy;help;trace;annotate'= {
        }
        &'canopy;help;trace;import'= {
        }
        &'canopy;help;trace;export'= {
        }
        &'canopy;help;trace;lint'= {
        }
        &'canopy;help;trace;diff'= {
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
        &'canopy;help;session'= {
            cand list 'List sessions, most recently active first'
            cand get 'Show a session: its turns in order, each with its trace, model calls, tokens and cost'
        }
        &'canopy;help;session;list'= {
        }
        &'canopy;help;session;get'= {
        }
        &'canopy;help;usage'= {
        }
        &'canopy;help;config'= {
            cand path 'Print where the config file is (CANOPY_CONFIG, or the platform config directory)'
            cand get 'Print the value of a key in the config file (exit 1 when it is not set)'
            cand set 'Set a key in the config file, creating the file and its tables as needed'
            cand unset 'Remove a key, or a whole table such as `profiles.prod`, from the config file'
            cand list 'List what the config file sets, or with --effective what is in effect and why'
        }
        &'canopy;help;config;path'= {
        }
        &'canopy;help;config;get'= {
        }
        &'canopy;help;config;set'= {
        }
        &'canopy;help;config;unset'= {
        }
        &'canopy;help;config;list'= {
        }
        &'canopy;help;completions'= {
        }
        &'canopy;help;instrument'= {
        }
        &'canopy;help;help'= {
        }
    ]
    $completions[$command]
}
