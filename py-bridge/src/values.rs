//! Objects of no document, each made of a dom-ecs value: the URL
//! Standard's `URL` and `URLSearchParams` ([`UrlObject`], [`SearchParams`]),
//! the Fetch Standard's `Headers`, `Request`, `Response` and `FormData`.
//! Their IDL members are
//! generated (`webidl/bindings.txt`); a pair iterable gives `entries()`,
//! `keys()`, `values()`, `forEach()` and iteration over `(name, value)`
//! tuples. Here are the Python protocols (`len()` and `in` of a
//! `URLSearchParams`, `repr()`) and `Response`'s body readers.

use dom_ecs::fetch::{
    BodyInit, FormData, Headers, Request, RequestInfo, RequestInit, Response, utf8_decode,
};
use dom_ecs::{DomResult, SearchParams, SearchParamsInit, UrlObject};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyMapping, PyString};

use crate::dom_str::{DomStr, key_error};
use crate::error::OrRaise;

/// A Python class whose objects are made of a dom-ecs value that belongs
/// to no document (the receiver of their generated members).
pub(crate) trait IdlValueObject: pyo3::PyClass {
    /// The value's type.
    type Receiver;
    /// The value.
    fn receiver(&self) -> &Self::Receiver;
    /// A new object of a value (what a constructor returns).
    fn initializer(r: Self::Receiver) -> pyo3::PyClassInitializer<Self>;
}

/// `value_class!(PyURL, UrlObject, "URL")`: the Python class of objects
/// made of a `UrlObject` (the receiver of its generated members), and a
/// result of that type as a new such object.
macro_rules! value_class {
    ($class:ident, $value:ty, $name:literal) => {
        #[doc = concat!("A `", $name, "` object.")]
        #[pyclass(frozen, module = "ecsdom", name = $name)]
        pub struct $class(pub(crate) $value);

        impl crate::values::IdlValueObject for $class {
            type Receiver = $value;
            fn receiver(&self) -> &$value {
                &self.0
            }
            fn initializer(r: $value) -> pyo3::PyClassInitializer<Self> {
                $class(r).into()
            }
        }

        impl crate::idl::IdlValue for $value {
            fn value(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                Ok(Py::new(py, $class(self))?.into_any())
            }
        }
    };
}

pub(crate) use value_class;

value_class!(PyURL, UrlObject, "URL");
value_class!(PyURLSearchParams, SearchParams, "URLSearchParams");
value_class!(PyHeaders, Headers, "Headers");
value_class!(PyResponse, Response, "Response");
value_class!(PyRequest, Request, "Request");
value_class!(PyFormData, FormData, "FormData");
value_class!(PyNavigator, dom_ecs::navigator::Navigator, "Navigator");
value_class!(PyCrypto, dom_ecs::crypto::Crypto, "Crypto");

/// The window's `crypto` (`Window` keeps the first).
#[pyfunction]
pub fn _crypto() -> PyCrypto {
    PyCrypto(dom_ecs::crypto::Crypto)
}

/// The window's `navigator` (`Window` keeps the first).
#[pyfunction]
pub fn _navigator() -> PyNavigator {
    PyNavigator(dom_ecs::navigator::Navigator)
}

#[pymethods]
impl PyURL {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!("URL({:?})", self.0.href().or_raise(py)?))
    }
}

#[pymethods]
impl PyURLSearchParams {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "URLSearchParams({:?})",
            self.0.to_string_value().or_raise(py)?
        ))
    }

    /// The number of pairs (`size`).
    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        Ok(self.0.size().or_raise(py)? as usize)
    }

    /// Whether a pair has this name (`has(name)`).
    fn __contains__(&self, py: Python<'_>, name: DomStr<'_>) -> PyResult<bool> {
        self.0.has(&name.usv(), None).or_raise(py)
    }

    /// `params[name]`: the first value of that name (`get`), `KeyError`
    /// when there is none; with `keys()`, `dict(params)` works.
    fn __getitem__(&self, py: Python<'_>, name: DomStr<'_>) -> PyResult<String> {
        let name = name.usv();
        self.0
            .get(&name)
            .or_raise(py)?
            .ok_or_else(|| pyo3::exceptions::PyKeyError::new_err(name.as_str().to_owned()))
    }
}

#[pymethods]
impl PyHeaders {
    fn __repr__(&self) -> String {
        format!("Headers({:?})", self.0.sorted())
    }

    /// The number of headers as iteration sees them (combined by name).
    fn __len__(&self) -> usize {
        self.0.sorted().len()
    }

