//! Source files and byte spans: the text of an ownership file and the mapping from byte
//! offsets to 1-based line and column numbers that every output format needs.

use std::sync::Arc;

/// A byte range `[start, end)` in a [`SourceFile`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// A 1-based line and column (columns count characters, as editors do).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// The text of one file in the repository, addressed by its repository-relative path.
#[derive(Debug)]
pub struct SourceFile {
    pub path: String,
    pub text: Arc<String>,
    line_starts: Vec<usize>,
    /// [`Self::blob_id`], once asked.
    blob_id: std::sync::OnceLock<git2::Oid>,
}

/// The id git gives `text` as a blob (zero if libgit2 cannot hash it).
pub fn blob_id_of(text: &str) -> git2::Oid {
    git2::Oid::hash_object(git2::ObjectType::Blob, text.as_bytes()).unwrap_or(git2::Oid::ZERO_SHA1)
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let text: String = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            path: path.into(),
            text: Arc::new(text),
            line_starts,
            blob_id: std::sync::OnceLock::new(),
        }
    }

    /// The id git gives the text as a blob: what the caches' keys name a file's text by,
    /// worked out once (each cache's key hashed every ownership file's text again, and the
    /// hash is git's collision-detecting SHA-1: a megabyte of MAINTAINERS costs milliseconds).
    pub fn blob_id(&self) -> git2::Oid {
        *self.blob_id.get_or_init(|| blob_id_of(&self.text))
    }

    /// The line and column of a byte offset (clamped to the text, and to a char boundary).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_index = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let line_start = self.line_starts[line_index];
        LineCol {
            line: line_index + 1,
            column: self.text[line_start..offset].chars().count() + 1,
        }
    }

    /// The byte offset of a 1-based line and column, if it lies in the text.
    pub fn offset_of(&self, line: usize, column: usize) -> Option<usize> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let rest = &self.text[start..];
        let mut offset = start;
        for (i, (pos, _)) in rest.char_indices().enumerate() {
            offset = start + pos;
            if i + 1 == column {
                return Some(offset);
            }
        }
        Some(if column <= 1 {
            start
        } else {
            offset.max(start)
        })
    }

    /// The 1-based line number of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_col(offset).line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_of_offsets() {
        let f = SourceFile::new("OWNERS", "a: 1\nbé: 2\n");
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(5), LineCol { line: 2, column: 1 });
        // 'é' is two bytes: the ':' after it is the third character.
        assert_eq!(f.line_col(8), LineCol { line: 2, column: 3 });
        // Offsets inside a character are moved back to its start.
        assert_eq!(f.line_col(7), LineCol { line: 2, column: 2 });
        assert_eq!(f.line_col(999).line, 3);
        assert_eq!(f.offset_of(2, 3), Some(8));
    }
}
