//! Hosts (<https://url.spec.whatwg.org/#hosts-(domains-and-ip-addresses)>):
//! the host parser (domains through UTS #46 ToASCII, IPv4 with its
//! decimal, octal and hexadecimal parts, IPv6, opaque hosts) and the host
//! serializer.

use std::fmt::{self, Write as _};

use idna::AsciiDenyList;
use percent_encoding::percent_decode_str;

use super::Failure;
use super::percent;

/// A host: what follows `//` in a URL with an authority.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Host {
    /// A domain, ASCII and lowercase after ToASCII.
    Domain(String),
    /// An IPv4 address.
    Ipv4(u32),
    /// An IPv6 address's eight pieces.
    Ipv6([u16; 8]),
    /// A non-special URL's host, percent-encoded as given.
    Opaque(String),
    /// The empty host (`file:///`, `sc://`).
    Empty,
}

/// The forbidden host code points
/// (<https://url.spec.whatwg.org/#forbidden-host-code-point>).
fn forbidden_host(c: char) -> bool {
    matches!(
        c,
        '\0' | '\t'
            | '\n'
            | '\r'
            | ' '
            | '#'
            | '/'
            | ':'
            | '<'
            | '>'
            | '?'
            | '@'
            | '['
            | '\\'
            | ']'
            | '^'
            | '|'
    )
}

/// What a domain may not hold after ToASCII: the forbidden host code
/// points and `%` (checked by the UTS #46 processing itself).
const DOMAIN_DENY: AsciiDenyList = AsciiDenyList::new(false, "\0\t\n\r #/:<>?@[\\]^|%");

/// The host parser (<https://url.spec.whatwg.org/#concept-host-parser>):
/// `input` as an IPv6 address in brackets, an opaque host when
/// `is_opaque` (a non-special URL's), else a domain or an IPv4 address.
pub(crate) fn parse(input: &str, is_opaque: bool) -> Result<Host, Failure> {
    if let Some(rest) = input.strip_prefix('[') {
        let inner = rest.strip_suffix(']').ok_or(Failure)?;
        return parse_ipv6(inner).map(Host::Ipv6);
    }
    if is_opaque {
        if input.contains(forbidden_host) {
            return Err(Failure);
        }
        let mut out = String::with_capacity(input.len());
        percent::encode_into(&mut out, input, percent::C0_CONTROL);
        return Ok(Host::Opaque(out));
    }
    let bytes: std::borrow::Cow<'_, [u8]> = percent_decode_str(input).into();
    let domain = String::from_utf8_lossy(&bytes);
    let ascii = domain_to_ascii(&domain)?;
    if ends_in_number(&ascii) {
        return parse_ipv4(&ascii).map(Host::Ipv4);
    }
    Ok(Host::Domain(ascii))
}

/// Domain to ASCII, not strict
/// (<https://url.spec.whatwg.org/#concept-domain-to-ascii>): UTS #46
/// ToASCII (CheckHyphens, VerifyDnsLength and UseSTD3ASCIIRules off,
/// CheckBidi and CheckJoiners on, nontransitional), then the forbidden
/// domain code points; an empty result fails.
pub(crate) fn domain_to_ascii(domain: &str) -> Result<String, Failure> {
    let ascii = idna::domain_to_ascii_cow(domain.as_bytes(), DOMAIN_DENY).map_err(|_| Failure)?;
    if ascii.is_empty() {
        return Err(Failure);
    }
    Ok(ascii.into_owned())
}

/// The ends-in-a-number checker
/// (<https://url.spec.whatwg.org/#ends-in-a-number-checker>).
fn ends_in_number(input: &str) -> bool {
    let mut parts: Vec<&str> = input.split('.').collect();
    if parts.last() == Some(&"") {
        if parts.len() == 1 {
            return false;
        }
        parts.pop();
    }
    let last = parts.last().copied().unwrap_or("");
    if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    parse_ipv4_number(last).is_ok()
}

/// The IPv4 number parser: a decimal, `0`-prefixed octal or
/// `0x`-prefixed hexadecimal number ("" after a prefix is 0). A number
/// too large for `u64` is `u64::MAX`, which every caller rejects.
fn parse_ipv4_number(input: &str) -> Result<u64, Failure> {
    if input.is_empty() {
        return Err(Failure);
    }
    let (digits, radix) =
        if input.len() >= 2 && (input.starts_with("0x") || input.starts_with("0X")) {
            (&input[2..], 16)
        } else if input.len() >= 2 && input.starts_with('0') {
            (&input[1..], 8)
        } else {
            (input, 10)
        };
    let mut n: u64 = 0;
    for c in digits.chars() {
        let d = c.to_digit(radix).ok_or(Failure)?;
        n = n
            .saturating_mul(u64::from(radix))
            .saturating_add(u64::from(d));
    }
    Ok(n)
}

