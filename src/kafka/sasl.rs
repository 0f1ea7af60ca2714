//! SASL authentication of a fresh connection (KIP-152): SaslHandshake v1 names the
//! mechanism, then SaslAuthenticate v2 requests carry the exchange that `rsasl` steps
//! through (PLAIN: one message; SCRAM: client-first, client-final, and the server's
//! signature checked).

use super::security::Sasl;
use super::wire::Connection;
use super::{Error, Result};
use bytes::Bytes;
use kafka_protocol::error::ParseResponseErrorCode;
use kafka_protocol::messages::{SaslAuthenticateRequest, SaslHandshakeRequest};
use kafka_protocol::protocol::StrBytes;
use rsasl::prelude::{Mechname, SASLClient, SASLConfig};
use std::time::Duration;

const HANDSHAKE_VERSION: i16 = 1;
const AUTHENTICATE_VERSION: i16 = 2;

/// Authenticate `connection` with `sasl`, each request answered within `timeout`.
pub(super) async fn authenticate(
    connection: &Connection,
    sasl: &Sasl,
    timeout: Duration,
) -> Result<()> {
    let failed = |reason: String| Error::Authentication {
        user: sasl.username.clone(),
        broker: connection.addr().into(),
        mechanism: sasl.mechanism.name(),
        reason,
    };
    let mechanism = sasl.mechanism.name();
    let handshake =
        SaslHandshakeRequest::default().with_mechanism(StrBytes::from_static_str(mechanism));
    let offered = connection
        .call(HANDSHAKE_VERSION, &handshake, timeout)
        .await?;
    if let Some(error) = offered.error_code.err() {
        let offers: Vec<_> = offered.mechanisms.iter().map(|m| m.as_str()).collect();
        return Err(failed(if offers.is_empty() {
            format!(
                "the broker answered {error} to the SASL handshake, as a listener does that \
                 does not use SASL (then kafka.security_protocol is PLAINTEXT or SSL)"
            )
        } else {
            format!(
                "the broker offers {} (set kafka.sasl_mechanism to one of them)",
                offers.join(", ")
            )
        }));
    }
    let config = SASLConfig::with_credentials(
        None,
        sasl.username.clone(),
        sasl.password.expose().to_string(),
    )
    .map_err(|e| failed(e.to_string()))?;
    let name = Mechname::parse(mechanism.as_bytes()).map_err(|e| failed(e.to_string()))?;
    let mut session = SASLClient::new(config)
        .start_suggested(&[name])
        .map_err(|e| failed(e.to_string()))?;
    let mut received: Option<Bytes> = None;
    loop {
        let mut message = Vec::new();
        let state = session
            .step(received.as_deref(), &mut message)
            .map_err(|e| failed(e.to_string()))?;
        if state.has_sent_message() {
            let request = SaslAuthenticateRequest::default().with_auth_bytes(message.into());
            let answer = connection
                .call(AUTHENTICATE_VERSION, &request, timeout)
                .await?;
            if let Some(error) = answer.error_code.err() {
                let reason = answer
                    .error_message
                    .map_or_else(|| format!("the broker answered {error}"), |m| m.to_string());
                return Err(failed(reason));
            }
            received = Some(answer.auth_bytes);
        }
        if state.is_finished() {
            return Ok(());
        }
    }
}
