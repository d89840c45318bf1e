//! `ownlint rules`, `ownlint explain` and `ownlint schema`: the tool describing itself.

use serde::Serialize;

use crate::cli::{self, Format, GlobalArgs, Io, SchemaName};
use crate::error::Error;
use crate::rules::{self, REGISTRY};
use crate::schema;
use crate::yaml::did_you_mean;

#[derive(Serialize)]
struct RuleInfo<'a> {
    name: &'a str,
    /// What the rule is about; the configuration and `--select`/`--ignore` accept it.
    category: &'a str,
    default_severity: &'a str,
    /// The level in effect: the severity, or `off`.
    level: &'a str,
    /// Where `level` comes from: `default`, `config` (the rule's name in `rules:`), `config
    /// category` (its category's) or `command line`.
    level_from: &'a str,
    summary: &'a str,
}

/// A rule's effective level as `ownlint rules` shows it: its severity, or `off`.
fn level_name(level: Option<crate::diagnostics::Severity>) -> &'static str {
    level.map_or("off", |s| s.as_str())
}

pub fn list(global: &GlobalArgs, io: &mut Io) -> Result<u8, Error> {
    cli::require_format(
        global,
        "rules",
        &[Format::Human, Format::Json, Format::Markdown],
    )?;
    let config = crate::engine::configuration_only(
        &global.engine_options(&io.cwd, false),
        &mut cli::progress_on(io),
    )?;
    let text = match global.format {
        Format::Human => {
            let width = REGISTRY.iter().map(|r| r.name.len()).max().unwrap_or(0);
            let category_width = rules::Category::ALL
                .iter()
                .map(|c| c.name().len())
                .max()
                .unwrap_or(0);
            let mut text = String::new();
            for rule in REGISTRY {
                let (level, from) = config.level_of(rule.name);
                text.push_str(&format!(
                    "{:<width$}  {:<7}  {:<15}  {:<category_width$}  {}\n",
                    rule.name,
                    level_name(level),
                    from.as_str(),
                    rule.category.name(),
                    rule.summary()
                ));
            }
            text
        }
        Format::Markdown => markdown_table(),
        Format::Github | Format::Sarif | Format::Gitlab | Format::Csv | Format::Html => {
            unreachable!("rejected above")
        }
        Format::Json => {
            let infos: Vec<RuleInfo> = REGISTRY
                .iter()
                .map(|r| {
                    let (level, from) = config.level_of(r.name);
                    RuleInfo {
                        name: r.name,
                        category: r.category.name(),
                        default_severity: r.default_severity.as_str(),
                        level: level_name(level),
                        level_from: from.as_str(),
                        summary: r.summary(),
                    }
                })
                .collect();
            serde_json::to_string_pretty(&infos).expect("JSON") + "\n"
        }
    };
    cli::emit(io, &text)?;
    Ok(0)
}

/// The rule table of the README (a test keeps the README's copy identical).
pub fn markdown_table() -> String {
    let mut text =
        String::from("| rule | category | default | what it reports |\n|---|---|---|---|\n");
    for rule in REGISTRY {
        text.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            rule.name,
            rule.category.name(),
            rule.default_severity.as_str(),
            rule.summary().replace('|', "\\|")
        ));
    }
    text
}

pub fn explain(global: &GlobalArgs, name: &str, io: &mut Io) -> Result<u8, Error> {
    cli::require_format(global, "explain", &[Format::Human, Format::Markdown])?;
    let Some(rule) = rules::find(name.trim()) else {
        let hint = did_you_mean(name, REGISTRY.iter().map(|r| r.name))
            .map(|r| format!("; did you mean `{r}`?"))
            .unwrap_or_else(|| "; `ownlint rules` lists them".to_string());
        return Err(Error::Usage(format!("no rule named `{name}`{hint}")));
    };
    let text = format!(
        "# {} (default severity: {})\n\n{}",
        rule.name,
        rule.default_severity,
        rule.documentation()
    );
    cli::emit(io, &text)?;
    Ok(0)
}

pub fn schema(name: SchemaName, io: &mut Io) -> Result<u8, Error> {
    let value = match name {
        SchemaName::Owners => schema::owners(),
        SchemaName::OwnersAliases => schema::aliases(),
        SchemaName::Config => schema::config(),
        SchemaName::Report => schema::report(),
        SchemaName::Who => schema::who(),
        SchemaName::Sweep => schema::sweep(),
    };
    cli::emit(io, &schema::to_text(value))?;
    Ok(0)
}
