//! `report --merge`: combines JSON sweeps (one per CI job, say) into one, sorted by
//! repository name so that the result does not depend on the order of the files.

use std::path::Path;

use serde_json::Value;

use super::{SWEEP_VERSION, Sweep};
use crate::error::Error;

/// Reads one JSON sweep; a file that cannot be read, is not JSON, has another `version` or
/// does not have the sweep's shape is an error naming the file.
pub fn read(path: &Path) -> Result<Sweep, Error> {
    let shown = path.display();
    use crate::bounded_read::{self, Origin};
    let text = bounded_read::read_text(path, Origin::CommandLine, bounded_read::SWEEP)
        .map_err(|problem| Error::Io(format!("{shown}: cannot read the report: it {problem}")))?;
    parse(&text).map_err(|why| Error::Usage(format!("{shown}: {why}")))
}

/// Parses a JSON sweep, checking its version before its shape.
pub fn parse(text: &str) -> Result<Sweep, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("not a JSON report: {e}"))?;
    match value.get("version") {
        Some(Value::Number(n)) if n.as_u64() == Some(u64::from(SWEEP_VERSION)) => {}
        Some(other) => {
            return Err(format!(
                "report version {other} is not supported (this ownlint reads version {SWEEP_VERSION}); produce it with the same ownlint version"
            ));
        }
        None => {
            return Err(
                "not an `ownlint report --format json` document (it has no `version`)".into(),
            );
        }
    }
    serde_json::from_value(value)
        .map_err(|e| format!("not an `ownlint report --format json` document: {e}"))
}

/// Every repository of every sweep, in one sweep sorted by repository name.
pub fn merge(sweeps: Vec<Sweep>) -> Sweep {
    Sweep::new(sweeps.into_iter().flat_map(|s| s.repositories).collect())
}
