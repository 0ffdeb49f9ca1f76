//! The `data:` URL processor (<https://fetch.spec.whatwg.org/#data-url-processor>):
//! a `data:` URL's MIME type and body bytes.

use crate::base64::forgiving_base64_decode;

/// A `data:` URL's MIME type (as given, `text/plain;charset=US-ASCII`
/// when it has none) and body; none when it is no valid `data:` URL.
pub fn process(url: &url::Url) -> Option<(String, Vec<u8>)> {
    if url.scheme() != "data" {
        return None;
    }
    // The URL serialized without its fragment, "data:" removed.
    let full = url.as_str();
    let without_fragment = full.split_once('#').map_or(full, |(a, _)| a);
    let input = without_fragment.get("data:".len()..)?;
    let (mime, body) = input.split_once(',')?;
    let mut mime = mime
        .trim_matches(|c: char| c.is_ascii_whitespace())
        .to_owned();
    let mut body: Vec<u8> = percent_encoding::percent_decode_str(body).collect();
    // A MIME type ending in ";base64" (spaces allowed around the ";").
    let lower = mime.to_ascii_lowercase();
    if let Some(rest) = lower.strip_suffix("base64") {
        let rest = rest.trim_end_matches(' ');
        if let Some(rest) = rest.strip_suffix(';') {
            let keep = rest.trim_end_matches(' ').len();
            body = forgiving_base64_decode(&String::from_utf8_lossy(&body))?;
            mime.truncate(keep);
        }
    }
    if mime.starts_with(';') {
        mime.insert_str(0, "text/plain");
    }
    let essence = mime.split(';').next().unwrap_or("").trim();
    let valid = essence
        .split_once('/')
        .is_some_and(|(t, s)| !t.is_empty() && !s.is_empty() && !s.contains('/'));
    if !valid {
        mime = "text/plain;charset=US-ASCII".to_owned();
    }
    Some((mime, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_urls_decode() {
        let u = |s: &str| url::Url::parse(s).unwrap();
        assert_eq!(
            process(&u("data:,Hello%2C%20World!")),
            Some((
                "text/plain;charset=US-ASCII".into(),
                b"Hello, World!".to_vec()
            ))
        );
        assert_eq!(
            process(&u("data:text/html;base64,PGI+aGk8L2I+#frag")),
            Some(("text/html".into(), b"<b>hi</b>".to_vec()))
        );
        assert_eq!(
            process(&u("data:;charset=utf-8,x")).map(|m| m.0),
            Some("text/plain;charset=utf-8".into())
        );
        assert_eq!(process(&u("data:text/plain")), None);
        assert_eq!(process(&u("data:;base64,abcde")), None);
        assert_eq!(
            forgiving_base64_decode(" YW Jj ZA== "),
            Some(b"abcd".to_vec())
        );
    }
}
