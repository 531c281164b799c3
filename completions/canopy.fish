# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_canopy_global_optspecs
    string join \n endpoint= profile= color= h/help V/version
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
complete -c canopy -n "__fish_canopy_needs_command" -l profile -d 'Use this profile of the config file [env: CANOPY_PROFILE]' -r
complete -c canopy -n "__fish_canopy_needs_command" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_needs_command" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_needs_command" -f -a "serve" -d 'Receive OpenTelemetry traces and serve the query API'
complete -c canopy -n "__fish_canopy_needs_command" -f -a "trace" -d 'List and inspect traces'
complete -c canopy -n "__fish_canopy_needs_command" -f -a "span" -d 'Search and inspect spans'
complete -c canopy -n "__fish_canopy_needs_command" -f -a "session" -d 'List and inspect sessions (conversations across traces)'
complete -c canopy -n "__fish_canopy_needs_command" -f -a "usage" -d 'Tokens and cost rolled up by model, provider, agent, service, session or day'
complete -c canopy -n "__fish_canopy_needs_command" -f -a "config" -d 'Read and change the config file (endpoint, token, profiles, defaults)'
complete -c canopy -n "__fish_canopy_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c canopy -n "__fish_canopy_needs_command" -f -a "instrument" -d 'Wire OpenTelemetry export into a Rust program'
complete -c canopy -n "__fish_canopy_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l listen -d 'Address to listen on [config: serve.listen] [default: 127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l grpc-listen -d 'Address for OTLP/gRPC (traces and logs), or `off` [config: serve.grpc_listen] [default: 127.0.0.1:4317]' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l data-dir -d 'Where to keep the database [env: CANOPY_DATA_DIR] [config: serve.data_dir] [default: the platform data directory]' -r -F
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l store -d 'Where to keep spans: sqlite:PATH or clickhouse://[USER[:PASSWORD]@]HOST:PORT/DATABASE' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l token -d 'Token that opens ingest and the query API [env: CANOPY_SERVER_TOKEN]' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l ingest-token -d 'Token that opens only ingest (POST /v1/traces) [env: CANOPY_INGEST_TOKEN]' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l read-token -d 'Token that opens only the query API [env: CANOPY_READ_TOKEN]' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l retention -d 'Delete traces whose last span ended longer ago than this, or `off` [env: CANOPY_RETENTION] [config: serve.retention] [default: 30d]' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l max-body-size -d 'Largest request body, after decompression [default: 64MiB]' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l max-inflight -d 'Memory all ingest requests together may hold; past it ingest answers 429 [default: 256MiB]' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l max-spans-per-request -d 'Most spans one request may carry [default: 50000]' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l max-attribute-size -d 'Longest attribute value, name or key kept whole; longer ones are cut and marked [default: 1MiB]' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l max-attribute-depth -d 'Deepest array/map nesting kept in an attribute value, 1 to 24 [default: 16]' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l profile -d 'Use this profile of the config file [env: CANOPY_PROFILE]' -r
complete -c canopy -n "__fish_canopy_using_subcommand serve" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_using_subcommand serve" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get facets annotate import export lint diff help" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get facets annotate import export lint diff help" -l profile -d 'Use this profile of the config file [env: CANOPY_PROFILE]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get facets annotate import export lint diff help" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get facets annotate import export lint diff help" -s h -l help -d 'Print help'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get facets annotate import export lint diff help" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get facets annotate import export lint diff help" -f -a "list" -d 'List traces, newest first'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get facets annotate import export lint diff help" -f -a "get" -d 'Show one trace'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get facets annotate import export lint diff help" -f -a "facets" -d 'Count traces per service, kind, model, agent and status'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get facets annotate import export lint diff help" -f -a "annotate" -d 'Record feedback on a trace or one of its spans'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get facets annotate import export lint diff help" -f -a "import" -d 'Send OTLP/JSON trace files to the server'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get facets annotate import export lint diff help" -f -a "export" -d 'Write whole traces as OTLP/JSON lines, re-importable'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get facets annotate import export lint diff help" -f -a "lint" -d 'Report what makes traces hard to trust or read'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get facets annotate import export lint diff help" -f -a "diff" -d 'Compare two traces span by span'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and not __fish_seen_subcommand_from list get facets annotate import export lint diff help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l range -d 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all [config: range]' -r
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
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l annotation -d 'Has an annotation with this label (from `canopy trace annotate` or the SDK\'s feedback)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l sort -d 'Order by start time, duration, tokens, cost or errors' -r -f -a "start\t''
duration\t''
tokens\t''
cost\t''
errors\t''"
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l order -d 'Direction of the order [default: desc, largest and newest first]' -r -f -a "asc\t''
desc\t''"
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l limit -d 'How many rows (one page, up to 1000) [config: limit] [default: 50]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l cursor -d 'Continue after the page that printed this cursor (with --all: stream from there on)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l json -d 'Print JSON; optionally only these comma-separated fields (`--json trace_id,root_name`)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l jsonl -d 'Print one JSON object per line, for streams and `--all`; optionally only these fields' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l max-bytes -d 'Keep what this prints within SIZE bytes (8KiB, 20000), for agents: long values and whatever does not fit are cut, with a marker naming the command that shows the rest' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l interval -d 'With --follow: how often to ask the server for what arrived (100ms to 1h)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l profile -d 'Use this profile of the config file [env: CANOPY_PROFILE]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l all -d 'Stream every page, not just the first (memory stays bounded)'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -l follow -d 'Keep running and print each new row as it arrives, until Ctrl-C (what is stored already is not printed)'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from get" -l view -d 'How to show the trace' -r -f -a "tree\t'Spans under their parents, with kinds, models, tokens, cost and errors'
timeline\t'A waterfall on a shared time axis, with self time and the critical path'
thread\t'The conversation: messages, tool calls and tool results, each once'
summary\t'The trace\'s totals: spans, errors, LLM calls, tokens, cost, session, agents'
json\t'The normalized trace as JSON (same as --json)'
otlp\t'The trace as OTLP/JSON, ready to send to an OTLP receiver again'"
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from get" -l depth -d 'Show spans at most N levels below the top (0: top-level spans only) [tree, timeline]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from get" -l width -d 'Lay the view out for this many columns instead of the terminal\'s width' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from get" -l max-bytes -d 'Keep what this prints within SIZE bytes (8KiB, 20000), for agents: long values and whatever does not fit are cut, with a marker naming the command that shows the rest' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from get" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from get" -l profile -d 'Use this profile of the config file [env: CANOPY_PROFILE]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from get" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from get" -l json -d 'Print the trace as JSON: {"trace_id", "summary", "spans": […]} (same as --view json)'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from get" -l errors -d 'Show only the spans that failed, with their ancestors [tree, timeline]'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from get" -l expand -d 'Show every span: do not fold runs of similar siblings into one row [tree, timeline]'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from get" -l ascii -d 'Draw guides, bars and markers with ASCII characters only'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -l range -d 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all [config: range]' -r
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
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -l annotation -d 'Has an annotation with this label (from `canopy trace annotate` or the SDK\'s feedback)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -l profile -d 'Use this profile of the config file [env: CANOPY_PROFILE]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -l json -d 'Print the counts as JSON'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from facets" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from annotate" -l span -d 'The span the feedback is about (an id or unique prefix); the whole trace if absent' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from annotate" -l label -d 'What the feedback says, e.g. thumbs-up, wrong-tool, faithfulness' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from annotate" -l score -d 'A number, e.g. 1 for thumbs up, 0.4 for a graded metric' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from annotate" -l note -d 'A free-text comment' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from annotate" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from annotate" -l profile -d 'Use this profile of the config file [env: CANOPY_PROFILE]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from annotate" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from annotate" -l json -d 'Print the stored annotation as JSON'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from annotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from annotate" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from import" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from import" -l profile -d 'Use this profile of the config file [env: CANOPY_PROFILE]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from import" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from export" -l range -d 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all [config: range]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from export" -l from -d 'Only what started at or after this time (RFC 3339, or a duration ago like 2h)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from export" -l to -d 'Only what started before this time (RFC 3339, or a duration ago like 30m)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from export" -l service -d 'Service name (service.name of the resource)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from export" -l kind -d 'Span kind: LLM, CHAIN, TOOL, AGENT, RETRIEVER, EMBEDDING, RERANKER, GUARDRAIL, EVALUATOR, PROMPT, UNKNOWN' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from export" -l model -d 'Model name, as the SDK reported it (gpt-4o-mini-2024-07-18)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from export" -l provider -d 'Model provider (openai, anthropic…)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from export" -l session -d 'Session id' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from export" -l user -d 'User id' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from export" -l agent -d 'Agent name (a span matches its own agent or its nearest agent ancestor\'s)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from export" -l status -d 'Only failed (error) or only successful (ok)' -r -f -a "ok\t''
error\t''"
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from export" -l name -d 'Name contains this text (case-insensitive)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from export" -l min-duration -d 'At least this long (500ms, 2s, 1m)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from export" -l max-duration -d 'At most this long' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from export" -l attr -d 'A raw attribute condition: KEY OP VALUE with OP one of = != ~ (contains) > <, or KEY exists The words of every `--attr`, in order (clap\'s derive does not group repeated multi-value flags; the operator word delimits them unambiguously, see `common::filter`)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from export" -l text -d 'Text in a span\'s name, attributes (prompts, outputs, tool arguments…), status or events' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from export" -l annotation -d 'Has an annotation with this label (from `canopy trace annotate` or the SDK\'s feedback)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from export" -s o -l output -d 'Where to write (`-` or absent: standard output)' -r -F
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from export" -l cursor -d 'Continue an export after the page that printed this cursor' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from export" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from export" -l profile -d 'Use this profile of the config file [env: CANOPY_PROFILE]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from export" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from export" -l append -d 'Add to FILE instead of replacing it (to resume with --cursor)'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from lint" -l range -d 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all [config: range]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from lint" -l from -d 'Only what started at or after this time (RFC 3339, or a duration ago like 2h)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from lint" -l to -d 'Only what started before this time (RFC 3339, or a duration ago like 30m)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from lint" -l service -d 'Service name (service.name of the resource)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from lint" -l kind -d 'Span kind: LLM, CHAIN, TOOL, AGENT, RETRIEVER, EMBEDDING, RERANKER, GUARDRAIL, EVALUATOR, PROMPT, UNKNOWN' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from lint" -l model -d 'Model name, as the SDK reported it (gpt-4o-mini-2024-07-18)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from lint" -l provider -d 'Model provider (openai, anthropic…)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from lint" -l session -d 'Session id' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from lint" -l user -d 'User id' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from lint" -l agent -d 'Agent name (a span matches its own agent or its nearest agent ancestor\'s)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from lint" -l status -d 'Only failed (error) or only successful (ok)' -r -f -a "ok\t''
error\t''"
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from lint" -l name -d 'Name contains this text (case-insensitive)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from lint" -l min-duration -d 'At least this long (500ms, 2s, 1m)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from lint" -l max-duration -d 'At most this long' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from lint" -l attr -d 'A raw attribute condition: KEY OP VALUE with OP one of = != ~ (contains) > <, or KEY exists The words of every `--attr`, in order (clap\'s derive does not group repeated multi-value flags; the operator word delimits them unambiguously, see `common::filter`)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from lint" -l text -d 'Text in a span\'s name, attributes (prompts, outputs, tool arguments…), status or events' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from lint" -l annotation -d 'Has an annotation with this label (from `canopy trace annotate` or the SDK\'s feedback)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from lint" -l limit -d 'Without a trace id: check at most this many traces (newest first)' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from lint" -l severity -d 'Only show findings at least this severe' -r -f -a "info\t''
warning\t''
error\t''"
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from lint" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from lint" -l profile -d 'Use this profile of the config file [env: CANOPY_PROFILE]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from lint" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from lint" -l json -d 'Print the findings as a JSON array'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from lint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from lint" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from diff" -l width -d 'Lay the view out for this many columns instead of the terminal\'s width' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from diff" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from diff" -l profile -d 'Use this profile of the config file [env: CANOPY_PROFILE]' -r
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from diff" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from diff" -l io -d 'Also compare model calls\' input and output, and show how they differ'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from diff" -l all -d 'Show every span, not only the differences and their ancestors'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from diff" -l exit-code -d 'Exit 1 when the traces differ in structure, status, model, tokens or cost (or IO, with --io)'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from diff" -l json -d 'Print the comparison as JSON'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from diff" -l ascii -d 'Draw guides and markers with ASCII characters only'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from diff" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from help" -f -a "list" -d 'List traces, newest first'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show one trace'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from help" -f -a "facets" -d 'Count traces per service, kind, model, agent and status'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from help" -f -a "annotate" -d 'Record feedback on a trace or one of its spans'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from help" -f -a "import" -d 'Send OTLP/JSON trace files to the server'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write whole traces as OTLP/JSON lines, re-importable'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from help" -f -a "lint" -d 'Report what makes traces hard to trust or read'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from help" -f -a "diff" -d 'Compare two traces span by span'
complete -c canopy -n "__fish_canopy_using_subcommand trace; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c canopy -n "__fish_canopy_using_subcommand span; and not __fish_seen_subcommand_from list get facets help" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and not __fish_seen_subcommand_from list get facets help" -l profile -d 'Use this profile of the config file [env: CANOPY_PROFILE]' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and not __fish_seen_subcommand_from list get facets help" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]' -r -f -a "auto\t''
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
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l range -d 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all [config: range]' -r
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
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l annotation -d 'Has an annotation with this label (from `canopy trace annotate` or the SDK\'s feedback)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l sort -d 'Order by start time, duration, tokens, cost or errors' -r -f -a "start\t''
duration\t''
tokens\t''
cost\t''
errors\t''"
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l order -d 'Direction of the order [default: desc, largest and newest first]' -r -f -a "asc\t''
desc\t''"
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l limit -d 'How many rows (one page, up to 1000) [config: limit] [default: 50]' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l cursor -d 'Continue after the page that printed this cursor (with --all: stream from there on)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l json -d 'Print JSON; optionally only these comma-separated fields (`--json trace_id,root_name`)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l jsonl -d 'Print one JSON object per line, for streams and `--all`; optionally only these fields' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l max-bytes -d 'Keep what this prints within SIZE bytes (8KiB, 20000), for agents: long values and whatever does not fit are cut, with a marker naming the command that shows the rest' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l interval -d 'With --follow: how often to ask the server for what arrived (100ms to 1h)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l profile -d 'Use this profile of the config file [env: CANOPY_PROFILE]' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l all -d 'Stream every page, not just the first (memory stays bounded)'
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -l follow -d 'Keep running and print each new row as it arrives, until Ctrl-C (what is stored already is not printed)'
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from get" -l view -d 'How to show the span' -r -f -a "summary\t'What the span is, who ran it, what it cost, how it ended'
io\t'Its input and output: messages by role, tool calls, JSON indented'
attributes\t'Normalized fields with their source keys, raw attributes, resource, scope'
events\t'Its events; exceptions with type, message and stack trace'
json\t'The whole normalized span as JSON (same as --json)'"
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from get" -l width -d 'Lay the view out for this many columns instead of the terminal\'s width' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from get" -l max-bytes -d 'Keep what this prints within SIZE bytes (8KiB, 20000), for agents: long values and whatever does not fit are cut, with a marker naming the command that shows the rest' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from get" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from get" -l profile -d 'Use this profile of the config file [env: CANOPY_PROFILE]' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from get" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from get" -l json -d 'Print the span as JSON (same as --view json)'
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l trace-id -d 'Only spans of this trace (a full id or unique prefix)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l scope -d 'all spans, root spans only, or entrypoints' -r -f -a "all\t''
root\t''
entrypoint\t''"
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l range -d 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all [config: range]' -r
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
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l annotation -d 'Has an annotation with this label (from `canopy trace annotate` or the SDK\'s feedback)' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l profile -d 'Use this profile of the config file [env: CANOPY_PROFILE]' -r
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -l json -d 'Print the counts as JSON'
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -s h -l help -d 'Print help'
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from facets" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from help" -f -a "list" -d 'Search spans across traces, newest first'
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show one span'
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from help" -f -a "facets" -d 'Count spans per service, kind, model, agent and status'
complete -c canopy -n "__fish_canopy_using_subcommand span; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c canopy -n "__fish_canopy_using_subcommand session; and not __fish_seen_subcommand_from list get help" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand session; and not __fish_seen_subcommand_from list get help" -l profile -d 'Use this profile of the config file [env: CANOPY_PROFILE]' -r
complete -c canopy -n "__fish_canopy_using_subcommand session; and not __fish_seen_subcommand_from list get help" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand session; and not __fish_seen_subcommand_from list get help" -s h -l help -d 'Print help'
complete -c canopy -n "__fish_canopy_using_subcommand session; and not __fish_seen_subcommand_from list get help" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand session; and not __fish_seen_subcommand_from list get help" -f -a "list" -d 'List sessions, most recently active first'
complete -c canopy -n "__fish_canopy_using_subcommand session; and not __fish_seen_subcommand_from list get help" -f -a "get" -d 'Show a session: its turns in order, each with its trace, model calls, tokens and cost'
complete -c canopy -n "__fish_canopy_using_subcommand session; and not __fish_seen_subcommand_from list get help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from list" -l range -d 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all [config: range]' -r
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from list" -l from -d 'Only what started at or after this time (RFC 3339, or a duration ago like 2h)' -r
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from list" -l to -d 'Only what started before this time (RFC 3339, or a duration ago like 30m)' -r
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from list" -l service -d 'Service name (service.name of the resource)' -r
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from list" -l kind -d 'Span kind: LLM, CHAIN, TOOL, AGENT, RETRIEVER, EMBEDDING, RERANKER, GUARDRAIL, EVALUATOR, PROMPT, UNKNOWN' -r
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from list" -l model -d 'Model name, as the SDK reported it (gpt-4o-mini-2024-07-18)' -r
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from list" -l provider -d 'Model provider (openai, anthropic…)' -r
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from list" -l session -d 'Session id' -r
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from list" -l user -d 'User id' -r
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from list" -l agent -d 'Agent name (a span matches its own agent or its nearest agent ancestor\'s)' -r
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from list" -l status -d 'Only failed (error) or only successful (ok)' -r -f -a "ok\t''
error\t''"
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from list" -l name -d 'Name contains this text (case-insensitive)' -r
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from list" -l min-duration -d 'At least this long (500ms, 2s, 1m)' -r
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from list" -l max-duration -d 'At most this long' -r
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from list" -l attr -d 'A raw attribute condition: KEY OP VALUE with OP one of = != ~ (contains) > <, or KEY exists The words of every `--attr`, in order (clap\'s derive does not group repeated multi-value flags; the operator word delimits them unambiguously, see `common::filter`)' -r
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from list" -l text -d 'Text in a span\'s name, attributes (prompts, outputs, tool arguments…), status or events' -r
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from list" -l annotation -d 'Has an annotation with this label (from `canopy trace annotate` or the SDK\'s feedback)' -r
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from list" -l limit -d 'How many sessions (up to 1000) [config: limit] [default: 50]' -r
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from list" -l cursor -d 'Continue after the page that printed this cursor' -r
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from list" -l json -d 'Print JSON; optionally only these comma-separated fields (`--json trace_id,root_name`)' -r
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from list" -l jsonl -d 'Print one JSON object per line, for streams and `--all`; optionally only these fields' -r
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from list" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from list" -l profile -d 'Use this profile of the config file [env: CANOPY_PROFILE]' -r
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from list" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from get" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from get" -l profile -d 'Use this profile of the config file [env: CANOPY_PROFILE]' -r
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from get" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from get" -l json -d 'Print the session as JSON: {"session", "traces": […]}'
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "list" -d 'List sessions, most recently active first'
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show a session: its turns in order, each with its trace, model calls, tokens and cost'
complete -c canopy -n "__fish_canopy_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c canopy -n "__fish_canopy_using_subcommand usage" -l by -d 'What to group by' -r -f -a "model\t''
provider\t''
agent\t''
service\t''
session\t''
day\t''"
complete -c canopy -n "__fish_canopy_using_subcommand usage" -l range -d 'Only what started within this long before now: 15m, 1h, 24h, 7d… or all [config: range]' -r
complete -c canopy -n "__fish_canopy_using_subcommand usage" -l from -d 'Only what started at or after this time (RFC 3339, or a duration ago like 2h)' -r
complete -c canopy -n "__fish_canopy_using_subcommand usage" -l to -d 'Only what started before this time (RFC 3339, or a duration ago like 30m)' -r
complete -c canopy -n "__fish_canopy_using_subcommand usage" -l service -d 'Service name (service.name of the resource)' -r
complete -c canopy -n "__fish_canopy_using_subcommand usage" -l kind -d 'Span kind: LLM, CHAIN, TOOL, AGENT, RETRIEVER, EMBEDDING, RERANKER, GUARDRAIL, EVALUATOR, PROMPT, UNKNOWN' -r
complete -c canopy -n "__fish_canopy_using_subcommand usage" -l model -d 'Model name, as the SDK reported it (gpt-4o-mini-2024-07-18)' -r
complete -c canopy -n "__fish_canopy_using_subcommand usage" -l provider -d 'Model provider (openai, anthropic…)' -r
complete -c canopy -n "__fish_canopy_using_subcommand usage" -l session -d 'Session id' -r
complete -c canopy -n "__fish_canopy_using_subcommand usage" -l user -d 'User id' -r
complete -c canopy -n "__fish_canopy_using_subcommand usage" -l agent -d 'Agent name (a span matches its own agent or its nearest agent ancestor\'s)' -r
complete -c canopy -n "__fish_canopy_using_subcommand usage" -l status -d 'Only failed (error) or only successful (ok)' -r -f -a "ok\t''
error\t''"
complete -c canopy -n "__fish_canopy_using_subcommand usage" -l name -d 'Name contains this text (case-insensitive)' -r
complete -c canopy -n "__fish_canopy_using_subcommand usage" -l min-duration -d 'At least this long (500ms, 2s, 1m)' -r
complete -c canopy -n "__fish_canopy_using_subcommand usage" -l max-duration -d 'At most this long' -r
complete -c canopy -n "__fish_canopy_using_subcommand usage" -l attr -d 'A raw attribute condition: KEY OP VALUE with OP one of = != ~ (contains) > <, or KEY exists The words of every `--attr`, in order (clap\'s derive does not group repeated multi-value flags; the operator word delimits them unambiguously, see `common::filter`)' -r
complete -c canopy -n "__fish_canopy_using_subcommand usage" -l text -d 'Text in a span\'s name, attributes (prompts, outputs, tool arguments…), status or events' -r
complete -c canopy -n "__fish_canopy_using_subcommand usage" -l annotation -d 'Has an annotation with this label (from `canopy trace annotate` or the SDK\'s feedback)' -r
complete -c canopy -n "__fish_canopy_using_subcommand usage" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand usage" -l profile -d 'Use this profile of the config file [env: CANOPY_PROFILE]' -r
complete -c canopy -n "__fish_canopy_using_subcommand usage" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand usage" -l json -d 'Print one JSON object per group, the key under its own name (`model`, `agent`…)'
complete -c canopy -n "__fish_canopy_using_subcommand usage" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_using_subcommand usage" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -l profile -d 'Use this profile of the config file [env: CANOPY_PROFILE]' -r
complete -c canopy -n "__fish_canopy_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -s h -l help -d 'Print help'
complete -c canopy -n "__fish_canopy_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -f -a "path" -d 'Print where the config file is (CANOPY_CONFIG, or the platform config directory)'
complete -c canopy -n "__fish_canopy_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -f -a "get" -d 'Print the value of a key in the config file (exit 1 when it is not set)'
complete -c canopy -n "__fish_canopy_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -f -a "set" -d 'Set a key in the config file, creating the file and its tables as needed'
complete -c canopy -n "__fish_canopy_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -f -a "unset" -d 'Remove a key, or a whole table such as `profiles.prod`, from the config file'
complete -c canopy -n "__fish_canopy_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -f -a "list" -d 'List what the config file sets, or with --effective what is in effect and why'
complete -c canopy -n "__fish_canopy_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from path" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from path" -l profile -d 'Use this profile of the config file [env: CANOPY_PROFILE]' -r
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from path" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help'
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from path" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from get" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from get" -l profile -d 'Use this profile of the config file [env: CANOPY_PROFILE]' -r
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from get" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from set" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from set" -l profile -d 'Use this profile of the config file [env: CANOPY_PROFILE]' -r
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from set" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from unset" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from unset" -l profile -d 'Use this profile of the config file [env: CANOPY_PROFILE]' -r
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from unset" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from unset" -s h -l help -d 'Print help'
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from unset" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from list" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from list" -l profile -d 'Use this profile of the config file [env: CANOPY_PROFILE]' -r
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from list" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from list" -l effective -d 'Show the settings client commands would use, after the profile, environment and flags, with where each comes from'
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from list" -l json -d 'Print JSON'
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "path" -d 'Print where the config file is (CANOPY_CONFIG, or the platform config directory)'
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "get" -d 'Print the value of a key in the config file (exit 1 when it is not set)'
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "set" -d 'Set a key in the config file, creating the file and its tables as needed'
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "unset" -d 'Remove a key, or a whole table such as `profiles.prod`, from the config file'
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "list" -d 'List what the config file sets, or with --effective what is in effect and why'
complete -c canopy -n "__fish_canopy_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c canopy -n "__fish_canopy_using_subcommand completions" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand completions" -l profile -d 'Use this profile of the config file [env: CANOPY_PROFILE]' -r
complete -c canopy -n "__fish_canopy_using_subcommand completions" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_using_subcommand completions" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand instrument" -l path -d 'The Cargo project to instrument [default: the current directory]' -r -F
complete -c canopy -n "__fish_canopy_using_subcommand instrument" -l package -d 'The package to instrument, when the project is a workspace' -r
complete -c canopy -n "__fish_canopy_using_subcommand instrument" -l bin -d 'The binary to instrument, when there are several' -r
complete -c canopy -n "__fish_canopy_using_subcommand instrument" -l timeout -d 'How long --verify waits for the first trace once the program has started' -r
complete -c canopy -n "__fish_canopy_using_subcommand instrument" -l endpoint -d 'The canopy server to talk to [env: CANOPY_ENDPOINT] [default: http://127.0.0.1:4318]' -r
complete -c canopy -n "__fish_canopy_using_subcommand instrument" -l profile -d 'Use this profile of the config file [env: CANOPY_PROFILE]' -r
complete -c canopy -n "__fish_canopy_using_subcommand instrument" -l color -d 'When to use color: auto (a terminal, unless NO_COLOR is set), always, never [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c canopy -n "__fish_canopy_using_subcommand instrument" -l dry-run -d 'Print the changes as a unified diff and change nothing'
complete -c canopy -n "__fish_canopy_using_subcommand instrument" -l yes -d 'Apply the changes without asking'
complete -c canopy -n "__fish_canopy_using_subcommand instrument" -l allow-dirty -d 'Change files even when the git tree has uncommitted changes'
complete -c canopy -n "__fish_canopy_using_subcommand instrument" -l undo -d 'Take out exactly what canopy instrument added'
complete -c canopy -n "__fish_canopy_using_subcommand instrument" -l check -d 'Run cargo check after the change, and roll it back if the project no longer builds'
complete -c canopy -n "__fish_canopy_using_subcommand instrument" -l verify -d 'Build and run the program against the canopy server and wait for its first trace'
complete -c canopy -n "__fish_canopy_using_subcommand instrument" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c canopy -n "__fish_canopy_using_subcommand instrument" -s V -l version -d 'Print version'
complete -c canopy -n "__fish_canopy_using_subcommand help; and not __fish_seen_subcommand_from serve trace span session usage config completions instrument help" -f -a "serve" -d 'Receive OpenTelemetry traces and serve the query API'
complete -c canopy -n "__fish_canopy_using_subcommand help; and not __fish_seen_subcommand_from serve trace span session usage config completions instrument help" -f -a "trace" -d 'List and inspect traces'
complete -c canopy -n "__fish_canopy_using_subcommand help; and not __fish_seen_subcommand_from serve trace span session usage config completions instrument help" -f -a "span" -d 'Search and inspect spans'
complete -c canopy -n "__fish_canopy_using_subcommand help; and not __fish_seen_subcommand_from serve trace span session usage config completions instrument help" -f -a "session" -d 'List and inspect sessions (conversations across traces)'
complete -c canopy -n "__fish_canopy_using_subcommand help; and not __fish_seen_subcommand_from serve trace span session usage config completions instrument help" -f -a "usage" -d 'Tokens and cost rolled up by model, provider, agent, service, session or day'
complete -c canopy -n "__fish_canopy_using_subcommand help; and not __fish_seen_subcommand_from serve trace span session usage config completions instrument help" -f -a "config" -d 'Read and change the config file (endpoint, token, profiles, defaults)'
complete -c canopy -n "__fish_canopy_using_subcommand help; and not __fish_seen_subcommand_from serve trace span session usage config completions instrument help" -f -a "completions" -d 'Print a shell completion script'
complete -c canopy -n "__fish_canopy_using_subcommand help; and not __fish_seen_subcommand_from serve trace span session usage config completions instrument help" -f -a "instrument" -d 'Wire OpenTelemetry export into a Rust program'
complete -c canopy -n "__fish_canopy_using_subcommand help; and not __fish_seen_subcommand_from serve trace span session usage config completions instrument help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c canopy -n "__fish_canopy_using_subcommand help; and __fish_seen_subcommand_from trace" -f -a "list" -d 'List traces, newest first'
complete -c canopy -n "__fish_canopy_using_subcommand help; and __fish_seen_subcommand_from trace" -f -a "get" -d 'Show one trace'
complete -c canopy -n "__fish_canopy_using_subcommand help; and __fish_seen_subcommand_from trace" -f -a "facets" -d 'Count traces per service, kind, model, agent and status'
complete -c canopy -n "__fish_canopy_using_subcommand help; and __fish_seen_subcommand_from trace" -f -a "annotate" -d 'Record feedback on a trace or one of its spans'
complete -c canopy -n "__fish_canopy_using_subcommand help; and __fish_seen_subcommand_from trace" -f -a "import" -d 'Send OTLP/JSON trace files to the server'
complete -c canopy -n "__fish_canopy_using_subcommand help; and __fish_seen_subcommand_from trace" -f -a "export" -d 'Write whole traces as OTLP/JSON lines, re-importable'
complete -c canopy -n "__fish_canopy_using_subcommand help; and __fish_seen_subcommand_from trace" -f -a "lint" -d 'Report what makes traces hard to trust or read'
complete -c canopy -n "__fish_canopy_using_subcommand help; and __fish_seen_subcommand_from trace" -f -a "diff" -d 'Compare two traces span by span'
complete -c canopy -n "__fish_canopy_using_subcommand help; and __fish_seen_subcommand_from span" -f -a "list" -d 'Search spans across traces, newest first'
complete -c canopy -n "__fish_canopy_using_subcommand help; and __fish_seen_subcommand_from span" -f -a "get" -d 'Show one span'
complete -c canopy -n "__fish_canopy_using_subcommand help; and __fish_seen_subcommand_from span" -f -a "facets" -d 'Count spans per service, kind, model, agent and status'
complete -c canopy -n "__fish_canopy_using_subcommand help; and __fish_seen_subcommand_from session" -f -a "list" -d 'List sessions, most recently active first'
complete -c canopy -n "__fish_canopy_using_subcommand help; and __fish_seen_subcommand_from session" -f -a "get" -d 'Show a session: its turns in order, each with its trace, model calls, tokens and cost'
complete -c canopy -n "__fish_canopy_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "path" -d 'Print where the config file is (CANOPY_CONFIG, or the platform config directory)'
complete -c canopy -n "__fish_canopy_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "get" -d 'Print the value of a key in the config file (exit 1 when it is not set)'
complete -c canopy -n "__fish_canopy_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "set" -d 'Set a key in the config file, creating the file and its tables as needed'
complete -c canopy -n "__fish_canopy_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "unset" -d 'Remove a key, or a whole table such as `profiles.prod`, from the config file'
complete -c canopy -n "__fish_canopy_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "list" -d 'List what the config file sets, or with --effective what is in effect and why'
