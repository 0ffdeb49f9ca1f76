//! Locating the conformance data for the data-driven tests.

use std::path::PathBuf;

/// The conformance folder `sub`: under `$ECSDOM_CONFORMANCE` if set, else
/// the copy vendored in the repository (`conformance/`). A missing suite
/// is a failure, never a skip.
pub fn conformance_dir(sub: &str) -> PathBuf {
    let base = std::env::var_os("ECSDOM_CONFORMANCE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../conformance"));
    let dir = base.join(sub);
    assert!(
        dir.is_dir(),
        "conformance suite missing: {} (vendored in the repository's conformance/)",
        dir.display()
    );
    dir
}
