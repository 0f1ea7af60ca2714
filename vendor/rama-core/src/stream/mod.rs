pub mod json;

mod forward;
#[doc(inline)]
pub use forward::{BridgeCloseReason, StreamBridge, StreamForwardService};

mod bytes_freeze;
#[doc(inline)]
pub use bytes_freeze::BytesFreeze;

mod paced;
#[doc(inline)]
pub use paced::{CostFn, DatagramCost, ItemCost, PacedSink};

pub mod codec {
    //! Adaptors from `AsyncRead`/`AsyncWrite` to Stream/Sink
    //!
    //! Raw I/O objects work with byte sequences, but higher-level code usually
    //! wants to batch these into meaningful chunks, called "frames".
    //!
    //! Re-export of [`tokio_util::codec`].

    pub use tokio_util::codec::*;
}

pub mod io {
    //! Helpers for IO related tasks.
    //!
    //! Re-export of [`tokio_util::io`].

    pub use tokio_util::io::*;
}

#[doc(inline)]
pub use ::tokio_stream::*;
