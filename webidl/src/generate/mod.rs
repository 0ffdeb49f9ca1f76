//! The binding generators: from the IDL model and the binding table
//! (`webidl/bindings.txt`), the JS members (constants, accessors and
//! methods with WebIDL argument conversions), the QuickJS natives they
//! call, and the Python `#[pymethods]`, so a member is declared once and
//! exists in both languages. Each generated member converts its arguments,
//! calls the one dom-ecs method the table names, and converts the result
//! back.
//!
//! The table's lines:
//! - `@js Node Element ...`: the interfaces that have a JS class in the prelude;
//! - `@py Node=PyNode ...`: the interfaces that have a Python class, and its Rust type;
//! - `Interface.member  rust_method  [set=m] [record=m] [gc]`: a member (of
//!   an interface, or of a mixin, which puts it on every including
//!   interface that has a class), and the dom-ecs `Document` method that
//!   implements it (`fn(&Document or &mut Document, NodeId, args...) ->
//!   DomResult<T>`). A writable attribute names its setter with `set=`;
//!   `record=` names the `CommandBuffer` recorder a Python batch records
//!   the write with instead (without one, a write inside a batch applies
//!   the batch first); `args=N` binds the first N arguments only (the
//!   others are optional ones ecsdom has no use for yet); `ids` marks a
//!   read of the id index, for which a Python batch is applied first only
//!   if it changed an id; `foreign` makes a `Node?` argument of another
//!   document (a Python world of its own) null; `gc` collects garbage before the call, if enough
//!   detached nodes piled up (for the members that detach nodes: what they
//!   detach is collected by a later call); `detach`: Python lets other
//!   threads run during the call (a long read); `interned`: the method
//!   returns a `NameValue`, which Python reads from its cache of strings.
//!
//! A member of `Event` is an `EventState` method; a member of
//! `DOMTokenList`, `NodeList` or `HTMLCollection` a method of the dom-ecs
//! value the bridge's list object is made of (`TokenList`,
//! `LiveCollection`), taking the document, whose `record=` answers
//! `None` when it cannot record the call (the batch is applied and the
//! method called).
//!
//! A `NodeList` or `HTMLCollection` result is a dom-ecs `LiveCollection`;
//! a `[SameObject]` attribute returns the same JS object every time.
//!
//! A row `Interface.member reflect=NAME` binds a `DOMString` attribute
//! that reflects content attribute NAME.
//!
//! Every constant of an interface with a class is generated as well: its
//! value is in the IDL.

mod dicts;
mod events;
mod html;
mod js;
mod py;
mod reflect;

use std::fmt::Write as _;

use crate::{Argument, Interface, Member, MemberKind, Model};

/// One row of the binding table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    /// The interface or mixin that declares the member.
    pub owner: String,
    /// The member's name.
    pub member: String,
    /// The dom-ecs `Document` method (an attribute's getter).
    pub rust: String,
    /// A writable attribute's setter.
    pub set: Option<String>,
    /// The recorder of a write inside a Python batch.
    pub record: Option<String>,
    /// Collect garbage before the call.
    pub gc: bool,
    /// Bind only the first this many arguments (`args=N`): the rest are
    /// ones ecsdom has nothing to do with yet (the table says which).
    pub args: Option<usize>,
    /// A read of the id index only (`ids`): a Python batch is applied
    /// first only if it recorded an id change.
    pub ids: bool,
    /// A `Node?` argument that is a node of another document (in Python,
    /// another world) converts to null (`foreign`): for the members whose
    /// answer for such a node is the answer for null (`contains`,
    /// `isSameNode`: false), instead of raising.
    pub foreign: bool,
    /// A `DOMString` attribute reflecting content attribute `reflect=NAME`
    /// (<https://html.spec.whatwg.org/#reflecting-content-attributes-in-idl-attributes>):
    /// its getter, setter and recorder are dom-ecs's reflection methods,
    /// called with the attribute's name first.
    pub reflect: Option<String>,
    /// A reflecting attribute's rule (`enum=`, `default=`, `nonneg`,
    /// `positive`, `fallback`, `clamp=MIN,MAX`), which with its IDL type picks the
    /// reflection methods.
    pub rule: Vec<String>,
    /// The arguments the getter's dom-ecs call takes before the member's
    /// own (a reflected attribute's name and rule).
    pub get_args: String,
    /// The arguments the setter's dom-ecs call takes before the value.
    pub set_args: String,
    /// Python lets other threads run during the call (`detach`): for the
    /// reads that take long (`querySelectorAll`); the call reads the
    /// document only.
    pub detach: bool,
    /// The dom-ecs method returns a `NameValue` (`interned`): Python
    /// answers an interned name from its cache of strings, and applies no
    /// batch first (a node's names never change).
    pub interned: bool,
}

impl Binding {
    /// The arguments a dom-ecs call takes before the member's own.
    fn leading(&self) -> &str {
        &self.get_args
    }
}

/// The binding table.
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// Interfaces with a JS class.
    pub js_classes: Vec<String>,
    /// Interfaces with a Python class, and its Rust type.
    pub py_classes: Vec<(String, String)>,
    /// The generated members.
    pub bindings: Vec<Binding>,
    /// The HTML element interfaces with elements of their own
    /// (`webidl/html-elements.txt`, in its order): each gets a class in
    /// both languages (and so do `HTMLElement` and `HTMLUnknownElement`).
    pub html: Vec<String>,
    /// The HTML interfaces whose hand-written Python members the
    /// hand-written stub declares (`_{Interface}Extras`), for the
    /// generated stub's bases.
    pub py_extras: Vec<String>,
}

