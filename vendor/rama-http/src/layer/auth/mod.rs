//! Authorization related middleware.

pub mod add_authorization;
pub mod validate_authorization;

#[doc(inline)]
pub use self::{
    add_authorization::{AddAuthorization, AddAuthorizationLayer},
    validate_authorization::HttpAuthorizer,
};
