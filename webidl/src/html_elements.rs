//! The HTML element interfaces and the elements each is for
//! (<https://html.spec.whatwg.org/#elements-3>), read from
//! `webidl/html-elements.txt`: dom-ecs's build script makes the lookup
//! from it (which interface an element gets), the binding generators a
//! class per interface in each language, so the list is declared once.

/// One line of the table: an interface and the local names that use it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HtmlInterface {
    /// The interface (`HTMLAnchorElement`).
    pub name: String,
    /// The local names of its elements (`a`).
    pub elements: Vec<String>,
}

/// The interfaces of the table, in its order, without `HTMLElement`'s
/// line, and the names whose interface is plain `HTMLElement`. An
/// interface's class code is 2 + its index (0 is `HTMLElement`, 1
/// `HTMLUnknownElement`): the order both bridges and dom-ecs share.
///
/// # Errors
/// A line with no element, an interface named twice, or an element named
/// twice.
pub fn html_elements(text: &str) -> Result<(Vec<HtmlInterface>, Vec<String>), String> {
    let mut interfaces: Vec<HtmlInterface> = Vec::new();
    let mut plain = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        let mut words = line.split_whitespace();
        let Some(name) = words.next() else {
            continue;
        };
        let elements: Vec<String> = words.map(str::to_owned).collect();
        if elements.is_empty() {
            return Err(format!("line {}: {name} names no element", n + 1));
        }
        if let Some(dup) = elements.iter().find(|e| !seen.insert((*e).clone())) {
            return Err(format!("line {}: element {dup} is named twice", n + 1));
        }
        if name == "HTMLElement" {
            plain.extend(elements);
        } else if interfaces.iter().any(|i| i.name == name) || name == "HTMLUnknownElement" {
            return Err(format!("line {}: {name} is named twice", n + 1));
        } else {
            interfaces.push(HtmlInterface {
                name: name.to_owned(),
                elements,
            });
        }
    }
    Ok((interfaces, plain))
}
