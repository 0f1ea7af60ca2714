mod mock_connector;
pub use mock_connector::{MockConnectorService, MockSocket};
