//! Wall-clock and memory benchmark of `ownlint check` on repositories whose ownership is a
//! large pattern file, beside git doing the equivalent work, one repository per shape.
//!
//! # What it measures
//!
//! For each shape it writes, with `git fast-import`, a deterministic non-bare repository of
//! about 40,000 tracked files whose ownership is:
//!
//! * `maintainers`: a Linux / U-Boot-style top-level `MAINTAINERS` of 1,500 sections (`M:`,
//!   `R:`, `L:`, `S:`, `W:`/`T:`, `F:` with directories, files and globs, some `X:`, `N:`
//!   regexes and `K:` keywords, `THE REST` with `F: *` and `F: */` last) and 400 per-board
//!   `board/VENDOR/BOARD/MAINTAINERS` files like U-Boot's and coreboot's (ownlint reads every
//!   file named `MAINTAINERS`; their patterns are relative to the root);
//! * `codeowners`: a GitHub `.github/CODEOWNERS` of 5,000 rules (a catch-all, extensions,
//!   `**` patterns, a line per directory with users and teams, globs per directory, single
//!   files), last match wins;
//! * `gitlab`: a GitLab `.gitlab/CODEOWNERS` (read as GitLab by its location) of 5,000 rules in
//!   about 125 sections: `[Section]`, `^[Optional]`, `[Section][2]`, default owners on the
//!   headers, lines without owners that take them, `!path` exclusions;
//! * `chromium`: Chromium-style plain `OWNERS` files, one per area directory (2,000) and some
//!   below them, with `file://` includes of other OWNERS files and of `ATL_OWNERS` /
//!   `ipc/SECURITY_OWNERS`, `per-file` lines and `set noparent`; Blink lives under
//!   `third_party/blink/` as in Chromium, which ownlint leaves out as vendored unless told, so
//!   a `.gitattributes` takes it back in (`-linguist-vendored`) as the README says.
//!
//! Its history (`OWNLINT_BENCH_COMMITS`, default 100,000 commits) is an initial import, then
//! five years of commits (2021-01-01 to 2026-01-01) by 400 people the ownership files declare
//! (by email for MAINTAINERS and OWNERS, by handle for CODEOWNERS with GitHub noreply or
//! `handle@` emails), a few bots, and 10 declared people who never commit (so the identity index
//! reads the whole history). Commits touch 1-10 files, 80% in one of the author's own areas,
//! some add files, 0.5% edit an ownership file (an owner added or stepping down); they carry the
//! shape's trailers (`Signed-off-by:` / `Reviewed-by:`, Chromium's `Bug:` / `Change-Id:` /
//! `Reviewed-on:`, GitHub's `Co-authored-by:`); about 10% of commits are merges of a side branch
//! of 1-3 commits forked from a recent commit of `main`.
//!
//! The anchor is HEAD's commit time (`--as-of @<seconds>`) and the window `--since 365d`. After
//! one untimed `check` that writes the cache, and with one new file staged in the work tree
//! (`git add`), it times, interleaved round by round, `N` runs (after one warm-up round) of:
//!
//! * (a) `git log --no-merges --since=@START --until=@AS_OF --name-only --format='%H %ae %ct'
//!   HEAD` — git reading the window's commits and diffing their trees;
//! * (e) `git log --format='%an%ae%(trailers)' HEAD` — git reading every commit's headers and
//!   trailers, the work of the identity index built cold;
//! * (b) `ownlint check --repo DIR --rev HEAD --as-of @AS_OF --since 365d --format json
//!   --fail-on never --no-cache` — cold: no cache read or written;
//! * (c) the same without `--no-cache`, reading the cache written before the rounds — warm;
//! * (d) the same with `--no-history` — the snapshot and pattern rules alone;
//! * (g) `git status --porcelain` in the work tree — what every commit already pays;
//! * (h) `ownlint check --staged --as-of @AS_OF --since 365d` in the work tree — the pre-commit
//!   hook, warm cache, one staged new file;
//!
//! and prints, per shape, min / median / max wall-clock milliseconds, median CPU time and peak
//! resident memory (`ru_maxrss` of the child, reaped with `wait4(2)`; Linux) of each command,
//! then the ratios against the targets of issue 16, as ratios of medians and as medians of
//! per-round ratios (a busy spell slows a whole round, so paired ratios move less):
//!
//! * cold: (b) / ((a) + (e)) ≤ 1.0;
//! * warm: (c) / (a) ≤ 0.25;
//! * hook: (h) / (g) ≤ 1.0;
//! * peak memory of every ownlint run < 200 MB;
//!
//! and the same three ratios in CPU time (user + system), which a busy machine disturbs less
//! (for reading only: the targets are wall clock, and ownlint may use more than one core).
//!
//! In passing it verifies that every ownlint run exits 0 (`--fail-on never`: an exit 2, a
//! configuration or repository error, fails the benchmark), that the reports of (b) and (c) are
//! byte-for-byte identical (results must not depend on the cache), that no timed run rewrites
//! the cache (the warm runs found every commit they needed in it), that (h) says nothing on
//! stderr (no note that history was skipped) and prints a JSON report, and that the snapshot
//! saw the shape's ownership files.
//!
//! # How to run
//!
//! ```text
//! cargo bench --bench pattern_shapes
//! OWNLINT_BENCH_SHAPES=maintainers,codeowners OWNLINT_BENCH_COMMITS=5000 OWNLINT_BENCH_RUNS=3 \
//!     cargo bench --bench pattern_shapes
//! ```
//!
//! Environment variables: `OWNLINT_BENCH_SHAPES` (comma-separated, default all four),
//! `OWNLINT_BENCH_COMMITS` (default 100000, at least 2000), `OWNLINT_BENCH_RUNS` (timed runs per
//! command, default 7), `OWNLINT_BENCH_BIN` (another `ownlint` binary, for A/B), and
//! `OWNLINT_BENCH_KEEP` (keep the repositories and print their paths).
//!
//! The default scale (100,000 commits, four shapes) takes tens of minutes to generate and
//! repack and wants a quiet machine: on a shared one, validate with a few thousand commits and
//! keep the figures for a quiet run. On a small history git's side of the cold and warm ratios
//! is tens of milliseconds while ownlint's fixed cost (reading and resolving 40,000 files
//! against the patterns, (d)) dominates, so those ratios are far worse than at full scale and
//! say little; the hook, `git status` and (d) do not depend on the commit count.
//!
//! # How each stage's cost grows
//!
//! With S sections or rules, F tracked files, D directories, C commits in the window (H in the
//! whole history) and P paths those commits touch, for reasoning on paper about shapes the
//! benchmark does not build (the Linux kernel: S ≈ 3,000, F ≈ 80,000, H ≈ 1.3 million, C ≈
//! 80,000 a year):
//!
//! * reading the snapshot: the tree at the revision, O(F) entries, plus the ownership files'
//!   bytes (a MAINTAINERS of 3,000 sections is about 800 KB);
//! * parsing and compiling the patterns: O(S) lines; `N:` regexes go into one set, so their
//!   compile cost grows with their total size, not with F;
//! * resolving every file against the patterns (what the pattern rules, `unowned-path` and the
//!   areas need): F resolutions, each costing what the matcher does per path — for MAINTAINERS
//!   every section applies, so a path is tested against the candidate `F:` prefixes of its
//!   directories, the glob set and the `N:` set, O(depth + matches) with a prefix index and
//!   O(S) without; for CODEOWNERS the last matching rule wins; resolved per directory where the
//!   semantics allow, the F term becomes D. Shown by (d).
//! * history cold: git's own cost of the window (the tree diffs of C commits, in (a)) plus the
//!   resolution of the P touched paths (bounded by F distinct paths) and the identity index over
//!   H commits' headers and trailers (in (e)); the ratio (b) / ((a) + (e)) should stay flat as C
//!   and H grow if both are linear.
//! * history warm: reading the cache (O(C · files per commit)) and the snapshot; (c) minus (d)
//!   is the history's share.
//! * the hook: O(staged paths) plus what the ownership files the commit changes govern; the
//!   other files' answers come from the resolution cache (`OWNLINT_INCREMENTAL=0` resolves all
//!   F again: compare (h) with (d)).
//!
//! So for Linux, with F and S twice this benchmark's, the snapshot and resolution stages (d)
//! should be about twice the `maintainers` shape's if resolution is linear in F (more if the
//! matcher's per-path cost grows with S), the window stages scale with C (about 80,000
//! against the ~18,000 non-merge commits of the last year of a 100,000-commit, five-year
//! history) and the identity index with H (13× this benchmark's). To measure the growth in C
//! and H rather than assume it, run the benchmark at several `OWNLINT_BENCH_COMMITS` (say 25,000,
//! 50,000 and 100,000) and compare (a), (b), (c) and (e); the file and section counts are the
//! constants `FILES` and each generator's `SECTIONS` / `AREAS` / `RULES`.
//!
//! git runs hermetically (no system or global configuration, `HOME` in the temporary
//! directory). Every date, name and content comes from the seeded generator.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

#[allow(dead_code)]
mod common;
use common::{
    DAY, HISTORY_START, Rng, SINCE, Sample, WINDOW_SECONDS, Workspace, env_number, fast_import,
    file_identity, files_per_commit, git, git_output, hermetic, join, ms, next_commit_time,
    ownlint_binary, run_checked, run_measured, stats, verdict, words,
};

