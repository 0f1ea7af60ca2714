//! Remove headers from a request.
//!
//! # Example
//!
//! ```
//! use rama_http::layer::remove_header::RemoveRequestHeaderLayer;
//! use rama_http::{Body, Request, Response, header::{self, HeaderValue}};
//! use rama_core::service::service_fn;
//! use rama_core::{Service, Layer};
//! use rama_core::error::BoxError;
//!
//! # #[tokio::main]
//! # async fn main() -> Result<(), BoxError> {
//! # let http_client = service_fn(async |_: Request| {
//! #     Ok::<_, std::convert::Infallible>(Response::new(Body::empty()))
//! # });
//! #
//! let mut svc = (
//!     // Layer that removes all request headers with the prefix `x-foo`.`ac
//!     RemoveRequestHeaderLayer::prefix("x-foo"),
//! ).into_layer(http_client);
//!
//! let request = Request::new(Body::empty());
//!
//! let response = svc.serve(request).await?;
//! #
//! # Ok(())
//! # }
//! ```

use crate::{HeaderName, Request, Response};
use rama_core::{Layer, Service};
use rama_utils::macros::define_inner_service_accessors;
use rama_utils::str::smol_str::SmolStr;

#[derive(Debug, Clone)]
/// Layer that applies [`RemoveRequestHeader`] which removes request headers.
///
/// See [`RemoveRequestHeader`] for more details.
pub struct RemoveRequestHeaderLayer {
    mode: RemoveRequestHeaderMode,
}

#[derive(Debug, Clone)]
enum RemoveRequestHeaderMode {
    Prefix(SmolStr),
    Exact(HeaderName),
    Hop,
    ForwardingMetadata,
    Sensitive,
}

impl RemoveRequestHeaderLayer {
    /// Create a new [`RemoveRequestHeaderLayer`].
    ///
    /// Removes request headers by prefix.
    pub fn prefix(prefix: impl Into<SmolStr>) -> Self {
        Self {
            mode: RemoveRequestHeaderMode::Prefix(prefix.into()),
        }
    }

    /// Create a new [`RemoveRequestHeaderLayer`].
    ///
    /// Removes the request header with the exact name.
    pub fn exact(header: HeaderName) -> Self {
        Self {
            mode: RemoveRequestHeaderMode::Exact(header),
        }
    }

    /// Create a new [`RemoveRequestHeaderLayer`].
    ///
    /// Removes all hop-by-hop request headers as specified in [RFC 9110](https://github.com/plabayo/rama/blob/main/rama-http-core/specifications/rfc9110.txt#section-7.6.1).
    #[must_use]
    pub fn hop_by_hop() -> Self {
        Self {
            mode: RemoveRequestHeaderMode::Hop,
        }
    }

    /// Create a new [`RemoveRequestHeaderLayer`].
    ///
    /// Removes headers that describe the forwarding chain or client address using
    /// [`remove_forwarding_metadata_request_headers`](super::remove_forwarding_metadata_request_headers).
    #[must_use]
    pub fn forwarding_metadata() -> Self {
        Self {
            mode: RemoveRequestHeaderMode::ForwardingMetadata,
        }
    }

    /// Create a new [`RemoveRequestHeaderLayer`].
    ///
    /// Removes all sensitive headers.
    #[must_use]
    pub fn sensitive() -> Self {
        Self {
            mode: RemoveRequestHeaderMode::Sensitive,
        }
    }
}

impl<S> Layer<S> for RemoveRequestHeaderLayer {
    type Service = RemoveRequestHeader<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RemoveRequestHeader {
            inner,
            mode: self.mode.clone(),
        }
    }

    fn into_layer(self, inner: S) -> Self::Service {
        RemoveRequestHeader {
            inner,
            mode: self.mode,
        }
    }
}

/// Middleware that removes headers from a request.
#[derive(Debug, Clone)]
pub struct RemoveRequestHeader<S> {
    inner: S,
    mode: RemoveRequestHeaderMode,
}

impl<S> RemoveRequestHeader<S> {
    /// Create a new [`RemoveRequestHeader`].
    ///
    /// Removes headers by prefix.
    pub fn prefix(prefix: impl Into<SmolStr>, inner: S) -> Self {
        RemoveRequestHeaderLayer::prefix(prefix.into()).into_layer(inner)
    }

    /// Create a new [`RemoveRequestHeader`].
    ///
    /// Removes the header with the exact name.
    pub fn exact(header: HeaderName, inner: S) -> Self {
        RemoveRequestHeaderLayer::exact(header).into_layer(inner)
    }

    /// Create a new [`RemoveRequestHeader`].
    ///
    /// Removes all hop-by-hop request headers as specified in [RFC 9110](https://github.com/plabayo/rama/blob/main/rama-http-core/specifications/rfc9110.txt#section-7.6.1).
    pub fn hop_by_hop(inner: S) -> Self {
        RemoveRequestHeaderLayer::hop_by_hop().into_layer(inner)
    }

    /// Create a new [`RemoveRequestHeader`].
    ///
    /// Removes headers that describe the forwarding chain or client address using
    /// [`remove_forwarding_metadata_request_headers`](super::remove_forwarding_metadata_request_headers).
    pub fn forwarding_metadata(inner: S) -> Self {
        RemoveRequestHeaderLayer::forwarding_metadata().into_layer(inner)
    }

