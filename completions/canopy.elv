
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
            cand instrument 'Wire OpenTelemetry export into a Rust program'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'canopy;serve'= {
            cand --listen 'Address to listen on'
            cand --data-dir 'Where to keep the database [env: CANOPY_DATA_DIR] [default: the platform data directory]'
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
        &'canopy;instrument'= {
            cand --path 'The Cargo project to instrument [default: the current directory]'
            cand --package 'The package to instrument, when the project is a workspace'
            cand --bin 'The binary to instrument, when there are several'
            cand --timeout 'How long --verify waits for the first trace once the program has started'
            cand --endpoint 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]'
            cand --color 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never'
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
            cand completions 'Print a shell completion script'
            cand instrument 'Wire OpenTelemetry export into a Rust program'
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
        &'canopy;help;instrument'= {
        }
        &'canopy;help;help'= {
        }
    ]
    $completions[$command]
}
