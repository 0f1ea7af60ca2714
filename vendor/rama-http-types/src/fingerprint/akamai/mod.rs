mod h2;
#[doc(inline)]
pub use h2::{AkamaiH2, AkamaiH2ComputeError};
