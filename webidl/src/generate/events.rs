//! Event interfaces whose objects are data (UI Events: `UIEvent`,
//! `MouseEvent`, `KeyboardEvent`...; HTML's `HashChangeEvent`,
//! `SubmitEvent`...): each a constructor taking its init
//! dictionary, and readonly attributes that give back the dictionary's
//! members. Both bridges build their classes from one table made here:
//! the members WebIDL converts, in its order, with their types and
//! defaults; the attributes; the constants.

use std::fmt::Write as _;

use crate::{Interface, Model};

/// An init member (or a legacy init method's argument): (name, IDL type,
/// default in IDL syntax).
pub(crate) type Member<'m> = (&'m str, &'m str, &'m str);

/// A legacy `init*Event` method: its name and its arguments after
/// `initEvent`'s three.
pub(crate) type LegacyInit<'m> = (&'m str, Vec<Member<'m>>);

/// One event interface of the table.
pub(crate) struct EventSpec<'m> {
    pub(crate) name: &'m str,
    pub(crate) parent: &'m str,
    /// The init dictionary's members, its ancestors' included, in WebIDL's
    /// conversion order: (name, IDL type, default in IDL syntax).
    pub(crate) init: Vec<(&'m str, &'m str, &'m str)>,
    /// Its own readonly attributes that a member of its init dictionary
    /// gives (an attribute without one is left out, so absent).
    pub(crate) attributes: Vec<&'m str>,
    /// Its constants: (name, value).
    pub(crate) constants: Vec<(&'m str, &'m str)>,
    /// Whether it has `getModifierState(key)`.
    pub(crate) modifier_state: bool,
    /// Its legacy `init*Event` method (`initMouseEvent`...): the name, and
    /// after the three arguments `initEvent` takes, each argument's init
    /// member (its name less `Arg`), IDL type and default.
    pub(crate) legacy_init: Option<LegacyInit<'m>>,
    /// Whether script constructs it (`new MouseEvent(type, init)`); one
    /// the IDL gives no constructor (`BeforeUnloadEvent`, `TextEvent`) is
    /// made by `createEvent` only, and its constructor throws.
    pub(crate) constructible: bool,
    /// Its own attributes that are not readonly (`BeforeUnloadEvent`'s
    /// `returnValue`): a setter converts as its member does.
    pub(crate) writable: Vec<&'m str>,
}

/// An interface whose objects are the value of an event's attribute, made
/// from a dictionary member of its init dictionary (Device Orientation's
/// `DeviceMotionEventAcceleration` from a `DeviceMotionEventAccelerationInit`):
/// readonly attributes giving back the dictionary's members.
pub(crate) struct DataSpec<'m> {
    /// The dictionary (the init member's type).
    pub(crate) dictionary: &'m str,
    /// The interface its objects are.
    pub(crate) interface: &'m str,
    /// The dictionary's members: (name, IDL type, default in IDL syntax).
    pub(crate) members: Vec<Member<'m>>,
    /// Whether script constructs one from the dictionary (`new
    /// Touch(init)`), its `required` members then given.
    pub(crate) constructible: bool,
    /// The dictionary's required members.
    pub(crate) required: Vec<&'m str>,
}

/// The data interfaces whose constructor takes the dictionary that makes
/// them (Touch Events' `Touch`), beside those events make.
pub(crate) const CONSTRUCTED_DATA: [(&str, &str); 1] = [("TouchInit", "Touch")];

/// The HTML Standard's event interfaces that are data too (the rest of
/// html.idl's are not built, or are written by hand: `ErrorEvent`).
pub(crate) const HTML_EVENTS: [&str; 8] = [
    "BeforeUnloadEvent",
    "DragEvent",
    "HashChangeEvent",
    "MessageEvent",
    "PageTransitionEvent",
    "PopStateEvent",
    "StorageEvent",
    "SubmitEvent",
];

