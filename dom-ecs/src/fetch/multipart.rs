//! `multipart/form-data` (<https://html.spec.whatwg.org/#multipart/form-data-encoding-algorithm>,
//! RFC 7578) for string entries, and the MIME type parsing a body's
//! `formData()` needs to choose its parser
//! (<https://fetch.spec.whatwg.org/#concept-body-package-data>).

use crate::{DomError, DomResult};

/// A MIME type's essence (lowercase `type/subtype`) and a parameter's
/// value (`boundary`), from a `Content-Type` value; none when it has no
/// `/` (<https://mimesniff.spec.whatwg.org/#parse-a-mime-type>, the parts
/// used here: quoted values unquoted, names lowercase).
pub(crate) fn essence_and_param(
    content_type: &str,
    param: &str,
) -> Option<(String, Option<String>)> {
    let mut parts = content_type.split(';');
    let essence = parts.next()?.trim().to_ascii_lowercase();
    let (ty, sub) = essence.split_once('/')?;
    if ty.is_empty() || sub.is_empty() {
        return None;
    }
    let value = parts.find_map(|p| {
        let (name, value) = p.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case(param) {
            return None;
        }
        let value = value.trim();
        Some(match value.strip_prefix('"') {
            Some(quoted) => quoted.split('"').next().unwrap_or("").to_owned(),
            None => value.to_owned(),
        })
    });
    Some((essence, value))
}

/// A name in a part's `Content-Disposition`: newlines and `"`
/// percent-encoded, as browsers send them.
fn escape_name(name: &str) -> String {
    name.replace('\r', "%0D")
        .replace('\n', "%0A")
        .replace('"', "%22")
}

/// Every lone CR and lone LF made CRLF.
fn crlf(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                out.push_str("\r\n");
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
            }
            '\n' => out.push_str("\r\n"),
            c => out.push(c),
        }
    }
    out
}

/// The entries as a `multipart/form-data` body, and its `Content-Type`
/// (a random boundary).
pub(crate) fn encode(entries: &[(String, String)]) -> (Vec<u8>, String) {
    let mut random = [0u8; 12];
    // Without the OS generator the boundary is a fixed one: still valid
    // unless an entry holds it.
    let _ = getrandom::fill(&mut random);
    let boundary: String = std::iter::once("----ecsdomFormBoundary".to_owned())
        .chain(random.iter().map(|b| format!("{b:02x}")))
        .collect();
    let mut body = String::new();
    for (name, value) in entries {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"\r\n\r\n{}\r\n",
            escape_name(&crlf(name)),
            crlf(value)
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    (
        body.into_bytes(),
        format!("multipart/form-data; boundary={boundary}"),
    )
}

fn malformed(why: &str) -> DomError {
    DomError::Type(format!(
        "Could not parse the multipart/form-data body: {why}"
    ))
}

/// The entries of a `multipart/form-data` body with this boundary; a
/// `TypeError` for a body that is not one, or that has a file part (no
/// `File` here).
pub(crate) fn decode(body: &[u8], boundary: &str) -> DomResult<Vec<(String, String)>> {
    let delimiter = format!("--{boundary}");
    let find = |hay: &[u8], from: usize, needle: &[u8]| {
        hay.get(from..)?
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|p| p + from)
    };
    let mut at = find(body, 0, delimiter.as_bytes()).ok_or_else(|| malformed("no boundary"))?;
    let next_delimiter = format!("\r\n--{boundary}");
    let mut entries = Vec::new();
    loop {
        at += delimiter.len();
        if body.get(at..at + 2) == Some(b"--") {
            return Ok(entries);
        }
        if body.get(at..at + 2) != Some(b"\r\n") {
            return Err(malformed("a boundary not followed by a line break"));
        }
        at += 2;
        let head_end =
            find(body, at, b"\r\n\r\n").ok_or_else(|| malformed("a part without headers"))?;
        let head = String::from_utf8_lossy(&body[at..head_end]);
        let content_start = head_end + 4;
        let end = find(body, content_start, next_delimiter.as_bytes())
            .ok_or_else(|| malformed("a part without a closing boundary"))?;
        let mut name = None;
        for line in head.split("\r\n") {
            let Some((header, value)) = line.split_once(':') else {
                continue;
            };
            if !header.trim().eq_ignore_ascii_case("content-disposition") {
                continue;
            }
            for param in value.split(';').skip(1) {
                let Some((k, v)) = param.split_once('=') else {
                    continue;
                };
                let v = v.trim().trim_matches('"');
                let v = v
                    .replace("%0D", "\r")
                    .replace("%0A", "\n")
                    .replace("%22", "\"");
                match k.trim().to_ascii_lowercase().as_str() {
                    "name" => name = Some(v),
                    "filename" => {
                        return Err(DomError::Type(
                            "multipart/form-data file parts need File, which ecsdom does not have"
                                .to_owned(),
                        ));
                    }
                    _ => {}
                }
            }
        }
        let name = name.ok_or_else(|| malformed("a part without a name"))?;
        let value = String::from_utf8_lossy(&body[content_start..end]).into_owned();
        entries.push((name, value));
        at = end + 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_through_a_multipart_body() {
        let entries = vec![
            ("a".to_owned(), "1".to_owned()),
            ("quote\"d".to_owned(), "two\r\nlines".to_owned()),
            ("empty".to_owned(), String::new()),
        ];
        let (body, ty) = encode(&entries);
        let (essence, boundary) = essence_and_param(&ty, "boundary").unwrap();
        assert_eq!(essence, "multipart/form-data");
        assert_eq!(decode(&body, &boundary.unwrap()).unwrap(), entries);
        assert!(decode(b"nothing", "x").is_err());
    }

    #[test]
    fn mime_types_give_their_essence_and_parameters() {
        assert_eq!(
            essence_and_param(
                "Multipart/Form-Data; charset=x; boundary=\"b c\"",
                "boundary"
            ),
            Some(("multipart/form-data".to_owned(), Some("b c".to_owned())))
        );
        assert_eq!(essence_and_param("nonsense", "boundary"), None);
    }
}
