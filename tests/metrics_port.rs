//! The metrics port secured by `metrics.web_config_file` (the exporter-toolkit web
//! configuration): curl with and without credentials and client certificates, a real
//! Prometheus scraping over TLS with basic auth, and bad files refused at start with
//! every key named. Certificates come from `openssl` (a throwaway CA per test); the
//! daemon runs on the test broker.

mod common;

use common::daemon::*;
use common::prometheus::Prometheus;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const USER: &str = "prometheus";
const PASSWORD: &str = "s3cret-scrape";

/// Run `openssl` with `args` in `dir`; it must succeed.
fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl runs");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A CA named `name` (`name.pem`, `name.key`).
fn ca(dir: &Path, name: &str) {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            &format!("/CN={name}"),
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.pem"),
        ],
    );
}

/// A certificate for `who` (`who.pem`, `who.key`) at 127.0.0.1, signed by the CA `name`.
fn leaf(dir: &Path, name: &str, who: &str) {
    std::fs::write(
        dir.join(format!("{who}.ext")),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n",
    )
    .unwrap();
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            &format!("/CN={who}"),
            "-keyout",
            &format!("{who}.key"),
            "-out",
            &format!("{who}.csr"),
        ],
    );
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            &format!("{who}.csr"),
            "-CA",
            &format!("{name}.pem"),
            "-CAkey",
            &format!("{name}.key"),
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            &format!("{who}.ext"),
            "-out",
            &format!("{who}.pem"),
        ],
    );
}

/// A folder with a CA, the port's certificate, a client certificate of that CA and one
/// of another CA, and a web config with TLS requiring verified client certificates,
/// one user and a header.
fn secured() -> (tempfile::TempDir, PathBuf) {
    let (dir, path) = temp_dir();
    ca(&path, "ca");
    leaf(&path, "ca", "server");
    leaf(&path, "ca", "client");
    ca(&path, "rogue-ca");
    leaf(&path, "rogue-ca", "rogue");
    let hash = bcrypt::hash(PASSWORD, 10).unwrap();
    let config = format!(
        "tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n  \
         client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.pem\n  \
         min_version: TLS12\nhttp_server_config:\n  headers:\n    X-Frame-Options: deny\n\
         basic_auth_users:\n  {USER}: '{hash}'\n"
    );
    std::fs::write(path.join("web.yml"), config).unwrap();
    (dir, path)
}

/// curl's answer to `path` on `addr` over TLS: the status (0: no TLS session) and the
/// response headers.
fn curl(dir: &Path, addr: &str, path: &str, args: &[&str]) -> (u16, String) {
    let out = Command::new("curl")
        .args(["-sS", "-o", "/dev/null", "-D", "-", "--max-time", "5"])
        .args(["--cacert", "ca.pem"])
        .args(args)
        .arg(format!("https://{addr}{path}"))
        .current_dir(dir)
        .output()
        .expect("curl runs");
    let head = String::from_utf8_lossy(&out.stdout).to_string();
    let status = head
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head + String::from_utf8_lossy(&out.stderr).as_ref())
}

/// The client certificate's arguments, then `extra`.
fn with<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    [&CLIENT[..], extra].concat()
}

/// What the daemon wrote on stderr.
fn log(state: &Path) -> String {
    std::fs::read_to_string(state.join(LOG)).unwrap_or_default()
}

const CLIENT: [&str; 4] = ["--cert", "client.pem", "--key", "client.key"];

