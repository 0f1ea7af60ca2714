//! Kafka's `consumer` protocol as group members speak it: the subscription each member
//! sends in JoinGroup, the assignment the leader hands out in SyncGroup (both a
//! version, then the message), and the `range` and `roundrobin` assignors computed as
//! Kafka's Java client computes them, so that any client can share a group with
//! kafka-lab.

use bytes::{Buf, BufMut, Bytes, BytesMut};
use kafka_protocol::messages::consumer_protocol_assignment::TopicPartition;
use kafka_protocol::messages::{
    ConsumerProtocolAssignment, ConsumerProtocolSubscription, TopicName,
};
use kafka_protocol::protocol::{Decodable, Encodable, StrBytes};
use std::collections::BTreeMap;

/// Newest version of the subscription and assignment the `kafka-protocol` codec knows;
/// newer ones only append fields, so they decode as this one (as the Java client does).
const NEWEST: i16 = 3;

/// How the leader splits the partitions among the members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assignor {
    /// Each topic's partitions in contiguous ranges, members in member id order.
    Range,
    /// All partitions dealt to the members in turn.
    RoundRobin,
}

impl Assignor {
    /// In kafka-lab's order of preference.
    pub const ALL: [Assignor; 2] = [Assignor::Range, Assignor::RoundRobin];

