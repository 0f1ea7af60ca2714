//! What each broker of the cluster serves, from its ApiVersions answer: the versions of
//! every API and the finalized features (KRaft's `metadata.version` names the release
//! level). Kafka has no request for its release, so this is what a results file can
//! say about the brokers it ran on.

use super::error::refused;
use super::{Kafka, Result};
use kafka_protocol::messages::{ApiKey, ApiVersionsRequest};
use kafka_protocol::protocol::StrBytes;
use serde::Serialize;
use std::collections::BTreeMap;

/// Version 3: served by Apache Kafka 2.4 to 4.x and by the embedded broker.
const VERSION: i16 = 3;

/// One broker's ApiVersions answer.
#[derive(Debug, Clone, Serialize)]
pub struct BrokerVersions {
    pub id: i32,
    pub address: String,
    /// API name → the lowest and highest version the broker serves.
    pub apis: BTreeMap<String, [i16; 2]>,
    /// Finalized feature → level (e.g. `metadata.version`).
    pub features: BTreeMap<String, i16>,
}

impl Kafka {
    /// The ApiVersions answer of every broker of the cluster.
    pub async fn broker_versions(&self) -> Result<Vec<BrokerVersions>> {
        let mut all = Vec::new();
        for (broker, address, answer) in self.ask_each("ApiVersions", VERSION, &request()).await? {
            refused("ApiVersions", &address, answer.error_code)?;
            let name =
                |key: i16| ApiKey::try_from(key).map_or(key.to_string(), |k| format!("{k:?}"));
            all.push(BrokerVersions {
                id: broker.id,
                address,
                apis: answer
                    .api_keys
                    .iter()
                    .map(|a| (name(a.api_key), [a.min_version, a.max_version]))
                    .collect(),
                features: answer
                    .finalized_features
                    .iter()
                    .map(|f| (f.name.to_string(), f.max_version_level))
                    .collect(),
            });
        }
        Ok(all)
    }

    /// The highest version of `key` the cluster serves (as the first broker that
    /// answers says), or `None` where it does not serve `key` at all.
    pub async fn highest_version(&self, key: ApiKey) -> Result<Option<i16>> {
        let answer = self.ask_any(VERSION, &request()).await?;
        refused("ApiVersions", &self.brokers(), answer.error_code)?;
        Ok(answer
            .api_keys
            .iter()
            .find(|a| a.api_key == key as i16)
            .map(|a| a.max_version))
    }
}

fn request() -> ApiVersionsRequest {
    ApiVersionsRequest::default()
        .with_client_software_name(StrBytes::from_static_str("kafka-lab"))
        .with_client_software_version(StrBytes::from_static_str(env!("CARGO_PKG_VERSION")))
}
