//! `canopy instrument`: find the binary → plan → show → confirm → apply → check → verify.
//!
//! The decisions live in `crate::instrument` (pure planning, atomic apply); this file asks the
//! questions, prints through the `Ui`, and runs the program for `--verify`.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::cli::GlobalArgs;
use crate::cli::instrument::InstrumentArgs;
use crate::client::Client;
use crate::config::{self, ConfigFile, Settings};
use crate::error::{CodedFailure, Failure, UsageError, exit};
use crate::instrument::cargo::{self, BinRef};
use crate::instrument::{
    self, ErrorKind, FileEdit, InstrumentError, Outcome, Plan, Project, Target, diff, git,
};
use crate::model::{Nanos, TraceQuery, TraceSummary};
use crate::ui::Ui;

/// How often `--verify` asks the server for the trace.
const POLL: Duration = Duration::from_millis(200);
/// How long `--verify` keeps asking after the program has exited (its last export is in flight).
const AFTER_EXIT: Duration = Duration::from_secs(3);

pub fn run(
    ui: &Ui,
    global: &GlobalArgs,
    file: Result<ConfigFile, UsageError>,
    args: &InstrumentArgs,
) -> anyhow::Result<()> {
    // --verify needs the server: find out before changing anything.
    let server = if args.verify {
        let settings = Settings::resolve(global, &file?, &config::process_env())?;
        let client = Client::new(settings.endpoint.clone(), settings.token.as_ref());
        super::block_on(client.list_traces(&TraceQuery {
            limit: Some(1),
            ..TraceQuery::default()
        }))?;
        Some(client)
    } else {
        None
    };
    let dir = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let project = Project::load(&dir).map_err(explain)?;
    let target = choose(ui, &project, args)?;
    let outcome = if args.undo {
        instrument::plan_undo(&project, target)
    } else {
        instrument::plan_instrument(&project, target)
    }
    .map_err(explain)?;
    let plan = match outcome {
        Outcome::Nothing(why) => {
            ui.note(&why);
            if let Some(client) = &server {
                verify(ui, global, client, &project, target, args)?;
            }
            return Ok(());
        }
        Outcome::Changes(plan) => plan,
    };
    for warning in &plan.warnings {
        ui.warn(warning);
    }
    let diff = diff::render(&plan, ui.styles());
    if args.dry_run {
        ui.emit_lines(&diff)?;
        ui.note("dry run: nothing was changed");
        return Ok(());
    }
    // Undo only takes out canopy's own lines, so it may run on the tree instrument left dirty.
    if !args.allow_dirty && !args.undo {
        let dirty = git::dirty_paths(&project.dir);
        if !dirty.is_empty() {
            let shown: Vec<&str> = dirty.iter().take(5).map(String::as_str).collect();
            return Err(Failure::new(
                format!(
                    "the git tree has uncommitted changes ({}{}); nothing was changed",
                    shown.join(", "),
                    if dirty.len() > 5 { ", …" } else { "" }
                ),
                "commit or stash them first, so this change can be reviewed and reverted on its \
                 own, or pass --allow-dirty",
            )
            .into());
        }
    }
    if !args.yes {
        confirm(ui, &diff, args.undo)?;
    }
    instrument::apply(&plan).map_err(explain)?;
    for line in &plan.summary {
        ui.note(line);
    }
    let bin = project.bin(target);
    if args.check {
        check(ui, &project, target, &plan)?;
    }
    if let Some(client) = &server {
        verify(ui, global, client, &project, target, args)?;
    } else if !args.undo {
        ui.hint(&format!(
            "run `canopy serve`, then run {} as usual: its spans appear in `canopy trace list`",
            bin.name
        ));
    }
    Ok(())
}

/// Turns instrument's refusals into the errors that carry exit codes and hints.
fn explain(err: anyhow::Error) -> anyhow::Error {
    match err.downcast::<InstrumentError>() {
        Ok(e) => match e.kind {
            ErrorKind::Usage => UsageError {
                message: e.message,
                hint: e.hint,
            }
            .into(),
            ErrorKind::Refused => Failure {
                message: e.message,
                hint: e.hint,
            }
            .into(),
        },
        Err(err) => err,
    }
}

