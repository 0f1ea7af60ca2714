//! `kafka-lab lab`: the lab's four exercises, each printing what it does and what it
//! observed, and failing (exit 1) when an observation contradicts the exercise.

use super::{consume, offsets, produce, topic, verify, Error, Result, Session};
use crate::actors::aggregator::{Options, Summary};
use crate::cli::LabArgs;
use crate::kafka::admin::default_topic_name;
use crate::kafka::configs::NewTopic;
use crate::partition::Rule;
use crate::pipeline::{self, ConsumeJob, ProduceJob};
use crate::record::Format;
use crate::sample::{Distribution, Sequence, Source};
use crate::start::StartAt;
use std::path::Path;

/// Samples produced in exercise 2.
const SAMPLES: u64 = 1000;
/// How far the sample mean and variance of 1000 normal(0, 1) values may stray (more
/// than four standard errors).
const TOLERANCE: f64 = 0.2;

pub async fn run(session: &Session, args: LabArgs) -> Result<()> {
    let topic = default_topic_name();
    let exercises: Vec<&str> = match args.exercise.as_str() {
        "all" => vec!["1", "2", "3", "4"],
        one => vec![one],
    };
    for exercise in exercises {
        match exercise {
            "1" => topics(session, &topic).await?,
            "2" => histogram(session, &topic, &args.out).await?,
            "3" => partitions(session, &topic).await?,
            _ => offsets(session, &topic).await?,
        }
    }
    println!("\nEvery observation matches what the lab expects.");
    Ok(())
}

fn heading(title: &str) {
    println!("\n=== {title} ===");
}

fn step(command: &str) {
    println!("$ kafka-lab {command}");
}

fn observe(ok: bool, what: String) -> Result<()> {
    if ok {
        println!("Observed: {what}");
        Ok(())
    } else {
        Err(Error::Check(format!("exercise observation failed: {what}")))
    }
}

/// Delete `topic` if it exists, then create it with `partitions`.
async fn recreate(session: &Session, topic: &str, partitions: i32) -> Result<()> {
    if session
        .kafka
        .list_topics()
        .await?
        .iter()
        .any(|t| t == topic)
    {
        step(&format!("topic delete {topic}"));
        session.kafka.delete_topic(topic).await?;
        println!("Deleted topic {topic}.");
    }
    step(&format!("topic create {topic} --partitions {partitions}"));
    session
        .kafka
        .create_topic(&NewTopic::new(topic, partitions))
        .await?;
    println!("Created topic {topic}.");
    Ok(())
}

/// `produce TOPIC --sequence NUMBERS --partitioner parity`, printed as the command does.
async fn produce_parity(session: &Session, topic: &str, numbers: Sequence) -> Result<Summary> {
    step(&format!(
        "produce {topic} --sequence {numbers} --partitioner parity"
    ));
    let job = ProduceJob {
        rule: Rule::Parity,
        ..ProduceJob::new(
            &session.config,
            topic,
            Source::Sequence(numbers),
            None,
            None,
        )
    };
    let produced = pipeline::produce(&session.kafka, job, Options::default()).await?;
    print!("{}", produce::report(topic, &produced));
    Ok(produced)
}

async fn topics(session: &Session, topic: &str) -> Result<()> {
    heading("Exercise 1: topics");
    recreate(session, topic, 1).await?;
    step("topic list");
    let names = session.kafka.list_topics().await?;
    names.iter().for_each(|n| println!("{n}"));
    step(&format!("topic describe {topic}"));
    let d = session.kafka.describe_topic(topic).await?;
    print!("{}", topic::text(&d));
    observe(
        names.iter().any(|n| n == topic) && d.partition_count == 1 && d.replication_factor == 1,
        format!(
            "{topic} is listed, with {} partition(s) and replication factor {}",
            d.partition_count, d.replication_factor
        ),
    )
}