/// Commits generated when `OWNLINT_BENCH_COMMITS` is not set.
const DEFAULT_COMMITS: usize = 100_000;
/// Timed runs per command when `OWNLINT_BENCH_RUNS` is not set.
const DEFAULT_RUNS: usize = 7;
/// Untimed rounds before the timed ones (page cache, binary loading; their reports are compared).
const WARMUPS: usize = 1;
/// Seed of the generators: the same seed gives the same repositories.
const SEED: u64 = 0x7061_7474_6572_6e73;
/// Tracked files per shape (ownership files included), about.
const FILES: usize = 40_000;
/// People who commit, and people declared who never do.
const PEOPLE: usize = 400;
const GHOSTS: usize = 10;
/// Chance that a step of the generator is a pull request (1-3 side commits and a merge): with
/// two side commits on average, 0.125 / (1 + 2 × 0.125) = 10% of commits are merges.
const PR_CHANCE: f64 = 0.125;
/// Share of commits by bots, and of commits that edit an ownership file.
const BOT_SHARE: f64 = 0.03;
const OWNERSHIP_EDIT_SHARE: f64 = 0.005;
/// Targets of issue 16.
const TARGET_COLD: f64 = 1.0;
const TARGET_WARM: f64 = 0.25;
const TARGET_HOOK: f64 = 1.0;
const TARGET_PEAK_MB: f64 = 200.0;

// ---------------------------------------------------------------------------------------------
// Shapes
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Maintainers,
    Codeowners,
    Gitlab,
    Chromium,
}

impl Shape {
    const ALL: [Shape; 4] = [
        Shape::Maintainers,
        Shape::Codeowners,
        Shape::Gitlab,
        Shape::Chromium,
    ];

    fn name(self) -> &'static str {
        match self {
            Shape::Maintainers => "maintainers",
            Shape::Codeowners => "codeowners",
            Shape::Gitlab => "gitlab",
            Shape::Chromium => "chromium",
        }
    }

    /// The shapes `OWNLINT_BENCH_SHAPES` names, or all of them.
    fn selected() -> Vec<Shape> {
        let Ok(text) = std::env::var("OWNLINT_BENCH_SHAPES") else {
            return Shape::ALL.to_vec();
        };
        let mut shapes = Vec::new();
        for name in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let shape = Shape::ALL
                .into_iter()
                .find(|s| s.name() == name)
                .unwrap_or_else(|| {
                    panic!(
                        "OWNLINT_BENCH_SHAPES: unknown shape {name:?} (known: maintainers, \
                         codeowners, gitlab, chromium)"
                    )
                });
            if !shapes.contains(&shape) {
                shapes.push(shape);
            }
        }
        assert!(!shapes.is_empty(), "OWNLINT_BENCH_SHAPES names no shape");
        shapes
    }

    /// Where the areas live: (root directory, weight), the words their names are made of, the
    /// extensions of their files, and the names of subdirectories.
    fn layout(self) -> Layout {
        match self {
            Shape::Maintainers => Layout {
                roots: &[
                    ("drivers/net/ethernet", 8.0),
                    ("drivers/net/wireless", 4.0),
                    ("drivers/gpu/drm", 6.0),
                    ("drivers/usb/host", 2.0),
                    ("drivers/usb/gadget", 2.0),
                    ("drivers/i2c/busses", 3.0),
                    ("drivers/spi", 3.0),
                    ("drivers/gpio", 3.0),
                    ("drivers/pinctrl", 4.0),
                    ("drivers/clk", 5.0),
                    ("drivers/regulator", 3.0),
                    ("drivers/power/supply", 2.0),
                    ("drivers/iio/adc", 3.0),
                    ("drivers/input/touchscreen", 2.0),
                    ("drivers/media/i2c", 3.0),
                    ("drivers/mmc/host", 2.0),
                    ("drivers/mtd/nand", 2.0),
                    ("drivers/phy", 3.0),
                    ("drivers/thermal", 1.0),
                    ("drivers/watchdog", 1.0),
                    ("drivers/rtc", 1.0),
                    ("drivers/hwmon", 2.0),
                    ("drivers/pci/controller", 2.0),
                    ("sound/soc/codecs", 3.0),
                    ("arch/arm/mach", 3.0),
                    ("arch/arm64/boot/dts", 3.0),
                    ("arch/riscv/cpu", 1.0),
                    ("fs", 2.0),
                    ("net", 2.0),
                    ("lib", 1.0),
                    ("tools", 1.0),
                ],
                names: "rtl mlx ath bnx ixg brcm mt tegra sun imx rk qcom exynos omap mvneta \
                        stm ti ad max lm pca tps wm cs sdhci dw cdns xgene hisi aspeed npcm \
                        meson zynq sifive starfive renesas atmel nxp lpc",
                exts: &[
                    ".c", ".c", ".c", ".h", "_core.c", "_regs.h", ".rst", ".yaml",
                ],
                subdirs: "core hw phy firmware debug test",
                flat: false,
            },
            Shape::Codeowners => Layout {
                roots: &[
                    ("internal", 6.0),
                    ("pkg", 6.0),
                    ("cmd", 1.0),
                    ("api", 2.0),
                    ("services", 4.0),
                    ("web/src/components", 3.0),
                    ("deploy/charts", 1.0),
                    ("test/e2e", 1.0),
                    ("docs", 1.0),
                ],
                names: "auth billing cache catalog checkout config events gateway graph \
                        identity indexer ingest inventory ledger mailer metrics notify orders \
                        payments pricing profile queue ratelimit registry reports scheduler \
                        search session shipping storage telemetry tenant tokens upload users \
                        webhook workflow",
                exts: &[
                    ".go", ".go", "_test.go", ".proto", ".md", ".yaml", ".ts", ".tsx",
                ],
                subdirs: "client server store handler model worker testdata",
                flat: false,
            },
            Shape::Gitlab => Layout {
                roots: &[
                    ("app/models", 3.0),
                    ("app/services", 4.0),
                    ("app/controllers", 2.0),
                    ("app/graphql/resolvers", 2.0),
                    ("app/assets/javascripts", 4.0),
                    ("ee/app/models", 2.0),
                    ("ee/app/services", 2.0),
                    ("lib/gitlab", 4.0),
                    ("spec/services", 3.0),
                    ("spec/frontend", 2.0),
                    ("db/click_house", 1.0),
                    ("doc/user", 2.0),
                    ("config/feature_flags", 1.0),
                ],
                names: "merge_requests issues pipelines projects groups users wikis snippets \
                        releases packages environments deployments runners integrations notes \
                        labels milestones boards epics vulnerabilities audit_events ci import \
                        search analytics security compliance",
                exts: &[
                    ".rb", ".rb", "_spec.rb", ".js", ".vue", ".md", ".yml", ".haml",
                ],
                subdirs: "concerns entities finders workers components utils",
                flat: false,
            },
            Shape::Chromium => Layout {
                roots: &[
                    ("chrome/browser", 8.0),
                    ("chrome/browser/ui/views", 3.0),
                    ("components", 8.0),
                    ("content/browser", 4.0),
                    ("content/renderer", 2.0),
                    ("third_party/blink/renderer/core", 5.0),
                    ("third_party/blink/renderer/modules", 4.0),
                    ("ui/views", 2.0),
                    ("net", 2.0),
                    ("base", 1.0),
                    ("services", 3.0),
                    ("media", 2.0),
                    ("gpu", 1.0),
                    ("ash", 2.0),
                    ("extensions", 1.0),
                ],
                names: "autofill bookmarks download history omnibox password sync tab search \
                        sharing payments printing media_router permissions policy \
                        safe_browsing translate webauthn accessibility layout paint style css \
                        dom editing fetch storage indexeddb service_worker webrtc webgpu audio \
                        video capture compositor viz input gesture metrics feedback",
                exts: &[
                    ".cc",
                    ".cc",
                    ".h",
                    "_unittest.cc",
                    "_browsertest.cc",
                    ".mojom",
                ],
                subdirs: "android ios mac win linux test internal",
                flat: true,
            },
        }
    }
}

/// Where a shape's areas live and what their files look like.
struct Layout {
    roots: &'static [(&'static str, f64)],
    names: &'static str,
    exts: &'static [&'static str],
    subdirs: &'static str,
    /// Names are words joined by `_` (else a word and a number, like a driver).
    flat: bool,
}

// ---------------------------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------------------------

const FIRST_NAMES: &str = "Alice Bogdan Chen Dmitri Elena Farid Grace Hiro Ines Jonas Kavya Lars \
    Mei Nikolai Olga Pavel Quinn Rosa Sanjay Tomas Uma Viktor Wen Xavier Yusuf Zofia Andrea \
    Bruno Carmen Diego Emil Fatima Gustav Hana Igor Julia Kenji Leila Marco Nadia Oskar Priya \
    Rafael Sofia Tariq Ulla Vera Wojciech Yara Zhen";
const LAST_NAMES: &str = "Anders Becker Costa Dubois Eriksen Fischer Garcia Hansen Ivanova \
    Jensen Kowalski Lindqvist Moreau Novak Okafor Petrov Quispe Rossi Schmidt Tanaka Urban \
    Vasquez Weber Xu Yamamoto Zhang Almeida Brandt Castillo Dahl Engel Fontaine Gruber Horvat \
    Iyer Jovanovic Kim Laine Meyer Nakamura Olsen Park Romero Suzuki Torres Wagner";
const DOMAINS: &str = "example.com example.org linaro.example intel.example redhat.example \
    suse.example arm.example nxp.example";
const TIME_ZONES: &str = "+0000 +0100 +0200 -0500 -0800 +0530 +0900";

struct Person {
    name: String,
    handle: String,
    /// The address MAINTAINERS and OWNERS files declare, and commits use (those shapes).
    email: String,
    /// The GitHub account id of the noreply address.
    github_id: usize,
    /// Relative activity (a few people write most commits).
    rate: f64,
    tz: &'static str,
}