impl Table {
    /// Read the table's text.
    ///
    /// # Errors
    /// A line that is not one of the three forms.
    pub fn parse(text: &str) -> Result<Table, String> {
        let mut t = Table::default();
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let at = |msg: &str| format!("line {}: {msg}", n + 1);
            let mut words = line.split_whitespace();
            let first = words.next().unwrap_or("");
            match first {
                "@js" => t.js_classes.extend(words.map(str::to_owned)),
                "@py" => {
                    for w in words {
                        let (i, r) = w
                            .split_once('=')
                            .ok_or_else(|| at("@py takes Interface=RustType"))?;
                        t.py_classes.push((i.to_owned(), r.to_owned()));
                    }
                }
                _ => {
                    let (owner, member) = first
                        .split_once('.')
                        .ok_or_else(|| at("expected Interface.member"))?;
                    let rust = words
                        .next()
                        .ok_or_else(|| at(&format!("{first} names no dom-ecs method")))?;
                    let mut b = Binding {
                        owner: owner.to_owned(),
                        member: member.to_owned(),
                        rust: rust.to_owned(),
                        set: None,
                        record: None,
                        gc: false,
                        args: None,
                        ids: false,
                        foreign: false,
                        reflect: None,
                        rule: Vec::new(),
                        get_args: String::new(),
                        set_args: String::new(),
                        detach: false,
                        interned: false,
                    };
                    if let Some(name) = rust.strip_prefix("reflect=") {
                        b.reflect = Some(name.to_owned());
                    }
                    for w in words {
                        match w.split_once('=') {
                            Some(("enum" | "default" | "clamp", _)) | None
                                if b.reflect.is_some()
                                    && (w.contains('=')
                                        || matches!(w, "nonneg" | "positive" | "fallback")) =>
                            {
                                b.rule.push(w.to_owned());
                            }
                            Some(("set", m)) => b.set = Some(m.to_owned()),
                            Some(("record", m)) => b.record = Some(m.to_owned()),
                            Some(("args", k)) => {
                                b.args = Some(k.parse().map_err(|_| at("args= takes a count"))?);
                            }
                            None if w == "gc" => b.gc = true,
                            None if w == "ids" => b.ids = true,
                            None if w == "foreign" => b.foreign = true,
                            None if w == "detach" => b.detach = true,
                            None if w == "interned" => b.interned = true,
                            _ => return Err(at(&format!("unknown option {w}"))),
                        }
                    }
                    t.bindings.push(b);
                }
            }
        }
        Ok(t)
    }

    /// Whether `Interface.member` is generated (declared by the interface
    /// itself or by one of its mixins; every constant of a class is).
    pub fn generates(&self, interface: &Interface, member: &Member) -> bool {
        if member.kind == MemberKind::Const {
            return self.js_classes.contains(&interface.name)
                || self.py_classes.iter().any(|(i, _)| *i == interface.name);
        }
        let owner = member.mixin.as_deref().unwrap_or(&interface.name);
        self.bindings
            .iter()
            .any(|b| b.owner == owner && b.member == member.name)
    }
}

/// What the generators write.
#[derive(Clone, Debug, Default)]
pub struct Generated {
    /// JS run inside the prelude, after its classes: the members.
    pub js_members: String,
    /// Rust, included in the natives' `install`: one native per binding.
    pub js_natives: String,
    /// Rust, included in the Python module: `#[pymethods]` blocks.
    pub py_methods: String,
    /// The Python stub of the HTML element classes (the generated part of
    /// `ecsdom/_native.pyi`).
    pub py_stub: String,
    /// `ecsdom/_html.py`: the module that exports those classes.
    pub py_html_module: String,
    /// Rust, dom-ecs's `dict` module: the dictionaries the members take
    /// and the enumerations their members name, as Rust types.
    pub dom_types: String,
}

/// What a member's `this` is, and so what its dom-ecs method is a method
/// of: a node (`Document` methods taking the node), an event
/// (`EventState` methods: the interface is `Event` or inherits from it),
/// or an object each bridge makes of a dom-ecs value (methods of that
/// value taking the document).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Receiver {
    Node,
    Event,
    Object(ObjectKind),
    /// A constructor: the node document is the current global's document
    /// (the dom-ecs method takes that document node first).
    Global,
    /// A member of an interface whose objects belong to no document: a
    /// method of the dom-ecs value itself.
    Value(ValueKind),
    /// Such an interface's constructor: an associated function of the
    /// value's type making one.
    ValueConstructor(ValueKind),
    /// A static operation of such an interface: an associated function.
    Static(ValueKind),
    /// Such an interface's `iterable<K, V>`: the row's method gives the
    /// pair at an index (the iterators' step, so they see changes).
    PairIterable(ValueKind),
}

