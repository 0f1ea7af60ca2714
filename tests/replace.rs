//! A file replaced with `kafka_lab::replace` (the daemon's checkpoint, the histogram
//! images) survives a kill between writing the new one and renaming it into place:
//! the old file is still there, whole.

mod common;

use common::*;
use std::path::Path;
use std::time::Duration;

const CHILD: &str = "KAFKA_LAB_TEST_REPLACE_CHILD";

/// The test runs itself again (`CHILD` names the file): that process writes a new
/// version, says so, and waits to be killed before it can rename it.
#[test]
fn a_kill_between_write_and_rename_leaves_the_old_file_whole() {
    if let Some(path) = std::env::var_os(CHILD) {
        return write_and_hang(Path::new(&path));
    }
    let (_dir, dir) = temp_dir();
    let path = dir.join("checkpoint.json");
    kafka_lab::replace::replace(&path, |tmp| std::fs::write(tmp, r#"{"version": 1}"#)).unwrap();

    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "a_kill_between_write_and_rename_leaves_the_old_file_whole",
        ])
        .env(CHILD, &path)
        .spawn()
        .unwrap();
    let written = dir.join("written");
    eventually(
        "the new version is written",
        Duration::from_secs(30),
        || written.exists().then_some(()),
    );
    child.kill().unwrap();
    child.wait().unwrap();

    let text = std::fs::read_to_string(&path).unwrap();
    let old: serde_json::Value = serde_json::from_str(&text).expect("whole JSON");
    assert_eq!(old["version"], 1);
    // The killed process's temporary file is in the way of nothing.
    kafka_lab::replace::replace(&path, |tmp| std::fs::write(tmp, r#"{"version": 3}"#)).unwrap();
    let new: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(new["version"], 3);
}

fn write_and_hang(path: &Path) {
    let _ = kafka_lab::replace::replace(path, |tmp| {
        std::fs::write(tmp, r#"{"version": 2}"#)?;
        std::fs::write(path.with_file_name("written"), "")?;
        std::thread::sleep(Duration::from_secs(60));
        Ok::<_, std::io::Error>(())
    });
}

/// The folder of a file replaced for the first time is created (a snapshot path in a
/// folder nothing else made).
#[test]
fn the_first_replace_creates_the_folder() {
    let (_dir, dir) = temp_dir();
    let path = dir.join("new/folder/histogram.svg");
    kafka_lab::replace::replace(&path, |tmp| std::fs::write(tmp, "<svg/>")).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "<svg/>");
}