fn cancelled(what: &str) -> anyhow::Error {
    CodedFailure {
        code: exit::INTERRUPTED,
        message: format!("{what}: nothing was changed"),
        hint: None,
    }
    .into()
}

/// The one binary to work on: the only candidate, the user's pick, or a usage error listing them.
fn choose(ui: &Ui, project: &Project, args: &InstrumentArgs) -> anyhow::Result<Target> {
    let mut candidates = project
        .candidates(args.package.as_deref(), args.bin.as_deref())
        .map_err(|e| explain(e.into()))?;
    if args.undo && candidates.len() > 1 {
        let instrumented: Vec<Target> = candidates
            .iter()
            .copied()
            .filter(|&t| instrument::is_instrumented(project, t))
            .collect();
        if !instrumented.is_empty() {
            candidates = instrumented;
        }
    }
    if let [only] = candidates.as_slice() {
        return Ok(*only);
    }
    let labels: Vec<String> = candidates.iter().map(|&t| project.label(t)).collect();
    if ui.can_prompt() {
        return match ui.select("Which binary?", &labels)? {
            Some(i) => Ok(candidates[i]),
            None => Err(cancelled("cancelled")),
        };
    }
    Err(UsageError::new(format!(
        "{} has {} binaries; choose one:\n  {}",
        project.dir.display(),
        labels.len(),
        labels.join("\n  ")
    ))
    .with_hint("pass --package and --bin as listed (on a terminal, canopy asks)")
    .into())
}

fn confirm(ui: &Ui, diff: &[String], undo: bool) -> anyhow::Result<()> {
    if !ui.can_prompt() {
        return Err(UsageError::new(
            "--yes is required to change files when not running interactively",
        )
        .with_hint("pass --yes to apply, or --dry-run to see the diff")
        .into());
    }
    ui.emit_lines(diff)?;
    let question = if undo {
        "Undo these changes?"
    } else {
        "Apply these changes?"
    };
    match ui.confirm(question)? {
        Some(true) => Ok(()),
        _ => Err(cancelled("not applied")),
    }
}

fn bin_ref<'a>(project: &'a Project, target: Target) -> BinRef<'a> {
    let package = project.package(target);
    BinRef {
        manifest: &package.manifest.path,
        package: &package.name,
        bin: &project.bin(target).name,
    }
}

fn warn_switches(ui: &Ui, project: &Project, target: Target) {
    for feature in cargo::resolved_switches(&project.package(target).manifest.path) {
        ui.warn(&format!(
            "a crate in the dependency graph enables opentelemetry-otlp's `{feature}`: the \
             exporter then uses an async client whose thread panics without a Tokio runtime, and \
             spans are lost; find it with `cargo tree -e features -i opentelemetry-otlp`"
        ));
    }
}

/// `cargo check`; on failure everything goes back as it was, Cargo.lock included.
fn check(ui: &Ui, project: &Project, target: Target, plan: &Plan) -> anyhow::Result<()> {
    ui.note("running cargo check (a first build of the OpenTelemetry crates takes a minute)…");
    let lock = project.lock_dir().join("Cargo.lock");
    let read_lock = || fs_err::read_to_string(&lock).ok();
    let lock_before = read_lock();
    let Err(output) = cargo::check(bin_ref(project, target))? else {
        ui.note("cargo check: the project builds");
        warn_switches(ui, project, target);
        return Ok(());
    };
    let mut rollback = instrument::inverse(plan);
    let lock_now = read_lock();
    if lock_now != lock_before {
        rollback.edits.push(FileEdit {
            display: project.display(&lock),
            path: lock,
            before: lock_now,
            after: lock_before,
        });
    }
    instrument::apply(&rollback).map_err(explain)?;
    let lines: Vec<&str> = output.lines().collect();
    for line in &lines[lines.len().saturating_sub(40)..] {
        ui.note(line);
    }
    Err(Failure::new(
        "cargo check failed with the change, so it was rolled back: nothing was changed",
        "the errors above say why; `canopy instrument --dry-run` shows the change",
    )
    .into())
}

