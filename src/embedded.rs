//! The embedded broker: Nisshi (formerly Tansu) with SQLite storage, run in-process
//! when no brokers are configured, so kafka-lab works on a machine with nothing but
//! Rust.
//!
//! One process at a time serves a data directory: it holds an exclusive lock on
//! `DATA_DIR/broker.lock` and writes its listen address into it. A second kafka-lab
//! process that finds the lock taken reads that address and uses the running broker.
//! State lives in `DATA_DIR/broker.db`, so topics and records outlive the process.
//!
//! Retention (`retention.ms`, `retention.bytes` of each topic) is swept every
//! [`MAINTENANCE_INTERVAL`]: freed pages are reused, so the file stops growing (it
//! does not shrink). A fetch waiting for records is answered as soon as a produce
//! lands (the wake-up patched into `vendor/nisshi-storage`).

use crate::config::EmbeddedConfig;
use nisshi_broker::broker::Broker;
use nisshi_broker::coordinator::group::administrator::Controller;
use nisshi_storage::ArcDynStorage;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use url::Url;

/// How long to wait for a broker (ours or another process's) to accept connections.
const READY_DEADLINE: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(50);
const LOCK_FILE: &str = "broker.lock";
const DB_FILE: &str = "broker.db";
/// Where a Tansu 0.6 state file goes when found: Nisshi cannot read its records.
const OLD_DB_FILE: &str = "broker.db.tansu-0.6";
/// How often the broker deletes what retention lets go (Nisshi's default: 10 min).
pub const MAINTENANCE_INTERVAL: &str = "10s";

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("embedded broker data directory {path}: {source}")]
    DataDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "embedded broker cannot listen on {addr}: {source}. Is another Kafka running there? \
         Use it with --brokers {addr}, or set embedded.listen to a free address"
    )]
    Listen {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("embedded broker failed to start: {0}")]
    Start(String),
    #[error("embedded broker at {addr} (data in {data_dir}) did not accept connections within {READY_DEADLINE:?}")]
    NotReady { addr: String, data_dir: PathBuf },
}

/// A broker this process serves, or one another process serves for the same data dir.
#[derive(Debug)]
pub struct Embedded {
    addr: String,
    /// Held while this process serves the data dir; released when it exits.
    _lock: Option<File>,
}

impl Embedded {
    /// `host:port` to bootstrap from.
    pub fn addr(&self) -> &str {
        &self.addr
    }

    /// Whether this process runs the broker (rather than another kafka-lab process).
    pub fn is_served_here(&self) -> bool {
        self._lock.is_some()
    }
}

