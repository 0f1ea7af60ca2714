//! A connection of kafka-lab's own to one broker, for what rskafka does not offer
//! (Metadata with leaders, produce of pre-encoded record batches, fetch without a copy
//! of every record): Kafka's
//! framing with the `kafka-protocol` codecs, and requests pipelined in the order they
//! are sent (a broker answers a connection's requests in order). The socket (TCP, or
//! TLS over it, authenticated) comes from [`super::Security::open`].
//!
//! ```text
//! send() ──frame──▶ writer task ──▶ socket ──▶ reader task ──frame──▶ Reply
//!   (sync, ordered)     │ pending: correlation ids in order ▲
//!                       └────────────────────────────────────┘
//! ```
//!
//! When the socket fails every pending reply fails with the reason, and the
//! connection says it is broken: the owner drops it and opens a new one.

use super::{Error, Result};
use bytes::{Buf, BufMut, Bytes, BytesMut};
use kafka_protocol::messages::{ApiKey, RequestHeader, ResponseHeader};
use kafka_protocol::protocol::{Decodable, Encodable, HeaderVersion, StrBytes};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

/// Largest response accepted, in bytes (a fetch of 1 MiB per partition fits many times).
const MAX_RESPONSE: usize = 256 * 1024 * 1024;

/// Why requests failed when the broker closed the connection.
pub const CLOSED: &str = "closed by the broker";
/// Why requests failed when the broker answered with a TLS record.
pub const TLS_ANSWER: &str = "the broker answered in TLS";

type Answer = std::result::Result<Bytes, String>;

/// A request kafka-lab sends on its own connections, and the answer it gets.
/// (kafka-protocol's own `Request` trait needs its `broker` feature too.)
pub trait Request: Encodable + HeaderVersion {
    const KEY: ApiKey;
    type Response: Decodable + HeaderVersion;
}

/// `Request` for pairs of `kafka-protocol` messages: `ApiKey: XRequest => XResponse`.
macro_rules! requests {
    ($($key:ident: $request:ident => $response:ident),* $(,)?) => {
        $(impl Request for kafka_protocol::messages::$request {
            const KEY: ApiKey = ApiKey::$key;
            type Response = kafka_protocol::messages::$response;
        })*
    };
}

requests! {
    Metadata: MetadataRequest => MetadataResponse,
    Produce: ProduceRequest => ProduceResponse,
    InitProducerId: InitProducerIdRequest => InitProducerIdResponse,
    ApiVersions: ApiVersionsRequest => ApiVersionsResponse,
    FindCoordinator: FindCoordinatorRequest => FindCoordinatorResponse,
    ListGroups: ListGroupsRequest => ListGroupsResponse,
    DescribeGroups: DescribeGroupsRequest => DescribeGroupsResponse,
    OffsetFetch: OffsetFetchRequest => OffsetFetchResponse,
    Fetch: FetchRequest => FetchResponse,
    JoinGroup: JoinGroupRequest => JoinGroupResponse,
    SyncGroup: SyncGroupRequest => SyncGroupResponse,
    Heartbeat: HeartbeatRequest => HeartbeatResponse,
    LeaveGroup: LeaveGroupRequest => LeaveGroupResponse,
    OffsetCommit: OffsetCommitRequest => OffsetCommitResponse,
    ConsumerGroupDescribe: ConsumerGroupDescribeRequest => ConsumerGroupDescribeResponse,
    ConsumerGroupHeartbeat: ConsumerGroupHeartbeatRequest => ConsumerGroupHeartbeatResponse,
    ShareGroupDescribe: ShareGroupDescribeRequest => ShareGroupDescribeResponse,
    DescribeShareGroupOffsets: DescribeShareGroupOffsetsRequest => DescribeShareGroupOffsetsResponse,
    SaslHandshake: SaslHandshakeRequest => SaslHandshakeResponse,
    SaslAuthenticate: SaslAuthenticateRequest => SaslAuthenticateResponse,
    CreateTopics: CreateTopicsRequest => CreateTopicsResponse,
    DescribeConfigs: DescribeConfigsRequest => DescribeConfigsResponse,
}

struct Outgoing {
    frame: Bytes,
    correlation: i32,
    reply: oneshot::Sender<Answer>,
}

/// Requests sent and not answered yet, and why the connection closed, if it did.
#[derive(Default)]
struct State {
    pending: VecDeque<(i32, oneshot::Sender<Answer>)>,
    closed: Option<String>,
}

impl State {
    /// Mark the connection closed and fail every pending request with `reason`.
    fn close(&mut self, reason: String) {
        for (_, reply) in self.pending.drain(..) {
            let _ = reply.send(Err(reason.clone()));
        }
        self.closed.get_or_insert(reason);
    }
}