/// The interfaces whose objects are made of a dom-ecs value that belongs
/// to no document (the URL Standard's), and that value's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ValueKind {
    /// `URL`: a `UrlObject`.
    Url,
    /// `URLSearchParams`: a `SearchParams`.
    SearchParams,
    /// `Headers`: a `fetch::Headers`.
    Headers,
    /// `Response`: a `fetch::Response`.
    Response,
    /// The `Body` mixin's members (of `Response` and `Request`): a
    /// `fetch::Body`, either.
    Body,
    /// `TextDecoder` (and `TextDecoderCommon`'s members): an
    /// `encoding::TextDecoder`.
    TextDecoder,
    /// `TextEncoder` (and `TextEncoderCommon`'s members): an
    /// `encoding::TextEncoder`.
    TextEncoder,
    /// `Storage`: a `storage::Storage` area.
    Storage,
    /// `Navigator` (and its mixins' members): a `navigator::Navigator`.
    Navigator,
    /// `Crypto`: a `crypto::Crypto`.
    Crypto,
    /// `FormData`: a `fetch::FormData`.
    FormData,
    /// `Request`: a `fetch::Request`.
    Request,
    /// `DOMRectReadOnly` and `DOMRect`: a `geometry::DomRect`.
    Rect,
}

impl ValueKind {
    fn of(interface: &str) -> Option<ValueKind> {
        match interface {
            "URL" => Some(ValueKind::Url),
            "URLSearchParams" => Some(ValueKind::SearchParams),
            "Headers" => Some(ValueKind::Headers),
            "Response" => Some(ValueKind::Response),
            "Body" => Some(ValueKind::Body),
            "TextDecoder" | "TextDecoderCommon" => Some(ValueKind::TextDecoder),
            "TextEncoder" | "TextEncoderCommon" => Some(ValueKind::TextEncoder),
            "Storage" => Some(ValueKind::Storage),
            "Navigator"
            | "NavigatorID"
            | "NavigatorLanguage"
            | "NavigatorOnLine"
            | "NavigatorCookies"
            | "NavigatorConcurrentHardware" => Some(ValueKind::Navigator),
            "Crypto" => Some(ValueKind::Crypto),
            "FormData" => Some(ValueKind::FormData),
            "Request" => Some(ValueKind::Request),
            "DOMRectReadOnly" | "DOMRect" => Some(ValueKind::Rect),
            _ => None,
        }
    }

    /// The dom-ecs type whose methods the members are.
    fn rust_type(self) -> &'static str {
        match self {
            ValueKind::Url => "dom_ecs::UrlObject",
            ValueKind::SearchParams => "dom_ecs::SearchParams",
            ValueKind::Headers => "dom_ecs::fetch::Headers",
            ValueKind::Response => "dom_ecs::fetch::Response",
            ValueKind::Body => "dom_ecs::fetch::Body",
            ValueKind::TextDecoder => "dom_ecs::encoding::TextDecoder",
            ValueKind::TextEncoder => "dom_ecs::encoding::TextEncoder",
            ValueKind::Storage => "dom_ecs::storage::Storage",
            ValueKind::Navigator => "dom_ecs::navigator::Navigator",
            ValueKind::Crypto => "dom_ecs::crypto::Crypto",
            ValueKind::FormData => "dom_ecs::fetch::FormData",
            ValueKind::Request => "dom_ecs::fetch::Request",
            ValueKind::Rect => "dom_ecs::geometry::DomRect",
        }
    }
}

/// The interfaces whose objects each bridge makes of a dom-ecs value,
/// and that value's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ObjectKind {
    /// `DOMTokenList`: a `TokenList`.
    Tokens,
    /// `NodeList` and `HTMLCollection`: a `LiveCollection`.
    Nodes,
    /// `NamedNodeMap`: an `AttrMap`.
    Attrs,
    /// `CSSStyleDeclaration`: an element's `StyleDeclarations`.
    Style,
    /// `Range`: a live `Range`.
    Range,
    /// `StyleSheet` and `CSSStyleSheet`: a `StyleSheet`.
    Sheet,
    /// `StyleSheetList`: a `StyleSheets`.
    Sheets,
    /// `CSSRuleList`: a `RuleList`.
    Rules,
    /// `CSSRule` and `CSSStyleRule`: a `Rule`.
    Rule,
    /// `Animation`, `CSSTransition` and `CSSAnimation`: an
    /// `AnimationHandle`.
    Animation,
}

impl ObjectKind {
    fn of(interface: &str) -> Option<ObjectKind> {
        match interface {
            "DOMTokenList" => Some(ObjectKind::Tokens),
            "NodeList"
            | "HTMLCollection"
            | "HTMLOptionsCollection"
            | "HTMLFormControlsCollection" => Some(ObjectKind::Nodes),
            "NamedNodeMap" => Some(ObjectKind::Attrs),
            "CSSStyleDeclaration" => Some(ObjectKind::Style),
            "Range" => Some(ObjectKind::Range),
            "StyleSheet" | "CSSStyleSheet" => Some(ObjectKind::Sheet),
            "StyleSheetList" => Some(ObjectKind::Sheets),
            "CSSRuleList" => Some(ObjectKind::Rules),
            "CSSRule" | "CSSStyleRule" => Some(ObjectKind::Rule),
            "Animation" | "CSSTransition" | "CSSAnimation" => Some(ObjectKind::Animation),
            _ => None,
        }
    }

