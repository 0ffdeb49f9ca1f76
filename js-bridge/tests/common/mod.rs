//! Helpers the JS test files share: a page over a parsed document whose
//! console lines are collected.

#![allow(dead_code, reason = "each test file uses some of the helpers")]

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

use dom_ecs::Document;
use js_bridge::{JsPage, Limits};

pub type Log = Rc<RefCell<Vec<String>>>;

pub fn page(html: &str) -> (JsPage, Log) {
    let doc = Arc::new(Mutex::new(Document::parse(html)));
    let log: Log = Rc::default();
    let l = log.clone();
    let js = JsPage::new(
        Rc::new(doc),
        Box::new(move |_, s| l.borrow_mut().push(s.to_owned())),
        Limits::default(),
    )
    .unwrap();
    (js, log)
}

pub fn run(html: &str, src: &str) -> Vec<String> {
    let (js, log) = page(html);
    if let Err(e) = js.run_script(src, "test.js") {
        panic!("script failed: {e}");
    }
    log.take()
}
