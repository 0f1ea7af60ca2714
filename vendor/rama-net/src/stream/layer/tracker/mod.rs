mod bytes;
#[doc(inline)]
pub use bytes::{BytesRWTracker, BytesRWTrackerHandle};

mod incoming;
#[doc(inline)]
pub use incoming::{IncomingBytesTrackerLayer, IncomingBytesTrackerService};

mod outgoing;
#[doc(inline)]
pub use outgoing::{OutgoingBytesTrackerLayer, OutgoingBytesTrackerService};
