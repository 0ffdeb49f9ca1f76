use crate::dict::{
    AssignedNodesOptions, GetRootNodeOptions, ShadowRootInit, ShadowRootMode, SlotAssignmentMode,
};
use crate::{Document, DomError, NodeId};

fn id(d: &Document, s: &str) -> NodeId {
    d.get_element_by_id(s).expect(s)
}

fn init(mode: ShadowRootMode, slots: SlotAssignmentMode) -> ShadowRootInit {
    ShadowRootInit {
        mode,
        delegates_focus: false,
        slot_assignment: slots,
    }
}

fn open() -> ShadowRootInit {
    init(ShadowRootMode::Open, SlotAssignmentMode::Named)
}

#[test]
fn attach_checks_the_host_and_connects_the_tree() {
    let mut d = Document::parse("<div id=h></div><a id=a></a><x-y id=c></x-y>");
    let (h, a, c) = (id(&d, "h"), id(&d, "a"), id(&d, "c"));
    assert!(matches!(
        d.attach_shadow(a, &open()),
        Err(DomError::NotSupported(_))
    ));
    assert!(d.attach_shadow(c, &open()).is_ok());
    let root = d.attach_shadow(h, &open()).unwrap();
    assert!(matches!(
        d.attach_shadow(h, &open()),
        Err(DomError::NotSupported(_))
    ));
    assert_eq!(d.shadow_root(h).unwrap(), Some(root));
    assert_eq!(d.shadow_root_host(root).unwrap(), h);
    assert_eq!(d.parent_node(root).unwrap(), None);
    assert!(d.is_connected(root).unwrap());
    // A node of the shadow tree: connected, its id not the document's.
    let inner = d.create_element("span").unwrap();
    d.set_attribute(inner, "id", "inner").unwrap();
    d.append_child(root, inner).unwrap();
    assert!(d.is_connected(inner).unwrap());
    assert_eq!(d.get_element_by_id("inner"), None);
    assert_eq!(d.get_element_by_id_in(root, "inner").unwrap(), Some(inner));
    let composed = GetRootNodeOptions { composed: true };
    let plain = GetRootNodeOptions { composed: false };
    assert_eq!(d.root_node_with(inner, &plain).unwrap(), root);
    assert_eq!(d.root_node_with(inner, &composed).unwrap(), d.root());
    // Out of the document with its host, and back.
    d.remove(h).unwrap();
    assert!(!d.is_connected(inner).unwrap());
    let body = d.body().unwrap();
    d.append_child(body, h).unwrap();
    assert!(d.is_connected(inner).unwrap());
    assert_eq!(d.get_element_by_id("inner"), None);
    // The host is no child of its own shadow tree.
    assert!(matches!(
        d.append_child(inner, h),
        Err(DomError::HierarchyRequest(_))
    ));
    // A shadow root is neither adopted, imported nor cloned.
    let doc = d.root();
    assert!(matches!(
        d.adopt_node(doc, root),
        Err(DomError::HierarchyRequest(_))
    ));
    assert!(matches!(
        d.import_node(doc, root, true),
        Err(DomError::NotSupported(_))
    ));
    assert!(matches!(
        d.clone_node(root, true),
        Err(DomError::NotSupported(_))
    ));
    d.check_invariants().unwrap();
}

#[test]
fn a_closed_root_is_not_the_hosts_shadow_root() {
    let mut d = Document::parse("<div id=h></div>");
    let h = id(&d, "h");
    let root = d
        .attach_shadow(h, &init(ShadowRootMode::Closed, SlotAssignmentMode::Named))
        .unwrap();
    assert_eq!(d.shadow_root(h).unwrap(), None);
    assert_eq!(d.shadow_root_of(h).unwrap(), Some(root));
    assert_eq!(d.shadow_root_mode(root).unwrap(), "closed");
}

