//! dom-ecs on a generated 100k-element document: parse, serialize, id
//! lookups, a complex selector, building by API, and setting 100k texts one
//! call at a time vs through one command buffer applied in parallel.
//!
//! `cargo bench --bench dom`; numbers and their reading go in BENCHMARKS.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ecsdom::fixtures::generated_page;
use ecsdom::{CommandBuffer, Document, NodeId};

fn items(doc: &Document) -> Vec<NodeId> {
    doc.get_elements_by_class_name(doc.root(), "item").unwrap()
}

fn bench(c: &mut Criterion) {
    let html = generated_page(1000);
    let doc = Document::parse(&html);
    let n_items = items(&doc).len();
    let n_elements = doc.descendant_elements(doc.body().unwrap()).unwrap().len();
    eprintln!(
        "generated page: {} bytes, {n_elements} elements in body, {n_items} items",
        html.len()
    );

    let mut g = c.benchmark_group("dom_100k");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));

    g.throughput(Throughput::Elements(n_elements as u64));
    g.bench_function("parse", |b| b.iter(|| black_box(Document::parse(&html))));
    g.bench_function("serialize", |b| b.iter(|| black_box(doc.to_html().len())));

    let ids: Vec<String> = (0..n_items).map(|i| format!("item-{i}")).collect();
    g.throughput(Throughput::Elements(n_items as u64));
    g.bench_function("get_element_by_id_each", |b| {
        b.iter(|| {
            for id in &ids {
                black_box(doc.get_element_by_id(id));
            }
        })
    });
    let hash_ids: Vec<String> = ids.iter().map(|i| format!("#{i}")).collect();
    g.bench_function("query_selector_hash_id_each", |b| {
        b.iter(|| {
            for id in &hash_ids {
                black_box(doc.query_selector(doc.root(), id).unwrap());
            }
        })
    });
    for sel in [
        "li.item",
        "section.s > ul.list > li.odd:nth-child(3n+1)[data-n$=\"7\"]",
        "section:has(> ul li#item-500) li:not(.even)",
    ] {
        g.bench_with_input(
            BenchmarkId::new("query_selector_all", sel),
            sel,
            |b, sel| b.iter(|| black_box(doc.query_selector_all(doc.root(), sel).unwrap().len())),
        );
    }

    g.bench_function("build_by_api", |b| {
        b.iter(|| {
            let mut d = Document::parse("<!DOCTYPE html><html><head></head><body></body></html>");
            let body = d.body().unwrap();
            for i in 0..n_items {
                let e = d.create_element("div").unwrap();
                d.set_attribute(e, "id", &format!("e-{i}")).unwrap();
                d.set_attribute(e, "class", "item").unwrap();
                let t = d.create_text_node(&format!("item {i}"));
                d.append_child(e, t).unwrap();
                d.append_child(body, e).unwrap();
            }
            black_box(d)
        })
    });

    let mut direct = Document::parse(&html);
    let targets = items(&direct);
    let texts: Vec<String> = (0..n_items).map(|i| format!("Updated {i}")).collect();
    g.bench_function("set_text_each_call", |b| {
        b.iter(|| {
            for (t, s) in targets.iter().zip(&texts) {
                direct.set_text_content(*t, s).unwrap();
            }
        })
    });
    g.bench_function("set_text_id_lookup_each_call", |b| {
        b.iter(|| {
            for (id, s) in ids.iter().zip(&texts) {
                let e = direct.get_element_by_id(id).unwrap();
                direct.set_text_content(e, s).unwrap();
            }
        })
    });
    let mut buffered = Document::parse(&html);
    let targets = items(&buffered);
    let mut buf = CommandBuffer::with_capacity(n_items);
    for (t, s) in targets.iter().zip(&texts) {
        buf.set_text_content(*t, s.clone());
    }
    g.bench_function("set_text_command_buffer_apply", |b| {
        b.iter(|| black_box(buffered.apply(&buf).unwrap()))
    });
    g.bench_function("set_text_command_buffer_record_and_apply", |b| {
        b.iter(|| {
            let mut buf = CommandBuffer::with_capacity(n_items);
            for (t, s) in targets.iter().zip(&texts) {
                buf.set_text_content(*t, s.as_str());
            }
            black_box(buffered.apply(&buf).unwrap())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
