//! `URL` and `URLSearchParams` objects (<https://url.spec.whatwg.org/#api>):
//! each is made of a dom-ecs value ([`UrlObject`], [`SearchParams`]), and
//! its members are generated from the binding table as methods of that
//! value. They belong to no document; the prototypes are the running
//! realm's.

use dom_ecs::{DomResult, SearchParams, SearchParamsInit, UrlObject};
use rquickjs::convert::Coerced;
use rquickjs::function::This;
use rquickjs::object::Filter;
use rquickjs::{Array, Class, Ctx, Exception, FromJs, Function, Object, Symbol, Value};

use crate::idl::{IdlResult, Native};
use crate::natives::throw;
use crate::realm::ValueProto;

type Res<T> = rquickjs::Result<T>;

/// One `URL` object.
pub(crate) struct JsUrl(UrlObject);

crate::native_class::native_class!(JsUrl, "URL");

/// One `URLSearchParams` object.
pub(crate) struct JsSearchParams(SearchParams);

crate::native_class::native_class!(JsSearchParams, "URLSearchParams");

/// A dom-ecs value of no document that JS objects are made of (the
/// receiver of their generated members).
pub(crate) trait JsValueOf: Sized + Clone {
    /// The value `this` is made of; a `TypeError` for any other `this`.
    fn of<'js>(ctx: &Ctx<'js>, this: &Value<'js>) -> Res<Self>;
}

impl JsValueOf for UrlObject {
    fn of<'js>(ctx: &Ctx<'js>, this: &Value<'js>) -> Res<Self> {
        Class::<JsUrl>::from_value(this)
            .map(|c| c.borrow().0.clone())
            .map_err(|_| Exception::throw_type(ctx, "Illegal invocation"))
    }
}

impl JsValueOf for SearchParams {
    fn of<'js>(ctx: &Ctx<'js>, this: &Value<'js>) -> Res<Self> {
        Class::<JsSearchParams>::from_value(this)
            .map(|c| c.borrow().0.clone())
            .map_err(|_| Exception::throw_type(ctx, "Illegal invocation"))
    }
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

/// A new object of `value` with the running realm's prototype `which`.
fn object<'js, T: rquickjs::class::JsClass<'js>>(
    ctx: &Ctx<'js>,
    nat: &Native<'_>,
    which: ValueProto,
    value: T,
) -> Res<Value<'js>> {
    let proto = nat.keys.value_proto(ctx, which)?;
    Ok(Class::instance_proto(value, proto)?.into_value())
}

impl<'js> IdlResult<'js> for UrlObject {
    fn into_value(self, ctx: &Ctx<'js>, nat: &Native<'_>) -> Res<Value<'js>> {
        object(ctx, nat, ValueProto::Url, JsUrl(self))
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

impl<'js> IdlResult<'js> for SearchParams {
    fn into_value(self, ctx: &Ctx<'js>, nat: &Native<'_>) -> Res<Value<'js>> {
        object(ctx, nat, ValueProto::SearchParams, JsSearchParams(self))
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

/// `USVString`: ToString (a Symbol is a `TypeError`).
fn usv<'js>(ctx: &Ctx<'js>, v: Value<'js>) -> Res<String> {
    Coerced::<String>::from_js(ctx, v).map(|s| s.0)
}

/// `(sequence<sequence<USVString>> or record<USVString, USVString> or
/// USVString)`, as WebIDL converts a union: an object with `@@iterator`
/// is the sequence, any other object the record (its own enumerable
/// keys), anything else the string.
pub(crate) fn search_params_init<'js>(ctx: &Ctx<'js>, v: Value<'js>) -> Res<SearchParamsInit> {
    let Some(o) = v.as_object().cloned() else {
        return Ok(SearchParamsInit::Text(usv(ctx, v)?));
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
                    .map(|x| usv(ctx, x))
                    .collect::<Res<Vec<_>>>()?,
            );
        }
        return Ok(SearchParamsInit::Sequence(pairs));
    }
    let mut entries: Vec<(String, String)> = Vec::new();
    for key in o.own_keys::<Value<'js>>(Filter::new().string().symbol().enum_only()) {
        let key = key?;
        let value: Value<'js> = o.get(key.clone())?;
        let (k, v) = (usv(ctx, key)?, usv(ctx, value)?);
        match entries.iter_mut().find(|(x, _)| *x == k) {
            Some(e) => e.1 = v,
            None => entries.push((k, v)),
        }
    }
    Ok(SearchParamsInit::Record(entries))
}
