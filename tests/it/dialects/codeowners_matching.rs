//! CODEOWNERS matching, case by case, each case citing the platform documentation it follows.
//!
//! GitHub: "About code owners" (docs.github.com), whose patterns follow "most of the same rules
//! used in gitignore files" (git-scm.com/docs/gitignore). GitLab: "Syntax of CODEOWNERS file" and
//! "Advanced CODEOWNERS configuration" (docs.gitlab.com).

use ownlint::dialect::codeowners::matcher::Matcher;
use ownlint::dialect::codeowners::{Codeowners, Flavor, parse};
use ownlint::source::SourceFile;

use Flavor::{Github as GH, Gitlab as GL};

fn compile(text: &str, flavor: Flavor) -> (Codeowners, Matcher) {
    let mut out = Vec::new();
    let file = parse(&SourceFile::new("CODEOWNERS", text), flavor, &mut out);
    let matcher = Matcher::new(&file);
    (file, matcher)
}

/// (flavour, pattern as written, path, matches?, the documented rule it follows)
#[rustfmt::skip]
const CASES: &[(Flavor, &str, &str, bool, &str)] = &[
    // --- GitHub ---------------------------------------------------------------------------
    (GH, "*", "README.md", true, "GH example: `*` are \"the default owners for everything in the repo\""),
    (GH, "*", "src/deep/file.rs", true, "GH example: `*` owns everything in the repo"),
    (GH, "*", ".gitignore", true, "gitignore: `*` matches anything except a slash (dotfiles too)"),
    (GH, "*.js", "app.js", true, "GH example: `*.js @js-owner` owns JS files"),
    (GH, "*.js", "src/lib/app.js", true, "gitignore: no slash in the pattern: it matches at any level"),
    (GH, "*.js", "app.jsx", false, "gitignore: the whole name must match"),
    (GH, "*.js", "App.JS", false, "GH: \"CODEOWNERS paths are case sensitive\""),
    (GH, "/build/logs/", "build/logs/x.log", true, "GH example: \"any files in the build/logs directory at the root\""),
    (GH, "/build/logs/", "build/logs/a/b/c.log", true, "GH example: \"... and any of its subdirectories\""),
    (GH, "/build/logs/", "src/build/logs/x.log", false, "gitignore: a leading slash anchors the pattern at the root"),
    (GH, "/build/logs/", "build/logs", false, "gitignore: a trailing slash matches only a directory"),
    (GH, "docs/*", "docs/getting-started.md", true, "GH example: `docs/*` \"will match files like docs/getting-started.md\""),
    (GH, "docs/*", "docs/build-app/troubleshooting.md", false, "GH example: \"but not further nested files like docs/build-app/troubleshooting.md\""),
    (GH, "docs/*", "src/docs/a.md", false, "gitignore: a slash in the middle anchors the pattern at the root"),
    (GH, "docs/*", "docs/.nojekyll", true, "gitignore: `*` matches dotfiles"),
    (GH, "apps/", "apps/x.js", true, "GH example: `apps/` \"owns any file in an apps directory anywhere\""),
    (GH, "apps/", "a/b/apps/c/d.txt", true, "GH example: \"anywhere in your repository\""),
    (GH, "apps/", "apps", false, "gitignore: a trailing slash matches only a directory"),
    (GH, "/docs/", "docs/a/b.md", true, "GH example: `/docs/` owns \"any of its subdirectories\""),
    (GH, "/docs/", "x/docs/a.md", false, "GH example: `/docs/` is \"the /docs directory in the root\""),
    (GH, "/docs/", "Docs/a.md", false, "GH: \"CODEOWNERS paths are case sensitive\""),
    (GH, "**/logs", "build/logs/x.log", true, "GH example: `**/logs` owns \"/build/logs\""),
    (GH, "**/logs", "deeply/nested/logs/y", true, "GH example: \"... and /deeply/nested/logs\""),
    (GH, "**/logs", "logs/z", true, "gitignore: a leading `**/` matches in all directories, the root too"),
    (GH, "**/logs", "catalogs/z", false, "gitignore: `**/logs` matches a name `logs`, not a suffix"),
    (GH, "/apps/github", "apps/github/x.js", true, "GH example: `/apps/github` is \"the /apps/github subdirectory\""),
    (GH, "/apps/github", "apps/githubber/x.js", false, "gitignore: a name never matches a longer name"),
    (GH, "foo", "foo", true, "gitignore: a pattern without a slash matches a file of that name"),
    (GH, "foo", "a/b/foo", true, "gitignore: ... at any level below the file's directory"),
    (GH, "foo", "a/foo/b.txt", true, "gitignore: ... or a directory of that name, and everything in it"),
    (GH, "foo", "foobar", false, "gitignore: the name must match whole, not a prefix"),
    (GH, "foo", "a/barfoo", false, "gitignore: the name must match whole, not a suffix"),
    (GH, "src/foo", "src/foo/x.c", true, "gitignore: a matched directory covers everything below it"),
    (GH, "src/foo", "lib/src/foo", false, "gitignore: a slash in the middle anchors the pattern at the root"),
    (GH, "/src/*.rs", "src/b.rs", true, "gitignore: `*` matches anything except a slash"),
    (GH, "/src/*.rs", "src/a/b.rs", false, "gitignore: `*` does not match a slash"),
    (GH, "/src/**/*.rs", "src/a/b/c.rs", true, "gitignore: `/**/` matches zero or more directories"),
    (GH, "/src/**/*.rs", "src/c.rs", true, "gitignore: \"a/**/b\" matches \"a/b\""),
    (GH, "docs/**", "docs/a/b/c", true, "gitignore: a trailing `/**` matches everything inside"),
    (GH, "docs/**", "docs", false, "gitignore: a trailing `/**` matches what is inside, not the directory"),
    (GH, "**.md", "docs/x.md", true, "gitignore: \"other consecutive asterisks are considered regular asterisks\""),
    (GH, "/*", "README.md", true, "gitignore: `/*` matches the entries of the root"),
    (GH, "/*", "src/main.rs", false, "gitignore: `*` does not match a slash"),
    (GH, "f?o", "fao", true, "gitignore: `?` matches any one character except `/`"),
    (GH, "f?o", "f/o", false, "gitignore: `?` does not match `/`"),
    (GH, "path\\ with\\ spaces/", "path with spaces/a.txt", true, "gitignore: a backslash escapes a space"),
    (GH, "path\\ with\\ spaces/", "path/a.txt", false, "gitignore: the escaped space is part of the pattern"),
    (GH, ".github/", ".github/workflows/ci.yml", true, "gitignore: dot directories match like any other"),
    (GH, "!foo", "foo", false, "GH: \"Using ! to negate a pattern\" does not work; the line is skipped"),
    (GH, "*.[ch]", "a.c", false, "GH: \"Using [ ] to define a character range\" does not work; skipped"),
    (GH, "\\#file", "#file", false, "GH: escaping a pattern starting with `#` does not work; skipped"),
    // --- GitLab ---------------------------------------------------------------------------
    (GL, "*", "a/b/.env", true, "GL: \"The File::FNM_DOTMATCH flag allows * to match dotfiles\""),
    (GL, "*.rb", "app/models/user.rb", true, "GL example: `*.rb @ruby-owner`, at any depth"),
    (GL, "*.RB", "app/user.rb", false, "GL: fnmatch without FNM_CASEFOLD is case-sensitive"),
    (GL, "README.md", "app/lib/README.md", true, "GL: `README.md` \"Matches /README.md, /internal/README.md, /app/lib/README.md\""),
    (GL, "/README.md", "README.md", true, "GL: `/README.md` \"Matches only README.md in the root\""),
    (GL, "/README.md", "docs/README.md", false, "GL: \"Matches only README.md in the root\""),
    (GL, "internal/README.md", "docs/api/internal/README.md", true, "GL: \"Paths without a leading / are treated as globstar paths\""),
    (GL, "internal/README.md", "internal/README.md", true, "GL: `internal/README.md` \"Matches /internal/README.md\""),
    (GL, "/docs/", "docs/a/b/c.md", true, "GL: \"End a path with / to match all files in the directory and its subdirectories\""),
    (GL, "lib/", "app/lib/x.rb", true, "GL example: `lib/` \"Match directories nested anywhere\""),
    (GL, "/config/", "app/config/x.yml", false, "GL example: `/config/` \"Match only a directory in the root\""),
    (GL, "/docs", "docs/a.md", false, "GL: fnmatch matches the whole path; a directory needs a trailing `/`"),
    (GL, "/docs/*.md", "docs/a.md", true, "GL: `/docs/*.md` \"Any markdown files in the docs directory\""),
    (GL, "/docs/*.md", "docs/sub/a.md", false, "GL: \"The File::FNM_PATHNAME flag prevents * from matching the / path separator\""),
    (GL, "/docs/*", "docs/index.md", true, "GL: `/docs/*` owns the files of /docs"),
    (GL, "/docs/*", "docs/projects/index.md", false, "GL: FNM_PATHNAME: `*` stops at `/`"),
    (GL, "/docs/*/README.md", "docs/api/README.md", true, "GL: \"README.md files one level deep within the docs directory\""),
    (GL, "/docs/*/README.md", "docs/api/v1/README.md", false, "GL: \"one level deep\""),
    (GL, "/docs/**/index.md", "docs/index.md", true, "GL: `/docs/**/index.md` \"For example: /docs/index.md\""),
    (GL, "/docs/**/index.md", "docs/api/graphql/index.md", true, "GL: \"... and /docs/api/graphql/index.md\""),
    (GL, "/docs/index.*", "docs/index.html", true, "GL: `/docs/index.*` \"/docs/index file of any filetype\""),
    (GL, "/docs/*spec*", "docs/qa_specs.rb", true, "GL: `/docs/*spec*` \"For example: /docs/qa_specs.rb\""),
    (GL, "**/*.rb", "config/database.rb", true, "GL: \"**/*.rb matches config/database.rb\""),
    (GL, "**/*.rb", "app/controllers/users/stars_controller.rb", true, "GL: \"... and app/controllers/users/stars_controller.rb\""),
    (GL, "path\\ with\\ spaces/", "path with spaces/x.md", true, "GL: \"If the path contains spaces, escape them\""),
    (GL, "\\#file_with_pound.rb", "#file_with_pound.rb", true, "GL: \"Files with a # can still be accessed by escaping the pound sign\""),
    (GL, "/lib/*.[ch]", "lib/x.h", true, "GL: patterns \"follow a subset of shell filename globbing rules\" (fnmatch brackets)"),
    (GL, "/.gitlab/ci/", ".gitlab/ci/docs.gitlab-ci.yml", true, "GL: FNM_DOTMATCH; paths are matched from the root"),
];

