//! Link arguments for binaries and tests that embed the interpreter: an
//! rpath to the LIBDIR of the Python pyo3 was configured with, so the
//! embedded interpreter is that Python (not a system libpython of the same
//! version with another stdlib and site-packages).

fn main() {
    pyo3_build_config::add_libpython_rpath_link_args();
}
