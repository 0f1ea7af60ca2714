//! Bad input gets a clear error, never a panic or a silent success: every flag and
//! config key is checked before anything runs (exit 2, the flag or key named), a job
//! that fails at run time exits 1 with the reason, and a panic anywhere, in an actor
//! too, ends the process with exit 70.

mod common;

use common::*;

/// Run, assert exit `code`, the stderr naming `named`, and no panic; return stderr.
fn rejected(cmd: &mut std::process::Command, code: i32, named: &str) -> String {
    let err = fails(cmd, code);
    assert!(
        err.contains(named),
        "{cmd:?}: the error names {named}:\n{err}"
    );
    assert!(!err.contains("panicked"), "{cmd:?} panicked:\n{err}");
    err
}

#[test]
fn bad_flags_are_refused_before_anything_runs() {
    // No broker listens on port 1: each of these must fail before reaching one.
    let cases: &[(&[&str], &str)] = &[
        (&["produce", "t", "--rate", "0"], "--rate"),
        (&["produce", "t", "--rate", "nan"], "--rate"),
        (&["produce", "t", "--rate=-5"], "--rate"),
        (&["produce", "t", "--rate", "1e12"], "--rate"),
        (&["produce", "t", "--count", "0"], "--count"),
        (
            &["produce", "t", "--distribution", "uniform:0,inf"],
            "--distribution",
        ),
        (
            &["produce", "t", "--distribution", "poisson:1e20"],
            "--distribution",
        ),
        (
            &["produce", "t", "--distribution", "normal:NaN,1"],
            "--distribution",
        ),
        (
            &["produce", "t", "--distribution", "normal:0,-1"],
            "--distribution",
        ),
        (
            &["produce", "t", "--distribution", "lognormal:700,1"],
            "--distribution",
        ),
        (
            &["produce", "t", "--distribution", "exponential:1e-320"],
            "--distribution",
        ),
        (&["produce", "t", "--sequence", "5..=1"], "--sequence"),
        (
            &["produce", "t", "--sequence", "0..=9223372036854775807"],
            "--sequence",
        ),
        (
            &["produce", "t", "--partitioner", "fixed:-1"],
            "--partitioner",
        ),
        (&["consume", "t", "--bins", "0"], "--bins"),
        (&["consume", "t", "--bins", "100000"], "--bins"),
        (&["consume", "t", "--partition=-1"], "--partition"),
        (&["consume", "t", "--max-messages", "0"], "--max-messages"),
        (&["consume", "t", "--timeout-ms", "0"], "--timeout-ms"),
        (&["consume", "t", "--offset=-3"], "--offset"),
        (
            &["consume", "t", "--distribution", "uniform:1,1"],
            "--distribution",
        ),
        (&["offsets", "t", "--interval-ms", "0"], "--interval-ms"),
        (&["bench", "produce", "t", "--records", "0"], "--records"),
        (
            &[
                "bench",
                "produce",
                "t",
                "--records",
                "9",
                "--warmup-records",
                "9",
            ],
            "--warmup-records",
        ),
        (
            &[
                "bench",
                "produce",
                "t",
                "--records",
                "9",
                "--batch-size",
                "0",
            ],
            "--batch-size",
        ),
        (
            &[
                "bench",
                "produce",
                "t",
                "--records",
                "9",
                "--throughput",
                "0",
            ],
            "--throughput",
        ),
        (
            &[
                "bench",
                "produce",
                "t",
                "--records",
                "9",
                "--compression",
                "zip",
            ],
            "--compression",
        ),
        (&["bench", "consume", "t", "--records", "0"], "--records"),
        (
            &[
                "bench",
                "e2e",
                "t",
                "--throughput",
                "0",
                "--duration-secs",
                "1",
            ],
            "--throughput",
        ),
        (
            &[
                "bench",
                "e2e",
                "t",
                "--throughput",
                "9",
                "--duration-secs",
                "0",
            ],
            "--duration-secs",
        ),
        (
            &[
                "bench",
                "e2e",
                "t",
                "--throughput",
                "9",
                "--duration-secs",
                "1",
                "--max-in-flight",
                "0",
            ],
            "--max-in-flight",
        ),
        (
            &["verify", "t", "--rule", "parity", "--expect", "3..=1"],
            "--expect",
        ),
    ];
    for (args, flag) in cases {
        rejected(
            kafka_lab().args(["--brokers", "127.0.0.1:1"]).args(*args),
            2,
            flag,
        );
    }
}

#[test]
fn bad_config_values_are_all_reported_with_their_keys() {
    let err = rejected(
        kafka_lab()
            .args(["config", "check"])
            .env("KAFKA_LAB_GENERATOR__RATE", "-3")
            .env("KAFKA_LAB_GENERATOR__DISTRIBUTION", "uniform:0,inf")
            .env("KAFKA_LAB_GENERATOR__PARTITIONER", "fixed:x")
            .env("KAFKA_LAB_CONSUMER__START", "nowhere")
            .env("KAFKA_LAB_HISTOGRAM__BINS", "0")
            .env("KAFKA_LAB_HISTOGRAM__HI", "inf")
            .env("KAFKA_LAB_PRODUCER__MAX_IN_FLIGHT", "6"),
        2,
        "7 problem(s)",
    );
    for key in [
        "generator.rate",
        "generator.distribution",
        "generator.partitioner",
        "consumer.start",
        "histogram.bins",
        "histogram.hi",
        "producer.max_in_flight",
    ] {
        assert!(err.contains(key), "{key} is named:\n{err}");
    }
    // The same through `run`: nothing starts.
    rejected(
        kafka_lab()
            .args(["--brokers", "127.0.0.1:1", "run"])
            .env("KAFKA_LAB_GENERATOR__DISTRIBUTION", "poisson:1e20"),
        2,
        "generator.distribution",
    );
}