impl Person {
    /// The author address of this person's commits in `shape`.
    fn commit_email(&self, shape: Shape) -> String {
        match shape {
            Shape::Maintainers => self.email.clone(),
            Shape::Codeowners => format!(
                "{}+{}@users.noreply.github.com",
                self.github_id, self.handle
            ),
            Shape::Gitlab => format!("{}@gitlab-corp.example", self.handle),
            Shape::Chromium => format!("{}@chromium.org", self.handle),
        }
    }

    /// How an ownership file of `shape` names this person.
    fn declared(&self, shape: Shape) -> String {
        match shape {
            Shape::Maintainers => format!("{} <{}>", self.name, self.email),
            Shape::Codeowners | Shape::Gitlab => format!("@{}", self.handle),
            Shape::Chromium => format!("{}@chromium.org", self.handle),
        }
    }
}

fn make_people(rng: &mut Rng) -> Vec<Person> {
    let first = words(FIRST_NAMES);
    let last = words(LAST_NAMES);
    let domains = words(DOMAINS);
    let mut names = HashSet::new();
    let mut handles = HashSet::new();
    let mut people = Vec::new();
    while people.len() < PEOPLE + GHOSTS {
        let (f, l) = (*rng.pick(&first), *rng.pick(&last));
        let name = format!("{f} {l}");
        if !names.insert(name.clone()) {
            continue;
        }
        let mut handle = format!("{}{}", f[..1].to_lowercase(), l.to_lowercase());
        if !handles.insert(handle.clone()) {
            handle = format!("{}{}", f.to_lowercase(), l.to_lowercase());
            handles.insert(handle.clone());
        }
        let email = format!(
            "{}.{}@{}",
            f.to_lowercase(),
            l.to_lowercase(),
            rng.pick(&domains)
        );
        let rate = 0.2 + 20.0 * rng.unit().powi(4);
        people.push(Person {
            name,
            handle,
            email,
            github_id: 100_000 + rng.below(90_000_000),
            rate,
            tz: rng.word(TIME_ZONES),
        });
    }
    people
}

/// A bot of `shape`: name and email.
fn bot(shape: Shape, rng: &mut Rng) -> (&'static str, &'static str) {
    let bots: &[(&str, &str)] = match shape {
        Shape::Maintainers => &[
            ("Patchwork Bot", "patchwork-bot@example.org"),
            ("Weblate", "noreply@weblate.org"),
        ],
        Shape::Codeowners => &[
            (
                "dependabot[bot]",
                "49699333+dependabot[bot]@users.noreply.github.com",
            ),
            (
                "renovate[bot]",
                "29139614+renovate[bot]@users.noreply.github.com",
            ),
        ],
        Shape::Gitlab => &[
            ("GitLab Bot", "gitlab-bot@gitlab.example"),
            ("GitLab Renovate Bot", "gitlab-renovate-bot@gitlab.example"),
        ],
        Shape::Chromium => &[
            (
                "chromium-autoroll",
                "chromium-autoroll@skia-public.iam.gserviceaccount.com",
            ),
            (
                "Chromium Internal Autoroller",
                "chromium-internal-autoroll@skia-corp.google.com.iam.gserviceaccount.com",
            ),
        ],
    };
    *rng.pick(bots)
}

// ---------------------------------------------------------------------------------------------
// The model: areas, ownership files, files and their revisions
// ---------------------------------------------------------------------------------------------

/// A part of the tree one section, rule group or OWNERS file governs.
struct Area {
    dir: String,
    /// The section title (MAINTAINERS), a comment (CODEOWNERS), a component (Chromium).
    title: String,
    /// The files of the area (most below `dir`, some elsewhere, such as headers).
    files: Vec<String>,
    /// People declared with approval, then reviewers; edits change them.
    maintainers: Vec<usize>,
    reviewers: Vec<usize>,
    /// A team added to the directory line (CODEOWNERS, GitLab).
    team: Option<String>,
    /// GitLab: the directory line has no owners and takes the section's default.
    inherit: bool,
    /// Lines rendered before the area (a GitLab section header, a comment).
    header: String,
    /// Lines rendered after the owners, which edits do not change.
    lines: Vec<String>,
}

/// An ownership file: fixed text, then its areas in order, then fixed text.
struct OwnFile {
    path: String,
    head: String,
    areas: Vec<usize>,
    tail: String,
}

struct Model {
    shape: Shape,
    rng: Rng,
    people: Vec<Person>,
    areas: Vec<Area>,
    own_files: Vec<OwnFile>,
    own_index: HashMap<String, usize>,
    /// Every tracked path that is not an ownership file, with its revision.
    files: BTreeMap<String, u32>,
    /// Files with a fixed content (configuration).
    fixed: BTreeMap<String, String>,
    /// The areas each person is declared in (their homes) or, if none, a few they work in.
    homes: Vec<Vec<usize>>,
    /// The file staged before the hook runs.
    staged: String,
}

