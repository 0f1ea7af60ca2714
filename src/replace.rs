//! Files replaced whole: written under a temporary name next to the target, flushed to
//! disk, renamed over it, and the folder flushed, so a crash, a kill or a power cut at
//! any point leaves the old file or the new one, never half of one. The daemon's
//! checkpoint and the histogram images are written this way.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Why a file was not replaced; the old one, if any, is still there.
#[derive(Debug)]
pub enum Failure<E> {
    /// `write` failed.
    Write(E),
    /// Flushing or renaming failed.
    Io(std::io::Error),
}

/// Replace `path` with `contents`, creating its folder first if need be.
pub fn write(path: &Path, contents: impl AsRef<[u8]>) -> std::io::Result<()> {
    replace(path, |tmp| fs::write(tmp, contents)).map_err(|e| match e {
        Failure::Write(e) | Failure::Io(e) => e,
    })
}

/// Replace `path` with what `write` writes into the temporary file it is given,
/// creating its folder first if need be.
pub fn replace<E>(
    path: &Path,
    write: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<(), Failure<E>> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    if let Some(dir) = dir {
        fs::create_dir_all(dir).map_err(Failure::Io)?;
    }
    let tmp = temp_path(path);
    let result = write(&tmp).map_err(Failure::Write).and_then(|()| {
        let settle = || -> std::io::Result<()> {
            File::open(&tmp)?.sync_all()?;
            fs::rename(&tmp, path)?;
            File::open(dir.unwrap_or(Path::new(".")))?.sync_all()
        };
        settle().map_err(Failure::Io)
    });
    if result.is_err() {
        // Best effort: the temporary file may not even exist.
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// A unique name next to `path` that keeps its extension (the PNG encoder picks the
/// format from it), e.g. `.chart.png.1234-0.tmp.png` for `chart.png`.
fn temp_path(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let ext = path.extension().unwrap_or_default().to_string_lossy();
    path.with_file_name(format!(".{name}.{}-{n}.tmp.{ext}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        replace(&path, |tmp| fs::write(tmp, "old")).unwrap();
        let failed = replace(&path, |tmp| {
            fs::write(tmp, "half of the n")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(matches!(failed, Err(Failure::Write(_))));
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file"
        );
        replace(&path, |tmp| fs::write(tmp, "new")).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
    }
}
