//! The small pieces a connection is made of: the socket counting what it received, the
//! log of connections dropped at accept, and guards that tell when something ends.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Connections dropped at accept, logged at most once a second with how many (a flood
/// must not flood the journal too).
#[derive(Default)]
pub(crate) struct DropLog {
    since: Option<std::time::Instant>,
    count: u64,
}

impl DropLog {
    pub(crate) fn note(&mut self, peer: SocketAddr, why: &str) {
        self.count += 1;
        let now = std::time::Instant::now();
        if self
            .since
            .is_none_or(|t| now.duration_since(t) >= Duration::from_secs(1))
        {
            tracing::warn!(%peer, dropped = self.count, "{why}; connection dropped (count since the last such line)");
            self.since = Some(now);
            self.count = 0;
        }
    }
}

/// The socket, counting the bytes received: a connection that sent nothing has made
/// the least progress (`admission`).
pub(crate) struct Metered {
    pub(crate) inner: tokio::net::TcpStream,
    pub(crate) received: Arc<std::sync::atomic::AtomicU64>,
}

impl tokio::io::AsyncRead for Metered {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let r = std::pin::Pin::new(&mut self.inner).poll_read(cx, buf);
        let n = buf.filled().len() - before;
        if n > 0 {
            self.received.fetch_add(n as u64, Ordering::Relaxed);
        }
        r
    }
}

impl tokio::io::AsyncWrite for Metered {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

/// Notifies once when dropped.
pub(crate) struct NotifyOnDrop(pub(crate) Arc<tokio::sync::Notify>);

impl Drop for NotifyOnDrop {
    fn drop(&mut self) {
        self.0.notify_one();
    }
}

/// Counts a running terminal session for as long as it lives.
pub(crate) struct LiveSession(Arc<AtomicUsize>);

impl LiveSession {
    pub(crate) fn new(count: Arc<AtomicUsize>) -> LiveSession {
        count.fetch_add(1, Ordering::AcqRel);
        LiveSession(count)
    }
}

impl Drop for LiveSession {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}
