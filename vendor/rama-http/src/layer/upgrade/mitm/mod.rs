mod svc;
pub use self::svc::HttpUpgradeMitmRelay;

mod layer;
pub use self::layer::HttpUpgradeMitmRelayLayer;
