//! A minimal HTTP/1.1 client over one keep-alive connection.
//!
//! The load tool shares two cores with the server it measures, so the client must cost as
//! little as possible: one `write` per request of pre-encoded bytes, and a response reader that
//! understands just `Content-Length` and `chunked` bodies. That is all the three servers send.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

pub struct Conn {
    addr: SocketAddr,
    host: String,
    reader: Option<BufReader<TcpStream>>,
}

pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Conn {
    pub fn new(addr: SocketAddr) -> Conn {
        Conn {
            addr,
            host: addr.to_string(),
            reader: None,
        }
    }

    fn stream(&mut self) -> io::Result<&mut BufReader<TcpStream>> {
        if self.reader.is_none() {
            let s = TcpStream::connect_timeout(&self.addr, Duration::from_secs(5))?;
            s.set_nodelay(true)?;
            s.set_read_timeout(Some(Duration::from_secs(300)))?;
            self.reader = Some(BufReader::with_capacity(64 * 1024, s));
        }
        Ok(self.reader.as_mut().expect("just connected"))
    }

    /// Sends one request; reconnects once if the server had closed the idle connection.
    pub fn request(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> io::Result<Response> {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nhost: {}\r\ncontent-length: {}\r\n",
            self.host,
            body.len()
        );
        for (k, v) in headers {
            head.push_str(k);
            head.push_str(": ");
            head.push_str(v);
            head.push_str("\r\n");
        }
        head.push_str("\r\n");
        match self.exchange(head.as_bytes(), body) {
            Ok(r) => Ok(r),
            Err(_) => {
                self.reader = None;
                self.exchange(head.as_bytes(), body)
            }
        }
    }

    fn exchange(&mut self, head: &[u8], body: &[u8]) -> io::Result<Response> {
        let r = self.stream()?;
        {
            let w = r.get_mut();
            w.write_all(head)?;
            w.write_all(body)?;
        }
        let mut line = String::new();
        if r.read_line(&mut line)? == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "closed"));
        }
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| io::Error::other(format!("bad status line {line:?}")))?;
        let (mut length, mut chunked, mut close) = (None, false, false);
        loop {
            line.clear();
            r.read_line(&mut line)?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            let (k, v) = l.split_once(':').unwrap_or((l, ""));
            let (k, v) = (k.trim().to_ascii_lowercase(), v.trim().to_ascii_lowercase());
            match k.as_str() {
                "content-length" => length = v.parse().ok(),
                "transfer-encoding" => chunked = v.contains("chunked"),
                "connection" => close = v == "close",
                _ => {}
            }
        }
        let body = if chunked {
            read_chunked(r)?
        } else {
            let mut b = vec![0; length.unwrap_or(0)];
            r.read_exact(&mut b)?;
            b
        };
        if close {
            self.reader = None;
        }
        Ok(Response { status, body })
    }
}

fn read_chunked(r: &mut BufReader<TcpStream>) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        r.read_line(&mut line)?;
        let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or("0"), 16)
            .map_err(|e| io::Error::other(format!("bad chunk size {line:?}: {e}")))?;
        if size == 0 {
            line.clear();
            r.read_line(&mut line)?; // the empty line after the last chunk
            return Ok(out);
        }
        let start = out.len();
        out.resize(start + size, 0);
        r.read_exact(&mut out[start..])?;
        line.clear();
        r.read_line(&mut line)?;
    }
}

/// GET a path and return the body if the status is 2xx.
pub fn get(addr: SocketAddr, path: &str) -> io::Result<Vec<u8>> {
    let r = Conn::new(addr).request("GET", path, &[], &[])?;
    if (200..300).contains(&r.status) {
        Ok(r.body)
    } else {
        Err(io::Error::other(format!(
            "GET {path}: HTTP {}: {}",
            r.status,
            String::from_utf8_lossy(&r.body)
        )))
    }
}
