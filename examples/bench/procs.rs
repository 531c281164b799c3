//! Processes under measurement: start a server, wait for it, read its CPU time and memory from
//! `/proc`, stop it cleanly, and time short-lived CLI runs end to end (process start included).
//!
//! CPU time and peak RSS are summed over the server's process tree, so a server that forks
//! workers is charged for them. This is Linux-only, like the numbers it produces.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A free loopback port (bound and released; good enough for a benchmark).
pub fn free_addr() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
}

pub struct Server {
    pub child: Child,
    pub data_dir: PathBuf,
}

impl Server {
    /// Starts `cmd` and waits until `addr` accepts connections (and `ready_path`, if given,
    /// answers 2xx).
    pub fn start(
        name: &str,
        mut cmd: Command,
        addr: SocketAddr,
        data_dir: &Path,
        ready_path: Option<&str>,
        log: &Path,
    ) -> Result<Server, String> {
        let out = fs_err::File::create(log).map_err(|e| e.to_string())?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        let child = cmd
            .stdout(Stdio::from(out.into_parts().0))
            .stderr(Stdio::from(err.into_parts().0))
            .stdin(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {name}: {e}"))?;
        let mut server = Server {
            child,
            data_dir: data_dir.to_path_buf(),
        };
        let deadline = Instant::now() + Duration::from_secs(180);
        loop {
            if let Ok(Some(status)) = server.child.try_wait() {
                return Err(format!(
                    "{name} exited with {status}; see {}",
                    log.display()
                ));
            }
            let up = TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok()
                && ready_path.is_none_or(|p| super::http::get(addr, p).is_ok());
            if up {
                return Ok(server);
            }
            if Instant::now() > deadline {
                server.stop();
                return Err(format!("{name} did not come up; see {}", log.display()));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// User + system CPU seconds of the server and its descendants so far.
    pub fn cpu_seconds(&self) -> f64 {
        tree(self.pid()).iter().map(|p| cpu_of(*p)).sum()
    }

    /// Peak resident memory (VmHWM) in bytes, summed over the process tree.
    pub fn peak_rss(&self) -> u64 {
        tree(self.pid())
            .iter()
            .map(|p| status_kb(*p, "VmHWM:") * 1024)
            .sum()
    }

    /// Stops the server with SIGTERM (a clean shutdown) and waits; SIGKILL after 60 s.
    pub fn stop(&mut self) {
        let pids = tree(self.pid());
        for p in pids.iter().rev() {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(p.to_string())
                .status();
        }
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            self.stop();
        }
    }
}

fn stat_fields(pid: u32) -> Option<Vec<String>> {
    let text = fs_err::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces; everything after its ')' splits cleanly.
    let rest = &text[text.rfind(')')? + 2..];
    Some(rest.split_whitespace().map(str::to_string).collect())
}

/// CPU seconds (utime + stime) of one process; clock ticks are 100 Hz on Linux.
fn cpu_of(pid: u32) -> f64 {
    stat_fields(pid)
        .map(|f| {
            let ticks: u64 = f[11].parse::<u64>().unwrap_or(0) + f[12].parse::<u64>().unwrap_or(0);
            ticks as f64 / 100.0
        })
        .unwrap_or(0.0)
}

fn status_kb(pid: u32, key: &str) -> u64 {
    fs_err::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// The process and all its descendants.
fn tree(root: u32) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    if let Ok(dir) = fs_err::read_dir("/proc") {
        for e in dir.flatten() {
            if let Some(pid) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok())
                && let Some(f) = stat_fields(pid)
                && let Ok(ppid) = f[1].parse::<u32>()
            {
                parents.push((pid, ppid));
            }
        }
    }
    let mut out = vec![root];
    let mut k = 0;
    while k < out.len() {
        let p = out[k];
        out.extend(parents.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        k += 1;
    }
    out
}

/// Bytes of all files under `dir`.
pub fn dir_size(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs_err::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            match e.metadata() {
                Ok(m) if m.is_dir() => stack.push(e.path()),
                Ok(m) => total += m.len(),
                Err(_) => {}
            }
        }
    }
    total
}

/// Wall-clock times of repeated runs, sorted.
#[derive(Debug, Clone, Default)]
pub struct Timings(pub Vec<Duration>);

impl Timings {
    pub fn median(&self) -> Duration {
        self.0.get(self.0.len() / 2).copied().unwrap_or_default()
    }

    pub fn p95(&self) -> Duration {
        let i = ((self.0.len() as f64) * 0.95).ceil() as usize;
        self.0
            .get(i.saturating_sub(1).min(self.0.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    }
}

/// Runs `make()` `runs` times after `warmup` unmeasured runs, stdout to /dev/null, and fails if
/// any run exits non-zero.
pub fn time_runs(
    make: &dyn Fn() -> Command,
    warmup: usize,
    runs: usize,
) -> Result<Timings, String> {
    let mut times = Vec::with_capacity(runs);
    for k in 0..warmup + runs {
        let mut cmd = make();
        cmd.stdout(Stdio::null())
            .stderr(Stdio::piped())
            .stdin(Stdio::null());
        let began = Instant::now();
        let out = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
        let took = began.elapsed();
        if !out.status.success() {
            return Err(format!(
                "{cmd:?} exited with {}: {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        if k >= warmup {
            times.push(took);
        }
    }
    times.sort();
    Ok(Timings(times))
}