    /// The dom-ecs type whose methods the members are.
    fn rust_type(self) -> &'static str {
        match self {
            ObjectKind::Tokens => "dom_ecs::TokenList",
            ObjectKind::Nodes => "dom_ecs::LiveCollection",
            ObjectKind::Attrs => "dom_ecs::AttrMap",
            ObjectKind::Style => "dom_ecs::StyleDeclarations",
            ObjectKind::Range => "dom_ecs::Range",
            ObjectKind::Sheet => "dom_ecs::StyleSheet",
            ObjectKind::Sheets => "dom_ecs::StyleSheets",
            ObjectKind::Rules => "dom_ecs::RuleList",
            ObjectKind::Rule => "dom_ecs::Rule",
            ObjectKind::Animation => "dom_ecs::AnimationHandle",
        }
    }
}

/// One member to generate, resolved against the model.
struct Resolved<'a> {
    binding: &'a Binding,
    /// What `this` is.
    receiver: Receiver,
    member: &'a Member,
    /// The arguments bound (all, or the first `args=`).
    args: &'a [Argument],
    /// The interfaces that get it (the declaring one, or every includer).
    targets: Vec<&'a str>,
}

impl Resolved<'_> {
    /// The native's key (`Node.parentNode`); a setter's ends in `=`.
    fn key(&self) -> String {
        format!("{}.{}", self.binding.owner, self.member.name)
    }
}

/// Generate every binding of `table`, and the constants of its classes.
///
/// # Errors
/// A binding whose member is not in the IDL, or whose types no generator
/// converts yet (the message names it).
pub fn generate(model: &Model, table: &Table) -> Result<Generated, String> {
    let mut out = Generated::default();
    // The HTML element classes first: the members are placed on them.
    let table = &with_html_classes(table, &mut out);
    let bindings = table
        .bindings
        .iter()
        .map(|b| reflect::complete(model, b))
        .collect::<Result<Vec<_>, _>>()?;
    let mut html_members: std::collections::BTreeMap<String, Vec<Member>> =
        std::collections::BTreeMap::new();
    let resolved = bindings
        .iter()
        .map(|b| resolve(model, b))
        .collect::<Result<Vec<_>, _>>()?;
    // The dictionaries the members take: a Rust type each, and their
    // conversions in both languages (before the natives that call them).
    let (dicts, enums) = dicts::used(
        model,
        resolved
            .iter()
            .flat_map(|r| r.args.iter().map(|a| a.ty.as_str())),
    );
    out.dom_types = dicts::rust_types(model, &dicts, &enums)?;
    dicts::js_converters(model, &dicts, &enums, &mut out.js_natives)?;
    dicts::py_converters(model, &dicts, &enums, &mut out.py_methods)?;
    for r in &resolved {
        for t in &r.targets {
            if *t == "HTMLElement" || table.html.iter().any(|h| h == t) {
                let mut m = r.member.clone();
                m.args = r.args.to_vec();
                html_members.entry((*t).to_owned()).or_default().push(m);
            }
        }
        js::member(model, table, r, &mut out.js_members)?;
        js::native(model, r, &mut out.js_natives)?;
        py::method(model, table, r, &mut out.py_methods)?;
    }
    for t in &table.js_classes {
        js::constants(model, t, &mut out.js_members)?;
    }
    for (t, class) in &table.py_classes {
        py::constants(model, t, class, &mut out.py_methods)?;
    }
    // Event handler IDL attributes (`onclick`...): on each class of both
    // languages, and the window's names. (Not on the objects made of a
    // dom-ecs value: none is an event target, an `Animation` neither.)
    for t in &table.js_classes {
        if ObjectKind::of(t).is_some() {
            continue;
        }
        for name in event_handlers(model, t) {
            let _ = writeln!(out.js_members, "  eventHandler({t}.prototype, '{name}');");
        }
    }
    let window: Vec<String> = event_handlers(model, "Window")
        .iter()
        .map(|n| format!("'{n}'"))
        .collect();
    let _ = writeln!(
        out.js_members,
        "  const WINDOW_EVENT_HANDLERS = [{}];",
        window.join(", ")
    );
    // A dedicated worker's global: its event handlers, and the interfaces
    // exposed there (the prelude removes every other from a worker's).
    let worker: Vec<String> = ["WorkerGlobalScope", "DedicatedWorkerGlobalScope"]
        .iter()
        .flat_map(|g| event_handlers(model, g))
        .map(|n| format!("'{n}'"))
        .collect();
    let _ = writeln!(
        out.js_members,
        "  const WORKER_EVENT_HANDLERS = [{}];",
        worker.join(", ")
    );
    let exposed: Vec<String> = model
        .interfaces
        .values()
        .filter(|i| i.on_worker)
        .map(|i| format!("'{}'", i.name))
        .collect();
    let _ = writeln!(
        out.js_members,
        "  const WORKER_INTERFACES = new Set([{}]);",
        exposed.join(", ")
    );
    // (Python's Window is a Python class: it makes its handler properties
    // from this list.)
    let _ = writeln!(
        out.py_methods,
        "/// The window's event handler attributes (Window's IDL).\npub(crate) const WINDOW_EVENT_HANDLERS: &[&str] = &[{}];\n",
        window.join(", ").replace('\'', "\"")
    );
    for (t, class) in &table.py_classes {
        if ObjectKind::of(t).is_some() {
            continue;
        }
        py::event_handlers(&event_handlers(model, t), class, &mut out.py_methods);
    }
    if !table.html.is_empty() {
        let handlers = |i: &str| {
            event_handlers(model, i)
                .into_iter()
                .map(str::to_owned)
                .collect()
        };
        let consts = |i: &str| constants(model, i).map(|c| c.name.clone()).collect();
        (out.py_stub, out.py_html_module) = html::py_stub(
            &table.html,
            &html_members,
            &handlers,
            &consts,
            &|t: &str| model.dictionaries.contains_key(t),
            &table.py_extras,
        )?;
    }
    // The data event interfaces (UI Events, HTML's): one table for both.
    let mut specs = events::event_specs(model, "uievents.idl", None);
    specs.extend(events::event_specs(
        model,
        "html.idl",
        Some(&events::HTML_EVENTS),
    ));
    specs.extend(events::event_specs(
        model,
        "xhr.idl",
        Some(&["ProgressEvent"]),
    ));
    specs.extend(events::event_specs(model, "css-events.idl", None));
    specs.extend(events::event_specs(model, "create-event.idl", None));
    specs.extend(events::event_specs(
        model,
        "create-event.idl",
        Some(&["TextEvent"]),
    ));
    let data = events::data_specs(model, &specs);
    let enums = events::enum_specs(model, &specs, &data);
    events::js_table(&specs, &data, &enums, &mut out.js_members);
    events::py_table(&specs, &data, &enums, &mut out.py_methods);
    // One block, so `include!` takes it as one expression.
    out.js_natives = format!("{{\n{}}}\n", out.js_natives);
    Ok(out)
}

