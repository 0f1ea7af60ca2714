//! byte-slice utilities

pub mod ct;
