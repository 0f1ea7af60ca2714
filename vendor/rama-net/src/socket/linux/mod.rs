mod tproxy;
pub use self::tproxy::{ConnectorTargetFromGetSocketname, ConnectorTargetFromGetSocketnameLayer};
