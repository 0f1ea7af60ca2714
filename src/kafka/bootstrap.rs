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
        in_turn(&self.config.brokers, seen, failed)
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

/// The order of [`Kafka::candidates`]: `bootstrap` then `seen`, or after a failure
/// `seen` then `bootstrap` with `failed` last; each broker once.
fn in_turn(bootstrap: &[String], seen: Vec<String>, failed: Option<&str>) -> Vec<String> {
    let ordered: Vec<String> = match failed {
        None => bootstrap.iter().cloned().chain(seen).collect(),
        Some(_) => seen.into_iter().chain(bootstrap.iter().cloned()).collect(),
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

#[cfg(test)]
mod tests {
    use super::in_turn;

    fn names(list: &str) -> Vec<String> {
        list.split(',').map(String::from).collect()
    }

    #[test]
    fn the_bootstrap_brokers_come_first_then_those_the_cluster_named() {
        let order = in_turn(&names("kafka:9092,b:1"), names("a:1,b:1,c:1"), None);
        assert_eq!(order, names("kafka:9092,b:1,a:1,c:1"));
    }

    /// A leader cut off from its cluster answers Metadata naming itself: after a
    /// request to it failed, it is asked last, and the bootstrap list (which may
    /// reach it by another name) after the brokers the cluster named.
    #[test]
    fn after_a_failure_the_failed_broker_is_asked_last() {
        let order = in_turn(&names("a:1,b:1,c:1"), names("a:1,b:1,c:1"), Some("a:1"));
        assert_eq!(order, names("b:1,c:1,a:1"));
        let order = in_turn(&names("kafka:9092"), names("a:1,b:1"), Some("a:1"));
        assert_eq!(order, names("b:1,kafka:9092,a:1"));
    }
}
