//! `ecsdom`: a browser DOM backend in Rust, scriptable from Python and
//! JavaScript. This facade re-exports the DOM crate and the page host
//! ([`host`]: running a page's scripts of both languages on one document
//! with their event loop), and holds the generated pages benchmarks share.

pub use dom_ecs::*;

/// The page host (py-bridge's: it joins the Python engine it holds with the
/// JS engine, so the Python module can run pages too).
pub use ecsdom_py::host;
pub use ecsdom_py::host::SharedDocument;

/// Generated documents for benchmarks and examples.
pub mod fixtures {
    /// `sections` `<section class="s">`s, each a `<ul class="list">` of 98
    /// `<li id="item-N" class="item even|odd" data-n="N">Item N</li>`: with
    /// 1000 sections, 100,000 elements in `<body>`.
    pub fn generated_page(sections: usize) -> String {
        let mut s = String::from("<!DOCTYPE html><html><head><title>bench</title></head><body>");
        let mut n = 0;
        for sec in 0..sections {
            s.push_str(&format!(
                "<section class=\"s\" id=\"s{sec}\"><ul class=\"list\">"
            ));
            for _ in 0..98 {
                let parity = if n % 2 == 0 { "even" } else { "odd" };
                s.push_str(&format!(
                    "<li id=\"item-{n}\" class=\"item {parity}\" data-n=\"{n}\">Item {n}</li>"
                ));
                n += 1;
            }
            s.push_str("</ul></section>");
        }
        s.push_str("</body></html>");
        s
    }
}
