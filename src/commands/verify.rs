//! `kafka-lab verify`: exercise 3's check. Reads every partition from the beginning
//! and checks that each record sits in the partition its rule names and, with
//! `--expect`, that each expected number is there exactly once.

use super::{Broker, Error, Result};
use crate::actors::aggregator::Options;
use crate::cli::VerifyArgs;
use crate::kafka::admin::default_topic_name;
use crate::partition::{hash_partition, Rule};
use crate::pipeline::{self, ConsumeJob};
use crate::record::Consumed;
use crate::sample::{Sample, Sequence};
use crate::start::StartAt;
use std::collections::BTreeMap;

/// What `verify` found.
#[derive(Debug, Default)]
pub struct Verdict {
    /// Records per partition.
    pub records: BTreeMap<i32, u64>,
    /// One line per problem: misplaced, missing, duplicated, unexpected or invalid.
    pub problems: Vec<String>,
}

impl Verdict {
    pub fn report(&self, topic: &str, rule: Rule) -> String {
        let mut out = format!("Topic: {topic}\tRule: {rule}\n");
        for (p, n) in &self.records {
            out += &format!("\tPartition: {p}\tRecords: {n}\n");
        }
        if self.problems.is_empty() {
            out += "OK: every record is where the rule puts it.\n";
        }
        out
    }
}

pub async fn run(broker: &Broker, args: VerifyArgs) -> Result<()> {
    let topic = args.topic.unwrap_or_else(default_topic_name);
    let verdict = check(broker, &topic, args.rule, args.expect).await?;
    print!("{}", verdict.report(&topic, args.rule));
    if verdict.problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Check(format!(
            "{} problem(s):\n  {}",
            verdict.problems.len(),
            verdict.problems.join("\n  ")
        )))
    }
}

/// Read `topic` from the beginning and check it against `rule` and `expect`.
pub async fn check(
    broker: &Broker,
    topic: &str,
    rule: Rule,
    expect: Option<Sequence>,
) -> Result<Verdict> {
    if !rule.is_checkable() {
        return Err(Error::Usage(format!(
            "{rule} places records by their order, so their places cannot be checked"
        )));
    }
    let partitions = broker.kafka.partitions(topic).await?;
    let job = ConsumeJob {
        options: Options {
            keep_records: true,
            ..Options::default()
        },
        ..ConsumeJob::new(&broker.config, topic, StartAt::Earliest)
    };
    let summary = pipeline::consume(&broker.kafka, job).await?;
    let mut verdict = Verdict::default();
    for p in &partitions {
        verdict.records.insert(*p, 0);
    }
    let mut seen: BTreeMap<i64, u64> = BTreeMap::new();
    for record in &summary.records {
        *verdict.records.entry(record.partition).or_default() += 1;
        let at = format!("partition {} offset {}", record.partition, record.offset);
        let Some(value) = record.value else {
            verdict
                .problems
                .push(format!("invalid: not a number at {at}"));
            continue;
        };
        if let Some(wanted) = expected_partition(rule, record, value, partitions.len() as i32) {
            if wanted != record.partition {
                verdict.problems.push(format!(
                    "misplaced: {value} at {at} ({rule} puts it in partition {wanted})"
                ));
            }
        } else {
            verdict.problems.push(format!(
                "unplaceable: {value} at {at} ({rule} cannot place it)"
            ));
        }
        if value.fract() == 0.0 {
            *seen.entry(value as i64).or_default() += 1;
        }
    }
    if let Some(expect) = expect {
        for n in expect.first..=expect.last {
            match seen.get(&n).copied().unwrap_or(0) {
                0 => verdict.problems.push(format!("missing: {n}")),
                1 => {}
                k => verdict
                    .problems
                    .push(format!("duplicated: {n} ({k} times)")),
            }
        }
        for n in seen.keys().filter(|n| !expect.contains(**n)) {
            verdict
                .problems
                .push(format!("unexpected: {n} (not in {expect})"));
        }
    }
    Ok(verdict)
}

/// Where `rule` puts this record: by its value, or by its key for `hash`.
fn expected_partition(rule: Rule, record: &Consumed, value: f64, partitions: i32) -> Option<i32> {
    match rule {
        Rule::Hash => record.key.as_deref().map(|k| hash_partition(k, partitions)),
        _ => rule
            .place(&Sample { seq: 0, value }, partitions, &mut 0)
            .ok(),
    }
}
