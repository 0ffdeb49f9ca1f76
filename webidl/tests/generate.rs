//! The generators: one binding-table row gives a member in both languages.

use webidl::Model;
use webidl::generate::{Table, generate};

const IDL: &str = r#"
    interface EventTarget {};
    interface Node : EventTarget {
      readonly attribute Node? parentNode;
      boolean contains(Node? other);
      Node cloneNode(optional boolean subtree = false);
      Node appendChild(Node node);
    };
    interface Element : Node {};
    interface mixin ParentNode { undefined append((Node or DOMString)... nodes); };
    Element includes ParentNode;
"#;

const TABLE: &str = "@js Node Element\n@py Node=PyNode Element=PyElement\n\
    Node.parentNode parent_node\nNode.contains contains # a comment\n\
    Node.cloneNode clone_node\nParentNode.append append\nNode.appendChild append_child\n";

#[test]
fn a_member_is_generated_for_both_languages_from_one_row() {
    let model = Model::from_sources(&[("t.idl", IDL)]).unwrap();
    let table = Table::parse(TABLE).unwrap();
    let g = generate(&model, &table).unwrap();
    // JS: the natives are the accessors and methods themselves.
    assert!(
        g.js_members
            .contains("accessor(Node, 'parentNode', { get: N['Node.parentNode'] });")
    );
    assert!(
        g.js_members
            .contains("method(Element, 'append', N['ParentNode.append']);")
    );
    assert!(g.js_natives.contains(
        "native!(\"Node.parentNode\", \"get parentNode\", 0, |ctx, nat, this| { let this = nat.this(&ctx, &this)?; \
         let r = nat.call(&ctx, false, |d| d.parent_node(this).map(|r| IntoOwned::into_owned(r, d)))?; nat.result(&ctx, r) });"
    ));
    // WebIDL conversions: the count of required arguments, `Node?`, an
    // optional boolean's default, variadic `(Node or DOMString)`.
    assert!(g.js_natives.contains(
        "native!(\"Node.contains\", \"contains\", 1, |ctx, nat, this, a0: Opt<Value<'js>>| { let this = nat.this(&ctx, &this)?; \
         nat.check_count(&ctx, 1, usize::from(a0.0.is_some()))?; let a0 = nat.nullable_node(&ctx, given(&ctx, a0), 1)?; "
    ));
    assert!(g.js_natives.contains(
        "let a0 = { let v = given(&ctx, a0); if v.is_undefined() { false } else { boolean(&ctx, v)? } };"
    ));
    assert!(g.js_natives.contains(
        "|ctx, nat, this, a0: Rest<Value<'js>>| { let this = nat.this(&ctx, &this)?; let a0 = nat.nodes_or_strings(&ctx, a0)?; \
         nat.call(&ctx, false, |d| d.append(this, &node_or_text(&a0)))?;"
    ));
    assert!(
        g.py_methods
            .contains("#[getter(parentNode)]\n    pub(crate) fn idl_node_parent_node")
    );
    assert!(g.py_methods.contains("signature = (subtree = false)"));
    assert!(g.py_methods.contains("impl PyElement {"));
    assert!(
        g.py_methods
            .contains("base(slf).mixin(slf.py(), nodes, Document::append)")
    );
    let node = &model.interfaces["Node"];
    assert!(table.generates(node, &node.members[0]));
}

#[test]
fn constants_and_writable_attributes() {
    let idl = "interface Node { const unsigned short TEXT_NODE = 0x3; \
               attribute DOMString? textContent; \
               attribute [LegacyNullToEmptyString] DOMString data; };";
    let model = Model::from_sources(&[("t.idl", idl)]).unwrap();
    let table = Table::parse(
        "@js Node\n@py Node=PyNode\n\
         Node.textContent text_content set=set_text_content record=record_text gc\n\
         Node.data data set=set_data\n",
    )
    .unwrap();
    let g = generate(&model, &table).unwrap();
    assert!(g.js_members.contains("constant(Node, 'TEXT_NODE', 3);"));
    assert!(
        g.py_methods
            .contains("#[classattr]\n    const TEXT_NODE: u16 = 3;")
    );
    assert!(g.js_members.contains(
        "accessor(Node, 'textContent', { get: N['Node.textContent'], set: N['Node.textContent='] });"
    ));
    assert!(g.js_natives.contains(
        "native!(\"Node.textContent=\", \"set textContent\", 1, |ctx, nat, this, a0: Opt<Value<'js>>| { let this = nat.this(&ctx, &this)?; \
         let a0 = nullable_string(&ctx, given(&ctx, a0))?; \
         nat.call(&ctx, true, |d| d.set_text_content(this, a0.as_deref()))?; Ok(Value::new_undefined(ctx.clone()))"
    ));
    assert!(
        g.js_natives
            .contains("let a0 = null_is_empty(&ctx, given(&ctx, a0))?;")
    );
    assert!(g.py_methods.contains("#[setter(textContent)]"));
    assert!(
        g.py_methods
            .contains("return doc.record_text(buf, n.id, value.as_deref()).or_raise(py);")
    );
    assert!(
        g.py_methods
            .contains("set_data(n.id, value.as_deref().unwrap_or(\"\"))")
    );
    // A writable attribute without its setter is an error.
    let bad = Table::parse("Node.data data\n").unwrap();
    assert!(generate(&model, &bad).unwrap_err().contains("set="));
    assert!(Table::parse("Node.data data nope\n").is_err());
}