    /// The protocol name Kafka's clients use.
    pub fn name(self) -> &'static str {
        match self {
            Self::Range => "range",
            Self::RoundRobin => "roundrobin",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

    /// Each member's partitions (every member has an entry, maybe empty): `members`
    /// with the topics each subscribes to, `partitions` each topic's partition count.
    pub fn assign(
        self,
        members: &BTreeMap<String, Vec<String>>,
        partitions: &BTreeMap<String, i32>,
    ) -> BTreeMap<String, Vec<(String, i32)>> {
        let mut out: BTreeMap<_, Vec<_>> = members.keys().map(|m| (m.clone(), vec![])).collect();
        let subscribed = |member: &str, topic: &str| members[member].iter().any(|t| t == topic);
        match self {
            Self::Range => {
                for (topic, &count) in partitions {
                    let takers: Vec<_> = members.keys().filter(|m| subscribed(m, topic)).collect();
                    if takers.is_empty() {
                        continue;
                    }
                    let (each, extra) =
                        (count as usize / takers.len(), count as usize % takers.len());
                    for (i, member) in takers.into_iter().enumerate() {
                        let start = each * i + i.min(extra);
                        let len = each + usize::from(i < extra);
                        let mine = out.get_mut(member).expect("every member has an entry");
                        mine.extend((start..start + len).map(|p| (topic.clone(), p as i32)));
                    }
                }
            }
            Self::RoundRobin => {
                let order: Vec<_> = members.keys().collect();
                let mut next = 0;
                for (topic, &count) in partitions {
                    if !order.iter().any(|m| subscribed(m, topic)) {
                        continue;
                    }
                    for p in 0..count {
                        while !subscribed(order[next % order.len()], topic) {
                            next += 1;
                        }
                        let member = order[next % order.len()];
                        out.get_mut(member)
                            .expect("every member has an entry")
                            .push((topic.clone(), p));
                        next += 1;
                    }
                }
            }
        }
        out
    }
}

/// A member's subscription to `topics`, as it goes into JoinGroup (version 0, which
/// every client reads).
pub fn encode_subscription(topics: &[String]) -> Bytes {
    let subscription = ConsumerProtocolSubscription::default().with_topics(
        topics
            .iter()
            .map(|t| StrBytes::from_string(t.clone()))
            .collect(),
    );
    versioned(|buf| subscription.encode(buf, 0))
}

/// The topics a member subscribes to, from its JoinGroup metadata.
pub fn decode_subscription(bytes: Bytes) -> Result<Vec<String>, String> {
    let (version, mut body) = version(bytes, "subscription")?;
    let decoded = ConsumerProtocolSubscription::decode(&mut body, version)
        .map_err(|e| format!("a subscription that does not decode: {e}"))?;
    Ok(decoded.topics.into_iter().map(|t| t.to_string()).collect())
}

/// A member's partitions, as the leader sends them in SyncGroup (version 0).
pub fn encode_assignment(partitions: &[(String, i32)]) -> Bytes {
    let mut by_topic: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
    for (topic, p) in partitions {
        by_topic.entry(topic).or_default().push(*p);
    }
    let assignment = ConsumerProtocolAssignment::default().with_assigned_partitions(
        by_topic
            .into_iter()
            .map(|(topic, partitions)| {
                TopicPartition::default()
                    .with_topic(TopicName(StrBytes::from_string(topic.into())))
                    .with_partitions(partitions)
            })
            .collect(),
    );
    versioned(|buf| assignment.encode(buf, 0))
}

/// The partitions of a member's assignment, sorted (empty bytes: nothing assigned yet).
pub fn decode_assignment(bytes: Bytes) -> Result<Vec<(String, i32)>, String> {
    if bytes.is_empty() {
        return Ok(Vec::new());
    }
    let (version, mut body) = version(bytes, "assignment")?;
    let decoded = ConsumerProtocolAssignment::decode(&mut body, version)
        .map_err(|e| format!("an assignment that does not decode: {e}"))?;
    let mut partitions: Vec<_> = decoded
        .assigned_partitions
        .into_iter()
        .flat_map(|t| {
            let topic = t.topic.0.to_string();
            t.partitions.into_iter().map(move |p| (topic.clone(), p))
        })
        .collect();
    partitions.sort();
    Ok(partitions)
}

/// The version in front of a subscription or assignment, capped at [`NEWEST`].
fn version(mut bytes: Bytes, what: &str) -> Result<(i16, Bytes), String> {
    if bytes.len() < 2 {
        return Err(format!("a {what} shorter than its version"));
    }
    let version = bytes.get_i16().clamp(0, NEWEST);
    Ok((version, bytes))
}

fn versioned<E: std::fmt::Debug>(encode: impl FnOnce(&mut BytesMut) -> Result<(), E>) -> Bytes {
    let mut buf = BytesMut::new();
    buf.put_i16(0);
    encode(&mut buf).expect("version 0 encodes any subscription or assignment");
    buf.freeze()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members(spec: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        spec.iter()
            .map(|(m, topics)| {
                (
                    m.to_string(),
                    topics.iter().map(|t| t.to_string()).collect(),
                )
            })
            .collect()
    }

    fn shown(assigned: &BTreeMap<String, Vec<(String, i32)>>) -> Vec<String> {
        assigned
            .iter()
            .map(|(m, ps)| {
                let ps: Vec<_> = ps.iter().map(|(t, p)| format!("{t}{p}")).collect();
                format!("{m}:{}", ps.join(","))
            })
            .collect()
    }

    /// The examples of the Java client's RangeAssignor and RoundRobinAssignor javadoc:
    /// C0 and C1 subscribe to t0 and t1, each with three partitions.
    #[test]
    fn the_assignors_split_as_the_java_client_does() {
        let both = members(&[("C0", &["t0", "t1"]), ("C1", &["t0", "t1"])]);
        let partitions = BTreeMap::from([("t0".to_string(), 3), ("t1".to_string(), 3)]);
        assert_eq!(
            shown(&Assignor::Range.assign(&both, &partitions)),
            ["C0:t00,t01,t10,t11", "C1:t02,t12"]
        );
        assert_eq!(
            shown(&Assignor::RoundRobin.assign(&both, &partitions)),
            ["C0:t00,t02,t11", "C1:t01,t10,t12"]
        );
        // Unequal subscriptions: C0 t0; C1 t0, t1; C2 t0, t1, t2 (1, 2, 3 partitions).
        let mixed = members(&[
            ("C0", &["t0"]),
            ("C1", &["t0", "t1"]),
            ("C2", &["t0", "t1", "t2"]),
        ]);
        let partitions = BTreeMap::from([
            ("t0".to_string(), 1),
            ("t1".to_string(), 2),
            ("t2".to_string(), 3),
        ]);
        assert_eq!(
            shown(&Assignor::RoundRobin.assign(&mixed, &partitions)),
            ["C0:t00", "C1:t10", "C2:t11,t20,t21,t22"]
        );
        // More members than partitions: the last ones get nothing.
        let three = members(&[("a", &["t"]), ("b", &["t"]), ("c", &["t"])]);
        let two = BTreeMap::from([("t".to_string(), 2)]);
        assert_eq!(
            shown(&Assignor::Range.assign(&three, &two)),
            ["a:t0", "b:t1", "c:"]
        );
    }

    #[test]
    fn subscriptions_and_assignments_read_back_as_written() {
        let topics = vec!["a".to_string(), "b".to_string()];
        assert_eq!(
            decode_subscription(encode_subscription(&topics)).unwrap(),
            topics
        );
        let partitions = vec![
            ("a".to_string(), 3),
            ("a".to_string(), 1),
            ("b".to_string(), 0),
        ];
        let read = decode_assignment(encode_assignment(&partitions)).unwrap();
        assert_eq!(
            read,
            [
                ("a".to_string(), 1),
                ("a".to_string(), 3),
                ("b".to_string(), 0)
            ]
        );
    }

    /// The Java client writes its newest version; what it adds is skipped.
    #[test]
    fn an_assignment_decodes_as_the_java_client_writes_it() {
        let written = ConsumerProtocolAssignment::default().with_assigned_partitions(vec![
            TopicPartition::default()
                .with_topic(TopicName(StrBytes::from_static_str("t")))
                .with_partitions(vec![3, 1]),
        ]);
        for version in [0i16, 1, 3] {
            let mut buf = BytesMut::new();
            buf.put_i16(version);
            written.encode(&mut buf, version).unwrap();
            let read = decode_assignment(buf.freeze()).unwrap();
            assert_eq!(read, [("t".to_string(), 1), ("t".to_string(), 3)]);
        }
        assert_eq!(decode_assignment(Bytes::new()).unwrap(), []);
        assert!(decode_assignment(Bytes::from_static(&[0])).is_err());
        assert!(decode_assignment(Bytes::from_static(&[0, 0, 0, 0, 0, 9])).is_err());
    }
}
