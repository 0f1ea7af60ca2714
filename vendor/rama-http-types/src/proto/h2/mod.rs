//! high-level h2 proto types and functionality

mod pseudo_header;
pub use pseudo_header::{
    InvalidPseudoHeaderStr, PseudoHeader, PseudoHeaderOrder, PseudoHeaderOrderIter,
};

pub mod ext;
pub mod frame;
pub mod hpack;
