//! Requests any broker can answer (Metadata, InitProducerId), sent to the bootstrap
//! brokers (and those the cluster named) in turn on a connection of their own
//! ([`super::wire`]): each broker gets at most `kafka.request_timeout_ms`, all of them
//! together the operation deadline. And requests every broker answers for itself
//! (ApiVersions, ListGroups), sent to each.

use super::metadata::Broker;
use super::wire::Request;
use super::{Error, Kafka, Result, Security};
use std::time::Duration;
use tokio::time::Instant;

/// The answer to `request` from the first of `brokers` that gives one, each broker
/// given at most `attempt`, all of them together `deadline`, with `pause` between
/// rounds. A refusal (authentication, TLS) ends it at once: it would come again.
pub(super) async fn first_answer<R: Request>(
    security: &Security,
    brokers: &[String],
    (deadline, attempt, pause): (Duration, Duration, Duration),
    version: i16,
    request: &R,
) -> Result<R::Response> {
    let end = Instant::now() + deadline;
    let mut last = String::from("no brokers configured");
    while Instant::now() < end {
        for broker in brokers {
            let attempt = attempt.min(end.saturating_duration_since(Instant::now()));
            let answer = async {
                let connection = security.open(broker, attempt).await?;
                connection.call(version, request, attempt).await
            };
            last = match answer.await.map_err(|e| security.diagnose(e)) {
                Ok(response) => return Ok(response),
                Err(e @ (Error::Authentication { .. } | Error::Tls { .. })) => return Err(e),
                Err(e) => e.to_string(),
            };
        }
        tokio::time::sleep(pause).await;
    }
    Err(Error::Unreachable {
        brokers: brokers.join(","),
        deadline,
        reason: last,
    })
}

impl Kafka {
    /// The answer to `request` from the first broker that gives one.
    pub(super) async fn ask_any<R: Request>(
        &self,
        version: i16,
        request: &R,
    ) -> Result<R::Response> {
        self.ask_any_after(None, version, request).await
    }

    /// The answer to `request` from the first broker that gives one, asking `failed`
    /// last (see [`Kafka::candidates`]).
    pub(super) async fn ask_any_after<R: Request>(
        &self,
        failed: Option<&str>,
        version: i16,
        request: &R,
    ) -> Result<R::Response> {
        let timing = (self.deadline, self.attempt, self.backoff.init_backoff);
        let brokers = self.candidates(failed);
        first_answer(&self.security, &brokers, timing, version, request).await
    }

    /// The brokers to ask, in turn: the bootstrap brokers, then the others the last
    /// Metadata answer named. After a request to `failed` (a leader) failed, those
    /// the cluster named come first and `failed` last: a leader cut off from the rest
    /// of the cluster still answers Metadata from its stale view, naming itself, and
    /// the bootstrap list may lead to it by another name.
    fn candidates(&self, failed: Option<&str>) -> Vec<String> {
        let seen = self.seen.lock().expect("not poisoned").clone();
        let bootstrap = self.config.brokers.iter().cloned();
        let ordered: Vec<String> = match failed {
            None => bootstrap.chain(seen).collect(),
            Some(_) => seen.into_iter().chain(bootstrap).collect(),
        };
        let mut brokers = Vec::with_capacity(ordered.len());
        for broker in ordered {
            if !brokers.contains(&broker) && Some(broker.as_str()) != failed {
                brokers.push(broker);
            }
        }
        brokers.extend(failed.map(String::from));
        brokers
    }

    /// Every broker of the cluster with its address (`host:port`) and its answer to
    /// `request`; each within the operation deadline.
    pub(super) async fn ask_each<R: Request>(
        &self,
        operation: &str,
        version: i16,
        request: &R,
    ) -> Result<Vec<(Broker, String, R::Response)>> {
        let mut answers = Vec::new();
        for broker in self.metadata(Some(&[])).await?.brokers {
            let address = format!("{}:{}", broker.host, broker.port);
            let answer = self
                .within(operation, async {
                    let connection = self.security.open(&address, self.attempt).await?;
                    connection.call(version, request, self.attempt).await
                })
                .await?;
            answers.push((broker, address, answer));
        }
        Ok(answers)
    }
}
