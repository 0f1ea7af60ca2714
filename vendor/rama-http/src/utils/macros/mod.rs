//! Internal macros

mod http_error;
pub(crate) use http_error::*;