/// The event interfaces of `file` whose constructor takes an init
/// dictionary (those named in `only`, when given, and then those without a
/// constructor too), parents before children.
pub(crate) fn event_specs<'m>(
    model: &'m Model,
    file: &str,
    only: Option<&[&str]>,
) -> Vec<EventSpec<'m>> {
    let mut chosen: Vec<&Interface> = model
        .interfaces
        .values()
        .filter(|i| i.file == file && !i.not_on_window)
        .filter(|i| only.is_none_or(|names| names.contains(&i.name.as_str())))
        .filter(|i| model.ancestry(&i.name).iter().any(|a| a.name == "Event"))
        .filter(|i| init_dictionary(i).is_some() || (only.is_some() && i.constructor.is_none()))
        .collect();
    chosen.sort_by_key(|i| (model.ancestry(&i.name).len(), i.name.clone()));
    chosen
        .into_iter()
        .map(|i| {
            let init = init_members(model, i);
            let given = |m: &&crate::Member| init.iter().any(|(n, _, _)| *n == m.name);
            let attributes = i
                .members
                .iter()
                .filter(|m| matches!(m.kind, crate::MemberKind::Attribute { .. }))
                .filter(given)
                .map(|m| m.name.as_str())
                .collect();
            let writable = i
                .members
                .iter()
                .filter(|m| matches!(m.kind, crate::MemberKind::Attribute { readonly: false }))
                .filter(given)
                .map(|m| m.name.as_str())
                .collect();
            let constants = i
                .members
                .iter()
                .filter(|m| m.kind == crate::MemberKind::Const)
                .map(|m| (m.name.as_str(), m.value.as_deref().unwrap_or("0")))
                .collect();
            let legacy_init = legacy_init(i, &init);
            EventSpec {
                name: &i.name,
                parent: i.parent.as_deref().unwrap_or("Event"),
                init,
                attributes,
                constants,
                modifier_state: i.members.iter().any(|m| m.name == "getModifierState"),
                legacy_init,
                constructible: i.constructor.is_some(),
                writable,
            }
        })
        .collect()
}

/// What an event of interface `i` is initialized from, in WebIDL's order:
/// its init dictionary's members less `EventInit`'s (the `Event`
/// constructor's own); for an interface without a constructor, its
/// parent's and then its own attributes, each with its type's default
/// (what `createEvent` gives: "", false, 0, null). A member whose
/// dictionary makes an attribute's interface object (`acceleration`)
/// defaults to null, as that attribute does when the member is absent.
fn init_members<'m>(model: &'m Model, i: &'m Interface) -> Vec<Member<'m>> {
    let Some(dict) = init_dictionary(i) else {
        let parent = i.parent.as_deref().and_then(|p| model.interfaces.get(p));
        let mut init = parent.map(|p| init_members(model, p)).unwrap_or_default();
        for m in &i.members {
            if matches!(m.kind, crate::MemberKind::Attribute { .. } if !m.is_static) {
                init.push((m.name.as_str(), m.ty.as_str(), type_default(&m.ty)));
            }
        }
        return init;
    };
    model
        .dictionary_members(dict)
        .into_iter()
        .filter(|m| !matches!(m.name.as_str(), "bubbles" | "cancelable" | "composed"))
        .map(|m| {
            let default = match m.default.as_deref() {
                Some(d) => d,
                None if data_interface(model, i, &m.name, &m.ty).is_some() => "null",
                None => "undefined",
            };
            (m.name.as_str(), m.ty.as_str(), default)
        })
        .collect()
}

/// The value an attribute of type `ty` has before anything sets it.
fn type_default(ty: &str) -> &'static str {
    match ty {
        _ if ty.ends_with('?') => "null",
        "boolean" => "false",
        "DOMString" | "USVString" | "CSSOMString" | "ByteString" => "\"\"",
        "byte"
        | "octet"
        | "short"
        | "unsigned short"
        | "long"
        | "unsigned long"
        | "long long"
        | "unsigned long long"
        | "float"
        | "unrestricted float"
        | "double"
        | "unrestricted double" => "0",
        _ => "null",
    }
}

/// The interface whose object `i`'s attribute `name` is, when its init
/// member of that name has a dictionary type `ty` (`acceleration`:
/// `DeviceMotionEventAccelerationInit` makes a
/// `DeviceMotionEventAcceleration`).
fn data_interface<'m>(model: &'m Model, i: &Interface, name: &str, ty: &str) -> Option<&'m str> {
    model.dictionaries.get(ty)?;
    let attribute = i
        .members
        .iter()
        .find(|m| m.name == name && matches!(m.kind, crate::MemberKind::Attribute { .. }))?;
    let target = model
        .interfaces
        .get(attribute.ty.strip_suffix('?').unwrap_or(&attribute.ty))?;
    target.constructor.is_none().then_some(target.name.as_str())
}

