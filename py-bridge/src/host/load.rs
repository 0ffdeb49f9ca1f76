//! `ecsdom.load_page`: the page host from Python. A Python program (a
//! test, say) runs a page as `ecsdom run` does (its JS and Python scripts
//! on one document, the load events, timers until none is left) and gets
//! the document to inspect.

use std::path::PathBuf;
use std::time::Duration;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

use super::run::{DEFAULT_MEMORY_LIMIT_MB, RunOptions, run_page};
use crate::embed::seconds_from_python;
use crate::error::OrRaise;
use crate::node::PyDocument;

/// `load_page(path, *, eval_js=(), eval_py=(), real_time=False,
/// time_budget=30.0, script_timeout=10.0, strict=False, url=None,
/// user_data_dir=None, memory_limit=4096)`: run the page at `path` and
/// return its `Document`; `url` is the document's URL (`ecsdom run
/// --url`; a `TypeError` when it does not parse); `localStorage` is kept
/// in `user_data_dir` between runs (`ecsdom run --user-data-dir`);
/// `memory_limit` is `ecsdom run --memory-limit` in megabytes (0 or
/// `None`: none), counted as what the process grows by during the page,
/// and the JS heap's limit.
///
/// Scripts run as in a browser: an error in one is reported (on stderr,
/// as the `ecsdom` binary reports it) and the page goes on; with
/// `strict=True` a page where anything failed raises `RuntimeError` once
/// it is done. Timers run in page time (no waiting) unless `real_time`.
/// The page's console output goes to the process's stdout and stderr.
#[pyfunction]
#[pyo3(signature = (path, *, eval_js = Vec::new(), eval_py = Vec::new(), real_time = false, time_budget = 30.0, script_timeout = 10.0, strict = false, url = None, user_data_dir = None, memory_limit = Some(DEFAULT_MEMORY_LIMIT_MB)))]
#[expect(
    clippy::too_many_arguments,
    reason = "keyword arguments of one Python function, as `ecsdom run` takes them"
)]
pub fn load_page(
    py: Python<'_>,
    path: PathBuf,
    eval_js: Vec<String>,
    eval_py: Vec<String>,
    real_time: bool,
    time_budget: f64,
    script_timeout: f64,
    strict: bool,
    url: Option<&str>,
    user_data_dir: Option<PathBuf>,
    memory_limit: Option<u64>,
) -> PyResult<Py<PyDocument>> {
    let url = match url {
        Some(u) => Some(
            dom_ecs::UrlObject::new(u, None)
                .and_then(|u| u.href())
                .or_raise(py)?,
        ),
        None => None,
    };
    let opts = RunOptions {
        page: path,
        eval_js,
        eval_py,
        real_time,
        time_budget: seconds_from_python("time_budget", time_budget)?,
        script_timeout: seconds_from_python("script_timeout", script_timeout)?
            .max(Duration::from_millis(1)),
        in_python: true,
        url,
        user_data_dir,
        memory_limit: memory_limit.unwrap_or(0).saturating_mul(1 << 20),
        ..RunOptions::default()
    };
    let page = run_page(&opts).map_err(PyRuntimeError::new_err)?;
    if strict && page.failures > 0 {
        return Err(PyRuntimeError::new_err(format!(
            "{} of the page's scripts failed (reported on stderr)",
            page.failures
        )));
    }
    crate::document::document_object(py, page.shared)
}
