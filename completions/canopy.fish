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
complete -c canopy -n "__fish_canopy_needs_command" -f -a "span" -d 'Search and inspect spans'
complete -c canopy -n "__fish_canopy_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c canopy -n "__fish_canopy_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l listen -d 'Address to listen on' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l data-dir -d 'Where to keep the database [env: CANOPY_DATA_DIR] [default: the platform data directory]' -r -F
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l store -d 'Where to keep spans: sqlite:PATH or clickhouse://[USER[:PASSWORD]@]HOST:PORT/DATABASE' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_using_subcommand serve" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get facets help" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get facets help" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get facets help" -s h -l help -d 'Print help'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get facets help" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get facets help" -f -a "list" -d 'List traces, newest first'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get facets help" -f -a "get" -d 'Show one trace'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get facets help" -f -a "facets" -d 'Count traces per service, kind, model, agent and status'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get facets help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l range -d 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l from -d 'Only what started at or after this time (RFC 3339, or a duration ago like 2h)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l to -d 'Only what started before this time (RFC 3339, or a duration ago like 30m)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l service -d 'Service name (service.name of the resource)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l kind -d 'Span kind: LLM, CHAIN, TOOL, AGENT, RETRIEVER, EMBEDDING, RERANKER, GUARDRAIL, EVALUATOR, PROMPT, UNKNOWN' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l model -d 'Model name, as the SDK reported it (gpt-4o-mini-2024-07-18)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l provider -d 'Model provider (openai, anthropic…)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l session -d 'Session id' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l user -d 'User id' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l agent -d 'Agent name (a span matches its own agent or its nearest agent ancestor\'s)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l status -d 'Only failed (error) or only successful (ok)' -r -f -a "ok\t''
error\t''"
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l name -d 'Name contains this text (case-insensitive)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l min-duration -d 'At least this long (500ms, 2s, 1m)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l max-duration -d 'At most this long' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l attr -d 'A raw attribute condition: KEY OP VALUE with OP one of = != ~ (contains) > <, or KEY exists The words of every `--attr`, in order (clap\'s derive does not group repeated multi-value flags; the operator word delimits them unambiguously, see `common::filter`)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l text -d 'Text in a span\'s name, attributes (prompts, outputs, tool arguments…), status or events' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l sort -d 'Order by start time, duration, tokens, cost or errors' -r -f -a "start\t''
duration\t''
tokens\t''
cost\t''
errors\t''"
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l order -d 'Direction of the order [default: desc, largest and newest first]' -r -f -a "asc\t''
desc\t''"
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l limit -d 'How many rows (one page, up to 1000)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l cursor -d 'Continue after the page that printed this cursor' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l json -d 'Print JSON; optionally only these comma-separated fields (`--json trace_id,root_name`)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l jsonl -d 'Print one JSON object per line, for streams and `--all`; optionally only these fields' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l all -d 'Stream every page, not just the first (memory stays bounded)'
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
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -l range -d 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -l from -d 'Only what started at or after this time (RFC 3339, or a duration ago like 2h)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -l to -d 'Only what started before this time (RFC 3339, or a duration ago like 30m)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -l service -d 'Service name (service.name of the resource)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -l kind -d 'Span kind: LLM, CHAIN, TOOL, AGENT, RETRIEVER, EMBEDDING, RERANKER, GUARDRAIL, EVALUATOR, PROMPT, UNKNOWN' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -l model -d 'Model name, as the SDK reported it (gpt-4o-mini-2024-07-18)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -l provider -d 'Model provider (openai, anthropic…)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -l session -d 'Session id' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -l user -d 'User id' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -l agent -d 'Agent name (a span matches its own agent or its nearest agent ancestor\'s)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -l status -d 'Only failed (error) or only successful (ok)' -r -f -a "ok\t''
error\t''"
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -l name -d 'Name contains this text (case-insensitive)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -l min-duration -d 'At least this long (500ms, 2s, 1m)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -l max-duration -d 'At most this long' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -l attr -d 'A raw attribute condition: KEY OP VALUE with OP one of = != ~ (contains) > <, or KEY exists The words of every `--attr`, in order (clap\'s derive does not group repeated multi-value flags; the operator word delimits them unambiguously, see `common::filter`)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -l text -d 'Text in a span\'s name, attributes (prompts, outputs, tool arguments…), status or events' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -l json -d 'Print the counts as JSON'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from help" -f -a "list" -d 'List traces, newest first'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show one trace'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from help" -f -a "facets" -d 'Count traces per service, kind, model, agent and status'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c canopy -n "__fish_canopy_using_subcommand span; and not __fish_seen_subcommand_from list get facets help" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and not __fish_seen_subcommand_from list get facets help" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand span; and not __fish_seen_subcommand_from list get facets help" -s h -l help -d 'Print help'
complete -c canopy -n "__fish_canopy_using_subcommand span; and not __fish_seen_subcommand_from list get facets help" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand span; and not __fish_seen_subcommand_from list get facets help" -f -a "list" -d 'Search spans across traces, newest first'
complete -c canopy -n "__fish_canopy_using_subcommand span; and not __fish_seen_subcommand_from list get facets help" -f -a "get" -d 'Show one span'
complete -c canopy -n "__fish_canopy_using_subcommand span; and not __fish_seen_subcommand_from list get facets help" -f -a "facets" -d 'Count spans per service, kind, model, agent and status'
complete -c canopy -n "__fish_canopy_using_subcommand span; and not __fish_seen_subcommand_from list get facets help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l trace-id -d 'Only spans of this trace (a full id or unique prefix)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l scope -d 'all spans, root spans only, or entrypoints (roots and spans whose parent is in another service or missing)' -r -f -a "all\t''
root\t''
entrypoint\t''"
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l range -d 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l from -d 'Only what started at or after this time (RFC 3339, or a duration ago like 2h)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l to -d 'Only what started before this time (RFC 3339, or a duration ago like 30m)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l service -d 'Service name (service.name of the resource)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l kind -d 'Span kind: LLM, CHAIN, TOOL, AGENT, RETRIEVER, EMBEDDING, RERANKER, GUARDRAIL, EVALUATOR, PROMPT, UNKNOWN' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l model -d 'Model name, as the SDK reported it (gpt-4o-mini-2024-07-18)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l provider -d 'Model provider (openai, anthropic…)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l session -d 'Session id' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l user -d 'User id' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l agent -d 'Agent name (a span matches its own agent or its nearest agent ancestor\'s)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l status -d 'Only failed (error) or only successful (ok)' -r -f -a "ok\t''
error\t''"
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l name -d 'Name contains this text (case-insensitive)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l min-duration -d 'At least this long (500ms, 2s, 1m)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l max-duration -d 'At most this long' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l attr -d 'A raw attribute condition: KEY OP VALUE with OP one of = != ~ (contains) > <, or KEY exists The words of every `--attr`, in order (clap\'s derive does not group repeated multi-value flags; the operator word delimits them unambiguously, see `common::filter`)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l text -d 'Text in a span\'s name, attributes (prompts, outputs, tool arguments…), status or events' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l sort -d 'Order by start time, duration, tokens, cost or errors' -r -f -a "start\t''
duration\t''
tokens\t''
cost\t''
errors\t''"
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l order -d 'Direction of the order [default: desc, largest and newest first]' -r -f -a "asc\t''
desc\t''"
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l limit -d 'How many rows (one page, up to 1000)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l cursor -d 'Continue after the page that printed this cursor' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l json -d 'Print JSON; optionally only these comma-separated fields (`--json trace_id,root_name`)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l jsonl -d 'Print one JSON object per line, for streams and `--all`; optionally only these fields' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l all -d 'Stream every page, not just the first (memory stays bounded)'
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from get" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from get" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from get" -l json -d 'Print the span as JSON'
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l trace-id -d 'Only spans of this trace (a full id or unique prefix)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l scope -d 'all spans, root spans only, or entrypoints' -r -f -a "all\t''
root\t''
entrypoint\t''"
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l range -d 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l from -d 'Only what started at or after this time (RFC 3339, or a duration ago like 2h)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l to -d 'Only what started before this time (RFC 3339, or a duration ago like 30m)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l service -d 'Service name (service.name of the resource)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l kind -d 'Span kind: LLM, CHAIN, TOOL, AGENT, RETRIEVER, EMBEDDING, RERANKER, GUARDRAIL, EVALUATOR, PROMPT, UNKNOWN' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l model -d 'Model name, as the SDK reported it (gpt-4o-mini-2024-07-18)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l provider -d 'Model provider (openai, anthropic…)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l session -d 'Session id' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l user -d 'User id' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l agent -d 'Agent name (a span matches its own agent or its nearest agent ancestor\'s)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l status -d 'Only failed (error) or only successful (ok)' -r -f -a "ok\t''
error\t''"
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l name -d 'Name contains this text (case-insensitive)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l min-duration -d 'At least this long (500ms, 2s, 1m)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l max-duration -d 'At most this long' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l attr -d 'A raw attribute condition: KEY OP VALUE with OP one of = != ~ (contains) > <, or KEY exists The words of every `--attr`, in order (clap\'s derive does not group repeated multi-value flags; the operator word delimits them unambiguously, see `common::filter`)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l text -d 'Text in a span\'s name, attributes (prompts, outputs, tool arguments…), status or events' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l json -d 'Print the counts as JSON'
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -s h -l help -d 'Print help'
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from help" -f -a "list" -d 'Search spans across traces, newest first'
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show one span'
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from help" -f -a "facets" -d 'Count spans per service, kind, model, agent and status'
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c canopy -n "__fish_canopy_using_subcommand completions" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand completions" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_using_subcommand completions" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand help; and not __fish_seen_subcommand_from serve trace span completions help" -f -a "serve" -d 'Receive OpenTelemetry traces and serve the query API'
complete -c canopy -n "__fish_canopy_using_subcommand help; and not __fish_seen_subcommand_from serve trace span completions help" -f -a "trace" -d 'List and inspect traces'
complete -c canopy -n "__fish_canopy_using_subcommand help; and not __fish_seen_subcommand_from serve trace span completions help" -f -a "span" -d 'Search and inspect spans'
complete -c canopy -n "__fish_canopy_using_subcommand help; and not __fish_seen_subcommand_from serve trace span completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c canopy -n "__fish_canopy_using_subcommand help; and not __fish_seen_subcommand_from serve trace span completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c canopy -n "__fish_canopy_using_subcommand help; and __fish_seen_subcommand_from trace" -f -a "list" -d 'List traces, newest first'
complete -c canopy -n "__fish_canopy_using_subcommand help; and __fish_seen_subcommand_from trace" -f -a "get" -d 'Show one trace'
complete -c canopy -n "__fish_canopy_using_subcommand help; and __fish_seen_subcommand_from trace" -f -a "facets" -d 'Count traces per service, kind, model, agent and status'
complete -c canopy -n "__fish_canopy_using_subcommand help; and __fish_seen_subcommand_from span" -f -a "list" -d 'Search spans across traces, newest first'
complete -c canopy -n "__fish_canopy_using_subcommand help; and __fish_seen_subcommand_from span" -f -a "get" -d 'Show one span'
complete -c canopy -n "__fish_canopy_using_subcommand help; and __fish_seen_subcommand_from span" -f -a "facets" -d 'Count spans per service, kind, model, agent and status'