/// One TCP connection to one broker.
pub struct Connection {
    addr: String,
    client_id: StrBytes,
    outgoing: mpsc::UnboundedSender<Outgoing>,
    correlation: AtomicI32,
    state: Arc<Mutex<State>>,
    tasks: [JoinHandle<()>; 2],
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.tasks.iter().for_each(JoinHandle::abort);
    }
}

/// The answer to one request, once it comes.
pub struct Reply<R> {
    answer: oneshot::Receiver<Answer>,
    addr: String,
    version: i16,
    _response: std::marker::PhantomData<R>,
}

impl Connection {
    /// A connection over a connected TCP socket to the broker at `addr`
    /// ([`super::Security::open`] makes the socket).
    pub(super) fn plain(stream: TcpStream, addr: &str, client_id: &str) -> Self {
        let (read, write) = stream.into_split();
        Self::start(read, write, addr, client_id)
    }

    /// A connection over another stream (TLS) to the broker at `addr`.
    pub(super) fn over<S>(stream: S, addr: &str, client_id: &str) -> Self
    where
        S: AsyncRead + AsyncWrite + Send + 'static,
    {
        let (read, write) = tokio::io::split(stream);
        Self::start(read, write, addr, client_id)
    }

    fn start<R, W>(read: R, write: W, addr: &str, client_id: &str) -> Self
    where
        R: AsyncRead + Unpin + Send + 'static,
        W: AsyncWrite + Unpin + Send + 'static,
    {
        let state = Arc::new(Mutex::new(State::default()));
        let (outgoing, queue) = mpsc::unbounded_channel();
        let tasks = [
            tokio::spawn(write_loop(write, queue, Arc::clone(&state))),
            tokio::spawn(read_loop(read, Arc::clone(&state))),
        ];
        Self {
            addr: addr.into(),
            client_id: StrBytes::from_string(client_id.into()),
            outgoing,
            correlation: AtomicI32::new(0),
            state,
            tasks,
        }
    }

    /// The broker this connection goes to.
    pub fn addr(&self) -> &str {
        &self.addr
    }

    /// Whether the socket failed; a broken connection answers nothing any more.
    pub fn is_broken(&self) -> bool {
        self.state.lock().expect("not poisoned").closed.is_some()
    }

    /// Give the connection up (a broker that stopped answering): every pending request
    /// fails with `reason` at once, and so does every later one.
    pub fn close(&self, reason: &str) {
        self.state
            .lock()
            .expect("not poisoned")
            .close(reason.into());
        self.tasks.iter().for_each(JoinHandle::abort);
    }

    /// Encode `request` and queue it behind every request sent before it. Returns at
    /// once; the [`Reply`] resolves when the broker answers.
    pub fn send<R: Request>(&self, version: i16, request: &R) -> Result<Reply<R::Response>> {
        let codec = |e: &dyn std::fmt::Display| self.protocol(R::KEY, e.to_string());
        let correlation = self.correlation.fetch_add(1, Ordering::Relaxed);
        let header = RequestHeader::default()
            .with_request_api_key(R::KEY as i16)
            .with_request_api_version(version)
            .with_correlation_id(correlation)
            .with_client_id(Some(self.client_id.clone()));
        let mut frame = BytesMut::new();
        frame.put_i32(0);
        header
            .encode(&mut frame, R::header_version(version))
            .map_err(|e| codec(&e))?;
        request.encode(&mut frame, version).map_err(|e| codec(&e))?;
        let size = i32::try_from(frame.len() - 4).map_err(|e| codec(&e))?;
        frame[..4].copy_from_slice(&size.to_be_bytes());
        let (reply, answer) = oneshot::channel();
        self.outgoing
            .send(Outgoing {
                frame: frame.freeze(),
                correlation,
                reply,
            })
            .map_err(|_| self.disconnected("the connection's writer stopped".into()))?;
        Ok(Reply {
            answer,
            addr: self.addr.clone(),
            version,
            _response: std::marker::PhantomData,
        })
    }

    /// Send `request` and wait for its answer at most `timeout`.
    pub async fn call<R: Request>(
        &self,
        version: i16,
        request: &R,
        timeout: Duration,
    ) -> Result<R::Response> {
        self.send(version, request)?.wait(timeout).await
    }

    fn protocol(&self, key: ApiKey, reason: String) -> Error {
        Error::Protocol {
            operation: format!("{key:?}"),
            brokers: self.addr.clone(),
            reason,
        }
    }

    fn disconnected(&self, reason: String) -> Error {
        Error::Disconnected {
            broker: self.addr.clone(),
            reason,
        }
    }
}