/// Read the IDL files the bindings come from (`dom.idl`, `html.idl`,
/// `DOM-Parsing.idl`, `uievents.idl`, `cssom.idl`, `url.idl`, `fetch.idl`, `encoding.idl`,
/// `xhr.idl`) under
/// `interfaces`, the newer members (`dom-additions.idl`,
/// `url-additions.idl`) beside the binding table at `table`, and
/// the table, and generate. For the
/// build scripts; each path read is printed for cargo to watch.
///
/// # Errors
/// An unreadable file, or what [`generate`] reports.
pub fn generate_from_files(
    interfaces: &std::path::Path,
    table: &std::path::Path,
) -> Result<Generated, String> {
    generate_from_files_with(interfaces, table, &[])
}

/// [`generate_from_files`], with the HTML interfaces whose hand-written
/// Python members the hand-written stub declares (for the stub).
///
/// # Errors
/// As [`generate_from_files`].
pub fn generate_from_files_with(
    interfaces: &std::path::Path,
    table: &std::path::Path,
    py_extras: &[String],
) -> Result<Generated, String> {
    let read = |p: &std::path::Path| {
        println!("cargo:rerun-if-changed={}", p.display());
        std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))
    };
    let dom = read(&interfaces.join("dom.idl"))?;
    let html = read(&interfaces.join("html.idl"))?;
    let parsing = read(&interfaces.join("DOM-Parsing.idl"))?;
    let ui = read(&interfaces.join("uievents.idl"))?;
    let cssom = read(&interfaces.join("cssom.idl"))?;
    let url = read(&interfaces.join("url.idl"))?;
    let fetch = read(&interfaces.join("fetch.idl"))?;
    let encoding = read(&interfaces.join("encoding.idl"))?;
    let xhr = read(&interfaces.join("xhr.idl"))?;
    let geometry = read(&interfaces.join("geometry.idl"))?;
    let view = read(&interfaces.join("cssom-view.idl"))?;
    let additions = read(&table.with_file_name("dom-additions.idl"))?;
    let url_additions = read(&table.with_file_name("url-additions.idl"))?;
    let webcrypto = read(&table.with_file_name("webcrypto.idl"))?;
    let css_events = read(&table.with_file_name("css-events.idl"))?;
    let create_event = read(&table.with_file_name("create-event.idl"))?;
    let svg = read(&table.with_file_name("svg.idl"))?;
    let animations = read(&table.with_file_name("web-animations.idl"))?;
    let model = Model::from_sources(&[
        ("dom.idl", &dom),
        ("html.idl", &html),
        ("DOM-Parsing.idl", &parsing),
        ("uievents.idl", &ui),
        ("cssom.idl", &cssom),
        ("url.idl", &url),
        ("fetch.idl", &fetch),
        ("encoding.idl", &encoding),
        ("xhr.idl", &xhr),
        ("geometry.idl", &geometry),
        ("cssom-view.idl", &view),
        ("dom-additions.idl", &additions),
        ("url-additions.idl", &url_additions),
        ("webcrypto.idl", &webcrypto),
        ("css-events.idl", &css_events),
        ("create-event.idl", &create_event),
        ("svg.idl", &svg),
        ("web-animations.idl", &animations),
    ])
    .map_err(|e| e.to_string())?;
    let html_path = table.with_file_name("html-elements.txt");
    let (html, _) = crate::html_elements(&read(&html_path)?)
        .map_err(|e| format!("{}: {e}", html_path.display()))?;
    let mut table = Table::parse(&read(table)?).map_err(|e| format!("{}: {e}", table.display()))?;
    table.html = html.into_iter().map(|i| i.name).collect();
    table.py_extras = py_extras.to_vec();
    generate(&model, &table).map_err(|e| format!("webidl/bindings.txt: {e}"))
}

