//! Raw header bytes on the lab's plain HTTP/1 connections.
//!
//! A Fetch header value may hold any byte but NUL, CR and LF
//! (<https://fetch.spec.whatwg.org/#header-value>), and real servers send those
//! too (WPT's `cors/origin.htm` answers `Access-Control-Allow-Origin` with a NUL).
//! hyper refuses both ways: httparse rejects a request head with a control byte
//! in a value (a 400 the browser never caused), and `http::HeaderValue` cannot
//! hold one to send. So each plain connection is wrapped in a [`RawIo`]:
//!
//! - reading, a control byte in a request head is escaped ([`escape`]) before
//!   hyper parses it, and [`unescape`] gives the journal the byte back;
//! - writing, an escaped value ([`escape`]) in what hyper writes becomes its raw
//!   bytes on the wire.
//!
//! The escape starts with a random marker made at start, so no peer can forge
//! one. HTTP/2 (h2c) is passed through untouched, and raw values are refused
//! on it ([`RawWire::ok`]); so is HTTPS, which is not wrapped.

use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// The marker that starts an escape: `~raw` + 64 random bits in hex + `~`.
fn marker() -> &'static str {
    static MARK: OnceLock<String> = OnceLock::new();
    MARK.get_or_init(|| {
        let mut bytes = [0u8; 8];
        getrandom::getrandom(&mut bytes).expect("the operating system's random source");
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        format!("~raw{hex}~")
    })
}

/// `bytes` as one escape: the marker, their hex, `;`. Valid in any header value.
pub fn escape(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(marker().len() + 2 * bytes.len() + 1);
    out.push_str(marker());
    for b in bytes {
        out.push_str(&format!("{b:02x}"));
    }
    out.push(';');
    out
}

/// Whether hyper can carry `byte` in a header value as it is.
fn plain(byte: u8) -> bool {
    byte == b'\t' || (byte >= 0x20 && byte != 0x7f)
}

/// Whether `value` must go out as an [`escape`] (it has a byte hyper refuses).
pub fn needs_escape(value: &str) -> bool {
    !value.bytes().all(plain)
}

