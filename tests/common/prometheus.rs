//! A real Prometheus for the tests (Debian's package): started on a free port with a
//! config of the test's, asked through its HTTP API, killed on drop.

use super::{eventually, free_port, http_get, temp_dir};
use serde_json::Value;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Percent-encoding of a query parameter: every byte but the unreserved ones.
pub fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A Prometheus on a free port with its own storage, killed on drop.
pub struct Prometheus {
    child: Child,
    addr: String,
    log: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl Prometheus {
    pub fn start(binary: &str, config: &str) -> Self {
        let (dir, path) = temp_dir();
        let config_path = path.join("prometheus.yml");
        std::fs::write(&config_path, config).expect("write prometheus.yml");
        let log = path.join("prometheus.log");
        let addr = format!("127.0.0.1:{}", free_port());
        let child = Command::new(binary)
            .arg(format!("--config.file={}", config_path.display()))
            .arg(format!(
                "--storage.tsdb.path={}",
                path.join("data").display()
            ))
            .arg(format!("--web.listen-address={addr}"))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("prometheus.log"))
            .spawn()
            .unwrap_or_else(|e| panic!("{binary} starts: {e}"));
        let mut prometheus = Self {
            child,
            addr,
            log,
            _dir: dir,
        };
        eventually("Prometheus is ready", Duration::from_secs(60), || {
            if let Ok(Some(status)) = prometheus.child.try_wait() {
                panic!("Prometheus exited ({status}):\n{}", prometheus.log());
            }
            http_get(&prometheus.addr, "/-/ready").filter(|(status, _)| *status == 200)
        });
        prometheus
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The `data` of a successful API answer, or the API's error.
    pub fn api(&self, path: &str) -> Result<Value, String> {
        let (status, body) =
            http_get(&self.addr, path).ok_or_else(|| format!("no answer to {path}"))?;
        let answer: Value =
            serde_json::from_str(&body).map_err(|e| format!("{status}: {e}: {body}"))?;
        if answer["status"] != "success" {
            return Err(format!(
                "{status}: {}: {}",
                answer["errorType"], answer["error"]
            ));
        }
        Ok(answer["data"].clone())
    }

    /// The number of series an instant query returns now.
    pub fn series(&self, expr: &str) -> Result<usize, String> {
        let data = self.api(&format!("/api/v1/query?query={}", url_encode(expr)))?;
        Ok(match data["resultType"].as_str() {
            Some("scalar") | Some("string") => 1,
            _ => data["result"].as_array().map_or(0, Vec::len),
        })
    }

    /// Each scrape target's URL, health and last error, for a failure message.
    pub fn scrape_health(&self) -> String {
        let data = match self.api("/api/v1/targets") {
            Ok(data) => data,
            Err(e) => return e,
        };
        data["activeTargets"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|t| format!("{} {} {}", t["scrapeUrl"], t["health"], t["lastError"]))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The values of `label` on the series `selector` matches (all series without one).
    pub fn label_values(&self, label: &str, selector: Option<&str>) -> Result<Vec<String>, String> {
        let mut path = format!("/api/v1/label/{}/values", url_encode(label));
        if let Some(selector) = selector {
            path += &format!("?match[]={}", url_encode(selector));
        }
        let data = self.api(&path)?;
        Ok(data
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect())
    }
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
