//! Info constants about the rama crate.

/// The name of the crate.
pub const NAME: &str = "rama";

/// The version of the crate.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
