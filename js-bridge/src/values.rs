//! Objects of no document, each made of a dom-ecs value whose methods
//! its generated members are: the URL Standard's `URL` and
//! `URLSearchParams` ([`UrlObject`], [`SearchParams`]), the Fetch
//! Standard's `Headers`, `Request`, `Response` and `FormData`. Their prototypes are the running
//! realm's.

use dom_ecs::fetch::{FormData, Headers, Request, Response};
use dom_ecs::{DomResult, SearchParams, SearchParamsInit, UrlObject};
use rquickjs::convert::Coerced;
use rquickjs::function::This;
use rquickjs::object::Filter;
use rquickjs::{Array, Ctx, Exception, Function, Object, Symbol, Value};

use crate::idl::{IdlResult, Native};
use crate::natives::throw;
use crate::realm::ValueProto;

type Res<T> = rquickjs::Result<T>;

/// A dom-ecs value of no document that JS objects are made of (the
/// receiver of their generated members).
pub(crate) trait JsValueOf: Sized + Clone {
    /// The value `this` is made of, if it is such an object (nothing
    /// thrown: for overloads that try one kind after another).
    fn probe(this: &Value<'_>) -> Option<Self>;

    /// The value `this` is made of; a `TypeError` for any other `this`.
    fn of<'js>(ctx: &Ctx<'js>, this: &Value<'js>) -> Res<Self> {
        Self::probe(this).ok_or_else(|| rquickjs::Exception::throw_type(ctx, "Illegal invocation"))
    }
}

/// `value_class!(JsUrl, UrlObject, "URL", ValueProto::Url)`: the native
/// class of objects made of a `UrlObject`, the value its generated
/// members receive, and a result of that type as a new such object with
/// the running realm's prototype.
macro_rules! value_class {
    ($class:ident, $value:ty, $name:literal, $proto:expr) => {
        #[doc = concat!("A `", $name, "` object.")]
        pub(crate) struct $class(pub(crate) $value);

        crate::native_class::native_class!($class, $name);

        impl crate::values::JsValueOf for $value {
            fn probe(this: &rquickjs::Value<'_>) -> Option<Self> {
                rquickjs::Class::<$class>::from_value(this)
                    .ok()
                    .map(|c| c.borrow().0.clone())
            }
        }

        impl<'js> crate::idl::IdlResult<'js> for $value {
            fn into_value(
                self,
                ctx: &rquickjs::Ctx<'js>,
                nat: &crate::idl::Native<'_>,
            ) -> rquickjs::Result<rquickjs::Value<'js>> {
                let proto = nat.keys.value_proto(ctx, $proto)?;
                Ok(rquickjs::Class::instance_proto($class(self), proto)?.into_value())
            }
        }
    };
}
pub(crate) use value_class;

value_class!(JsUrl, UrlObject, "URL", ValueProto::Url);
value_class!(
    JsSearchParams,
    SearchParams,
    "URLSearchParams",
    ValueProto::SearchParams
);
value_class!(JsHeaders, Headers, "Headers", ValueProto::Headers);
value_class!(JsResponse, Response, "Response", ValueProto::Response);
value_class!(JsRequest, Request, "Request", ValueProto::Request);
value_class!(JsFormData, FormData, "FormData", ValueProto::FormData);
value_class!(
    JsCrypto,
    dom_ecs::crypto::Crypto,
    "Crypto",
    ValueProto::Crypto
);
value_class!(
    JsNavigator,
    dom_ecs::navigator::Navigator,
    "Navigator",
    ValueProto::Navigator
);

/// The `Body` mixin's receiver: a `Response` or a `Request`.
impl JsValueOf for dom_ecs::fetch::Body {
    fn probe(this: &Value<'_>) -> Option<Self> {
        Response::probe(this)
            .map(dom_ecs::fetch::Body::Response)
            .or_else(|| Request::probe(this).map(dom_ecs::fetch::Body::Request))
    }
}

/// Install `N[name]()`, which makes a new object (`make()`) with the
/// realm's prototype `proto`: the window's `navigator` and `crypto`,
/// which the prelude keeps.
pub(crate) fn install_maker<'js, C>(
    ctx: &Ctx<'js>,
    n: &Object<'js>,
    keys: &crate::idl::NodeKeys,
    name: &'static str,
    proto: ValueProto,
    make: fn() -> C,
) -> Res<()>
where
    C: rquickjs::class::JsClass<'js> + 'js,
{
    let k = keys.clone();
    n.set(
        name,
        Function::new(ctx.clone(), move |ctx: Ctx<'js>| -> Res<Value<'js>> {
            let proto = k.value_proto(&ctx, proto)?;
            Ok(rquickjs::Class::instance_proto(make(), proto)?.into_value())
        })?,
    )
}

