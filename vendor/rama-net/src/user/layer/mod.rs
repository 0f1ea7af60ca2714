//! generic middleware related to network user capabilities

mod username_parser;
pub use username_parser::{UsernameLabelParserLayer, UsernameLabelParserService};
