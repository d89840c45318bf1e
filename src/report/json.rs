//! `report --format json`: the sweep as a versioned document (`schemas/sweep.schema.json`),
//! which `report --merge` reads back.

use super::Sweep;

pub fn render(sweep: &Sweep) -> String {
    crate::escape::json(sweep)
}