#[test]
fn the_port_asks_for_credentials_and_a_trusted_client_certificate() {
    let broker = Broker::new();
    let (_certs, dir) = secured();
    let (_state_dir, state) = temp_dir();
    let web = dir.join("web.yml");
    let mut daemon = Daemon::spawn(
        &broker,
        &random_topic("secured"),
        &state,
        &[("KAFKA_LAB_METRICS__WEB_CONFIG_FILE", web.to_str().unwrap())],
    );
    let right = format!("{USER}:{PASSWORD}");
    eventually(
        "the daemon is ready over TLS",
        Duration::from_secs(60),
        || {
            if let Ok(Some(status)) = daemon.child.try_wait() {
                panic!("the daemon exited ({status}): {}", log(&state));
            }
            let ready = curl(&dir, &daemon.metrics, "/readyz", &with(&["-u", &right]));
            (ready.0 == 200).then_some(())
        },
    );

    let (status, head) = curl(&dir, &daemon.metrics, "/metrics", &CLIENT);
    assert_eq!(status, 401, "no credentials: {head}");
    assert!(
        head.to_lowercase().contains("www-authenticate: basic"),
        "{head}"
    );
    assert!(
        head.to_lowercase().contains("x-frame-options: deny"),
        "{head}"
    );
    let wrong = format!("{USER}:not-it");
    let (status, head) = curl(&dir, &daemon.metrics, "/metrics", &with(&["-u", &wrong]));
    assert_eq!(status, 401, "a wrong password: {head}");
    let (status, head) = curl(
        &dir,
        &daemon.metrics,
        "/metrics",
        &with(&["-u", "nobody:x"]),
    );
    assert_eq!(status, 401, "an unknown user: {head}");
    let (status, head) = curl(&dir, &daemon.metrics, "/metrics", &with(&["-u", &right]));
    assert_eq!(status, 200, "the right password: {head}");
    assert!(
        head.to_lowercase().contains("x-frame-options: deny"),
        "{head}"
    );
    for probe in ["/healthz", "/readyz"] {
        let (status, head) = curl(&dir, &daemon.metrics, probe, &CLIENT);
        assert_eq!(status, 200, "{probe} stays open for probes: {head}");
    }
    let (status, head) = curl(&dir, &daemon.metrics, "/api/snapshot", &CLIENT);
    assert_eq!(
        status, 401,
        "the live page's data needs credentials: {head}"
    );

    // Without a client certificate, or with one of another CA, there is no session.
    let (status, head) = curl(&dir, &daemon.metrics, "/healthz", &["-u", &right]);
    assert_eq!(status, 0, "no client certificate: {head}");
    let rogue = ["--cert", "rogue.pem", "--key", "rogue.key", "-u", &right];
    let (status, head) = curl(&dir, &daemon.metrics, "/healthz", &rogue);
    assert_eq!(status, 0, "an untrusted client certificate: {head}");
    // Plain HTTP gets no answer either.
    assert_eq!(daemon.get("/healthz").0, 0);

    // A real Prometheus scrapes it over TLS with basic auth.
    if let Some(binary) = program(
        "KAFKA_LAB_TEST_PROMETHEUS",
        "prometheus",
        "Debian's prometheus package",
    ) {
        let config = format!(
            "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: kafka-lab\n    \
             scheme: https\n    basic_auth:\n      username: {USER}\n      password: {PASSWORD}\n    \
             tls_config:\n      ca_file: {d}/ca.pem\n      cert_file: {d}/client.pem\n      \
             key_file: {d}/client.key\n    static_configs:\n      - targets: [\"{}\"]\n",
            daemon.metrics,
            d = dir.display()
        );
        let prometheus = Prometheus::start(&binary, &config);
        eventually(
            "Prometheus scrapes the daemon",
            Duration::from_secs(60),
            || (prometheus.series("kafka_lab_build_info").unwrap_or(0) > 0).then_some(()),
        );
        let health = prometheus.scrape_health();
        println!("Prometheus over TLS with basic auth: {health}");
        assert!(health.contains("\"up\""), "{health}");
    }
    daemon.stop();
}

#[test]
fn a_bad_web_config_is_refused_at_start_with_every_key() {
    let broker = Broker::new();
    let (_certs, dir) = temp_dir();
    std::fs::write(
        dir.join("web.yml"),
        "tls_server_config:\n  cert_file: missing.pem\n  key_file: missing.key\n  \
         client_ca_file: ca.pem\n  cipher_suites: [TLS_AES_128_GCM_SHA256]\n\
         http_server_config:\n  headers:\n    X-Powered-By: me\n    X-Frame-Options: always\n    \
         Content-Security-Policy: \"a\\u0007b\"\n\
         basic_auth_users:\n  alice: plaintext\nbasic_auth_user:\n  bob: x\n",
    )
    .unwrap();
    let (_state_dir, state) = temp_dir();
    let web = dir.join("web.yml");
    let mut daemon = Daemon::spawn(
        &broker,
        &random_topic("badweb"),
        &state,
        &[("KAFKA_LAB_METRICS__WEB_CONFIG_FILE", web.to_str().unwrap())],
    );
    let status = eventually("the daemon exits", Duration::from_secs(30), || {
        daemon.child.try_wait().unwrap()
    });
    let log = log(&state);
    assert!(!status.success(), "{log}");
    for key in [
        "tls_server_config.client_ca_file: client CA's have been configured without a Client Auth Policy",
        "tls_server_config.cipher_suites: not supported",
        "tls_server_config.cert_file: cannot read",
        "tls_server_config.key_file: no PEM private key",
        "http_server_config.headers.X-Powered-By: HTTP header \"X-Powered-By\" can not be configured",
        "http_server_config.headers.X-Frame-Options: expected one of",
        "http_server_config.headers.Content-Security-Policy: \"a\\u{7}b\" is not a header value",
        "basic_auth_users.alice: is not a bcrypt hash",
        "basic_auth_user: unknown key",
    ] {
        assert!(log.contains(key), "{key:?} in:\n{log}");
    }
    assert!(log.contains("metrics.web_config_file"), "{log}");
}