/// `table` with the HTML element interfaces' classes (when it lists
/// any): their JS and Python declarations are written to `out`.
fn with_html_classes(table: &Table, out: &mut Generated) -> Table {
    let mut t = table.clone();
    if t.html.is_empty() {
        return t;
    }
    html::js_classes(&t.html, &mut out.js_members);
    html::py_classes(&t.html, &mut out.py_methods);
    let names: Vec<String> = ["HTMLElement", "HTMLUnknownElement"]
        .into_iter()
        .map(str::to_owned)
        .chain(t.html.iter().cloned())
        .collect();
    for n in names {
        if !t.js_classes.contains(&n) {
            t.js_classes.push(n.clone());
        }
        if !t.py_classes.iter().any(|(i, _)| *i == n) {
            let ty = html::py_type(&n);
            t.py_classes.push((n, ty));
        }
    }
    t
}

/// The member `owner.name` (of an interface or a mixin), and the
/// interfaces that have it.
fn find_member<'a>(
    model: &'a Model,
    owner: &str,
    name: &str,
) -> Option<(&'a Member, Vec<&'a str>)> {
    let mut member = None;
    let mut targets = Vec::new();
    for i in model.interfaces.values() {
        for m in &i.members {
            let declared = m.mixin.as_deref().unwrap_or(&i.name);
            if declared == owner && m.name == name {
                member = Some(m);
                targets.push(i.name.as_str());
            }
        }
    }
    member.map(|m| (m, targets))
}

fn resolve<'a>(model: &'a Model, b: &'a Binding) -> Result<Resolved<'a>, String> {
    if b.member == "constructor" {
        return resolve_constructor(model, b);
    }
    let name = format!("{}.{}", b.owner, b.member);
    let value = ValueKind::of(&b.owner);
    if b.member == "iterable" {
        return resolve_iterable(model, b, value);
    }
    let (member, targets) = find_member(model, &b.owner, &b.member)
        .ok_or_else(|| format!("{name} is not in the IDL"))?;
    if member.is_static && value.is_none() {
        return Err(format!(
            "{name}: static operations are generated for value interfaces (URL) only"
        ));
    }
    if member.overloaded {
        return Err(format!("{name} is overloaded: write it by hand"));
    }
    let writable = member.kind == (MemberKind::Attribute { readonly: false });
    if writable != b.set.is_some() {
        return Err(format!(
            "{name}: a writable attribute, and only one, names its setter (set=)"
        ));
    }
    let args = match b.args {
        Some(k)
            if member
                .args
                .get(k..)
                .is_some_and(|rest| rest.iter().all(|a| a.optional)) =>
        {
            &member.args[..k]
        }
        Some(_) => {
            return Err(format!(
                "{name}: args= may leave out optional arguments only"
            ));
        }
        None => &member.args[..],
    };
    let receiver = if let Some(kind) = value {
        if b.record.is_some()
            || b.gc
            || b.ids
            || b.reflect.is_some()
            || b.foreign
            || b.detach
            || b.interned
        {
            return Err(format!(
                "{name}: a member of {} takes no option (it belongs to no document)",
                b.owner
            ));
        }
        if member.is_static {
            if member.kind != MemberKind::Operation {
                return Err(format!("{name}: only static operations are generated"));
            }
            Receiver::Static(kind)
        } else {
            Receiver::Value(kind)
        }
    } else if model.ancestry(&b.owner).iter().any(|i| i.name == "Event") {
        Receiver::Event
    } else if let Some(kind) = ObjectKind::of(&b.owner) {
        Receiver::Object(kind)
    } else {
        Receiver::Node
    };
    if receiver == Receiver::Event && (b.record.is_some() || b.gc || b.ids || b.reflect.is_some()) {
        return Err(format!(
            "{name}: an event's member takes no record=, gc, ids or reflect="
        ));
    }
    // (An object's recorder may answer a call: `toggle` says whether the
    // token is there now.)
    let writes = writable
        || (member.kind == MemberKind::Operation
            && (member.ty == "undefined" || matches!(receiver, Receiver::Object(_))));
    if b.record.is_some() && !writes {
        return Err(format!(
            "{name}: only an attribute's write or an operation returning undefined is recorded"
        ));
    }
    if matches!(receiver, Receiver::Object(_))
        && (b.gc || b.ids || b.reflect.is_some() || b.foreign || b.detach || b.interned)
    {
        return Err(format!(
            "{name}: a member of {} takes no gc, ids, reflect=, foreign, detach or interned",
            b.owner
        ));
    }
    Ok(Resolved {
        binding: b,
        receiver,
        member,
        args,
        targets,
    })
}

