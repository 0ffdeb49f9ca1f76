//! An element's computed style (Stylo's) as Taffy's layout style: the
//! box model (CSS Box Model 3), sizing (CSS Sizing 3), positioning (CSS
//! Positioned Layout 3), floats and flexbox's properties.
//!
//! What Taffy cannot say is approximated, and said here: `calc()` with a
//! percentage resolves its percentages against zero (in `max-*`, it is
//! `none`); the `anchor*()`
//! functions and the intrinsic keywords (`min-content`, `fit-content`...)
//! of `min-*`/`max-*` are `auto`/`none`; grid and table containers lay
//! out as blocks.

use style::properties::ComputedValues;
use style::values::computed::{Length, LengthPercentage};
use style::values::generics::box_::PositionProperty;
use style::values::generics::length::{GenericMargin, GenericMaxSize, GenericSize};
use style::values::generics::position::GenericInset;
use style::values::specified::align::AlignFlags;
use style::values::specified::box_::{DisplayInside, DisplayOutside};
use taffy::geometry::Point;
use taffy::prelude::{
    Dimension, Display, LengthPercentage as TLp, LengthPercentageAuto as TLpa, Position, Rect, Size,
};
use taffy::style::{
    AlignContent, AlignItems, BoxSizing, Clear, FlexDirection, FlexWrap, Float, JustifyContent,
    Overflow, Style,
};

/// A `<length-percentage>`: a length, a percentage, or (a `calc()`) its
/// value with percentages of zero.
fn lp(v: &LengthPercentage) -> TLp {
    if let Some(l) = v.to_length() {
        TLp::length(l.px())
    } else if let Some(p) = v.to_percentage() {
        TLp::percent(p.0)
    } else {
        TLp::length(v.resolve(Length::new(0.0)).px())
    }
}

fn lpa(v: &LengthPercentage) -> TLpa {
    lp(v).into()
}

fn size(v: &GenericSize<style::values::computed::NonNegativeLengthPercentage>) -> Dimension {
    match v {
        GenericSize::LengthPercentage(l) => lp(&l.0).into(),
        GenericSize::MinContent => Dimension::min_content(),
        GenericSize::MaxContent => Dimension::max_content(),
        GenericSize::FitContent => Dimension::fit_content(),
        GenericSize::FitContentFunction(l) => match l.0.to_length() {
            Some(px) => Dimension::fit_content_px(px.px()),
            None => Dimension::fit_content(),
        },
        GenericSize::Stretch | GenericSize::WebkitFillAvailable => Dimension::stretch(),
        _ => Dimension::auto(),
    }
}

fn min_size(v: &GenericSize<style::values::computed::NonNegativeLengthPercentage>) -> TLpa {
    match v {
        GenericSize::LengthPercentage(l) => lpa(&l.0),
        _ => TLpa::auto(),
    }
}

fn max_size(v: &GenericMaxSize<style::values::computed::NonNegativeLengthPercentage>) -> TLpa {
    match v {
        // (A `calc()` with a percentage is no limit: resolved against
        // zero it would be a limit below the intended one.)
        GenericMaxSize::LengthPercentage(l)
            if l.0.to_length().is_none() && l.0.to_percentage().is_none() =>
        {
            TLpa::auto()
        }
        GenericMaxSize::LengthPercentage(l) => lpa(&l.0),
        _ => TLpa::auto(),
    }
}

fn margin(v: &GenericMargin<LengthPercentage>) -> TLpa {
    match v {
        GenericMargin::LengthPercentage(l) => lpa(l),
        _ => TLpa::auto(),
    }
}

fn inset<P>(v: &GenericInset<P, LengthPercentage>) -> TLpa {
    match v {
        GenericInset::LengthPercentage(l) => lpa(l),
        _ => TLpa::auto(),
    }
}

/// A border side's used width: zero when its style is `none` or `hidden`
/// (CSS Backgrounds 3, `border-*-width`'s computed value).
fn border(width: &style::values::computed::BorderSideWidth, style: impl Fn() -> bool) -> TLp {
    if style() {
        TLp::length(width.0.to_f32_px())
    } else {
        TLp::length(0.0)
    }
}