/// The IPv4 parser (<https://url.spec.whatwg.org/#concept-ipv4-parser>).
fn parse_ipv4(input: &str) -> Result<u32, Failure> {
    let mut parts: Vec<&str> = input.split('.').collect();
    if parts.last() == Some(&"") && parts.len() > 1 {
        parts.pop();
    }
    if parts.len() > 4 {
        return Err(Failure);
    }
    let numbers = parts
        .iter()
        .map(|p| parse_ipv4_number(p))
        .collect::<Result<Vec<u64>, Failure>>()?;
    let (last, rest) = numbers.split_last().ok_or(Failure)?;
    if rest.iter().any(|&n| n > 255) {
        return Err(Failure);
    }
    if *last >= 256u64.pow(5 - numbers.len() as u32) {
        return Err(Failure);
    }
    let mut ipv4 = *last;
    for (counter, n) in rest.iter().enumerate() {
        ipv4 += n * 256u64.pow(3 - counter as u32);
    }
    u32::try_from(ipv4).map_err(|_| Failure)
}

/// The IPv6 parser (<https://url.spec.whatwg.org/#concept-ipv6-parser>).
fn parse_ipv6(input: &str) -> Result<[u16; 8], Failure> {
    let input: Vec<char> = input.chars().collect();
    let at = |p: usize| input.get(p).copied();
    let mut address = [0u16; 8];
    let mut piece = 0usize;
    let mut compress: Option<usize> = None;
    let mut p = 0usize;
    if at(p) == Some(':') {
        if at(p + 1) != Some(':') {
            return Err(Failure);
        }
        p += 2;
        piece += 1;
        compress = Some(piece);
    }
    while let Some(c) = at(p) {
        if piece == 8 {
            return Err(Failure);
        }
        if c == ':' {
            if compress.is_some() {
                return Err(Failure);
            }
            p += 1;
            piece += 1;
            compress = Some(piece);
            continue;
        }
        let mut value: u32 = 0;
        let mut length = 0;
        while length < 4 {
            let Some(d) = at(p).and_then(|c| c.to_digit(16)) else {
                break;
            };
            value = value * 16 + d;
            p += 1;
            length += 1;
        }
        match at(p) {
            Some('.') => {
                if length == 0 {
                    return Err(Failure);
                }
                p -= length;
                if piece > 6 {
                    return Err(Failure);
                }
                let mut numbers_seen = 0;
                while at(p).is_some() {
                    let mut ipv4_piece: Option<u32> = None;
                    if numbers_seen > 0 {
                        if at(p) == Some('.') && numbers_seen < 4 {
                            p += 1;
                        } else {
                            return Err(Failure);
                        }
                    }
                    if !at(p).is_some_and(|c| c.is_ascii_digit()) {
                        return Err(Failure);
                    }
                    while let Some(n) = at(p).and_then(|c| c.to_digit(10)) {
                        ipv4_piece = match ipv4_piece {
                            None => Some(n),
                            Some(0) => return Err(Failure),
                            Some(v) => Some(v * 10 + n),
                        };
                        if ipv4_piece > Some(255) {
                            return Err(Failure);
                        }
                        p += 1;
                    }
                    let v = ipv4_piece.unwrap_or(0) as u16;
                    address[piece] = address[piece] * 0x100 + v;
                    numbers_seen += 1;
                    if numbers_seen == 2 || numbers_seen == 4 {
                        piece += 1;
                    }
                }
                if numbers_seen != 4 {
                    return Err(Failure);
                }
                break;
            }
            Some(':') => {
                p += 1;
                if at(p).is_none() {
                    return Err(Failure);
                }
            }
            Some(_) => return Err(Failure),
            None => {}
        }
        address[piece] = value as u16;
        piece += 1;
    }
    if let Some(compress) = compress {
        let mut swaps = piece - compress;
        piece = 7;
        while piece != 0 && swaps > 0 {
            address.swap(piece, compress + swaps - 1);
            piece -= 1;
            swaps -= 1;
        }
    } else if piece != 8 {
        return Err(Failure);
    }
    Ok(address)
}

/// The IPv6 serializer: lowercase hexadecimal pieces, the first longest
/// run of two or more zero pieces as `::`.
fn write_ipv6(f: &mut fmt::Formatter<'_>, address: &[u16; 8]) -> fmt::Result {
    let mut compress: Option<usize> = None;
    let (mut best, mut i) = (1, 0);
    while i < 8 {
        if address[i] == 0 {
            let start = i;
            while i < 8 && address[i] == 0 {
                i += 1;
            }
            if i - start > best {
                best = i - start;
                compress = Some(start);
            }
        } else {
            i += 1;
        }
    }
    let mut ignore0 = false;
    for (i, &piece) in address.iter().enumerate() {
        if ignore0 && piece == 0 {
            continue;
        }
        ignore0 = false;
        if compress == Some(i) {
            f.write_str(if i == 0 { "::" } else { ":" })?;
            ignore0 = true;
            continue;
        }
        write!(f, "{piece:x}")?;
        if i != 7 {
            f.write_char(':')?;
        }
    }
    Ok(())
}

/// The host serializer (<https://url.spec.whatwg.org/#concept-host-serializer>).
impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Host::Domain(s) | Host::Opaque(s) => f.write_str(s),
            Host::Ipv4(n) => {
                let b = n.to_be_bytes();
                write!(f, "{}.{}.{}.{}", b[0], b[1], b[2], b[3])
            }
            Host::Ipv6(a) => {
                f.write_char('[')?;
                write_ipv6(f, a)?;
                f.write_char(']')
            }
            Host::Empty => Ok(()),
        }
    }
}
