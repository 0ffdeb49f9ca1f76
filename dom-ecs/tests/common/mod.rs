//! Locating the shared conformance data for the data-driven tests.

use std::path::PathBuf;

/// The conformance folder: `$ECSDOM_CONFORMANCE`, else `../shared/conformance`
/// beside the repository. `None` (after a loud message) when it is missing
/// outside CI; a panic when it is missing under `CI=true`.
pub fn conformance_dir(sub: &str) -> Option<PathBuf> {
    let base = std::env::var_os("ECSDOM_CONFORMANCE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance")
        });
    let dir = base.join(sub);
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("conformance suite missing under CI: {}", dir.display());
    }
    eprintln!(
        "\n!!! SKIPPED: conformance suite not found at {} (set ECSDOM_CONFORMANCE) !!!\n",
        dir.display()
    );
    None
}
