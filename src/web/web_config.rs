//! `metrics.web_config_file`: the metrics port secured as Prometheus and its exporters
//! secure theirs, in the exporter-toolkit web configuration format: TLS
//! (`tls_server_config`, with client certificates verified against a CA), basic auth
//! (`basic_auth_users`, bcrypt hashes as `htpasswd -nBC 10` makes) and extra response
//! headers (`http_server_config.headers`). The toolkit's rules hold (a client CA
//! without a client auth type is an error, only its five headers may be set); what
//! kafka-lab does not do is refused by name, never ignored. Relative paths are read
//! from the file's folder, as the toolkit does.

use crate::fields::Fields;
use crate::kafka::{certificates, roots_of};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::PrivateKeyDer;
use rustls::server::WebPkiClientVerifier;
use rustls::{ServerConfig, SupportedProtocolVersion};
use serde_yaml::Mapping;
use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;

/// The headers the toolkit lets a web config set, with the values it allows (any when
/// empty).
const HEADERS: [(&str, &[&str]); 5] = [
    ("Strict-Transport-Security", &[]),
    ("X-Content-Type-Options", &["nosniff"]),
    ("X-Frame-Options", &["deny", "sameorigin"]),
    ("X-XSS-Protection", &[]),
    ("Content-Security-Policy", &[]),
];

/// The toolkit's TLS versions, those rustls speaks and those it does not.
const VERSIONS: [(&str, Option<&SupportedProtocolVersion>); 4] = [
    ("TLS10", None),
    ("TLS11", None),
    ("TLS12", Some(&rustls::version::TLS12)),
    ("TLS13", Some(&rustls::version::TLS13)),
];

/// A web configuration, read and checked.
#[derive(Debug, Default)]
pub struct WebConfig {
    /// TLS, when `tls_server_config` sets it up.
    pub tls: Option<ServerConfig>,
    /// User names and their bcrypt hashes; empty: no authentication.
    pub users: BTreeMap<String, String>,
    /// Headers added to every response.
    pub headers: Vec<(String, String)>,
}

impl WebConfig {
    /// The file at `path`, or every problem in it, each with its key.
    pub fn read(path: &Path) -> Result<Self, Vec<String>> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| vec![format!("cannot read {}: {e}", path.display())])?;
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut fields = Fields::parse(&text)?;
        let mut config = Self::default();
        let mut nested = Vec::new();
        if let Some(map) = fields.optional::<Mapping>("tls_server_config", "a mapping") {
            let mut tls = Fields::of(map);
            config.tls = server_config(&mut tls, dir);
            nested.push(("tls_server_config", tls));
        }
        if let Some(map) = fields.optional::<Mapping>("http_server_config", "a mapping") {
            let mut http = Fields::of(map);
            // The toolkit's HTTP/2 switch: kafka-lab serves HTTP/1.1 either way.
            let _: Option<bool> = http.optional("http2", "true or false");
            let headers: BTreeMap<String, String> = http
                .optional("headers", "a mapping of header names to values")
                .unwrap_or_default();
            for (name, value) in headers {
                let allowed = HEADERS.iter().find(|(known, _)| *known == name);
                // A header value is visible ASCII, spaces and tabs (RFC 9110).
                let printable = value
                    .bytes()
                    .all(|b| b == b'\t' || (0x20..0x7f).contains(&b));
                let ok = printable
                    && allowed.is_some_and(|(_, values)| {
                        values.is_empty() || values.contains(&value.as_str())
                    });
                let message = match allowed {
                    None => format!("HTTP header {name:?} can not be configured"),
                    Some(_) if !printable => format!("{value:?} is not a header value"),
                    Some((_, values)) => format!("expected one of {values:?}, got {value:?}"),
                };
                http.check(ok, &format!("headers.{name}"), &message);
                config.headers.push((name, value));
            }
            nested.push(("http_server_config", http));
        }
        config.users = fields
            .optional(
                "basic_auth_users",
                "a mapping of user names to bcrypt hashes",
            )
            .unwrap_or_default();
        for (user, hash) in &config.users {
            let valid = bcrypt::HashParts::from_str(hash).is_ok();
            let key = format!("basic_auth_users.{user}");
            fields.check(valid, &key, "is not a bcrypt hash (htpasswd -nBC 10 USER)");
        }
        fields.refuse("rate_limit", "not supported by kafka-lab's metrics port");
        let why = "not a key of the exporter-toolkit web configuration";
        let mut problems = Vec::new();
        for (section, fields) in nested {
            problems.extend(fields.finish(why).iter().map(|p| format!("{section}.{p}")));
        }
        problems.extend(fields.finish(why));
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }
}

