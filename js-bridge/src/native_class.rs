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

/// The crate's raw QuickJS classes (registered without rquickjs, for
/// exotic methods rquickjs cannot express).
#[derive(Clone, Copy)]
pub(crate) enum RawClass {
    /// `named.rs`'s window named properties object.
    WindowProperties = 0,
    /// `legacy.rs`'s legacy platform objects.
    LegacyPlatformObject = 1,
}

/// The raw classes' IDs. QuickJS numbers each runtime's classes from a
/// counter of its own, and rquickjs takes its IDs when a runtime starts:
/// IDs taken together once, after that, in whichever runtime asks first,
/// are free and distinct in every runtime (two classes taking theirs
/// separately from two runtimes on two threads could get one number).
static RAW_CLASS_IDS: std::sync::OnceLock<[rquickjs::qjs::JSClassID; 2]> =
    std::sync::OnceLock::new();

/// The ID of raw class `which`, taken now if it was not (QuickJS's own
/// registration of the class in a runtime is the caller's).
fn raw_class_id(rt: *mut rquickjs::qjs::JSRuntime, which: RawClass) -> u32 {
    RAW_CLASS_IDS.get_or_init(|| {
        let mut ids = [0; 2];
        for id in &mut ids {
            // SAFETY: `rt` is a live runtime (the caller's); the call
            // only bumps its counter.
            #[allow(unsafe_code, reason = "taking a QuickJS class ID; see SAFETY")]
            unsafe {
                rquickjs::qjs::JS_NewClassID(rt, id);
            }
        }
        ids
    })[which as usize]
}

/// Register raw class `which` in `ctx`'s runtime (once per runtime) with
/// its name, finalizer, marker and exotic methods: its ID.
pub(crate) fn register_raw_class(
    ctx: &rquickjs::Ctx<'_>,
    which: RawClass,
    name: &'static std::ffi::CStr,
    finalizer: rquickjs::qjs::JSClassFinalizer,
    gc_mark: rquickjs::qjs::JSClassGCMark,
    exotic: &'static rquickjs::qjs::JSClassExoticMethods,
) -> rquickjs::Result<rquickjs::qjs::JSClassID> {
    use rquickjs::qjs;
    let raw = ctx.as_raw().as_ptr();
    // SAFETY: plain QuickJS calls on the live runtime of `ctx`; the class
    // definition's name and exotic table are statics (QuickJS keeps the
    // pointer to the table and never writes through it).
    #[allow(unsafe_code, reason = "registering a raw QuickJS class; see SAFETY")]
    unsafe {
        let rt = qjs::JS_GetRuntime(raw);
        let id = raw_class_id(rt, which);
        if !qjs::JS_IsRegisteredClass(rt, id) {
            let def = qjs::JSClassDef {
                class_name: name.as_ptr(),
                finalizer,
                gc_mark,
                call: None,
                exotic: std::ptr::from_ref(exotic).cast_mut(),
            };
            if qjs::JS_NewClass(rt, id, &def) != 0 {
                return Err(rquickjs::Error::Unknown);
            }
        }
        Ok(id)
    }
}

/// The ID of raw class `which` if taken (0: none, so no object is of it).
pub(crate) fn known_raw_class_id(which: RawClass) -> u32 {
    RAW_CLASS_IDS.get().map_or(0, |ids| ids[which as usize])
}
