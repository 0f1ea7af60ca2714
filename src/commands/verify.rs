//! `kafka-lab verify`: exercise 3's check. Reads every partition from the beginning
//! and checks that each record sits in the partition its rule names and, with
//! `--expect`, that each expected number is there exactly once.

use super::{Error, Result, Session};
use crate::actors::aggregator::Options;
use crate::cli::VerifyArgs;
use crate::kafka::admin::default_topic_name;
use crate::partition::{hash_partition, Rule};
use crate::pipeline::{self, ConsumeJob};
use crate::record::Consumed;
use crate::sample::{Sample, Sequence};
use crate::start::StartAt;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Problems listed one by one at most; the rest are counted.
const LISTED: usize = 100;

/// Longest `--expect` range: one byte per number (256 MiB).
const MAX_EXPECTED: u64 = 1 << 28;

/// What `verify` found.
#[derive(Debug, Default)]
pub struct Verdict {
    /// Records per partition.
    pub records: BTreeMap<i32, u64>,
    /// The first [`LISTED`] problems, one line each: misplaced, missing, duplicated,
    /// unexpected or invalid.
    pub problems: Vec<String>,
    /// Problems found beyond those listed.
    pub unlisted: u64,
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

    fn problem(&mut self, line: impl FnOnce() -> String) {
        if self.problems.len() < LISTED {
            self.problems.push(line());
        } else {
            self.unlisted += 1;
        }
    }
}

pub async fn run(session: &Session, args: VerifyArgs) -> Result<()> {
    let topic = args.topic.unwrap_or_else(default_topic_name);
    let verdict = check(session, &topic, args.rule, args.expect).await?;
    print!("{}", verdict.report(&topic, args.rule));
    if verdict.problems.is_empty() {
        return Ok(());
    }
    let more = match verdict.unlisted {
        0 => String::new(),
        n => format!("\n  ... and {n} more"),
    };
    Err(Error::Check(format!(
        "{} problem(s):\n  {}{more}",
        verdict.problems.len() as u64 + verdict.unlisted,
        verdict.problems.join("\n  ")
    )))
}

/// Checks records one at a time, in memory that does not grow with the topic.
struct Checker {
    rule: Rule,
    partitions: i32,
    expect: Option<Sequence>,
    /// How often each expected number was seen (255: that often or more).
    seen: Vec<u8>,
    verdict: Verdict,
}

impl Checker {
    fn check(&mut self, record: &Consumed) {
        *self.verdict.records.entry(record.partition).or_default() += 1;
        let at = || format!("partition {} offset {}", record.partition, record.offset);
        let Some(value) = record.value else {
            self.verdict
                .problem(|| format!("invalid: not a number at {}", at()));
            return;
        };
        let rule = self.rule;
        match expected_partition(rule, record, value, self.partitions) {
            Some(wanted) if wanted != record.partition => self.verdict.problem(|| {
                format!(
                    "misplaced: {value} at {} ({rule} puts it in partition {wanted})",
                    at()
                )
            }),
            Some(_) => {}
            None => self
                .verdict
                .problem(|| format!("unplaceable: {value} at {} ({rule} cannot place it)", at())),
        }
        let Some(expect) = self.expect else { return };
        let n = value as i64;
        if value.fract() == 0.0 && expect.contains(n) {
            let count = &mut self.seen[(n - expect.first) as usize];
            *count = count.saturating_add(1);
        } else {
            self.verdict
                .problem(|| format!("unexpected: {value} at {} (not in {expect})", at()));
        }
    }

    /// The missing and duplicated numbers, once every record was checked.
    fn finish(&mut self) -> Verdict {
        if let Some(expect) = self.expect {
            for (n, &count) in (expect.first..).zip(&std::mem::take(&mut self.seen)) {
                match count {
                    0 => self.verdict.problem(|| format!("missing: {n}")),
                    1 => {}
                    u8::MAX => self
                        .verdict
                        .problem(|| format!("duplicated: {n} ({} or more times)", u8::MAX)),
                    k => self
                        .verdict
                        .problem(|| format!("duplicated: {n} ({k} times)")),
                }
            }
        }
        std::mem::take(&mut self.verdict)
    }
}

/// Read `topic` from the beginning and check it against `rule` and `expect`.
pub async fn check(
    session: &Session,
    topic: &str,
    rule: Rule,
    expect: Option<Sequence>,
) -> Result<Verdict> {
    if !rule.is_checkable() {
        return Err(Error::Usage(format!(
            "{rule} places records by their order, so their places cannot be checked"
        )));
    }
    if let Some(expect) = expect.filter(|e| e.count() > MAX_EXPECTED) {
        return Err(Error::Usage(format!(
            "--expect {expect}: at most {MAX_EXPECTED} numbers"
        )));
    }
    let partitions = session.kafka.partitions(topic).await?;
    let checker = Rc::new(RefCell::new(Checker {
        rule,
        partitions: partitions.len() as i32,
        expect,
        seen: vec![0; expect.map_or(0, |e| e.count() as usize)],
        verdict: Verdict {
            records: partitions.iter().map(|p| (*p, 0)).collect(),
            ..Verdict::default()
        },
    }));
    let inspect = Rc::clone(&checker);
    let job = ConsumeJob {
        options: Options {
            inspect: Some(Box::new(move |records| {
                let mut checker = inspect.borrow_mut();
                records.iter().for_each(|r| checker.check(r));
            })),
            ..Options::default()
        },
        ..ConsumeJob::new(&session.config, topic, StartAt::Earliest)
    };
    pipeline::consume(&session.kafka, job).await?;
    let verdict = checker.borrow_mut().finish();
    Ok(verdict)
}

/// Where `rule` puts this record: by its value, or by its key for `hash`.
fn expected_partition(rule: Rule, record: &Consumed, value: f64, partitions: i32) -> Option<i32> {
    match rule {
        Rule::Hash | Rule::Pool(_) => record.key.as_deref().map(|k| hash_partition(k, partitions)),
        _ => rule
            .place(&Sample { seq: 0, value }, partitions, &mut 0)
            .ok(),
    }
}
