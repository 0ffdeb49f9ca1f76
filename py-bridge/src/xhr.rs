//! `XMLHttpRequest`'s native half for Python: dom-ecs's
//! [`XmlHttpRequest`] as `ecsdom._native._XhrState`, each method one of its
//! steps; `ecsdom/_xhr.py`'s class holds one and fires the events. A
//! synchronous request is sent here, on the calling thread; an
//! asynchronous one goes through the page's host (`send` gives the
//! request's id and generation; the result comes back as a fetch task).

use dom_ecs::fetch::Response;
use dom_ecs::fetch::xhr::XmlHttpRequest;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::dom_str::{DomStr, Text};
use crate::error::OrRaise;

/// The state of one `XMLHttpRequest`.
#[pyclass(frozen, module = "ecsdom._native", name = "_XhrState")]
pub struct PyXhr(pub(crate) XmlHttpRequest);

impl PyXhr {
    /// The dom-ecs step of `send(body)`: the request for the host.
    pub(crate) fn sending(
        &self,
        py: Python<'_>,
        body: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<dom_ecs::fetch::xhr::Send> {
        let body = body
            .filter(|b| !b.is_none())
            .map(crate::values::body_init)
            .transpose()?;
        self.0.send(body.as_ref()).or_raise(py)
    }
}

#[pymethods]
impl PyXhr {
    #[new]
    fn py_new() -> Self {
        PyXhr(XmlHttpRequest::new())
    }

    fn ready_state(&self) -> u16 {
        self.0.ready_state()
    }

    #[pyo3(signature = (method, url, base, asynchronous, username, password))]
    #[expect(
        clippy::too_many_arguments,
        reason = "open()'s five arguments and the base URL, as Python passes them"
    )]
    fn open(
        &self,
        py: Python<'_>,
        method: DomStr<'_>,
        url: DomStr<'_>,
        base: Option<&str>,
        asynchronous: bool,
        username: Option<DomStr<'_>>,
        password: Option<DomStr<'_>>,
    ) -> PyResult<bool> {
        let username = username.as_ref().map(DomStr::usv);
        let password = password.as_ref().map(DomStr::usv);
        self.0
            .open(
                &method,
                &url.usv(),
                base,
                asynchronous,
                username.as_deref(),
                password.as_deref(),
            )
            .or_raise(py)
    }

    fn set_request_header(
        &self,
        py: Python<'_>,
        name: DomStr<'_>,
        value: DomStr<'_>,
    ) -> PyResult<()> {
        self.0.set_request_header(&name, &value).or_raise(py)
    }

    fn timeout(&self) -> u32 {
        self.0.timeout()
    }

    fn set_timeout(&self, ms: u32) {
        self.0.set_timeout(ms);
    }

    fn with_credentials(&self) -> bool {
        self.0.with_credentials()
    }

    fn set_with_credentials(&self, py: Python<'_>, v: bool) -> PyResult<()> {
        self.0.set_with_credentials(v).or_raise(py)
    }

    /// Whether `open` asked for a synchronous request.
    fn synchronous(&self) -> bool {
        self.0.synchronous()
    }

    /// `send(body)` of a synchronous request: sent here, blocking (the
    /// GIL released while it is in flight); whether it ended as this
    /// request's.
    fn send_sync(&self, py: Python<'_>, body: Option<&Bound<'_, PyAny>>) -> PyResult<bool> {
        let sending = self.sending(py, body)?;
        let request = sending.request;
        let result = py.detach(|| crate::host::fetch_blocking(&request));
        Ok(self
            .0
            .receive(sending.generation, result.map(Response::from_network)))
    }

    /// The host's result for the request of `generation` (a `Response`,
    /// or None for a network error): whether it was this request's.
    fn receive(
        &self,
        generation: u64,
        response: Option<&Bound<'_, crate::values::PyResponse>>,
    ) -> bool {
        let result = response.map(|r| r.get().0.clone()).ok_or_else(String::new);
        self.0.receive(generation, result)
    }

    fn failed(&self) -> bool {
        self.0.failed()
    }

    fn abort(&self) -> bool {
        self.0.abort()
    }

    fn reset_after_abort(&self) {
        self.0.reset_after_abort();
    }

    fn status(&self) -> u16 {
        self.0.status()
    }

    fn status_text(&self) -> String {
        self.0.status_text()
    }

    fn response_url(&self) -> String {
        self.0.response_url()
    }

    fn get_response_header(&self, name: DomStr<'_>) -> Option<String> {
        self.0.get_response_header(&name)
    }

    fn get_all_response_headers(&self) -> String {
        self.0.get_all_response_headers()
    }

    fn override_mime_type(&self, py: Python<'_>, mime: DomStr<'_>) -> PyResult<()> {
        self.0.override_mime_type(&mime).or_raise(py)
    }

    fn response_type(&self) -> &'static str {
        self.0.response_type()
    }

    fn set_response_type(&self, py: Python<'_>, v: DomStr<'_>) -> PyResult<()> {
        self.0.set_response_type(&v).or_raise(py)
    }

    fn response_text(&self, py: Python<'_>) -> PyResult<Text> {
        Ok(Text(self.0.response_text().or_raise(py)?))
    }

    fn decoded(&self) -> String {
        self.0.decoded()
    }

    fn mime_type(&self) -> String {
        self.0.mime_type()
    }

    fn body<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyBytes>> {
        self.0.body().map(|b| PyBytes::new(py, &b))
    }
}
