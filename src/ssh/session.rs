//! One terminal session over an SSH channel: bytes in become `Input`s for the
//! application; frames out are written with the channel's flow control, so a client
//! that stops reading holds at most a couple of frames in memory.

use std::net::SocketAddr;
use std::time::Duration;

use russh::server::Msg;
use russh::{Channel, ChannelMsg};
use tokio::io::AsyncWriteExt;
use tokio::sync::{mpsc, watch};

use super::input::InputDecoder;
use crate::service::{Identity, Service};
use crate::tui::Input;
use crate::tui::session::{self, End, clamp_size};

/// The exit status the client's `ssh` reports when the session was closed because a
/// newer login of the same account took over, and when the server shut down (after
/// `q`, it is 0). Scripts that wrap `ssh` can tell these apart.
pub const EXIT_TAKEN_OVER: u32 = 3;
pub const EXIT_SHUTDOWN: u32 = 4;
/// The exit status after the idle timeout closed the session.
pub const EXIT_IDLE: u32 = 5;
/// The exit status when the office reset, revoked or re-issued the account.
pub const EXIT_ACCOUNT_CHANGED: u32 = 6;

/// How long a started escape sequence may wait for its end before it counts as
/// complete (a lone Esc key, or a broken sequence to drop).
const ESCAPE_TIMEOUT: Duration = Duration::from_millis(40);

/// How long an unfinished paste may stay unfinished before it is dropped.
const STUCK_TIMEOUT: Duration = Duration::from_secs(1);

/// Frames waiting for the client; the application draws only when there is room.
const OUTPUT_FRAMES: usize = 2;

/// How long the last frames may take to reach the client before the channel closes.
const FINAL_OUTPUT_TIMEOUT: Duration = Duration::from_secs(2);

#[allow(clippy::too_many_arguments)]
pub async fn serve(
    service: Service,
    identity: Identity,
    pty: super::Pty,
    channel: Channel<Msg>,
    peer: SocketAddr,
    opts: super::SessionOptions,
    shutdown: watch::Receiver<bool>,
    _live: super::LiveSession,
) {
    let user = identity.username.clone();
    let (mut reader, writer) = channel.split();
    let (input_tx, input_rx) = mpsc::channel::<Input>(256);
    let (out_tx, mut out_rx) = mpsc::channel::<Vec<u8>>(OUTPUT_FRAMES);

    // The write side: frames in order, respecting the SSH window.
    let mut stream = writer.make_writer();
    let output = tokio::spawn(async move {
        while let Some(frame) = out_rx.recv().await {
            if stream.write_all(&frame).await.is_err() || stream.flush().await.is_err() {
                return false;
            }
        }
        true
    });

    // The read side: bytes to keys, window changes to resizes.
    let input = tokio::spawn(async move {
        let mut decoder = InputDecoder::default();
        let mut parsed = Vec::new();
        let mut flushed = false;
        loop {
            let msg = if decoder.has_pending() {
                let wait = if flushed { STUCK_TIMEOUT } else { ESCAPE_TIMEOUT };
                match tokio::time::timeout(wait, reader.wait()).await {
                    Ok(m) => m,
                    Err(_) => {
                        if flushed {
                            decoder.reset();
                        } else {
                            decoder.flush(&mut parsed);
                        }
                        flushed = !flushed;
                        if !send_all(&input_tx, &mut parsed).await {
                            return;
                        }
                        continue;
                    }
                }
            } else {
                reader.wait().await
            };
            flushed = false;
            match msg {
                Some(ChannelMsg::Data { data }) => decoder.feed(&data, &mut parsed),
                Some(ChannelMsg::WindowChange {
                    col_width, row_height, ..
                }) => {
                    let (w, h) = clamp_size(col_width, row_height);
                    parsed.push(Input::Resize(w, h));
                }
                Some(ChannelMsg::Eof | ChannelMsg::Close) | None => return,
                Some(_) => {}
            }
            if !send_all(&input_tx, &mut parsed).await {
                return;
            }
        }
    });

    let size = clamp_size(pty.size.0, pty.size.1);
    let idle = session::Idle {
        timeout: opts.idle_timeout,
        warning: opts.idle_warning,
    };
    let end = session::run(service, identity, (size, pty.palette), input_rx, out_tx, idle, shutdown).await;
    input.abort();
    // Let the last frame (the terminal restore) reach the client before closing; a
    // client that stopped reading gets a little time, not forever.
    let abort = output.abort_handle();
    let delivered = match tokio::time::timeout(FINAL_OUTPUT_TIMEOUT, output).await {
        Ok(r) => r.unwrap_or(false),
        Err(_) => {
            // A writer waiting for window space is not woken when the client goes away.
            abort.abort();
            false
        }
    };
    match end {
        Ok(End::Quit) if delivered => {
            let _ = writer.exit_status(0).await;
            let _ = writer.eof().await;
            let _ = writer.close().await;
            tracing::info!(%peer, %user, "session ended by the user");
        }
        Ok(End::Shutdown) => {
            let _ = writer.exit_status(EXIT_SHUTDOWN).await;
            let _ = writer.eof().await;
            let _ = writer.close().await;
            tracing::info!(%peer, %user, "session ended: server shutting down");
        }
        Ok(End::TakenOver) => {
            let _ = writer.exit_status(EXIT_TAKEN_OVER).await;
            let _ = writer.eof().await;
            let _ = writer.close().await;
            tracing::info!(%peer, %user, "session ended: a newer login of the account took over");
        }
        Ok(End::AccountChanged) => {
            let _ = writer.exit_status(EXIT_ACCOUNT_CHANGED).await;
            let _ = writer.eof().await;
            let _ = writer.close().await;
            tracing::info!(%peer, %user, "session ended: the office changed the account");
        }
        Ok(End::Idle) => {
            let _ = writer.exit_status(EXIT_IDLE).await;
            let _ = writer.eof().await;
            let _ = writer.close().await;
            tracing::info!(%peer, %user, "session ended: idle timeout");
        }
        Ok(_) => {
            let _ = writer.close().await;
            tracing::info!(%peer, %user, "session ended: client gone");
        }
        Err(e) => {
            let _ = writer.close().await;
            tracing::warn!(%peer, %user, error = %e, "session ended with an error");
        }
    }
}

async fn send_all(tx: &mpsc::Sender<Input>, inputs: &mut Vec<Input>) -> bool {
    for i in inputs.drain(..) {
        if tx.send(i).await.is_err() {
            return false;
        }
    }
    true
}
