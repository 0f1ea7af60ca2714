//! Apple platform integrations for [`crate::telemetry::tracing`].

pub mod oslog;