    /// Whether a header has this name (`has`).
    fn __contains__(&self, py: Python<'_>, name: DomStr<'_>) -> PyResult<bool> {
        self.0.has(&name).or_raise(py)
    }

    /// `headers[name]`: its values combined (`get`), `KeyError` when
    /// there is none; with `keys()`, `dict(headers)` works.
    fn __getitem__(&self, py: Python<'_>, name: DomStr<'_>) -> PyResult<String> {
        self.0
            .get(&name)
            .or_raise(py)?
            .ok_or_else(|| key_error(py, &name))
    }
}

/// Which part of each pair a pair iterator gives.
#[derive(Clone, Copy)]
pub(crate) enum PairKind {
    Entries,
    Keys,
    Values,
}

/// The step of a pair iterator: the pair at an index, none past the end.
type Step = Box<dyn Fn(usize) -> DomResult<Option<(String, String)>> + Send + Sync>;

/// An iterator over a pair iterable (`entries()`, `keys()`, `values()`):
/// each step reads the list as it is then, as WebIDL's iterators do.
#[pyclass(module = "ecsdom", name = "PairIterator")]
pub struct PairIterator {
    step: Step,
    kind: PairKind,
    index: usize,
    done: bool,
}

impl PairIterator {
    pub(crate) fn new(step: Step, kind: PairKind) -> Self {
        PairIterator {
            step,
            kind,
            index: 0,
            done: false,
        }
    }
}

#[pymethods]
impl PairIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        if self.done {
            return Ok(None);
        }
        let Some((k, v)) = (self.step)(self.index).or_raise(py)? else {
            self.done = true;
            return Ok(None);
        };
        self.index += 1;
        Ok(Some(match self.kind {
            PairKind::Entries => (k, v).into_pyobject(py)?.into_any().unbind(),
            PairKind::Keys => k.into_pyobject(py)?.into_any().unbind(),
            PairKind::Values => v.into_pyobject(py)?.into_any().unbind(),
        }))
    }
}

/// `URLSearchParams`'s `init`, the Python way: a `str` (a query, a leading
/// `?` dropped), a mapping (its items), or an iterable of pairs (each of
/// two strings; a pair of another length is dom-ecs's `TypeError`); none
/// is "". Anything but strings inside is a `TypeError`.
pub(crate) fn search_params_init(init: Option<&Bound<'_, PyAny>>) -> PyResult<SearchParamsInit> {
    let Some(init) = init else {
        return Ok(SearchParamsInit::Text(String::new()));
    };
    if let Ok(s) = init.cast::<PyString>() {
        return Ok(SearchParamsInit::Text(s.to_str()?.to_owned()));
    }
    if let Ok(p) = init.cast::<PyURLSearchParams>() {
        return Ok(SearchParamsInit::Record(p.get().0.pairs()));
    }
    let text = |v: Bound<'_, PyAny>| -> PyResult<String> {
        v.cast_into::<PyString>()
            .map_err(|_| PyTypeError::new_err("URLSearchParams names and values are str"))?
            .to_str()
            .map(str::to_owned)
    };
    if let Ok(m) = init.cast::<PyMapping>() {
        let mut entries = Vec::new();
        for item in m.items()?.iter() {
            let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
            entries.push((text(k)?, text(v)?));
        }
        return Ok(SearchParamsInit::Record(entries));
    }
    let mut pairs = Vec::new();
    for pair in init.try_iter()? {
        let pair = pair?;
        if pair.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(
                "a URLSearchParams pair is a sequence of two str, not a str",
            ));
        }
        pairs.push(
            pair.try_iter()?
                .map(|x| text(x?))
                .collect::<PyResult<Vec<_>>>()?,
        );
    }
    Ok(SearchParamsInit::Sequence(pairs))
}

/// A `Response` object of a fetch's result.
pub(crate) fn response_object(py: Python<'_>, r: Response) -> PyResult<Py<PyAny>> {
    Ok(Py::new(py, PyResponse(r))?.into_any())
}

/// `fetch()`'s `body`: a `str`, bytes (`bytes`, `bytearray`, `memoryview`),
/// a `URLSearchParams` or a `FormData`; anything else is a `TypeError`.
pub(crate) fn body_init(body: &Bound<'_, PyAny>) -> PyResult<BodyInit> {
    if let Ok(s) = body.cast::<PyString>() {
        return Ok(BodyInit::Text(s.to_str()?.to_owned()));
    }
    if let Ok(p) = body.cast::<PyURLSearchParams>() {
        return Ok(BodyInit::Params(p.get().0.clone()));
    }
    if let Ok(f) = body.cast::<PyFormData>() {
        return Ok(BodyInit::FormData(f.get().0.clone()));
    }
    if let Ok(b) = crate::encoding::buffer_source(body) {
        return Ok(BodyInit::Bytes(b));
    }
    Err(PyTypeError::new_err(
        "a fetch body is a str, bytes, a URLSearchParams or a FormData",
    ))
}

