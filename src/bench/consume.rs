//! `kafka-consumer-perf-test`'s output (`ConsumerPerformance`): its CSV header and
//! row, so scripts written for Kafka's tool parse `bench consume`'s.

use super::perf::MB;
use chrono::{DateTime, Local};

/// `kafka-consumer-perf-test`'s header.
pub const CONSUME_HEADER: &str = "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec";

/// A consumer run: when it started and ended, what it read.
#[derive(Debug, Clone)]
pub struct ConsumeTotals {
    pub start: DateTime<Local>,
    pub end: DateTime<Local>,
    pub records: u64,
    /// Key and value bytes of the records.
    pub bytes: u64,
}

impl ConsumeTotals {
    /// `kafka-consumer-perf-test`'s row. There is no consumer group to join, so
    /// `rebalance.time.ms` is 0 and the fetch figures are the whole run's.
    pub fn row(&self) -> String {
        let format = "%Y-%m-%d %H:%M:%S:%3f";
        let ms = (self.end - self.start).num_milliseconds().max(1);
        let seconds = ms as f64 / 1000.0;
        let mb = self.bytes as f64 / MB;
        let (mb_per_sec, per_sec) = (mb / seconds, self.records as f64 / seconds);
        format!(
            "{}, {}, {mb:.4}, {mb_per_sec:.4}, {}, {per_sec:.4}, 0, {ms}, {mb_per_sec:.4}, {per_sec:.4}",
            self.start.format(format),
            self.end.format(format),
            self.records,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_consumer_row_has_the_headers_columns() {
        let start = Local::now();
        let totals = ConsumeTotals {
            start,
            end: start + chrono::Duration::milliseconds(2000),
            records: 1000,
            bytes: 2 * 1024 * 1024,
        };
        let row = totals.row();
        let cells: Vec<&str> = row.split(", ").collect();
        assert_eq!(cells.len(), CONSUME_HEADER.split(", ").count(), "{row}");
        assert_eq!(
            cells[2..],
            ["2.0000", "1.0000", "1000", "500.0000", "0", "2000", "1.0000", "500.0000"]
        );
    }
}
