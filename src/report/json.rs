//! `report --format json`: the sweep as a versioned document (`schemas/sweep.schema.json`),
//! which `report --merge` reads back.

use super::Sweep;

pub fn render(sweep: &Sweep) -> String {
    let mut text = serde_json::to_string_pretty(sweep).expect("the sweep is JSON");
    text.push('\n');
    text
}
