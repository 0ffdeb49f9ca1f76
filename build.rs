//! The `ecsdom` binary embeds CPython: link it with an rpath to the LIBDIR
//! of the Python pyo3 was configured with (the project's `python3`), so it
//! does not pick up a system libpython of the same version at run time.

fn main() {
    pyo3_build_config::add_libpython_rpath_link_args();
}
