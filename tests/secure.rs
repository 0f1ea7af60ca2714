//! The secured broker of `scripts/kafka.sh start --mode secure`: SASL_SSL (SCRAM-SHA-512,
//! SCRAM-SHA-256, PLAIN) at its port, SSL requiring a client certificate at the next
//! one. Kafka's own tools reach it with the client properties the harness writes; so
//! does kafka-lab with the configs it prints (commands, the lab, the daemon in its
//! group; kafka-python reads what kafka-lab wrote). Refusals (wrong password, untrusted
//! CA, wrong host name, PLAINTEXT at the TLS port, no client certificate) are said at
//! once, and the password shows nowhere. Needs the instance, named by
//! `KAFKA_LAB_TEST_SECURE`, with its SASL_SSL address in `KAFKA_LAB_TEST_BROKERS`: the
//! tests are `#[ignore]`d without it, and CI runs them with `--ignored`.

mod common;

use common::daemon::{Broker, Daemon};
use common::*;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

const SECURE: &str = "the broker of scripts/kafka.sh start --mode secure";

/// The harness's TLS folder of instance `name`.
fn tls(name: &str) -> PathBuf {
    repo().join(".kafka/run").join(name).join("tls")
}

/// The SSL listener: the port after the SASL_SSL one.
fn mtls_address() -> String {
    let (host, port) = brokers().rsplit_once(':').unwrap();
    format!("{host}:{}", port.parse::<u16>().unwrap() + 1)
}

/// `kafka-topics` at `address` with the client properties `config`.
fn topics(address: &str, config: &std::path::Path, args: &[&str]) -> std::process::Output {
    run(Command::new(repo().join("scripts/kafka.sh"))
        .args([
            "tool",
            "topics",
            "--bootstrap-server",
            address,
            "--command-config",
        ])
        .arg(config)
        .args(args))
}

#[test]
#[ignore = "needs the secure harness broker (KAFKA_LAB_TEST_SECURE); CI runs it"]
fn kafkas_tools_reach_the_secure_listeners_with_the_harness_properties() {
    let name = needs("KAFKA_LAB_TEST_SECURE", SECURE);
    let dir = tls(&name);
    let topic = random_topic("secure");
    let sasl = dir.join("client-sasl.properties");
    let mtls = dir.join("client-mtls.properties");
    let created = topics(brokers(), &sasl, &["--create", "--topic", &topic]);
    assert!(created.status.success(), "{created:?}");
    for (address, config) in [(brokers().to_string(), &sasl), (mtls_address(), &mtls)] {
        let listed = topics(&address, config, &["--list"]);
        let out = String::from_utf8_lossy(&listed.stdout);
        assert!(
            out.lines().any(|l| l == topic),
            "{address} with {}: {listed:?}",
            config.display()
        );
    }

    // The same user with a wrong password: refused, and said so.
    let (_dir, scratch) = temp_dir();
    let wrong = scratch.join("wrong.properties");
    let text = std::fs::read_to_string(&sasl).unwrap();
    assert!(text.contains("kafka-lab-test-secret"), "{text}");
    std::fs::write(
        &wrong,
        text.replace("kafka-lab-test-secret", "not-the-password"),
    )
    .unwrap();
    let refused = topics(brokers(), &wrong, &["--list"]);
    assert!(!refused.status.success(), "{refused:?}");
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("Authentication failed"), "{said}");

    // The SSL listener without a client certificate: the broker refuses the handshake.
    let anonymous = scratch.join("anonymous.properties");
    let text = std::fs::read_to_string(&mtls).unwrap();
    let kept: Vec<_> = text.lines().filter(|l| !l.contains("keystore")).collect();
    std::fs::write(
        &anonymous,
        kept.join("\n") + "\nrequest.timeout.ms=5000\ndefault.api.timeout.ms=10000\n",
    )
    .unwrap();
    let refused = topics(&mtls_address(), &anonymous, &["--list"]);
    assert!(!refused.status.success(), "{refused:?}");
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("SslAuthenticationException"), "{said}");

    let deleted = topics(brokers(), &sasl, &["--delete", "--topic", &topic]);
    assert!(deleted.status.success(), "{deleted:?}");
}