    /// Create a new [`RemoveRequestHeader`].
    ///
    /// Removes all sensitive headers.
    pub fn sensitive(inner: S) -> Self {
        RemoveRequestHeaderLayer::sensitive().into_layer(inner)
    }

    define_inner_service_accessors!();
}

impl<ReqBody, ResBody, S> Service<Request<ReqBody>> for RemoveRequestHeader<S>
where
    ReqBody: Send + 'static,
    ResBody: Send + 'static,
    S: Service<Request<ReqBody>, Output = Response<ResBody>>,
{
    type Output = S::Output;
    type Error = S::Error;

    fn serve(
        &self,
        mut req: Request<ReqBody>,
    ) -> impl Future<Output = Result<Self::Output, Self::Error>> + Send + '_ {
        match &self.mode {
            RemoveRequestHeaderMode::Hop => {
                super::remove_hop_by_hop_request_headers(req.headers_mut())
            }
            RemoveRequestHeaderMode::ForwardingMetadata => {
                super::remove_forwarding_metadata_request_headers(req.headers_mut())
            }
            RemoveRequestHeaderMode::Sensitive => {
                super::remove_sensitive_request_headers(req.headers_mut())
            }
            RemoveRequestHeaderMode::Prefix(prefix) => {
                super::remove_headers_by_prefix(req.headers_mut(), prefix)
            }
            RemoveRequestHeaderMode::Exact(header) => {
                super::remove_headers_by_exact_name(req.headers_mut(), header)
            }
        }
        self.inner.serve(req)
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::{Body, Response};
    use rama_core::{Layer, Service, service::service_fn};
    use std::convert::Infallible;

    #[tokio::test]
    async fn remove_request_header_prefix() {
        let svc = RemoveRequestHeaderLayer::prefix("x-foo").into_layer(service_fn(
            async |req: Request| {
                assert!(req.headers().get("x-foo-bar").is_none());
                assert_eq!(
                    req.headers().get("foo").map(|v| v.to_str().unwrap()),
                    Some("bar")
                );
                Ok::<_, Infallible>(Response::new(Body::empty()))
            },
        ));
        let req = Request::builder()
            .header("x-foo-bar", "baz")
            .header("foo", "bar")
            .body(Body::empty())
            .unwrap();
        _ = svc.serve(req).await.unwrap();
    }

    #[tokio::test]
    async fn remove_request_header_exact() {
        let svc = RemoveRequestHeaderLayer::exact(HeaderName::from_static("x-foo")).into_layer(
            service_fn(async |req: Request| {
                assert!(req.headers().get("x-foo").is_none());
                assert_eq!(
                    req.headers().get("x-foo-bar").map(|v| v.to_str().unwrap()),
                    Some("baz")
                );
                Ok::<_, Infallible>(Response::new(Body::empty()))
            }),
        );
        let req = Request::builder()
            .header("x-foo", "baz")
            .header("x-foo-bar", "baz")
            .body(Body::empty())
            .unwrap();
        _ = svc.serve(req).await.unwrap();
    }

    #[tokio::test]
    async fn remove_request_header_hop_by_hop() {
        let svc =
            RemoveRequestHeaderLayer::hop_by_hop().into_layer(service_fn(async |req: Request| {
                assert!(req.headers().get("connection").is_none());
                assert_eq!(
                    req.headers().get("foo").map(|v| v.to_str().unwrap()),
                    Some("bar")
                );
                Ok::<_, Infallible>(Response::new(Body::empty()))
            }));
        let req = Request::builder()
            .header("connection", "close")
            .header("foo", "bar")
            .body(Body::empty())
            .unwrap();
        _ = svc.serve(req).await.unwrap();
    }

    #[tokio::test]
    async fn remove_request_header_hop_by_hop_with_connection_list() {
        let svc =
            RemoveRequestHeaderLayer::hop_by_hop().into_layer(service_fn(async |req: Request| {
                assert!(req.headers().get("connection").is_none());
                assert!(req.headers().get("x-foo").is_none());
                assert!(req.headers().get("x-bar").is_none());
                assert!(req.headers().get("connection").is_none());
                assert_eq!(req.headers().get("x-real-ip").unwrap(), "1.2.3.4");
                assert_eq!(
                    req.headers().get("foo").map(|v| v.to_str().unwrap()),
                    Some("bar")
                );
                Ok::<_, Infallible>(Response::new(Body::empty()))
            }));
        let req = Request::builder()
            .header("connection", "x-foo, x-bar")
            .header("x-foo", "1")
            .header("x-real-ip", "1.2.3.4")
            .header("foo", "bar")
            .body(Body::empty())
            .unwrap();
        _ = svc.serve(req).await.unwrap();
    }

    #[tokio::test]
    async fn remove_request_header_forwarding_metadata() {
        let svc = RemoveRequestHeaderLayer::forwarding_metadata().into_layer(service_fn(
            async |req: Request| {
                assert!(req.headers().get("x-forwarded-for").is_none());
                assert!(req.headers().get("x-real-ip").is_none());
                assert_eq!(req.headers().get("connection").unwrap(), "close");
                Ok::<_, Infallible>(Response::new(Body::empty()))
            },
        ));
        let req = Request::builder()
            .header("x-forwarded-for", "1.2.3.4")
            .header("x-real-ip", "1.2.3.4")
            .header("connection", "close")
            .body(Body::empty())
            .unwrap();
        _ = svc.serve(req).await.unwrap();
    }
}
