//! The one place that opens a connection to a broker, for every connection of
//! kafka-lab's own ([`Security::open`]): TCP with TCP_NODELAY, then TLS when
//! `kafka.security_protocol` says so (rustls: the brokers' CA from
//! `kafka.ssl_ca_location` or the system's trust store, a client certificate for
//! mutual TLS, the host name checked unless `kafka.ssl_endpoint_identification` is
//! off), then SASL ([`super::sasl`]). rskafka's connections get the same TLS
//! configuration and credentials ([`Security::rskafka`]).

use super::wire::{Connection, CLOSED, TLS_ANSWER};
use super::{Error, Result};
use crate::config::{KafkaConfig, SaslMechanism, Secret, SecurityProtocol};
use rskafka::client::{ClientBuilder, Credentials, SaslConfig};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpStream;

/// A config key and what is wrong with it.
pub type Problem = (String, String);

/// SASL credentials.
pub(super) struct Sasl {
    pub mechanism: SaslMechanism,
    pub username: String,
    pub password: Secret,
}

/// How to open a connection to a broker, built once from `[kafka]`.
pub struct Security {
    client_id: String,
    protocol: SecurityProtocol,
    tls: Option<Arc<ClientConfig>>,
    sasl: Option<Sasl>,
}

impl Security {
    /// Read the files the config names (CA, client certificate and key, password):
    /// every one that cannot be read or used is a problem with its key.
    pub fn new(config: &KafkaConfig) -> std::result::Result<Self, Vec<Problem>> {
        let protocol = config.security_protocol;
        let mut problems = Vec::new();
        let tls = protocol
            .tls()
            .then(|| tls_config(config))
            .transpose()
            .unwrap_or_else(|mut p| {
                problems.append(&mut p);
                None
            });
        let sasl = match (protocol.sasl(), config.sasl_mechanism) {
            (true, Some(mechanism)) => match password(config) {
                Ok(password) => Some(Sasl {
                    mechanism,
                    username: config.sasl_username.clone(),
                    password,
                }),
                Err(problem) => {
                    problems.push(problem);
                    None
                }
            },
            _ => None,
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Self {
            client_id: config.client_id.clone(),
            protocol,
            tls,
            sasl,
        })
    }

    /// Connect to `addr` (`host:port`), secure and authenticate the connection as
    /// configured, all within `timeout`.
    pub async fn open(&self, addr: &str, timeout: Duration) -> Result<Connection> {
        let unreachable = |reason: String| Error::Unreachable {
            brokers: addr.into(),
            deadline: timeout,
            reason,
        };
        let opened = tokio::time::timeout(timeout, async {
            let tcp = TcpStream::connect(addr)
                .await
                .map_err(|e| unreachable(e.to_string()))?;
            tcp.set_nodelay(true)
                .map_err(|e| unreachable(e.to_string()))?;
            let connection = match &self.tls {
                None => Connection::plain(tcp, addr, &self.client_id),
                Some(tls) => {
                    let stream = handshake(tls, tcp, addr).await?;
                    Connection::over(stream, addr, &self.client_id)
                }
            };
            if let Some(sasl) = &self.sasl {
                super::sasl::authenticate(&connection, sasl, timeout).await?;
            }
            Ok(connection)
        });
        opened.await.unwrap_or_else(|_| {
            Err(unreachable(match self.protocol {
                SecurityProtocol::Plaintext => "no answer".into(),
                protocol => format!(
                    "no answer while securing the connection ({protocol}): is this \
                     listener {protocol}?"
                ),
            }))
        })
    }

    /// `builder` with the same TLS configuration and SASL credentials.
    pub fn rskafka(&self, mut builder: ClientBuilder) -> ClientBuilder {
        if let Some(tls) = &self.tls {
            builder = builder.tls_config(Arc::clone(tls));
        }
        if let Some(sasl) = &self.sasl {
            let credentials =
                Credentials::new(sasl.username.clone(), sasl.password.expose().to_string());
            builder = builder.sasl_config(match sasl.mechanism {
                SaslMechanism::Plain => SaslConfig::Plain(credentials),
                SaslMechanism::ScramSha256 => SaslConfig::ScramSha256(credentials),
                SaslMechanism::ScramSha512 => SaslConfig::ScramSha512(credentials),
            });
        }
        builder
    }

