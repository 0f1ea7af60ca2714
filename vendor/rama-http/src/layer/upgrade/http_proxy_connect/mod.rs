mod eager;
pub use eager::EagerHttpProxyConnector;

mod response;
pub use self::response::LazyHttpProxyConnectReplyService;

mod service_matcher;
pub use self::service_matcher::{
    HttpProxyConnectRelayServiceRequestMatcher, HttpProxyConnectRelayServiceResponseMatcher,
};