#[test]
fn named_slots_take_the_hosts_children_by_name() {
    let mut d = Document::parse("<div id=h><b id=x slot=s></b><i id=y></i>text</div>");
    let (h, x, y) = (id(&d, "h"), id(&d, "x"), id(&d, "y"));
    let root = d.attach_shadow(h, &open()).unwrap();
    d.set_inner_html(root, "<slot name=s></slot><slot></slot>")
        .unwrap();
    let slots = d.child_nodes(root).unwrap();
    let (named, default) = (slots[0], slots[1]);
    let flat = AssignedNodesOptions { flatten: false };
    assert_eq!(d.assigned_nodes(named, &flat).unwrap(), vec![x]);
    let text = d.last_child(h).unwrap().unwrap();
    assert_eq!(d.assigned_nodes(default, &flat).unwrap(), vec![y, text]);
    assert_eq!(d.assigned_elements(default, &flat).unwrap(), vec![y]);
    assert_eq!(d.assigned_slot(x).unwrap(), Some(named));
    assert!(!d.take_signal_slots().is_empty());
    // A new slot attribute moves the element; its old slot is signaled.
    d.set_attribute(x, "slot", "").unwrap();
    assert_eq!(d.assigned_nodes(named, &flat).unwrap(), vec![]);
    assert_eq!(d.assigned_slot(x).unwrap(), Some(default));
    assert_eq!(d.take_signal_slots(), vec![named, default]);
    // Removed from the host: unassigned.
    d.remove(y).unwrap();
    assert_eq!(d.assigned_slot(y).unwrap(), None);
    assert_eq!(d.assigned_nodes(default, &flat).unwrap(), vec![x, text]);
    d.check_invariants().unwrap();
}

#[test]
fn manual_slots_take_what_assign_names() {
    let mut d = Document::parse("<div id=h><b id=x></b><i id=y></i></div><p id=z></p>");
    let (h, x, y, z) = (id(&d, "h"), id(&d, "x"), id(&d, "y"), id(&d, "z"));
    let root = d
        .attach_shadow(h, &init(ShadowRootMode::Open, SlotAssignmentMode::Manual))
        .unwrap();
    d.set_inner_html(root, "<slot></slot><slot></slot>")
        .unwrap();
    let slots = d.child_nodes(root).unwrap();
    let flat = AssignedNodesOptions { flatten: false };
    assert_eq!(d.assigned_nodes(slots[0], &flat).unwrap(), vec![]);
    // A node that is no child of the host stays unassigned.
    d.assign_slot(slots[0], &[y, z, x]).unwrap();
    assert_eq!(d.assigned_nodes(slots[0], &flat).unwrap(), vec![y, x]);
    d.assign_slot(slots[1], &[x]).unwrap();
    assert_eq!(d.assigned_nodes(slots[0], &flat).unwrap(), vec![y]);
    assert_eq!(d.assigned_nodes(slots[1], &flat).unwrap(), vec![x]);
}

#[test]
fn flattened_assigned_nodes_go_through_nested_slots() {
    // An inner host whose slot is assigned the outer tree's slot.
    let mut d = Document::parse("<div id=outer><b id=x></b></div>");
    let (outer, x) = (id(&d, "outer"), id(&d, "x"));
    let root = d.attach_shadow(outer, &open()).unwrap();
    d.set_inner_html(root, "<div id=inner><slot id=pass></slot></div>")
        .unwrap();
    let inner = d.get_element_by_id_in(root, "inner").unwrap().unwrap();
    let pass = d.get_element_by_id_in(root, "pass").unwrap().unwrap();
    let inner_root = d.attach_shadow(inner, &open()).unwrap();
    d.set_inner_html(inner_root, "<slot></slot>").unwrap();
    let last = d.first_child(inner_root).unwrap().unwrap();
    assert_eq!(
        d.assigned_nodes(last, &AssignedNodesOptions { flatten: false })
            .unwrap(),
        vec![pass]
    );
    assert_eq!(
        d.assigned_nodes(last, &AssignedNodesOptions { flatten: true })
            .unwrap(),
        vec![x]
    );
}

