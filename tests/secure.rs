//! The secured broker of `scripts/kafka.sh start --mode secure`: SASL_SSL with
//! SCRAM-SHA-512 at its port, SSL requiring a client certificate at the next one. Kafka's
//! own tools, with the client properties the harness writes, reach it over both
//! listeners; a wrong password and a missing client certificate are refused. Needs the instance, named by
//! `KAFKA_LAB_TEST_SECURE`, with its SASL_SSL address in `KAFKA_LAB_TEST_BROKERS`: the
//! tests are `#[ignore]`d without it, and CI runs them with `--ignored`.

mod common;

use common::*;
use std::path::PathBuf;
use std::process::Command;

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
