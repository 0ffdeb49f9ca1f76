//! Which local files a page may read: its `src=` scripts, module imports,
//! iframes, workers, `fetch()` and `XMLHttpRequest` of `file:` URLs.
//!
//! A page read from a local file may read regular files inside its own
//! directory tree (and `--root`'s), as a server rooted there would serve
//! them; a path is checked after symlinks are resolved, so neither `../`
//! nor a link leads out. Devices, FIFOs and directories are refused (a
//! read of `/dev/zero` would never end), and so is a file larger than
//! [`MAX_FILE`]. A refusal names the path and never its content. A page
//! from the network reads no local file, as in a browser. Outside a page
//! (the Python library's own documents) nothing is confined: Python code
//! can read any file anyway.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The largest local file a page may read.
pub const MAX_FILE: u64 = 256 << 20;

/// The local files a page may read.
#[derive(Clone, Debug, Default)]
pub enum FileScope {
    /// Any regular file (no page: the library's own use).
    #[default]
    Unconfined,
    /// Regular files under these directories (canonical paths); none: no
    /// local file at all.
    Within(Arc<[PathBuf]>),
}

impl FileScope {
    /// The files under `dirs` (a directory that does not exist adds
    /// nothing).
    pub fn within(dirs: impl IntoIterator<Item = PathBuf>) -> FileScope {
        let roots: Vec<PathBuf> = dirs
            .into_iter()
            .filter_map(|d| d.canonicalize().ok())
            .collect();
        FileScope::Within(roots.into())
    }

    /// The directories the page may read (none when unconfined).
    #[must_use]
    pub fn roots(&self) -> &[PathBuf] {
        match self {
            FileScope::Unconfined => &[],
            FileScope::Within(roots) => roots,
        }
    }

    /// The file `path` names, if the page may read it: its canonical path.
    ///
    /// # Errors
    /// A message naming `path` when it is outside the scope, no regular
    /// file, too large, or missing.
    pub fn check(&self, path: &Path) -> Result<PathBuf, String> {
        let shown = path.display();
        let real = path.canonicalize().map_err(|e| format!("{shown}: {e}"))?;
        if let FileScope::Within(roots) = self
            && !roots.iter().any(|r| real.starts_with(r))
        {
            return Err(format!(
                "{shown}: blocked: outside the directory the page may read"
            ));
        }
        let meta = std::fs::metadata(&real).map_err(|e| format!("{shown}: {e}"))?;
        if !meta.is_file() {
            return Err(format!("{shown}: not a regular file"));
        }
        if meta.len() > MAX_FILE {
            return Err(format!("{shown}: larger than {MAX_FILE} bytes"));
        }
        Ok(real)
    }

    /// The bytes of the file `path` names, if the page may read it.
    ///
    /// # Errors
    /// As [`FileScope::check`], or the read's error.
    pub fn read(&self, path: &Path) -> Result<Vec<u8>, String> {
        let real = self.check(path)?;
        let file = std::fs::File::open(&real).map_err(|e| format!("{}: {e}", path.display()))?;
        // (Bounded even if the file grows after the check.)
        let mut body = Vec::new();
        file.take(MAX_FILE + 1)
            .read_to_end(&mut body)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if body.len() as u64 > MAX_FILE {
            return Err(format!("{}: larger than {MAX_FILE} bytes", path.display()));
        }
        Ok(body)
    }
}
