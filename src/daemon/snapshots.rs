//! The running histogram drawn into an image every `snapshot.interval_secs`.

use crate::actors::aggregator::{Aggregator, Peek};
use crate::plot::{self, HistogramChart};
use crate::sample::Distribution;
use actix::prelude::*;
use std::path::PathBuf;
use std::time::Duration;

/// Every `interval`, draw the running histogram of consumed values into `path`.
pub(super) async fn snapshots(
    aggregator: Addr<Aggregator>,
    topic: String,
    path: PathBuf,
    interval: Duration,
    density: Option<Distribution>,
) {
    let mut ticks = tokio::time::interval(interval);
    ticks.tick().await;
    loop {
        ticks.tick().await;
        let Ok((observed, Some(histogram))) = aggregator.send(Peek).await else {
            return;
        };
        let count: u64 = observed.values().map(|p| p.consumed.count).sum();
        let title = format!("{topic}: {count} values");
        let path = path.clone();
        let drawn = tokio::task::spawn_blocking(move || {
            let pdf = density.map(|d| move |x: f64| d.density(x));
            plot::histogram(
                &path,
                &HistogramChart {
                    title: &title,
                    lo: histogram.lo,
                    bin_width: histogram.width,
                    counts: &histogram.counts,
                    density: pdf.as_ref().map(|f| f as &dyn Fn(f64) -> f64),
                },
            )
        })
        .await;
        if let Ok(Err(e)) = drawn {
            tracing::warn!(error = %e, "snapshot failed");
        }
    }
}
