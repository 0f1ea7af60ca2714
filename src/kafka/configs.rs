//! Topic configs (`retention.ms=3600000`, ...): sent with CreateTopics, to the
//! controller, and read back with DescribeConfigs, on connections of our own (rskafka
//! 0.6.0 creates topics without configs and cannot describe them).
//!
//! What `kafka-topics --describe` shows as `Configs:` is every config whose source is
//! not the broker's built-in default: set on the topic, or in the broker's
//! configuration. The broker validates each config; its refusal comes back with the
//! key and Kafka's reason (`Invalid value abc for configuration retention.ms: Not a
//! number of type LONG`).

use super::wire::Request;
use super::{Error, Kafka, Result};
use kafka_protocol::error::{ParseResponseErrorCode, ResponseError};
use kafka_protocol::messages::create_topics_request::{CreatableTopic, CreatableTopicConfig};
use kafka_protocol::messages::describe_configs_request::DescribeConfigsResource;
use kafka_protocol::messages::{
    CreateTopicsRequest, CreateTopicsResponse, DescribeConfigsRequest, TopicName,
};
use kafka_protocol::protocol::StrBytes;
use std::collections::BTreeMap;
use std::time::Duration;

/// Served by Apache Kafka 2.4 to 4.x (4.0 removed 0 and 1) and by the embedded broker.
const CREATE_TOPICS: i16 = 5;
/// Version 0 is gone from Kafka 4.0; 1 has each config's source.
const DESCRIBE_CONFIGS: i16 = 1;
/// DescribeConfigs' resource type of a topic.
const TOPIC_RESOURCE: i8 = 2;
/// DescribeConfigs' source of a config nobody set (Kafka's `DEFAULT_CONFIG`).
const DEFAULT_SOURCE: i8 = 5;
/// Pause before asking the controller again after it moved.
const POLL: Duration = Duration::from_millis(100);

/// Topic configs by name, as `kafka-topics --config KEY=VALUE` takes them.
pub type TopicConfigs = BTreeMap<String, String>;

/// `KEY=VALUE`, as `kafka-topics --config` and `kafka-configs --add-config` take it.
pub fn parse_config(text: &str) -> std::result::Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => {
            Ok((key.trim().to_string(), value.trim().to_string()))
        }
        _ => Err(format!(
            "'{text}' is not KEY=VALUE (e.g. retention.ms=3600000)"
        )),
    }
}

/// What to create: a topic's name, partitions, replication factor and configs.
#[derive(Debug, Clone)]
pub struct NewTopic<'a> {
    pub name: &'a str,
    pub partitions: i32,
    pub replication_factor: i16,
    pub configs: TopicConfigs,
}

impl<'a> NewTopic<'a> {
    /// `partitions` of one replica each, with the broker's default configs.
    pub fn new(name: &'a str, partitions: i32) -> Self {
        Self {
            name,
            partitions,
            replication_factor: 1,
            configs: TopicConfigs::new(),
        }
    }
}

impl Kafka {
    /// Send CreateTopics for `topic` to the controller; asks again while the
    /// controller moves (NOT_CONTROLLER), within the operation deadline.
    pub(super) async fn send_create_topics(&self, topic: &NewTopic<'_>) -> Result<()> {
        let timeout_ms = i32::try_from(self.deadline.as_millis()).unwrap_or(i32::MAX);
        let configs = topic
            .configs
            .iter()
            .map(|(name, value)| {
                CreatableTopicConfig::default()
                    .with_name(StrBytes::from_string(name.clone()))
                    .with_value(Some(StrBytes::from_string(value.clone())))
            })
            .collect();
        let request = CreateTopicsRequest::default()
            .with_timeout_ms(timeout_ms)
            .with_topics(vec![CreatableTopic::default()
                .with_name(TopicName(StrBytes::from_string(topic.name.into())))
                .with_num_partitions(topic.partitions)
                .with_replication_factor(topic.replication_factor)
                .with_configs(configs)]);
        let answer = self
            .ask_controller("create topic", CREATE_TOPICS, &request, first_error)
            .await?;
        let Some(result) = answer.topics.into_iter().next() else {
            return Ok(());
        };
        let reason = || {
            result
                .error_message
                .as_ref()
                .map(ToString::to_string)
                .filter(|m| !m.is_empty())
        };
        match result.error_code.err() {
            None => Ok(()),
            Some(ResponseError::TopicAlreadyExists) => Err(Error::TopicExists {
                topic: topic.name.into(),
            }),
            Some(ResponseError::InvalidTopicException) => Err(Error::InvalidTopicName {
                topic: topic.name.into(),
                reason: reason().unwrap_or_else(|| "refused by the broker".into()),
            }),
            Some(e) => Err(Error::TopicRefused {
                operation: "create topic".into(),
                topic: topic.name.into(),
                reason: reason().unwrap_or_else(|| e.to_string()),
            }),
        }
    }

