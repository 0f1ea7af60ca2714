//! Http Services provided by Rama.

pub mod client;
pub mod fs;
pub mod redirect;
pub mod web;
