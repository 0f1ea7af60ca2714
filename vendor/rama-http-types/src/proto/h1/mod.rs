//! high-level h1 proto types and functionality

pub mod ext;