/// A constructor row (`Text.constructor create_text_node_in`): the
/// interface's `constructor(...)`, whose dom-ecs method takes the current
/// global's document node and the arguments.
fn resolve_constructor<'a>(model: &'a Model, b: &'a Binding) -> Result<Resolved<'a>, String> {
    let name = format!("{}.constructor", b.owner);
    let member = model
        .interfaces
        .get(&b.owner)
        .and_then(|i| i.constructor.as_ref())
        .ok_or_else(|| format!("{name}: {} has no constructor in the IDL", b.owner))?;
    if b.set.is_some()
        || b.record.is_some()
        || b.args.is_some()
        || b.ids
        || b.foreign
        || b.reflect.is_some()
        || b.detach
        || b.interned
    {
        return Err(format!("{name}: a constructor takes no option but gc"));
    }
    Ok(Resolved {
        binding: b,
        receiver: match ValueKind::of(&b.owner) {
            Some(kind) if !b.gc => Receiver::ValueConstructor(kind),
            Some(_) => return Err(format!("{name}: takes no gc (it belongs to no document)")),
            None => Receiver::Global,
        },
        member,
        args: &member.args,
        targets: vec![model.interfaces[&b.owner].name.as_str()],
    })
}

/// A row `Interface.iterable method`: the interface's pair iterable
/// (`iterable<K, V>`), whose iterators step with the method (the pair at
/// an index, none past the end).
fn resolve_iterable<'a>(
    model: &'a Model,
    b: &'a Binding,
    value: Option<ValueKind>,
) -> Result<Resolved<'a>, String> {
    let name = format!("{}.iterable", b.owner);
    let interface = model
        .interfaces
        .get(&b.owner)
        .ok_or_else(|| format!("{name}: no interface {}", b.owner))?;
    let it = interface
        .iterable
        .as_ref()
        .ok_or_else(|| format!("{name}: {} declares no iterable", b.owner))?;
    let (Some(kind), Some(_)) = (value, &it.key) else {
        return Err(format!(
            "{name}: pair iterables of value interfaces (URLSearchParams) only"
        ));
    };
    if b.set.is_some() || b.record.is_some() || b.args.is_some() || b.gc {
        return Err(format!("{name}: takes no option"));
    }
    Ok(Resolved {
        binding: b,
        receiver: Receiver::PairIterable(kind),
        member: &it.step,
        args: &it.step.args,
        targets: vec![interface.name.as_str()],
    })
}

/// The event handler IDL attributes of `interface` (its mixins' too):
/// the attributes typed `EventHandler` and its two special kinds.
/// The event handler IDL attributes (`onclick`...) of `interface`, its
/// mixins included: the attributes of type `EventHandler`,
/// `OnErrorEventHandler` or `OnBeforeUnloadEventHandler`.
pub fn event_handlers<'m>(model: &'m Model, interface: &str) -> Vec<&'m str> {
    model.interfaces.get(interface).map_or_else(Vec::new, |i| {
        i.members
            .iter()
            .filter(|m| {
                matches!(m.kind, MemberKind::Attribute { .. })
                    && matches!(
                        m.ty.as_str(),
                        "EventHandler" | "OnErrorEventHandler" | "OnBeforeUnloadEventHandler"
                    )
            })
            .map(|m| m.name.as_str())
            .collect()
    })
}

/// The attribute a `[PutForwards=x]` attribute's writes go to.
fn put_forwards(m: &Member) -> Option<&str> {
    m.ext.iter().find_map(|e| e.strip_prefix("PutForwards="))
}

/// Whether an IDL type is a collection that each bridge makes its own
/// object of (`NodeList`, `HTMLCollection`: a dom-ecs `LiveCollection`;
/// `DOMTokenList`: a `TokenList`; `NamedNodeMap`: an `AttrMap`;
/// `DOMStringMap`: a `StringMap`; `CSSStyleDeclaration`: an `StyleDeclarations`). An
/// `HTMLOptionsCollection` and an `HTMLFormControlsCollection` are made
/// as the `HTMLCollection` they inherit from: their own members (`add`,
/// `remove`, a writable `length`; `namedItem`'s `RadioNodeList`) are absent.
fn is_collection_type(ty: &str) -> bool {
    matches!(
        ty,
        "NodeList"
            | "HTMLCollection"
            | "HTMLOptionsCollection"
            | "HTMLFormControlsCollection"
            | "DOMTokenList"
            | "NamedNodeMap"
            | "DOMStringMap"
            | "CSSStyleDeclaration"
    )
}

/// Whether a result of IDL type `ty` is an object of the document (a
/// node, a collection, a `Range`, a sequence of nodes or of such objects:
/// `getAnimations()`'s), which Python makes with the document's
/// state at hand.
fn is_document_object(model: &Model, ty: &str) -> bool {
    let sequence_of_nodes = ty
        .strip_prefix("sequence<")
        .and_then(|t| t.strip_suffix('>'))
        .is_some_and(|t| is_node_type(model, t) || ObjectKind::of(t).is_some());
    is_node_type(model, ty)
        || is_collection_type(ty)
        || ty == "Range"
        || sequence_of_nodes
        || ObjectKind::of(ty.trim_end_matches('?')).is_some()
}

/// Whether an IDL type (without `?`) names a node interface (or a union
/// of two: html.idl's `HTMLOrSVGScriptElement`, `currentScript`'s;
/// `(Element or ProcessingInstruction)`, cssom.idl's `ownerNode`'s).
fn is_node_type(model: &Model, ty: &str) -> bool {
    let ty = ty.trim_end_matches('?');
    matches!(
        ty,
        "HTMLOrSVGScriptElement" | "(Element or ProcessingInstruction)"
    ) || model.ancestry(ty).iter().any(|i| i.name == "Node")
}