impl Model {
    fn generate(shape: Shape, seed: u64) -> Model {
        let mut rng = Rng::new(seed ^ (shape as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let people = make_people(&mut rng);
        let mut model = Model {
            shape,
            rng,
            people,
            areas: Vec::new(),
            own_files: Vec::new(),
            own_index: HashMap::new(),
            files: BTreeMap::new(),
            fixed: BTreeMap::new(),
            homes: Vec::new(),
            staged: String::new(),
        };
        match shape {
            Shape::Maintainers => model.maintainers(),
            Shape::Codeowners => model.codeowners(),
            Shape::Gitlab => model.gitlab(),
            Shape::Chromium => model.chromium(),
        }
        model.index();
        model
    }

    /// Draws `count` areas of the shape's layout, with about `budget` files in all.
    fn make_areas(&mut self, count: usize, budget: usize) {
        let layout = self.shape.layout();
        let names = words(layout.names);
        let weights: Vec<f64> = layout.roots.iter().map(|r| r.1).collect();
        let mut dirs = HashSet::new();
        let per_area = budget / count;
        while self.areas.len() < count {
            let root = layout.roots[self.rng.weighted(&weights)].0;
            let name = if layout.flat {
                let a = *self.rng.pick(&names);
                if self.rng.chance(0.5) {
                    a.to_string()
                } else {
                    format!("{a}_{}", self.rng.pick(&names))
                }
            } else {
                format!("{}{}", self.rng.pick(&names), self.rng.range(1, 999))
            };
            let dir = format!("{root}/{name}");
            if !dirs.insert(dir.clone()) {
                continue;
            }
            let n = self.rng.range(per_area / 2, per_area * 3 / 2).max(2);
            let mut files = Vec::with_capacity(n);
            let mut seen = HashSet::new();
            while files.len() < n {
                let sub = if self.rng.chance(0.3) {
                    join(&dir, self.rng.word(layout.subdirs))
                } else {
                    dir.clone()
                };
                let ext = *self.rng.pick(layout.exts);
                let stem = self.rng.pick(&names);
                let path = format!("{sub}/{name}_{stem}{}{ext}", self.rng.below(40));
                if seen.insert(path.clone()) {
                    files.push(path);
                }
            }
            let title = name.replace('_', " ").to_uppercase();
            self.areas.push(Area {
                dir,
                title,
                files,
                maintainers: Vec::new(),
                reviewers: Vec::new(),
                team: None,
                inherit: false,
                header: String::new(),
                lines: Vec::new(),
            });
        }
    }

    /// Declares 1-3 maintainers and 0-2 reviewers per area, drawn so that some people hold many
    /// areas; the ghosts are declared in a few areas each.
    fn declare_people(&mut self) {
        let weights: Vec<f64> = (0..PEOPLE).map(|i| self.people[i].rate.sqrt()).collect();
        for a in 0..self.areas.len() {
            let m = self.rng.range(1, 3);
            let r = self.rng.range(0, 2);
            let mut chosen: Vec<usize> = Vec::new();
            while chosen.len() < m + r {
                let p = self.rng.weighted(&weights);
                if !chosen.contains(&p) {
                    chosen.push(p);
                }
            }
            self.areas[a].reviewers = chosen.split_off(m);
            self.areas[a].maintainers = chosen;
        }
        for g in PEOPLE..PEOPLE + GHOSTS {
            for _ in 0..3 {
                let a = self.rng.below(self.areas.len());
                self.areas[a].maintainers.push(g);
            }
        }
    }

    /// Fills `homes`, the file index and the staged path; call once the areas are final.
    fn index(&mut self) {
        self.homes = vec![Vec::new(); self.people.len()];
        for (a, area) in self.areas.iter().enumerate() {
            for &p in area.maintainers.iter().chain(&area.reviewers) {
                self.homes[p].push(a);
            }
            for path in &area.files {
                self.files.insert(path.clone(), 0);
            }
        }
        for p in 0..PEOPLE {
            if self.homes[p].is_empty() {
                let a = self.rng.below(self.areas.len());
                self.homes[p].push(a);
            }
        }
        for path in self.fixed.keys() {
            self.files.insert(path.clone(), 0);
        }
        for (i, file) in self.own_files.iter().enumerate() {
            self.files.remove(&file.path);
            self.own_index.insert(file.path.clone(), i);
        }
        let area = &self.areas[0];
        let ext = area.files[0].rsplit_once('.').map_or("txt", |(_, e)| e);
        self.staged = format!("{}/bench_staged_new.{ext}", area.dir);
    }

    // --- MAINTAINERS -----------------------------------------------------------------------

    fn maintainers(&mut self) {
        const SECTIONS: usize = 1_500;
        const BOARDS: usize = 400;
        const BOARD_FILES: usize = 7;
        self.make_areas(SECTIONS, FILES - BOARDS * BOARD_FILES - 500);
        self.declare_people();
        let statuses = [
            ("Maintained", 60.0),
            ("Supported", 25.0),
            ("Odd Fixes", 10.0),
            ("Orphan", 3.0),
            ("Obsolete", 2.0),
        ];
        let status_weights: Vec<f64> = statuses.iter().map(|s| s.1).collect();
        let subdirs = words(self.shape.layout().subdirs);
        let mut titles = HashSet::new();
        for a in 0..SECTIONS {
            let area = &self.areas[a];
            let name = area.dir.rsplit('/').next().unwrap().to_string();
            let class = area.dir.split('/').nth(1).unwrap_or("misc").to_string();
            let suffix = [
                "DRIVER",
                "DRIVERS",
                "SUPPORT",
                "SUBSYSTEM",
                "DRIVER",
                "BINDINGS",
            ][self.rng.below(6)];
            let mut title = format!("{} {} {suffix}", name.to_uppercase(), class.to_uppercase());
            while !titles.insert(title.clone()) {
                title.push_str(" (2)");
            }
            let mut lines = Vec::new();
            let mut extra = Vec::new();
            lines.push(format!("L:\tlinux-{class}@vger.example.org"));
            let status = statuses[self.rng.weighted(&status_weights)].0;
            lines.push(format!("S:\t{status}"));
            if self.rng.chance(0.3) {
                lines.push(format!("W:\thttps://wiki.example.org/{name}"));
            }
            if self.rng.chance(0.25) {
                lines.push(format!(
                    "T:\tgit git://git.example.org/pub/scm/linux/kernel/git/{}/{class}.git",
                    self.people[self.areas[a].maintainers[0]].handle
                ));
            }
            lines.push(format!("F:\t{}/", self.areas[a].dir));
            // Files outside the directory: a header and a binding, named by file or glob.
            if self.rng.chance(0.5) {
                let header = format!("include/linux/{name}.h");
                extra.push(header.clone());
                if self.rng.chance(0.3) {
                    extra.push(format!("include/linux/{name}_regs.h"));
                    lines.push(format!("F:\tinclude/linux/{name}*"));
                } else {
                    lines.push(format!("F:\t{header}"));
                }
            }
            if self.rng.chance(0.4) {
                let binding = format!("Documentation/devicetree/bindings/{class}/{name}.yaml");
                lines.push(format!("F:\t{binding}"));
                extra.push(binding);
            }
            if self.rng.chance(0.15) {
                lines.push(format!("F:\t{}/*.c", self.areas[a].dir));
            }
            if self.rng.chance(0.05) {
                lines.push(format!(
                    "X:\t{}/{}/",
                    self.areas[a].dir,
                    self.rng.pick(&subdirs)
                ));
            }
            if self.rng.chance(0.05) {
                let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
                lines.push(format!("N:\t{stem}[0-9]+"));
            }
            if self.rng.chance(0.10) {
                lines.push(format!("K:\t\\b{name}_[a-z_]+\\b"));
            }
            let area = &mut self.areas[a];
            area.title = title;
            area.lines = lines;
            area.files.extend(extra);
        }
        // U-Boot / coreboot board files: one section each, patterns relative to the root.
        let vendors = words("ti nxp rockchip sunxi st renesas xilinx qualcomm amlogic samsung");
        for b in 0..BOARDS {
            let vendor = *self.rng.pick(&vendors);
            let board = format!("{vendor}{}evm{b}", self.rng.below(10));
            let dir = format!("board/{vendor}/{board}");
            let mut files: Vec<String> = ["Makefile", "Kconfig", "board.c", "mux.c"]
                .iter()
                .map(|f| format!("{dir}/{f}"))
                .collect();
            let defconfig = format!("configs/{board}_defconfig");
            let header = format!("include/configs/{board}.h");
            files.extend([defconfig.clone(), header.clone(), format!("{dir}/README")]);
            let owner = self.rng.below(PEOPLE);
            let mut maintainers = vec![owner];
            if self.rng.chance(0.4) {
                maintainers.push(self.rng.below(PEOPLE));
                maintainers.dedup();
            }
            self.areas.push(Area {
                title: format!("{} BOARD", board.to_uppercase()),
                dir: dir.clone(),
                files,
                maintainers,
                reviewers: Vec::new(),
                team: None,
                inherit: false,
                header: String::new(),
                lines: vec![
                    "S:\tMaintained".to_string(),
                    format!("F:\t{dir}/"),
                    format!("F:\t{header}"),
                    format!("F:\t{defconfig}"),
                ],
            });
            self.own_files.push(OwnFile {
                path: format!("{dir}/MAINTAINERS"),
                head: String::new(),
                areas: vec![SECTIONS + b],
                tail: String::new(),
            });
        }
        // Top-level files THE REST covers.
        let top = [
            "Makefile",
            "Kconfig",
            "README",
            "COPYING",
            "CREDITS",
            ".gitignore",
        ];
        let mut rest = Area {
            dir: String::new(),
            title: "THE REST".into(),
            files: top.iter().map(|f| f.to_string()).collect(),
            maintainers: vec![0],
            reviewers: Vec::new(),
            team: None,
            inherit: false,
            header: String::new(),
            lines: vec![
                "L:\tlinux-kernel@vger.example.org".into(),
                "S:\tBuried alive in reporters".into(),
                "T:\tgit git://git.example.org/pub/scm/linux/kernel/git/torvalds/linux.git".into(),
                "F:\t*".into(),
                "F:\t*/".into(),
            ],
        };
        rest.files
            .extend((0..400).map(|i| format!("scripts/{}{i}.sh", self.rng.pick(&subdirs))));
        // Sorted by title, as the Linux file is, THE REST last.
        let mut order: Vec<usize> = (0..SECTIONS).collect();
        order.sort_by(|&x, &y| self.areas[x].title.cmp(&self.areas[y].title));
        self.areas.push(rest);
        order.push(self.areas.len() - 1);
        let head = "List of maintainers\n===================\n\n\
                    Descriptions of section entries and preferred order\n\
                    ---------------------------------------------------\n\n\
                    \tM: *Mail* patches to: FullName <address@domain>\n\
                    \tR: Designated *Reviewer*: FullName <address@domain>\n\
                    \tF: *Files* and directories wildcard patterns.\n\n\
                    Maintainers List\n----------------\n\n"
            .to_string();
        self.ownership_file("MAINTAINERS", head, order);
    }

    // --- GitHub CODEOWNERS -------------------------------------------------------------------

    fn codeowners(&mut self) {
        const AREAS: usize = 2_000;
        const RULES: usize = 5_000;
        self.make_areas(AREAS, FILES - 200);
        self.declare_people();
        let teams: Vec<String> = (0..40)
            .map(|i| {
                let word = self.rng.word("core api web data infra sre qa docs sec ml");
                format!("@bench-org/{word}-team{i}")
            })
            .collect();
        let mut head = String::from(
            "# Code owners of this repository. The last matching pattern takes precedence.\n\
             # See https://docs.github.com/articles/about-code-owners\n\n\
             *                       @bench-org/core-reviewers\n\
             *.md                    @bench-org/docs\n\
             *.proto                 @bench-org/api-reviewers\n\
             **/testdata/            @bench-org/qa\n\
             /.github/               @bench-org/infra\n\
             /deploy/                @bench-org/sre\n\
             go.mod                  @bench-org/deps\n\
             go.sum                  @bench-org/deps\n\
             /docs/**/*.png          @bench-org/docs\n\
             **/*_test.go            @bench-org/qa\n",
        );
        let mut rules = 10;
        let mut extra_files = vec![
            "go.mod".to_string(),
            "go.sum".into(),
            "README.md".into(),
            ".github/workflows/ci.yaml".into(),
            "docs/images/overview.png".into(),
        ];
        for i in 0..100 {
            extra_files.push(format!("docs/images/figure{i}.png"));
        }
        head.push('\n');
        let mut order: Vec<usize> = (0..AREAS).collect();
        order.sort_by(|&x, &y| self.areas[x].dir.cmp(&self.areas[y].dir));
        // A directory line per area, then globs and single files until RULES.
        rules += AREAS;
        let per_area_extra = (RULES - rules) / AREAS + 1;
        for &a in &order {
            if self.rng.chance(0.5) {
                self.areas[a].team = Some(self.rng.pick(&teams).clone());
            }
            if self.rng.chance(0.2) {
                self.areas[a].header = format!("\n# {}\n", self.areas[a].title);
            }
            let count = self.rng.range(0, 2 * per_area_extra).min(RULES - rules);
            rules += self.rule_lines(a, count, |rng, dir, file, ext, owner| match rng.below(4) {
                0 => format!("/{dir}/*.{ext} {owner}"),
                1 => format!("/{dir}/**/*.{ext} {owner}"),
                _ => format!("/{file} {owner}"),
            });
        }
        self.areas[0].files.extend(extra_files.clone());
        self.ownership_file(".github/CODEOWNERS", head, order);
    }

    /// Up to `count` rule lines of distinct patterns for area `a` (globs in its directory, single files),
    /// from `line(rng, dir, file, extension, owner)`: how many it wrote.
    fn rule_lines(
        &mut self,
        a: usize,
        count: usize,
        mut line: impl FnMut(&mut Rng, &str, &str, &str, &str) -> String,
    ) -> usize {
        let mut lines = Vec::new();
        for _ in 0..count {
            let area = &self.areas[a];
            let owner = self.people[*self.rng.pick(&area.maintainers)].declared(self.shape);
            let file = self.rng.pick(&area.files).clone();
            let ext = file.rsplit_once('.').map_or("txt", |(_, e)| e);
            let text = line(&mut self.rng, &area.dir, &file, ext, &owner);
            // One line per pattern: the same pattern twice is a `duplicate-pattern` finding.
            let pattern = |line: &str| line.split(' ').next().unwrap_or("").to_string();
            if !lines.iter().any(|l: &String| pattern(l) == pattern(&text)) {
                lines.push(text);
            }
        }
        let written = lines.len();
        self.areas[a].lines = lines;
        written
    }

    /// Adds an ownership file: `head`, then the areas in `order`.
    fn ownership_file(&mut self, path: &str, head: String, order: Vec<usize>) {
        self.own_files.push(OwnFile {
            path: path.into(),
            head,
            areas: order,
            tail: String::new(),
        });
    }

    // --- GitLab CODEOWNERS -------------------------------------------------------------------

    fn gitlab(&mut self) {
        const AREAS: usize = 2_000;
        const RULES: usize = 5_000;
        const SECTIONS: usize = 120;
        self.make_areas(AREAS, FILES - 200);
        self.declare_people();
        let groups = words(
            "backend frontend database delivery cicd-templates tw-leadership quality security \
             gitaly observability pipeline-authoring package-registry runner",
        );
        let head = String::from(
            "# When adding a group as a code owner, make sure to invite the group to the project.\n\
             # As described in https://docs.gitlab.com/ee/user/project/code_owners.html\n\n\
             * @gitlab-bench/maintainers/backend @gitlab-bench/maintainers/frontend\n\n\
             .gitlab/CODEOWNERS @gitlab-bench/development-leaders\n\n\
             ## Files that are excluded from required approval\n\
             /doc/*.md\n\
             /doc/**/*.png\n",
        );
        let mut order: Vec<usize> = (0..AREAS).collect();
        order.sort_by(|&x, &y| self.areas[x].dir.cmp(&self.areas[y].dir));
        let mut rules = 5 + AREAS;
        let per_area_extra = (RULES - rules) / AREAS + 1;
        let section_size = AREAS / SECTIONS;
        let mut section_titles: HashMap<String, usize> = HashMap::new();
        for (i, &a) in order.iter().enumerate() {
            if i % section_size == 0 {
                let root = self.areas[a].dir.rsplit_once('/').map_or("", |(r, _)| r);
                let base = root
                    .split('/')
                    .map(|w| {
                        let mut c = w.chars();
                        c.next()
                            .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                let seen = section_titles.entry(base.clone()).or_insert(0);
                *seen += 1;
                let title = if *seen == 1 {
                    base
                } else {
                    format!("{base} {seen}")
                };
                let group = format!("@gitlab-bench/{}", self.rng.pick(&groups));
                let maintainer = self.people[self.areas[a].maintainers[0]].declared(Shape::Gitlab);
                self.areas[a].header = match self.rng.below(10) {
                    0 | 1 => format!("\n^[{title}] {group}\n"),
                    2 => format!("\n[{title}][2] {group} {maintainer}\n"),
                    _ => format!("\n[{title}] {group}\n"),
                };
            }
            // A third of the directory lines take the section's default owners.
            self.areas[a].inherit = self.rng.chance(0.33);
            if self.rng.chance(0.3) {
                self.areas[a].team = Some(format!("@gitlab-bench/{}", self.rng.pick(&groups)));
            }
            let count = self.rng.range(0, 2 * per_area_extra).min(RULES - rules);
            rules += self.rule_lines(a, count, |rng, dir, file, ext, owner| {
                match rng.below(10) {
                    0 => format!("/{dir}/*.{ext} {owner}"),
                    // Owners from the section's header.
                    1 => format!("/{dir}/**/*.{ext}"),
                    // A file in a subdirectory, excluded from the section.
                    2 if file.matches('/').count() > dir.matches('/').count() + 1 => {
                        format!("!/{file}")
                    }
                    _ => format!("/{file} {owner}"),
                }
            });
        }
        self.areas[0].files.extend(
            [
                "README.md",
                "Gemfile",
                "Gemfile.lock",
                "doc/index.md",
                "doc/img/overview.png",
            ]
            .iter()
            .map(|f| f.to_string()),
        );
        self.ownership_file(".gitlab/CODEOWNERS", head, order);
    }

    // --- Chromium OWNERS ---------------------------------------------------------------------

    fn chromium(&mut self) {
        const AREAS: usize = 2_000;
        self.make_areas(AREAS, FILES - 300);
        self.declare_people();
        let email = |p: &Person| p.declared(Shape::Chromium);
        // ownlint leaves `third_party/` out as vendored; Blink is Chromium's own code, taken
        // back in as the README says.
        self.fixed.insert(
            ".gitattributes".into(),
            "third_party/blink/** -linguist-vendored\n".into(),
        );
        // The root: `set noparent` and a file of global approvers, as Chromium's.
        let atl: String = (0..12)
            .map(|i| format!("{}\n", email(&self.people[i])))
            .collect();
        self.own_files.push(OwnFile {
            path: "OWNERS".into(),
            head: "set noparent\n# Eng reviewers\nfile://ATL_OWNERS\n".into(),
            areas: Vec::new(),
            tail: String::new(),
        });
        self.own_files.push(OwnFile {
            path: "ATL_OWNERS".into(),
            head: format!("# Global approvers.\n{atl}"),
            areas: Vec::new(),
            tail: String::new(),
        });
        let security: String = (12..20)
            .map(|i| format!("{}\n", email(&self.people[i])))
            .collect();
        self.own_files.push(OwnFile {
            path: "ipc/SECURITY_OWNERS".into(),
            head: format!(
                "# Changes to IPC messages require a security review.\nset noparent\n{security}"
            ),
            areas: Vec::new(),
            tail: String::new(),
        });
        // An OWNERS per root directory.
        for (root, _) in self.shape.layout().roots {
            let owners: String = (0..3)
                .map(|_| format!("{}\n", email(&self.people[self.rng.below(PEOPLE)])))
                .collect();
            self.own_files.push(OwnFile {
                path: format!("{root}/OWNERS"),
                head: owners,
                areas: Vec::new(),
                tail: String::new(),
            });
        }
        let components = words(
            "Blink>Layout UI>Browser Internals>Network Internals>GPU Privacy Services>Sync UI>Views Blink>CSS",
        );
        for a in 0..AREAS {
            let mut lines = Vec::new();
            if a > 10 && self.rng.chance(0.2) {
                // Import another area's owners (an earlier one: includes form no cycle).
                let other = self.rng.below(a);
                lines.push(format!("file://{}/OWNERS", self.areas[other].dir));
            }
            if self.rng.chance(0.05) {
                lines.push("set noparent".into());
            }
            let has_tests = self.areas[a]
                .files
                .iter()
                .any(|f| f.ends_with("_unittest.cc"));
            if has_tests && self.rng.chance(0.25) {
                let p = email(&self.people[self.rng.below(PEOPLE)]);
                lines.push(format!("per-file *_unittest.cc={p}"));
            }
            if self.rng.chance(0.1) {
                let p = email(&self.people[self.rng.below(PEOPLE)]);
                lines.push(format!("per-file BUILD.gn,*.gni={p}"));
                let build = format!("{}/BUILD.gn", self.areas[a].dir);
                self.areas[a].files.push(build);
            }
            if self.areas[a].files.iter().any(|f| f.ends_with(".mojom")) {
                lines.push("per-file *.mojom=set noparent".into());
                lines.push("per-file *.mojom=file://ipc/SECURITY_OWNERS".into());
            }
            self.areas[a].header = if self.rng.chance(0.5) {
                format!("# COMPONENT: {}\n", self.rng.pick(&components))
            } else {
                String::new()
            };
            self.areas[a].lines = lines;
            self.own_files.push(OwnFile {
                path: format!("{}/OWNERS", self.areas[a].dir),
                head: String::new(),
                areas: vec![a],
                tail: String::new(),
            });
            // Some subdirectories have their own OWNERS that adds a platform owner.
            let subdirs: HashSet<String> = self.areas[a]
                .files
                .iter()
                .filter_map(|f| f.rsplit_once('/').map(|(d, _)| d.to_string()))
                .filter(|d| *d != self.areas[a].dir)
                .collect();
            let mut subdirs: Vec<String> = subdirs.into_iter().collect();
            subdirs.sort();
            for sub in subdirs {
                if self.rng.chance(0.1) {
                    let p = email(&self.people[self.rng.below(PEOPLE)]);
                    self.own_files.push(OwnFile {
                        path: format!("{sub}/OWNERS"),
                        head: format!("{p}\nfile://{}/OWNERS\n", self.areas[a].dir),
                        areas: Vec::new(),
                        tail: String::new(),
                    });
                }
            }
        }
        self.areas[0].files.extend(
            [
                "DEPS",
                "BUILD.gn",
                "README.md",
                "ipc/ipc_message.h",
                "ipc/ipc_message.cc",
            ]
            .iter()
            .map(|f| f.to_string()),
        );
    }

    // --- Rendering ---------------------------------------------------------------------------

    /// The text of an ownership file as it is now.
    fn render(&self, file: usize) -> String {
        let file = &self.own_files[file];
        let mut text = file.head.clone();
        for &a in &file.areas {
            self.render_area(a, &mut text);
        }
        text.push_str(&file.tail);
        text
    }

    fn render_area(&self, a: usize, out: &mut String) {
        use std::fmt::Write as _;
        let area = &self.areas[a];
        let shape = self.shape;
        out.push_str(&area.header);
        match shape {
            Shape::Maintainers => {
                writeln!(out, "{}", area.title).unwrap();
                for &p in &area.maintainers {
                    writeln!(out, "M:\t{}", self.people[p].declared(shape)).unwrap();
                }
                for &p in &area.reviewers {
                    writeln!(out, "R:\t{}", self.people[p].declared(shape)).unwrap();
                }
            }
            Shape::Codeowners | Shape::Gitlab => {
                write!(out, "/{}/", area.dir).unwrap();
                if !area.inherit {
                    for &p in &area.maintainers {
                        write!(out, " {}", self.people[p].declared(shape)).unwrap();
                    }
                    if let Some(team) = &area.team {
                        write!(out, " {team}").unwrap();
                    }
                }
                out.push('\n');
            }
            Shape::Chromium => {
                for &p in &area.maintainers {
                    writeln!(out, "{}", self.people[p].declared(shape)).unwrap();
                }
            }
        }
        for line in &area.lines {
            writeln!(out, "{line}").unwrap();
        }
        if shape == Shape::Maintainers {
            out.push('\n');
        }
    }

    /// The ownership file an area is declared in.
    fn own_file_of(&self, area: usize) -> Option<usize> {
        self.own_files.iter().position(|f| f.areas.contains(&area))
    }

    /// The content of a tracked file at a revision (ownership files: their rendered text).
    fn content(&self, path: &str) -> String {
        if let Some(&i) = self.own_index.get(path) {
            return self.render(i);
        }
        if let Some(text) = self.fixed.get(path) {
            return text.clone();
        }
        let revision = self.files.get(path).copied().unwrap_or(0);
        filler(path, revision)
    }
}

/// The content of an ordinary file: a comment naming it, in the file's own syntax.
fn filler(path: &str, revision: u32) -> String {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    let comment = match ext {
        "c" | "h" | "cc" | "go" | "ts" | "tsx" | "js" | "vue" | "mojom" | "proto" => "//",
        "rb" | "yml" | "yaml" | "sh" | "gn" | "gni" | "haml" => "#",
        _ => "",
    };
    if comment.is_empty() {
        format!("Benchmark fixture {path}, revision {revision}.\n")
    } else {
        format!("{comment} Benchmark fixture {path}.\n{comment} Revision {revision}.\n")
    }
}

// ---------------------------------------------------------------------------------------------
// The history: a stream for `git fast-import`
// ---------------------------------------------------------------------------------------------

/// What the generator wrote, for the report.
#[derive(Default)]
struct Generated {
    commits: usize,
    merges: usize,
    bot_commits: usize,
    ownership_edits: usize,
    files_added: usize,
}

struct Simulation<W: Write> {
    model: Model,
    out: W,
    mark: usize,
    now: i64,
    target: usize,
    main_tips: Vec<usize>,
    generated: Generated,
}

impl<W: Write> Simulation<W> {
    fn tick(&mut self) -> i64 {
        let left = self.target.saturating_sub(self.generated.commits);
        self.now = next_commit_time(self.now, left, &mut self.model.rng);
        self.now
    }

    fn author(&mut self) -> usize {
        let weights: Vec<f64> = self.model.people[..PEOPLE].iter().map(|p| p.rate).collect();
        self.model.rng.weighted(&weights)
    }

    /// The files a change by `author` touches: mostly in one of their areas; some new.
    fn change(&mut self, author: usize) -> (usize, Vec<String>) {
        let rng = &mut self.model.rng;
        let area = if rng.chance(0.8) {
            *rng.pick(&self.model.homes[author])
        } else {
            rng.below(self.model.areas.len())
        };
        let count = files_per_commit(rng);
        let mut paths = Vec::with_capacity(count);
        for _ in 0..count {
            let area_ref = &self.model.areas[area];
            let path = if rng.chance(0.05) {
                let dir = &area_ref.dir;
                let ext = rng
                    .pick(&area_ref.files)
                    .rsplit_once('.')
                    .map_or("txt", |(_, e)| e);
                format!(
                    "{}/added_{}.{ext}",
                    if dir.is_empty() { "misc" } else { dir },
                    self.mark
                )
            } else {
                rng.pick(&area_ref.files).clone()
            };
            if !paths.contains(&path) {
                paths.push(path);
            }
        }
        for path in &paths {
            if !self.model.files.contains_key(path) {
                self.model.areas[area].files.push(path.clone());
                self.generated.files_added += 1;
            }
        }
        (area, paths)
    }

    /// An owner added to, or stepping down from, one of the author's areas: the path of the
    /// ownership file edited, or `None` when that area has none (THE REST has one).
    fn ownership_edit(&mut self, author: usize) -> Option<(usize, String)> {
        let area = *self.model.rng.pick(&self.model.homes[author]);
        let file = self.model.own_file_of(area)?;
        let a = &mut self.model.areas[area];
        if a.maintainers.contains(&author) {
            if a.maintainers.len() > 1 {
                a.maintainers.retain(|&p| p != author);
            } else {
                return None;
            }
        } else {
            a.maintainers.push(author);
        }
        self.generated.ownership_edits += 1;
        Some((area, self.model.own_files[file].path.clone()))
    }

    /// The commit message: a subject, a body and the shape's trailers.
    fn message(&mut self, subject: &str, author: Option<usize>, area: usize) -> String {
        let model = &mut self.model;
        let mut text = format!("{subject}\n\nBenchmark change {}.\n", self.mark + 1);
        let Some(author) = author else {
            return text;
        };
        let reviewer = {
            let a = &model.areas[area];
            let pool: Vec<usize> = a
                .maintainers
                .iter()
                .chain(&a.reviewers)
                .copied()
                .filter(|&p| p != author && p < PEOPLE)
                .collect();
            (!pool.is_empty() && model.rng.chance(0.5)).then(|| *model.rng.pick(&pool))
        };
        let person = |p: usize| {
            let person = &model.people[p];
            format!("{} <{}>", person.name, person.commit_email(model.shape))
        };
        text.push('\n');
        match model.shape {
            Shape::Maintainers => {
                if let Some(r) = reviewer {
                    text.push_str(&format!("Reviewed-by: {}\n", person(r)));
                }
                text.push_str(&format!("Signed-off-by: {}\n", person(author)));
            }
            Shape::Codeowners | Shape::Gitlab => {
                if model.rng.chance(0.1) {
                    let other = model.rng.below(PEOPLE);
                    text.push_str(&format!("Co-authored-by: {}\n", person(other)));
                }
                if model.rng.chance(0.3) {
                    text.push_str(&format!("Signed-off-by: {}\n", person(author)));
                }
            }
            Shape::Chromium => {
                let n = 1_000_000 + self.mark;
                text.push_str(&format!(
                    "Bug: {}\nChange-Id: I{:040x}\n",
                    40_000_000 + n,
                    n
                ));
                text.push_str(&format!(
                    "Reviewed-on: https://chromium-review.example.org/c/chromium/src/+/{n}\n"
                ));
                if let Some(r) = reviewer {
                    text.push_str(&format!("Reviewed-by: {}\n", person(r)));
                }
                text.push_str(&format!("Commit-Queue: {}\n", person(author)));
            }
        }
        text
    }

    #[allow(clippy::too_many_arguments)]
    fn commit(
        &mut self,
        branch: &str,
        author: (&str, &str, &str),
        time: i64,
        message: &str,
        from: Option<usize>,
        merge: Option<usize>,
        modified: &[String],
        carried: &[String],
    ) -> usize {
        self.mark += 1;
        let mark = self.mark;
        let (name, email, tz) = author;
        writeln!(self.out, "commit {branch}\nmark :{mark}").unwrap();
        writeln!(self.out, "author {name} <{email}> {time} {tz}").unwrap();
        writeln!(self.out, "committer {name} <{email}> {time} {tz}").unwrap();
        writeln!(self.out, "data {}\n{message}", message.len()).unwrap();
        if let Some(from) = from {
            writeln!(self.out, "from :{from}").unwrap();
        }
        if let Some(merge) = merge {
            writeln!(self.out, "merge :{merge}").unwrap();
        }
        for path in modified {
            if !self.model.own_index.contains_key(path) {
                *self.model.files.entry(path.clone()).or_default() += 1;
            }
        }
        for path in modified.iter().chain(carried) {
            let content = self.model.content(path);
            writeln!(
                self.out,
                "M 100644 inline {path}\ndata {}\n{content}",
                content.len()
            )
            .unwrap();
        }
        writeln!(self.out).unwrap();
        self.generated.commits += 1;
        mark
    }

    fn initial_commit(&mut self) {
        let time = HISTORY_START - DAY;
        let mut all: Vec<String> = self.model.files.keys().cloned().collect();
        all.extend(self.model.own_files.iter().map(|f| f.path.clone()));
        let mark = self.commit(
            "refs/heads/main",
            ("Bench Importer", "importer@example.org", "+0000"),
            time,
            "Initial import of the benchmark repository\n",
            None,
            None,
            &[],
            &all,
        );
        self.main_tips.push(mark);
        self.now = time;
    }

    /// One change by a person (or a bot): its files, message and identity.
    fn one_change(&mut self, branch: &str, from: Option<usize>) -> (usize, Vec<String>) {
        let time = self.tick();
        let shape = self.model.shape;
        if self.model.rng.chance(BOT_SHARE) {
            let (name, email) = bot(shape, &mut self.model.rng);
            let area = self.model.rng.below(self.model.areas.len());
            let path = self.model.rng.pick(&self.model.areas[area].files).clone();
            let paths = if self.model.files.contains_key(&path) {
                vec![path]
            } else {
                Vec::new()
            };
            let message = self.message("Roll dependencies", None, area);
            self.generated.bot_commits += 1;
            let mark = self.commit(
                branch,
                (name, email, "+0000"),
                time,
                &message,
                from,
                None,
                &paths,
                &[],
            );
            return (mark, paths);
        }
        let author = self.author();
        let edit = if self.model.rng.chance(OWNERSHIP_EDIT_SHARE) {
            self.ownership_edit(author)
        } else {
            None
        };
        let (area, paths, subject) = match edit {
            Some((area, path)) => (area, vec![path], "update ownership".to_string()),
            None => {
                let (area, paths) = self.change(author);
                let verb = *self
                    .model
                    .rng
                    .pick(&words("fix add remove refactor handle support"));
                (
                    area,
                    paths,
                    format!("{verb} {}", self.model.areas[area].title.to_lowercase()),
                )
            }
        };
        let scope = self.model.areas[area]
            .dir
            .rsplit('/')
            .next()
            .filter(|s| !s.is_empty())
            .unwrap_or("misc")
            .to_string();
        let message = self.message(&format!("{scope}: {subject}"), Some(author), area);
        let person = &self.model.people[author];
        let (name, email, tz) = (person.name.clone(), person.commit_email(shape), person.tz);
        let mark = self.commit(
            branch,
            (&name, &email, tz),
            time,
            &message,
            from,
            None,
            &paths,
            &[],
        );
        (mark, paths)
    }

    fn direct(&mut self) {
        let (mark, _) = self.one_change("refs/heads/main", None);
        self.main_tips.push(mark);
    }

    /// A side branch of 1-3 commits from a recent commit of `main`, merged back.
    fn pull_request(&mut self) {
        let back = self.model.rng.below(self.main_tips.len().min(4));
        let fork = self.main_tips[self.main_tips.len() - 1 - back];
        let mut touched = Vec::new();
        let mut tip = fork;
        for i in 0..self.model.rng.range(1, 3) {
            let from = if i == 0 { Some(fork) } else { None };
            let (mark, paths) = self.one_change("refs/heads/topic", from);
            tip = mark;
            for p in paths {
                if !touched.contains(&p) {
                    touched.push(p);
                }
            }
        }
        let time = self.tick();
        let main = *self.main_tips.last().unwrap();
        let shape = self.model.shape;
        let merger = self.author();
        let n = self.mark;
        let subject = match shape {
            Shape::Maintainers => {
                format!("Merge branch 'topic-{n}' of git://git.example.org/pub/scm/topic")
            }
            Shape::Codeowners => format!(
                "Merge pull request #{n} from {}/topic-{n}",
                self.model.people[merger].handle
            ),
            Shape::Gitlab => format!("Merge branch 'topic-{n}' into 'master'"),
            Shape::Chromium => format!("Merge branch 'refs/branch-heads/{n}'"),
        };
        let (name, email, tz) = match shape {
            Shape::Codeowners => (
                "GitHub".to_string(),
                "noreply@github.com".to_string(),
                "+0000",
            ),
            _ => {
                let p = &self.model.people[merger];
                (p.name.clone(), p.commit_email(shape), p.tz)
            }
        };
        let message = format!("{subject}\n");
        let mark = self.commit(
            "refs/heads/main",
            (&name, &email, tz),
            time,
            &message,
            Some(main),
            Some(tip),
            &[],
            &touched,
        );
        self.generated.merges += 1;
        self.main_tips.push(mark);
    }
}

/// Writes the repository of `model` at `repo` (non-bare, checked out): `git fast-import`,
/// `git repack -adf` (a fresh clone's pack), `git reset --hard`.
fn write_repository(
    model: Model,
    commits: usize,
    repo: &Path,
    home: &Path,
    timings: &mut Vec<(&'static str, Duration)>,
) -> (Model, Generated) {
    std::fs::create_dir_all(repo).expect("cannot create the repository directory");
    run_checked(git(repo, home).args(["init", "-q"]), "git init");
    let started = Instant::now();
    let (model, generated) = fast_import(repo, home, |out| {
        let mut sim = Simulation {
            model,
            out,
            mark: 0,
            now: HISTORY_START,
            target: commits,
            main_tips: Vec::new(),
            generated: Generated::default(),
        };
        sim.initial_commit();
        while sim.generated.commits < commits {
            if sim.model.rng.chance(PR_CHANCE) {
                sim.pull_request();
            } else {
                sim.direct();
            }
            // Pull requests fork from one of the last few commits of `main`.
            if sim.main_tips.len() > 8 {
                sim.main_tips.drain(..4);
            }
        }
        (sim.model, sim.generated)
    });
    timings.push(("git fast-import", started.elapsed()));
    run_checked(
        git(repo, home).args(["update-ref", "-d", "refs/heads/topic"]),
        "git update-ref -d refs/heads/topic",
    );
    let started = Instant::now();
    run_checked(
        git(repo, home).args(["repack", "-q", "-a", "-d", "-f"]),
        "git repack",
    );
    timings.push(("git repack -adf", started.elapsed()));
    let started = Instant::now();
    run_checked(
        git(repo, home).args(["reset", "-q", "--hard", "main"]),
        "git reset --hard",
    );
    timings.push(("checkout", started.elapsed()));
    (model, generated)
}

// ---------------------------------------------------------------------------------------------
// Timed commands
// ---------------------------------------------------------------------------------------------

/// What a timed command is, for the checks around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Git,
    Cold,
    Warm,
    NoHistory,
    Hook,
}

/// One timed command: a name, its kind, and how to build a fresh `Command` for each run.
struct Bench<'a> {
    name: &'static str,
    kind: Kind,
    make: Box<dyn Fn() -> Command + 'a>,
}

impl Bench<'_> {
    /// Runs the command once: its sample, stdout and stderr. Panics when it does not exit 0.
    fn run(&self, scratch: &Path) -> (Sample, Vec<u8>, String) {
        run_measured(&mut (self.make)(), self.name, true, scratch)
    }
}

/// What one shape's run measured.
struct ShapeResult {
    shape: Shape,
    /// Wall-clock ms of each bench, round by round.
    walls: Vec<Vec<f64>>,
    /// Median CPU ms (user + system) of each bench, when known.
    cpus: Vec<Option<f64>>,
    peak_mb: f64,
}

const A: usize = 0;
const E: usize = 1;
const B: usize = 2;
const C: usize = 3;
const D: usize = 4;
const G: usize = 5;
const H: usize = 6;

fn run_shape(shape: Shape, commits: usize, runs: usize, ownlint: &Path) -> ShapeResult {
    let Workspace {
        temp,
        home,
        repo,
        scratch,
    } = Workspace::new(&format!("ownlint-bench-{}-", shape.name()), "repo");
    let started = Instant::now();
    let model = Model::generate(shape, SEED);
    let mut timings = vec![("generate", started.elapsed())];
    let (model, generated) = write_repository(model, commits, &repo, &home, &mut timings);

    let as_of: i64 = git_output(&repo, &home, &["log", "-1", "--format=%ct", "HEAD"])
        .trim()
        .parse()
        .expect("HEAD's commit time");
    let start = as_of - WINDOW_SECONDS;
    let git_dir = repo.join(".git");
    let cache_file = git_dir.join("ownlint/history-v3.cache");
    let as_of_arg = format!("@{as_of}");
    let window_args: Vec<String> = vec![
        "log".into(),
        "--no-merges".into(),
        format!("--since=@{start}"),
        format!("--until=@{as_of}"),
        "--name-only".into(),
        "--format=%H %ae %ct".into(),
        "HEAD".into(),
    ];
    let window_commits = git_output(
        &repo,
        &home,
        &[
            "rev-list",
            "--count",
            "--no-merges",
            &format!("--since=@{start}"),
            &format!("--until=@{as_of}"),
            "HEAD",
        ],
    );
    let check = |extra: &[&str]| {
        let mut command = Command::new(ownlint);
        hermetic(&mut command, &home).current_dir(&scratch);
        command.arg("check").arg("--repo").arg(&repo);
        command.args(["--rev", "HEAD", "--as-of", &as_of_arg, "--since", SINCE]);
        command.args(["--format", "json", "--fail-on", "never"]);
        command.args(extra);
        command
    };
    let hook = || {
        let mut command = Command::new(ownlint);
        hermetic(&mut command, &home).current_dir(&repo);
        command.args(["check", "--staged", "--as-of", &as_of_arg, "--since", SINCE]);
        command.args(["--format", "json", "--fail-on", "never"]);
        command
    };

    // Write the cache, then stage one new file.
    let fill = Bench {
        name: "fill the cache",
        kind: Kind::Warm,
        make: Box::new(|| check(&[])),
    };
    let (filled, _, _) = fill.run(&scratch);
    timings.push(("first check (writes the cache)", filled.wall));
    assert!(
        file_identity(&cache_file).is_some(),
        "no cache at {} after a check",
        cache_file.display()
    );
    let staged = repo.join(&model.staged);
    std::fs::create_dir_all(staged.parent().unwrap()).unwrap();
    std::fs::write(&staged, filler(&model.staged, 0)).unwrap();
    run_checked(git(&repo, &home).args(["add", &model.staged]), "git add");

    let benches = [
        Bench {
            name: "(a) git log --no-merges --name-only",
            kind: Kind::Git,
            make: Box::new(|| {
                let mut c = git(&repo, &home);
                c.args(&window_args);
                c
            }),
        },
        Bench {
            name: "(e) git log --format=%an%ae%(trailers)",
            kind: Kind::Git,
            make: Box::new(|| {
                let mut c = git(&repo, &home);
                c.args(["log", "--format=%an%ae%(trailers)", "HEAD"]);
                c
            }),
        },
        Bench {
            name: "(b) ownlint check --no-cache (cold)",
            kind: Kind::Cold,
            make: Box::new(|| check(&["--no-cache"])),
        },
        Bench {
            name: "(c) ownlint check, warm cache",
            kind: Kind::Warm,
            make: Box::new(|| check(&[])),
        },
        Bench {
            name: "(d) ownlint check --no-history",
            kind: Kind::NoHistory,
            make: Box::new(|| check(&["--no-history"])),
        },
        Bench {
            name: "(g) git status --porcelain",
            kind: Kind::Git,
            make: Box::new(|| {
                let mut c = git(&repo, &home);
                c.args(["status", "--porcelain"]);
                c
            }),
        },
        Bench {
            name: "(h) ownlint check --staged (warm)",
            kind: Kind::Hook,
            make: Box::new(hook),
        },
    ];
    let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); benches.len()];
    let mut reports: Vec<Vec<u8>> = vec![Vec::new(); benches.len()];
    for round in 0..WARMUPS + runs {
        for (i, bench) in benches.iter().enumerate() {
            let before = file_identity(&cache_file);
            let (sample, stdout, stderr) = bench.run(&scratch);
            assert_eq!(
                before,
                file_identity(&cache_file),
                "{}: the cache file changed (a warm run found commits missing from it)",
                bench.name
            );
            if bench.kind == Kind::Hook {
                assert!(
                    stderr.trim().is_empty(),
                    "{}: the cache should be warm, but: {stderr}",
                    bench.name
                );
            }
            if round < WARMUPS {
                reports[i] = stdout;
            } else {
                samples[i].push(sample);
            }
        }
    }

