//! Load experiments (`kafka-lab bench`): measurements of the pipeline reported like
//! Kafka's own perf tools.

pub mod consume;
pub mod e2e;
pub mod omb;
pub mod perf;
pub mod preset;
pub mod results;
