//! The embedded broker: Tansu with SQLite storage, run in-process when no brokers are
//! configured, so kafka-lab works on a machine with nothing but Rust.
//!
//! One process at a time serves a data directory: it holds an exclusive lock on
//! `DATA_DIR/broker.lock` and writes its listen address into it. A second kafka-lab
//! process that finds the lock taken reads that address and uses the running broker.
//! State lives in `DATA_DIR/broker.db`, so topics and records outlive the process.

use crate::config::EmbeddedConfig;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use tansu_broker::broker::Broker;
use tansu_broker::coordinator::group::administrator::Controller;
use tansu_storage::StorageContainer;
use url::Url;

/// How long to wait for a broker (ours or another process's) to accept connections.
const READY_DEADLINE: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(50);
const LOCK_FILE: &str = "broker.lock";
const DB_FILE: &str = "broker.db";
const CLUSTER_ID: &str = "kafka-lab";

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

/// Start Tansu on its own runtime in a background thread; returns once it is built.
fn serve(addr: SocketAddr, dir: &Path) -> Result<(), Error> {
    // Tansu binds inside its task and only logs a failure: check the port first.
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

/// Build the Tansu broker with its SQLite file in `dir`.
///
/// Tansu 0.6 resolves a `sqlite://` URL against the working directory (an absolute
/// path in the URL is made relative to it), so the working directory is `dir` while
/// the database is opened. This runs before the command does anything else.
async fn build(
    url: Url,
    dir: &Path,
) -> Result<Broker<Controller<StorageContainer>, StorageContainer>, String> {
    let storage = Url::parse(&format!("sqlite://{DB_FILE}")).map_err(|e| e.to_string())?;
    let previous = std::env::current_dir().map_err(|e| e.to_string())?;
    std::env::set_current_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let broker = Broker::<Controller<StorageContainer>, StorageContainer>::builder()
        .node_id(tansu_broker::NODE_ID)
        .cluster_id(CLUSTER_ID)
        .incarnation_id(uuid::Uuid::now_v7())
        .advertised_listener(url.clone())
        .listener(url)
        .storage(storage)
        .silent(true)
        .build()
        .await;
    std::env::set_current_dir(&previous).map_err(|e| e.to_string())?;
    let broker = broker.map_err(|e| e.to_string())?;
    repair_schema(&dir.join(DB_FILE)).await?;
    Ok(broker)
}

/// Two repairs to Tansu 0.6's SQLite engine, made on its database file:
///
/// - its `header` table has no index, so fetching each record's headers scans every
///   header in the database: a fetch of N records costs N times all headers (10,000
///   records took minutes); an index on the columns the fetch joins on fixes that;
/// - deleting a topic runs `delete from topic where topic.cluster in (...)`, which
///   deletes every topic of the cluster. Deleting one first deletes its partitions
///   (`topition`) by name, correctly; the triggers note that topic and keep the
///   other topics' rows (`raise(ignore)` skips a row within the delete statement).
const SCHEMA_REPAIRS: &str = "
create index if not exists kafka_lab_header_record on header (topition, offset_id);
create table if not exists kafka_lab_deleting (topic integer primary key);
create trigger if not exists kafka_lab_note_deleting after delete on topition
begin
    insert or ignore into kafka_lab_deleting (topic) values (old.topic);
end;
create trigger if not exists kafka_lab_delete_only_named before delete on topic
when old.id not in (select topic from kafka_lab_deleting)
begin
    select raise(ignore);
end;
create trigger if not exists kafka_lab_deleted after delete on topic
begin
    delete from kafka_lab_deleting where topic = old.id;
end;
";

async fn repair_schema(db: &Path) -> Result<(), String> {
    let fail = |e: libsql::Error| format!("{}: {e}", db.display());
    let db = libsql::Builder::new_local(db).build().await.map_err(fail)?;
    db.connect()
        .map_err(fail)?
        .execute_batch(SCHEMA_REPAIRS)
        .await
        .map_err(fail)?;
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
