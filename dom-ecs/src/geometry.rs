//! Geometry Interfaces 1's rectangles
//! (<https://drafts.fxtf.org/geometry/#DOMRect>): `DOMRectReadOnly` and
//! `DOMRect`, the values CSSOM View's `getBoundingClientRect` returns.

use std::sync::{Arc, Mutex, PoisonError};

use crate::error::{DomError, DomResult};
use crate::layout::BoxRect;
use crate::node::NodeId;
use crate::{Document, dict};

/// A `DOMRectReadOnly` or a `DOMRect` (`writable`): its x, y, width and
/// height, shared by every handle on the one object.
#[derive(Clone, Debug)]
pub struct DomRect {
    rect: Arc<Mutex<BoxRect>>,
    writable: bool,
}

impl DomRect {
    fn make(rect: BoxRect, writable: bool) -> DomRect {
        DomRect {
            rect: Arc::new(Mutex::new(rect)),
            writable,
        }
    }

    fn with(x: f64, y: f64, width: f64, height: f64, writable: bool) -> DomRect {
        DomRect::make(
            BoxRect {
                x,
                y,
                width,
                height,
            },
            writable,
        )
    }

    /// `new DOMRectReadOnly(x, y, width, height)`.
    pub fn new_read_only(x: f64, y: f64, width: f64, height: f64) -> DomResult<DomRect> {
        Ok(DomRect::with(x, y, width, height, false))
    }

    /// `new DOMRect(x, y, width, height)`.
    pub fn new(x: f64, y: f64, width: f64, height: f64) -> DomResult<DomRect> {
        Ok(DomRect::with(x, y, width, height, true))
    }

    /// `DOMRectReadOnly.fromRect(other)`.
    pub fn from_rect_read_only(other: &dict::DOMRectInit) -> DomResult<DomRect> {
        Ok(DomRect::with(
            other.x,
            other.y,
            other.width,
            other.height,
            false,
        ))
    }

    /// `DOMRect.fromRect(other)`.
    pub fn from_rect(other: &dict::DOMRectInit) -> DomResult<DomRect> {
        Ok(DomRect::with(
            other.x,
            other.y,
            other.width,
            other.height,
            true,
        ))
    }

    /// A `DOMRect` of these values.
    pub fn of(rect: BoxRect) -> DomRect {
        DomRect::make(rect, true)
    }

    /// Whether it is a `DOMRect` (else a `DOMRectReadOnly`).
    pub fn is_writable(&self) -> bool {
        self.writable
    }

    /// Its values now.
    pub fn get(&self) -> BoxRect {
        *self.rect.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn set(&self, f: impl FnOnce(&mut BoxRect)) -> DomResult<()> {
        // (Only a DOMRect's setters reach here: a DOMRectReadOnly is not
        // one, as a receiver of another interface's member is not.)
        if !self.writable {
            return Err(DomError::Type("Illegal invocation".into()));
        }
        f(&mut self.rect.lock().unwrap_or_else(PoisonError::into_inner));
        Ok(())
    }

    /// `x`.
    pub fn x(&self) -> DomResult<f64> {
        Ok(self.get().x)
    }

    /// `y`.
    pub fn y(&self) -> DomResult<f64> {
        Ok(self.get().y)
    }

    /// `width`.
    pub fn width(&self) -> DomResult<f64> {
        Ok(self.get().width)
    }

    /// `height`.
    pub fn height(&self) -> DomResult<f64> {
        Ok(self.get().height)
    }

    /// `top`: min(y, y + height), NaN if either is.
    pub fn top(&self) -> DomResult<f64> {
        let r = self.get();
        Ok(min(r.y, r.y + r.height))
    }

    /// `right`: max(x, x + width).
    pub fn right(&self) -> DomResult<f64> {
        let r = self.get();
        Ok(max(r.x, r.x + r.width))
    }

    /// `bottom`: max(y, y + height).
    pub fn bottom(&self) -> DomResult<f64> {
        let r = self.get();
        Ok(max(r.y, r.y + r.height))
    }

    /// `left`: min(x, x + width).
    pub fn left(&self) -> DomResult<f64> {
        let r = self.get();
        Ok(min(r.x, r.x + r.width))
    }

    /// `x = value` (a `DOMRect`'s).
    pub fn set_x(&self, v: f64) -> DomResult<()> {
        self.set(|r| r.x = v)
    }

    /// `y = value`.
    pub fn set_y(&self, v: f64) -> DomResult<()> {
        self.set(|r| r.y = v)
    }

    /// `width = value`.
    pub fn set_width(&self, v: f64) -> DomResult<()> {
        self.set(|r| r.width = v)
    }

    /// `height = value`.
    pub fn set_height(&self, v: f64) -> DomResult<()> {
        self.set(|r| r.height = v)
    }
}

/// ECMAScript's `Math.min` of two numbers: NaN if either is.
fn min(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.min(b)
    }
}

/// `Math.max`: NaN if either is.
fn max(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.max(b)
    }
}

impl Document {
    /// `element.getBoundingClientRect()`: a new `DOMRect`
    /// ([`Document::bounding_client_rect`]).
    pub fn get_bounding_client_rect(&self, element: NodeId) -> DomResult<DomRect> {
        Ok(DomRect::of(self.bounding_client_rect(element)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_follow_negative_sizes_and_nan() {
        let r = DomRect::new(10.0, 20.0, -4.0, 6.0).expect("rect");
        assert_eq!(r.left().expect("l"), 6.0);
        assert_eq!(r.right().expect("r"), 10.0);
        assert_eq!(r.top().expect("t"), 20.0);
        assert_eq!(r.bottom().expect("b"), 26.0);
        r.set_x(f64::NAN).expect("set");
        assert!(r.left().expect("l").is_nan());
        let ro = DomRect::new_read_only(1.0, 2.0, 3.0, 4.0).expect("ro");
        assert!(ro.set_x(5.0).is_err());
        assert_eq!(ro.x().expect("x"), 1.0);
    }
}
