//! Which HTML element interface (`HTMLDivElement`, `HTMLInputElement`...)
//! an element of each local name gets
//! (<https://html.spec.whatwg.org/#elements-3>), decided natively so making
//! a node's JS object needs no second call to ask its name.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Interfaces of their own, with the local names that use them.
pub(crate) const INTERFACES: &[(&str, &str)] = &[
    ("HTMLAnchorElement", "a"),
    ("HTMLAreaElement", "area"),
    ("HTMLAudioElement", "audio"),
    ("HTMLBaseElement", "base"),
    ("HTMLBodyElement", "body"),
    ("HTMLBRElement", "br"),
    ("HTMLButtonElement", "button"),
    ("HTMLCanvasElement", "canvas"),
    ("HTMLDataElement", "data"),
    ("HTMLDataListElement", "datalist"),
    ("HTMLDetailsElement", "details"),
    ("HTMLDialogElement", "dialog"),
    ("HTMLDirectoryElement", "dir"),
    ("HTMLDivElement", "div"),
    ("HTMLDListElement", "dl"),
    ("HTMLEmbedElement", "embed"),
    ("HTMLFieldSetElement", "fieldset"),
    ("HTMLFontElement", "font"),
    ("HTMLFormElement", "form"),
    ("HTMLFrameElement", "frame"),
    ("HTMLFrameSetElement", "frameset"),
    ("HTMLHeadElement", "head"),
    ("HTMLHeadingElement", "h1 h2 h3 h4 h5 h6"),
    ("HTMLHRElement", "hr"),
    ("HTMLHtmlElement", "html"),
    ("HTMLIFrameElement", "iframe"),
    ("HTMLImageElement", "img"),
    ("HTMLInputElement", "input"),
    ("HTMLLabelElement", "label"),
    ("HTMLLegendElement", "legend"),
    ("HTMLLIElement", "li"),
    ("HTMLLinkElement", "link"),
    ("HTMLMapElement", "map"),
    ("HTMLMarqueeElement", "marquee"),
    ("HTMLMenuElement", "menu"),
    ("HTMLMetaElement", "meta"),
    ("HTMLMeterElement", "meter"),
    ("HTMLModElement", "del ins"),
    ("HTMLObjectElement", "object"),
    ("HTMLOListElement", "ol"),
    ("HTMLOptGroupElement", "optgroup"),
    ("HTMLOptionElement", "option"),
    ("HTMLOutputElement", "output"),
    ("HTMLParagraphElement", "p"),
    ("HTMLParamElement", "param"),
    ("HTMLPictureElement", "picture"),
    ("HTMLPreElement", "pre listing xmp"),
    ("HTMLProgressElement", "progress"),
    ("HTMLQuoteElement", "blockquote q"),
    ("HTMLScriptElement", "script"),
    ("HTMLSelectElement", "select"),
    ("HTMLSlotElement", "slot"),
    ("HTMLSourceElement", "source"),
    ("HTMLSpanElement", "span"),
    ("HTMLStyleElement", "style"),
    ("HTMLTableCaptionElement", "caption"),
    ("HTMLTableCellElement", "td th"),
    ("HTMLTableColElement", "col colgroup"),
    ("HTMLTableElement", "table"),
    ("HTMLTableRowElement", "tr"),
    ("HTMLTableSectionElement", "thead tbody tfoot"),
    ("HTMLTemplateElement", "template"),
    ("HTMLTextAreaElement", "textarea"),
    ("HTMLTimeElement", "time"),
    ("HTMLTitleElement", "title"),
    ("HTMLTrackElement", "track"),
    ("HTMLUListElement", "ul"),
    ("HTMLVideoElement", "video"),
];

/// Elements whose interface is plain HTMLElement.
const PLAIN: &str = "abbr address article aside b bdi bdo cite code dd dfn dt em figcaption figure \
    footer header hgroup i kbd main mark nav noscript rp rt ruby s samp search section small strong \
    sub summary sup u var wbr acronym basefont big center nobr noembed noframes plaintext rb rtc \
    strike tt";

/// The class code of an HTML element named `local`: 0 HTMLElement,
/// 1 HTMLUnknownElement, 2 + k the k-th of [`INTERFACES`].
pub(crate) fn class_code(local: &str) -> u64 {
    static TABLE: OnceLock<HashMap<&'static str, u64>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t = HashMap::new();
        for (k, (_, tags)) in INTERFACES.iter().enumerate() {
            for tag in tags.split(' ') {
                t.insert(tag, 2 + k as u64);
            }
        }
        for tag in PLAIN.split_ascii_whitespace() {
            t.insert(tag, 0);
        }
        t
    });
    match table.get(local) {
        Some(&c) => c,
        // A custom element name (with a hyphen) is an HTMLElement.
        None if local.contains('-') => 0,
        None => 1,
    }
}