/// A secured listener of the harness broker: its address, the kafka-lab config the
/// harness wrote for it, and kafka-python's settings for the same credentials.
struct Listener {
    name: &'static str,
    address: String,
    config: PathBuf,
    python: serde_json::Value,
}

/// The SASL password of the harness's user, from the file the harness wrote.
fn password(dir: &std::path::Path) -> String {
    let text = std::fs::read_to_string(dir.join("sasl-password")).unwrap();
    text.trim_end().to_string()
}

/// The SASL_SSL listener (SCRAM-SHA-512) and the SSL one (client certificates).
fn listeners() -> [Listener; 2] {
    let dir = tls(&needs("KAFKA_LAB_TEST_SECURE", SECURE));
    let file = |name: &str| dir.join(name).display().to_string();
    [
        Listener {
            name: "sasl_ssl",
            address: brokers().into(),
            config: dir.join("kafka-lab-sasl.toml"),
            python: serde_json::json!({
                "security_protocol": "SASL_SSL",
                "sasl_mechanism": "SCRAM-SHA-512",
                "sasl_plain_username": "kafka-lab",
                "sasl_plain_password": password(&dir),
                "ssl_cafile": file("ca.pem"),
            }),
        },
        Listener {
            name: "mtls",
            address: mtls_address(),
            config: dir.join("kafka-lab-mtls.toml"),
            python: serde_json::json!({
                "security_protocol": "SSL",
                "ssl_cafile": file("ca.pem"),
                "ssl_certfile": file("client.pem"),
                "ssl_keyfile": file("client.key"),
            }),
        },
    ]
}

/// kafka-lab with a config file.
fn lab(config: &std::path::Path) -> Command {
    let mut cmd = kafka_lab();
    cmd.arg("--config").arg(config);
    cmd
}

/// The value after `label` on the line starting with `row` of a kafka-lab report.
fn field(report: &str, row: &str, label: &str) -> f64 {
    let line = report
        .lines()
        .find(|l| l.trim_start().starts_with(row))
        .unwrap_or_else(|| panic!("no '{row}' line in {report}"));
    let at = line
        .find(label)
        .unwrap_or_else(|| panic!("{label} in {line}"))
        + label.len();
    let value = line[at..].split_whitespace().next().unwrap();
    value.parse().unwrap()
}

/// Over SASL_SSL (SCRAM-SHA-512) and over mutual TLS, with the configs the harness
/// prints: the topic commands, produce, consume and the lab work, and kafka-python with
/// the same credentials reads every record kafka-lab wrote, with the values kafka-lab's
/// consumer saw.
#[test]
#[ignore = "needs the secure harness broker (KAFKA_LAB_TEST_SECURE); CI runs it"]
fn kafka_lab_works_over_sasl_ssl_and_mutual_tls() {
    for listener in listeners() {
        let topic = random_topic(listener.name);
        let config = &listener.config;
        ok(lab(config).args(["topic", "create", &topic, "--partitions", "2"]));
        let described = ok(lab(config).args(["topic", "describe", &topic]));
        assert!(described.contains("PartitionCount: 2"), "{described}");
        assert!(ok(lab(config).args(["topic", "list"]))
            .lines()
            .any(|l| l == topic));
        ok(lab(config).args(["produce", &topic, "--count", "1000", "--seed", "7"]));
        let consumed = run(lab(config).args(["consume", &topic, "--max-messages", "1000"]));
        assert!(consumed.status.success(), "{consumed:?}");
        // The records go to stdout, the statistics to stderr.
        let consumed = String::from_utf8(consumed.stderr).unwrap();
        assert_eq!(field(&consumed, "All", "Count: "), 1000.0, "{consumed}");

        if let Some(python) = python() {
            let read = ok(Command::new(&python)
                .arg(repo().join("tests/py/read.py"))
                .args([&listener.address, &topic])
                .env("KAFKA_PY_CLIENT", listener.python.to_string()));
            let values: Vec<f64> = read
                .lines()
                .map(|l| {
                    serde_json::from_str::<serde_json::Value>(l).unwrap()["value"]
                        .as_f64()
                        .unwrap()
                })
                .collect();
            assert_eq!(
                values.len(),
                1000,
                "{}: kafka-python's records",
                listener.name
            );
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            let said = field(&consumed, "All", "Mean: ");
            assert!(
                (mean - said).abs() < 1e-6,
                "kafka-python {mean}, kafka-lab {said}"
            );
        } else {
            available("python3 with kafka-python", false);
        }

        let (_dir, out) = temp_dir();
        let lab_run = ok(lab(config).arg("lab").arg("--out").arg(&out));
        assert!(
            lab_run.contains("Every observation matches what the lab expects."),
            "{}: {lab_run}",
            listener.name
        );
    }
}