/// The data interfaces the events of `specs` make from their dictionary
/// members, each once.
pub(crate) fn data_specs<'m>(model: &'m Model, specs: &[EventSpec<'m>]) -> Vec<DataSpec<'m>> {
    let mut out: Vec<DataSpec<'m>> = Vec::new();
    for s in specs {
        let Some(i) = model.interfaces.get(s.name) else {
            continue;
        };
        for (name, ty, _) in &s.init {
            let Some(interface) = data_interface(model, i, name, ty) else {
                continue;
            };
            if out.iter().any(|d| d.dictionary == *ty) {
                continue;
            }
            out.push(data_spec(model, ty, interface, false));
        }
    }
    for (dictionary, interface) in CONSTRUCTED_DATA {
        if let (Some((d, _)), Some(i)) = (
            model.dictionaries.get_key_value(dictionary),
            model.interfaces.get(interface),
        ) {
            out.push(data_spec(model, d, &i.name, true));
        }
    }
    out
}

/// The row of the data interface `interface` made from `dictionary`.
fn data_spec<'m>(
    model: &'m Model,
    dictionary: &'m str,
    interface: &'m str,
    constructible: bool,
) -> DataSpec<'m> {
    let members = model.dictionary_members(dictionary);
    DataSpec {
        dictionary,
        interface,
        required: members
            .iter()
            .filter(|m| m.required)
            .map(|m| m.name.as_str())
            .collect(),
        members: members
            .into_iter()
            .map(|m| {
                let default = m.default.as_deref().unwrap_or("undefined");
                (m.name.as_str(), m.ty.as_str(), default)
            })
            .collect(),
        constructible,
    }
}

