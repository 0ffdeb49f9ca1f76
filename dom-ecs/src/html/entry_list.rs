//! A form's entry list (<https://html.spec.whatwg.org/#constructing-the-form-data-set>):
//! the names and values its submittable controls contribute, what
//! `new FormData(form, submitter)` holds and a `GET` submission puts in
//! its URL's query. No rendering and no `File`: an image button
//! contributes `x` and `y` of 0, a file input nothing.

use crate::{Document, DomError, DomResult, NodeId};

impl Document {
    /// A submit button: `button` of type `submit` (the default) or `input`
    /// of type `submit` or `image`.
    pub(crate) fn is_submit_button(&self, id: NodeId) -> bool {
        match self.html_local(id) {
            Some("input") => matches!(self.input_kind(id), "submit" | "image"),
            Some("button") => !self
                .get_attribute(id, "type")
                .ok()
                .flatten()
                .is_some_and(|t| {
                    t.eq_ignore_ascii_case("reset") || t.eq_ignore_ascii_case("button")
                }),
            _ => false,
        }
    }

    /// A button: `button`, or `input` of type `submit`, `reset`, `button`
    /// or `image`.
    fn is_button(&self, id: NodeId) -> bool {
        match self.html_local(id) {
            Some("button") => true,
            Some("input") => matches!(self.input_kind(id), "submit" | "reset" | "button" | "image"),
            _ => false,
        }
    }

    fn has_ancestor(&self, id: NodeId, local: &str) -> bool {
        let mut cur = self.n(id.0).parent;
        while let Some(p) = cur {
            if self.is_html_local(NodeId(p), local) {
                return true;
            }
            cur = self.n(p).parent;
        }
        false
    }

    /// The directionality `dirname` reports: `rtl` when the element or
    /// an ancestor says so first, else `ltr` (no text is analysed).
    fn directionality(&self, id: NodeId) -> &'static str {
        let mut cur = Some(id.0);
        while let Some(e) = cur {
            match self.get_attribute(NodeId(e), "dir").ok().flatten() {
                Some(d) if d.eq_ignore_ascii_case("rtl") => return "rtl",
                Some(d) if d.eq_ignore_ascii_case("ltr") => return "ltr",
                _ => {}
            }
            cur = self.n(e).parent;
        }
        "ltr"
    }

    /// Whether an option is disabled: its own `disabled`, or its
    /// `optgroup` parent's.
    fn option_disabled(&self, option: NodeId) -> bool {
        self.has_attribute(option, "disabled").unwrap_or(false)
            || self.n(option.0).parent.is_some_and(|p| {
                self.is_html_local(NodeId(p), "optgroup")
                    && self.has_attribute(NodeId(p), "disabled").unwrap_or(false)
            })
    }

    /// Constructing the entry list of `form` with `submitter` (the button
    /// that submits it, if any).
    ///
    /// # Errors
    /// `InvalidStateError` for a node that is no `form`; `StaleNode`.
    pub fn form_entry_list(
        &self,
        form: NodeId,
        submitter: Option<NodeId>,
    ) -> DomResult<Vec<(String, String)>> {
        self.expect_html(form, "form")?;
        let root = self.root_of(form.0);
        let controls: Vec<NodeId> = self
            .descendants_of(root)
            .map(NodeId)
            .filter(|&e| {
                matches!(
                    self.html_local(e),
                    Some("button" | "input" | "select" | "textarea")
                ) && self.form_owner(e).ok().flatten() == Some(form)
            })
            .collect();
        let mut entries = Vec::new();
        for field in controls {
            if self.has_ancestor(field, "datalist") || self.is_disabled_control(field) {
                continue;
            }
            if self.is_button(field) && Some(field) != submitter {
                continue;
            }
            let local = self.html_local(field).unwrap_or("");
            let kind = if local == "input" {
                self.input_kind(field)
            } else {
                ""
            };
            if matches!(kind, "checkbox" | "radio") && !self.checked(field)? {
                continue;
            }
            let name = self.get_attribute(field, "name")?.unwrap_or("").to_owned();
            if kind == "image" {
                let prefix = if name.is_empty() {
                    String::new()
                } else {
                    format!("{name}.")
                };
                entries.push((format!("{prefix}x"), "0".to_owned()));
                entries.push((format!("{prefix}y"), "0".to_owned()));
                continue;
            }
            if name.is_empty() {
                continue;
            }
            match (local, kind) {
                ("select", _) => {
                    for option in self.options_now(field) {
                        if self.option_selected(option)? && !self.option_disabled(option) {
                            entries.push((name.clone(), self.option_value(option)?));
                        }
                    }
                }
                (_, "checkbox" | "radio") => {
                    let value = self
                        .get_attribute(field, "value")?
                        .unwrap_or("on")
                        .to_owned();
                    entries.push((name.clone(), value));
                }
                (_, "file") => {}
                (_, "hidden") if name.eq_ignore_ascii_case("_charset_") => {
                    entries.push((name.clone(), "UTF-8".to_owned()));
                }
                ("textarea", _) => entries.push((name.clone(), self.textarea_value(field)?)),
                ("button", _) => {
                    let value = self.get_attribute(field, "value")?.unwrap_or("").to_owned();
                    entries.push((name.clone(), value));
                }
                _ => entries.push((name.clone(), self.input_value(field)?)),
            }
            let auto_directionality = local == "textarea"
                || matches!(
                    kind,
                    "hidden"
                        | "text"
                        | "search"
                        | "tel"
                        | "url"
                        | "email"
                        | "password"
                        | "submit"
                        | "reset"
                        | "button"
                );
            if auto_directionality
                && let Some(dirname) = self
                    .get_attribute(field, "dirname")?
                    .filter(|d| !d.is_empty())
            {
                entries.push((dirname.to_owned(), self.directionality(field).to_owned()));
            }
        }
        Ok(entries)
    }

    /// `new FormData(form, submitter)`'s entries: a `TypeError` for a
    /// submitter that is no submit button, a `NotFoundError` for one of
    /// another form (<https://xhr.spec.whatwg.org/#dom-formdata>).
    ///
    /// # Errors
    /// As above, and as [`Document::form_entry_list`].
    pub fn form_data_of(
        &self,
        form: NodeId,
        submitter: Option<NodeId>,
    ) -> DomResult<Vec<(String, String)>> {
        if !self.is_html_local(form, "form") {
            return Err(DomError::Type(
                "FormData's form argument is not an HTMLFormElement".to_owned(),
            ));
        }
        if let Some(s) = submitter {
            if !self.is_submit_button(s) {
                return Err(DomError::Type(
                    "The specified element is not a submit button.".to_owned(),
                ));
            }
            if self.form_owner(s)? != Some(form) {
                return Err(DomError::NotFound(
                    "The specified element is not owned by this form element.".to_owned(),
                ));
            }
        }
        self.form_entry_list(form, submitter)
    }
}

