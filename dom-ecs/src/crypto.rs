//! `crypto` (<https://w3c.github.io/webcrypto/#crypto-interface>): random
//! values from the operating system's generator (`getrandom`), for
//! `getRandomValues` and `randomUUID`. Of no document.

use crate::{DomError, DomResult};

/// The most bytes one `getRandomValues` call fills.
pub const MAX_RANDOM_BYTES: usize = 65_536;

/// A window's `Crypto`: stateless.
#[derive(Clone, Copy, Debug, Default)]
pub struct Crypto;

fn fill(bytes: &mut [u8]) -> DomResult<()> {
    getrandom::fill(bytes).map_err(|e| {
        DomError::NotSupported(format!("the system's random number generator failed: {e}"))
    })
}

impl Crypto {
    /// `getRandomValues(array)`'s filling
    /// (<https://w3c.github.io/webcrypto/#Crypto-method-getRandomValues>):
    /// the bridge has checked that the view is of an integer type (else a
    /// `TypeMismatchError`) and gives its bytes.
    ///
    /// # Errors
    /// `QuotaExceededError` for more than 65,536 bytes.
    pub fn get_random_values(&self, bytes: &mut [u8]) -> DomResult<()> {
        if bytes.len() > MAX_RANDOM_BYTES {
            return Err(DomError::QuotaExceeded(format!(
                "Failed to execute 'getRandomValues' on 'Crypto': The ArrayBufferView's byte length ({}) exceeds the number of bytes of entropy available via this API ({MAX_RANDOM_BYTES}).",
                bytes.len()
            )));
        }
        fill(bytes)
    }

    /// `randomUUID()`
    /// (<https://w3c.github.io/webcrypto/#Crypto-method-randomUUID>): a
    /// version 4 UUID, lowercase hexadecimal.
    ///
    /// # Errors
    /// When the system's generator fails.
    pub fn random_uuid(&self) -> DomResult<String> {
        let mut b = [0u8; 16];
        fill(&mut b)?;
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
        Ok(format!(
            "{}-{}-{}-{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_version_4_and_differ() {
        let c = Crypto;
        let (a, b) = (c.random_uuid().unwrap(), c.random_uuid().unwrap());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "{a}");
        let mut big = vec![0u8; MAX_RANDOM_BYTES + 1];
        assert!(matches!(
            c.get_random_values(&mut big),
            Err(DomError::QuotaExceeded(_))
        ));
        let mut some = [0u8; 64];
        c.get_random_values(&mut some).unwrap();
        assert!(some.iter().any(|x| *x != 0));
    }
}
