//! The signals that end a long-running command (`run`, `broker`).

use tokio::signal::unix::{signal, SignalKind};

/// The next SIGTERM or SIGINT.
pub async fn stop_requested() {
    let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler");
    let mut int = signal(SignalKind::interrupt()).expect("SIGINT handler");
    tokio::select! {
        _ = term.recv() => {}
        _ = int.recv() => {}
    }
}