    /// The configs of `topic` that are not the broker's built-in defaults, as
    /// `kafka-topics --describe` lists them after `Configs:`.
    pub async fn topic_configs(&self, topic: &str) -> Result<TopicConfigs> {
        let request = DescribeConfigsRequest::default().with_resources(vec![
            DescribeConfigsResource::default()
                .with_resource_type(TOPIC_RESOURCE)
                .with_resource_name(StrBytes::from_string(topic.into()))
                .with_configuration_keys(None),
        ]);
        let answer = self.ask_any(DESCRIBE_CONFIGS, &request).await?;
        let Some(result) = answer.results.into_iter().next() else {
            return Ok(TopicConfigs::new());
        };
        match result.error_code.err() {
            None => {}
            Some(ResponseError::UnknownTopicOrPartition) => {
                return Err(Error::UnknownTopic {
                    topic: topic.into(),
                })
            }
            Some(e) => {
                return Err(Error::TopicRefused {
                    operation: "describe configs".into(),
                    topic: topic.into(),
                    reason: result
                        .error_message
                        .map(|m| m.to_string())
                        .unwrap_or_else(|| e.to_string()),
                })
            }
        }
        Ok(result
            .configs
            .into_iter()
            .filter(|c| c.config_source != DEFAULT_SOURCE)
            .map(|c| {
                let value = c.value.map(|v| v.to_string()).unwrap_or_default();
                (c.name.to_string(), value)
            })
            .collect())
    }

    /// The controller's answer to `request`: sent to the broker the metadata names as
    /// controller, again (after fresh metadata) while `error` says NOT_CONTROLLER.
    async fn ask_controller<R: Request>(
        &self,
        operation: &str,
        version: i16,
        request: &R,
        error: impl Fn(&R::Response) -> i16,
    ) -> Result<R::Response> {
        self.within(operation, async {
            loop {
                let metadata = self.metadata(Some(&[])).await?;
                let controller = metadata
                    .brokers
                    .iter()
                    .find(|b| b.id == metadata.controller)
                    .or(metadata.brokers.first())
                    .map(|b| format!("{}:{}", b.host, b.port));
                if let Some(address) = controller {
                    let answer = async {
                        let connection = self.security.open(&address, self.attempt).await?;
                        connection.call(version, request, self.attempt).await
                    };
                    match answer.await {
                        Ok(answer)
                            if error(&answer).err() != Some(ResponseError::NotController) =>
                        {
                            return Ok(answer)
                        }
                        Ok(_) => {}
                        Err(e) if !e.is_retriable() => return Err(e),
                        Err(e) => tracing::debug!(operation, error = %e, "retrying"),
                    }
                }
                tokio::time::sleep(POLL).await;
            }
        })
        .await
    }
}

/// The error code of the first topic in a CreateTopics answer.
fn first_error(answer: &CreateTopicsResponse) -> i16 {
    answer.topics.first().map_or(0, |t| t.error_code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configs_are_key_equals_value() {
        assert_eq!(
            parse_config("retention.ms=3600000"),
            Ok(("retention.ms".into(), "3600000".into()))
        );
        assert_eq!(
            parse_config("cleanup.policy=compact,delete"),
            Ok(("cleanup.policy".into(), "compact,delete".into()))
        );
        assert_eq!(parse_config("a="), Ok(("a".into(), String::new())));
        for bad in ["retention.ms", "=5", ""] {
            assert!(parse_config(bad).is_err(), "{bad}");
        }
    }
}
