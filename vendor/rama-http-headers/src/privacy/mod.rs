//! Privacy-related typed headers.

mod dnt;
pub use dnt::Dnt;

mod gpc;
pub use gpc::SecGpc;