impl<R: Decodable + HeaderVersion> Reply<R> {
    /// The decoded answer, or an error if none came within `timeout`.
    pub async fn wait(self, timeout: Duration) -> Result<R> {
        let disconnected = |reason: String| Error::Disconnected {
            broker: self.addr.clone(),
            reason,
        };
        let answer = tokio::time::timeout(timeout, self.answer)
            .await
            .map_err(|_| Error::Timeout {
                operation: "request".into(),
                brokers: self.addr.clone(),
                deadline: timeout,
            })?
            .map_err(|_| disconnected("connection dropped".into()))?
            .map_err(disconnected)?;
        decode::<R>(answer, self.version).map_err(|reason| Error::Protocol {
            operation: "decode response".into(),
            brokers: self.addr.clone(),
            reason,
        })
    }
}

/// A response frame (without its size) as `R`: header, body, nothing left over.
fn decode<R: Decodable + HeaderVersion>(
    mut frame: Bytes,
    version: i16,
) -> std::result::Result<R, String> {
    ResponseHeader::decode(&mut frame, R::header_version(version)).map_err(|e| e.to_string())?;
    let response = R::decode(&mut frame, version).map_err(|e| e.to_string())?;
    if frame.has_remaining() {
        return Err(format!(
            "{} bytes left after the response",
            frame.remaining()
        ));
    }
    Ok(response)
}

async fn write_loop(
    mut socket: impl AsyncWrite + Unpin,
    mut queue: mpsc::UnboundedReceiver<Outgoing>,
    state: Arc<Mutex<State>>,
) {
    while let Some(out) = queue.recv().await {
        {
            let mut state = state.lock().expect("not poisoned");
            if let Some(reason) = &state.closed {
                let _ = out.reply.send(Err(reason.clone()));
                continue;
            }
            state.pending.push_back((out.correlation, out.reply));
        }
        if let Err(e) = socket.write_all(&out.frame).await {
            state
                .lock()
                .expect("not poisoned")
                .close(format!("write failed: {e}"));
        }
    }
}

async fn read_loop(mut socket: impl AsyncRead + Unpin, state: Arc<Mutex<State>>) {
    let reason = loop {
        let frame = match read_frame(&mut socket).await {
            Ok(frame) => frame,
            Err(reason) => break reason,
        };
        let correlation = frame.clone().get_i32();
        let mut state = state.lock().expect("not poisoned");
        match state.pending.pop_front() {
            Some((expected, reply)) if expected == correlation => {
                let _ = reply.send(Ok(frame));
            }
            Some((expected, _)) => {
                break format!("answer {correlation} came where {expected} was due")
            }
            None => break format!("answer {correlation} to no request"),
        }
    };
    state.lock().expect("not poisoned").close(reason);
}

async fn read_frame(socket: &mut (impl AsyncRead + Unpin)) -> std::result::Result<Bytes, String> {
    let size = socket.read_i32().await.map_err(|e| match e.kind() {
        std::io::ErrorKind::UnexpectedEof => CLOSED.to_string(),
        _ => format!("read failed: {e}"),
    })?;
    let size = usize::try_from(size)
        .ok()
        .filter(|s| (4..=MAX_RESPONSE).contains(s))
        .ok_or_else(|| match size.to_be_bytes() {
            // A TLS record (alert, handshake) of TLS 1.x where a size was due.
            [0x15 | 0x16, 3, _, _] => TLS_ANSWER.to_string(),
            _ => format!("answer of {size} bytes (at most {MAX_RESPONSE})"),
        })?;
    let mut frame = BytesMut::zeroed(size);
    socket
        .read_exact(&mut frame)
        .await
        .map_err(|e| format!("read failed: {e}"))?;
    Ok(frame.freeze())
}

#[cfg(test)]
mod tests {
    use super::*;
    use kafka_protocol::messages::MetadataRequest;
    use tokio::io::AsyncWriteExt;

    /// A peer that announces a 2 GiB answer gets an error naming the size, not an
    /// allocation of it.
    #[tokio::test]
    async fn an_oversized_answer_is_refused() {
        let liar = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = liar.local_addr().unwrap().to_string();
        tokio::spawn(async move {
            let (mut peer, _) = liar.accept().await.unwrap();
            let size = peer.read_i32().await.unwrap();
            let mut request = vec![0; size as usize];
            peer.read_exact(&mut request).await.unwrap();
            peer.write_all(&i32::MAX.to_be_bytes()).await.unwrap();
            // Keep the connection open: the client must give up on its own.
            let _ = peer.read_u8().await;
        });
        let timeout = Duration::from_secs(5);
        let stream = TcpStream::connect(&addr).await.unwrap();
        let connection = Connection::plain(stream, &addr, "test");
        let err = connection
            .call(9, &MetadataRequest::default(), timeout)
            .await
            .unwrap_err()
            .to_string();
        assert!(err.contains("answer of 2147483647 bytes"), "{err}");
    }
}
