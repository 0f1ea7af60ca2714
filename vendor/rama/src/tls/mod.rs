#[cfg(feature = "tls")]
#[cfg_attr(docsrs, doc(cfg(feature = "tls")))]
#[doc(inline)]
pub use ::rama_tls::*;

#[cfg(feature = "boring")]
#[cfg_attr(docsrs, doc(cfg(feature = "boring")))]
#[doc(inline)]
pub use rama_tls_boring as boring;

#[cfg(feature = "rustls")]
#[cfg_attr(docsrs, doc(cfg(feature = "rustls")))]
#[doc(inline)]
pub use rama_tls_rustls as rustls;

// TODO heavily extend the functionality in this module
#[cfg(feature = "acme")]
#[cfg_attr(docsrs, doc(cfg(feature = "acme")))]
pub mod acme {
    #[doc(inline)]
    pub use ::rama_tls_acme::*;
}