/// `kafka-lab run` in its consumer group over each secured listener: ready, in its
/// group with both partitions, reading what it wrote with nothing lost, and a clean
/// drain.
#[test]
#[ignore = "needs the secure harness broker (KAFKA_LAB_TEST_SECURE); CI runs it"]
fn the_daemon_runs_in_its_group_over_sasl_ssl_and_mutual_tls() {
    for listener in listeners() {
        let broker = Broker::at(&listener.address);
        let (_dir, state) = temp_dir();
        let topic = random_topic(listener.name);
        let config = listener.config.display().to_string();
        let daemon = Daemon::start(
            &broker,
            &topic,
            &state,
            &[
                ("KAFKA_LAB_CONFIG", &config),
                ("KAFKA_LAB_GENERATOR__RATE", "2000"),
            ],
        );
        eventually(
            &format!(
                "{}: the daemon reads 2000 records in its group",
                listener.name
            ),
            Duration::from_secs(60),
            || {
                let scraped = daemon.scrape();
                let assigned = scraped
                    .iter()
                    .find(|(s, _)| s.starts_with(kafka_lab::metrics::GROUP_ASSIGNED_PARTITIONS))
                    .map(|(_, v)| *v);
                let consumed = daemon.sum(&scraped, kafka_lab::metrics::RECORDS_CONSUMED);
                (assigned == Some(2.0) && consumed >= 2000.0).then_some(())
            },
        );
        let scraped = daemon.scrape();
        assert_eq!(daemon.sum(&scraped, kafka_lab::metrics::RECORDS_LOST), 0.0);
        let (code, _, _) = daemon.stop();
        assert_eq!(code, Some(0), "{}: the drain", listener.name);
    }
}

