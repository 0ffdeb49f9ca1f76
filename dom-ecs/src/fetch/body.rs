//! A body as `Request` and `Response` hold it: its bytes (none for a
//! null body) and whether it was read ("disturbed"), read once
//! (<https://fetch.spec.whatwg.org/#concept-body-consume-body>).

use std::sync::Arc;

use crate::{DomError, DomResult};

/// A body's bytes and its used flag.
#[derive(Debug, Default)]
pub(crate) struct BodyBytes {
    bytes: Option<Arc<[u8]>>,
    used: bool,
}

impl BodyBytes {
    /// An unread body (none: a null body).
    pub(crate) fn new(bytes: Option<Arc<[u8]>>) -> BodyBytes {
        BodyBytes { bytes, used: false }
    }

    /// Whether it is a null body.
    pub(crate) fn is_null(&self) -> bool {
        self.bytes.is_none()
    }

    /// `bodyUsed`.
    pub(crate) fn used(&self) -> bool {
        self.used
    }

    /// The bytes, once (empty for a null body); a `TypeError` after.
    pub(crate) fn consume(&mut self) -> DomResult<Arc<[u8]>> {
        let bytes = self.take()?;
        Ok(bytes.unwrap_or_else(|| Arc::from(Vec::new())))
    }

    /// The bytes (none for a null body), the body marked used: what a
    /// new `Request` takes of its input's; a `TypeError` once read.
    pub(crate) fn take(&mut self) -> DomResult<Option<Arc<[u8]>>> {
        if self.used {
            return Err(DomError::Type("The body has already been read".to_owned()));
        }
        self.used = true;
        Ok(self.bytes.clone())
    }

    /// An unread copy (`clone()`); a `TypeError` once read.
    pub(crate) fn copy(&self, what: &str) -> DomResult<BodyBytes> {
        if self.used {
            return Err(DomError::Type(format!(
                "{what}.clone: the body has already been read"
            )));
        }
        Ok(BodyBytes::new(self.bytes.clone()))
    }
}
