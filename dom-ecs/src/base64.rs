//! Base64 as the web platform has it: the forgiving-base64 decode
//! (<https://infra.spec.whatwg.org/#forgiving-base64>) that `data:` URLs
//! and `atob()` use, and `btoa()`/`atob()` themselves
//! (<https://html.spec.whatwg.org/#atob>) over strings whose code points
//! are bytes.

use crate::{DomError, DomResult};

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

/// Base64 encode (with `=` padding).
pub fn base64_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `btoa(data)`: `InvalidCharacterError` for a code point above U+00FF.
pub fn btoa(data: &str) -> DomResult<String> {
    let bytes = data
        .chars()
        .map(|c| u8::try_from(u32::from(c)))
        .collect::<Result<Vec<u8>, _>>()
        .map_err(|_| {
            DomError::InvalidCharacter(
                "The string to be encoded contains characters outside of the Latin1 range."
                    .to_owned(),
            )
        })?;
    Ok(base64_encode(&bytes))
}

/// `atob(data)`: the decoded bytes as code points;
/// `InvalidCharacterError` when it is no base64.
pub fn atob(data: &str) -> DomResult<String> {
    forgiving_base64_decode(data)
        .map(|b| b.into_iter().map(char::from).collect())
        .ok_or_else(|| {
            DomError::InvalidCharacter(
                "The string to be decoded is not correctly encoded.".to_owned(),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips() {
        assert_eq!(
            forgiving_base64_decode(" YW Jj ZA== "),
            Some(b"abcd".to_vec())
        );
        assert_eq!(btoa("").unwrap(), "");
        assert_eq!(btoa("a").unwrap(), "YQ==");
        assert_eq!(btoa("ab\u{ff}").unwrap(), "YWL/");
        assert_eq!(atob("YWL/").unwrap(), "ab\u{ff}");
        assert!(matches!(
            btoa("\u{100}"),
            Err(DomError::InvalidCharacter(_))
        ));
        assert!(matches!(atob("a"), Err(DomError::InvalidCharacter(_))));
        assert_eq!(atob("YQ").unwrap(), "a");
    }
}
