//! One function per command: load the config, reach a broker, do the work, print.

mod bench;
mod consume;
mod group;
mod lab;
mod offsets;
pub(crate) mod produce;
mod topic;
mod verify;

use crate::cli::{BenchCommand, Cli, Command, ConfigCommand};
use crate::config::{Config, Overrides, Problems};
use crate::kafka::{self, Kafka};
use std::path::Path;
use std::sync::Arc;

/// Why a command failed; [`Error::exit_code`] maps it to the process exit code.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("{0}")]
    Config(#[from] Problems),
    #[error(transparent)]
    Kafka(#[from] kafka::Error),
    #[cfg(feature = "embedded")]
    #[error(transparent)]
    Embedded(#[from] crate::embedded::Error),
    #[error(transparent)]
    Job(#[from] crate::pipeline::JobError),
    #[error(transparent)]
    Plot(#[from] crate::plot::Error),
    #[error(transparent)]
    Daemon(#[from] crate::daemon::Error),
    /// A check (verify, lab) found problems.
    #[error("{0}")]
    Check(String),
    #[error("{0}")]
    Usage(String),
    #[error("{path}: {source}")]
    Output {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// 2 for a usage or configuration mistake, 1 for anything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Config(_) | Self::Usage(_) | Self::Job(crate::pipeline::JobError::Invalid(_)) => {
                2
            }
            _ => 1,
        }
    }
}

/// Exit code after a panic: a bug, never a success.
pub const PANIC_EXIT_CODE: i32 = 70;

/// Make a panic on any thread (an actor's included) end the process with
/// [`PANIC_EXIT_CODE`] after the usual message: actix and tokio would otherwise drop
/// the panicking task and let the command go on, and maybe exit 0.
pub fn exit_on_panic() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        report(info);
        eprintln!("kafka-lab: internal error (a bug): stopped after the panic above");
        std::process::exit(PANIC_EXIT_CODE);
    }));
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Run one parsed command line.
pub async fn run(cli: Cli) -> Result<()> {
    let Cli {
        config,
        brokers,
        command,
        ..
    } = cli;
    let reach = || connect(config.as_deref(), brokers.as_deref(), Overrides::default());
    match command {
        Command::Config(ConfigCommand::Check { path }) => {
            let path = path.or(config);
            load(path.as_deref(), brokers.as_deref(), Overrides::default())?;
            let source = path.map_or("built-in defaults".into(), |p| p.display().to_string());
            println!("Configuration OK: {source}");
            Ok(())
        }
        Command::Topic(command) => topic::run(&reach().await?.kafka, command).await,
        Command::Group(command) => group::run(&reach().await?, command).await,
        Command::Produce(args) => produce::run(&reach().await?, args).await,
        Command::Consume(args) => {
            let flags = group_protocol(args.group_protocol);
            let session = connect(config.as_deref(), brokers.as_deref(), flags).await?;
            if args.group.is_some() {
                session.check_group_protocol().await?;
            }
            consume::run(&session, args).await
        }
        Command::Offsets(args) => offsets::run(&reach().await?, args).await,
        Command::Verify(args) => verify::run(&reach().await?, args).await,
        Command::Lab(args) => lab::run(&reach().await?, args).await,
        Command::Bench(BenchCommand::Produce(args)) => {
            let flags = args.overrides()?;
            let session = connect(config.as_deref(), brokers.as_deref(), flags).await?;
            bench::produce(&session, *args).await
        }
        Command::Bench(BenchCommand::Consume(args)) => bench::consume(&reach().await?, args).await,
        Command::Bench(BenchCommand::E2e(args)) => {
            let flags = args.producer.overrides();
            let session = connect(config.as_deref(), brokers.as_deref(), flags).await?;
            bench::e2e(&session, *args).await
        }
        Command::Bench(BenchCommand::Plot(args)) => {
            bench::plot(&args.results, &args.out, "kafka-lab bench")
        }
        Command::Bench(BenchCommand::Run(args)) => {
            bench::run(args, config.as_deref(), brokers.as_deref()).await
        }
        Command::Bench(BenchCommand::Workload(args)) => {
            let mut spec = bench::WorkloadSpec::read(&args)?;
            let flags = std::mem::take(&mut spec.overrides);
            let session = connect(config.as_deref(), brokers.as_deref(), flags).await?;
            bench::workload(&session, args, spec).await
        }
        Command::Bench(BenchCommand::Merge(args)) => bench::merge(args),
        Command::Run(args) => {
            let flags = group_protocol(args.group_protocol);
            let session = connect(config.as_deref(), brokers.as_deref(), flags).await?;
            if !session.config.consumer.group.is_empty() {
                session.check_group_protocol().await?;
            }
            let broker = session.kafka.broker_kind().await?;
            Ok(
                crate::daemon::run(Arc::clone(&session.kafka), session.config.clone(), broker)
                    .await?,
            )
        }
        #[cfg(feature = "embedded")]
        Command::Broker(args) => {
            let mut config = load(config.as_deref(), brokers.as_deref(), Overrides::default())?;
            config.embedded.listen = args.listen.unwrap_or(config.embedded.listen);
            config.embedded.data_dir = args.data_dir.unwrap_or(config.embedded.data_dir);
            serve_embedded(&config).await
        }
    }
}

