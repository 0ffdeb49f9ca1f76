//! Bytes between JS and dom-ecs: WebIDL's `BufferSource` arguments (an
//! `ArrayBuffer`, shared or not, or a view of one, copied), a
//! `Uint8Array` a member writes into (`encodeInto`'s destination), and
//! the results `Uint8Array` and `TextEncoderEncodeIntoResult`; with the
//! `TextDecoder` and `TextEncoder` objects (the Encoding Standard's,
//! members generated).

use dom_ecs::encoding::{Bytes, EncodeIntoResult, TextDecoder, TextEncoder};
use std::ptr::NonNull;

use rquickjs::{ArrayBuffer, Ctx, Exception, Function, Object, TypedArray, Value};

use crate::idl::{IdlResult, Native};
use crate::realm::ValueProto;
use crate::values::value_class;

type Res<T> = rquickjs::Result<T>;

value_class!(
    JsTextDecoder,
    TextDecoder,
    "TextDecoder",
    ValueProto::TextDecoder
);
value_class!(
    JsTextEncoder,
    TextEncoder,
    "TextEncoder",
    ValueProto::TextEncoder
);

/// The bytes of an `ArrayBuffer` or `SharedArrayBuffer` (none once
/// detached).
pub(crate) fn buffer_bytes(b: &ArrayBuffer<'_>) -> Vec<u8> {
    #[expect(unsafe_code, reason = "rquickjs reads a buffer's bytes only unsafely")]
    // SAFETY: the bytes are copied at once, before any JS runs that could
    // detach or resize the buffer.
    let bytes = unsafe { b.as_bytes() }.unwrap_or_default().to_vec();
    bytes
}

/// Whether `v` is an `ArrayBufferView` (a typed array or a `DataView`).
fn is_view<'js>(ctx: &Ctx<'js>, v: &Value<'js>) -> Res<bool> {
    let is_view: Function<'js> = ctx
        .globals()
        .get::<_, Object<'js>>("ArrayBuffer")?
        .get("isView")?;
    is_view.call((v.clone(),))
}

/// WebIDL's "get a copy of the bytes held by the buffer source" of `v` if
/// it is a `BufferSource` (the view's bytes for a view), else `None`.
pub(crate) fn bytes_of<'js>(ctx: &Ctx<'js>, v: &Value<'js>) -> Res<Option<Vec<u8>>> {
    let Some(o) = v.as_object() else {
        return Ok(None);
    };
    if is_view(ctx, v)? {
        let buffer: Object<'js> = o.get("buffer")?;
        let (offset, length): (usize, usize) = (o.get("byteOffset")?, o.get("byteLength")?);
        let bytes = ArrayBuffer::from_object(buffer)
            .map(|b| buffer_bytes(&b))
            .unwrap_or_default();
        return Ok(Some(
            bytes
                .get(offset..offset.saturating_add(length))
                .unwrap_or_default()
                .to_vec(),
        ));
    }
    match ArrayBuffer::from_object(o.clone()) {
        Some(b) => Ok(Some(buffer_bytes(&b))),
        None => {
            // (QuickJS left its "not an ArrayBuffer" error pending.)
            let _ = ctx.catch();
            Ok(None)
        }
    }
}

/// A `BufferSource` argument's bytes, or a `TypeError`.
pub(crate) fn buffer_source<'js>(ctx: &Ctx<'js>, v: Value<'js>) -> Res<Vec<u8>> {
    bytes_of(ctx, &v)?.ok_or_else(|| {
        Exception::throw_type(
            ctx,
            "The provided value is not of type '(ArrayBuffer or ArrayBufferView)'",
        )
    })
}

/// How a typed array's bytes are read: by its element type.
type RawBytes<'js> = fn(&Object<'js>) -> Option<NonNull<[u8]>>;

/// A typed array argument the member writes into (a `Uint8Array`;
/// `getRandomValues`'s integer arrays).
pub(crate) struct BytesOut<'js> {
    array: Object<'js>,
    /// Its bytes now.
    raw: RawBytes<'js>,
}