#[test]
fn every_documented_case() {
    let mut failures = Vec::new();
    let mut lines = Vec::new();
    for (flavor, pattern, path, expected, rule) in CASES {
        let (_, matcher) = compile(&format!("{pattern} @owner\n"), *flavor);
        matcher.matching_lines(path, &mut lines);
        let matched = lines == [0];
        if matched != *expected {
            failures.push(format!(
                "{flavor:?} `{pattern}` vs `{path}`: expected {expected} ({rule})"
            ));
        }
    }
    assert!(CASES.len() >= 60);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Files with several lines: which line decides each path (`decide`), and its owners.
fn decided(text: &str, flavor: Flavor, path: &str) -> Vec<(usize, Vec<String>)> {
    let (file, matcher) = compile(text, flavor);
    matcher
        .decide(path)
        .into_iter()
        .map(|i| {
            let owners = file.lines[i]
                .effective_owners(&file)
                .into_iter()
                .map(|o| o.text.clone())
                .collect();
            (i, owners)
        })
        .collect()
}

fn owners(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

const GITHUB_EXAMPLE: &str = "\
# This is a comment.
*       @global-owner1 @global-owner2
*.js    @js-owner #This is an inline comment.
*.go docs@example.com
*.txt @octo-org/octocats
/build/logs/ @doctocat
docs/*  docs@example.com
apps/ @octocat
/docs/ @doctocat
/scripts/ @doctocat @octocat
**/logs @octocat
/apps/ @octocat
/apps/github
";

#[test]
fn github_last_match_wins() {
    // "Order is important; the last matching pattern takes the most precedence."
    let d = |path| decided(GITHUB_EXAMPLE, GH, path);
    assert_eq!(
        d("README.md"),
        [(0, owners(&["@global-owner1", "@global-owner2"]))]
    );
    // "only @js-owner and not the global owner(s) will be requested"; the comment is no owner.
    assert_eq!(d("src/app.js"), [(1, owners(&["@js-owner"]))]);
    // `**/logs` comes after `/build/logs/`.
    assert_eq!(d("build/logs/x.log"), [(9, owners(&["@octocat"]))]);
    // `/docs/` comes after `docs/*`.
    assert_eq!(d("docs/getting-started.md"), [(7, owners(&["@doctocat"]))]);
    // "except for the /apps/github subdirectory, as its owners are left empty"
    assert_eq!(d("apps/github/x.js"), [(11, vec![])]);
    assert_eq!(d("apps/web/x.go"), [(10, owners(&["@octocat"]))]);
    assert_eq!(
        d("scripts/deploy.sh"),
        [(8, owners(&["@doctocat", "@octocat"]))]
    );
    // A line GitHub skips never decides: the earlier match stands.
    let skipped = "* @all\n!*.md @nobody\n";
    assert_eq!(decided(skipped, GH, "README.md"), [(0, owners(&["@all"]))]);
    // An invalid owner makes GitHub skip the whole line.
    let invalid = "* @all\n/api/ @org/api alice\n";
    assert_eq!(decided(invalid, GH, "api/x"), [(0, owners(&["@all"]))]);
}

#[test]
fn gitlab_sections_each_decide() {
    // GL "Sections": README.md is owned by "@admin, from the unnamed section", "@user1 and
    // @user2, from [README Owners]" and "@user3, from [README other owners]";
    // internal/README.md by @admin, "@user4, from the last entry in [README Owners]" and @user3.
    let text = "\
* @admin

[README Owners]
README.md @user1 @user2
internal/README.md @user4

[README other owners]
README.md @user3
";
    assert_eq!(
        decided(text, GL, "README.md"),
        [
            (0, owners(&["@admin"])),
            (1, owners(&["@user1", "@user2"])),
            (3, owners(&["@user3"])),
        ]
    );
    assert_eq!(
        decided(text, GL, "internal/README.md"),
        [
            (0, owners(&["@admin"])),
            (2, owners(&["@user4"])),
            (3, owners(&["@user3"])),
        ]
    );
}

#[test]
fn gitlab_exclusions_are_final_in_their_section() {
    // GL "Exclusion patterns": "The pom.xml exclusion applies to the default section" and
    // "The /config/**/*.rb exclusion only affects Ruby files in the Ruby section".
    let text = "* @username\n!pom.xml\n[Ruby]\n*.rb @ruby-team\n!/config/**/*.rb\n";
    assert_eq!(decided(text, GL, "pom.xml"), []);
    assert_eq!(
        decided(text, GL, "app/x.rb"),
        [(0, owners(&["@username"])), (2, owners(&["@ruby-team"]))]
    );
    assert_eq!(
        decided(text, GL, "config/x.rb"),
        [(0, owners(&["@username"]))]
    );
    // "Exclusions are evaluated in order in their section": /special/*.rb "won't take effect
    // as *.rb is already excluded".
    let order = "* @default-owner\n!*.rb\n/special/*.rb @ruby-owner\n";
    assert_eq!(decided(order, GL, "special/x.rb"), []);
    // "After a pattern is excluded, it cannot be included again in the same section".
    let again = "[Ruby]\n*.rb @ruby-team\n!/config/**/*.rb\n/config/routes.rb @ops\n";
    assert_eq!(decided(again, GL, "config/routes.rb"), []);
    // On GitHub the same `!` line is skipped and the earlier match decides.
    assert_eq!(
        decided(order, GH, "special/x.rb"),
        [(2, owners(&["@ruby-owner"]))]
    );
}

#[test]
fn gitlab_sections_with_the_same_name_combine() {
    // GL "Sections with duplicate names": "[Documentation]" and "[DOCUMENTATION]" are combined.
    let text = "\
[Documentation]
ee/docs/    @docs
docs/       @docs
[Database]
README.md  @database
model/db/   @database
[DOCUMENTATION]
README.md  @docs
";
    let (file, _) = compile(text, GL);
    assert_eq!(file.canonical_section(3), 1);
    assert_eq!(
        decided(text, GL, "README.md"),
        [(4, owners(&["@docs"])), (2, owners(&["@database"]))]
    );
}

#[test]
fn gitlab_last_pattern_and_default_owners() {
    // GL "Define Code Owners for specific files": "The Code Owner for terms.md would be
    // @legal-team".
    let text = "*.md @doc-team\nterms.md @legal-team\n";
    assert_eq!(
        decided(text, GL, "terms.md"),
        [(1, owners(&["@legal-team"]))]
    );
    // GL "Set default Code Owner for a section": "@docs-team owns all items in the
    // Documentation section"; "config/db/database-setup.md ... has an override".
    let text = "\
[Documentation] @docs-team
docs/
README.md

[Database] @database-team @agarcia
model/db/
config/db/database-setup.md @docs-team
";
    assert_eq!(
        decided(text, GL, "docs/a.md"),
        [(0, owners(&["@docs-team"]))]
    );
    assert_eq!(
        decided(text, GL, "model/db/schema.rb"),
        [(2, owners(&["@database-team", "@agarcia"]))]
    );
    assert_eq!(
        decided(text, GL, "config/db/database-setup.md"),
        [(3, owners(&["@docs-team"]))]
    );
    // GL: "If an entry is duplicated in a section, the last entry is used."
    let dup = "docs/ @a\ndocs/x.md @b\ndocs/ @c\n";
    assert_eq!(decided(dup, GL, "docs/y.md"), [(2, owners(&["@c"]))]);
    // Issue 14, item 14: "Rules defined later in the file take precedence over earlier rules":
    // the repeated `docs/` is the last entry, so it decides docs/x.md too, as on GitHub.
    assert_eq!(decided(dup, GL, "docs/x.md"), [(2, owners(&["@c"]))]);
    assert_eq!(decided(dup, GH, "docs/x.md"), [(2, owners(&["@c"]))]);
    let star = "* @a\n*.rb @b\n* @c\n";
    assert_eq!(decided(star, GL, "x.rb"), [(2, owners(&["@c"]))]);
    assert_eq!(decided(star, GL, "lib/y.rb"), [(2, owners(&["@c"]))]);
}