#[test]
fn a_reflected_attribute_calls_the_reflection_methods_with_its_name() {
    let idl =
        "interface Element { attribute DOMString id; readonly attribute DOMString tagName; };";
    let model = Model::from_sources(&[("t.idl", idl)]).unwrap();
    let table =
        Table::parse("@js Element\n@py Element=PyElement\nElement.id reflect=id\n").unwrap();
    let g = generate(&model, &table).unwrap();
    assert!(g.js_natives.contains("d.reflected_string(this, \"id\")"));
    assert!(
        g.js_natives
            .contains("d.set_reflected_string(this, \"id\", &a0)")
    );
    assert!(
        g.py_methods
            .contains("doc.record_set_attribute(buf, n.id, \"id\", value.as_str())")
    );
    let bad = Table::parse("Element.tagName reflect=x\n").unwrap();
    assert!(generate(&model, &bad).unwrap_err().contains("reflect="));
}

#[test]
fn a_list_objects_members_call_the_value_it_is_made_of() {
    let idl = "interface DOMTokenList { readonly attribute unsigned long length; \
               undefined add(DOMString... tokens); \
               boolean toggle(DOMString token, optional boolean force); };";
    let model = Model::from_sources(&[("t.idl", idl)]).unwrap();
    let table = Table::parse(
        "@js DOMTokenList\n@py DOMTokenList=PyTokenList\nDOMTokenList.length length\n\
         DOMTokenList.add add record=record_add\nDOMTokenList.toggle toggle record=record_toggle\n",
    )
    .unwrap();
    let g = generate(&model, &table).unwrap();
    assert!(g.js_natives.contains(
        "|ctx, nat, this, a0: Rest<Value<'js>>| { let a0 = strings(&ctx, a0)?; \
         nat.with_object::<dom_ecs::TokenList, _>(&ctx, &this, |o, d| o.add(d, &str_refs(&a0)))?;"
    ));
    assert!(g.py_methods.contains("signature = (*tokens)"));
    // A batch records the write when the recorder can, else the call runs.
    assert!(g.py_methods.contains(
        "let Some(r) = IdlObject::with_receiver(slf, |o| o.record_toggle(doc, buf, token.as_str(), force)).or_raise(py)?"
    ));
    assert!(
        g.py_methods
            .contains("IdlObject::with_receiver(slf, |o| o.toggle(d, token.as_str(), force))")
    );
    // A member of a list object takes no node-only option.
    let bad = Table::parse("DOMTokenList.length length gc\n").unwrap();
    assert!(generate(&model, &bad).unwrap_err().contains("takes no gc"));
}

#[test]
fn a_constructor_makes_its_node_in_the_global_document() {
    let idl = "interface Node {}; interface Text : Node { constructor(optional DOMString data = \"\"); };";
    let model = Model::from_sources(&[("t.idl", idl)]).unwrap();
    let table =
        Table::parse("@js Text\n@py Text=PyText\nText.constructor create_text gc\n").unwrap();
    let g = generate(&model, &table).unwrap();
    assert!(g.js_natives.contains(
        "native!(\"Text.constructor\", \"Text\", 0, |ctx, nat, _this, a0: Opt<Value<'js>>| { \
         let a0 = { let v = given(&ctx, a0); if v.is_undefined() { String::new() } else { string(&ctx, v)? } }; \
         let g = nat.keys.global_document(&ctx)?; let r = nat.call(&ctx, true, |d| { d.create_text(g, &a0)"
    ));
    assert!(
        g.py_methods
            .contains("#[new]\n    #[pyo3(signature = (data = \"\".into(), *, document = None), text_signature = \"($cls, data='', *, document=None)\")]")
    );
    assert!(
        g.py_methods
            .contains("let doc = global_document(py, document)?;")
    );
    let bad = Table::parse("Node.constructor x\n").unwrap();
    assert!(
        generate(&model, &bad)
            .unwrap_err()
            .contains("no constructor")
    );
}

#[test]
fn unknown_members_and_types_are_errors() {
    let model = Model::from_sources(&[("t.idl", IDL)]).unwrap();
    let table = Table::parse("Node.nope nope\n").unwrap();
    assert!(
        generate(&model, &table)
            .unwrap_err()
            .contains("not in the IDL")
    );
    assert!(Table::parse("nodot x\n").is_err());
}
