//! Requests any broker can answer (Metadata, InitProducerId), sent to the bootstrap
//! brokers in turn on a connection of their own ([`super::wire`]): each broker gets at
//! most `kafka.request_timeout_ms`, all of them together the operation deadline. And
//! requests every broker answers for itself (ApiVersions, ListGroups), sent to each.

use super::metadata::Broker;
use super::wire::{Connection, Request};
use super::{Error, Kafka, Result};
use tokio::time::Instant;

impl Kafka {
    /// The answer to `request` from the first bootstrap broker that gives one.
    pub(super) async fn ask_any<R: Request>(
        &self,
        version: i16,
        request: &R,
    ) -> Result<R::Response> {
        let end = Instant::now() + self.deadline;
        let mut last = String::from("no brokers configured");
        while Instant::now() < end {
            for broker in &self.config.brokers {
                let attempt = self
                    .attempt
                    .min(end.saturating_duration_since(Instant::now()));
                let answer = async {
                    let connection =
                        Connection::open(broker, &self.config.client_id, attempt).await?;
                    connection.call(version, request, attempt).await
                };
                match answer.await {
                    Ok(response) => return Ok(response),
                    Err(e) => last = e.to_string(),
                }
            }
            tokio::time::sleep(self.backoff.init_backoff).await;
        }
        Err(Error::Unreachable {
            brokers: self.brokers(),
            deadline: self.deadline,
            reason: last,
        })
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
                    let connection =
                        Connection::open(&address, &self.config.client_id, self.attempt).await?;
                    connection.call(version, request, self.attempt).await
                })
                .await?;
            answers.push((broker, address, answer));
        }
        Ok(answers)
    }
}
