//! The Encoding Standard's API (<https://encoding.spec.whatwg.org/#api>):
//! `TextDecoder` and `TextEncoder`, objects of no document. `encoding_rs`
//! is the Encoding Standard's decoders and label table (Firefox's).

use std::sync::{Arc, Mutex, PoisonError};

use encoding_rs::{CoderResult, Decoder, DecoderResult, Encoding, REPLACEMENT};

use crate::dict::{TextDecodeOptions, TextDecoderOptions};
use crate::{DomError, DomResult};

/// Bytes a member returns: JS gets a new `Uint8Array`, Python `bytes`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bytes(pub Vec<u8>);

/// `encodeInto`'s result (`TextEncoderEncodeIntoResult`): UTF-16 code
/// units of the source read, bytes written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EncodeIntoResult {
    /// Code units of the source converted.
    pub read: u64,
    /// Bytes written into the destination.
    pub written: u64,
}

/// A `TextDecoder`: its encoding, error mode, BOM handling, and the
/// decoder a streaming `decode` keeps between calls. Copies share one
/// state (each bridge's object holds one).
#[derive(Clone, Debug)]
pub struct TextDecoder(Arc<Mutex<DecoderState>>);

#[derive(Debug)]
struct DecoderState {
    encoding: &'static Encoding,
    fatal: bool,
    ignore_bom: bool,
    /// The decoder of an unfinished stream (none before the first
    /// `decode` and after a flushing one).
    decoder: Option<Decoder>,
    /// "do not flush": the last `decode` had `stream: true`.
    do_not_flush: bool,
}

impl TextDecoder {
    /// `new TextDecoder(label, options)`
    /// (<https://encoding.spec.whatwg.org/#dom-textdecoder>): the encoding
    /// the label names, or a `RangeError` for an unknown label and for the
    /// replacement encoding's labels.
    ///
    /// # Errors
    /// [`DomError::Range`], as above.
    pub fn new(label: &str, options: &TextDecoderOptions) -> DomResult<TextDecoder> {
        let encoding = Encoding::for_label(label.as_bytes())
            .filter(|e| *e != REPLACEMENT)
            .ok_or_else(|| {
                DomError::Range(format!(
                    "Failed to construct 'TextDecoder': The encoding label provided ('{label}') is invalid."
                ))
            })?;
        Ok(TextDecoder(Arc::new(Mutex::new(DecoderState {
            encoding,
            fatal: options.fatal,
            ignore_bom: options.ignore_bom,
            decoder: None,
            do_not_flush: false,
        }))))
    }

    fn state(&self) -> std::sync::MutexGuard<'_, DecoderState> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `encoding`: the encoding's name, lowercased.
    ///
    /// # Errors
    /// None; the bindings' shape.
    pub fn encoding(&self) -> DomResult<String> {
        Ok(self.state().encoding.name().to_ascii_lowercase())
    }

    /// `fatal`: whether a malformed input throws.
    ///
    /// # Errors
    /// None; the bindings' shape.
    pub fn fatal(&self) -> DomResult<bool> {
        Ok(self.state().fatal)
    }

    /// `ignoreBOM`: whether a byte order mark is kept.
    ///
    /// # Errors
    /// None; the bindings' shape.
    pub fn ignore_bom(&self) -> DomResult<bool> {
        Ok(self.state().ignore_bom)
    }

    /// `decode(input, options)`
    /// (<https://encoding.spec.whatwg.org/#dom-textdecoder-decode>): a new
    /// decoder unless the last call streamed; with `stream`, an incomplete
    /// sequence at the end waits for the next call, without it the end
    /// flushes. A BOM of the decoder's own encoding is removed unless
    /// `ignoreBOM`.
    ///
    /// # Errors
    /// [`DomError::Type`] for malformed input in fatal mode (the stream
    /// then starts over).
    pub fn decode(&self, input: Option<&[u8]>, options: &TextDecodeOptions) -> DomResult<String> {
        let mut st = self.state();
        if !st.do_not_flush {
            st.decoder = None;
        }
        st.do_not_flush = options.stream;
        let (encoding, fatal, ignore_bom) = (st.encoding, st.fatal, st.ignore_bom);
        let decoder = st.decoder.get_or_insert_with(|| {
            if ignore_bom {
                encoding.new_decoder_without_bom_handling()
            } else {
                encoding.new_decoder_with_bom_removal()
            }
        });
        let mut input = input.unwrap_or_default();
        let last = !options.stream;
        let mut out = String::new();
        loop {
            let room = decoder
                .max_utf8_buffer_length(input.len())
                .unwrap_or(input.len().saturating_mul(3).saturating_add(16));
            out.reserve(room);
            let (full, read) = if fatal {
                let (r, read) = decoder.decode_to_string_without_replacement(input, &mut out, last);
                match r {
                    DecoderResult::InputEmpty => (false, read),
                    DecoderResult::OutputFull => (true, read),
                    DecoderResult::Malformed(..) => {
                        st.decoder = None;
                        st.do_not_flush = false;
                        return Err(DomError::Type(format!(
                            "Failed to execute 'decode' on 'TextDecoder': The encoded data was not valid for encoding {}",
                            encoding.name().to_ascii_lowercase()
                        )));
                    }
                }
            } else {
                let (r, read, _) = decoder.decode_to_string(input, &mut out, last);
                (r == CoderResult::OutputFull, read)
            };
            input = &input[read..];
            if !full {
                break;
            }
        }
        if last {
            st.decoder = None;
        }
        Ok(crate::dom_string::escape_owned(out))
    }
}