/// Every lone CR and lone LF made CRLF, as submission normalizes names
/// and values (<https://html.spec.whatwg.org/#converting-an-entry-list-to-a-list-of-name-value-pairs>).
fn normalize_newlines(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\n', "\r\n")
}

impl Document {
    /// Where submitting `form` with `submitter` goes
    /// (<https://html.spec.whatwg.org/#form-submission-algorithm>): the
    /// action (the submitter's `formaction`, else the form's `action`,
    /// else the document's URL); with the `get` method (the submitter's
    /// `formmethod`, else the form's `method`) and an `http(s)`, `file:`
    /// or `data:` action, its query becomes the entry list,
    /// `application/x-www-form-urlencoded`. A `post` body is not kept:
    /// the host does not load other documents.
    pub(crate) fn submission_url(&self, form: NodeId, submitter: NodeId) -> String {
        let attr = |id: NodeId, name: &str| {
            self.get_attribute(id, name)
                .ok()
                .flatten()
                .map(str::to_owned)
        };
        let action = if attr(submitter, "formaction").is_some() {
            self.reflected_url(submitter, "formaction").ok()
        } else {
            self.reflected_url(form, "action").ok()
        }
        .filter(|a| !a.is_empty())
        .or_else(|| {
            let doc = NodeId(self.node_document(form.0));
            self.url_of(doc).ok().map(str::to_owned)
        })
        .unwrap_or_default();
        let method = attr(submitter, "formmethod")
            .or_else(|| attr(form, "method"))
            .unwrap_or_default()
            .to_ascii_lowercase();
        if method == "post" || method == "dialog" {
            return action;
        }
        let Some(mut url) = crate::urls::UrlRecord::parse(&action, None) else {
            return action;
        };
        if !matches!(url.scheme.as_str(), "http" | "https" | "file" | "data") {
            return action;
        }
        let entries = self
            .form_entry_list(form, Some(submitter))
            .unwrap_or_default();
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(
                entries
                    .iter()
                    .map(|(n, v)| (normalize_newlines(n), normalize_newlines(v))),
            )
            .finish();
        url.query = Some(query);
        url.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_forms_entry_list_has_what_its_controls_submit() {
        let d = Document::parse(
            "<form id=f><input name=a value=1><input name=b type=checkbox><input name=c type=checkbox checked>\
             <select name=s multiple><option selected>x<option value=y selected>Y<option>z</select>\
             <textarea name=t dirname=t.dir>hi</textarea><input name=off disabled value=no>\
             <button name=go value=yes>Go</button><input type=image name=img>\
             <datalist><input name=in-list value=no></datalist><input value=unnamed></form>",
        );
        let form = d.get_element_by_id("f").unwrap();
        let entries = d.form_entry_list(form, None).unwrap();
        let pairs: Vec<(&str, &str)> = entries
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("a", "1"),
                ("c", "on"),
                ("s", "x"),
                ("s", "y"),
                ("t", "hi"),
                ("t.dir", "ltr")
            ]
        );
        let button = d.query_selector(d.root(), "button").unwrap().unwrap();
        let with_button = d.form_data_of(form, Some(button)).unwrap();
        assert!(with_button.contains(&("go".to_owned(), "yes".to_owned())));
        let input = d.query_selector(d.root(), "input").unwrap().unwrap();
        assert!(matches!(
            d.form_data_of(form, Some(input)),
            Err(DomError::Type(_))
        ));
        assert!(matches!(
            d.form_data_of(input, None),
            Err(DomError::Type(_))
        ));
    }

    #[test]
    fn a_get_submission_puts_the_entries_in_the_query() {
        let mut d = Document::parse(
            "<form id=f action='/search?old=1#top'><textarea name=q>a b\nc</textarea><button>Go</button></form>\
             <form id=p method=post action=/post><button>Go</button></form>",
        );
        d.set_url("http://example.com/page");
        let form = d.get_element_by_id("f").unwrap();
        let button = d.query_selector(form, "button").unwrap().unwrap();
        assert_eq!(
            d.submission_url(form, button),
            "http://example.com/search?q=a+b%0D%0Ac#top"
        );
        let post = d.get_element_by_id("p").unwrap();
        let button = d.query_selector(post, "button").unwrap().unwrap();
        assert_eq!(d.submission_url(post, button), "http://example.com/post");
    }
}
