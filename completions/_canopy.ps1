
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
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'canopy;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Where to keep the database [env: CANOPY_DATA_DIR] [default: the platform data directory]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Token that opens ingest and the query API [env: CANOPY_SERVER_TOKEN]')
            [CompletionResult]::new('--ingest-token', '--ingest-token', [CompletionResultType]::ParameterName, 'Token that opens only ingest (POST /v1/traces) [env: CANOPY_INGEST_TOKEN]')
            [CompletionResult]::new('--read-token', '--read-token', [CompletionResultType]::ParameterName, 'Token that opens only the query API [env: CANOPY_READ_TOKEN]')
            [CompletionResult]::new('--retention', '--retention', [CompletionResultType]::ParameterName, 'Delete traces whose last span ended longer ago than this, or `off` [env: CANOPY_RETENTION] [default: 30d]')
            [CompletionResult]::new('--max-body-size', '--max-body-size', [CompletionResultType]::ParameterName, 'Largest request body, after decompression [default: 64MiB]')
            [CompletionResult]::new('--max-inflight', '--max-inflight', [CompletionResultType]::ParameterName, 'Memory all ingest requests together may hold; past it ingest answers 429 [default: 256MiB]')
            [CompletionResult]::new('--max-spans-per-request', '--max-spans-per-request', [CompletionResultType]::ParameterName, 'Most spans one request may carry [default: 50000]')
            [CompletionResult]::new('--max-attribute-size', '--max-attribute-size', [CompletionResultType]::ParameterName, 'Longest attribute value, name or key kept whole; longer ones are cut and marked [default: 1MiB]')
            [CompletionResult]::new('--max-attribute-depth', '--max-attribute-depth', [CompletionResultType]::ParameterName, 'Deepest array/map nesting kept in an attribute value, 1 to 24 [default: 16]')
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
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'canopy;trace;list' {
            [CompletionResult]::new('--range', '--range', [CompletionResultType]::ParameterName, 'Only traces that started within this long before now: 15m, 1h, 24h, 7d… or all')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Only traces that started at or after this time (RFC 3339, or a duration ago like 2h)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Only traces that started before this time (RFC 3339, or a duration ago like 30m)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'How many traces to show')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array of trace summaries')
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
        'canopy;trace;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List traces, newest first')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one trace')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'canopy;trace;help;list' {
            break
        }
        'canopy;trace;help;get' {
            break
        }
        'canopy;trace;help;help' {
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
            break
        }
        'canopy;help;trace;list' {
            break
        }
        'canopy;help;trace;get' {
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
