//! Serialized values (HTML's structured serialization,
//! <https://html.spec.whatwg.org/#safe-passing-of-structured-data>): what
//! `structuredClone`, `postMessage` and a `MessageEvent`'s `data` carry
//! between realms, engines and threads. Each engine walks its own values
//! into a [`Serialized`] (StructuredSerialize: the memory of objects seen
//! makes a shared or cyclic object one record) and builds its values back
//! from one (StructuredDeserialize); the record is plain data, `Send`, of
//! no engine.

/// A value: a primitive, or a reference to one of the records.
#[derive(Clone, Debug, PartialEq)]
#[allow(missing_docs, reason = "each variant is the JS primitive of its name")]
pub enum Cloned {
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    /// A `BigInt`, in decimal.
    BigInt(String),
    String(String),
    /// The record at this index.
    Object(u32),
}

/// The element type of a typed array (or a `DataView`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs, reason = "each variant is the view of its name")]
pub enum ViewKind {
    Int8,
    Uint8,
    Uint8Clamped,
    Int16,
    Uint16,
    Int32,
    Uint32,
    Float16,
    Float32,
    Float64,
    BigInt64,
    BigUint64,
    DataView,
}

impl ViewKind {
    /// The constructor's name (`Uint8Array`).
    pub fn constructor_name(self) -> &'static str {
        match self {
            ViewKind::Int8 => "Int8Array",
            ViewKind::Uint8 => "Uint8Array",
            ViewKind::Uint8Clamped => "Uint8ClampedArray",
            ViewKind::Int16 => "Int16Array",
            ViewKind::Uint16 => "Uint16Array",
            ViewKind::Int32 => "Int32Array",
            ViewKind::Uint32 => "Uint32Array",
            ViewKind::Float16 => "Float16Array",
            ViewKind::Float32 => "Float32Array",
            ViewKind::Float64 => "Float64Array",
            ViewKind::BigInt64 => "BigInt64Array",
            ViewKind::BigUint64 => "BigUint64Array",
            ViewKind::DataView => "DataView",
        }
    }

    /// The kind a constructor name names.
    pub fn from_constructor_name(name: &str) -> Option<ViewKind> {
        use ViewKind::*;
        [
            Int8,
            Uint8,
            Uint8Clamped,
            Int16,
            Uint16,
            Int32,
            Uint32,
            Float16,
            Float32,
            Float64,
            BigInt64,
            BigUint64,
            DataView,
        ]
        .into_iter()
        .find(|k| k.constructor_name() == name)
    }
}

/// The error constructors whose objects serialize (any other error is
/// an `Error`).
pub const ERROR_NAMES: [&str; 7] = [
    "Error",
    "EvalError",
    "RangeError",
    "ReferenceError",
    "SyntaxError",
    "TypeError",
    "URIError",
];

/// One serialized object.
#[derive(Clone, Debug, PartialEq)]
#[allow(missing_docs, reason = "each variant is the JS object of its name")]
pub enum Record {
    /// An ordinary object: its own enumerable string-keyed properties.
    Object(Vec<(String, Cloned)>),
    /// An array: its length and own enumerable properties (holes stay holes).
    Array {
        length: u32,
        properties: Vec<(String, Cloned)>,
    },
    /// A `Boolean`, `Number`, `String` or `BigInt` object: its primitive.
    Primitive(Cloned),
    /// A `Date`: its time value.
    Date(f64),
    RegExp {
        source: String,
        flags: String,
    },
    ArrayBuffer(Vec<u8>),
    /// A view on the `ArrayBuffer` record `buffer`.
    View {
        kind: ViewKind,
        buffer: u32,
        byte_offset: usize,
        /// In elements for a typed array, in bytes for a `DataView`.
        length: usize,
    },
    Map(Vec<(Cloned, Cloned)>),
    Set(Vec<Cloned>),
    /// An error: one of [`ERROR_NAMES`], its message and stack if it has them.
    Error {
        name: String,
        message: Option<String>,
        stack: Option<String>,
    },
}

/// A serialized value and the records it refers to.
#[derive(Clone, Debug, PartialEq)]
pub struct Serialized {
    /// The value itself.
    pub value: Cloned,
    /// The objects it refers to (directly or not).
    pub records: Vec<Record>,
}

/// Building a [`Serialized`]: an engine reserves a record for an object
/// before it walks the object's members (so a cycle meets the reserved
/// index), then fills it.
#[derive(Debug, Default)]
pub struct Builder {
    records: Vec<Record>,
}

impl Builder {
    /// A new record's index; [`Builder::fill`] gives it its contents.
    pub fn reserve(&mut self) -> u32 {
        self.records.push(Record::Object(Vec::new()));
        u32::try_from(self.records.len() - 1).unwrap_or(u32::MAX)
    }

    /// Set record `index`.
    pub fn fill(&mut self, index: u32, record: Record) {
        if let Some(r) = self.records.get_mut(index as usize) {
            *r = record;
        }
    }

    /// The record of `value`.
    pub fn finish(self, value: Cloned) -> Serialized {
        Serialized {
            value,
            records: self.records,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_refers_to_its_reserved_record() {
        let mut b = Builder::default();
        let o = b.reserve();
        b.fill(o, Record::Object(vec![("self".into(), Cloned::Object(o))]));
        let s = b.finish(Cloned::Object(o));
        assert_eq!(
            s.records[0],
            Record::Object(vec![("self".into(), Cloned::Object(0))])
        );
        assert_eq!(
            ViewKind::from_constructor_name("Uint8ClampedArray"),
            Some(ViewKind::Uint8Clamped)
        );
    }
}
