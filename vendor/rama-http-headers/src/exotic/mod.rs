//! Non-Standard special-purpose headers that are
//! not widely used.

pub mod x_clacks_overhead;
pub use x_clacks_overhead::XClacksOverhead;