/// The TLS server of `tls_server_config`, or `None` when it sets none up or has a
/// problem (noted in `tls`).
fn server_config(tls: &mut Fields, dir: &Path) -> Option<ServerConfig> {
    let path = |name: Option<String>| name.map(|n| dir.join(n));
    let cert_file = path(tls.optional("cert_file", "a file name"));
    let key_file = path(tls.optional("key_file", "a file name"));
    let ca_file = path(tls.optional("client_ca_file", "a file name"));
    let auth: Option<String> = tls.optional("client_auth_type", "a client auth type");
    let min: Option<String> = tls.optional("min_version", "TLS12 or TLS13");
    let max: Option<String> = tls.optional("max_version", "TLS12 or TLS13");
    for key in [
        "cert",
        "key",
        "client_ca",
        "cipher_suites",
        "curve_preferences",
        "prefer_server_cipher_suites",
        "client_allowed_sans",
    ] {
        tls.refuse(
            key,
            "not supported by kafka-lab (name files with cert_file, key_file, client_ca_file)",
        );
    }
    if cert_file.is_none() && key_file.is_none() && ca_file.is_none() && auth.is_none() {
        return None; // as the toolkit: no TLS configured, plain HTTP
    }
    tls.check(cert_file.is_some(), "cert_file", "missing");
    tls.check(key_file.is_some(), "key_file", "missing");
    let verify = match auth.as_deref().unwrap_or("") {
        "" | "NoClientCert" => None,
        "VerifyClientCertIfGiven" => Some(false),
        "RequireAndVerifyClientCert" => Some(true),
        "RequestClientCert" | "RequireAnyClientCert" | "RequireClientCert" => {
            let message = "not supported by kafka-lab: it verifies every client certificate \
                           it asks for (VerifyClientCertIfGiven, RequireAndVerifyClientCert)";
            tls.check(false, "client_auth_type", message);
            None
        }
        other => {
            tls.check(
                false,
                "client_auth_type",
                &format!("invalid ClientAuth: {other}"),
            );
            None
        }
    };
    tls.check(
        ca_file.is_none() || verify.is_some(),
        "client_ca_file",
        "client CA's have been configured without a Client Auth Policy (client_auth_type)",
    );
    tls.check(
        verify.is_none() || ca_file.is_some(),
        "client_ca_file",
        "missing: client certificates are verified against the CAs of this file",
    );
    let version = |tls: &mut Fields, key: &str, name: Option<String>, default: usize| {
        let Some(name) = name else {
            return Some(default);
        };
        match VERSIONS.iter().position(|(known, _)| *known == name) {
            Some(i) if VERSIONS[i].1.is_some() => Some(i),
            Some(_) => {
                tls.check(
                    false,
                    key,
                    &format!("{name}: kafka-lab speaks TLS12 and TLS13 only"),
                );
                None
            }
            None => {
                tls.check(false, key, &format!("unknown TLS version {name}"));
                None
            }
        }
    };
    let min = version(tls, "min_version", min, 2);
    let max = version(tls, "max_version", max, 3);
    let versions: Vec<&'static SupportedProtocolVersion> = match (min, max) {
        (Some(min), Some(max)) => VERSIONS[min..=max.max(min)]
            .iter()
            .filter_map(|(_, v)| *v)
            .collect(),
        _ => Vec::new(),
    };
    tls.check(
        min.zip(max).is_none_or(|(min, max)| min <= max),
        "max_version",
        "is below min_version",
    );
    let mut problem = |key: &str, message: String| tls.check(false, key, &message);
    let chain = cert_file.as_deref().and_then(|file| {
        certificates("cert_file", file)
            .map_err(|(key, message)| problem(&key, message))
            .ok()
    });
    let key = key_file.as_deref().and_then(|file| {
        PrivateKeyDer::from_pem_file(file)
            .map_err(|e| {
                problem(
                    "key_file",
                    format!("no PEM private key in '{}': {e}", file.display()),
                )
            })
            .ok()
    });
    let roots = ca_file.as_deref().and_then(|file| {
        roots_of("client_ca_file", file)
            .map_err(|(key, message)| problem(&key, message))
            .ok()
    });
    if !tls.problems.is_empty() {
        return None;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ServerConfig::builder_with_provider(Arc::clone(&provider))
        .with_protocol_versions(&versions)
        .expect("ring speaks TLS 1.2 and 1.3");
    let builder = match (verify, roots) {
        (Some(required), Some(roots)) => {
            let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider);
            let verifier = if required {
                verifier
            } else {
                verifier.allow_unauthenticated()
            };
            match verifier.build() {
                Ok(verifier) => builder.with_client_cert_verifier(verifier),
                Err(e) => {
                    tls.check(false, "client_ca_file", &e.to_string());
                    return None;
                }
            }
        }
        _ => builder.with_no_client_auth(),
    };
    builder
        .with_single_cert(chain?, key?)
        .map_err(|e| {
            tls.check(
                false,
                "key_file",
                &format!("does not go with cert_file: {e}"),
            )
        })
        .ok()
}