/// Each way a secured listener refuses kafka-lab is said at once (well within
/// `kafka.api_timeout_ms`, 10 s: not retried), exit 1, with what to check. A wrong
/// password costs the broker one failed authentication, not a retry storm.
#[test]
#[ignore = "needs the secure harness broker (KAFKA_LAB_TEST_SECURE); CI runs it"]
fn refusals_are_said_at_once_with_the_reason() {
    let name = needs("KAFKA_LAB_TEST_SECURE", SECURE);
    let [sasl, mtls] = listeners();
    let port = brokers().rsplit_once(':').unwrap().1;
    let server_log = repo()
        .join(".kafka/run")
        .join(&name)
        .join("node1/server.log");
    let failed_logins = || {
        let log = std::fs::read_to_string(&server_log).unwrap();
        log.matches("Failed authentication with").count()
    };
    let before = failed_logins();
    let expect = |what: &str, cmd: &mut Command, said: &str| {
        let began = Instant::now();
        let err = fails(cmd.args(["topic", "list"]), 1);
        let took = began.elapsed();
        assert!(err.contains(said), "{what}: {err}");
        assert!(took < Duration::from_secs(5), "{what}: took {took:?}");
    };
    expect(
        "a wrong password",
        lab(&sasl.config)
            .env("KAFKA_LAB_KAFKA__SASL_PASSWORD_FILE", "")
            .env("KAFKA_LAB_KAFKA__SASL_PASSWORD", "not-the-password"),
        &format!(
            "authentication failed for user kafka-lab at {} (SCRAM-SHA-512)",
            brokers()
        ),
    );
    let after = eventually(
        "the broker logs the failed login",
        Duration::from_secs(10),
        || Some(failed_logins()).filter(|&n| n > before),
    );
    assert_eq!(after, before + 1, "one attempt, not a retry storm");
    expect(
        "a CA kafka-lab does not trust (the system's store)",
        lab(&sasl.config).env("KAFKA_LAB_KAFKA__SSL_CA_LOCATION", ""),
        "invalid peer certificate: UnknownIssuer",
    );
    expect(
        "a host name the certificate does not hold",
        lab(&sasl.config).args(["--brokers", &format!("localhost:{port}")]),
        "certificate not valid for name \"localhost\"",
    );
    expect(
        "PLAINTEXT at a TLS listener",
        kafka_lab().args(["--brokers", brokers()]),
        "the listener expects TLS",
    );
    expect(
        "no client certificate where one is required",
        lab(&mtls.config)
            .env("KAFKA_LAB_KAFKA__SSL_CERTIFICATE_LOCATION", "")
            .env("KAFKA_LAB_KAFKA__SSL_KEY_LOCATION", ""),
        "requires a client certificate",
    );
    // Without the host name check, the name does not matter; the CA still does.
    ok(lab(&sasl.config)
        .args(["--brokers", &format!("localhost:{port}"), "topic", "list"])
        .env("KAFKA_LAB_KAFKA__SSL_ENDPOINT_IDENTIFICATION", "false"));
}