/// The configuration from `path`, the environment, `--brokers` and a command's `flags`.
fn load(path: Option<&Path>, brokers: Option<&str>, mut flags: Overrides) -> Result<Config> {
    if let Some(brokers) = brokers {
        flags.set("kafka.brokers", "--brokers", brokers.into());
    }
    Ok(Config::load(path, std::env::vars(), flags)?)
}

/// `--group-protocol`, as the configuration key it sets.
fn group_protocol(flag: Option<crate::config::GroupProtocol>) -> Overrides {
    let mut flags = Overrides::default();
    if let Some(protocol) = flag {
        flags.set(
            "consumer.group_protocol",
            "--group-protocol",
            protocol.as_str().into(),
        );
    }
    flags
}

/// Load the configuration and reach the broker.
async fn connect(
    config: Option<&Path>,
    brokers: Option<&str>,
    flags: Overrides,
) -> Result<Session> {
    Session::reach(load(config, brokers, flags)?).await
}

/// A command's session: the configuration, a connected client, and the embedded
/// broker it uses when no brokers are configured.
pub struct Session {
    kafka: Arc<Kafka>,
    config: Config,
    /// The bootstrap brokers reached (the embedded broker's address when it is used).
    brokers: Vec<String>,
    #[cfg(feature = "embedded")]
    _embedded: Option<crate::embedded::Embedded>,
}

impl Session {
    /// Refuse (exit 2, saying why) a group protocol the brokers do not serve: the
    /// consumer protocol of KIP-848 needs Kafka 4.
    async fn check_group_protocol(&self) -> Result<()> {
        let consumer = crate::config::GroupProtocol::Consumer;
        if self.config.consumer.group_protocol == consumer
            && !self.kafka.serves_consumer_protocol().await?
        {
            return Err(Error::Usage(format!(
                "consumer.group_protocol = \"consumer\" (KIP-848) needs brokers that serve \
                 ConsumerGroupHeartbeat (Apache Kafka 4.0 or later); the brokers at {} do not \
                 (the embedded broker and Kafka 3.9 speak the classic protocol only): use \
                 \"classic\"",
                self.brokers.join(",")
            )));
        }
        Ok(())
    }

    async fn reach(config: Config) -> Result<Self> {
        #[cfg_attr(not(feature = "embedded"), allow(unused_mut))]
        let mut kafka_config = config.kafka.clone();
        #[cfg(feature = "embedded")]
        let embedded = if kafka_config.brokers.is_empty() {
            let embedded = crate::embedded::ensure(&config.embedded)?;
            kafka_config.brokers = vec![embedded.addr().to_string()];
            Some(embedded)
        } else {
            None
        };
        if kafka_config.brokers.is_empty() {
            return Err(Error::Usage(
                "no brokers configured: pass --brokers HOST:PORT or set kafka.brokers \
                 (this build has no embedded broker)"
                    .into(),
            ));
        }
        Ok(Self {
            kafka: Arc::new(Kafka::connect(&kafka_config).await?),
            config,
            brokers: kafka_config.brokers,
            #[cfg(feature = "embedded")]
            _embedded: embedded,
        })
    }
}

#[cfg(feature = "embedded")]
async fn serve_embedded(config: &Config) -> Result<()> {
    let embedded = crate::embedded::ensure(&config.embedded)?;
    if !embedded.is_served_here() {
        return Err(Error::Usage(format!(
            "another kafka-lab process already serves {} on {}",
            config.embedded.data_dir.display(),
            embedded.addr()
        )));
    }
    println!(
        "Embedded Kafka broker listening on {} (data in {}). Ctrl-C to stop.",
        embedded.addr(),
        config.embedded.data_dir.display()
    );
    crate::signals::stop_requested().await;
    Ok(())
}
