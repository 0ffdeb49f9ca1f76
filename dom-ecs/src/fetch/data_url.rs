//! The `data:` URL processor (<https://fetch.spec.whatwg.org/#data-url-processor>):
//! a `data:` URL's MIME type and body bytes.

/// The forgiving-base64 decode (<https://infra.spec.whatwg.org/#forgiving-base64-decode>),
/// none on failure.
pub fn forgiving_base64_decode(input: &str) -> Option<Vec<u8>> {
    let mut data: Vec<u8> = input
        .bytes()
        .filter(|b| !matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' '))
        .collect();
    if data.len().is_multiple_of(4) {
        if data.ends_with(b"==") {
            data.truncate(data.len() - 2);
        } else if data.ends_with(b"=") {
            data.truncate(data.len() - 1);
        }
    }
    if data.len() % 4 == 1 {
        return None;
    }
    let value = |b: u8| -> Option<u32> {
        Some(match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(data.len() / 4 * 3 + 2);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for b in data {
        buffer = (buffer << 6) | value(b)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

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
