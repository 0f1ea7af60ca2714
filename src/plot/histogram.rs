//! The value histogram: bars of counts, optionally the expected density over them.

use super::{legend, save, tick_label, Drawing, Error, FONT_FAMILY};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;

/// Image width in pixels.
pub const WIDTH: u32 = 1024;
/// Image height in pixels.
pub const HEIGHT: u32 = 768;

/// Points sampled across the x range for the density curve.
const CURVE_POINTS: usize = 400;
const BAR_FILL: RGBColor = RGBColor(100, 149, 237);
const BAR_EDGE: RGBColor = RGBColor(30, 60, 130);

/// One histogram to draw.
pub struct HistogramChart<'a> {
    /// Title line, e.g. "paulagiliTopic: 10000 values, mean 0.0012, variance 0.9987".
    pub title: &'a str,
    /// Left edge of the first bin.
    pub lo: f64,
    /// Width of every bin.
    pub bin_width: f64,
    /// Count of values in each bin.
    pub counts: &'a [u64],
    /// Optional expected density of the distribution (a pdf); drawn as a line scaled to
    /// counts: expected count at x = total * bin_width * pdf(x), total = sum of counts.
    pub density: Option<&'a dyn Fn(f64) -> f64>,
}

/// Validated numbers ready to draw.
struct Layout {
    x: (f64, f64),
    y_max: f64,
    bars: Vec<(f64, f64, f64)>,
    curve: Option<Vec<(f64, f64)>>,
}

/// Draw `chart` into `path` (.png or .svg, case-insensitive), WIDTH x HEIGHT pixels.
/// The file is replaced whole ([`crate::replace`]): a reader never sees a half-written
/// image.
pub fn histogram(path: &Path, chart: &HistogramChart) -> Result<(), Error> {
    let plan = plan(chart).map_err(|reason| Error::Draw {
        path: path.to_path_buf(),
        reason,
    })?;
    save(
        path,
        (WIDTH, HEIGHT),
        &Drawn {
            title: chart.title,
            plan,
        },
    )
}

/// A histogram ready to draw.
struct Drawn<'a> {
    title: &'a str,
    plan: Layout,
}

impl Drawing for Drawn<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        draw(root, self.title, &self.plan)
    }
}

fn plan(chart: &HistogramChart) -> Result<Layout, String> {
    let (lo, width) = (chart.lo, chart.bin_width);
    if !lo.is_finite() {
        return Err(format!("lo must be finite, got {lo:?}"));
    }
    if !width.is_finite() || width <= 0.0 {
        return Err(format!("bin_width must be finite and > 0, got {width:?}"));
    }
    let hi = if chart.counts.is_empty() {
        lo + 1.0
    } else {
        lo + width * chart.counts.len() as f64
    };
    if !hi.is_finite() || hi <= lo {
        return Err(format!("x range [{lo:?}, {hi:?}] is not a finite interval"));
    }

    let bars: Vec<_> = chart
        .counts
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let left = lo + width * i as f64;
            (left, left + width, c as f64)
        })
        .collect();
    let total: f64 = chart.counts.iter().map(|&c| c as f64).sum();
    let curve = chart
        .density
        .map(|pdf| expected_counts(pdf, (lo, hi), total * width))
        .transpose()?;

    let max_count = bars.iter().map(|b| b.2).fold(0.0, f64::max);
    let max_expected = curve.iter().flatten().map(|p| p.1).fold(0.0, f64::max);
    let y_max = (max_count.max(max_expected) * 1.1).max(1.0);
    Ok(Layout {
        x: (lo, hi),
        y_max,
        bars,
        curve,
    })
}

