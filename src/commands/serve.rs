//! `canopy serve`

use anyhow::Context as _;
use tokio::net::TcpListener;

use crate::cli::ServeArgs;
use crate::config::{self, env};
use crate::error::Failure;
use crate::server::{self, Limits};
use crate::store::{self, Location};
use crate::ui::Ui;

pub fn run(ui: &Ui, args: ServeArgs) -> anyhow::Result<()> {
    ui.init_logging(&env::var(env::CANOPY_LOG).unwrap_or_else(|| "info".into()));
    let location = config::store_location(args.store.as_deref(), args.data_dir)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        let store = match &location {
            Location::ClickHouse(_) => store::open(&location).await.map_err(|e| {
                Failure::new(
                    format!("cannot open the store: {e}"),
                    "is ClickHouse running and reachable? check the URL and CANOPY_CLICKHOUSE_PASSWORD",
                )
            })?,
            Location::Sqlite(path) => store::open(&location)
                .await
                .with_context(|| format!("opening the store at {}", path.display()))?,
        };
        let listener = TcpListener::bind(args.listen).await.map_err(|e| {
            let hint = if e.kind() == std::io::ErrorKind::AddrInUse {
                "is another `canopy serve` running? pass --listen 127.0.0.1:PORT to use another port"
            } else {
                "pass --listen ADDR:PORT with an address of this machine"
            };
            Failure::new(format!("cannot listen on {}: {e}", args.listen), hint)
        })?;
        tracing::info!(
            "canopy {} listening on http://{} (OTLP/HTTP at /v1/traces, query API at /api/v1), store {}",
            env!("CARGO_PKG_VERSION"),
            listener.local_addr()?,
            location
        );
        server::launch(store, Limits::default(), listener, shutdown_signal()).await?;
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
