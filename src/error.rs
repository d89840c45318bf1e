//! Errors that stop a run (exit code 2): usage, configuration and repository problems.
//! Findings are not errors; they are [`crate::diagnostics::Diagnostic`]s.

use crate::source::{SourceFile, Span};

#[derive(Debug)]
pub enum Error {
    /// The command line asks for something impossible.
    Usage(String),
    /// The configuration cannot be used.
    Config(String),
    /// The repository cannot be read.
    Repo(String),
    /// A file could not be read or written.
    Io(String),
}

impl Error {
    /// A configuration error at a place in a file: `path:line:column: message`.
    pub fn at(source: &SourceFile, span: Option<Span>, message: impl Into<String>) -> Error {
        let message = message.into();
        Error::Config(match span {
            Some(span) => {
                let at = source.line_col(span.start);
                format!("{}:{}:{}: {message}", source.path, at.line, at.column)
            }
            None => format!("{}: {message}", source.path),
        })
    }

    /// A repository error from git2, as one line without git2's debug details.
    pub fn git(context: &str, error: git2::Error) -> Error {
        Error::Repo(format!(
            "{context}: {}",
            error.message().trim_end_matches('.')
        ))
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Usage(m) | Error::Config(m) | Error::Repo(m) | Error::Io(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}
