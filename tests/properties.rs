//! Property tests (proptest, a thousand cases each, so CI runs them in seconds): no
//! input panics the spec parsers, the record batch decoder or the config loader, and a
//! distribution the parser accepts only ever draws finite values.

use kafka_lab::config::{Config, Overrides};
use kafka_lab::kafka::batch::{decode, Compression};
use kafka_lab::partition::Rule;
use kafka_lab::record::RecordWriter;
use kafka_lab::sample::{Distribution, Sample, Sampler, Sequence, Source};
use kafka_lab::start::StartAt;
use proptest::prelude::*;

/// Any f64, the awkward ones included.
fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>(),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(f64::MIN_POSITIVE),
        Just(5e-324),
        -1e6..1e6f64,
        0.0..10.0f64,
    ]
}

/// A spec as a user might type it, right or wrong.
fn spec() -> impl Strategy<Value = String> {
    let name = prop_oneof![
        Just("normal"),
        Just("uniform"),
        Just("exponential"),
        Just("lognormal"),
        Just("poisson"),
        Just("cauchy"),
    ];
    (name, prop::collection::vec(number(), 0..3)).prop_map(|(name, args)| {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        format!("{name}:{}", args.join(","))
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 1000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn spec_parsers_never_panic(text in ".{0,40}") {
        let _ = text.parse::<Distribution>();
        let _ = text.parse::<Sequence>();
        let _ = text.parse::<Rule>();
        let _ = text.parse::<StartAt>();
    }

    #[test]
    fn an_accepted_distribution_draws_finite_values(spec in spec(), seed in any::<u64>()) {
        if let Ok(d) = spec.parse::<Distribution>() {
            let (mean, variance) = d.moments();
            prop_assert!(!mean.is_nan() && !variance.is_nan(), "{spec}");
            let drawn = Sampler::new(Source::Random(d), Some(seed)).take(200);
            prop_assert!(drawn.iter().all(|s| s.value.is_finite()), "{spec}");
            prop_assert!(d.density(drawn[0].value).is_finite(), "{spec}");
            prop_assert_eq!(d.to_string().parse::<Distribution>(), Ok(d));
        }
    }

    #[test]
    fn an_accepted_sequence_counts_and_samples_without_overflow(a in any::<i64>(), b in any::<i64>()) {
        if let Ok(s) = format!("{a}..={b}").parse::<Sequence>() {
            prop_assert!(s.count() >= 1);
            let last = Sampler::new(Source::Sequence(s), None).starting_at(s.count() - 1).take(5);
            prop_assert_eq!(last.len(), 1);
            prop_assert_eq!(last[0].value, s.last as f64);
        }
    }

    #[test]
    fn the_decoder_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let _ = decode(bytes.into(), 0, &mut Vec::new());
    }

    /// A real batch with some bytes changed and its CRC made right again, so the
    /// decoder goes past the checksum into the records.
    #[test]
    fn the_decoder_never_panics_on_a_damaged_batch(
        values in prop::collection::vec(-1e9..1e9f64, 1..20),
        damage in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        compressed in any::<bool>(),
    ) {
        let samples: Vec<Sample> = (0..).zip(values).map(|(seq, value)| Sample { seq, value }).collect();
        let codec = if compressed { Compression::Lz4 } else { Compression::None };
        let batch = RecordWriter::new(Some(uuid::Uuid::now_v7()), kafka_lab::keys::Keys::Value, 0).batch(&samples).unwrap().finish(codec, None).unwrap();
        let mut bytes = batch.to_vec();
        for (at, byte) in damage {
            let i = 12 + at.index(bytes.len() - 12);
            bytes[i] = byte;
        }
        let crc = crc32c::crc32c(&bytes[21..]);
        bytes[17..21].copy_from_slice(&crc.to_be_bytes());
        let _ = decode(bytes.into(), 0, &mut Vec::new());
    }

    #[test]
    fn the_config_loader_never_panics_on_a_file(text in "(\\[[a-z]{1,10}\\]\n)?([a-z_]{1,16} = .{0,20}\n){0,4}") {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kafka-lab.toml");
        std::fs::write(&path, &text).unwrap();
        let _ = Config::load(Some(&path), Vec::new(), Overrides::default());
    }

    #[test]
    fn the_config_loader_never_panics_on_the_environment(
        vars in prop::collection::vec((
            prop_oneof![
                Just("GENERATOR__DISTRIBUTION"), Just("GENERATOR__RATE"), Just("GENERATOR__PARTITIONER"),
                Just("CONSUMER__START"), Just("HISTOGRAM__LO"), Just("HISTOGRAM__HI"),
                Just("HISTOGRAM__BINS"), Just("PRODUCER__MAX_IN_FLIGHT"), Just("KAFKA__BROKERS"),
                Just("KAFKA__API_TIMEOUT_MS"), Just("NOPE__NOTHING"),
            ],
            ".{0,24}",
        ), 0..6),
    ) {
        let env = vars.into_iter().map(|(k, v)| (format!("KAFKA_LAB_{k}"), v));
        let _ = Config::load(None, env, Overrides::default());
    }
}