/// A `TextEncoder`: UTF-8, stateless.
#[derive(Clone, Copy, Debug, Default)]
pub struct TextEncoder;

impl TextEncoder {
    /// `new TextEncoder()`.
    ///
    /// # Errors
    /// None; the bindings' shape.
    pub fn new() -> DomResult<TextEncoder> {
        Ok(TextEncoder)
    }

    /// `encoding`: always `"utf-8"`.
    ///
    /// # Errors
    /// None; the bindings' shape.
    pub fn encoding(&self) -> DomResult<String> {
        Ok("utf-8".to_owned())
    }

    /// `encode(input)`: the UTF-8 bytes of the scalar values (a lone
    /// surrogate was already U+FFFD: the argument is a `USVString`).
    ///
    /// # Errors
    /// None; the bindings' shape.
    pub fn encode(&self, input: &str) -> DomResult<Bytes> {
        Ok(Bytes(input.as_bytes().to_vec()))
    }

    /// `encodeInto(source, destination)`
    /// (<https://encoding.spec.whatwg.org/#dom-textencoder-encodeinto>):
    /// as many whole code points of `source` as fit into `destination`,
    /// and how many UTF-16 code units and bytes that was.
    ///
    /// # Errors
    /// None; the bindings' shape.
    pub fn encode_into(&self, source: &str, destination: &mut [u8]) -> DomResult<EncodeIntoResult> {
        let mut n = source.len().min(destination.len());
        while !source.is_char_boundary(n) {
            n -= 1;
        }
        let (done, dest) = (&source[..n], &mut destination[..n]);
        dest.copy_from_slice(done.as_bytes());
        // UTF-16 length: one unit per code point, two for those of four
        // UTF-8 bytes.
        let read = done
            .bytes()
            .map(|b| match b {
                0x80..=0xBF => 0,
                0xF0..=0xFF => 2,
                _ => 1,
            })
            .sum::<u64>();
        Ok(EncodeIntoResult {
            read,
            written: n as u64,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoder(label: &str, fatal: bool, ignore_bom: bool) -> TextDecoder {
        TextDecoder::new(label, &TextDecoderOptions { fatal, ignore_bom }).unwrap()
    }

    fn decode(d: &TextDecoder, bytes: &[u8], stream: bool) -> DomResult<String> {
        d.decode(Some(bytes), &TextDecodeOptions { stream })
    }

    #[test]
    fn labels_name_encodings_and_replacement_is_refused() {
        assert_eq!(
            decoder(" latin1 ", false, false).encoding().unwrap(),
            "windows-1252"
        );
        assert_eq!(
            decoder("utf-16", false, false).encoding().unwrap(),
            "utf-16le"
        );
        for bad in ["replacement", "iso-2022-kr", "utf-7", ""] {
            let e = TextDecoder::new(
                bad,
                &TextDecoderOptions {
                    fatal: false,
                    ignore_bom: false,
                },
            )
            .unwrap_err();
            assert!(matches!(e, DomError::Range(_)), "{bad}");
        }
    }

    #[test]
    fn streaming_keeps_a_split_sequence_and_the_end_flushes() {
        let d = decoder("utf-8", false, false);
        assert_eq!(decode(&d, &[0xEF, 0xBB], true).unwrap(), "");
        assert_eq!(decode(&d, &[0xBF, 0x40, 0xE2, 0x82], true).unwrap(), "@");
        assert_eq!(decode(&d, &[0xAC], false).unwrap(), "\u{20AC}");
        // An unfinished sequence at a flushing end is U+FFFD.
        assert_eq!(decode(&d, &[0xC9], false).unwrap(), "\u{FFFD}");
        // The BOM is removed only at the start, and kept with ignoreBOM.
        assert_eq!(decode(&d, &[0xEF, 0xBB, 0xBF, 0x41], false).unwrap(), "A");
        let keep = decoder("utf-8", false, true);
        assert_eq!(
            decode(&keep, &[0xEF, 0xBB, 0xBF], false).unwrap(),
            "\u{FEFF}"
        );
    }

    #[test]
    fn fatal_mode_throws_a_type_error_and_starts_over() {
        let d = decoder("utf-16le", true, false);
        assert_eq!(decode(&d, &[0x00], true).unwrap(), "");
        assert_eq!(decode(&d, &[0x00], false).unwrap(), "\u{0}");
        assert!(matches!(decode(&d, &[0x00], false), Err(DomError::Type(_))));
        assert_eq!(decode(&d, &[0x41, 0x00], false).unwrap(), "A");
    }

    #[test]
    fn encode_into_writes_whole_code_points_only() {
        let e = TextEncoder;
        let mut buf = [0u8; 5];
        let r = e.encode_into("a\u{1F600}b", &mut buf).unwrap();
        assert_eq!((r.read, r.written), (3, 5));
        let mut small = [0u8; 3];
        let r = e.encode_into("a\u{1F600}", &mut small).unwrap();
        assert_eq!((r.read, r.written), (1, 1));
        assert_eq!(e.encode("\u{E9}").unwrap().0, vec![0xC3, 0xA9]);
    }
}
