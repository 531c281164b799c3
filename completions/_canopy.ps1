
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
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Receive OpenTelemetry traces and serve the query API')
            [CompletionResult]::new('trace', 'trace', [CompletionResultType]::ParameterValue, 'List and inspect traces')
            [CompletionResult]::new('span', 'span', [CompletionResultType]::ParameterValue, 'Search and inspect spans')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'canopy;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Where to keep the database [env: CANOPY_DATA_DIR] [default: the platform data directory]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where to keep spans: sqlite:PATH or clickhouse://[USER[:PASSWORD]@]HOST:PORT/DATABASE')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'canopy;trace' {
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List traces, newest first')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one trace')
            [CompletionResult]::new('facets', 'facets', [CompletionResultType]::ParameterValue, 'Count traces per service, kind, model, agent and status')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'canopy;trace;list' {
            [CompletionResult]::new('--range', '--range', [CompletionResultType]::ParameterName, 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all')
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
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Order by start time, duration, tokens, cost or errors')
            [CompletionResult]::new('--order', '--order', [CompletionResultType]::ParameterName, 'Direction of the order [default: desc, largest and newest first]')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'How many rows (one page, up to 1000)')
            [CompletionResult]::new('--cursor', '--cursor', [CompletionResultType]::ParameterName, 'Continue after the page that printed this cursor')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON; optionally only these comma-separated fields (`--json trace_id,root_name`)')
            [CompletionResult]::new('--jsonl', '--jsonl', [CompletionResultType]::ParameterName, 'Print one JSON object per line, for streams and `--all`; optionally only these fields')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Stream every page, not just the first (memory stays bounded)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'canopy;trace;get' {
            [CompletionResult]::new('--view', '--view', [CompletionResultType]::ParameterName, 'How to show the trace')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the trace as JSON: {"trace_id", "summary", "spans": […]}')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'canopy;trace;facets' {
            [CompletionResult]::new('--range', '--range', [CompletionResultType]::ParameterName, 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all')
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
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the counts as JSON')
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
        'canopy;trace;help;help' {
            break
        }
        'canopy;span' {
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never')
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
            [CompletionResult]::new('--range', '--range', [CompletionResultType]::ParameterName, 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all')
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
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Order by start time, duration, tokens, cost or errors')
            [CompletionResult]::new('--order', '--order', [CompletionResultType]::ParameterName, 'Direction of the order [default: desc, largest and newest first]')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'How many rows (one page, up to 1000)')
            [CompletionResult]::new('--cursor', '--cursor', [CompletionResultType]::ParameterName, 'Continue after the page that printed this cursor')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON; optionally only these comma-separated fields (`--json trace_id,root_name`)')
            [CompletionResult]::new('--jsonl', '--jsonl', [CompletionResultType]::ParameterName, 'Print one JSON object per line, for streams and `--all`; optionally only these fields')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Stream every page, not just the first (memory stays bounded)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'canopy;span;get' {
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the span as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'canopy;span;facets' {
            [CompletionResult]::new('--trace-id', '--trace-id', [CompletionResultType]::ParameterName, 'Only spans of this trace (a full id or unique prefix)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'all spans, root spans only, or entrypoints')
            [CompletionResult]::new('--range', '--range', [CompletionResultType]::ParameterName, 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all')
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
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never')
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
        'canopy;completions' {
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never')
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
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
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
        'canopy;help;completions' {
            break
        }
        'canopy;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