    // Verify: the cache does not change the result, every report is JSON, the shape was read.
    assert!(
        reports[B] == reports[C],
        "{}: the reports of --no-cache and of a warm cache differ",
        shape.name()
    );
    let parse = |i: usize| -> Value {
        serde_json::from_slice(&reports[i])
            .unwrap_or_else(|e| panic!("{} printed no JSON report: {e}", benches[i].name))
    };
    let cold = parse(B);
    let _ = parse(D);
    let hook_report = parse(H);
    // Every file named like an ownership file was read (includes such as ATL_OWNERS may add
    // to the count), and nothing the generator wrote was left out as vendored.
    let ownership_files = cold["summary"]["ownership_files"].as_u64().unwrap_or(0) as usize;
    let named = model
        .own_files
        .iter()
        .filter(|f| {
            let name = f.path.rsplit('/').next().unwrap_or("");
            ["OWNERS", "MAINTAINERS", "CODEOWNERS"].contains(&name)
        })
        .count();
    assert!(
        ownership_files >= named,
        "{}: ownlint read {ownership_files} ownership files, the generator wrote {named}",
        shape.name()
    );
    assert_eq!(
        cold["summary"]["excluded"].as_u64(),
        Some(0),
        "{}: ownlint left generated files out",
        shape.name()
    );

