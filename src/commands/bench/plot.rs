//! `kafka-lab bench plot RESULTS.json... [--out FILE]`: results files drawn as one image.

use super::{Error, Result};
use crate::bench::results::read;
use crate::plot::bench::{bench, Run};
use std::path::{Path, PathBuf};

/// Draw the results files `paths` into `out`, titled `title`.
pub fn draw(paths: &[PathBuf], out: &Path, title: &str) -> Result<()> {
    let runs = paths
        .iter()
        .map(|path| {
            read(path).map_err(|reason| Error::Usage(format!("{}: {reason}", path.display())))
        })
        .collect::<Result<Vec<Run>>>()?;
    bench(out, title, &runs)?;
    println!("Wrote {}", out.display());
    Ok(())
}
