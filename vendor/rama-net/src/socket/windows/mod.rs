mod tproxy;
pub use self::tproxy::{
    ConnectorTargetFromWfpContext, ConnectorTargetFromWfpContextLayer, WfpContextDecoder,
};
