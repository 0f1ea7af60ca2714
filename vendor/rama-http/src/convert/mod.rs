//! Modules for conversions between types or data.

pub mod curl;

#[cfg(feature = "hyperium")]
#[doc(inline)]
pub use ::rama_http_hyperium as hyperium;