/// The bytes a typed array of element type `$t` views, as a function.
macro_rules! raw_of {
    ($t:ty) => {
        |o: &Object<'js>| TypedArray::<$t>::from_object(o.clone()).ok()?.as_raw()
    };
}

impl<'js> BytesOut<'js> {
    /// `v` as a `Uint8Array`, or a `TypeError`.
    pub(crate) fn from_value(ctx: &Ctx<'js>, v: Value<'js>) -> Res<Self> {
        match v.into_object() {
            Some(o) if o.is_typed_array::<u8>() => Ok(BytesOut {
                array: o,
                raw: raw_of!(u8),
            }),
            _ => Err(Exception::throw_type(
                ctx,
                "The provided value is not of type 'Uint8Array'",
            )),
        }
    }

    /// `v` as an integer typed array (`getRandomValues`'s): a `TypeError`
    /// for what is no `ArrayBufferView`, a `TypeMismatchError` for a
    /// float array or a `DataView`.
    pub(crate) fn integer_view(ctx: &Ctx<'js>, v: Value<'js>) -> Res<Self> {
        if !is_view(ctx, &v)? {
            return Err(Exception::throw_type(
                ctx,
                "The provided value is not of type 'ArrayBufferView'",
            ));
        }
        let Some(o) = v.into_object() else {
            return Err(Exception::throw_type(ctx, "not an object"));
        };
        let raw: Option<RawBytes<'js>> = if o.is_typed_array::<i8>() {
            Some(raw_of!(i8))
        } else if o.is_typed_array::<u8>() {
            Some(raw_of!(u8))
        } else if o.is_typed_array::<rquickjs::U8Clamped>() {
            Some(raw_of!(rquickjs::U8Clamped))
        } else if o.is_typed_array::<i16>() {
            Some(raw_of!(i16))
        } else if o.is_typed_array::<u16>() {
            Some(raw_of!(u16))
        } else if o.is_typed_array::<i32>() {
            Some(raw_of!(i32))
        } else if o.is_typed_array::<u32>() {
            Some(raw_of!(u32))
        } else if o.is_typed_array::<i64>() {
            Some(raw_of!(i64))
        } else if o.is_typed_array::<u64>() {
            Some(raw_of!(u64))
        } else {
            None
        };
        match raw {
            Some(raw) => Ok(BytesOut { array: o, raw }),
            None => Err(crate::natives::throw(
                ctx,
                dom_ecs::DomError::TypeMismatch(
                    "Failed to execute 'getRandomValues' on 'Crypto': The provided ArrayBufferView is of type float or DataView, not an integer array.".into(),
                ),
            )),
        }
    }

    /// The array's bytes (none once its buffer is detached), read when
    /// the dom-ecs call is made: no JS runs while the slice lives.
    pub(crate) fn bytes(&mut self) -> &mut [u8] {
        match (self.raw)(&self.array) {
            #[expect(unsafe_code, reason = "writing into a typed array's memory")]
            // SAFETY: the pointer is the array's view of its live buffer,
            // taken now; the slice is given to one dom-ecs call, which runs
            // no JS, so nothing can detach or resize the buffer while it
            // lives, and `&mut self` keeps it the only one.
            Some(p) => unsafe { &mut *p.as_ptr() },
            None => &mut [],
        }
    }

    /// The array, as the script passed it.
    pub(crate) fn into_value(self) -> Value<'js> {
        self.array.into_value()
    }
}

impl<'js> IdlResult<'js> for Bytes {
    fn into_value(self, ctx: &Ctx<'js>, _: &Native<'_>) -> Res<Value<'js>> {
        Ok(TypedArray::<u8>::new(ctx.clone(), self.0)?.into_value())
    }
}

impl<'js> IdlResult<'js> for EncodeIntoResult {
    fn into_value(self, ctx: &Ctx<'js>, _: &Native<'_>) -> Res<Value<'js>> {
        let o = Object::new(ctx.clone())?;
        // (`unsigned long long`: a number; these fit exactly.)
        o.set("read", self.read as f64)?;
        o.set("written", self.written as f64)?;
        Ok(o.into_value())
    }
}