/// Use the embedded broker of `config.data_dir`: start it in this process, or, if
/// another process already serves that directory, use that one.
pub fn ensure(config: &EmbeddedConfig) -> Result<Embedded, Error> {
    let dir = &config.data_dir;
    let io = |source| Error::DataDir {
        path: dir.clone(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut lock = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(dir.join(LOCK_FILE))
        .map_err(io)?;
    match lock.try_lock() {
        Ok(()) => {
            let addr: SocketAddr = config
                .listen
                .parse()
                .map_err(|e| Error::Start(format!("embedded.listen: {e}")))?;
            serve(addr, dir)?;
            lock.set_len(0).and_then(|()| lock.rewind()).map_err(io)?;
            write!(lock, "{addr}")
                .and_then(|()| lock.flush())
                .map_err(io)?;
            wait_ready(&addr.to_string(), dir)?;
            Ok(Embedded {
                addr: addr.to_string(),
                _lock: Some(lock),
            })
        }
        Err(TryLockError::WouldBlock) => {
            let addr = wait_for_other(&mut lock, dir)?;
            Ok(Embedded { addr, _lock: None })
        }
        Err(TryLockError::Error(e)) => Err(io(e)),
    }
}

/// Start the broker on its own runtime in a background thread; returns once it is built.
fn serve(addr: SocketAddr, dir: &Path) -> Result<(), Error> {
    // The broker binds inside its task and only logs a failure: check the port first.
    drop(TcpListener::bind(addr).map_err(|source| Error::Listen { addr, source })?);
    let url = Url::parse(&format!("tcp://{addr}")).map_err(|e| Error::Start(e.to_string()))?;
    let dir = std::path::absolute(dir).map_err(|source| Error::DataDir {
        path: dir.into(),
        source,
    })?;
    let (built, ready) = mpsc::channel();
    std::thread::Builder::new()
        .name("embedded-broker".into())
        .spawn(move || {
            let runtime = match tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime,
                Err(e) => return built.send(Err(e.to_string())).unwrap_or(()),
            };
            runtime.block_on(async move {
                match build(url, &dir).await {
                    Ok(mut broker) => {
                        let _ = built.send(Ok(()));
                        if let Err(e) = broker.serve(tokio::time::Instant::now()).await {
                            tracing::error!(error = %e, "embedded broker stopped");
                        }
                    }
                    Err(e) => {
                        let _ = built.send(Err(e));
                    }
                }
            });
        })
        .map_err(|e| Error::Start(e.to_string()))?;
    ready
        .recv()
        .map_err(|e| Error::Start(e.to_string()))?
        .map_err(Error::Start)
}

/// Build the broker with its SQLite file in `dir`.
///
/// Nisshi resolves a `sqlite://` URL against the working directory (an absolute path
/// in the URL is made relative to it), so the working directory is `dir` while the
/// database is opened. This runs before the command does anything else.
async fn build(
    url: Url,
    dir: &Path,
) -> Result<Broker<Controller<ArcDynStorage>, ArcDynStorage>, String> {
    set_aside_old_state(dir).await?;
    let storage = Url::parse(&format!(
        "sqlite://{DB_FILE}?maintenance_interval={MAINTENANCE_INTERVAL}"
    ))
    .map_err(|e| e.to_string())?;
    let previous = std::env::current_dir().map_err(|e| e.to_string())?;
    std::env::set_current_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let broker = Broker::<Controller<ArcDynStorage>, ArcDynStorage>::builder()
        .node_id(nisshi_broker::NODE_ID)
        .cluster_id(crate::broker::EMBEDDED_CLUSTER_ID)
        .incarnation_id(uuid::Uuid::now_v7())
        .advertised_listener(url.clone())
        .listener(url)
        .storage(storage)
        .silent(true)
        .build()
        .await;
    std::env::set_current_dir(&previous).map_err(|e| e.to_string())?;
    broker.map_err(|e| e.to_string())
}

/// A state file of Tansu 0.6 (the embedded broker before Nisshi 0.8) opens under
/// Nisshi but fails on every fetch (`no such column: h.ordinal`): its header table
/// lacks a column. Such a file is moved aside and a fresh one started, said once.
async fn set_aside_old_state(dir: &Path) -> Result<(), String> {
    let db = dir.join(DB_FILE);
    if !db.exists() {
        return Ok(());
    }
    let fail = |e: libsql::Error| format!("{}: {e}", db.display());
    let columns = {
        let database = libsql::Builder::new_local(&db)
            .build()
            .await
            .map_err(fail)?;
        let connection = database.connect().map_err(fail)?;
        let mut rows = connection
            .query("select name from pragma_table_info('header')", ())
            .await
            .map_err(fail)?;
        let mut columns = Vec::new();
        while let Some(row) = rows.next().await.map_err(fail)? {
            columns.push(row.get::<String>(0).map_err(fail)?);
        }
        columns
    };
    if columns.is_empty() || columns.iter().any(|c| c == "ordinal") {
        return Ok(());
    }
    let old = dir.join(OLD_DB_FILE);
    for suffix in ["", "-wal", "-shm"] {
        let from = PathBuf::from(format!("{}{suffix}", db.display()));
        if from.exists() {
            let to = PathBuf::from(format!("{}{suffix}", old.display()));
            std::fs::rename(&from, &to).map_err(|e| format!("{}: {e}", from.display()))?;
        }
    }
    tracing::warn!(
        old = %old.display(),
        "the embedded broker's state was written by Tansu 0.6, which the embedded broker \
         (Nisshi 0.8) cannot read: moved it aside and started with no topics"
    );
    Ok(())
}

/// Poll until `addr` accepts a TCP connection.
fn wait_ready(addr: &str, dir: &Path) -> Result<(), Error> {
    let end = Instant::now() + READY_DEADLINE;
    while Instant::now() < end {
        if TcpStream::connect(addr).is_ok() {
            return Ok(());
        }
        std::thread::sleep(POLL);
    }
    Err(Error::NotReady {
        addr: addr.into(),
        data_dir: dir.into(),
    })
}

/// Another process holds the lock: read the address it serves on once it is written.
fn wait_for_other(lock: &mut File, dir: &Path) -> Result<String, Error> {
    let end = Instant::now() + READY_DEADLINE;
    loop {
        let mut addr = String::new();
        lock.rewind()
            .and_then(|()| lock.read_to_string(&mut addr))
            .map_err(|source| Error::DataDir {
                path: dir.into(),
                source,
            })?;
        if !addr.is_empty() && TcpStream::connect(addr.trim()).is_ok() {
            return Ok(addr.trim().to_string());
        }
        if Instant::now() >= end {
            return Err(Error::NotReady {
                addr,
                data_dir: dir.into(),
            });
        }
        std::thread::sleep(POLL);
    }
}