#[test]
fn events_are_retargeted_and_closed_trees_hidden() {
    let mut d = Document::parse("<div id=h><b id=x></b></div>");
    let (h, x) = (id(&d, "h"), id(&d, "x"));
    let root = d
        .attach_shadow(h, &init(ShadowRootMode::Closed, SlotAssignmentMode::Named))
        .unwrap();
    d.set_inner_html(root, "<p><slot></slot></p>").unwrap();
    let p = d.first_child(root).unwrap().unwrap();
    let slot = d.first_child(p).unwrap().unwrap();
    let (body, html, doc) = (d.body().unwrap(), d.document_element().unwrap(), d.root());
    let window = d.window();
    // From inside the shadow tree, composed: the host is the target
    // outside, and the outside cannot see in.
    let ev = d.create_event_composed("test", true, false, true);
    let mut dispatch = d.dispatch_begin(p, ev).unwrap();
    assert_eq!(
        d.composed_path(ev).unwrap(),
        Vec::<NodeId>::new(),
        "no current target before the first listener"
    );
    let state = d.event(ev).unwrap().clone();
    assert!(
        state
            .path
            .iter()
            .any(|e| e.item == h && e.target == Some(h))
    );
    let items: Vec<NodeId> = state.path.iter().map(|e| e.item).collect();
    assert_eq!(items, vec![p, root, h, body, html, doc, window]);
    let seen_from_body = crate::events::composed_path(&state.path, Some(body));
    assert_eq!(seen_from_body, vec![h, body, html, doc, window]);
    let seen_from_p = crate::events::composed_path(&state.path, Some(p));
    assert_eq!(seen_from_p, items);
    while d.dispatch_next(&mut dispatch).is_some() {}
    assert_eq!(d.event(ev).unwrap().target, Some(h));
    // Not composed: the path ends at the shadow root.
    let ev = d.create_event("test", true, false);
    let _ = d.dispatch_begin(p, ev).unwrap();
    let items: Vec<NodeId> = d.event(ev).unwrap().path.iter().map(|e| e.item).collect();
    assert_eq!(items, vec![p, root]);
    // A slotted node's path goes through its slot, with no new target.
    let ev = d.create_event("test", true, false);
    let _ = d.dispatch_begin(x, ev).unwrap();
    let path = &d.event(ev).unwrap().path;
    let items: Vec<NodeId> = path.iter().map(|e| e.item).collect();
    assert_eq!(items, vec![x, slot, p, root, h, body, html, doc, window]);
    assert!(path[1..].iter().all(|e| e.target.is_none()));
    let seen_from_h = crate::events::composed_path(path, Some(h));
    assert_eq!(seen_from_h, vec![x, h, body, html, doc, window]);
}

#[test]
fn command_buffers_keep_slot_assignment() {
    let mut d = Document::parse("<div id=h><b id=x></b><i id=y></i></div>");
    let (h, x, y) = (id(&d, "h"), id(&d, "x"), id(&d, "y"));
    let root = d.attach_shadow(h, &open()).unwrap();
    d.set_inner_html(root, "<slot name=s></slot>").unwrap();
    let slot = d.first_child(root).unwrap().unwrap();
    // Applied in parallel pieces but for `slot` and `name`.
    d.set_parallel_threshold(1);
    let mut b = crate::CommandBuffer::new();
    for _ in 0..4 {
        b.set_attribute(x, "slot", "s");
        b.set_attribute(y, "title", "t");
    }
    d.apply(&b).unwrap();
    let flat = AssignedNodesOptions { flatten: false };
    assert_eq!(d.assigned_nodes(slot, &flat).unwrap(), vec![x]);
    d.check_invariants().unwrap();
}

