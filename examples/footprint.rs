//! Bytes per element of the generated 100k-element page, string payloads
//! excluded: heap bytes held by the document, minus the bytes of text data
//! and attribute values. Checks its own arithmetic and prints one line.
//!
//! `cargo run --release --example footprint`

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use ecsdom::{Document, NodeKind};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator and only counts sizes.
#[allow(unsafe_code, reason = "a counting global allocator; see SAFETY")]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: same layout, passed through.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: ptr came from System.alloc with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn main() {
    let html = ecsdom::fixtures::generated_page(1000);
    let before = LIVE.load(Ordering::Relaxed);
    let doc = Document::parse(&html);
    let after = LIVE.load(Ordering::Relaxed);
    let total = after - before;
    let body = doc.body().unwrap();
    let elements = doc.descendant_elements(body).unwrap();
    let mut payload = 0;
    let mut texts = 0;
    for &e in &elements {
        // Payload on the heap: strings longer than the 24 bytes a
        // CompactString holds inline (shorter ones live in the component).
        for a in doc.attributes(e).unwrap() {
            if a.value.is_heap_allocated() {
                payload += a.value.capacity();
            }
        }
        for c in doc.child_nodes(e).unwrap() {
            if doc.kind(c).unwrap() == NodeKind::Text {
                let len = doc.data(c).unwrap().len();
                if len > 24 {
                    payload += len;
                }
                texts += 1;
            }
        }
    }
    let nodes = doc.node_count();
    assert!(payload < total, "payload {payload} must be part of {total}");
    println!(
        "{} elements (+{} text nodes, {} nodes in all): {} heap bytes, {} of them string payload; \
         {:.1} bytes per element excluding payload (element and its text child together), \
         {:.1} bytes per node",
        elements.len(),
        texts,
        nodes,
        total,
        payload,
        (total - payload) as f64 / elements.len() as f64,
        (total - payload) as f64 / nodes as f64,
    );
}
