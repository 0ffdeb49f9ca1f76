//! Structured serialization of Python values into dom-ecs's
//! [`Serialized`] records and back: `structuredClone`, and the messages a
//! Python page posts to a worker and gets from it.
//!
//! Python's values map to the JS ones a browser's message would carry:
//! `None` is `null` (and `undefined` comes back as `None`), `bool`,
//! `float`, an `int` a number when it is a safe integer and a `BigInt`
//! otherwise, `str`, a `dict` with `str` keys an object and any other a
//! `Map`, `list` and `tuple` arrays, `set` and `frozenset` sets, `bytes`
//! and `bytearray` an `ArrayBuffer` (back: `bytearray`), an aware or naive
//! (UTC) `datetime` a `Date` (back: an aware UTC `datetime`), a compiled
//! `re` pattern a `RegExp`, an exception an error (`TypeError`,
//! `ValueError` as `RangeError`, `SyntaxError`, `NameError` as
//! `ReferenceError`, any other `Error`). A typed array or `DataView`
//! comes back as a `memoryview` of its elements. Anything else (a
//! function, a DOM object...) is a `DataCloneError`. A shared or cyclic
//! container is one record, and comes back shared.

use dom_ecs::DomError;
use dom_ecs::structured::{Builder, Cloned, Record, Serialized, ViewKind};
use pyo3::prelude::*;
use pyo3::types::IntoPyDict;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyFrozenSet, PyInt, PyList, PySet, PyString,
    PyTuple,
};
use rustc_hash::FxHashMap;

use crate::error::OrRaise;

/// Nesting deeper than this is a `DataCloneError` (the walk recurses).
const MAX_DEPTH: usize = 2_000;

/// The largest integer a JS number holds exactly.
const SAFE: i64 = (1 << 53) - 1;

fn data_clone<T>(py: Python<'_>, what: String) -> PyResult<T> {
    Err(DomError::DataClone(format!("{what} could not be cloned."))).or_raise(py)
}

struct Serializer<'py> {
    py: Python<'py>,
    /// Containers seen, by identity (the walk holds them alive).
    memory: FxHashMap<usize, u32>,
    out: Builder,
    depth: usize,
}

impl<'py> Serializer<'py> {
    fn value(&mut self, v: &Bound<'py, PyAny>) -> PyResult<Cloned> {
        if v.is_none() {
            return Ok(Cloned::Null);
        }
        if let Ok(b) = v.cast::<PyBool>() {
            return Ok(Cloned::Bool(b.is_true()));
        }
        if v.is_instance_of::<PyInt>() {
            return Ok(match v.extract::<i64>() {
                Ok(n) if (-SAFE..=SAFE).contains(&n) => Cloned::Number(n as f64),
                _ => Cloned::BigInt(v.str()?.to_string()),
            });
        }
        if let Ok(f) = v.cast::<PyFloat>() {
            return Ok(Cloned::Number(f.value()));
        }
        if v.cast::<PyString>().is_ok() {
            return Ok(Cloned::String(crate::dom_str::extract(v)?));
        }
        let key = v.as_ptr() as usize;
        if let Some(&i) = self.memory.get(&key) {
            return Ok(Cloned::Object(i));
        }
        let index = self.out.reserve();
        self.memory.insert(key, index);
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return data_clone(self.py, "An object nested this deep".into());
        }
        let record = self.object(v)?;
        self.depth -= 1;
        self.out.fill(index, record);
        Ok(Cloned::Object(index))
    }

    fn items<'a>(
        &mut self,
        items: impl Iterator<Item = Bound<'py, PyAny>> + 'a,
    ) -> PyResult<Vec<Cloned>> {
        items.map(|i| self.value(&i)).collect()
    }

    fn object(&mut self, v: &Bound<'py, PyAny>) -> PyResult<Record> {
        let py = self.py;
        if let Ok(d) = v.cast::<PyDict>() {
            let string_keys = d.keys().iter().all(|k| k.is_instance_of::<PyString>());
            let mut props = Vec::with_capacity(d.len());
            let mut entries = Vec::new();
            for (k, val) in d.iter() {
                if string_keys {
                    props.push((k.extract::<String>()?, self.value(&val)?));
                } else {
                    entries.push((self.value(&k)?, self.value(&val)?));
                }
            }
            return Ok(if string_keys {
                Record::Object(props)
            } else {
                Record::Map(entries)
            });
        }
        if let Ok(l) = v.cast::<PyList>() {
            let items = self.items(l.iter())?;
            return Ok(array(items));
        }
        if let Ok(t) = v.cast::<PyTuple>() {
            let items = self.items(t.iter())?;
            return Ok(array(items));
        }
        if let Ok(s) = v.cast::<PySet>() {
            return Ok(Record::Set(self.items(s.iter())?));
        }
        if let Ok(s) = v.cast::<PyFrozenSet>() {
            return Ok(Record::Set(self.items(s.iter())?));
        }
        if let Ok(b) = v.cast::<PyBytes>() {
            return Ok(Record::ArrayBuffer(b.as_bytes().to_vec()));
        }
        if let Ok(b) = v.cast::<PyByteArray>() {
            return Ok(Record::ArrayBuffer(b.to_vec()));
        }
        let datetime = py.import("datetime")?;
        if v.is_instance(&datetime.getattr("datetime")?)? {
            let utc = datetime.getattr("timezone")?.getattr("utc")?;
            let aware = if v.getattr("tzinfo")?.is_none() {
                v.call_method("replace", (), Some(&[("tzinfo", utc)].into_py_dict(py)?))?
            } else {
                v.clone()
            };
            let t: f64 = aware.call_method0("timestamp")?.extract()?;
            return Ok(Record::Date((t * 1000.0).round()));
        }
        let re = py.import("re")?;
        if v.is_instance(&re.getattr("Pattern")?)? {
            let source: String = v.getattr("pattern")?.str()?.extract()?;
            let flags: i64 = v.getattr("flags")?.extract()?;
            let mut js = String::new();
            for (name, f) in [("IGNORECASE", 'i'), ("MULTILINE", 'm'), ("DOTALL", 's')] {
                let bit: i64 = re.getattr(name)?.extract()?;
                if flags & bit != 0 {
                    js.push(f);
                }
            }
            return Ok(Record::RegExp { source, flags: js });
        }
        if v.is_instance_of::<pyo3::exceptions::PyBaseException>() {
            let name = if v.is_instance_of::<pyo3::exceptions::PyTypeError>() {
                "TypeError"
            } else if v.is_instance_of::<pyo3::exceptions::PyValueError>() {
                "RangeError"
            } else if v.is_instance_of::<pyo3::exceptions::PySyntaxError>() {
                "SyntaxError"
            } else if v.is_instance_of::<pyo3::exceptions::PyNameError>() {
                "ReferenceError"
            } else {
                "Error"
            };
            return Ok(Record::Error {
                name: name.into(),
                message: Some(v.str()?.to_string()),
                stack: None,
            });
        }
        let ty = v.get_type().name()?.to_string();
        data_clone(py, format!("A '{ty}' object"))
    }
}

