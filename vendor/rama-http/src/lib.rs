//! rama http services, layers and utilities
//!
//! # Rama
//!
//! Crate used by the end-user `rama` crate and `rama` crate authors alike.
//!
//! Learn more about `rama`:
//!
//! - Github: <https://github.com/plabayo/rama>
//! - Book: <https://ramaproxy.org/book/>

#![doc(
    html_favicon_url = "https://raw.githubusercontent.com/plabayo/rama/main/docs/img/rama_logo.svg"
)]
#![doc(
    html_logo_url = "https://raw.githubusercontent.com/plabayo/rama/main/docs/img/rama_logo.svg"
)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![cfg_attr(test, allow(clippy::float_cmp))]

#[doc(inline)]
pub use ::rama_http_types::{
    Body, BodyCaptureEvent, BodyCaptureSink, BodyDataStream, BodyExtractExt, BodyLimit,
    BodyLimitLayer, BodyLimitService, BufferedBodyCapture, CaptureBody, CaptureCanceled,
    CaptureHandle, CaptureLimit, CaptureOutcome, CapturedBody, Error as HttpError, HeaderMap,
    HeaderName, HeaderValue, InfiniteReader, Method, Request, Response, Result as HttpResult,
    StatusCode, StreamingBody, Version, conn, fingerprint, header, method, mime, opentelemetry,
    proto, request, response, sse, status, version,
};

#[doc(inline)]
pub use ::rama_http_headers as headers;

pub mod body;

pub mod convert;

pub mod matcher;

pub mod layer;
pub mod service;

pub mod io;

pub mod protocols;

pub mod utils;

#[doc(hidden)]
pub mod __macro_dep {
    #[doc(hidden)]
    pub use rama_core as __core;
}
