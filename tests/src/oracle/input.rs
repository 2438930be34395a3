//! The byte format of fuzz inputs: a few leading bytes, then records of a tag byte and a
//! length-prefixed value. Decoding never fails (missing bytes read as empty), so every input
//! the fuzzer makes is a request; [`Writer`] is the inverse, used to write the seed corpora.

/// Reads an input from the front.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    /// A reader over `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Reader { rest: data }
    }

    /// Whether every byte was read.
    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The next byte, or 0 at the end.
    pub fn byte(&mut self) -> u8 {
        match self.rest {
            [b, rest @ ..] => {
                self.rest = rest;
                *b
            }
            [] => 0,
        }
    }

    /// A value: one length byte (255: a little-endian `u16` length follows), then that many
    /// bytes, or whatever is left.
    pub fn value(&mut self) -> &'a [u8] {
        let mut len = usize::from(self.byte());
        if len == 255 {
            len = usize::from(u16::from_le_bytes([self.byte(), self.byte()]));
        }
        let (value, rest) = self.rest.split_at(len.min(self.rest.len()));
        self.rest = rest;
        value
    }

    /// Everything left.
    pub fn rest(&mut self) -> &'a [u8] {
        std::mem::take(&mut self.rest)
    }
}

/// Writes an input that [`Reader`] reads back.
#[derive(Clone, Debug, Default)]
pub struct Writer(pub Vec<u8>);

impl Writer {
    /// Appends one byte.
    pub fn byte(&mut self, b: u8) -> &mut Self {
        self.0.push(b);
        self
    }

    /// Appends a value (see [`Reader::value`]).
    pub fn value(&mut self, value: &[u8]) -> &mut Self {
        let len = value.len().min(usize::from(u16::MAX));
        if len < 255 {
            self.0.push(len as u8);
        } else {
            self.0.push(255);
            self.0.extend_from_slice(&(len as u16).to_le_bytes());
        }
        self.0.extend_from_slice(&value[..len]);
        self
    }

    /// A tagged record: a tag byte, then a value.
    pub fn record(&mut self, tag: u8, value: &[u8]) -> &mut Self {
        self.byte(tag).value(value)
    }

    /// The bytes written.
    pub fn finish(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip() {
        let long = vec![b'x'; 1000];
        let mut w = Writer::default();
        w.byte(7).record(1, b"abc").record(2, &long).value(b"");
        let bytes = w.finish();
        let mut r = Reader::new(&bytes);
        assert_eq!(r.byte(), 7);
        assert_eq!((r.byte(), r.value()), (1, &b"abc"[..]));
        assert_eq!((r.byte(), r.value()), (2, &long[..]));
        assert_eq!(r.value(), b"");
        assert!(r.is_empty());
        assert_eq!((r.byte(), r.value()), (0, &b""[..]));
    }
}