async fn histogram(session: &Session, topic: &str, out: &Path) -> Result<()> {
    heading("Exercise 2: normally distributed samples and their histogram");
    if session
        .kafka
        .partitions(topic)
        .await
        .map_or(true, |p| p.len() != 1)
    {
        recreate(session, topic, 1).await?;
    }
    let before = offsets::read(&session.kafka, topic).await?[0].latest;
    let normal = Distribution::default();
    step(&format!(
        "produce {topic} --count {SAMPLES} --distribution {normal}"
    ));
    let job = ProduceJob::new(
        &session.config,
        topic,
        Source::Random(normal),
        Some(SAMPLES),
        None,
    );
    let produced = pipeline::produce(&session.kafka, job, Options::default()).await?;
    print!("{}", produce::report(topic, &produced));

    let path = out.join("histogram.png");
    step(&format!(
        "consume {topic} --offset {before} --histogram {}",
        path.display()
    ));
    let job = ConsumeJob {
        options: Options {
            fit_histogram: true,
            ..Options::default()
        },
        ..ConsumeJob::new(&session.config, topic, StartAt::Offset(before))
    };
    let summary = pipeline::consume(&session.kafka, job).await?;
    print!("{}", consume::report(&summary));
    consume::draw(path.clone(), topic, &summary, 30, Some(normal)).await?;
    println!("Histogram written to {}", path.display());
    let s = summary.total();
    observe(
        s.count == SAMPLES && s.mean.abs() < TOLERANCE && (s.variance() - 1.0).abs() < TOLERANCE,
        format!(
            "{} values read back, mean {:.4} (expected 0), variance {:.4} (expected 1)",
            s.count,
            s.mean,
            s.variance()
        ),
    )
}

async fn partitions(session: &Session, topic: &str) -> Result<()> {
    heading("Exercise 3: partitions, even numbers to partition 0, odd to partition 1");
    recreate(session, topic, 2).await?;
    let numbers: Sequence = "1..=80".parse().map_err(Error::Usage)?;
    produce_parity(session, topic, numbers).await?;
    step(&format!("verify {topic} --rule parity --expect {numbers}"));
    let verdict = verify::check(session, topic, Rule::Parity, Some(numbers)).await?;
    print!("{}", verdict.report(topic, Rule::Parity));
    for problem in &verdict.problems {
        println!("  {problem}");
    }
    let counts: Vec<u64> = verdict.records.values().copied().collect();
    observe(
        verdict.problems.is_empty() && counts == [40, 40],
        format!(
            "partition 0 holds {} records, partition 1 holds {}; {} problem(s)",
            counts.first().unwrap_or(&0),
            counts.get(1).unwrap_or(&0),
            verdict.problems.len()
        ),
    )
}

async fn offsets(session: &Session, topic: &str) -> Result<()> {
    heading("Exercise 4: offsets");
    if session
        .kafka
        .partitions(topic)
        .await
        .map_or(true, |p| p.len() != 2)
    {
        println!("(exercise 4 needs exercise 3's topic: running it first)");
        partitions(session, topic).await?;
    }
    step(&format!("offsets {topic}"));
    let before = offsets::read(&session.kafka, topic).await?;
    print!("{}", offsets::table(topic, &before, None));

    let more: Sequence = "81..=90".parse().map_err(Error::Usage)?;
    let produced = produce_parity(session, topic, more).await?;
    step(&format!("offsets {topic}"));
    let after = offsets::read(&session.kafka, topic).await?;
    print!("{}", offsets::table(topic, &after, Some(&before)));
    let grew_as_sent = before.iter().zip(&after).all(|(b, a)| {
        let sent = produced
            .partitions
            .get(&a.partition)
            .map_or(0, |p| p.produced);
        a.latest - b.latest == sent as i64
    });
    observe(
        grew_as_sent,
        "each partition's latest offset grew by exactly the records sent to it".into(),
    )?;

    step(&format!("consume {topic} --partition 0 --offset 30"));
    let job = ConsumeJob {
        partitions: Some(vec![0]),
        options: Options {
            inspect: Some(consume::print(Format::Text, topic.into())),
            ..Options::default()
        },
        ..ConsumeJob::new(&session.config, topic, StartAt::Offset(30))
    };
    let read = pipeline::consume(&session.kafka, job).await?;
    let p = read.partitions.get(&0).cloned().unwrap_or_default();
    let count = p.taken();
    observe(
        p.first_offset == Some(30) && count as i64 == after[0].latest - 30,
        format!(
            "partition 0 read from offset {} to its end: {count} records",
            p.first_offset.map_or("-".into(), |o| o.to_string()),
        ),
    )
}
