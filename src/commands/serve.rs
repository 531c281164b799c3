//! `canopy serve`

use anyhow::Context as _;
use tokio::net::TcpListener;

use crate::cli::ServeArgs;
use crate::config::{self, ConfigFile, ServeSettings, env};
use crate::error::Failure;
use crate::server;
use crate::store::{self, Location};
use crate::ui::Ui;

pub fn run(ui: &Ui, args: ServeArgs, file: &ConfigFile) -> anyhow::Result<()> {
    let settings = ServeSettings::resolve(&args, file, &config::process_env())?;
    ui.init_logging(&env::var(env::CANOPY_LOG).unwrap_or_else(|| "info".into()));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        let location = &settings.store;
        let store = match location {
            Location::ClickHouse(_) => store::open(location).await.map_err(|e| {
                Failure::new(
                    format!("cannot open the store: {e}"),
                    "is ClickHouse running and reachable? check the URL and CANOPY_CLICKHOUSE_PASSWORD",
                )
            })?,
            Location::Sqlite(path) => store::open(location)
                .await
                .with_context(|| format!("opening the store at {}", path.display()))?,
        };
        let listener = TcpListener::bind(settings.listen).await.map_err(|e| {
            let hint = if e.kind() == std::io::ErrorKind::AddrInUse {
                "is another `canopy serve` running? pass --listen 127.0.0.1:PORT to use another port"
            } else {
                "pass --listen ADDR:PORT with an address of this machine"
            };
            Failure::new(format!("cannot listen on {}: {e}", settings.listen), hint)
        })?;
        let config = settings.server;
        // gRPC is a second door: when its default port is taken (a collector often holds
        // 4317), say so and serve HTTP alone; an explicitly chosen address must work.
        let grpc = match settings.grpc_listen {
            None => None,
            Some(addr) => match TcpListener::bind(addr).await {
                Ok(l) => Some(l),
                Err(e) if addr == crate::cli::DEFAULT_GRPC_LISTEN.parse()? => {
                    tracing::warn!("OTLP/gRPC off: cannot listen on {addr}: {e} (pass --grpc-listen ADDR or off)");
                    None
                }
                Err(e) => {
                    return Err(Failure::new(
                        format!("cannot listen for OTLP/gRPC on {addr}: {e}"),
                        "pass --grpc-listen ADDR:PORT, or --grpc-listen off",
                    )
                    .into());
                }
            },
        };
        if let Some(g) = &grpc {
            tracing::info!("OTLP/gRPC on {}", g.local_addr()?);
        }
        tracing::info!(
            "canopy {} listening on http://{} (OTLP/HTTP at /v1/traces, query API at /api/v1), store {}",
            env!("CARGO_PKG_VERSION"),
            listener.local_addr()?,
            location
        );
        tracing::info!(
            "tokens: {}; retention: {}; max body {} MiB, in flight {} MiB, {} spans per request",
            if config.auth.protects_everything() { "required" } else if config.auth == server::Auth::open() { "none (loopback only)" } else { "partly required" },
            config.retention.map_or_else(|| "off".to_string(), |d| humantime::format_duration(d).to_string()),
            config.limits.max_body_bytes >> 20,
            config.limits.max_inflight_bytes >> 20,
            config.limits.max_spans_per_request,
        );
        let mut server = server::Server::new(store, config);
        if let Some(g) = grpc {
            server = server.with_grpc(g);
        }
        server.serve(listener, shutdown_signal()).await?;
        tracing::info!("stopped; every acknowledged span is committed");
        Ok(())
    })
}
/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
    tracing::info!("shutting down: finishing requests in flight");
}
