//! `kafka-lab`: parse the command line, run it, map the outcome to an exit code.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    kafka_lab::commands::exit_on_panic();
    let cli = kafka_lab::cli::Cli::parse();
    let daemon = matches!(cli.command, kafka_lab::cli::Command::Run(_));
    kafka_lab::logging::init(cli.log_format, daemon);
    match actix::System::new().block_on(kafka_lab::commands::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kafka-lab: error: {e:#}");
            ExitCode::from(e.exit_code())
        }
    }
}
