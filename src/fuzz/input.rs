//! Several values out of one fuzz input: texts separated by `0xFF` (a byte that never occurs in
//! UTF-8, so every valid text survives the split), small numbers and flags taken a byte at a
//! time. An exhausted input keeps giving empty texts and zeros, so a target can ask for what
//! it needs without checking.

/// The separator between texts.
pub const SEPARATOR: u8 = 0xFF;

/// A cursor over a fuzz input.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    data: &'a [u8],
}

impl<'a> Input<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Input { data }
    }

    /// Whether everything has been taken.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// The bytes up to the next separator (or the end), the separator dropped.
    pub fn bytes(&mut self) -> &'a [u8] {
        let end = memchr::memchr(SEPARATOR, self.data).unwrap_or(self.data.len());
        let piece = &self.data[..end];
        self.data = self.data.get(end + 1..).unwrap_or_default();
        piece
    }

    /// The next text, its invalid UTF-8 replaced.
    pub fn text(&mut self) -> String {
        String::from_utf8_lossy(self.bytes()).into_owned()
    }

    /// One byte (0 once the input is exhausted).
    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }

    /// A number of two bytes, little-endian.
    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.byte(), self.byte()])
    }

    /// A number of eight bytes, little-endian.
    pub fn u64(&mut self) -> u64 {
        let mut bytes = [0; 8];
        for b in &mut bytes {
            *b = self.byte();
        }
        u64::from_le_bytes(bytes)
    }

    /// Everything left.
    pub fn rest(&mut self) -> &'a [u8] {
        std::mem::take(&mut self.data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_texts_and_runs_dry_with_empties_and_zeros() {
        let mut input = Input::new(b"ab\xffc\xff\x01\x02");
        assert_eq!(input.text(), "ab");
        assert_eq!(input.bytes(), b"c");
        assert_eq!(input.u16(), 0x0201);
        assert!(input.is_empty());
        assert_eq!(input.text(), "");
        assert_eq!(input.byte(), 0);
        assert_eq!(input.u64(), 0);
    }
}
