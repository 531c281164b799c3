//! Issue 8, durability: a 200 means the spans are committed, so `kill -9` in the middle of
//! sustained ingest loses no acknowledged span.

use std::collections::BTreeSet;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use crate::common::otlp::{encode, hex, request, span, span_id, trace_id};
use crate::common::{ServeProcess, TestServer, http};

const WRITERS: u64 = 4;
const SPANS_PER_BATCH: u64 = 20;
/// Acknowledged batches to wait for before the kill.
const ACKED_BEFORE_KILL: usize = 150;

/// The real binary, four clients streaming batches at it, SIGKILL after 150 acknowledgements
/// (with more requests in flight), then a restart on the same data directory: every span of
/// every acknowledged batch must be there.
#[test]
fn kill_9_during_sustained_ingest_loses_no_acknowledged_span() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().as_os_str();
    let ServeProcess {
        mut child,
        mut stderr,
        addr,
    } = ServeProcess::start(
        &[
            "--retention".as_ref(),
            "off".as_ref(),
            "--data-dir".as_ref(),
            data_dir,
        ],
        &[],
    );
    // Keep reading the log so the server never blocks on a full pipe.
    let log = std::thread::spawn(move || {
        let mut rest = String::new();
        let _ = stderr.read_to_string(&mut rest);
        rest
    });

    let acked: Arc<Mutex<Vec<u64>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let (ack, acks) = mpsc::channel();
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let (addr, acked, stop, ack) = (addr.clone(), acked.clone(), stop.clone(), ack.clone());
            std::thread::spawn(move || {
                let client = http();
                for seq in 0.. {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let n = w * 1_000_000 + seq;
                    let spans = (1..=SPANS_PER_BATCH)
                        .map(|i| span(trace_id(n), i, (i > 1).then_some(1), "work"))
                        .collect();
                    let sent = client
                        .post(format!("http://{addr}/v1/traces"))
                        .header("content-type", "application/x-protobuf")
                        .body(encode(&request("crash-test", spans)))
                        .send();
                    match sent {
                        Ok(r) if r.status() == 200 => {
                            acked.lock().unwrap().push(n);
                            let _ = ack.send(());
                        }
                        // The server is gone (or going): this batch was never acknowledged.
                        _ => break,
                    }
                }
            })
        })
        .collect();

    for _ in 0..ACKED_BEFORE_KILL {
        acks.recv_timeout(Duration::from_secs(60))
            .expect("the server acknowledges batches");
    }
    child.kill().unwrap(); // SIGKILL: no shutdown, no flush, no destructor runs
    child.wait().unwrap();
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.join().unwrap();
    }
    let log = log.join().unwrap();
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() >= ACKED_BEFORE_KILL);

    let server = TestServer::start_in(dir.path());
    let want: BTreeSet<String> = (1..=SPANS_PER_BATCH).map(|i| hex(&span_id(i))).collect();
    for n in &acked {
        let (status, trace) = server.get_json(&format!("/api/v1/traces/{}", hex(&trace_id(*n))));
        assert_eq!(
            status, 200,
            "acknowledged batch {n} is missing: {trace}\n{log}"
        );
        let got: BTreeSet<String> = trace["spans"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["span_id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(got, want, "batch {n}");
    }
}
