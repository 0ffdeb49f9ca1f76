//! The XML declaration (XML 2.8): `<?xml version="1.0" encoding="UTF-8"
//! standalone="no"?>`, checked and otherwise ignored (the text is
//! decoded already; a non-validating processor reads no external DTD).

type Result<T> = std::result::Result<T, String>;

/// Check the XML declaration's pseudo-attributes (2.8): `version`, then
/// `encoding` and `standalone` if present, in that order.
pub(super) fn check(data: &str) -> Result<()> {
    let mut rest = data.trim_end();
    let mut seen = Vec::new();
    while !rest.is_empty() {
        let (name, value, after) =
            pseudo_attribute(rest).ok_or("the XML declaration is malformed")?;
        seen.push(name);
        let ok = match name {
            "version" => {
                value.len() > 2
                    && value.starts_with("1.")
                    && value[2..].bytes().all(|b| b.is_ascii_digit())
            }
            "encoding" => {
                value.bytes().enumerate().all(|(i, b)| {
                    b.is_ascii_alphabetic()
                        || (i > 0 && (b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')))
                }) && !value.is_empty()
            }
            "standalone" => matches!(value, "yes" | "no"),
            _ => false,
        };
        if !ok {
            return Err(format!("the XML declaration's {name} is malformed"));
        }
        rest = after.trim_start();
        if !rest.is_empty() && after.len() == after.trim_start().len() {
            return Err("the XML declaration is malformed".into());
        }
    }
    let order = ["version", "encoding", "standalone"];
    let mut last = 0;
    for (i, name) in seen.iter().enumerate() {
        let at = order.iter().position(|o| o == name).unwrap_or(0);
        if (i == 0 && *name != "version") || (i > 0 && at <= last) {
            return Err("the XML declaration is malformed".into());
        }
        last = at;
    }
    if seen.is_empty() {
        return Err("the XML declaration has no version".into());
    }
    Ok(())
}

/// `name = "value"` at the start of `s`: name, value and what follows.
fn pseudo_attribute(s: &str) -> Option<(&str, &str, &str)> {
    let name_end = s.find(|c: char| !c.is_ascii_alphabetic())?;
    let (name, rest) = s.split_at(name_end);
    let rest = rest.trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|q| matches!(q, '"' | '\''))?;
    let rest = &rest[1..];
    let end = rest.find(quote)?;
    Some((name, &rest[..end], &rest[end + 1..]))
}

#[cfg(test)]
mod tests {
    #[test]
    fn version_encoding_and_standalone_in_that_order() {
        for good in [
            "version='1.0'",
            "version=\"1.1\" encoding='UTF-8' standalone='yes' ",
        ] {
            assert!(super::check(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "version='1.'",
            "encoding='x' version='1.0'",
            "version='1.0'encoding='x'",
            "version='1.0' standalone='maybe'",
        ] {
            assert!(super::check(bad).is_err(), "{bad}");
        }
    }
}
