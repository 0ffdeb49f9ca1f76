//! Property tests: random mutation sequences keep every tree invariant, and
//! the same sequence through a command buffer (applied with parallel runs)
//! gives the same document as direct calls.

use dom_ecs::{CommandBuffer, Document, NodeId, Target};
use proptest::prelude::*;

const PAGE: &str = "<!DOCTYPE html><body><div id=a class=k><p id=b>x</p><p class='k m'>y</p></div>\
                    <ul id=c><li>1</li><li id=b>2</li><li>3</li></ul><span>z</span></body>";

#[derive(Clone, Debug)]
enum Op {
    Text(usize, String),
    SetAttr(usize, &'static str, String),
    RemoveAttr(usize, &'static str),
    Toggle(usize, &'static str),
    Append(usize, usize),
    InsertBefore(usize, usize, usize),
    Remove(usize),
    Create(&'static str),
    Inner(usize, &'static str),
}

fn op() -> impl Strategy<Value = Op> {
    let idx = 0..40usize;
    let attr = prop::sample::select(vec!["id", "class", "data-x", "Title", "hidden"]);
    let class = prop::sample::select(vec!["k", "m", "n"]);
    let text = "[a-c]{0,3}";
    prop_oneof![
        (idx.clone(), text).prop_map(|(i, t)| Op::Text(i, t)),
        (idx.clone(), attr.clone(), "[a-c ]{0,3}").prop_map(|(i, a, v)| Op::SetAttr(i, a, v)),
        (idx.clone(), attr).prop_map(|(i, a)| Op::RemoveAttr(i, a)),
        (idx.clone(), class).prop_map(|(i, c)| Op::Toggle(i, c)),
        (idx.clone(), idx.clone()).prop_map(|(i, j)| Op::Append(i, j)),
        (idx.clone(), idx.clone(), idx.clone()).prop_map(|(i, j, k)| Op::InsertBefore(i, j, k)),
        idx.clone().prop_map(Op::Remove),
        prop::sample::select(vec!["div", "b", "li"]).prop_map(Op::Create),
        (
            idx,
            prop::sample::select(vec!["<i id=a>q</i>", "t<b class=k>u</b>", ""])
        )
            .prop_map(|(i, h)| Op::Inner(i, h)),
    ]
}

/// The nodes of the initial page, in tree order.
fn pool(doc: &Document) -> Vec<NodeId> {
    let mut out = vec![doc.root()];
    let mut i = 0;
    while i < out.len() {
        out.extend(doc.child_nodes(out[i]).unwrap());
        i += 1;
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn mutations_keep_invariants_and_buffers_match_direct_calls(ops in prop::collection::vec(op(), 1..120)) {
        let mut direct = Document::parse(PAGE);
        let mut buffered = Document::parse(PAGE);
        buffered.set_parallel_threshold(1);
        let mut nodes = pool(&direct);
        let mut targets: Vec<Target> = pool(&buffered).into_iter().map(Target::Node).collect();
        prop_assert_eq!(nodes.len(), targets.len());
        let mut buf = CommandBuffer::new();
        for op in ops {
            let n = |i: usize| nodes[i % nodes.len()];
            let t = |i: usize| targets[i % targets.len()];
            match op {
                Op::Text(i, s) => {
                    if direct.set_text_content(n(i), &s).is_ok() {
                        buf.set_text_content(t(i), s);
                    }
                }
                Op::SetAttr(i, a, v) => {
                    if direct.set_attribute(n(i), a, &v).is_ok() {
                        buf.set_attribute(t(i), a, v);
                    }
                }
                Op::RemoveAttr(i, a) => {
                    if direct.remove_attribute(n(i), a).is_ok() {
                        buf.push(dom_ecs::Command::RemoveAttribute { node: t(i), name: a.into() });
                    }
                }
                Op::Toggle(i, c) => {
                    if direct.class_toggle(n(i), c, None).is_ok() {
                        buf.toggle_class(t(i), c, None);
                    }
                }
                Op::Append(i, j) => {
                    if direct.append_child(n(i), n(j)).is_ok() {
                        buf.append_child(t(i), t(j));
                    }
                }
                Op::InsertBefore(i, j, k) => {
                    if direct.insert_before(n(i), n(j), Some(n(k))).is_ok() {
                        buf.push(dom_ecs::Command::InsertBefore { parent: t(i), child: t(j), reference: Some(t(k)) });
                    }
                }
                Op::Remove(i) => {
                    if direct.remove(n(i)).is_ok() {
                        buf.remove(t(i));
                    }
                }
                Op::Create(tag) => {
                    nodes.push(direct.create_element(tag).unwrap());
                    targets.push(buf.create_element(tag));
                }
                Op::Inner(i, h) => {
                    if direct.set_inner_html(n(i), h).is_ok() {
                        buf.push(dom_ecs::Command::SetInnerHtml { node: t(i), html: h.into() });
                    }
                }
            }
            if let Err(e) = direct.check_invariants() {
                return Err(TestCaseError::fail(e));
            }
        }
        let applied = buffered.apply(&buf);
        prop_assert!(applied.is_ok(), "{:?}", applied);
        prop_assert_eq!(direct.to_html(), buffered.to_html());
        if let Err(e) = buffered.check_invariants() {
            return Err(TestCaseError::fail(e));
        }
        for id in ["a", "b", "c"] {
            let d = direct.get_element_by_id(id).map(|x| direct.outer_html(x).unwrap());
            let b = buffered.get_element_by_id(id).map(|x| buffered.outer_html(x).unwrap());
            prop_assert_eq!(d, b);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Several scripts' buffers applied as one ordered run (disjoint ones in
    /// parallel) equal the buffers applied one after another, including
    /// where they write the same nodes and where a command fails.
    #[test]
    fn buffers_applied_in_order_match_one_by_one(
        ops in prop::collection::vec((0..4usize, op()), 1..160)
    ) {
        let mut ordered = Document::parse(PAGE);
        ordered.set_parallel_threshold(1);
        let mut serial = Document::parse(PAGE);
        let targets: Vec<Target> = pool(&ordered).into_iter().map(Target::Node).collect();
        let mut bufs = vec![CommandBuffer::new(); 4];
        for (b, op) in ops {
            let t = |i: usize| targets[i % targets.len()];
            let buf = &mut bufs[b];
            match op {
                Op::Text(i, s) => buf.set_text_content(t(i), s),
                Op::SetAttr(i, a, v) => buf.set_attribute(t(i), a, v),
                Op::RemoveAttr(i, a) => {
                    buf.push(dom_ecs::Command::RemoveAttribute { node: t(i), name: a.into() });
                }
                Op::Toggle(i, c) => buf.toggle_class(t(i), c, None),
                Op::Append(i, j) => buf.append_child(t(i), t(j)),
                Op::Remove(i) => buf.remove(t(i)),
                Op::Create(tag) => {
                    let e = buf.create_element(tag);
                    buf.append_child(t(0), e);
                }
                Op::InsertBefore(..) | Op::Inner(..) => {}
            }
        }
        let refs: Vec<&CommandBuffer> = bufs.iter().collect();
        let report = ordered.apply_in_order(&refs);
        let mut failed = Vec::new();
        for (k, b) in bufs.iter().enumerate() {
            if let Err(e) = serial.apply(b) {
                failed.push((k, e));
            }
        }
        prop_assert_eq!(report.errors, failed);
        prop_assert_eq!(ordered.to_html(), serial.to_html());
        if let Err(e) = ordered.check_invariants() {
            return Err(TestCaseError::fail(e));
        }
        // Every pair the report names really shares a node.
        for c in CommandBuffer::conflicts(&refs) {
            let a = bufs[c.earlier].touched_nodes();
            let shared = bufs[c.later].touched_nodes().iter().filter(|n| a.contains(n)).count();
            prop_assert_eq!(shared, c.nodes);
        }
    }
}
