
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
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'canopy;serve'= {
            cand --listen 'Address to listen on'
            cand --data-dir 'Where to keep the database [env: CANOPY_DATA_DIR] [default: the platform data directory]'
            cand --token 'Token that opens ingest and the query API [env: CANOPY_SERVER_TOKEN]'
            cand --ingest-token 'Token that opens only ingest (POST /v1/traces) [env: CANOPY_INGEST_TOKEN]'
            cand --read-token 'Token that opens only the query API [env: CANOPY_READ_TOKEN]'
            cand --retention 'Delete traces whose last span ended longer ago than this, or `off` [env: CANOPY_RETENTION] [default: 30d]'
            cand --max-body-size 'Largest request body, after decompression [default: 64MiB]'
            cand --max-inflight 'Memory all ingest requests together may hold; past it ingest answers 429 [default: 256MiB]'
            cand --max-spans-per-request 'Most spans one request may carry [default: 50000]'
            cand --max-attribute-size 'Longest attribute value, name or key kept whole; longer ones are cut and marked [default: 1MiB]'
            cand --max-attribute-depth 'Deepest array/map nesting kept in an attribute value, 1 to 24 [default: 16]'
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
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'canopy;trace;list'= {
            cand --range 'Only traces that started within this long before now: 15m, 1h, 24h, 7d… or all'
            cand --from 'Only traces that started at or after this time (RFC 3339, or a duration ago like 2h)'
            cand --to 'Only traces that started before this time (RFC 3339, or a duration ago like 30m)'
            cand --limit 'How many traces to show'
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never'
            cand --json 'Print a JSON array of trace summaries'
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
        &'canopy;trace;help'= {
            cand list 'List traces, newest first'
            cand get 'Show one trace'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'canopy;trace;help;list'= {
        }
        &'canopy;trace;help;get'= {
        }
        &'canopy;trace;help;help'= {
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
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'canopy;help;serve'= {
        }
        &'canopy;help;trace'= {
            cand list 'List traces, newest first'
            cand get 'Show one trace'
        }
        &'canopy;help;trace;list'= {
        }
        &'canopy;help;trace;get'= {
        }
        &'canopy;help;completions'= {
        }
        &'canopy;help;help'= {
        }
    ]
    $completions[$command]
}