fn overflow(v: style::values::computed::Overflow) -> Overflow {
    use style::values::computed::Overflow as O;
    match v {
        O::Visible => Overflow::Visible,
        O::Clip => Overflow::Clip,
        O::Hidden => Overflow::Hidden,
        _ => Overflow::Scroll,
    }
}

fn align(flags: AlignFlags) -> Option<AlignItems> {
    Some(match flags.value() {
        AlignFlags::START | AlignFlags::SELF_START | AlignFlags::LEFT => AlignItems::START,
        AlignFlags::END | AlignFlags::SELF_END | AlignFlags::RIGHT => AlignItems::END,
        AlignFlags::FLEX_START => AlignItems::FLEX_START,
        AlignFlags::FLEX_END => AlignItems::FLEX_END,
        AlignFlags::CENTER | AlignFlags::ANCHOR_CENTER => AlignItems::CENTER,
        AlignFlags::BASELINE | AlignFlags::LAST_BASELINE => AlignItems::BASELINE,
        AlignFlags::STRETCH => AlignItems::STRETCH,
        _ => return None,
    })
}

fn content(flags: AlignFlags) -> Option<AlignContent> {
    Some(match flags.value() {
        AlignFlags::START | AlignFlags::LEFT => AlignContent::START,
        AlignFlags::END | AlignFlags::RIGHT => AlignContent::END,
        AlignFlags::FLEX_START => AlignContent::FLEX_START,
        AlignFlags::FLEX_END => AlignContent::FLEX_END,
        AlignFlags::CENTER => AlignContent::CENTER,
        AlignFlags::STRETCH => AlignContent::STRETCH,
        AlignFlags::SPACE_BETWEEN => AlignContent::SPACE_BETWEEN,
        AlignFlags::SPACE_AROUND => AlignContent::SPACE_AROUND,
        AlignFlags::SPACE_EVENLY => AlignContent::SPACE_EVENLY,
        _ => return None,
    })
}

/// Whether a box of this style is out of flow (absolutely positioned).
pub(super) fn out_of_flow(s: &ComputedValues) -> bool {
    matches!(
        s.get_box().position,
        PositionProperty::Absolute | PositionProperty::Fixed
    )
}

/// Whether a box of this style lays out as an inline box (an inline
/// element of an inline formatting context), rather than as a box of its
/// own (block-level, or an atomic inline, which ecsdom lays out as a
/// block-level box).
pub(super) fn is_inline_box(s: &ComputedValues) -> bool {
    let d = s.get_box().display;
    d.outside() == DisplayOutside::Inline && d.inside() == DisplayInside::Flow
}