fn array(items: Vec<Cloned>) -> Record {
    Record::Array {
        length: u32::try_from(items.len()).unwrap_or(u32::MAX),
        properties: items
            .into_iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
    }
}

/// StructuredSerialize a Python value (a `DataCloneError` for what can not be).
pub(crate) fn serialize(v: &Bound<'_, PyAny>) -> PyResult<Serialized> {
    let mut s = Serializer {
        py: v.py(),
        memory: FxHashMap::default(),
        out: Builder::default(),
        depth: 0,
    };
    let value = s.value(v)?;
    Ok(s.out.finish(value))
}

/// The `memoryview` format of a typed array's elements.
fn format_of(kind: ViewKind) -> (&'static str, usize) {
    match kind {
        ViewKind::Int8 => ("b", 1),
        ViewKind::Uint8 | ViewKind::Uint8Clamped | ViewKind::DataView => ("B", 1),
        ViewKind::Int16 => ("h", 2),
        ViewKind::Uint16 => ("H", 2),
        ViewKind::Int32 => ("i", 4),
        ViewKind::Uint32 => ("I", 4),
        ViewKind::Float16 => ("e", 2),
        ViewKind::Float32 => ("f", 4),
        ViewKind::Float64 => ("d", 8),
        ViewKind::BigInt64 => ("q", 8),
        ViewKind::BigUint64 => ("Q", 8),
    }
}

