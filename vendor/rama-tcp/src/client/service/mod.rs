//! TCP services for Rama.

mod connector;
#[doc(inline)]
pub use connector::TcpConnector;