impl Native<'_> {
    /// Call the dom-ecs method of the value `this` is made of.
    pub fn with_value<'js, R: JsValueOf, T>(
        &self,
        ctx: &Ctx<'js>,
        this: &This<Value<'js>>,
        f: impl FnOnce(&R) -> DomResult<T>,
    ) -> Res<T> {
        let v = R::of(ctx, &this.0)?;
        f(&v).map_err(|e| throw(ctx, e))
    }

    /// A dom-ecs result that needs no document (a constructor's, a static
    /// operation's), its error thrown.
    pub fn check<T>(&self, ctx: &Ctx<'_>, r: DomResult<T>) -> Res<T> {
        r.map_err(|e| throw(ctx, e))
    }
}

impl<'js> IdlResult<'js> for Option<UrlObject> {
    fn into_value(self, ctx: &Ctx<'js>, nat: &Native<'_>) -> Res<Value<'js>> {
        match self {
            Some(u) => u.into_value(ctx, nat),
            None => Ok(Value::new_null(ctx.clone())),
        }
    }
}

/// A pair iterator's step: `[key, value]`, or `undefined` past the end.
impl<'js> IdlResult<'js> for Option<(String, String)> {
    fn into_value(self, ctx: &Ctx<'js>, _: &Native<'_>) -> Res<Value<'js>> {
        match self {
            Some((k, v)) => {
                let a = Array::new(ctx.clone())?;
                a.set(0, k)?;
                a.set(1, v)?;
                Ok(a.into_value())
            }
            None => Ok(Value::new_undefined(ctx.clone())),
        }
    }
}

/// The values an iterable object gives (WebIDL's "create a sequence from
/// an iterable" with its `@@iterator` method).
fn iterate<'js>(ctx: &Ctx<'js>, obj: &Object<'js>, method: &Function<'js>) -> Res<Vec<Value<'js>>> {
    let it: Value<'js> = method.call((This(obj.clone()),))?;
    let Some(it) = it.into_object() else {
        return Err(Exception::throw_type(ctx, "The iterator is not an object"));
    };
    let next: Function<'js> = it.get("next")?;
    let mut out = Vec::new();
    loop {
        let r: Value<'js> = next.call((This(it.clone()),))?;
        let Some(r) = r.into_object() else {
            return Err(Exception::throw_type(
                ctx,
                "The iterator result is not an object",
            ));
        };
        if r.get::<_, Coerced<bool>>("done")?.0 {
            return Ok(out);
        }
        out.push(r.get("value")?);
    }
}

/// `@@iterator` of `v` when it is an object with one.
fn iterator_method<'js>(ctx: &Ctx<'js>, o: &Object<'js>) -> Res<Option<Function<'js>>> {
    let m: Value<'js> = o.get(Symbol::iterator(ctx.clone()))?;
    if m.is_undefined() || m.is_null() {
        return Ok(None);
    }
    match m.into_function() {
        Some(f) => Ok(Some(f)),
        None => Err(Exception::throw_type(ctx, "@@iterator is not a function")),
    }
}

/// `(sequence<sequence<USVString>> or record<USVString, USVString> or
/// USVString)`, as WebIDL converts a union: an object with `@@iterator`
/// is the sequence, any other object the record (its own enumerable
/// keys), anything else the string.
pub(crate) fn search_params_init<'js>(ctx: &Ctx<'js>, v: Value<'js>) -> Res<SearchParamsInit> {
    let Some(o) = v.as_object().cloned() else {
        return Ok(SearchParamsInit::Text(crate::idl::usv_string(ctx, v)?));
    };
    if let Some(method) = iterator_method(ctx, &o)? {
        let mut pairs = Vec::new();
        for item in iterate(ctx, &o, &method)? {
            let Some(inner) = item.as_object().cloned() else {
                return Err(Exception::throw_type(
                    ctx,
                    "Failed to construct 'URLSearchParams': a pair is not iterable",
                ));
            };
            let Some(m) = iterator_method(ctx, &inner)? else {
                return Err(Exception::throw_type(
                    ctx,
                    "Failed to construct 'URLSearchParams': a pair is not iterable",
                ));
            };
            pairs.push(
                iterate(ctx, &inner, &m)?
                    .into_iter()
                    .map(|x| crate::idl::usv_string(ctx, x))
                    .collect::<Res<Vec<_>>>()?,
            );
        }
        return Ok(SearchParamsInit::Sequence(pairs));
    }
    let mut entries: Vec<(String, String)> = Vec::new();
    for key in o.own_keys::<Value<'js>>(Filter::new().string().symbol().enum_only()) {
        let key = key?;
        let value: Value<'js> = o.get(key.clone())?;
        let (k, v) = (
            crate::idl::usv_string(ctx, key)?,
            crate::idl::usv_string(ctx, value)?,
        );
        match entries.iter_mut().find(|(x, _)| *x == k) {
            Some(e) => e.1 = v,
            None => entries.push((k, v)),
        }
    }
    Ok(SearchParamsInit::Record(entries))
}