/// StructuredDeserialize `s` into Python values.
pub(crate) fn deserialize(py: Python<'_>, s: &Serialized) -> PyResult<Py<PyAny>> {
    let datetime = py.import("datetime")?;
    let builtins = py.import("builtins")?;
    // Containers first, empty (references and cycles resolve to them),
    // then what refers to them, then their contents.
    let mut objects: Vec<Option<Bound<'_, PyAny>>> = Vec::with_capacity(s.records.len());
    for r in &s.records {
        objects.push(match r {
            Record::Object(_) | Record::Map(_) => Some(PyDict::new(py).into_any()),
            Record::Array { .. } => Some(PyList::empty(py).into_any()),
            Record::Set(_) => Some(PySet::empty(py)?.into_any()),
            Record::ArrayBuffer(bytes) => Some(PyByteArray::new(py, bytes).into_any()),
            Record::Date(t) => {
                let utc = datetime.getattr("timezone")?.getattr("utc")?;
                let dt = datetime.getattr("datetime")?;
                Some(if t.is_finite() {
                    dt.call_method1("fromtimestamp", (t / 1000.0, utc))?
                } else {
                    // (An invalid Date has no datetime: NaN stays a number.)
                    PyFloat::new(py, f64::NAN).into_any()
                })
            }
            Record::RegExp { source, flags } => {
                let re = py.import("re")?;
                let mut bits = 0i64;
                for (f, name) in [('i', "IGNORECASE"), ('m', "MULTILINE"), ('s', "DOTALL")] {
                    if flags.contains(f) {
                        bits |= re.getattr(name)?.extract::<i64>()?;
                    }
                }
                Some(
                    re.call_method1("compile", (source.as_str(), bits))
                        .or_else(|_| {
                            data_clone::<Bound<'_, PyAny>>(py, format!("The RegExp /{source}/"))
                        })?,
                )
            }
            Record::Error { name, message, .. } => {
                let class = match name.as_str() {
                    "TypeError" => "TypeError",
                    "RangeError" => "ValueError",
                    "SyntaxError" => "SyntaxError",
                    "ReferenceError" => "NameError",
                    _ => "Exception",
                };
                let args = message.iter().collect::<Vec<_>>();
                Some(builtins.getattr(class)?.call1(PyTuple::new(py, args)?)?)
            }
            Record::View { .. } | Record::Primitive(_) => None,
        });
    }
    let value_of = |objects: &[Option<Bound<'_, PyAny>>], c: &Cloned| -> PyResult<Py<PyAny>> {
        Ok(match c {
            Cloned::Undefined | Cloned::Null => py.None(),
            Cloned::Bool(b) => PyBool::new(py, *b).to_owned().into_any().unbind(),
            Cloned::Number(n) if n.fract() == 0.0 && n.abs() <= SAFE as f64 => {
                (*n as i64).into_pyobject(py)?.into_any().unbind()
            }
            Cloned::Number(n) => PyFloat::new(py, *n).into_any().unbind(),
            Cloned::BigInt(s) => builtins.getattr("int")?.call1((s.as_str(),))?.unbind(),
            Cloned::String(s) => crate::dom_str::to_py(py, s)?.into_any().unbind(),
            Cloned::Object(i) => match objects.get(*i as usize) {
                Some(Some(o)) => o.clone().unbind(),
                _ => py.None(),
            },
        })
    };
    for (i, r) in s.records.iter().enumerate() {
        match r {
            Record::View {
                kind,
                buffer,
                byte_offset,
                length,
            } => {
                let (format, size) = format_of(*kind);
                let bytes = if *kind == ViewKind::DataView {
                    *length
                } else {
                    length * size
                };
                let b = value_of(&objects, &Cloned::Object(*buffer))?;
                let view = builtins.getattr("memoryview")?.call1((b,))?;
                let slice = pyo3::types::PySlice::new(
                    py,
                    isize::try_from(*byte_offset).unwrap_or(isize::MAX),
                    isize::try_from(byte_offset + bytes).unwrap_or(isize::MAX),
                    1,
                );
                let part = view.get_item(slice)?;
                objects[i] = Some(if format == "B" {
                    part
                } else {
                    part.call_method1("cast", (format,))?
                });
            }
            Record::Primitive(p) => objects[i] = Some(value_of(&objects, p)?.into_bound(py)),
            _ => {}
        }
    }
    for (i, r) in s.records.iter().enumerate() {
        let Some(target) = objects[i].clone() else {
            continue;
        };
        match r {
            Record::Object(props) => {
                for (k, v) in props {
                    target.set_item(k, value_of(&objects, v)?)?;
                }
            }
            Record::Map(entries) => {
                for (k, v) in entries {
                    let key = value_of(&objects, k)?.into_bound(py);
                    if key.hash().is_err() {
                        return data_clone(py, "A Map whose key Python can not hash".into());
                    }
                    target.set_item(key, value_of(&objects, v)?)?;
                }
            }
            Record::Array { length, properties } => {
                let list = target.cast::<PyList>()?;
                for _ in 0..*length {
                    list.append(py.None())?;
                }
                for (k, v) in properties {
                    if let Ok(i) = k.parse::<usize>()
                        && i < list.len()
                    {
                        list.set_item(i, value_of(&objects, v)?)?;
                    }
                }
            }
            Record::Set(values) => {
                let set = target.cast::<PySet>()?;
                for v in values {
                    let v = value_of(&objects, v)?.into_bound(py);
                    if v.hash().is_err() {
                        return data_clone(py, "A Set whose value Python can not hash".into());
                    }
                    set.add(v)?;
                }
            }
            _ => {}
        }
    }
    value_of(&objects, &s.value)
}

/// `structuredClone(value)`: a deep copy as a message would carry it
/// (see the module's mapping of Python values).
#[pyfunction]
#[pyo3(name = "structuredClone")]
pub fn structured_clone(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let s = serialize(value)?;
    deserialize(py, &s)
}
