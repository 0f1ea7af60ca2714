//! Backpressure: a slow stage holds the Generator back, so what has been generated
//! but not yet processed stays bounded (vector's `topology/test/backpressure.rs`), and
//! the bound is `pipeline.mailbox_capacity`: a larger mailbox lets the Generator run
//! further ahead. The slow stage is a stub in the Producer's place: the pipeline's
//! stages talk to `Recipient`s, so no broker is needed to observe the queues.

use actix::prelude::*;
use kafka_lab::actors::generator::{Generator, Plan};
use kafka_lab::actors::partitioner::Partitioner;
use kafka_lab::actors::producer::Batch;
use kafka_lab::actors::Flow;
use kafka_lab::partition::Rule;
use kafka_lab::sample::{Sampler, Source};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

const BATCH: usize = 10;
const SAMPLES: u64 = 2_000;

/// Takes a millisecond per batch; records how far the Generator got ahead of it.
struct SlowSink {
    generated: Arc<AtomicU64>,
    processed: u64,
    max_ahead: Arc<AtomicU64>,
}

impl Actor for SlowSink {
    type Context = Context<Self>;
}

impl Handler<Batch> for SlowSink {
    type Result = AtomicResponse<Self, Flow>;

    fn handle(&mut self, batch: Batch, _: &mut Context<Self>) -> Self::Result {
        let ahead = self
            .generated
            .load(Ordering::Relaxed)
            .saturating_sub(self.processed);
        self.max_ahead.fetch_max(ahead, Ordering::Relaxed);
        self.processed += batch.samples.len() as u64;
        AtomicResponse::new(Box::pin(
            async {
                tokio::time::sleep(Duration::from_millis(1)).await;
                Ok(())
            }
            .into_actor(self),
        ))
    }
}

/// Run the Generator into a slow sink with mailboxes of `mailbox` batches; how many
/// samples it was ahead of the sink at most.
fn max_ahead(mailbox: usize) -> u64 {
    let max_ahead = Arc::new(AtomicU64::new(0));
    let (sent, generated) = System::new().block_on({
        let max_ahead = Arc::clone(&max_ahead);
        async move {
            let (done, finished) = tokio::sync::oneshot::channel();
            let plan = Plan {
                count: Some(SAMPLES),
                batch_size: BATCH,
                rate: None,
                linger: Duration::ZERO,
                window: mailbox,
                topic: "backpressure".into(),
            };
            let sink = SlowSink::create(|ctx| {
                ctx.set_mailbox_capacity(mailbox);
                SlowSink {
                    generated: Arc::new(AtomicU64::new(0)),
                    processed: 0,
                    max_ahead,
                }
            });
            let partitioner = Partitioner::new(
                Rule::Fixed(0),
                vec![sink.clone().recipient()],
                BATCH,
                mailbox,
            )
            .start();
            let generator = Generator::new(
                Sampler::new(Source::Random(Default::default()), Some(1)),
                plan,
                partitioner.recipient(),
                done,
            );
            let generated = generator.emitted();
            // The sink watches the Generator's counter of samples handed downstream.
            sink.send(Watch(Arc::clone(&generated))).await.unwrap();
            generator.start();
            (
                finished.await.unwrap().unwrap(),
                generated.load(Ordering::Relaxed),
            )
        }
    });
    assert_eq!((sent, generated), (SAMPLES, SAMPLES));
    max_ahead.load(Ordering::Relaxed)
}

#[test]
fn a_slow_stage_holds_the_generator_back_by_the_mailbox_capacity() {
    let mut ahead = Vec::new();
    for mailbox in [1, 4] {
        // Without backpressure the Generator would be up to SAMPLES ahead; with it, at
        // most the batches in the mailboxes, the one in the Partitioner's hands and
        // the one the sink holds.
        let bound = ((mailbox + 2) * BATCH) as u64;
        let most = max_ahead(mailbox);
        assert!(
            most <= bound,
            "mailbox {mailbox}: generator ran {most} samples ahead (bound {bound})"
        );
        // ... and it does use the room it has.
        assert!(
            most >= (mailbox * BATCH) as u64,
            "mailbox {mailbox}: generator ran only {most} samples ahead"
        );
        ahead.push(most);
    }
    assert!(
        ahead[1] > ahead[0],
        "a larger mailbox, further ahead: {ahead:?}"
    );
}

/// Point the sink at the Generator's counter.
#[derive(Message)]
#[rtype(result = "()")]
struct Watch(Arc<AtomicU64>);

impl Handler<Watch> for SlowSink {
    type Result = ();

    fn handle(&mut self, Watch(counter): Watch, _: &mut Context<Self>) {
        self.generated = counter;
    }
}
