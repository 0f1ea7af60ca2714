//! Logs go to stderr, as text or JSON lines, filtered by `RUST_LOG` (default: the
//! daemon logs at info, the other commands only warnings and errors).

use crate::cli::LogFormat;
use tracing_subscriber::EnvFilter;

/// Install the log subscriber once, at start; `verbose` for the daemon.
pub fn init(format: LogFormat, verbose: bool) {
    let default = if verbose { VERBOSE } else { QUIET };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colours for a terminal only, not in a file or a pipe.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

/// Warnings and errors, but not the libraries' own reports of errors that kafka-lab
/// turns into its messages (rskafka, and the embedded broker: Nisshi and its rama).
const QUIET: &str = "warn,rskafka=off,nisshi_broker=off,nisshi_storage=off,\
    nisshi_storage_sql=off,nisshi_sans_io=off,nisshi_service=off,nisshi_schema=off,\
    nisshi_auth=off,rama_core=off,rama_net=off,rama_tcp=off,rama_http=off";
/// The daemon's own progress too.
const VERBOSE: &str = "warn,kafka_lab=info,rskafka=off,nisshi_broker=off,nisshi_storage=off,\
    nisshi_storage_sql=off,nisshi_sans_io=off,nisshi_service=off,nisshi_schema=off,\
    nisshi_auth=off,rama_core=off,rama_net=off,rama_tcp=off,rama_http=off";
