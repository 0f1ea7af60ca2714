//! `kafka-lab bench run PRESET --out DIR`: an experiment preset's steps, one after the
//! other, each a `bench` command line of its own, then their combined plot.

use super::plot::draw;
use super::{Error, Result};
use crate::bench::preset::Preset;
use crate::cli::{BenchRunArgs, Cli};
use clap::Parser;
use std::path::Path;

/// Run the steps of `args.preset`, with the global `--config` and `--brokers` given.
pub async fn run(args: BenchRunArgs, config: Option<&Path>, brokers: Option<&str>) -> Result<()> {
    let path = args.preset.display().to_string();
    let invalid = |reason: String| Error::Usage(format!("{path}: {reason}"));
    let preset = Preset::load(&args.preset).map_err(invalid)?;
    let stem = args
        .preset
        .file_stem()
        .map_or("preset".into(), |s| s.to_string_lossy().into_owned());
    let steps = preset.plan(&stem, &args.out).map_err(invalid)?;
    let mut global = vec!["kafka-lab".to_string()];
    if let Some(config) = config {
        global.extend(["--config".into(), config.display().to_string()]);
    }
    if let Some(brokers) = brokers {
        global.extend(["--brokers".into(), brokers.into()]);
    }
    // Every step is checked before the first one runs.
    let mut parsed = Vec::new();
    for step in &steps {
        let line = global.iter().chain(&step.args);
        let cli = Cli::try_parse_from(line).map_err(|e| {
            let first = e.to_string().lines().next().unwrap_or_default().to_string();
            invalid(format!("step '{}': {first}", step.name))
        })?;
        parsed.push(cli);
    }
    if let Some(description) = &preset.description {
        println!("{stem}: {description}");
    }
    for (step, cli) in steps.iter().zip(parsed) {
        println!("== {}: kafka-lab {}", step.name, step.args.join(" "));
        if args.dry_run {
            continue;
        }
        std::fs::create_dir_all(&args.out).map_err(|source| Error::Output {
            path: args.out.clone(),
            source,
        })?;
        Box::pin(crate::commands::run(cli)).await?;
    }
    if args.dry_run {
        return Ok(());
    }
    let results: Vec<_> = steps.into_iter().map(|s| s.results).collect();
    draw(&results, &args.out.join(format!("{stem}.png")), &stem)
}
