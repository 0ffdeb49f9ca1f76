//! The typed errors of the DOM, named as the WHATWG DOM names its exceptions.
//!
//! Every fallible operation returns a [`DomError`]; nothing in this crate
//! panics on bad input. The bridges map each variant to the exception the
//! spec names (`DOMException` with [`DomError::name`] and [`DomError::code`]).

use std::fmt;

/// A DOM error: one variant per `DOMException` name the spec throws, the
/// `TypeError` an algorithm throws, and [`DomError::StaleNode`] for a
/// handle whose node has been reclaimed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DomError {
    /// The operation would yield an incorrect node tree
    /// (<https://dom.spec.whatwg.org/#concept-node-ensure-pre-insertion-validity>).
    HierarchyRequest(String),
    /// The object can not be found here (e.g. `removeChild` of a non-child).
    NotFound(String),
    /// A string did not match the expected pattern (e.g. an invalid selector).
    Syntax(String),
    /// A string contains characters a name may not hold.
    InvalidCharacter(String),
    /// A name's namespace and prefix do not go together
    /// (<https://dom.spec.whatwg.org/#validate-and-extract>).
    Namespace(String),
    /// The node is of a type the operation does not take (a doctype as a
    /// range boundary).
    InvalidNodeType(String),
    /// The object is in the wrong document or tree (e.g. comparing two
    /// ranges of different trees).
    WrongDocument(String),
    /// The object can not be modified (e.g. `outerHTML` on a document's child).
    NoModificationAllowed(String),
    /// The object is in an invalid state for the operation.
    InvalidState(String),
    /// The operation is not supported (e.g. a pseudo-element in `querySelector`).
    NotSupported(String),
    /// An index or length is out of range (e.g. `substringData` past the end).
    IndexSize(String),
    /// The operation would exceed a storage limit (e.g. more than 4 GiB of
    /// text recorded in one command buffer).
    QuotaExceeded(String),
    /// `InUseAttributeError`: an `Attr` that is another element's.
    InUseAttribute(String),
    /// `SecurityError`: the operation is insecure (storage of an opaque
    /// origin).
    Security(String),
    /// `TypeMismatchError`: the object is of the wrong type
    /// (`getRandomValues` of a `Float32Array`).
    TypeMismatch(String),
    /// `DataCloneError`: the value can not be serialized (a function, a
    /// symbol, a platform object).
    DataClone(String),
    /// A `TypeError` an algorithm throws (a simple exception, not a
    /// `DOMException`: e.g. `DOMTokenList.supports` of `classList`).
    Type(String),
    /// A `RangeError` an algorithm throws (a simple exception: a
    /// `Response` status outside 200-599).
    Range(String),
    /// The handle refers to a node that was reclaimed (its generation is gone).
    StaleNode,
}

impl DomError {
    /// The `DOMException` name of this error, e.g. `"HierarchyRequestError"`.
    pub fn name(&self) -> &'static str {
        match self {
            DomError::HierarchyRequest(_) => "HierarchyRequestError",
            DomError::NotFound(_) => "NotFoundError",
            DomError::Syntax(_) => "SyntaxError",
            DomError::InvalidCharacter(_) => "InvalidCharacterError",
            DomError::Namespace(_) => "NamespaceError",
            DomError::InvalidNodeType(_) => "InvalidNodeTypeError",
            DomError::WrongDocument(_) => "WrongDocumentError",
            DomError::NoModificationAllowed(_) => "NoModificationAllowedError",
            DomError::InvalidState(_) => "InvalidStateError",
            DomError::NotSupported(_) => "NotSupportedError",
            DomError::IndexSize(_) => "IndexSizeError",
            DomError::QuotaExceeded(_) => "QuotaExceededError",
            DomError::InUseAttribute(_) => "InUseAttributeError",
            DomError::Security(_) => "SecurityError",
            DomError::TypeMismatch(_) => "TypeMismatchError",
            DomError::DataClone(_) => "DataCloneError",
            DomError::Type(_) => "TypeError",
            DomError::Range(_) => "RangeError",
            DomError::StaleNode => "StaleNodeError",
        }
    }

    /// The legacy numeric `DOMException.code` (0 where the spec has none).
    pub fn code(&self) -> u16 {
        match self {
            DomError::HierarchyRequest(_) => 3,
            DomError::NotFound(_) => 8,
            DomError::Syntax(_) => 12,
            DomError::InvalidCharacter(_) => 5,
            DomError::Namespace(_) => 14,
            DomError::InvalidNodeType(_) => 24,
            DomError::WrongDocument(_) => 4,
            DomError::NoModificationAllowed(_) => 7,
            DomError::InvalidState(_) => 11,
            DomError::NotSupported(_) => 9,
            DomError::IndexSize(_) => 1,
            DomError::QuotaExceeded(_) => 22,
            DomError::InUseAttribute(_) => 10,
            DomError::Security(_) => 18,
            DomError::TypeMismatch(_) => 17,
            DomError::DataClone(_) => 25,
            DomError::Type(_) | DomError::Range(_) | DomError::StaleNode => 0,
        }
    }

    /// The human-readable message, without the name.
    pub fn message(&self) -> &str {
        match self {
            DomError::HierarchyRequest(m)
            | DomError::NotFound(m)
            | DomError::Syntax(m)
            | DomError::InvalidCharacter(m)
            | DomError::Namespace(m)
            | DomError::InvalidNodeType(m)
            | DomError::WrongDocument(m)
            | DomError::NoModificationAllowed(m)
            | DomError::InvalidState(m)
            | DomError::NotSupported(m)
            | DomError::IndexSize(m)
            | DomError::QuotaExceeded(m)
            | DomError::InUseAttribute(m)
            | DomError::Security(m)
            | DomError::TypeMismatch(m)
            | DomError::DataClone(m)
            | DomError::Type(m)
            | DomError::Range(m) => m,
            DomError::StaleNode => "the node was reclaimed: nothing referred to it any more",
        }
    }

    pub(crate) fn hierarchy(msg: &str) -> Self {
        DomError::HierarchyRequest(msg.to_owned())
    }
}

impl fmt::Display for DomError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name(), self.message())
    }
}

impl std::error::Error for DomError {}

/// The result type of every fallible DOM operation.
pub type DomResult<T> = Result<T, DomError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes_follow_the_spec() {
        let e = DomError::hierarchy("x");
        assert_eq!(e.name(), "HierarchyRequestError");
        assert_eq!(e.code(), 3);
        assert_eq!(e.to_string(), "HierarchyRequestError: x");
        assert_eq!(DomError::NotFound(String::new()).code(), 8);
    }
}
