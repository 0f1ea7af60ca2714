//! The charts of load experiments, one panel under the other: throughput over time of
//! each run, its latency percentiles, and with several runs the throughput against the
//! latency curve (each run a point).

use super::{legend, save, tick_label, Chart, Drawing, Error, FONT_FAMILY};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;

/// Image width in pixels.
pub const WIDTH: u32 = 1200;
/// Height of each panel in pixels: two panels for one run, three for several.
pub const PANEL_HEIGHT: u32 = 420;

/// The percentiles drawn, and their names.
const PERCENTILES: [&str; 4] = ["p50", "p95", "p99", "p99.9"];

/// One run to draw (a results file of `bench produce` or `bench e2e`).
#[derive(Debug, Clone)]
pub struct Run {
    pub label: String,
    /// (seconds from the start, records per second) of each interval.
    pub throughput: Vec<(f64, f64)>,
    /// The run's records per second.
    pub rate: f64,
    /// Latency in ms at each of [`PERCENTILES`].
    pub latency: [f64; 4],
}

/// Draw `runs` into `path` (.png or .svg).
pub fn bench(path: &Path, title: &str, runs: &[Run]) -> Result<(), Error> {
    let panels = if runs.len() > 1 { 3 } else { 2 };
    save(
        path,
        (WIDTH, PANEL_HEIGHT * panels),
        &Charts { title, runs },
    )
}

struct Charts<'a> {
    title: &'a str,
    runs: &'a [Run],
}

impl Drawing for Charts<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let reason = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
        root.fill(&WHITE).map_err(reason)?;
        let root = root.titled(self.title, (FONT_FAMILY, 26)).map_err(reason)?;
        let panels = root.split_evenly((if self.runs.len() > 1 { 3 } else { 2 }, 1));
        throughput(&panels[0], self.runs)?;
        percentiles(&panels[1], self.runs)?;
        if self.runs.len() > 1 {
            curve(&panels[2], self.runs)?;
        }
        Ok(())
    }
}

fn color(i: usize) -> PaletteColor<Palette99> {
    Palette99::pick(i)
}

/// The top of an axis holding `max`, with room above for the legend.
fn top(max: f64) -> f64 {
    if max.is_finite() && max > 0.0 {
        max * 1.45
    } else {
        1.0
    }
}

/// A panel's x axis: its range, its name and how its ticks read.
struct XAxis<'a> {
    range: (f64, f64),
    desc: &'a str,
    label: &'a dyn Fn(&f64) -> String,
}

/// A panel's chart with its mesh: x along `x`, y from 0 to `y_max`.
fn panel<'a, DB: DrawingBackend + 'a>(
    area: &'a DrawingArea<DB, Shift>,
    caption: &str,
    x: XAxis,
    (y_max, y_desc): (f64, &str),
) -> Result<Chart<'a, DB>, String> {
    let reason = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let mut chart = ChartBuilder::on(area)
        .caption(caption, (FONT_FAMILY, 20))
        .margin(15)
        .margin_right(40)
        .x_label_area_size(45)
        .y_label_area_size(100)
        .build_cartesian_2d(x.range.0..x.range.1, 0.0..y_max)
        .map_err(reason)?;
    let y_label = |v: &f64| tick_label(*v, y_max);
    chart
        .configure_mesh()
        .x_desc(x.desc)
        .y_desc(y_desc)
        .x_label_formatter(x.label)
        .y_label_formatter(&y_label)
        .label_style((FONT_FAMILY, 14))
        .axis_desc_style((FONT_FAMILY, 16))
        .draw()
        .map_err(reason)?;
    Ok(chart)
}

/// A line through `points` with a dot on each (a lone point shows), in the `i`th
/// color, named `label` in the legend.
fn series<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    points: &[(f64, f64)],
    i: usize,
    label: &str,
) -> Result<(), String> {
    chart
        .draw_series(LineSeries::new(
            points.iter().copied(),
            color(i).stroke_width(2),
        ))
        .map_err(|e| e.to_string())?
        .label(label)
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], color(i).stroke_width(2)));
    chart
        .draw_series(points.iter().map(|p| Circle::new(*p, 4, color(i).filled())))
        .map_err(|e| e.to_string())?;
    Ok(())
}

