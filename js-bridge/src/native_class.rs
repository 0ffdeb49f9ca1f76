//! `native_class!`: the rquickjs trait impls of a native object that holds
//! no JS value (only Rust data, `Rc`s and `Persistent` handles): a trace
//! with nothing to trace, its `JsLifetime`, and a `JsClass` with no
//! constructor (scripts get these objects from natives, never by `new`).

/// `native_class!(Type, "Name")`; `native_class!(Type)` without the
/// `JsClass` (a class with hooks of its own writes that).
macro_rules! native_class {
    ($ty:ty) => {
        impl<'js> rquickjs::class::Trace<'js> for $ty {
            fn trace<'a>(&self, _: rquickjs::class::Tracer<'a, 'js>) {
                // Holds no JS value.
            }
        }

        #[expect(
            unsafe_code,
            reason = "rquickjs's JsLifetime is an unsafe trait; see SAFETY"
        )]
        // SAFETY: the type holds no value with a `'js` lifetime (Rust data,
        // `Rc`s and `Persistent` handles, which carry none), so it is the
        // same type under any lifetime.
        unsafe impl<'js> rquickjs::JsLifetime<'js> for $ty {
            type Changed<'to> = $ty;
        }
    };
    ($ty:ty, $name:literal) => {
        $crate::native_class::native_class!($ty);

        impl<'js> rquickjs::class::JsClass<'js> for $ty {
            const NAME: &'static str = $name;
            type Mutable = rquickjs::class::Readable;

            fn constructor(
                _: &rquickjs::Ctx<'js>,
            ) -> rquickjs::Result<Option<rquickjs::function::Constructor<'js>>> {
                Ok(None)
            }
        }
    };
}

pub(crate) use native_class;
