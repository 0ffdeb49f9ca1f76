//! Transforms (CSS Transforms 1 and 2): each box's `translate`, `rotate`,
//! `scale` and `transform` about its `transform-origin`, composed with
//! its ancestors' (<https://drafts.csswg.org/css-transforms-2/#ctm>), and
//! a rectangle's bounding box under them (CSSOM View's client rects of a
//! transformed box). `perspective` is not applied.

use euclid::default::{Point3D, Transform3D};
use rustc_hash::FxHashMap;
use style::properties::ComputedValues;
use style::values::computed::Length;
use style::values::generics::transform::{GenericRotate, GenericScale, GenericTranslate};

use super::{BoxRect, Builder, Content};
use crate::cascade::StyleTarget;
use crate::document::Document;

/// A transform from a box's coordinates to the initial containing
/// block's.
pub(super) type Matrix = Transform3D<f64>;

/// The box's own transform in the initial containing block's coordinates
/// (its border box at `origin`, `size` big), if it has one.
fn own(s: &ComputedValues, origin: (f32, f32), size: (f32, f32)) -> Option<Matrix> {
    let b = s.get_box();
    let none = b.transform.0.is_empty()
        && matches!(b.translate, GenericTranslate::None)
        && matches!(b.rotate, GenericRotate::None)
        && matches!(b.scale, GenericScale::None);
    if none {
        return None;
    }
    let reference = euclid::Rect::new(
        euclid::Point2D::new(Length::new(0.0), Length::new(0.0)),
        euclid::Size2D::new(Length::new(size.0), Length::new(size.1)),
    );
    let (list, _) = b
        .transform
        .to_transform_3d_matrix_f64(Some(&reference))
        .ok()?;
    let mut m = list;
    if let GenericScale::Scale(x, y, z) = b.scale {
        m = m.then(&Transform3D::scale(
            f64::from(x),
            f64::from(y),
            f64::from(z),
        ));
    }
    match &b.rotate {
        GenericRotate::None => {}
        GenericRotate::Rotate(a) => {
            m = m.then(&Transform3D::rotation(
                0.0,
                0.0,
                1.0,
                euclid::Angle::radians(a.radians64()),
            ));
        }
        GenericRotate::Rotate3D(x, y, z, a) => {
            m = m.then(&Transform3D::rotation(
                f64::from(*x),
                f64::from(*y),
                f64::from(*z),
                euclid::Angle::radians(a.radians64()),
            ));
        }
    }
    if let GenericTranslate::Translate(x, y, z) = &b.translate {
        m = m.then(&Transform3D::translation(
            f64::from(x.resolve(Length::new(size.0)).px()),
            f64::from(y.resolve(Length::new(size.1)).px()),
            f64::from(z.px()),
        ));
    }
    let o = &b.transform_origin;
    let ox = f64::from(origin.0 + o.horizontal.resolve(Length::new(size.0)).px());
    let oy = f64::from(origin.1 + o.vertical.resolve(Length::new(size.1)).px());
    let oz = f64::from(o.depth.px());
    Some(
        Transform3D::translation(-ox, -oy, -oz)
            .then(&m)
            .then(&Transform3D::translation(ox, oy, oz)),
    )
}

/// Each box's transform with its ancestors' (`None`: no transform on
/// the way); a run has its parent's.
pub(super) fn matrices(
    doc: &Document,
    b: &Builder<'_>,
    origins: &FxHashMap<taffy::NodeId, (f32, f32)>,
) -> FxHashMap<taffy::NodeId, Option<Matrix>> {
    let mut out: FxHashMap<taffy::NodeId, Option<Matrix>> = FxHashMap::default();
    // Parents before children: the elements were noted children first,
    // so walk from the root down.
    let Some(&(root, _)) = b.elements.last() else {
        return out;
    };
    let mut stack = vec![(root, None::<Matrix>)];
    while let Some((node, inherited)) = stack.pop() {
        let mine = match b.tree.get_node_context(node) {
            Some(Content::Element(e)) => {
                let own = doc
                    .computed_values(*e, StyleTarget::Element)
                    .zip(origins.get(&node))
                    .zip(b.tree.layout(node).ok())
                    .and_then(|((s, o), l)| own(&s, *o, (l.size.width, l.size.height)));
                match (own, inherited) {
                    (Some(m), Some(p)) => Some(m.then(&p)),
                    (m, p) => m.or(p),
                }
            }
            _ => inherited,
        };
        out.insert(node, mine);
        for c in b.tree.children(node).unwrap_or_default() {
            stack.push((c, mine));
        }
    }
    out
}

/// The bounding box of `r`'s corners under `m`.
pub(super) fn bounds(m: &Matrix, r: &BoxRect) -> BoxRect {
    let corners = [
        (r.x, r.y),
        (r.x + r.width, r.y),
        (r.x + r.width, r.y + r.height),
        (r.x, r.y + r.height),
    ];
    let mut min = (f64::INFINITY, f64::INFINITY);
    let mut max = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    for (x, y) in corners {
        let p = m
            .transform_point3d(Point3D::new(x, y, 0.0))
            .unwrap_or(Point3D::new(x, y, 0.0));
        min = (min.0.min(p.x), min.1.min(p.y));
        max = (max.0.max(p.x), max.1.max(p.y));
    }
    BoxRect {
        x: min.0,
        y: min.1,
        width: max.0 - min.0,
        height: max.1 - min.1,
    }
}
