//! Reading and inflating an ingest body within the size limit and the memory budget.
//!
//! Buffers grow in steps the permit pays for *before* they allocate (a buffer's capacity is
//! what is charged, not its length), so a body or a gzip bomb can never make a request hold more
//! than the budget gave it. A request refused while its body is still arriving has the rest of
//! its body read and thrown away (up to the size limit, a chunk at a time) before it is answered:
//! a client still writing its body would otherwise see a reset connection instead of the 429
//! that tells it to retry.

use std::io::Read;
use std::time::Duration;

use axum::body::Body;
use http_body_util::BodyExt;

use crate::server::budget::Permit;

/// How long a client may take to send its body.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(60);

/// Why a body could not be had.
#[derive(Debug, PartialEq)]
pub enum Refusal {
    /// Past the size limit.
    TooLarge,
    /// The budget could not pay for the next step.
    Busy,
    /// The client stopped sending, or sent a broken gzip stream.
    Broken(String),
    TimedOut,
}

/// Makes room for `more` bytes after `len` in `buf`, charging the permit for new capacity.
fn make_room(buf: &mut Vec<u8>, more: usize, limit: usize, permit: &mut Permit) -> bool {
    let need = buf.len() + more;
    if need <= buf.capacity() {
        return true;
    }
    let target = need.max(buf.capacity() * 2).min(limit).max(need);
    if !permit.try_grow(target - buf.capacity()) {
        return false;
    }
    buf.reserve_exact(target - buf.len());
    true
}

/// Reads the whole body (at most `max` bytes). The permit already holds `reserved` bytes for it
/// (the declared `Content-Length`); anything beyond is charged as it arrives.
pub async fn read(
    body: Body,
    permit: &mut Permit,
    reserved: usize,
    max: usize,
) -> Result<Vec<u8>, Refusal> {
    match tokio::time::timeout(BODY_TIMEOUT, read_inner(body, permit, reserved, max)).await {
        Ok(result) => result,
        Err(_) => Err(Refusal::TimedOut),
    }
}

async fn read_inner(
    mut body: Body,
    permit: &mut Permit,
    reserved: usize,
    max: usize,
) -> Result<Vec<u8>, Refusal> {
    // The reservation already paid for this capacity.
    let mut buf = Vec::with_capacity(reserved.min(max));
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| Refusal::Broken(format!("reading the request body: {e}")))?;
        let Ok(chunk) = frame.into_data() else {
            continue;
        };
        if buf.len() + chunk.len() > max {
            return Err(Refusal::TooLarge);
        }
        if !make_room(&mut buf, chunk.len(), max, permit) {
            drain(body, max.saturating_sub(buf.len())).await;
            return Err(Refusal::Busy);
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf)
}

/// Reads and discards up to `max` more bytes of a body, holding one chunk at a time.
pub async fn drain(mut body: Body, max: usize) {
    let drained = async {
        let mut seen = 0usize;
        while let Some(Ok(frame)) = body.frame().await {
            if let Ok(chunk) = frame.into_data() {
                seen += chunk.len();
                if seen > max {
                    break;
                }
            }
        }
    };
    let _ = tokio::time::timeout(BODY_TIMEOUT, drained).await;
}

/// Inflates a gzip body, stopping as soon as the output passes `max` bytes, so a small
/// compressed bomb never becomes a large allocation; the output buffer is charged to `permit`.
pub fn gunzip(body: &[u8], permit: &mut Permit, max: usize) -> Result<Vec<u8>, Refusal> {
    const STEP: usize = 64 * 1024;
    let mut decoder = flate2::read::MultiGzDecoder::new(body);
    let mut out: Vec<u8> = Vec::new();
    let mut filled = 0;
    loop {
        if filled == out.len() {
            if filled > max {
                return Err(Refusal::TooLarge);
            }
            let step = out.len().max(STEP).min(max + 1 - filled);
            if !make_room(&mut out, step, max + 1, permit) {
                return Err(Refusal::Busy);
            }
            out.resize(filled + step, 0);
        }
        match decoder.read(&mut out[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                return Err(Refusal::Broken(format!(
                    "request body is not valid gzip: {e}"
                )));
            }
        }
    }
    out.truncate(filled);
    if filled > max {
        return Err(Refusal::TooLarge);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::budget::Budget;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn gunzip_stops_at_the_limit() {
        let budget = Budget::new(usize::MAX / 2);
        let mut permit = budget.try_acquire(0).unwrap();
        let bomb = gzip(&vec![0u8; 10 * 1024 * 1024]);
        assert!(bomb.len() < 64 * 1024);
        assert_eq!(
            gunzip(&bomb, &mut permit, 1024 * 1024),
            Err(Refusal::TooLarge)
        );
        assert!(permit.held() <= 2 * 1024 * 1024 + 1, "{}", permit.held());
        assert_eq!(gunzip(&gzip(b"hello"), &mut permit, 5).unwrap(), b"hello");
    }

    #[test]
    fn gunzip_charges_its_buffer_to_the_budget() {
        let budget = Budget::new(300 * 1024);
        let mut permit = budget.try_acquire(0).unwrap();
        let data = gzip(&vec![7u8; 1024 * 1024]);
        assert_eq!(
            gunzip(&data, &mut permit, 4 * 1024 * 1024),
            Err(Refusal::Busy)
        );
        assert!(budget.peak() <= 300 * 1024);
        drop(permit);
        let mut permit = Budget::new(4 * 1024 * 1024).try_acquire(0).unwrap();
        assert_eq!(
            gunzip(&data, &mut permit, 4 * 1024 * 1024).unwrap().len(),
            1024 * 1024
        );
    }

    #[test]
    fn broken_gzip_is_reported() {
        let mut permit = Budget::new(1 << 20).try_acquire(0).unwrap();
        let Err(Refusal::Broken(why)) = gunzip(b"not gzip at all", &mut permit, 1024) else {
            panic!("not refused as broken");
        };
        assert!(why.contains("gzip"), "{why}");
    }

    #[tokio::test]
    async fn bodies_are_charged_as_they_arrive() {
        let budget = Budget::new(1000);
        let mut permit = budget.try_acquire(0).unwrap();
        let body = Body::from(vec![1u8; 600]);
        assert_eq!(read(body, &mut permit, 0, 10_000).await.unwrap().len(), 600);
        let mut other = budget.try_acquire(0).unwrap();
        let body = Body::from(vec![1u8; 600]);
        assert_eq!(read(body, &mut other, 0, 10_000).await, Err(Refusal::Busy));
        let body = Body::from(vec![1u8; 20_000]);
        assert_eq!(
            read(body, &mut other, 0, 10_000).await,
            Err(Refusal::TooLarge)
        );
        assert!(budget.peak() <= 1000);
    }
}