/// `bytes` with every escape replaced by what it stands for.
pub fn unescape(bytes: &[u8]) -> Vec<u8> {
    let mark = marker().as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(mark) {
            let start = i + mark.len();
            let hex_len = bytes[start..].iter().take_while(|b| b.is_ascii_hexdigit()).count();
            if bytes.get(start + hex_len) == Some(&b';') && hex_len % 2 == 0 {
                let hex = &bytes[start..start + hex_len];
                out.extend(hex.chunks(2).map(|p| {
                    let digit = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
                    digit(p[0]) * 16 + digit(p[1])
                }));
                i = start + hex_len + 1;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// Told to each request of a connection: whether raw values can be written on it.
#[derive(Clone, Debug, Default)]
pub struct RawWire(Arc<AtomicBool>);

impl RawWire {
    /// True once the connection is known to speak HTTP/1 through a [`RawIo`].
    pub fn ok(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Where the reader is in the request stream.
enum Reading {
    /// In a request head: `seen` holds it so far (to find its end and its body's length).
    Head { seen: Vec<u8> },
    /// In a body of this many more bytes (passed through as they are).
    Body(u64),
    /// HTTP/2, a chunked body, or an oversized head: nothing more is touched.
    Through,
}

/// The longest head the reader follows; hyper refuses longer ones anyway.
const MAX_HEAD: usize = 64 * 1024;

/// A connection that carries raw header bytes both ways (see the module docs).
pub struct RawIo<T> {
    inner: T,
    reading: Reading,
    /// Read from `inner` and transformed, not yet handed to hyper.
    ready: Vec<u8>,
    /// Transformed for `inner`, not yet written.
    pending: Vec<u8>,
    wire: RawWire,
}

impl<T> RawIo<T> {
    pub fn new(inner: T) -> (RawIo<T>, RawWire) {
        let wire = RawWire::default();
        let io = RawIo {
            inner,
            reading: Reading::Head { seen: vec![] },
            ready: vec![],
            pending: vec![],
            wire: wire.clone(),
        };
        (io, wire)
    }

    /// Appends `input`, read from the peer, to `ready`, escaping control bytes in heads.
    fn take_in(&mut self, mut input: &[u8]) {
        while !input.is_empty() {
            match &mut self.reading {
                Reading::Through => {
                    self.ready.extend_from_slice(input);
                    return;
                }
                Reading::Body(left) => {
                    let n = (*left).min(input.len() as u64) as usize;
                    self.ready.extend_from_slice(&input[..n]);
                    *left -= n as u64;
                    input = &input[n..];
                    if *left == 0 {
                        self.reading = Reading::Head { seen: vec![] };
                    }
                }
                Reading::Head { seen } => {
                    let b = input[0];
                    input = &input[1..];
                    seen.push(b);
                    if seen.as_slice() == b"PRI" {
                        // The HTTP/2 preface: binary frames follow.
                        self.ready.push(b);
                        self.reading = Reading::Through;
                        continue;
                    }
                    if plain(b) || b == b'\r' || b == b'\n' {
                        self.ready.push(b);
                    } else {
                        self.ready.extend_from_slice(escape(&[b]).as_bytes());
                    }
                    if seen.ends_with(b"\r\n\r\n") || seen.ends_with(b"\n\n") {
                        if seen.iter().all(|b| matches!(b, b'\r' | b'\n')) {
                            // Blank lines between requests: still before a head.
                            seen.clear();
                            continue;
                        }
                        self.wire.0.store(true, Ordering::Relaxed);
                        self.reading = after_head(seen);
                    } else if seen.len() > MAX_HEAD {
                        self.reading = Reading::Through;
                    }
                }
            }
        }
    }
}

/// What follows a request head: its `Content-Length` body, or (chunked) anything.
fn after_head(head: &[u8]) -> Reading {
    let mut length = 0;
    for line in head.split(|b| *b == b'\n') {
        let line = String::from_utf8_lossy(line);
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        if name.trim().eq_ignore_ascii_case("transfer-encoding") {
            return Reading::Through;
        }
        if name.trim().eq_ignore_ascii_case("content-length") {
            match value.trim().parse() {
                Ok(n) => length = n,
                Err(_) => return Reading::Through,
            }
        }
    }
    if length == 0 {
        Reading::Head { seen: vec![] }
    } else {
        Reading::Body(length)
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for RawIo<T> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.ready.is_empty() {
            let mut raw = [0u8; 8192];
            let mut raw_buf = ReadBuf::new(&mut raw);
            match Pin::new(&mut this.inner).poll_read(cx, &mut raw_buf) {
                Poll::Ready(Ok(())) => {
                    let filled = raw_buf.filled().to_vec();
                    if filled.is_empty() {
                        return Poll::Ready(Ok(()));
                    }
                    this.take_in(&filled);
                }
                other => return other,
            }
        }
        let n = this.ready.len().min(buf.remaining());
        buf.put_slice(&this.ready[..n]);
        this.ready.drain(..n);
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncWrite + Unpin> RawIo<T> {
    /// Writes `pending` out; ready once it is empty.
    fn poll_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while !self.pending.is_empty() {
            match Pin::new(&mut self.inner).poll_write(cx, &self.pending) {
                Poll::Ready(Ok(0)) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Poll::Ready(Ok(n)) => {
                    self.pending.drain(..n);
                }
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => return Poll::Pending,
            }
        }
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for RawIo<T> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if let Poll::Ready(Err(e)) = this.poll_pending(cx) {
            return Poll::Ready(Err(e));
        }
        if !this.pending.is_empty() {
            return Poll::Pending;
        }
        let mark = marker().as_bytes();
        if !buf.windows(mark.len()).any(|w| w == mark) {
            return Pin::new(&mut this.inner).poll_write(cx, buf);
        }
        // hyper writes a whole head in one buffer (this type is not vectored),
        // so an escape is never split between two writes.
        this.pending = unescape(buf);
        if let Poll::Ready(Err(e)) = this.poll_pending(cx) {
            return Poll::Ready(Err(e));
        }
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match this.poll_pending(cx) {
            Poll::Ready(Ok(())) => Pin::new(&mut this.inner).poll_flush(cx),
            other => other,
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match this.poll_pending(cx) {
            Poll::Ready(Ok(())) => Pin::new(&mut this.inner).poll_shutdown(cx),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_escape_stands_for_its_bytes_and_nothing_else_is_touched() {
        let raw = b"a\x00b\r\nc\x01\x7f";
        let text = format!("x {} y ~raw~ {}", escape(raw), escape(b""));
        assert!(!needs_escape(&text));
        assert_eq!(
            unescape(text.as_bytes()),
            [b"x ".as_slice(), raw, b" y ~raw~ "].concat()
        );
        // A marker without a well-formed tail stays as it is.
        let broken = format!("{}zz;", marker());
        assert_eq!(unescape(broken.as_bytes()), broken.as_bytes());
    }

    fn read_all(io: &mut RawIo<&[u8]>, chunks: &[&[u8]]) -> Vec<u8> {
        for c in chunks {
            io.take_in(c);
        }
        std::mem::take(&mut io.ready)
    }

    #[test]
    fn control_bytes_in_heads_are_escaped_and_bodies_pass_through() {
        let (mut io, wire) = RawIo::new(&b""[..]);
        let first = b"POST /s/v1 HTTP/1.1\r\nX-A: a\x01b\r\nContent-Length: 5\r\n\r\n\x01\x02\r\n\r";
        let second = b"GET / HTTP/1.1\r\nX-B: \x0b\r\n\r\n";
        // Cut anywhere: the same result.
        let whole = read_all(&mut io, &[first, second]);
        let all = [first.as_slice(), second].concat();
        let (mut io2, _) = RawIo::new(&b""[..]);
        assert_eq!(read_all(&mut io2, &all.chunks(3).collect::<Vec<_>>()), whole);
        assert!(wire.ok());
        let text = String::from_utf8_lossy(&whole);
        assert!(text.contains(&format!("X-A: a{}b\r\n", escape(b"\x01"))), "{text}");
        assert!(
            text.contains("\r\n\r\n\x01\x02\r\n\rGET"),
            "the body is as sent: {text}"
        );
        assert!(text.ends_with(&format!("X-B: {}\r\n\r\n", escape(b"\x0b"))), "{text}");
        assert_eq!(unescape(&whole), all);
    }

    #[test]
    fn http2_and_chunked_bodies_are_not_touched() {
        let (mut io, wire) = RawIo::new(&b""[..]);
        let h2 = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x12\x04";
        assert_eq!(read_all(&mut io, &[h2]), h2);
        assert!(!wire.ok());
        let (mut io, _) = RawIo::new(&b""[..]);
        let chunked = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n\x01\x02\r\n";
        assert_eq!(read_all(&mut io, &[chunked]), chunked);
    }
}