/// The password, given in the environment, shows nowhere: not in any command's output
/// or error (a wrong password included), the daemon's log at debug level (its
/// effective-configuration line says `[hidden]`), its checkpoint, `/`, `/api/snapshot`,
/// `/metrics`, nor a bench results file.
#[test]
#[ignore = "needs the secure harness broker (KAFKA_LAB_TEST_SECURE); CI runs it"]
fn the_password_shows_nowhere() {
    let [sasl, _] = listeners();
    let dir = tls(&needs("KAFKA_LAB_TEST_SECURE", SECURE));
    let secret = password(&dir);
    let wrong = "wrong-password-4711";
    let config = sasl.config.display().to_string();
    let settings = |password: &str| {
        [
            ("KAFKA_LAB_CONFIG", config.clone()),
            ("KAFKA_LAB_KAFKA__SASL_PASSWORD_FILE", String::new()),
            ("KAFKA_LAB_KAFKA__SASL_PASSWORD", password.to_string()),
            ("RUST_LOG", "debug".into()),
        ]
    };
    let (_dir, scratch) = temp_dir();
    let topic = random_topic("secret");
    let results = scratch.join("results.json");
    let mut shown: Vec<(String, String)> = Vec::new();
    let mut record = |what: &str, cmd: &mut Command, password: &str| {
        let out = run(cmd.envs(settings(password)));
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let text = String::from_utf8_lossy(bytes).into_owned();
            shown.push((format!("{what} ({stream})"), text));
        }
        out.status.success()
    };
    let commands: [(&str, Vec<&str>); 8] = [
        (
            "topic create",
            vec!["topic", "create", &topic, "--partitions", "2"],
        ),
        ("topic describe", vec!["topic", "describe", &topic]),
        ("produce", vec!["produce", &topic, "--count", "200"]),
        ("consume", vec!["consume", &topic, "--max-messages", "200"]),
        (
            "group describe",
            vec!["group", "describe", "kafka-lab-no-such-group"],
        ),
        ("config check", vec!["config", "check"]),
        (
            "bench produce",
            vec!["bench", "produce", &topic, "--records", "2000"],
        ),
        ("offsets", vec!["offsets", &topic]),
    ];
    for (what, args) in &commands {
        let mut cmd = kafka_lab();
        cmd.args(args);
        if *what == "bench produce" {
            cmd.arg("--output").arg(&results);
        }
        let succeeded = record(what, &mut cmd, &secret);
        assert!(succeeded || *what == "group describe", "{what}: {shown:?}");
    }
    let refused = record(
        "a wrong password",
        kafka_lab().args(["topic", "list"]),
        wrong,
    );
    assert!(!refused);
    let mut bad_config = kafka_lab();
    bad_config
        .args(["config", "check"])
        .env("KAFKA_LAB_KAFKA__RETRY_BACKOFF_MS", "soon");
    assert!(!record("a bad config", &mut bad_config, &secret));
    shown.push((
        "bench results".into(),
        std::fs::read_to_string(&results).unwrap(),
    ));

    let broker = Broker::at(&sasl.address);
    let (_state_dir, state) = temp_dir();
    let daemon_settings = settings(&secret);
    let daemon_settings: Vec<(&str, &str)> = daemon_settings
        .iter()
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    let daemon = Daemon::start(
        &broker,
        &random_topic("secret-run"),
        &state,
        &daemon_settings,
    );
    for path in ["/", "/api/snapshot", "/metrics"] {
        let (status, body) = daemon.get(path);
        assert_eq!(status, 200, "{path}");
        shown.push((path.into(), body));
    }
    let (code, _, checkpoint) = daemon.stop();
    assert_eq!(code, Some(0));
    shown.push(("checkpoint".into(), checkpoint.to_string()));
    let log = std::fs::read_to_string(state.join(common::daemon::LOG)).unwrap();
    let effective = log
        .lines()
        .find(|l| l.contains("effective configuration"))
        .unwrap_or_else(|| panic!("no effective-configuration line in {log}"));
    let hidden = format!("\"sasl_password\":\"{}\"", kafka_lab::config::HIDDEN);
    assert!(effective.contains(&hidden), "{effective}");
    shown.push(("the daemon's log".into(), log));

    for (what, text) in &shown {
        assert!(
            !text.contains(&secret),
            "{what} shows the password:\n{text}"
        );
        assert!(
            !text.contains(wrong),
            "{what} shows the wrong password:\n{text}"
        );
    }
}

/// Each SASL mechanism the harness's listener offers (SCRAM-SHA-512, SCRAM-SHA-256,
/// PLAIN) authenticates kafka-lab's own connections and rskafka's (topic create,
/// produce, consume), and a wrong password is refused naming the mechanism.
#[test]
#[ignore = "needs the secure harness broker (KAFKA_LAB_TEST_SECURE); CI runs it"]
fn every_sasl_mechanism_authenticates() {
    let [sasl, _] = listeners();
    for mechanism in ["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"] {
        let topic = random_topic("mechanism");
        let lab_with = || {
            let mut cmd = lab(&sasl.config);
            cmd.env("KAFKA_LAB_KAFKA__SASL_MECHANISM", mechanism);
            cmd
        };
        ok(lab_with().args(["topic", "create", &topic]));
        ok(lab_with().args(["produce", &topic, "--count", "100"]));
        let consumed = run(lab_with().args(["consume", &topic, "--max-messages", "100"]));
        assert!(consumed.status.success(), "{mechanism}: {consumed:?}");
        let err = fails(
            lab_with()
                .env("KAFKA_LAB_KAFKA__SASL_PASSWORD_FILE", "")
                .env("KAFKA_LAB_KAFKA__SASL_PASSWORD", "not-the-password")
                .args(["topic", "list"]),
            1,
        );
        let said = format!(
            "authentication failed for user kafka-lab at {} ({mechanism})",
            brokers()
        );
        assert!(err.contains(&said), "{err}");
    }
}