fn throughput<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    runs: &[Run],
) -> Result<(), String> {
    let points = || runs.iter().flat_map(|r| r.throughput.iter());
    let x_max = top(points().map(|p| p.0).fold(0.0, f64::max));
    let y_max = top(points().map(|p| p.1).fold(0.0, f64::max));
    let x_label = |v: &f64| tick_label(*v, x_max);
    let x = XAxis {
        range: (0.0, x_max),
        desc: "seconds",
        label: &x_label,
    };
    let mut chart = panel(area, "throughput over time", x, (y_max, "records/s"))?;
    for (i, run) in runs.iter().enumerate() {
        series(&mut chart, &run.throughput, i, &run.label)?;
    }
    legend(&mut chart, 14)
}

fn percentiles<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    runs: &[Run],
) -> Result<(), String> {
    let y_max = top(runs.iter().flat_map(|r| r.latency).fold(0.0, f64::max));
    let x_label = |v: &f64| {
        let i = v.round();
        match (v - i).abs() < 1e-9 && (0.0..4.0).contains(&i) {
            true => PERCENTILES[i as usize].to_string(),
            false => String::new(),
        }
    };
    let x = XAxis {
        range: (-0.5, 3.5),
        desc: "percentile",
        label: &x_label,
    };
    let mut chart = panel(area, "latency percentiles", x, (y_max, "ms"))?;
    for (i, run) in runs.iter().enumerate() {
        let points: Vec<_> = (0..4).map(|k| (k as f64, run.latency[k])).collect();
        series(&mut chart, &points, i, &run.label)?;
    }
    legend(&mut chart, 14)
}

/// Throughput against latency: each run a point at its rate, a line per percentile.
fn curve<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, runs: &[Run]) -> Result<(), String> {
    let mut sorted: Vec<&Run> = runs.iter().collect();
    sorted.sort_by(|a, b| a.rate.total_cmp(&b.rate));
    let x_max = top(sorted.iter().map(|r| r.rate).fold(0.0, f64::max));
    let y_max = top(sorted.iter().flat_map(|r| r.latency).fold(0.0, f64::max));
    let x_label = |v: &f64| tick_label(*v, x_max);
    let x = XAxis {
        range: (0.0, x_max),
        desc: "records/s",
        label: &x_label,
    };
    let mut chart = panel(area, "throughput against latency", x, (y_max, "ms"))?;
    for (k, name) in PERCENTILES.iter().enumerate() {
        let points: Vec<_> = sorted.iter().map(|r| (r.rate, r.latency[k])).collect();
        series(&mut chart, &points, k, name)?;
    }
    chart
        .draw_series(sorted.iter().map(|r| {
            Text::new(
                r.label.clone(),
                (r.rate, r.latency[3]),
                (FONT_FAMILY, 13).into_font(),
            )
        }))
        .map_err(|e| e.to_string())?;
    legend(&mut chart, 14)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(label: &str, rate: f64) -> Run {
        Run {
            label: label.into(),
            throughput: vec![(0.5, rate * 0.9), (1.0, rate), (1.5, rate * 1.05)],
            rate,
            latency: [1.0, 2.5, 4.0, 9.0],
        }
    }

    /// PNG width and height from its header.
    fn png_size(path: &Path) -> (u32, u32) {
        let bytes = std::fs::read(path).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
        (be(16), be(20))
    }

    #[test]
    fn one_run_has_two_panels_several_have_three() {
        let dir = tempfile::tempdir().unwrap();
        let one = dir.path().join("one.png");
        bench(&one, "one", &[run("a", 1000.0)]).unwrap();
        assert_eq!(png_size(&one), (WIDTH, 2 * PANEL_HEIGHT));
        let three = dir.path().join("three.png");
        let runs = [
            run("10k", 10_000.0),
            run("max", 300_000.0),
            run("50k", 50_000.0),
        ];
        bench(&three, "three", &runs).unwrap();
        assert_eq!(png_size(&three), (WIDTH, 3 * PANEL_HEIGHT));
        let svg = dir.path().join("three.svg");
        bench(&svg, "sweep title", &runs).unwrap();
        let text = std::fs::read_to_string(&svg).unwrap();
        for expected in ["sweep title", "throughput against latency", "p99.9", "max"] {
            assert!(text.contains(expected), "{expected}");
        }
    }

    #[test]
    fn empty_and_zero_runs_still_draw() {
        let dir = tempfile::tempdir().unwrap();
        let empty = Run {
            label: "empty".into(),
            throughput: vec![],
            rate: 0.0,
            latency: [0.0; 4],
        };
        bench(&dir.path().join("e.png"), "e", &[empty.clone(), empty]).unwrap();
    }
}