/// The enumerations the members of `specs` and `data` have (name, values).
pub(crate) fn enum_specs<'m>(
    model: &'m Model,
    specs: &[EventSpec<'m>],
    data: &[DataSpec<'m>],
) -> Vec<(&'m str, &'m [String])> {
    let types = specs
        .iter()
        .flat_map(|s| s.init.iter())
        .chain(data.iter().flat_map(|d| d.members.iter()))
        .map(|(_, t, _)| t.strip_suffix('?').unwrap_or(t));
    let mut out: Vec<(&str, &[String])> = Vec::new();
    for t in types {
        if let Some((name, values)) = model.enums.get_key_value(t)
            && !out.iter().any(|(n, _)| *n == name)
        {
            out.push((name, values));
        }
    }
    out
}

/// The legacy `init{Interface}` operation of `i`
/// (<https://w3c.github.io/uievents/#legacy-interface-UIEvent>...), when
/// its arguments are `initEvent`'s three and then init members.
fn legacy_init<'m>(i: &'m Interface, init: &[Member<'m>]) -> Option<LegacyInit<'m>> {
    let op = i
        .members
        .iter()
        .find(|m| m.kind == crate::MemberKind::Operation && m.name == format!("init{}", i.name))?;
    let names: Vec<&str> = op.args.iter().map(|a| a.name.as_str()).collect();
    let first = names.get(..3)?;
    if first != ["typeArg", "bubblesArg", "cancelableArg"]
        && first != ["type", "bubbles", "cancelable"]
    {
        return None;
    }
    let rest = op.args[3..]
        .iter()
        .map(|a| {
            let member = a.name.strip_suffix("Arg").unwrap_or(&a.name);
            init.iter().find(|(n, _, _)| *n == member)?;
            Some((
                member,
                a.ty.as_str(),
                a.default.as_deref().unwrap_or("undefined"),
            ))
        })
        .collect::<Option<Vec<_>>>()?;
    Some((op.name.as_str(), rest))
}

/// The init dictionary a constructor takes as its second argument.
fn init_dictionary(i: &Interface) -> Option<&str> {
    let c = i.constructor.as_ref()?;
    let arg = c.args.get(1)?;
    arg.ty.ends_with("Init").then_some(arg.ty.as_str())
}

/// One interface's three lists, each item written by its own format:
/// (init members, attributes, constants), comma-separated.
fn lists(
    s: &EventSpec<'_>,
    member: impl Fn(&str, &str, &str) -> String,
    attribute: impl Fn(&str) -> String,
    constant: impl Fn(&str, &str) -> String,
) -> [String; 3] {
    let join = |items: Vec<String>| items.join(", ");
    [
        join(s.init.iter().map(|(n, t, d)| member(n, t, d)).collect()),
        join(s.attributes.iter().map(|a| attribute(a)).collect()),
        join(s.constants.iter().map(|(n, v)| constant(n, v)).collect()),
    ]
}

/// The table as a JS constant of the prelude: `[name, parent, [[member,
/// type, default]...], [attribute...], [[constant, value]...],
/// modifierState, [legacy init method, [[member, type, default]...]] or
/// null, constructible, [writable attribute...]]` per interface (an IDL
/// default is JS syntax too); and `EVENT_DATA`: `[dictionary, interface,
/// [[member, type, default]...]]` per data interface.
pub(crate) fn js_table(
    specs: &[EventSpec<'_>],
    data: &[DataSpec<'_>],
    enums: &[(&str, &[String])],
    out: &mut String,
) {
    let _ = writeln!(out, "  const EVENT_INTERFACES = [");
    for s in specs {
        let [init, attributes, constants] = lists(
            s,
            |n, t, d| format!("['{n}', '{t}', {d}]"),
            |a| format!("'{a}'"),
            |n, v| format!("['{n}', {v}]"),
        );
        let legacy = match &s.legacy_init {
            Some((name, args)) => {
                let args: Vec<String> = args
                    .iter()
                    .map(|(n, t, d)| format!("['{n}', '{t}', {d}]"))
                    .collect();
                format!("['{name}', [{}]]", args.join(", "))
            }
            None => "null".to_owned(),
        };
        let writable: Vec<String> = s.writable.iter().map(|a| format!("'{a}'")).collect();
        let _ = writeln!(
            out,
            "    ['{}', '{}', [{init}], [{attributes}], [{constants}], {}, {legacy}, {}, [{}]],",
            s.name,
            s.parent,
            s.modifier_state,
            s.constructible,
            writable.join(", ")
        );
    }
    let _ = writeln!(out, "  ];");
    let _ = writeln!(out, "  const EVENT_DATA = [");
    for d in data {
        let members: Vec<String> = d
            .members
            .iter()
            .map(|(n, t, v)| format!("['{n}', '{t}', {v}]"))
            .collect();
        let required: Vec<String> = d.required.iter().map(|r| format!("'{r}'")).collect();
        let _ = writeln!(
            out,
            "    ['{}', '{}', [{}], {}, [{}]],",
            d.dictionary,
            d.interface,
            members.join(", "),
            d.constructible,
            required.join(", ")
        );
    }
    let _ = writeln!(out, "  ];");
    let _ = writeln!(out, "  const EVENT_ENUMS = {{");
    for (name, values) in enums {
        let values: Vec<String> = values.iter().map(|v| format!("'{v}'")).collect();
        let _ = writeln!(out, "    {name}: [{}],", values.join(", "));
    }
    let _ = writeln!(out, "  }};");
}

/// The table as a Rust constant of py-bridge (its `EventInterface` type).
pub(crate) fn py_table(
    specs: &[EventSpec<'_>],
    data: &[DataSpec<'_>],
    enums: &[(&str, &[String])],
    out: &mut String,
) {
    let _ = writeln!(
        out,
        "/// The data event interfaces (UI Events, HTML's), from the IDL.\npub(crate) const EVENT_INTERFACES: &[EventInterface] = &["
    );
    for s in specs {
        let [init, attributes, constants] = lists(
            s,
            |n, t, d| format!("({n:?}, {t:?}, {d:?})"),
            |a| format!("{a:?}"),
            |n, v| format!("({n:?}, {v})"),
        );
        let legacy = match &s.legacy_init {
            Some((name, args)) => {
                let args: Vec<String> = args
                    .iter()
                    .map(|(n, t, d)| format!("({n:?}, {t:?}, {d:?})"))
                    .collect();
                format!("Some(({name:?}, &[{}]))", args.join(", "))
            }
            None => "None".to_owned(),
        };
        let _ = writeln!(
            out,
            "    EventInterface {{ name: {:?}, parent: {:?}, init: &[{init}], attributes: &[{attributes}], constants: &[{constants}], modifier_state: {}, legacy_init: {legacy}, constructible: {}, writable: &{:?} }},",
            s.name, s.parent, s.modifier_state, s.constructible, s.writable
        );
    }
    let _ = writeln!(out, "];");
    let _ = writeln!(
        out,
        "/// The interfaces of event attributes made from init dictionaries (and\n/// those constructed from one): (dictionary, interface, members,\n/// constructible, required members).\npub(crate) const EVENT_DATA: &[EventDataRow] = &["
    );
    for d in data {
        let members: Vec<String> = d
            .members
            .iter()
            .map(|(n, t, v)| format!("({n:?}, {t:?}, {v:?})"))
            .collect();
        let _ = writeln!(
            out,
            "    ({:?}, {:?}, &[{}], {}, &{:?}),",
            d.dictionary,
            d.interface,
            members.join(", "),
            d.constructible,
            d.required
        );
    }
    let _ = writeln!(out, "];");
    let _ = writeln!(
        out,
        "/// The enumerations of those members: (name, values).\npub(crate) const EVENT_ENUMS: &[(&str, &[&str])] = &["
    );
    for (name, values) in enums {
        let _ = writeln!(out, "    ({name:?}, &{values:?}),");
    }
    let _ = writeln!(out, "];");
}
