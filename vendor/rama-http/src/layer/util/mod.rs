//! Http Layer Utilities.

#[cfg(feature = "compression")]
pub(crate) mod compression;

pub(crate) mod rewrite_policy;
