//! The keywords of the enumerated attributes whose IDL attributes are
//! limited to only known values, with their missing, invalid and empty
//! value defaults, as the HTML Standard's element sections give them. The
//! binding table names these (`enum=INPUT_TYPE`).

use super::Enumerated;

/// Keywords that are each their own state.
macro_rules! own {
    ($($k:literal),*) => { &[$(($k, $k)),*] };
}

/// `input`'s `type` (<https://html.spec.whatwg.org/#attr-input-type>):
/// missing and invalid are the Text state.
pub const INPUT_TYPE: Enumerated = Enumerated {
    keywords: own!(
        "hidden",
        "text",
        "search",
        "tel",
        "url",
        "email",
        "password",
        "date",
        "month",
        "week",
        "time",
        "datetime-local",
        "number",
        "range",
        "color",
        "checkbox",
        "radio",
        "file",
        "submit",
        "image",
        "reset",
        "button"
    ),
    missing: Some("text"),
    invalid: Some("text"),
    empty: None,
};

/// `button`'s `type` (<https://html.spec.whatwg.org/#attr-button-type>):
/// missing and invalid are the Submit Button state.
pub const BUTTON_TYPE: Enumerated = Enumerated {
    keywords: own!("submit", "reset", "button"),
    missing: Some("submit"),
    invalid: Some("submit"),
    empty: None,
};

/// A form's `method` (<https://html.spec.whatwg.org/#attr-fs-method>).
pub const FORM_METHOD: Enumerated = Enumerated {
    keywords: own!("get", "post", "dialog"),
    missing: Some("get"),
    invalid: Some("get"),
    empty: None,
};

/// A form's `enctype` (<https://html.spec.whatwg.org/#attr-fs-enctype>).
pub const FORM_ENCTYPE: Enumerated = Enumerated {
    keywords: own!(
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "text/plain"
    ),
    missing: Some("application/x-www-form-urlencoded"),
    invalid: Some("application/x-www-form-urlencoded"),
    empty: None,
};

/// A submit button's `formmethod` (<https://html.spec.whatwg.org/#attr-fs-method>):
/// no missing value default.
pub const FORM_METHOD_OVERRIDE: Enumerated = Enumerated {
    missing: None,
    ..FORM_METHOD
};

/// A submit button's `formenctype` (<https://html.spec.whatwg.org/#attr-fs-enctype>):
/// no missing value default.
pub const FORM_ENCTYPE_OVERRIDE: Enumerated = Enumerated {
    missing: None,
    ..FORM_ENCTYPE
};

/// A form's `autocomplete` (<https://html.spec.whatwg.org/#attr-form-autocomplete>).
pub const FORM_AUTOCOMPLETE: Enumerated = Enumerated {
    keywords: own!("on", "off"),
    missing: Some("on"),
    invalid: Some("on"),
    empty: None,
};

/// `dir` (<https://html.spec.whatwg.org/#the-dir-attribute>): no default.
pub const DIR: Enumerated = Enumerated {
    keywords: own!("ltr", "rtl", "auto"),
    missing: None,
    invalid: None,
    empty: None,
};

/// A header cell's `scope` (<https://html.spec.whatwg.org/#attr-th-scope>):
/// the auto state has no keyword.
pub const CELL_SCOPE: Enumerated = Enumerated {
    keywords: own!("row", "col", "rowgroup", "colgroup"),
    missing: None,
    invalid: None,
    empty: None,
};

/// `referrerpolicy` (<https://html.spec.whatwg.org/#referrer-policy-attribute>):
/// missing and invalid are the empty string state.
pub const REFERRER_POLICY: Enumerated = Enumerated {
    keywords: own!(
        "",
        "no-referrer",
        "no-referrer-when-downgrade",
        "same-origin",
        "origin",
        "strict-origin",
        "origin-when-cross-origin",
        "strict-origin-when-cross-origin",
        "unsafe-url"
    ),
    missing: Some(""),
    invalid: Some(""),
    empty: None,
};

/// `loading` (<https://html.spec.whatwg.org/#lazy-loading-attributes>).
pub const LOADING: Enumerated = Enumerated {
    keywords: own!("lazy", "eager"),
    missing: Some("eager"),
    invalid: Some("eager"),
    empty: None,
};

/// An image's `decoding` (<https://html.spec.whatwg.org/#dom-img-decoding>).
pub const DECODING: Enumerated = Enumerated {
    keywords: own!("sync", "async", "auto"),
    missing: Some("auto"),
    invalid: Some("auto"),
    empty: None,
};

/// `fetchpriority` (<https://html.spec.whatwg.org/#fetch-priority-attributes>).
pub const FETCH_PRIORITY: Enumerated = Enumerated {
    keywords: own!("high", "low", "auto"),
    missing: Some("auto"),
    invalid: Some("auto"),
    empty: None,
};

/// A media element's `preload` (<https://html.spec.whatwg.org/#attr-media-preload>):
/// "" is the Automatic state; the missing and invalid defaults are
/// user-agent defined (Metadata, as browsers choose).
pub const PRELOAD: Enumerated = Enumerated {
    keywords: &[
        ("none", "none"),
        ("metadata", "metadata"),
        ("auto", "auto"),
        ("", "auto"),
    ],
    missing: Some("metadata"),
    invalid: Some("metadata"),
    empty: None,
};

/// A track's `kind` (<https://html.spec.whatwg.org/#attr-track-kind>).
pub const TRACK_KIND: Enumerated = Enumerated {
    keywords: own!(
        "subtitles",
        "captions",
        "descriptions",
        "chapters",
        "metadata"
    ),
    missing: Some("subtitles"),
    invalid: Some("metadata"),
    empty: None,
};