    /// `e`, a failure of a fresh connection's first request, with what it says about
    /// the security settings: a TLS answer to a plain request, or a TLS alert after
    /// the handshake (a refused client certificate), is a [`Error::Tls`]; a broker
    /// that closed the connection gets the likely reason.
    pub fn diagnose(&self, e: Error) -> Error {
        let Error::Disconnected { broker, reason } = e else {
            return e;
        };
        let tls = |reason: String| Error::Tls {
            broker: broker.clone(),
            reason,
        };
        if reason == TLS_ANSWER {
            tls(format!(
                "{TLS_ANSWER}: the listener expects TLS, and kafka.security_protocol \
                 {} does not use it (SSL and SASL_SSL do)",
                self.protocol
            ))
        } else if reason.contains(ALERT) && self.tls.is_some() {
            tls(format!(
                "{reason}: the broker refused the connection after the handshake, as a \
                 listener does that requires a client certificate \
                 (kafka.ssl_certificate_location and kafka.ssl_key_location) it trusts"
            ))
        } else if reason == CLOSED {
            Error::Disconnected {
                reason: format!(
                    "{CLOSED} before answering, as a listener does that expects another \
                     security protocol than kafka.security_protocol {} (TLS, SASL)",
                    self.protocol
                ),
                broker,
            }
        } else {
            Error::Disconnected { broker, reason }
        }
    }
}

/// How rustls says the peer sent a TLS alert.
const ALERT: &str = "received fatal alert";

/// The password, from `sasl_password` or `sasl_password_file`.
fn password(config: &KafkaConfig) -> std::result::Result<Secret, Problem> {
    let file = &config.sasl_password_file;
    if file.as_os_str().is_empty() {
        return Ok(config.sasl_password.clone());
    }
    let key = "kafka.sasl_password_file";
    let text = std::fs::read_to_string(file)
        .map_err(|e| (key.into(), format!("cannot read '{}': {e}", file.display())))?;
    let text = text
        .strip_suffix('\n')
        .map_or(text.as_str(), |t| t.strip_suffix('\r').unwrap_or(t));
    if text.is_empty() {
        return Err((key.into(), format!("'{}' is empty", file.display())));
    }
    Ok(Secret::new(text.to_string()))
}

/// rustls' client configuration: trusted CAs, the host name check, the client's
/// certificate.
fn tls_config(config: &KafkaConfig) -> std::result::Result<Arc<ClientConfig>, Vec<Problem>> {
    let mut problems = Vec::new();
    let roots = trusted(&config.ssl_ca_location).unwrap_or_else(|problem| {
        problems.push(problem);
        RootCertStore::empty()
    });
    let client = match (
        config.ssl_certificate_location.as_os_str().is_empty(),
        config.ssl_key_location.as_os_str().is_empty(),
    ) {
        (false, false) => {
            let chain = certificates(
                "kafka.ssl_certificate_location",
                &config.ssl_certificate_location,
            );
            let key = PrivateKeyDer::from_pem_file(&config.ssl_key_location).map_err(|e| {
                let path = config.ssl_key_location.display();
                (
                    "kafka.ssl_key_location".to_string(),
                    format!("no PEM private key in '{path}': {e}"),
                )
            });
            match (chain, key) {
                (Ok(chain), Ok(key)) => Some((chain, key)),
                (chain, key) => {
                    problems.extend(chain.err());
                    problems.extend(key.err());
                    None
                }
            }
        }
        _ => None,
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier =
        WebPkiServerVerifier::builder_with_provider(Arc::new(roots), Arc::clone(&provider))
            .build()
            .map_err(|e| vec![("kafka.ssl_ca_location".to_string(), e.to_string())])?;
    let builder = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("ring supports rustls' default protocol versions");
    let builder = if config.ssl_endpoint_identification {
        builder.with_webpki_verifier(verifier)
    } else {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AnyName(verifier)))
    };
    let tls = match client {
        Some((chain, key)) => builder
            .with_client_auth_cert(chain, key)
            .map_err(|e| vec![("kafka.ssl_key_location".to_string(), e.to_string())])?,
        None => builder.with_no_client_auth(),
    };
    Ok(Arc::new(tls))
}

