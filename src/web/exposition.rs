//! Reading the Prometheus text `/metrics` renders: the one source of the live page's
//! snapshot and history. Lines become [`Sample`]s; histograms become cumulative
//! buckets, and quantiles are read from them as Prometheus' `histogram_quantile` does.

use std::collections::BTreeMap;

/// One line of the Prometheus text format.
#[derive(Debug)]
pub(super) struct Sample<'a> {
    pub name: &'a str,
    pub labels: BTreeMap<&'a str, &'a str>,
    pub value: f64,
}

/// The samples of `exposition` for `topic` (and those without a topic label).
pub(super) fn of_topic<'a>(exposition: &'a str, topic: &str) -> Vec<Sample<'a>> {
    exposition
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(parse)
        .filter(|s| s.labels.get("topic").is_none_or(|t| *t == topic))
        .collect()
}

/// The sum of `name` over its series (partitions, kinds), 0 without any.
pub(super) fn sum(samples: &[Sample], name: &str) -> f64 {
    samples
        .iter()
        .filter(|s| s.name == name)
        .map(|s| s.value)
        .sum()
}

/// `name{label="value",...} value`; `None` for anything else.
fn parse(line: &str) -> Option<Sample<'_>> {
    let (series, value) = line.trim().rsplit_once(' ')?;
    let value = match value {
        "+Inf" => f64::INFINITY,
        "-Inf" => f64::NEG_INFINITY,
        v => v.parse().ok()?,
    };
    let (name, labels) = match series.split_once('{') {
        Some((name, rest)) => (name, rest.strip_suffix('}')?),
        None => (series, ""),
    };
    // Our label values (topic names, kinds, numbers) hold no quotes or commas.
    let labels = labels
        .split(',')
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (k, v) = l.split_once('=')?;
            Some((k, v.strip_prefix('"')?.strip_suffix('"')?))
        })
        .collect::<Option<_>>()?;
    Some(Sample {
        name,
        labels,
        value,
    })
}

/// The cumulative buckets of histogram `name`: (upper bound, count), ascending.
pub(super) fn buckets(samples: &[Sample], name: &str) -> Vec<(f64, f64)> {
    let bucket = format!("{name}_bucket");
    let mut buckets: Vec<(f64, f64)> = samples
        .iter()
        .filter(|s| s.name == bucket)
        .filter_map(|s| {
            let le = match *s.labels.get("le")? {
                "+Inf" => f64::INFINITY,
                le => le.parse().ok()?,
            };
            Some((le, s.value))
        })
        .collect();
    buckets.sort_by(|a, b| a.0.total_cmp(&b.0));
    buckets
}

/// The `q` quantile of cumulative buckets, interpolated linearly inside its bucket as
/// Prometheus' `histogram_quantile` does (the lowest bucket starts at 0; a quantile in
/// the +Inf bucket is the highest finite bound). `None` without observations.
pub(super) fn quantile(q: f64, cumulative: &[(f64, f64)]) -> Option<f64> {
    let total = cumulative.last()?.1;
    if total <= 0.0 {
        return None;
    }
    let rank = q * total;
    let i = cumulative.iter().position(|&(_, c)| c >= rank)?;
    let (hi, count) = cumulative[i];
    let (lo, below) = match i {
        0 => (0.0, 0.0),
        _ => cumulative[i - 1],
    };
    if hi.is_infinite() {
        return Some(lo);
    }
    Some(lo + (hi - lo) * (rank - below) / (count - below))
}

/// Cumulative buckets of the observations between two readings (`before` may lack
/// buckets `now` has: a histogram's first observation came in between).
pub(super) fn difference(now: &[(f64, f64)], before: &[(f64, f64)]) -> Vec<(f64, f64)> {
    now.iter()
        .map(|&(le, count)| {
            let earlier = before
                .iter()
                .find(|(b, _)| *b == le)
                .map_or(0.0, |(_, c)| *c);
            (le, (count - earlier).max(0.0))
        })
        .collect()
}
