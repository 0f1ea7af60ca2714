//! Charts drawn with plotters, PNG or SVG by file extension: the value histogram
//! ([`histogram`]) and the charts of load experiments ([`bench`]).
//!
//! Text is drawn with DejaVu Sans, bundled from `assets/fonts/` and registered with
//! plotters' `ab_glyph` font table under the family name `"sans-serif"` (the family
//! plotters uses for its default labels), so no system font library is needed.
//!
//! Every image is written whole ([`crate::replace`]): a reader never sees a half-written
//! one.

pub mod bench;
mod histogram;

pub use histogram::{histogram, HistogramChart, HEIGHT, WIDTH};

use crate::replace::{replace, Failure};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Family name the bundled font is registered under; plotters' defaults use it too.
const FONT_FAMILY: &str = "sans-serif";
const FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Why a chart could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file extension is neither `.png` nor `.svg`.
    #[error("{path}: unknown image format, use .png or .svg")]
    UnknownFormat {
        /// The requested output file.
        path: PathBuf,
    },
    /// The chart data is unusable or plotters failed to draw or encode it.
    #[error("cannot draw {path}: {reason}")]
    Draw {
        /// The requested output file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// Writing or renaming the image file failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file being written.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
}

#[derive(Clone, Copy)]
enum Format {
    Png,
    Svg,
}

/// A chart that draws itself on any plotters backend.
trait Drawing {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String>;
}

/// Draw `drawing` into `path` (.png or .svg, case-insensitive), `size` pixels, replacing
/// the file whole.
fn save(path: &Path, size: (u32, u32), drawing: &impl Drawing) -> Result<(), Error> {
    let format = format_of(path)?;
    let draw_error = |reason: String| Error::Draw {
        path: path.to_path_buf(),
        reason,
    };
    register_bundled_font().map_err(draw_error)?;
    replace(path, |tmp| match format {
        Format::Png => {
            let root = BitMapBackend::new(tmp, size).into_drawing_area();
            drawing.draw(&root)?;
            // Save explicitly: saving on drop would swallow encoder errors.
            root.present().map_err(|e| e.to_string())
        }
        Format::Svg => {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
                drawing.draw(&root)?;
                root.present().map_err(|e| e.to_string())?;
            }
            fs::write(tmp, svg).map_err(|e| e.to_string())
        }
    })
    .map_err(|e| match e {
        Failure::Write(reason) => draw_error(reason),
        Failure::Io(source) => Error::Io {
            path: path.to_path_buf(),
            source,
        },
    })
}

fn format_of(path: &Path) -> Result<Format, Error> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if ext.eq_ignore_ascii_case("png") {
        Ok(Format::Png)
    } else if ext.eq_ignore_ascii_case("svg") {
        Ok(Format::Svg)
    } else {
        Err(Error::UnknownFormat {
            path: path.to_path_buf(),
        })
    }
}

/// A chart with numbers on both axes.
type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The chart's series labels, top right, in `size`-point text.
fn legend<'a, DB: DrawingBackend + 'a>(chart: &mut Chart<'a, DB>, size: u32) -> Result<(), String> {
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .label_font((FONT_FAMILY, size))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .map_err(|e| e.to_string())
}

/// Register DejaVu Sans once per process; later calls return the first outcome.
fn register_bundled_font() -> Result<(), String> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            register_font(FONT_FAMILY, FontStyle::Normal, FONT_BYTES)
                .map_err(|_| "the bundled font DejaVuSans.ttf is invalid".to_string())
        })
        .clone()
}

/// Tick label with enough decimals for ticks about `span / 10` apart (plotters' default
/// label count), trailing zeros cut: "-4", "0.5", "1000.01".
fn tick_label(value: f64, span: f64) -> String {
    let decimals = (1.0 - (span / 10.0).log10().floor()).clamp(0.0, 12.0) as usize;
    let text = format!("{value:.decimals$}");
    let trimmed = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    if trimmed == "-0" { "0" } else { trimmed }.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_labels_are_short_and_exact() {
        assert_eq!(tick_label(-4.0, 8.0), "-4");
        assert_eq!(tick_label(0.5, 8.0), "0.5");
        assert_eq!(tick_label(-1e-17, 8.0), "0");
        assert_eq!(tick_label(800.0, 880.0), "800");
        assert_eq!(tick_label(1000.0799999, 0.08), "1000.08");
        assert_eq!(tick_label(0.30000000000000004, 1.1), "0.3");
    }
}
