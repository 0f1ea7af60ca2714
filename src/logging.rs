//! Logs go to stderr, filtered by `RUST_LOG` (default: warnings and errors).

use tracing_subscriber::EnvFilter;

/// Install the log subscriber once, at start.
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(QUIET));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

/// Warnings and errors, but not the libraries' own reports of errors that kafka-lab
/// turns into its messages (rskafka, and the embedded Tansu broker).
const QUIET: &str = "warn,rskafka=off,tansu_broker=off,tansu_storage=off,tansu_sans_io=off";
