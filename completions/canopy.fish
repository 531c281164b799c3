# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_canopy_global_optspecs
    string join \n endpoint= color= h/help V/version
end

function __fish_canopy_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_canopy_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_canopy_using_subcommand
    set -l cmd (__fish_canopy_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c canopy -n "__fish_canopy_needs_command" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_needs_command" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_needs_command" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_needs_command" -f -a "serve" -d 'Receive OpenTelemetry traces and serve the query API'
complete -c canopy -n "__fish_canopy_needs_command" -f -a "trace" -d 'List and inspect traces'
complete -c canopy -n "__fish_canopy_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c canopy -n "__fish_canopy_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l listen -d 'Address to listen on' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l data-dir -d 'Where to keep the database [env: CANOPY_DATA_DIR] [default: the platform data directory]' -r -F
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l token -d 'Token that opens ingest and the query API [env: CANOPY_SERVER_TOKEN]' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l ingest-token -d 'Token that opens only ingest (POST /v1/traces) [env: CANOPY_INGEST_TOKEN]' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l read-token -d 'Token that opens only the query API [env: CANOPY_READ_TOKEN]' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l retention -d 'Delete traces whose last span ended longer ago than this, or `off` [env: CANOPY_RETENTION] [default: 30d]' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l max-body-size -d 'Largest request body, after decompression [default: 64MiB]' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l max-inflight -d 'Memory all ingest requests together may hold; past it ingest answers 429 [default: 256MiB]' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l max-spans-per-request -d 'Most spans one request may carry [default: 50000]' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l max-attribute-size -d 'Longest attribute value, name or key kept whole; longer ones are cut and marked [default: 1MiB]' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l max-attribute-depth -d 'Deepest array/map nesting kept in an attribute value, 1 to 24 [default: 16]' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_using_subcommand serve" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get help" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get help" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get help" -s h -l help -d 'Print help'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get help" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get help" -f -a "list" -d 'List traces, newest first'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get help" -f -a "get" -d 'Show one trace'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l range -d 'Only traces that started within this long before now: 15m, 1h, 24h, 7d… or all' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l from -d 'Only traces that started at or after this time (RFC 3339, or a duration ago like 2h)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l to -d 'Only traces that started before this time (RFC 3339, or a duration ago like 30m)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l limit -d 'How many traces to show' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l json -d 'Print a JSON array of trace summaries'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from get" -l view -d 'How to show the trace' -r -f -a "tree\t'Spans under their parents, with kinds, durations and errors'"
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from get" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from get" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from get" -l json -d 'Print the trace as JSON: {"trace_id", "summary", "spans": […]}'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from help" -f -a "list" -d 'List traces, newest first'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show one trace'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c canopy -n "__fish_canopy_using_subcommand completions" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand completions" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_using_subcommand completions" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand help; and not __fish_seen_subcommand_from serve trace completions help" -f -a "serve" -d 'Receive OpenTelemetry traces and serve the query API'
complete -c canopy -n "__fish_canopy_using_subcommand help; and not __fish_seen_subcommand_from serve trace completions help" -f -a "trace" -d 'List and inspect traces'
complete -c canopy -n "__fish_canopy_using_subcommand help; and not __fish_seen_subcommand_from serve trace completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c canopy -n "__fish_canopy_using_subcommand help; and not __fish_seen_subcommand_from serve trace completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c canopy -n "__fish_canopy_using_subcommand help; and __fish_seen_subcommand_from trace" -f -a "list" -d 'List traces, newest first'
complete -c canopy -n "__fish_canopy_using_subcommand help; and __fish_seen_subcommand_from trace" -f -a "get" -d 'Show one trace'