/// The CAs of `ca` (a PEM file), or of the system's trust store when it is empty.
fn trusted(ca: &Path) -> std::result::Result<RootCertStore, Problem> {
    let key = "kafka.ssl_ca_location";
    if ca.as_os_str().is_empty() {
        let mut roots = RootCertStore::empty();
        roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
        if roots.is_empty() {
            let message = "is empty, and the system's trust store has no certificates: name \
                           the PEM file of the brokers' CA";
            return Err((key.into(), message.into()));
        }
        return Ok(roots);
    }
    roots_of(key, ca)
}

/// The CAs of the PEM file at `path` (`key` names it in a problem).
pub(crate) fn roots_of(key: &str, path: &Path) -> std::result::Result<RootCertStore, Problem> {
    let mut roots = RootCertStore::empty();
    for cert in certificates(key, path)? {
        roots
            .add(cert)
            .map_err(|e| (key.to_string(), format!("'{}': {e}", path.display())))?;
    }
    Ok(roots)
}

/// Every certificate of a PEM file, at least one.
pub(crate) fn certificates(
    key: &str,
    path: &Path,
) -> std::result::Result<Vec<CertificateDer<'static>>, Problem> {
    let problem = |message: String| (key.to_string(), message);
    let certs = CertificateDer::pem_file_iter(path)
        .and_then(|certs| certs.collect::<std::result::Result<Vec<_>, _>>())
        .map_err(|e| problem(format!("cannot read '{}': {e}", path.display())))?;
    if certs.is_empty() {
        return Err(problem(format!(
            "no PEM certificate in '{}'",
            path.display()
        )));
    }
    Ok(certs)
}

/// The TLS handshake with the broker at `addr`, its failure said with what to check.
async fn handshake(
    tls: &Arc<ClientConfig>,
    tcp: TcpStream,
    addr: &str,
) -> Result<tokio_rustls::client::TlsStream<TcpStream>> {
    let failed = |reason: String| Error::Tls {
        broker: addr.into(),
        reason,
    };
    let host = addr.rsplit_once(':').map_or(addr, |(host, _)| host);
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let name = ServerName::try_from(host.to_string())
        .map_err(|e| failed(format!("'{host}' is no host name: {e}")))?;
    let connector = tokio_rustls::TlsConnector::from(Arc::clone(tls));
    connector.connect(name, tcp).await.map_err(|e| {
        let rustls = e.get_ref().and_then(|e| e.downcast_ref::<rustls::Error>());
        failed(match rustls {
            Some(rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer)) => format!(
                "{e}: the broker's certificate is not signed by a CA kafka-lab trusts (set \
                 kafka.ssl_ca_location to the CA's PEM file)"
            ),
            Some(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => format!(
                "{e}: connect by a name the certificate holds, or set \
                 kafka.ssl_endpoint_identification = false"
            ),
            _ if e.kind() == std::io::ErrorKind::UnexpectedEof => format!(
                "{e}: the broker closed the connection during the handshake, as a listener \
                 does that does not speak TLS (then kafka.security_protocol is PLAINTEXT or \
                 SASL_PLAINTEXT)"
            ),
            _ => e.to_string(),
        })
    })
}

/// Checks a broker's certificate as rustls does, except the name it is valid for
/// (`kafka.ssl_endpoint_identification = false`).
#[derive(Debug)]
struct AnyName(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for AnyName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        // webpki checks the chain first and the name last: a name error means a
        // trusted, valid certificate.
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            verified => verified,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}