/// An awaitable that is already done: `await` gives its value (or raises
/// its error) at once. What `Response`'s body readers return, so they are
/// awaited as in JS (`await response.text()`) on any asyncio loop.
#[pyclass(module = "ecsdom", name = "Ready")]
pub struct Ready(Option<PyResult<Py<PyAny>>>);

#[pymethods]
impl Ready {
    fn __await__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    /// The first step ends the coroutine with the value.
    fn __next__(&mut self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match self.0.take() {
            Some(Ok(v)) => Err(pyo3::exceptions::PyStopIteration::new_err((v,))),
            Some(Err(e)) => Err(e),
            None => Err(pyo3::exceptions::PyStopIteration::new_err((py.None(),))),
        }
    }
}

/// The Body mixin's readers (<https://fetch.spec.whatwg.org/#body-mixin>)
/// of `Response` and `Request`, awaitables as in JS: the body's bytes,
/// once (a second read raises `TypeError`).
macro_rules! body_readers {
    ($class:ident) => {
        #[pymethods]
        impl $class {
            /// `await body.text()`: the body, UTF-8 decoded.
            fn text(&self, py: Python<'_>) -> Ready {
                Ready(Some(self.0.consume().or_raise(py).and_then(|b| {
                    Ok(crate::dom_str::to_py(py, &utf8_decode(&b))?
                        .into_any()
                        .unbind())
                })))
            }

            /// `await body.json()`: the body parsed as JSON (`json.loads`).
            fn json(&self, py: Python<'_>) -> Ready {
                Ready(Some(self.0.consume().or_raise(py).and_then(|b| {
                    Ok(py
                        .import("json")?
                        .call_method1("loads", (utf8_decode(&b),))?
                        .unbind())
                })))
            }

            /// `await body.arrayBuffer()`: the body's bytes.
            #[pyo3(name = "arrayBuffer")]
            fn array_buffer(&self, py: Python<'_>) -> Ready {
                Ready(Some(self.0.consume().or_raise(py).map(|b| {
                    pyo3::types::PyBytes::new(py, &b).into_any().unbind()
                })))
            }

            /// `await body.formData()`: the body as the `FormData` its
            /// `Content-Type` says (`multipart/form-data` or
            /// `application/x-www-form-urlencoded`).
            #[pyo3(name = "formData")]
            fn form_data(&self, py: Python<'_>) -> Ready {
                Ready(Some(
                    self.0
                        .form_data()
                        .or_raise(py)
                        .and_then(|f| Ok(Py::new(py, PyFormData(f))?.into_any())),
                ))
            }
        }
    };
}

body_readers!(PyResponse);
body_readers!(PyRequest);

#[pymethods]
impl PyResponse {
    /// `Response.redirect(url, status=302)`: a redirect to `url` (against
    /// the running page's base URL).
    #[staticmethod]
    #[pyo3(signature = (url, status = 302))]
    fn redirect(py: Python<'_>, url: &Bound<'_, PyAny>, status: u16) -> PyResult<PyResponse> {
        let url = url.str()?.to_str()?.to_owned();
        let base = current_base_url(py)?;
        Response::redirect(base.as_deref(), &url, status)
            .or_raise(py)
            .map(PyResponse)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "<Response [{}] {:?}>",
            self.0.status().or_raise(py)?,
            self.0.url().or_raise(py)?
        ))
    }
}

/// `btoa(data)` (<https://html.spec.whatwg.org/#dom-btoa>): base64 of a
/// string whose code points are bytes (`InvalidCharacterError` above
/// U+00FF).
#[pyfunction]
pub fn _btoa(py: Python<'_>, data: DomStr<'_>) -> PyResult<String> {
    dom_ecs::base64::btoa(&data).or_raise(py)
}

/// `atob(data)` (<https://html.spec.whatwg.org/#dom-atob>): the decoded
/// bytes as code points (`InvalidCharacterError` when it is no base64).
#[pyfunction]
pub fn _atob(py: Python<'_>, data: DomStr<'_>) -> PyResult<String> {
    dom_ecs::base64::atob(&data).or_raise(py)
}