#[test]
fn the_parser_attaches_declarative_shadow_roots() {
    let mut d = Document::parse(
        "<div id=h><template shadowrootmode=open><p id=in><slot></slot></p></template><b id=x></b></div>\
         <a id=a><template shadowrootmode=open>kept</template></a>",
    );
    let (h, x, a) = (id(&d, "h"), id(&d, "x"), id(&d, "a"));
    let root = d
        .shadow_root(h)
        .unwrap()
        .expect("a declarative shadow root");
    // The template is in no tree; its contents are the shadow root's.
    assert_eq!(d.child_nodes(h).unwrap(), vec![x]);
    let p = d.get_element_by_id_in(root, "in").unwrap().unwrap();
    let slot = d.first_child(p).unwrap().unwrap();
    let flat = AssignedNodesOptions { flatten: false };
    assert_eq!(d.assigned_nodes(slot, &flat).unwrap(), vec![x]);
    assert_eq!(d.get_element_by_id("in"), None);
    // An element that cannot host one keeps an ordinary template.
    assert_eq!(
        d.inner_html(a).unwrap(),
        "<template shadowrootmode=\"open\">kept</template>"
    );
    // A script's attachShadow of the same mode takes it over, emptied.
    assert_eq!(d.attach_shadow(h, &open()).unwrap(), root);
    assert_eq!(d.first_child(root).unwrap(), None);
    assert!(d.attach_shadow(h, &open()).is_err());
    // innerHTML and DOMParser-like fragment parses attach none.
    d.set_inner_html(a, "<div><template shadowrootmode=open></template></div>")
        .unwrap();
    let div = d.first_child(a).unwrap().unwrap();
    assert_eq!(d.shadow_root(div).unwrap(), None);
    d.check_invariants().unwrap();
}

#[test]
fn related_targets_are_retargeted_and_hidden_moves_not_dispatched() {
    let mut d = Document::parse("<div id=h></div><input id=light>");
    let (h, light) = (id(&d, "h"), id(&d, "light"));
    let root = d
        .attach_shadow(h, &init(ShadowRootMode::Closed, SlotAssignmentMode::Named))
        .unwrap();
    d.set_inner_html(root, "<input id=a><input id=b>").unwrap();
    let a = d.get_element_by_id_in(root, "a").unwrap().unwrap();
    let b = d.get_element_by_id_in(root, "b").unwrap().unwrap();
    let run = |d: &mut Document, c: Option<crate::html::FocusChange>| {
        let mut seen = Vec::new();
        let Some(mut c) = c else { return seen };
        while let Some((t, e)) = d.focus_next(&mut c) {
            let kind = d.event(e).unwrap().kind.clone();
            let mut dispatch = d.dispatch_begin(t, e).unwrap();
            let path: Vec<(NodeId, Option<NodeId>)> = d
                .event(e)
                .unwrap()
                .path
                .iter()
                .map(|x| (x.item, x.related))
                .collect();
            while d.dispatch_next(&mut dispatch).is_some() {}
            seen.push((kind, path));
        }
        seen
    };
    let c = d.focus_begin(a).unwrap();
    run(&mut d, c);
    // From a to b in one shadow tree: the host hears nothing.
    let c = d.focus_begin(b).unwrap();
    let seen = run(&mut d, c);
    let (kind, path) = &seen[0];
    assert_eq!(kind, "blur");
    assert!(path.iter().all(|(item, _)| *item != h), "{path:?}");
    // From b out to the light input: the outside sees the host as the
    // related target of focus, and the shadow tree sees b.
    let c = d.focus_begin(light).unwrap();
    let seen = run(&mut d, c);
    let focus = seen.iter().find(|(k, _)| k == "focus").unwrap();
    assert_eq!(focus.1[0], (light, Some(h)));
    let blur = seen.iter().find(|(k, _)| k == "blur").unwrap();
    assert_eq!(blur.1[0], (b, Some(light)));
}