/// Builds and runs the program against the server until its first trace arrives.
fn verify(
    ui: &Ui,
    global: &GlobalArgs,
    client: &Client,
    project: &Project,
    target: Target,
    args: &InstrumentArgs,
) -> anyhow::Result<()> {
    let bin = project.bin(target);
    ui.note(&format!("building {}…", bin.name));
    let exe = match cargo::build(bin_ref(project, target))? {
        Ok(exe) => exe,
        Err(output) => {
            ui.note(output.trim_end());
            return Err(Failure::new(
                format!("{} does not build", bin.name),
                "fix the errors above, then run canopy instrument --verify again",
            )
            .into());
        }
    };
    warn_switches(ui, project, target);
    let service = crate::config::env::var(instrument::OTEL_SERVICE_NAME)
        .unwrap_or_else(|| project.package(target).name.clone());
    let endpoint = client.endpoint().as_str().trim_end_matches('/').to_string();
    let since = Nanos::from_timestamp(jiff::Timestamp::now()).0 - 2_000_000_000;
    ui.note(&format!(
        "running {} with {}={endpoint}; waiting up to {} for a trace from service {service:?}",
        bin.name,
        instrument::OTEL_EXPORTER_OTLP_ENDPOINT,
        humantime::format_duration(args.timeout)
    ));
    let mut child = Command::new(&exe)
        .args(&args.program_args)
        .current_dir(&project.package(target).dir)
        .env(instrument::OTEL_EXPORTER_OTLP_ENDPOINT, &endpoint)
        .env_remove(instrument::OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
        .stdin(Stdio::null())
        .stdout(ui.child_stdout())
        .spawn()
        .map_err(|e| {
            Failure::new(
                format!("cannot run {}: {e}", exe.display()),
                "build it with cargo build and try again",
            )
        })?;
    let found = super::block_on(wait_for_trace(
        client,
        &service,
        Nanos(since),
        args.timeout,
        &mut child,
    ));
    let status = match child.try_wait() {
        Ok(Some(status)) => Some(status),
        _ => {
            // Our own child, stopped by its handle: a server-like program would run forever.
            let _ = child.kill();
            let _ = child.wait();
            if found.as_ref().is_ok_and(Option::is_some) {
                ui.note(&format!(
                    "stopped {} after its first trace arrived",
                    bin.name
                ));
            }
            None
        }
    };
    let Some(trace) = found? else {
        let why = match status {
            Some(s) if !s.success() => format!("{} exited with {s}", bin.name),
            _ => format!(
                "check that {} opens tracing spans at INFO or above (#[tracing::instrument], \
                 info_span!, telemetry::agent_span…) and that OTEL_SERVICE_NAME is what you expect",
                bin.name
            ),
        };
        return Err(CodedFailure {
            code: exit::NO_TRACE,
            message: format!(
                "no trace from service {service:?} arrived at {endpoint} within {}",
                humantime::format_duration(args.timeout)
            ),
            hint: Some(why),
        }
        .into());
    };
    ui.note(&format!(
        "a trace from {service} arrived: {} ({} spans)",
        trace.root_name, trace.span_count
    ));
    let mut flag = String::new();
    if let Some(p) = &global.profile {
        flag.push_str(&format!(" --profile {p}"));
    }
    if let Some(e) = &global.endpoint {
        flag.push_str(&format!(" --endpoint {e}"));
    }
    ui.emit(&format!("canopy trace get {}{flag}", trace.trace_id))?;
    Ok(())
}

/// Polls the server for a trace of `service` that started after `since`, until `timeout` has
/// passed or the program has been gone for a little while.
async fn wait_for_trace(
    client: &Client,
    service: &str,
    since: Nanos,
    timeout: Duration,
    child: &mut Child,
) -> anyhow::Result<Option<TraceSummary>> {
    let deadline = Instant::now() + timeout;
    let mut exited: Option<Instant> = None;
    loop {
        let query = TraceQuery {
            filter: crate::model::Filter {
                from: Some(since),
                service: vec![service.to_string()],
                ..Default::default()
            },
            limit: Some(1),
            ..TraceQuery::default()
        };
        let page = client.list_traces(&query).await?;
        if let Some(t) = page.traces.into_iter().next() {
            return Ok(Some(t));
        }
        if exited.is_none() && matches!(child.try_wait(), Ok(Some(_))) {
            exited = Some(Instant::now());
        }
        let now = Instant::now();
        if now >= deadline || exited.is_some_and(|at| now.duration_since(at) >= AFTER_EXIT) {
            return Ok(None);
        }
        tokio::time::sleep(POLL).await;
    }
}