/// The base URL a `Request` made now parses against: the running page's
/// document's (none outside a page: only absolute URLs).
fn current_base_url(py: Python<'_>) -> PyResult<Option<String>> {
    py.import("ecsdom._page")?
        .call_method0("current_base_url")?
        .extract()
}

#[pymethods]
impl PyRequest {
    /// `Request(input, init)` or `Request(input, method=..., headers=...,
    /// body=...)`: `input` a URL (`str` or `URL`, against the running
    /// page's base URL) or a `Request` to copy.
    #[new]
    #[pyo3(signature = (input, init = None, *, method = None, headers = None, body = None))]
    fn new(
        py: Python<'_>,
        input: &Bound<'_, PyAny>,
        init: Option<&Bound<'_, PyMapping>>,
        method: Option<DomStr<'_>>,
        headers: Option<Bound<'_, PyAny>>,
        body: Option<Bound<'_, PyAny>>,
    ) -> PyResult<PyRequest> {
        let mut method = method.map(|m| m.as_str().to_owned());
        let (mut headers, mut body) = (headers, body);
        if let Some(init) = init {
            for item in init.items()?.iter() {
                let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
                match crate::dom_str::extract(&key)?.as_str() {
                    "method" => method = Some(crate::dom_str::extract(&value)?),
                    "headers" => headers = Some(value),
                    "body" => body = Some(value),
                    _ => {}
                }
            }
        }
        let input = match input.cast::<PyRequest>() {
            Ok(r) => RequestInfo::Request(r.get().0.clone()),
            Err(_) => RequestInfo::Url(input.str()?.to_str()?.to_owned()),
        };
        let init = RequestInit {
            method,
            headers: headers
                .filter(|h| !h.is_none())
                .map(|h| search_params_init(Some(&h)))
                .transpose()?,
            body: body
                .filter(|b| !b.is_none())
                .map(|b| body_init(&b))
                .transpose()?,
        };
        let base = current_base_url(py)?;
        Request::new(base.as_deref(), &input, &init)
            .or_raise(py)
            .map(PyRequest)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "<Request {} {:?}>",
            self.0.method().or_raise(py)?,
            self.0.url().or_raise(py)?
        ))
    }
}

#[pymethods]
impl PyFormData {
    /// `FormData()`, or `FormData(form, submitter)`: the form's entry
    /// list (`submitter` one of its submit buttons).
    #[new]
    #[pyo3(signature = (form = None, submitter = None))]
    fn new(
        py: Python<'_>,
        form: Option<&Bound<'_, PyAny>>,
        submitter: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyFormData> {
        let Some(form) = form.filter(|f| !f.is_none()) else {
            return Ok(PyFormData(FormData::new()));
        };
        let form = form
            .cast::<crate::node::PyNode>()
            .map_err(|_| PyTypeError::new_err("FormData(form): form is not an HTMLFormElement"))?;
        let form = form.get();
        let submitter = match submitter.filter(|s| !s.is_none()) {
            None => None,
            Some(s) => {
                let s = s.cast::<crate::node::PyNode>().map_err(|_| {
                    PyTypeError::new_err(
                        "FormData(form, submitter): submitter is not an HTMLElement",
                    )
                })?;
                if !std::sync::Arc::ptr_eq(&s.get().shared, &form.shared) {
                    return Err(crate::error::dom_err(
                        py,
                        dom_ecs::DomError::NotFound(
                            "The specified element is not owned by this form element.".to_owned(),
                        ),
                    ));
                }
                Some(s.get().id)
            }
        };
        let mut st = form.shared.lock(py);
        let entries = st.read(py)?.form_data_of(form.id, submitter).or_raise(py)?;
        Ok(PyFormData(FormData::from_entries(entries)))
    }

    /// `append(name, value)`.
    fn append(&self, py: Python<'_>, name: DomStr<'_>, value: DomStr<'_>) -> PyResult<()> {
        self.0.append(&name.usv(), &value.usv()).or_raise(py)
    }

    /// `set(name, value)`.
    fn set(&self, py: Python<'_>, name: DomStr<'_>, value: DomStr<'_>) -> PyResult<()> {
        self.0.set(&name.usv(), &value.usv()).or_raise(py)
    }

    /// The number of entries.
    fn __len__(&self) -> usize {
        self.0.entries().len()
    }

    /// Whether an entry has this name (`has(name)`).
    fn __contains__(&self, py: Python<'_>, name: DomStr<'_>) -> PyResult<bool> {
        self.0.has(&name.usv()).or_raise(py)
    }

    fn __repr__(&self) -> String {
        format!("FormData({:?})", self.0.entries())
    }
}
