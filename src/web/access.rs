//! Who may read the metrics port: basic auth against the web config's bcrypt hashes,
//! and its extra headers on every response, as the exporter toolkit does. `/healthz`
//! and `/readyz` stay open, so that probes (Kubernetes' liveness and readiness) need no
//! credentials; every other path (the live page, `/metrics`, `/api/...`) answers 401
//! with `WWW-Authenticate: Basic` without them.

use super::web_config::WebConfig;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue, AUTHORIZATION, WWW_AUTHENTICATE};
use actix_web::middleware::Next;
use actix_web::{web, HttpResponse};
use base64::Engine;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

/// The paths probes read without credentials: they tell only `ok`, `ready` or `not ready`.
pub const OPEN_PATHS: [&str; 2] = ["/healthz", "/readyz"];

/// A bcrypt hash of no one's password (`fakepassword`, as the toolkit's): an unknown
/// user costs the same time as a known one, so timing does not tell names apart.
const UNKNOWN_USER_HASH: &str = "$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi";

/// Credentials checked, kept so that a scrape every few seconds does not pay bcrypt
/// (tens of ms) each time; at most this many, then forgotten all at once.
const REMEMBERED: usize = 64;

/// The users and headers of a web config.
#[derive(Debug, Default)]
pub struct Access {
    users: BTreeMap<String, String>,
    headers: Vec<(HeaderName, HeaderValue)>,
    checked: Mutex<HashMap<(String, String), bool>>,
}

impl Access {
    /// The users and headers of `config`, which [`WebConfig::read`] checked.
    pub fn new(config: &WebConfig) -> Self {
        let headers = config
            .headers
            .iter()
            .map(|(name, value)| {
                let name = HeaderName::try_from(name.as_str()).expect("one of the toolkit's");
                let value = HeaderValue::try_from(value.as_str()).expect("checked as printable");
                (name, value)
            })
            .collect();
        Self {
            users: config.users.clone(),
            headers,
            checked: Mutex::default(),
        }
    }

    /// Whether an `Authorization` header value names a user with its password.
    fn allows(&self, authorization: Option<&HeaderValue>) -> bool {
        let Some((user, password)) = authorization.and_then(basic) else {
            return false;
        };
        let key = (user, password);
        let mut checked = self.checked.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&ok) = checked.get(&key) {
            return ok;
        }
        let known = self.users.get(&key.0);
        let hash = known.map_or(UNKNOWN_USER_HASH, String::as_str);
        let ok = bcrypt::verify(&key.1, hash).unwrap_or(false) && known.is_some();
        if checked.len() >= REMEMBERED {
            checked.clear();
        }
        checked.insert(key, ok);
        ok
    }
}

/// The user and password of `Basic base64(user:password)`.
fn basic(value: &HeaderValue) -> Option<(String, String)> {
    let encoded = value.to_str().ok()?.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.into(), password.into()))
}

/// The middleware: credentials first (unless the path is open or no users are set),
/// then the headers on whatever answers.
pub async fn guard(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let access = request
        .app_data::<web::Data<Access>>()
        .cloned()
        .expect("the server registers its Access");
    let open = access.users.is_empty() || OPEN_PATHS.contains(&request.path());
    let mut response = if open || access.allows(request.headers().get(AUTHORIZATION)) {
        next.call(request).await?.map_into_left_body()
    } else {
        let denied = HttpResponse::Unauthorized()
            .insert_header((WWW_AUTHENTICATE, "Basic"))
            .body("Unauthorized\n");
        request.into_response(denied).map_into_right_body()
    };
    for (name, value) in &access.headers {
        response.headers_mut().insert(name.clone(), value.clone());
    }
    Ok(response)
}
