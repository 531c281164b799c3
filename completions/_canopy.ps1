
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'canopy' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'canopy'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'canopy' {
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: CANOPY_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Receive OpenTelemetry traces and serve the query API')
            [CompletionResult]::new('trace', 'trace', [CompletionResultType]::ParameterValue, 'List and inspect traces')
            [CompletionResult]::new('span', 'span', [CompletionResultType]::ParameterValue, 'Search and inspect spans')
            [CompletionResult]::new('session', 'session', [CompletionResultType]::ParameterValue, 'List and inspect sessions (conversations across traces)')
            [CompletionResult]::new('usage', 'usage', [CompletionResultType]::ParameterValue, 'Tokens and cost rolled up by model, provider, agent, service, session or day')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Read and change the config file (endpoint, token, profiles, defaults)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('instrument', 'instrument', [CompletionResultType]::ParameterValue, 'Wire OpenTelemetry export into a Rust program')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'canopy;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on [config: serve.listen] [default: 127.0.0.1:4318]')
            [CompletionResult]::new('--grpc-listen', '--grpc-listen', [CompletionResultType]::ParameterName, 'Address for OTLP/gRPC (traces and logs), or `off` [config: serve.grpc_listen] [default: 127.0.0.1:4317]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Where to keep the database [env: CANOPY_DATA_DIR] [config: serve.data_dir] [default: the platform data directory]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where to keep spans: sqlite:PATH or clickhouse://[USER[:PASSWORD]@]HOST:PORT/DATABASE')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Token that opens ingest and the query API [env: CANOPY_SERVER_TOKEN]')
            [CompletionResult]::new('--ingest-token', '--ingest-token', [CompletionResultType]::ParameterName, 'Token that opens only ingest (POST /v1/traces) [env: CANOPY_INGEST_TOKEN]')
            [CompletionResult]::new('--read-token', '--read-token', [CompletionResultType]::ParameterName, 'Token that opens only the query API [env: CANOPY_READ_TOKEN]')
            [CompletionResult]::new('--retention', '--retention', [CompletionResultType]::ParameterName, 'Delete traces whose last span ended longer ago than this, or `off` [env: CANOPY_RETENTION] [config: serve.retention] [default: 30d]')
            [CompletionResult]::new('--max-body-size', '--max-body-size', [CompletionResultType]::ParameterName, 'Largest request body, after decompression [default: 64MiB]')
            [CompletionResult]::new('--max-inflight', '--max-inflight', [CompletionResultType]::ParameterName, 'Memory all ingest requests together may hold; past it ingest answers 429 [default: 256MiB]')
            [CompletionResult]::new('--max-spans-per-request', '--max-spans-per-request', [CompletionResultType]::ParameterName, 'Most spans one request may carry [default: 50000]')
            [CompletionResult]::new('--max-attribute-size', '--max-attribute-size', [CompletionResultType]::ParameterName, 'Longest attribute value, name or key kept whole; longer ones are cut and marked [default: 1MiB]')
            [CompletionResult]::new('--max-attribute-depth', '--max-attribute-depth', [CompletionResultType]::ParameterName, 'Deepest array/map nesting kept in an attribute value, 1 to 24 [default: 16]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: CANOPY_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'canopy;trace' {
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: CANOPY_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List traces, newest first')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one trace')
            [CompletionResult]::new('facets', 'facets', [CompletionResultType]::ParameterValue, 'Count traces per service, kind, model, agent and status')
            [CompletionResult]::new('annotate', 'annotate', [CompletionResultType]::ParameterValue, 'Record feedback on a trace or one of its spans')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Send OTLP/JSON trace files to the server')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write whole traces as OTLP/JSON lines, re-importable')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Report what makes traces hard to trust or read')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare two traces span by span')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'canopy;trace;list' {
            [CompletionResult]::new('--range', '--range', [CompletionResultType]::ParameterName, 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all [config: range]')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Only what started at or after this time (RFC 3339, or a duration ago like 2h)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Only what started before this time (RFC 3339, or a duration ago like 30m)')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Service name (service.name of the resource)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Span kind: LLM, CHAIN, TOOL, AGENT, RETRIEVER, EMBEDDING, RERANKER, GUARDRAIL, EVALUATOR, PROMPT, UNKNOWN')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Model name, as the SDK reported it (gpt-4o-mini-2024-07-18)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Model provider (openai, anthropic…)')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'Session id')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User id')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Agent name (a span matches its own agent or its nearest agent ancestor''s)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only failed (error) or only successful (ok)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name contains this text (case-insensitive)')
            [CompletionResult]::new('--min-duration', '--min-duration', [CompletionResultType]::ParameterName, 'At least this long (500ms, 2s, 1m)')
            [CompletionResult]::new('--max-duration', '--max-duration', [CompletionResultType]::ParameterName, 'At most this long')
            [CompletionResult]::new('--attr', '--attr', [CompletionResultType]::ParameterName, 'A raw attribute condition: KEY OP VALUE with OP one of = != ~ (contains) > <, or KEY exists The words of every `--attr`, in order (clap''s derive does not group repeated multi-value flags; the operator word delimits them unambiguously, see `common::filter`)')
            [CompletionResult]::new('--text', '--text', [CompletionResultType]::ParameterName, 'Text in a span''s name, attributes (prompts, outputs, tool arguments…), status or events')
            [CompletionResult]::new('--annotation', '--annotation', [CompletionResultType]::ParameterName, 'Has an annotation with this label (from `canopy trace annotate` or the SDK''s feedback)')
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Order by start time, duration, tokens, cost or errors')
            [CompletionResult]::new('--order', '--order', [CompletionResultType]::ParameterName, 'Direction of the order [default: desc, largest and newest first]')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'How many rows (one page, up to 1000) [config: limit] [default: 50]')
            [CompletionResult]::new('--cursor', '--cursor', [CompletionResultType]::ParameterName, 'Continue after the page that printed this cursor (with --all: stream from there on)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON; optionally only these comma-separated fields (`--json trace_id,root_name`)')
            [CompletionResult]::new('--jsonl', '--jsonl', [CompletionResultType]::ParameterName, 'Print one JSON object per line, for streams and `--all`; optionally only these fields')
            [CompletionResult]::new('--max-bytes', '--max-bytes', [CompletionResultType]::ParameterName, 'Keep what this prints within SIZE bytes (8KiB, 20000), for agents: long values and whatever does not fit are cut, with a marker naming the command that shows the rest')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'With --follow: how often to ask the server for what arrived (100ms to 1h)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: CANOPY_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Stream every page, not just the first (memory stays bounded)')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Keep running and print each new row as it arrives, until Ctrl-C (what is stored already is not printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'canopy;trace;get' {
            [CompletionResult]::new('--view', '--view', [CompletionResultType]::ParameterName, 'How to show the trace')
            [CompletionResult]::new('--depth', '--depth', [CompletionResultType]::ParameterName, 'Show spans at most N levels below the top (0: top-level spans only) [tree, timeline]')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Lay the view out for this many columns instead of the terminal''s width')
            [CompletionResult]::new('--max-bytes', '--max-bytes', [CompletionResultType]::ParameterName, 'Keep what this prints within SIZE bytes (8KiB, 20000), for agents: long values and whatever does not fit are cut, with a marker naming the command that shows the rest')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: CANOPY_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the trace as JSON: {"trace_id", "summary", "spans": […]} (same as --view json)')
            [CompletionResult]::new('--errors', '--errors', [CompletionResultType]::ParameterName, 'Show only the spans that failed, with their ancestors [tree, timeline]')
            [CompletionResult]::new('--expand', '--expand', [CompletionResultType]::ParameterName, 'Show every span: do not fold runs of similar siblings into one row [tree, timeline]')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw guides, bars and markers with ASCII characters only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'canopy;trace;facets' {
            [CompletionResult]::new('--range', '--range', [CompletionResultType]::ParameterName, 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all [config: range]')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Only what started at or after this time (RFC 3339, or a duration ago like 2h)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Only what started before this time (RFC 3339, or a duration ago like 30m)')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Service name (service.name of the resource)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Span kind: LLM, CHAIN, TOOL, AGENT, RETRIEVER, EMBEDDING, RERANKER, GUARDRAIL, EVALUATOR, PROMPT, UNKNOWN')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Model name, as the SDK reported it (gpt-4o-mini-2024-07-18)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Model provider (openai, anthropic…)')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'Session id')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User id')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Agent name (a span matches its own agent or its nearest agent ancestor''s)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only failed (error) or only successful (ok)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name contains this text (case-insensitive)')
            [CompletionResult]::new('--min-duration', '--min-duration', [CompletionResultType]::ParameterName, 'At least this long (500ms, 2s, 1m)')
            [CompletionResult]::new('--max-duration', '--max-duration', [CompletionResultType]::ParameterName, 'At most this long')
            [CompletionResult]::new('--attr', '--attr', [CompletionResultType]::ParameterName, 'A raw attribute condition: KEY OP VALUE with OP one of = != ~ (contains) > <, or KEY exists The words of every `--attr`, in order (clap''s derive does not group repeated multi-value flags; the operator word delimits them unambiguously, see `common::filter`)')
            [CompletionResult]::new('--text', '--text', [CompletionResultType]::ParameterName, 'Text in a span''s name, attributes (prompts, outputs, tool arguments…), status or events')
            [CompletionResult]::new('--annotation', '--annotation', [CompletionResultType]::ParameterName, 'Has an annotation with this label (from `canopy trace annotate` or the SDK''s feedback)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: CANOPY_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the counts as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'canopy;trace;annotate' {
            [CompletionResult]::new('--span', '--span', [CompletionResultType]::ParameterName, 'The span the feedback is about (an id or unique prefix); the whole trace if absent')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'What the feedback says, e.g. thumbs-up, wrong-tool, faithfulness')
            [CompletionResult]::new('--score', '--score', [CompletionResultType]::ParameterName, 'A number, e.g. 1 for thumbs up, 0.4 for a graded metric')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'A free-text comment')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: CANOPY_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the stored annotation as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'canopy;trace;import' {
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: CANOPY_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'canopy;trace;export' {
            [CompletionResult]::new('--range', '--range', [CompletionResultType]::ParameterName, 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all [config: range]')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Only what started at or after this time (RFC 3339, or a duration ago like 2h)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Only what started before this time (RFC 3339, or a duration ago like 30m)')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Service name (service.name of the resource)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Span kind: LLM, CHAIN, TOOL, AGENT, RETRIEVER, EMBEDDING, RERANKER, GUARDRAIL, EVALUATOR, PROMPT, UNKNOWN')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Model name, as the SDK reported it (gpt-4o-mini-2024-07-18)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Model provider (openai, anthropic…)')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'Session id')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User id')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Agent name (a span matches its own agent or its nearest agent ancestor''s)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only failed (error) or only successful (ok)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name contains this text (case-insensitive)')
            [CompletionResult]::new('--min-duration', '--min-duration', [CompletionResultType]::ParameterName, 'At least this long (500ms, 2s, 1m)')
            [CompletionResult]::new('--max-duration', '--max-duration', [CompletionResultType]::ParameterName, 'At most this long')
            [CompletionResult]::new('--attr', '--attr', [CompletionResultType]::ParameterName, 'A raw attribute condition: KEY OP VALUE with OP one of = != ~ (contains) > <, or KEY exists The words of every `--attr`, in order (clap''s derive does not group repeated multi-value flags; the operator word delimits them unambiguously, see `common::filter`)')
            [CompletionResult]::new('--text', '--text', [CompletionResultType]::ParameterName, 'Text in a span''s name, attributes (prompts, outputs, tool arguments…), status or events')
            [CompletionResult]::new('--annotation', '--annotation', [CompletionResultType]::ParameterName, 'Has an annotation with this label (from `canopy trace annotate` or the SDK''s feedback)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Where to write (`-` or absent: standard output)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Where to write (`-` or absent: standard output)')
            [CompletionResult]::new('--cursor', '--cursor', [CompletionResultType]::ParameterName, 'Continue an export after the page that printed this cursor')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: CANOPY_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]')
            [CompletionResult]::new('--append', '--append', [CompletionResultType]::ParameterName, 'Add to FILE instead of replacing it (to resume with --cursor)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'canopy;trace;lint' {
            [CompletionResult]::new('--range', '--range', [CompletionResultType]::ParameterName, 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all [config: range]')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Only what started at or after this time (RFC 3339, or a duration ago like 2h)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Only what started before this time (RFC 3339, or a duration ago like 30m)')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Service name (service.name of the resource)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Span kind: LLM, CHAIN, TOOL, AGENT, RETRIEVER, EMBEDDING, RERANKER, GUARDRAIL, EVALUATOR, PROMPT, UNKNOWN')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Model name, as the SDK reported it (gpt-4o-mini-2024-07-18)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Model provider (openai, anthropic…)')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'Session id')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User id')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Agent name (a span matches its own agent or its nearest agent ancestor''s)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only failed (error) or only successful (ok)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name contains this text (case-insensitive)')
            [CompletionResult]::new('--min-duration', '--min-duration', [CompletionResultType]::ParameterName, 'At least this long (500ms, 2s, 1m)')
            [CompletionResult]::new('--max-duration', '--max-duration', [CompletionResultType]::ParameterName, 'At most this long')
            [CompletionResult]::new('--attr', '--attr', [CompletionResultType]::ParameterName, 'A raw attribute condition: KEY OP VALUE with OP one of = != ~ (contains) > <, or KEY exists The words of every `--attr`, in order (clap''s derive does not group repeated multi-value flags; the operator word delimits them unambiguously, see `common::filter`)')
            [CompletionResult]::new('--text', '--text', [CompletionResultType]::ParameterName, 'Text in a span''s name, attributes (prompts, outputs, tool arguments…), status or events')
            [CompletionResult]::new('--annotation', '--annotation', [CompletionResultType]::ParameterName, 'Has an annotation with this label (from `canopy trace annotate` or the SDK''s feedback)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Without a trace id: check at most this many traces (newest first)')
            [CompletionResult]::new('--severity', '--severity', [CompletionResultType]::ParameterName, 'Only show findings at least this severe')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: CANOPY_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the findings as a JSON array')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'canopy;trace;diff' {
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Lay the view out for this many columns instead of the terminal''s width')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: CANOPY_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]')
            [CompletionResult]::new('--io', '--io', [CompletionResultType]::ParameterName, 'Also compare model calls'' input and output, and show how they differ')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Show every span, not only the differences and their ancestors')
            [CompletionResult]::new('--exit-code', '--exit-code', [CompletionResultType]::ParameterName, 'Exit 1 when the traces differ in structure, status, model, tokens or cost (or IO, with --io)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the comparison as JSON')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw guides and markers with ASCII characters only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'canopy;trace;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List traces, newest first')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one trace')
            [CompletionResult]::new('facets', 'facets', [CompletionResultType]::ParameterValue, 'Count traces per service, kind, model, agent and status')
            [CompletionResult]::new('annotate', 'annotate', [CompletionResultType]::ParameterValue, 'Record feedback on a trace or one of its spans')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Send OTLP/JSON trace files to the server')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write whole traces as OTLP/JSON lines, re-importable')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Report what makes traces hard to trust or read')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare two traces span by span')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'canopy;trace;help;list' {
            break
        }
        'canopy;trace;help;get' {
            break
        }
        'canopy;trace;help;facets' {
            break
        }
        'canopy;trace;help;annotate' {
            break
        }
        'canopy;trace;help;import' {
            break
        }
        'canopy;trace;help;export' {
            break
        }
        'canopy;trace;help;lint' {
            break
        }
        'canopy;trace;help;diff' {
            break
        }
        'canopy;trace;help;help' {
            break
        }
        'canopy;span' {
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: CANOPY_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Search spans across traces, newest first')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one span')
            [CompletionResult]::new('facets', 'facets', [CompletionResultType]::ParameterValue, 'Count spans per service, kind, model, agent and status')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'canopy;span;list' {
            [CompletionResult]::new('--trace-id', '--trace-id', [CompletionResultType]::ParameterName, 'Only spans of this trace (a full id or unique prefix)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'all spans, root spans only, or entrypoints (roots and spans whose parent is in another service or missing)')
            [CompletionResult]::new('--range', '--range', [CompletionResultType]::ParameterName, 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all [config: range]')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Only what started at or after this time (RFC 3339, or a duration ago like 2h)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Only what started before this time (RFC 3339, or a duration ago like 30m)')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Service name (service.name of the resource)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Span kind: LLM, CHAIN, TOOL, AGENT, RETRIEVER, EMBEDDING, RERANKER, GUARDRAIL, EVALUATOR, PROMPT, UNKNOWN')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Model name, as the SDK reported it (gpt-4o-mini-2024-07-18)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Model provider (openai, anthropic…)')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'Session id')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User id')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Agent name (a span matches its own agent or its nearest agent ancestor''s)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only failed (error) or only successful (ok)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name contains this text (case-insensitive)')
            [CompletionResult]::new('--min-duration', '--min-duration', [CompletionResultType]::ParameterName, 'At least this long (500ms, 2s, 1m)')
            [CompletionResult]::new('--max-duration', '--max-duration', [CompletionResultType]::ParameterName, 'At most this long')
            [CompletionResult]::new('--attr', '--attr', [CompletionResultType]::ParameterName, 'A raw attribute condition: KEY OP VALUE with OP one of = != ~ (contains) > <, or KEY exists The words of every `--attr`, in order (clap''s derive does not group repeated multi-value flags; the operator word delimits them unambiguously, see `common::filter`)')
            [CompletionResult]::new('--text', '--text', [CompletionResultType]::ParameterName, 'Text in a span''s name, attributes (prompts, outputs, tool arguments…), status or events')
            [CompletionResult]::new('--annotation', '--annotation', [CompletionResultType]::ParameterName, 'Has an annotation with this label (from `canopy trace annotate` or the SDK''s feedback)')
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Order by start time, duration, tokens, cost or errors')
            [CompletionResult]::new('--order', '--order', [CompletionResultType]::ParameterName, 'Direction of the order [default: desc, largest and newest first]')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'How many rows (one page, up to 1000) [config: limit] [default: 50]')
            [CompletionResult]::new('--cursor', '--cursor', [CompletionResultType]::ParameterName, 'Continue after the page that printed this cursor (with --all: stream from there on)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON; optionally only these comma-separated fields (`--json trace_id,root_name`)')
            [CompletionResult]::new('--jsonl', '--jsonl', [CompletionResultType]::ParameterName, 'Print one JSON object per line, for streams and `--all`; optionally only these fields')
            [CompletionResult]::new('--max-bytes', '--max-bytes', [CompletionResultType]::ParameterName, 'Keep what this prints within SIZE bytes (8KiB, 20000), for agents: long values and whatever does not fit are cut, with a marker naming the command that shows the rest')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'With --follow: how often to ask the server for what arrived (100ms to 1h)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: CANOPY_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Stream every page, not just the first (memory stays bounded)')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Keep running and print each new row as it arrives, until Ctrl-C (what is stored already is not printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'canopy;span;get' {
            [CompletionResult]::new('--view', '--view', [CompletionResultType]::ParameterName, 'How to show the span')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Lay the view out for this many columns instead of the terminal''s width')
            [CompletionResult]::new('--max-bytes', '--max-bytes', [CompletionResultType]::ParameterName, 'Keep what this prints within SIZE bytes (8KiB, 20000), for agents: long values and whatever does not fit are cut, with a marker naming the command that shows the rest')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: CANOPY_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the span as JSON (same as --view json)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'canopy;span;facets' {
            [CompletionResult]::new('--trace-id', '--trace-id', [CompletionResultType]::ParameterName, 'Only spans of this trace (a full id or unique prefix)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'all spans, root spans only, or entrypoints')
            [CompletionResult]::new('--range', '--range', [CompletionResultType]::ParameterName, 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all [config: range]')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Only what started at or after this time (RFC 3339, or a duration ago like 2h)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Only what started before this time (RFC 3339, or a duration ago like 30m)')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Service name (service.name of the resource)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Span kind: LLM, CHAIN, TOOL, AGENT, RETRIEVER, EMBEDDING, RERANKER, GUARDRAIL, EVALUATOR, PROMPT, UNKNOWN')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Model name, as the SDK reported it (gpt-4o-mini-2024-07-18)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Model provider (openai, anthropic…)')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'Session id')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User id')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Agent name (a span matches its own agent or its nearest agent ancestor''s)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only failed (error) or only successful (ok)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name contains this text (case-insensitive)')
            [CompletionResult]::new('--min-duration', '--min-duration', [CompletionResultType]::ParameterName, 'At least this long (500ms, 2s, 1m)')
            [CompletionResult]::new('--max-duration', '--max-duration', [CompletionResultType]::ParameterName, 'At most this long')
            [CompletionResult]::new('--attr', '--attr', [CompletionResultType]::ParameterName, 'A raw attribute condition: KEY OP VALUE with OP one of = != ~ (contains) > <, or KEY exists The words of every `--attr`, in order (clap''s derive does not group repeated multi-value flags; the operator word delimits them unambiguously, see `common::filter`)')
            [CompletionResult]::new('--text', '--text', [CompletionResultType]::ParameterName, 'Text in a span''s name, attributes (prompts, outputs, tool arguments…), status or events')
            [CompletionResult]::new('--annotation', '--annotation', [CompletionResultType]::ParameterName, 'Has an annotation with this label (from `canopy trace annotate` or the SDK''s feedback)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: CANOPY_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the counts as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'canopy;span;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Search spans across traces, newest first')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one span')
            [CompletionResult]::new('facets', 'facets', [CompletionResultType]::ParameterValue, 'Count spans per service, kind, model, agent and status')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'canopy;span;help;list' {
            break
        }
        'canopy;span;help;get' {
            break
        }
        'canopy;span;help;facets' {
            break
        }
        'canopy;span;help;help' {
            break
        }
        'canopy;session' {
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: CANOPY_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List sessions, most recently active first')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a session: its turns in order, each with its trace, model calls, tokens and cost')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'canopy;session;list' {
            [CompletionResult]::new('--range', '--range', [CompletionResultType]::ParameterName, 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all [config: range]')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Only what started at or after this time (RFC 3339, or a duration ago like 2h)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Only what started before this time (RFC 3339, or a duration ago like 30m)')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Service name (service.name of the resource)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Span kind: LLM, CHAIN, TOOL, AGENT, RETRIEVER, EMBEDDING, RERANKER, GUARDRAIL, EVALUATOR, PROMPT, UNKNOWN')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Model name, as the SDK reported it (gpt-4o-mini-2024-07-18)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Model provider (openai, anthropic…)')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'Session id')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User id')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Agent name (a span matches its own agent or its nearest agent ancestor''s)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only failed (error) or only successful (ok)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name contains this text (case-insensitive)')
            [CompletionResult]::new('--min-duration', '--min-duration', [CompletionResultType]::ParameterName, 'At least this long (500ms, 2s, 1m)')
            [CompletionResult]::new('--max-duration', '--max-duration', [CompletionResultType]::ParameterName, 'At most this long')
            [CompletionResult]::new('--attr', '--attr', [CompletionResultType]::ParameterName, 'A raw attribute condition: KEY OP VALUE with OP one of = != ~ (contains) > <, or KEY exists The words of every `--attr`, in order (clap''s derive does not group repeated multi-value flags; the operator word delimits them unambiguously, see `common::filter`)')
            [CompletionResult]::new('--text', '--text', [CompletionResultType]::ParameterName, 'Text in a span''s name, attributes (prompts, outputs, tool arguments…), status or events')
            [CompletionResult]::new('--annotation', '--annotation', [CompletionResultType]::ParameterName, 'Has an annotation with this label (from `canopy trace annotate` or the SDK''s feedback)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'How many sessions (up to 1000) [config: limit] [default: 50]')
            [CompletionResult]::new('--cursor', '--cursor', [CompletionResultType]::ParameterName, 'Continue after the page that printed this cursor')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON; optionally only these comma-separated fields (`--json trace_id,root_name`)')
            [CompletionResult]::new('--jsonl', '--jsonl', [CompletionResultType]::ParameterName, 'Print one JSON object per line, for streams and `--all`; optionally only these fields')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: CANOPY_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'canopy;session;get' {
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: CANOPY_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the session as JSON: {"session", "traces": […]}')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'canopy;session;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List sessions, most recently active first')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a session: its turns in order, each with its trace, model calls, tokens and cost')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'canopy;session;help;list' {
            break
        }
        'canopy;session;help;get' {
            break
        }
        'canopy;session;help;help' {
            break
        }
        'canopy;usage' {
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'What to group by')
            [CompletionResult]::new('--range', '--range', [CompletionResultType]::ParameterName, 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all [config: range]')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Only what started at or after this time (RFC 3339, or a duration ago like 2h)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Only what started before this time (RFC 3339, or a duration ago like 30m)')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Service name (service.name of the resource)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Span kind: LLM, CHAIN, TOOL, AGENT, RETRIEVER, EMBEDDING, RERANKER, GUARDRAIL, EVALUATOR, PROMPT, UNKNOWN')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Model name, as the SDK reported it (gpt-4o-mini-2024-07-18)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Model provider (openai, anthropic…)')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'Session id')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User id')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Agent name (a span matches its own agent or its nearest agent ancestor''s)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only failed (error) or only successful (ok)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name contains this text (case-insensitive)')
            [CompletionResult]::new('--min-duration', '--min-duration', [CompletionResultType]::ParameterName, 'At least this long (500ms, 2s, 1m)')
            [CompletionResult]::new('--max-duration', '--max-duration', [CompletionResultType]::ParameterName, 'At most this long')
            [CompletionResult]::new('--attr', '--attr', [CompletionResultType]::ParameterName, 'A raw attribute condition: KEY OP VALUE with OP one of = != ~ (contains) > <, or KEY exists The words of every `--attr`, in order (clap''s derive does not group repeated multi-value flags; the operator word delimits them unambiguously, see `common::filter`)')
            [CompletionResult]::new('--text', '--text', [CompletionResultType]::ParameterName, 'Text in a span''s name, attributes (prompts, outputs, tool arguments…), status or events')
            [CompletionResult]::new('--annotation', '--annotation', [CompletionResultType]::ParameterName, 'Has an annotation with this label (from `canopy trace annotate` or the SDK''s feedback)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: CANOPY_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per group, the key under its own name (`model`, `agent`…)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'canopy;config' {
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: CANOPY_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print where the config file is (CANOPY_CONFIG, or the platform config directory)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print the value of a key in the config file (exit 1 when it is not set)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set a key in the config file, creating the file and its tables as needed')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove a key, or a whole table such as `profiles.prod`, from the config file')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List what the config file sets, or with --effective what is in effect and why')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'canopy;config;path' {
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: CANOPY_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'canopy;config;get' {
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: CANOPY_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'canopy;config;set' {
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: CANOPY_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'canopy;config;unset' {
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: CANOPY_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'canopy;config;list' {
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: CANOPY_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]')
            [CompletionResult]::new('--effective', '--effective', [CompletionResultType]::ParameterName, 'Show the settings client commands would use, after the profile, environment and flags, with where each comes from')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'canopy;config;help' {
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print where the config file is (CANOPY_CONFIG, or the platform config directory)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print the value of a key in the config file (exit 1 when it is not set)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set a key in the config file, creating the file and its tables as needed')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove a key, or a whole table such as `profiles.prod`, from the config file')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List what the config file sets, or with --effective what is in effect and why')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'canopy;config;help;path' {
            break
        }
        'canopy;config;help;get' {
            break
        }
        'canopy;config;help;set' {
            break
        }
        'canopy;config;help;unset' {
            break
        }
        'canopy;config;help;list' {
            break
        }
        'canopy;config;help;help' {
            break
        }
        'canopy;completions' {
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: CANOPY_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'canopy;instrument' {
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'The Cargo project to instrument [default: the current directory]')
            [CompletionResult]::new('--package', '--package', [CompletionResultType]::ParameterName, 'The package to instrument, when the project is a workspace')
            [CompletionResult]::new('--bin', '--bin', [CompletionResultType]::ParameterName, 'The binary to instrument, when there are several')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long --verify waits for the first trace once the program has started')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: CANOPY_PROFILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the changes as a unified diff and change nothing')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply the changes without asking')
            [CompletionResult]::new('--allow-dirty', '--allow-dirty', [CompletionResultType]::ParameterName, 'Change files even when the git tree has uncommitted changes')
            [CompletionResult]::new('--undo', '--undo', [CompletionResultType]::ParameterName, 'Take out exactly what canopy instrument added')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Run cargo check after the change, and roll it back if the project no longer builds')
            [CompletionResult]::new('--verify', '--verify', [CompletionResultType]::ParameterName, 'Build and run the program against the canopy server and wait for its first trace')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'canopy;help' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Receive OpenTelemetry traces and serve the query API')
            [CompletionResult]::new('trace', 'trace', [CompletionResultType]::ParameterValue, 'List and inspect traces')
            [CompletionResult]::new('span', 'span', [CompletionResultType]::ParameterValue, 'Search and inspect spans')
            [CompletionResult]::new('session', 'session', [CompletionResultType]::ParameterValue, 'List and inspect sessions (conversations across traces)')
            [CompletionResult]::new('usage', 'usage', [CompletionResultType]::ParameterValue, 'Tokens and cost rolled up by model, provider, agent, service, session or day')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Read and change the config file (endpoint, token, profiles, defaults)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('instrument', 'instrument', [CompletionResultType]::ParameterValue, 'Wire OpenTelemetry export into a Rust program')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'canopy;help;serve' {
            break
        }
        'canopy;help;trace' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List traces, newest first')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one trace')
            [CompletionResult]::new('facets', 'facets', [CompletionResultType]::ParameterValue, 'Count traces per service, kind, model, agent and status')
            [CompletionResult]::new('annotate', 'annotate', [CompletionResultType]::ParameterValue, 'Record feedback on a trace or one of its spans')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Send OTLP/JSON trace files to the server')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write whole traces as OTLP/JSON lines, re-importable')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Report what makes traces hard to trust or read')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare two traces span by span')
            break
        }
        'canopy;help;trace;list' {
            break
        }
        'canopy;help;trace;get' {
            break
        }
        'canopy;help;trace;facets' {
            break
        }
        'canopy;help;trace;annotate' {
            break
        }
        'canopy;help;trace;import' {
            break
        }
        'canopy;help;trace;export' {
            break
        }
        'canopy;help;trace;lint' {
            break
        }
        'canopy;help;trace;diff' {
            break
        }
        'canopy;help;span' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Search spans across traces, newest first')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one span')
            [CompletionResult]::new('facets', 'facets', [CompletionResultType]::ParameterValue, 'Count spans per service, kind, model, agent and status')
            break
        }
        'canopy;help;span;list' {
            break
        }
        'canopy;help;span;get' {
            break
        }
        'canopy;help;span;facets' {
            break
        }
        'canopy;help;session' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List sessions, most recently active first')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show a session: its turns in order, each with its trace, model calls, tokens and cost')
            break
        }
        'canopy;help;session;list' {
            break
        }
        'canopy;help;session;get' {
            break
        }
        'canopy;help;usage' {
            break
        }
        'canopy;help;config' {
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print where the config file is (CANOPY_CONFIG, or the platform config directory)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print the value of a key in the config file (exit 1 when it is not set)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set a key in the config file, creating the file and its tables as needed')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove a key, or a whole table such as `profiles.prod`, from the config file')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List what the config file sets, or with --effective what is in effect and why')
            break
        }
        'canopy;help;config;path' {
            break
        }
        'canopy;help;config;get' {
            break
        }
        'canopy;help;config;set' {
            break
        }
        'canopy;help;config;unset' {
            break
        }
        'canopy;help;config;list' {
            break
        }
        'canopy;help;completions' {
            break
        }
        'canopy;help;instrument' {
            break
        }
        'canopy;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