    let walls: Vec<Vec<f64>> = samples
        .iter()
        .map(|s| s.iter().map(|x| ms(x.wall)).collect())
        .collect();
    let peak_mb = benches
        .iter()
        .zip(&samples)
        .filter(|(b, _)| b.kind != Kind::Git)
        .flat_map(|(_, s)| s.iter().filter_map(|x| x.max_rss_kb))
        .max()
        .map_or(0.0, |kb| kb as f64 / 1024.0);

    // Report.
    println!();
    println!(
        "== shape `{}` ({runs} timed runs after {WARMUPS} warm-up round) ==",
        shape.name()
    );
    let lines = |i: usize| model.render(i).lines().count();
    let own_lines: usize = (0..model.own_files.len()).map(lines).sum();
    println!(
        "  tracked files {} ({} ownership files, {own_lines} lines; {} areas; ownlint read \
         {ownership_files}); staged: {}",
        model.files.len() + model.own_files.len(),
        model.own_files.len(),
        model.areas.len(),
        model.staged
    );
    println!(
        "  commits {} ({} merges, {} by bots, {} ownership edits, {} files added); window: {} \
         non-merge commits from @{start} to @{as_of}",
        generated.commits,
        generated.merges,
        generated.bot_commits,
        generated.ownership_edits,
        generated.files_added,
        window_commits.trim()
    );
    let setup: Vec<String> = timings
        .iter()
        .map(|(what, d)| format!("{what} {:.1} s", d.as_secs_f64()))
        .collect();
    println!("  setup: {}", setup.join(", "));
    println!(
        "  {:<42} {:>8} {:>10} {:>8} {:>10} {:>9}",
        "command (wall clock)", "min ms", "median ms", "max ms", "cpu ms", "peak MiB"
    );
    for (i, bench) in benches.iter().enumerate() {
        let (min, med, max) = stats(&walls[i]);
        let cpus: Vec<f64> = samples[i].iter().filter_map(|s| s.cpu.map(ms)).collect();
        let cpu = if cpus.is_empty() {
            "-".into()
        } else {
            format!("{:.1}", stats(&cpus).1)
        };
        let peak = samples[i]
            .iter()
            .filter_map(|s| s.max_rss_kb)
            .max()
            .map_or("-".into(), |kb| format!("{:.1}", kb as f64 / 1024.0));
        println!(
            "  {:<42} {min:>8.1} {med:>10.1} {max:>8.1} {cpu:>10} {peak:>9}",
            bench.name
        );
    }
    let by_rule = |report: &Value| -> String {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for d in report["diagnostics"]
            .as_array()
            .map_or(&[][..], Vec::as_slice)
        {
            *counts
                .entry(d["rule"].as_str().unwrap_or("?").to_string())
                .or_default() += 1;
        }
        counts
            .iter()
            .map(|(r, n)| format!("{r} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!("  findings (b): {}", by_rule(&cold));
    println!("  findings (h): {}", by_rule(&hook_report));
    println!(
        "  verified: every ownlint run exited 0; (b) and (c) printed identical reports; no timed \
         run rewrote the cache; (h) was silent on stderr"
    );
    if std::env::var_os("OWNLINT_BENCH_KEEP").is_some() {
        let kept = temp.keep();
        println!(
            "  kept (OWNLINT_BENCH_KEEP): {}",
            kept.join("repo").display()
        );
    }
    let cpus = samples
        .iter()
        .map(|s| {
            let cpu: Vec<f64> = s.iter().filter_map(|x| x.cpu.map(ms)).collect();
            (!cpu.is_empty()).then(|| stats(&cpu).1)
        })
        .collect();
    ShapeResult {
        shape,
        walls,
        cpus,
        peak_mb,
    }
}

/// The ratios of one shape against the targets, of medians and paired by round.
fn print_targets(result: &ShapeResult) {
    let walls = &result.walls;
    let median = |i: usize| stats(&walls[i]).1;
    let paired = |f: &dyn Fn(usize) -> f64| {
        let ratios: Vec<f64> = (0..walls[0].len()).map(f).collect();
        stats(&ratios).1
    };
    let cold = median(B) / (median(A) + median(E));
    let cold_paired = paired(&|r| walls[B][r] / (walls[A][r] + walls[E][r]));
    let warm = median(C) / median(A);
    let warm_paired = paired(&|r| walls[C][r] / walls[A][r]);
    let hook = median(H) / median(G);
    let hook_paired = paired(&|r| walls[H][r] / walls[G][r]);
    let name = result.shape.name();
    println!(
        "  {name:<12} cold (b)/((a)+(e)) {cold:>5.2}x (paired {cold_paired:>5.2}x) <= {TARGET_COLD:.2}x {:<6} \
         (b)/(a) {:.2}x",
        verdict(cold <= TARGET_COLD),
        median(B) / median(A)
    );
    println!(
        "  {:<12} warm (c)/(a)       {warm:>5.2}x (paired {warm_paired:>5.2}x) <= {TARGET_WARM:.2}x {}",
        "",
        verdict(warm <= TARGET_WARM)
    );
    println!(
        "  {:<12} hook (h)/(g)       {hook:>5.2}x (paired {hook_paired:>5.2}x) <= {TARGET_HOOK:.2}x {}   \
         ((h) {:.0} ms, (g) {:.0} ms, (d) {:.0} ms)",
        "",
        verdict(hook <= TARGET_HOOK),
        median(H),
        median(G),
        median(D)
    );
    println!(
        "  {:<12} peak memory {:.1} MiB < {TARGET_PEAK_MB:.0} MB {}",
        "",
        result.peak_mb,
        verdict(result.peak_mb * 1_048_576.0 < TARGET_PEAK_MB * 1e6)
    );
    // On a busy machine the wall clock waits for the CPU; the same ratios in CPU time show
    // the work itself (not the target: ownlint may use more than one core).
    if let [Some(a), Some(e), Some(b), Some(c), _, Some(g), Some(h)] = result.cpus[..] {
        println!(
            "  {:<12} in cpu time: cold {:.2}x, warm {:.2}x, hook {:.2}x",
            "",
            b / (a + e),
            c / a,
            h / g
        );
    }
}

fn main() {
    let shapes = Shape::selected();
    let commits = env_number("OWNLINT_BENCH_COMMITS", DEFAULT_COMMITS);
    let runs = env_number("OWNLINT_BENCH_RUNS", DEFAULT_RUNS).max(1);
    assert!(
        commits >= 2_000,
        "OWNLINT_BENCH_COMMITS={commits}: use at least 2000 commits"
    );
    let ownlint: PathBuf = ownlint_binary();
    println!(
        "ownlint pattern-shape benchmark: {commits} commits per shape, binary {}",
        ownlint.display()
    );
    let results: Vec<ShapeResult> = shapes
        .iter()
        .map(|&shape| run_shape(shape, commits, runs, &ownlint))
        .collect();
    println!();
    println!("targets of issue 16 (ratios of medians; paired = median of per-round ratios):");
    for result in &results {
        print_targets(result);
    }
}