/// Sample `scale * pdf(x)` at CURVE_POINTS evenly spaced x from `lo` to `hi`.
fn expected_counts(
    pdf: &dyn Fn(f64) -> f64,
    (lo, hi): (f64, f64),
    scale: f64,
) -> Result<Vec<(f64, f64)>, String> {
    let step = (hi - lo) / (CURVE_POINTS - 1) as f64;
    (0..CURVE_POINTS)
        .map(|i| {
            let x = lo + step * i as f64;
            let y = scale * pdf(x);
            if y.is_finite() {
                // A pdf is never negative; clamping also keeps rounding noise (and
                // buggy pdfs) inside the y range, whose pixel mapping overflows far out.
                Ok((x, y.max(0.0)))
            } else {
                Err(format!("density is not finite at x = {x:?}"))
            }
        })
        .collect()
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    plan: &Layout,
) -> Result<(), String> {
    let reason = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    root.fill(&WHITE).map_err(reason)?;
    let mut chart = ChartBuilder::on(root)
        .caption(title, (FONT_FAMILY, 26))
        .margin(20)
        // Room for the last x tick label, which plotters clips at the area edge.
        .margin_right(50)
        .x_label_area_size(60)
        .y_label_area_size(90)
        .build_cartesian_2d(plan.x.0..plan.x.1, 0.0..plan.y_max)
        .map_err(reason)?;
    let x_label = |v: &f64| tick_label(*v, plan.x.1 - plan.x.0);
    let y_label = |v: &f64| tick_label(*v, plan.y_max);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_desc("value")
        .y_desc("count")
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .axis_desc_style((FONT_FAMILY, 22))
        .label_style((FONT_FAMILY, 16))
        .draw()
        .map_err(reason)?;

    let bars = chart
        .draw_series(plan.bars.iter().flat_map(|&(x0, x1, c)| {
            [
                Rectangle::new([(x0, 0.0), (x1, c)], BAR_FILL.mix(0.6).filled()),
                Rectangle::new([(x0, 0.0), (x1, c)], BAR_EDGE.stroke_width(1)),
            ]
        }))
        .map_err(reason)?;
    let Some(curve) = &plan.curve else {
        return Ok(());
    };
    bars.label("observed")
        .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 20, y + 6)], BAR_FILL.mix(0.6).filled()));
    chart
        .draw_series(LineSeries::new(curve.iter().copied(), RED.stroke_width(2)))
        .map_err(reason)?
        .label("expected density")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], RED.stroke_width(2)));
    legend(&mut chart, 18)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn normal_pdf(x: f64) -> f64 {
        (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt()
    }

    /// Counts of a standard normal sample of 10000 values in 40 bins over [-4, 4).
    fn normal_counts() -> Vec<u64> {
        (0..40)
            .map(|i| {
                let x = -4.0 + 0.2 * (f64::from(i) + 0.5);
                (10_000.0 * 0.2 * normal_pdf(x)).round() as u64
            })
            .collect()
    }

    fn chart<'a>(counts: &'a [u64], pdf: &'a dyn Fn(f64) -> f64) -> HistogramChart<'a> {
        HistogramChart {
            title: "paulagiliTopic: 10000 values, mean 0.0012, variance 0.9987",
            lo: -4.0,
            bin_width: 0.2,
            counts,
            density: Some(pdf),
        }
    }

    #[test]
    fn png_and_svg_have_the_right_size_and_title() {
        let dir = tempfile::tempdir().unwrap();
        let counts = normal_counts();
        let chart = chart(&counts, &normal_pdf);

        let png = dir.path().join("hist.PNG");
        histogram(&png, &chart).unwrap();
        let bytes = fs::read(&png).unwrap();
        assert!(bytes.len() > 24);
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&bytes[12..16], b"IHDR");
        let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
        assert_eq!((be(16), be(20)), (WIDTH, HEIGHT));

        let svg = dir.path().join("hist.svg");
        histogram(&svg, &chart).unwrap();
        let text = fs::read_to_string(&svg).unwrap();
        let root = &text[text.find("<svg").unwrap()..];
        let root = &root[..root.find('>').unwrap()];
        assert!(root.contains(r#"width="1024""#), "{root}");
        assert!(root.contains(r#"height="768""#), "{root}");
        assert!(text.contains(chart.title));
        assert!(text.contains("expected density"));

        // Only the two images remain: the temporary files were renamed away.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    fn plain<'a>(title: &'a str, lo: f64, bin_width: f64, counts: &'a [u64]) -> HistogramChart<'a> {
        HistogramChart {
            title,
            lo,
            bin_width,
            counts,
            density: None,
        }
    }

    #[test]
    fn edge_cases_draw_without_panicking() {
        let dir = tempfile::tempdir().unwrap();
        let negative = |x: f64| -x.abs();
        let cases = [
            plain("empty.svg", 0.0, 1.0, &[]),
            HistogramChart {
                density: Some(&normal_pdf),
                ..plain("zeros.png", 0.0, 1.0, &[0, 0, 0])
            },
            plain("tiny_bins.png", 0.0, 1e-300, &[1, 2, 3]),
            plain("far_from_zero.png", 1e15, 0.1, &[1, 2]),
            plain("huge_counts.svg", -1e6, 1e-3, &[u64::MAX, 0, 5]),
            HistogramChart {
                density: Some(&negative),
                ..plain("negative_pdf.png", -2.0, 1.0, &[1, 2, 3, 4])
            },
        ];
        for chart in &cases {
            histogram(&dir.path().join(chart.title), chart).unwrap();
        }
    }

    #[test]
    fn unknown_extension_is_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let counts = normal_counts();
        let path = dir.path().join("hist.jpg");
        let err = histogram(&path, &chart(&counts, &normal_pdf)).unwrap_err();
        assert!(matches!(err, Error::UnknownFormat { .. }), "{err}");
        let err = histogram(&dir.path().join("hist"), &chart(&counts, &normal_pdf));
        assert!(matches!(err, Err(Error::UnknownFormat { .. })));
        assert!(!path.exists());
    }

    #[test]
    fn bad_numbers_are_draw_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hist.png");
        let counts = normal_counts();
        let infinite = |_: f64| f64::INFINITY;
        let cases = [
            HistogramChart {
                bin_width: 0.0,
                ..chart(&counts, &normal_pdf)
            },
            HistogramChart {
                bin_width: f64::NAN,
                ..chart(&counts, &normal_pdf)
            },
            HistogramChart {
                lo: f64::INFINITY,
                ..chart(&counts, &normal_pdf)
            },
            chart(&counts, &infinite),
        ];
        for case in &cases {
            let err = histogram(&path, case).unwrap_err();
            assert!(matches!(err, Error::Draw { .. }), "{err}");
        }
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