#[test]
fn a_rule_the_topic_cannot_follow_is_refused() {
    let topic = random_topic("fixed");
    ok(kafka_lab_on_broker().args(["topic", "create", &topic, "--partitions", "2"]));
    let err = rejected(
        kafka_lab_on_broker().args(["produce", &topic, "--partitioner", "fixed:7"]),
        2,
        "fixed:7",
    );
    assert!(err.contains("2 partition"), "{err}");
    ok(kafka_lab_on_broker().args(["topic", "delete", &topic]));
}

/// A Producer that fails for good (Kafka refuses a batch larger than
/// `message.max.bytes`, 1 MiB) fails the command: exit 1, the reason, no report of
/// success. The embedded broker takes any size, so this needs Apache Kafka.
#[test]
#[ignore = "needs Apache Kafka (KAFKA_LAB_TEST_KAFKA_VERSION); CI runs it"]
fn a_failing_actor_fails_the_command() {
    needs(
        "KAFKA_LAB_TEST_KAFKA_VERSION",
        "Apache Kafka from scripts/kafka.sh",
    );
    let topic = random_topic("toolarge");
    ok(kafka_lab_on_broker().args(["topic", "create", &topic, "--partitions", "1"]));
    let out = run(kafka_lab_on_broker()
        .args(["produce", &topic, "--count", "20000"])
        .env("KAFKA_LAB_PRODUCER__BATCH_SIZE", "20000"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("MessageTooLarge"), "{err}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Produced"));
    ok(kafka_lab_on_broker().args(["topic", "delete", &topic]));
}

/// The test runs itself again in a process of its own (`PANIC_CHILD`), where an
/// actor's handler panics under `exit_on_panic`: that process ends with exit 70 and
/// the panic's message, where actix alone would go on.
#[test]
fn a_panic_in_an_actor_ends_the_process_with_70() {
    const PANIC_CHILD: &str = "KAFKA_LAB_TEST_PANIC_CHILD";
    if std::env::var_os(PANIC_CHILD).is_some() {
        return panicking_actor();
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "a_panic_in_an_actor_ends_the_process_with_70",
            "--nocapture",
        ])
        .env(PANIC_CHILD, "1")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(kafka_lab::commands::PANIC_EXIT_CODE),
        "{err}"
    );
    assert!(err.contains("a handler went wrong"), "{err}");
    assert!(err.contains("internal error"), "{err}");
}

/// An actor whose handler panics, under `exit_on_panic`; the process ends in it.
fn panicking_actor() {
    use actix::prelude::*;

    struct Faulty;
    impl Actor for Faulty {
        type Context = Context<Self>;
    }
    #[derive(Message)]
    #[rtype(result = "()")]
    struct Go;
    impl Handler<Go> for Faulty {
        type Result = ();
        fn handle(&mut self, _: Go, _: &mut Context<Self>) {
            panic!("a handler went wrong");
        }
    }

    kafka_lab::commands::exit_on_panic();
    actix::System::new().block_on(async {
        let _ = Faulty.start().send(Go).await;
        // Without the hook the System goes on: stay long enough to be caught out.
        tokio::time::sleep(std::time::Duration::from_secs(10)).await;
    });
}

/// A preset with a mistake in any step runs no step: the error names the file, the step
/// and the flag. A file that is not a results file is named by `bench plot`.
#[test]
fn a_bad_preset_runs_nothing_and_a_bad_results_file_is_named() {
    let (_dir, dir) = temp_dir();
    let preset = dir.join("typo.toml");
    std::fs::write(
        &preset,
        "bench = \"produce\"\n[flags]\nrecords = 10\n[[steps]]\nname = \"fine\"\n\
         [[steps]]\nname = \"bad\"\nthrouhgput = 5\n",
    )
    .unwrap();
    let out = dir.join("out");
    let err = rejected(
        kafka_lab()
            .args(["--brokers", "127.0.0.1:1", "bench", "run"])
            .arg(&preset)
            .arg("--out")
            .arg(&out),
        2,
        "step 'bad'",
    );
    assert!(
        err.contains("typo.toml") && err.contains("--throuhgput"),
        "{err}"
    );
    assert!(!out.exists(), "no step ran");
    std::fs::write(&preset, "bench = \"produce\"\nsteps = []\n").unwrap();
    rejected(
        kafka_lab()
            .args(["bench", "run"])
            .arg(&preset)
            .arg("--out")
            .arg(&out),
        2,
        "no [[steps]]",
    );

    let not_results = dir.join("config.json");
    std::fs::write(&not_results, "{\"kind\": \"something else\"}").unwrap();
    let err = rejected(
        kafka_lab()
            .args(["bench", "plot"])
            .arg(&not_results)
            .arg("--out")
            .arg(dir.join("p.png")),
        2,
        "not a results file",
    );
    assert!(err.contains("config.json"), "{err}");
    assert!(!dir.join("p.png").exists());
}
