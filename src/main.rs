//! `kafka-lab`: parse the command line, run it, map the outcome to an exit code.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = kafka_lab::cli::Cli::parse();
    kafka_lab::logging::init();
    match actix::System::new().block_on(kafka_lab::commands::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kafka-lab: error: {e:#}");
            ExitCode::from(e.exit_code())
        }
    }
}