/// The conversions of one IDL argument type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Arg {
    Node,
    NullableNode,
    /// `Node?` with `foreign` (Python): another document's node is null.
    ForeignIsNull,
    Str,
    /// `USVString`: a lone surrogate is U+FFFD.
    Usv,
    /// `[LegacyNullToEmptyString] DOMString`: null is "".
    StrNullIsEmpty,
    NullableStr,
    /// `optional USVString` with no default: absent is none.
    OptionalStr,
    /// `URLSearchParams`'s `init`: a `dom_ecs::SearchParamsInit`.
    SearchParamsInit,
    /// `optional HeadersInit`: none, or a `dom_ecs::SearchParamsInit` (the
    /// same union, of `ByteString`s: a string is `Headers`'s `TypeError`).
    HeadersInit,
    /// `optional BodyInit? body = null`: none, or a
    /// `dom_ecs::fetch::BodyInit` (a string, bytes, a `URLSearchParams`).
    BodyInit,
    /// `optional BufferSource` (`[AllowShared]` or not) with no default:
    /// none, or the bytes the buffer or view holds now (copied).
    OptionalBytes,
    /// `Uint8Array` the member writes into (`encodeInto`'s destination):
    /// the bridge's `BytesOut`, whose `bytes()` is the array's memory.
    BytesOut,
    /// `ArrayBufferView` the member fills (`getRandomValues`): an integer
    /// typed array (else a `TypeMismatchError`), returned as passed.
    IntegerView,
    Bool,
    /// `optional boolean` with no default: absent is none.
    OptionalBool,
    UnsignedLong,
    /// `long`: ToInt32 in JS, an `int` that fits in Python.
    Long,
    /// `unrestricted double`.
    Double,
    /// `double`: a finite number (else a `TypeError`).
    FiniteDouble,
    UnsignedShort,
    /// A `Range` (a live range object of this page).
    Range,
    NodesOrStrings,
    /// `DOMString...`
    Strings,
    /// A dictionary (its name is the argument's type): a
    /// `dom_ecs::dict` struct, passed by reference (`dicts.rs`).
    Dict,
    /// `(Element or Text)...`: slottables, each a node of this document.
    Slottables,
}

fn arg_kind(model: &Model, a: &Argument) -> Result<Arg, String> {
    let ty = a.ty.as_str();
    Ok(match ty {
        "DOMString" if a.variadic => Arg::Strings,
        "USVString" | "DOMString" if a.optional && a.default.is_none() => Arg::OptionalStr,
        "DOMString" => Arg::Str,
        "DOMString?" => Arg::NullableStr,
        "USVString" => Arg::Usv,
        "(sequence<sequence<USVString>> or record<USVString, USVString> or USVString)" => {
            Arg::SearchParamsInit
        }
        "HeadersInit" if a.optional && a.default.is_none() => Arg::HeadersInit,
        "BodyInit?" => Arg::BodyInit,
        // (The values are checked where they are used: a header's.)
        "ByteString" => Arg::Str,
        "BufferSource" if a.optional && a.default.is_none() => Arg::OptionalBytes,
        "Uint8Array" => Arg::BytesOut,
        "ArrayBufferView" => Arg::IntegerView,
        "long" => Arg::Long,
        "unrestricted double" => Arg::Double,
        "double" => Arg::FiniteDouble,
        "boolean" if a.optional && a.default.is_none() => Arg::OptionalBool,
        "boolean" => Arg::Bool,
        "unsigned long" => Arg::UnsignedLong,
        "unsigned short" => Arg::UnsignedShort,
        "Range" => Arg::Range,
        "(Node or DOMString)" if a.variadic => Arg::NodesOrStrings,
        "(Element or Text)" if a.variadic => Arg::Slottables,
        t if model.dictionaries.contains_key(t) => Arg::Dict,
        t if is_node_type(model, t) => {
            if t.ends_with('?') {
                Arg::NullableNode
            } else {
                Arg::Node
            }
        }
        other => return Err(format!("argument {} of type {other}", a.name)),
    })
}

/// The value a writable attribute's setter is given, as an argument.
fn setter_value(m: &Member) -> Argument {
    Argument {
        name: "value".to_owned(),
        ty: m.ty.clone(),
        optional: false,
        variadic: false,
        default: None,
    }
}

/// The conversion of the value a writable attribute's setter is given.
fn setter_kind(model: &Model, m: &Member) -> Result<Arg, String> {
    match arg_kind(model, &setter_value(m))? {
        Arg::Str if m.ext.iter().any(|e| e == "LegacyNullToEmptyString") => Ok(Arg::StrNullIsEmpty),
        k => Ok(k),
    }
}

/// A constant's Rust type.
fn const_rust_type(ty: &str) -> Result<&'static str, String> {
    Ok(match ty {
        "unsigned short" => "u16",
        "short" => "i16",
        "unsigned long" => "u32",
        "long" => "i32",
        "long long" => "i64",
        "boolean" => "bool",
        "double" => "f64",
        "octet" => "u8",
        "byte" => "i8",
        other => return Err(format!("a constant of type {other}")),
    })
}

/// The constants an interface declares (its mixins' included).
fn constants<'m>(model: &'m Model, interface: &str) -> impl Iterator<Item = &'m Member> {
    model
        .interfaces
        .get(interface)
        .into_iter()
        .flat_map(|i| &i.members)
        .filter(|m| m.kind == MemberKind::Const)
}
