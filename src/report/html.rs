//! `report --format html`: one self-contained page (inline CSS and script, no network: no
//! CDN, no font, no image, and a Content-Security-Policy that forbids loading anything) with a
//! bar chart of areas by health (inline SVG), the repositories' summary and a table of every
//! area. The tables are plain HTML, readable with scripting off; with it on, clicking a column
//! header sorts by that column. The tables fit the width of the window (long names, paths and
//! messages wrap, the header row stays in view while scrolling), and the parts of a message
//! quoted in backticks are shown as code (`<code>`, escaped like all other text).
//! `scripts/html-screenshot` shows a report in headless Chromium.

use std::fmt::Write;

use super::{
    AreaReport, Health, RepositoryReport, RepositorySummary, Sweep, activity_text, contributor_text,
};
use crate::escape::{html as escape, html_with_code};

const STYLE: &str = r#"
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5rem;color:#1f2328;background:#fff}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.8125rem}
th,td{border:1px solid #d0d7de;padding:.25rem .35rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f6f8fa;position:sticky;top:0;z-index:1;box-shadow:0 1px 0 #d0d7de;overflow-wrap:normal}
th.name{min-width:4.5em}th.people{min-width:5.5em}th.activity{min-width:7.5em}th.findings{min-width:14em;width:26%}
td.findings li{margin-bottom:.2rem}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em;background:#eff1f3;border-radius:3px;padding:0 .2em}
table.sortable th{cursor:pointer;user-select:none}
th[aria-sort=ascending]::after{content:" \25B2"}th[aria-sort=descending]::after{content:" \25BC"}
td.num{text-align:right}
.ok{color:#1a7f37}.warning{color:#9a6700}.error{color:#cf222e}
.health{font-weight:600}
ul{margin:0;padding-left:1.1rem}
.chart rect.ok{fill:#2da44e}.chart rect.warning{fill:#d4a72c}.chart rect.error{fill:#cf222e}
.chart text{font-size:13px;fill:#1f2328}
"#;

/// Sorts a table by the clicked header's column: numbers as numbers, other text as text, by
/// each cell's `data-sort` when it has one. A second click reverses the order.
const SCRIPT: &str = r#"
(function(){
  function key(row,i){var c=row.cells[i];if(!c)return "";return c.hasAttribute("data-sort")?c.getAttribute("data-sort"):c.textContent.trim();}
  function cmp(a,b){var x=parseFloat(a),y=parseFloat(b);
    if(!isNaN(x)&&!isNaN(y)&&String(x)===a&&String(y)===b)return x-y;
    return a.localeCompare(b);}
  document.querySelectorAll("table.sortable").forEach(function(table){
    var heads=table.tHead?table.tHead.rows[0].cells:[];
    Array.prototype.forEach.call(heads,function(th,i){
      th.tabIndex=0;th.title="Sort by this column";
      function sort(){
        var asc=th.getAttribute("aria-sort")!=="ascending";
        Array.prototype.forEach.call(heads,function(h){h.removeAttribute("aria-sort");});
        th.setAttribute("aria-sort",asc?"ascending":"descending");
        var body=table.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
        rows.sort(function(r,s){var d=cmp(key(r,i),key(s,i));return asc?d:-d;});
        rows.forEach(function(r){body.appendChild(r);});
      }
      th.addEventListener("click",sort);
      th.addEventListener("keydown",function(e){if(e.key==="Enter"||e.key===" "){e.preventDefault();sort();}});
    });
  });
})();
"#;

pub fn render(sweep: &Sweep) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<title>Ownership report</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<h1>Ownership report</h1>\n");
    chart(&mut out, sweep);
    chart_by_repository(&mut out, sweep);
    repositories(&mut out, sweep);
    areas(&mut out, sweep);
    other_findings(&mut out, sweep);
    out.push_str("<script>");
    out.push_str(SCRIPT);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

/// A horizontal bar per health grade, its length in proportion to the number of areas.
fn chart(out: &mut String, sweep: &Sweep) {
    let counts = sweep.health();
    let total = counts.ok + counts.warning + counts.error;
    let _ = writeln!(
        out,
        "<h2>Areas by health</h2>\n<svg class=\"chart\" role=\"img\" width=\"480\" height=\"96\" viewBox=\"0 0 480 96\" aria-label=\"Areas by health: {} ok, {} warning, {} error\">",
        counts.ok, counts.warning, counts.error
    );
    for (row, health) in Health::ALL.iter().enumerate() {
        let n = match health {
            Health::Ok => counts.ok,
            Health::Warning => counts.warning,
            Health::Error => counts.error,
        };
        let width = bar_width(n, total as u128, 340);
        let y = row * 30 + 4;
        let _ = writeln!(
            out,
            "<text x=\"0\" y=\"{}\">{}</text><rect class=\"{}\" x=\"70\" y=\"{y}\" width=\"{width}\" height=\"22\"><title>{} {}</title></rect><text x=\"{}\" y=\"{}\">{n}</text>",
            y + 16,
            health.as_str(),
            health.as_str(),
            n,
            health.as_str(),
            76 + width,
            y + 16
        );
    }
    out.push_str("</svg>\n");
}

/// With several repositories: one stacked bar each (ok, warning, error), lengths in
/// proportion to the largest repository's number of areas.
fn chart_by_repository(out: &mut String, sweep: &Sweep) {
    let read: Vec<_> = sweep
        .repositories
        .iter()
        .filter_map(|r| r.summary.as_ref().map(|s| (r, s)))
        .collect();
    if sweep.repositories.len() < 2 || read.is_empty() {
        return;
    }
    // The counts of a merged report are whatever its file says: the scale is the largest of
    // every count a bar could need (the areas, or the grades when they add up to more), so that
    // no bar runs past the chart, and the arithmetic is done where it cannot overflow.
    let total = |s: &RepositorySummary| {
        (s.health.ok as u128 + s.health.warning as u128 + s.health.error as u128)
            .max(s.areas as u128)
    };
    let most = read.iter().map(|(_, s)| total(s)).max().unwrap_or(0);
    let height = read.len() * 26 + 4;
    let _ = writeln!(
        out,
        "<h2>Areas by health, per repository</h2>\n<svg class=\"chart\" role=\"img\" width=\"640\" height=\"{height}\" viewBox=\"0 0 640 {height}\" aria-label=\"Areas by health per repository\">"
    );
    for (row, (repo, summary)) in read.iter().enumerate() {
        let y = row * 26 + 4;
        let name: String = repo.name.chars().take(24).collect();
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{}\">{}</text>",
            y + 15,
            escape(&name)
        );
        let mut x = 180;
        for health in Health::ALL {
            let n = match health {
                Health::Ok => summary.health.ok,
                Health::Warning => summary.health.warning,
                Health::Error => summary.health.error,
            };
            let width = bar_width(n, most, 400);
            let _ = write!(
                out,
                "<rect class=\"{h}\" x=\"{x}\" y=\"{y}\" width=\"{width}\" height=\"20\"><title>{} {n} {h}</title></rect>",
                escape(&repo.name),
                h = health.as_str()
            );
            x += width;
        }
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\">{}</text>",
            x + 6,
            y + 15,
            summary.areas
        );
    }
    out.push_str("</svg>\n");
}

/// The length of a bar for `n` of `most`, the longest being `full`: never longer than `full`.
fn bar_width(n: usize, most: u128, full: usize) -> usize {
    let width = (n as u128 * full as u128)
        .checked_div(most)
        .unwrap_or(0)
        .min(full as u128);
    width as usize
}

fn repositories(out: &mut String, sweep: &Sweep) {
    out.push_str("<h2>Repositories</h2>\n<table class=\"sortable\" id=\"repositories\">\n<thead><tr><th>Repository</th><th>Areas</th><th>ok</th><th>warning</th><th>error</th><th>Errors</th><th>Warnings</th><th>Infos</th><th>Files</th><th>Unowned files</th><th>As of</th><th>History since</th><th>Status</th></tr></thead>\n<tbody>\n");
    for repo in &sweep.repositories {
        let _ = write!(out, "<tr><td>{}</td>", escape(&repo.name));
        match &repo.summary {
            Some(s) => {
                for n in [
                    s.areas,
                    s.health.ok,
                    s.health.warning,
                    s.health.error,
                    s.errors,
                    s.warnings,
                    s.infos,
                    s.files,
                    s.unowned_files,
                ] {
                    let _ = write!(out, "<td class=\"num\">{n}</td>");
                }
            }
            None => out.push_str(&"<td class=\"num\"></td>".repeat(9)),
        }
        let _ = writeln!(
            out,
            "<td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(repo.as_of.as_deref().unwrap_or("")),
            escape(repo.history_since.as_deref().unwrap_or("")),
            match &repo.error {
                Some(error) => format!("<span class=\"error\">not read: {}</span>", escape(error)),
                None => "read".to_string(),
            }
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// The table of every area. Its Repository column is left out when there is one repository
/// (the Repositories table names it), to leave the width to the other columns.
fn areas(out: &mut String, sweep: &Sweep) {
    let several = sweep.repositories.len() > 1;
    out.push_str("<h2>Areas</h2>\n<table class=\"sortable\" id=\"areas\">\n<thead><tr>");
    if several {
        out.push_str("<th class=\"name\">Repository</th>");
    }
    out.push_str("<th class=\"name\">Area</th><th class=\"name\">File</th><th class=\"name\">Dialect</th><th class=\"people\">Owner</th><th class=\"people\">Approvers</th><th class=\"people\">Reviewers</th><th class=\"people\">Cover</th><th class=\"activity\">Last activity</th><th class=\"people\">Most active</th><th>Changes</th><th>Bus factor</th><th>Review</th><th>Handover</th><th>Health</th><th class=\"findings\">Findings</th></tr></thead>\n<tbody>\n");
    for repo in &sweep.repositories {
        let history = repo.history_since.is_some();
        for area in &repo.areas {
            area_row(out, several.then_some(repo), area, history);
        }
    }
    out.push_str("</tbody>\n</table>\n");
}

/// One area's row, beginning with its repository's name when `repo` is given.
fn area_row(out: &mut String, repo: Option<&RepositoryReport>, area: &AreaReport, history: bool) {
    let cell = |text: &str| format!("<td>{}</td>", escape(text));
    let list = |items: Vec<String>| {
        if items.is_empty() {
            "<td></td>".to_string()
        } else {
            let items: String = items
                .iter()
                .map(|i| format!("<li>{}</li>", escape(i)))
                .collect();
            format!("<td><ul>{items}</ul></td>")
        }
    };
    let number = |n: Option<usize>| match n {
        Some(n) => format!("<td class=\"num\">{n}</td>"),
        None => "<td class=\"num\" data-sort=\"-1\"></td>".to_string(),
    };
    let review = match &area.review {
        Some(r) => format!(
            "<td data-sort=\"{}\">{} ({})</td>",
            escape(&r.date),
            escape(&r.date),
            if r.source == "reviewed" {
                "reviewed"
            } else {
                "last change"
            }
        ),
        None => "<td></td>".to_string(),
    };
    let handover = match &area.handover {
        Some(h) => match &h.date {
            Some(date) => format!("<td>{} ({})</td>", escape(&h.path), escape(date)),
            None => cell(&h.path),
        },
        None => "<td></td>".to_string(),
    };
    let rank = Health::ALL
        .iter()
        .position(|h| *h == area.health)
        .unwrap_or(0);
    // Severity, rule and message, the message's backtick quotes as code.
    let findings = if area.findings.is_empty() {
        "<td class=\"findings\"></td>".to_string()
    } else {
        let items: String = area
            .findings
            .iter()
            .map(|f| {
                format!(
                    "<li>{} {}: {}</li>",
                    escape(f.severity.as_str()),
                    escape(&f.rule),
                    html_with_code(&f.message)
                )
            })
            .collect();
        format!("<td class=\"findings\"><ul>{items}</ul></td>")
    };
    let _ = writeln!(
        out,
        "<tr>{}{}{}{}{}{}{}{}{}{}{}{}{}{}<td class=\"health {h}\" data-sort=\"{rank}\">{h}</td>{}</tr>",
        repo.map(|r| cell(&r.name)).unwrap_or_default(),
        cell(&area.area),
        cell(&area.file),
        cell(&area.dialect),
        list(area.owner.clone()),
        list(area.approvers.clone()),
        list(area.reviewers.clone()),
        list(area.cover.clone()),
        list(
            area.people
                .iter()
                .map(|p| activity_text(p, history))
                .collect()
        ),
        list(area.most_active.iter().map(contributor_text).collect()),
        number(area.changes),
        number(area.bus_factor),
        review,
        handover,
        findings,
        h = area.health.as_str(),
    );
}

fn other_findings(out: &mut String, sweep: &Sweep) {
    if sweep
        .repositories
        .iter()
        .all(|r| r.other_findings.is_empty())
    {
        return;
    }
    out.push_str("<h2>Other findings</h2>\n<table class=\"sortable\" id=\"other-findings\">\n<thead><tr><th>Repository</th><th>Severity</th><th>Rule</th><th>Message</th></tr></thead>\n<tbody>\n");
    for repo in &sweep.repositories {
        for f in &repo.other_findings {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"{s}\">{s}</td><td>{}</td><td>{}</td></tr>",
                escape(&repo.name),
                escape(&f.rule),
                html_with_code(&f.message),
                s = f.severity.as_str(),
            );
        }
    }
    out.push_str("</tbody>\n</table>\n");
}