/// Taffy's style for an element's box.
pub(super) fn box_style(s: &ComputedValues) -> Style {
    let b = s.get_box();
    let pos = s.get_position();
    let d = b.display;
    let display = match d.inside() {
        DisplayInside::Flex => Display::Flex,
        DisplayInside::FlowRoot => Display::FlowRoot,
        _ if d.outside() == DisplayOutside::Inline => Display::FlowRoot,
        _ => Display::Block,
    };
    let position = match b.position {
        PositionProperty::Static => Position::Static,
        PositionProperty::Relative => Position::Relative,
        PositionProperty::Absolute => Position::Absolute,
        PositionProperty::Fixed => Position::Fixed,
        PositionProperty::Sticky => Position::Sticky,
    };
    let m = s.get_margin();
    let p = s.get_padding();
    let br = s.get_border();
    use style::values::specified::BorderStyle;
    let drawn = |st: BorderStyle| !matches!(st, BorderStyle::None | BorderStyle::Hidden);
    let flex_direction = {
        use style::computed_values::flex_direction::T as D;
        match pos.flex_direction {
            D::Row => FlexDirection::Row,
            D::RowReverse => FlexDirection::RowReverse,
            D::Column => FlexDirection::Column,
            D::ColumnReverse => FlexDirection::ColumnReverse,
        }
    };
    let flex_wrap = {
        use style::values::specified::position::FlexWrap as W;
        if pos.flex_wrap.contains(W::WRAP_REVERSE) {
            FlexWrap::WrapReverse
        } else if pos.flex_wrap.contains(W::WRAP) {
            FlexWrap::Wrap
        } else {
            FlexWrap::NoWrap
        }
    };
    let flex_basis = match &pos.flex_basis {
        style::values::generics::flex::GenericFlexBasis::Content => Dimension::auto(),
        style::values::generics::flex::GenericFlexBasis::Size(sz) => size(sz),
    };
    let float = {
        use style::computed_values::float::T as F;
        match b.float {
            F::Left | F::InlineStart => Float::Left,
            F::Right | F::InlineEnd => Float::Right,
            F::None => Float::None,
        }
    };
    let clear = {
        use style::computed_values::clear::T as C;
        match b.clear {
            C::Left | C::InlineStart => Clear::Left,
            C::Right | C::InlineEnd => Clear::Right,
            C::Both => Clear::Both,
            C::None => Clear::None,
        }
    };
    let gap = |g: &style::values::computed::length::NonNegativeLengthPercentageOrNormal| match g {
        style::values::generics::length::LengthPercentageOrNormal::LengthPercentage(l) => lp(&l.0),
        style::values::generics::length::LengthPercentageOrNormal::Normal => TLp::length(0.0),
    };
    let justify = match pos.justify_content.primary().value() {
        AlignFlags::START | AlignFlags::LEFT => Some(JustifyContent::START),
        AlignFlags::END | AlignFlags::RIGHT => Some(JustifyContent::END),
        AlignFlags::FLEX_START => Some(JustifyContent::FLEX_START),
        AlignFlags::FLEX_END => Some(JustifyContent::FLEX_END),
        AlignFlags::CENTER => Some(JustifyContent::CENTER),
        AlignFlags::SPACE_BETWEEN => Some(JustifyContent::SPACE_BETWEEN),
        AlignFlags::SPACE_AROUND => Some(JustifyContent::SPACE_AROUND),
        AlignFlags::SPACE_EVENLY => Some(JustifyContent::SPACE_EVENLY),
        AlignFlags::STRETCH => Some(JustifyContent::STRETCH),
        _ => None,
    };
    Style {
        display,
        box_sizing: match pos.box_sizing {
            style::computed_values::box_sizing::T::BorderBox => BoxSizing::BorderBox,
            style::computed_values::box_sizing::T::ContentBox => BoxSizing::ContentBox,
        },
        overflow: Point {
            x: overflow(b.overflow_x),
            y: overflow(b.overflow_y),
        },
        float,
        clear,
        position,
        inset: Rect {
            left: inset(&pos.left),
            right: inset(&pos.right),
            top: inset(&pos.top),
            bottom: inset(&pos.bottom),
        },
        size: Size {
            width: size(&pos.width),
            height: size(&pos.height),
        },
        min_size: Size {
            width: min_size(&pos.min_width),
            height: min_size(&pos.min_height),
        },
        max_size: Size {
            width: max_size(&pos.max_width),
            height: max_size(&pos.max_height),
        },
        aspect_ratio: match &pos.aspect_ratio.ratio {
            style::values::generics::position::PreferredRatio::Ratio(r) if r.1.0 > 0.0 => {
                Some(r.0.0 / r.1.0)
            }
            _ => None,
        },
        margin: Rect {
            left: margin(&m.margin_left),
            right: margin(&m.margin_right),
            top: margin(&m.margin_top),
            bottom: margin(&m.margin_bottom),
        },
        padding: Rect {
            left: lp(&p.padding_left.0),
            right: lp(&p.padding_right.0),
            top: lp(&p.padding_top.0),
            bottom: lp(&p.padding_bottom.0),
        },
        border: Rect {
            left: border(&br.border_left_width, || drawn(br.border_left_style)),
            right: border(&br.border_right_width, || drawn(br.border_right_style)),
            top: border(&br.border_top_width, || drawn(br.border_top_style)),
            bottom: border(&br.border_bottom_width, || drawn(br.border_bottom_style)),
        },
        align_items: align(pos.align_items.0).unwrap_or(AlignItems::NORMAL),
        // (`normal` and other values Taffy lacks: its default.)
        align_self: align(pos.align_self.0),
        align_content: content(pos.align_content.primary()).unwrap_or(AlignContent::NORMAL),
        justify_content: justify.unwrap_or(JustifyContent::NORMAL),
        gap: Size {
            width: gap(&pos.column_gap),
            height: gap(&pos.row_gap),
        },
        flex_direction,
        flex_wrap,
        flex_basis,
        flex_grow: pos.flex_grow.0,
        flex_shrink: pos.flex_shrink.0,
        ..Style::DEFAULT
    }
}
