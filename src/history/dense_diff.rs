//! git's dense combined diff (`git log --cc`, what `git show` prints for a merge), reduced to
//! the one question the history asks of a file: does it show any hunk?
//!
//! This follows git's `combine-diff.c` step by step, so that ownlint and `git show` agree on
//! which files a merge edited itself:
//!
//! 1. The merge's version of the file is diffed against each parent's, line by line, with
//!    git's own diff (libgit2 carries git's xdiff, called through [`super::xdiff`]: Myers with
//!    the indent heuristic, git's default, no context, after trimming the common tail as git
//!    does). Each line of the result records the parents it differs from (it is `+` against
//!    them); each line a parent had and the result lacks is *lost*, hung on the result line it
//!    stood before, with the parents that lost it. Lines lost from several parents are
//!    coalesced (a longest common subsequence, as git does), and a parent whose version equals
//!    an earlier parent's takes that parent's marks.
//! 2. Changed lines are grouped into hunks, two groups joining when they lie within three
//!    lines of each other (git's default context).
//! 3. A hunk is *uninteresting* when every change in it is against the same parents and not
//!    against all of them: the result took one side's version of that region, unchanged.
//!    Anything else (a line new to every parent, lines from different sides side by side) is
//!    the merge's own.
//!
//! The file is shown when a hunk survives. What follows from git's rule, and so from this one:
//! a clean merge of edits far apart shows nothing; a conflict resolved by taking one side's
//! hunk shows nothing; a resolution that keeps lines of both sides, an edit of the merge's
//! own, and edits of the two sides within three lines of each other (even when they merged
//! cleanly) show a hunk.

use super::xdiff;

/// Lines of context across which git joins two groups of changes into one hunk (`diff.context`,
/// default 3).
const CONTEXT: usize = 3;
/// git reads a file as binary when a NUL is among its first this many bytes (`buffer_is_binary`).
const BINARY_PROBE: usize = 8000;
/// The most parents a question can have: one bit each in a `u64` (git itself keeps them in an
/// `unsigned long` beside two bits of its own).
pub const MAX_PARENTS: usize = 64;

/// Whether git reads `bytes` as binary (and shows a merge's binary file as
/// "Binary files differ", whatever the sides did).
pub fn is_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(BINARY_PROBE)]).is_some()
}

/// A line some parents had where the result has none.
#[derive(Debug, Clone, Copy)]
struct Lost<'a> {
    /// One bit per parent that had it.
    parents: u64,
    /// Without its newline.
    text: &'a [u8],
}

/// A line of the result (and, one past the last, the end of the file), with the parents it
/// differs from and the lines lost just before it.
#[derive(Debug, Default)]
struct Line<'a> {
    differs: u64,
    lost: Vec<Lost<'a>>,
}

/// Whether git's dense combined diff of `result` against `parents` (first parent first, at most
/// [`MAX_PARENTS`], none of them binary) shows a hunk. `None` when it cannot be answered within
/// `lcs_cells`, the cells left for coalescing lost lines (which this spends), or libgit2 fails.
pub fn shows_hunk(result: &[u8], parents: &[&[u8]], lcs_cells: &mut usize) -> Option<bool> {
    if parents.is_empty() || parents.len() > MAX_PARENTS {
        return None;
    }
    let count = line_count(result);
    let mut lines: Vec<Line> = (0..=count).map(|_| Line::default()).collect();
    for (n, &parent) in parents.iter().enumerate() {
        let bit = 1u64 << n;
        if let Some(same) = parents[..n].iter().position(|&p| p == parent) {
            take_marks_of(&mut lines, 1u64 << same, bit);
            continue;
        }
        for (bucket, lost) in diff_against(parent, result, &mut lines, bit)? {
            let line = lines.get_mut(bucket)?;
            coalesce(&mut line.lost, lost, bit, lcs_cells)?;
        }
    }
    let all = if parents.len() == 64 {
        u64::MAX
    } else {
        (1u64 << parents.len()) - 1
    };
    Some(has_interesting_hunk(&lines, all))
}

/// Lines of `bytes` as git counts them: an unterminated last line counts.
fn line_count(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
        + usize::from(bytes.last().is_some_and(|&b| b != b'\n'))
}

/// A parent whose version equals an earlier one's (bit `same`) differs where that one does.
fn take_marks_of(lines: &mut [Line], same: u64, bit: u64) {
    for line in lines {
        if line.differs & same != 0 {
            line.differs |= bit;
        }
        for lost in &mut line.lost {
            if lost.parents & same != 0 {
                lost.parents |= bit;
            }
        }
    }
}

/// Diffs `parent` against `result` as git's combined diff does: marks `bit` on the result's
/// lines the parent lacks, and returns the parent's lost lines by the index of the result line
/// they hang on.
fn diff_against<'a>(
    parent: &'a [u8],
    result: &[u8],
    lines: &mut [Line],
    bit: u64,
) -> Option<Vec<(usize, Vec<Lost<'a>>)>> {
    // git's diff trims the common tail first (`xdiff::hunks` does, once, as git's `xdi_diff`
    // does): no hunk reaches into it, so the parent's lines are read from the whole file.
    let hunks = xdiff::hunks(parent, result)?;
    let mut buckets = Vec::with_capacity(hunks.len());
    // The parent's lines are read once, front to back, as the hunks come in order.
    let mut parent_lines = parent.split_inclusive(|&b| b == b'\n');
    let mut next_line = 0;
    for hunk in hunks {
        for at in hunk.new_start..hunk.new_start.checked_add(hunk.new_count)? {
            lines.get_mut(at)?.differs |= bit;
        }
        if hunk.old_count == 0 {
            continue;
        }
        // Removed lines hang on the result line they stood before: the hunk's first new line,
        // or, where it has none, the line after the place they were removed from.
        let skip = hunk.old_start.checked_sub(next_line)?;
        let lost: Vec<Lost<'a>> = parent_lines
            .by_ref()
            .skip(skip)
            .take(hunk.old_count)
            .map(|text| Lost {
                parents: bit,
                text: text.strip_suffix(b"\n").unwrap_or(text),
            })
            .collect();
        if lost.len() != hunk.old_count {
            return None;
        }
        next_line = hunk.old_start + hunk.old_count;
        buckets.push((hunk.new_start, lost));
    }
    Some(buckets)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Match,
    Base,
    New,
}

/// git's `coalesce_lines`: merges the lines one more parent (`bit`) lost before a result line
/// into those earlier parents lost there, by a longest common subsequence, so that a line lost
/// from several parents is one line lost from all of them. Ties are broken as git breaks them
/// (they decide which of two equal lines a parent's mark joins).
fn coalesce<'a>(
    base: &mut Vec<Lost<'a>>,
    new: Vec<Lost<'a>>,
    bit: u64,
    cells: &mut usize,
) -> Option<()> {
    if new.is_empty() {
        return Some(());
    }
    if base.is_empty() {
        *base = new;
        return Some(());
    }
    let (rows, width) = (base.len() + 1, new.len() + 1);
    let size = rows.checked_mul(width)?;
    *cells = cells.checked_sub(size)?;
    let mut length = vec![0u32; size];
    let mut step = vec![Step::Base; size];
    step[1..width].fill(Step::New);
    for i in 1..rows {
        for j in 1..width {
            let at = i * width + j;
            if base[i - 1].text == new[j - 1].text {
                length[at] = length[at - width - 1] + 1;
                step[at] = Step::Match;
            } else if length[at - 1] >= length[at - width] {
                length[at] = length[at - 1];
                step[at] = Step::New;
            } else {
                length[at] = length[at - width];
                step[at] = Step::Base;
            }
        }
    }
    // Read the steps back from the end; in reverse they give the merged order: a new line goes
    // right after the base line it follows, before the base lines after it.
    let (mut i, mut j) = (rows - 1, width - 1);
    let mut steps = Vec::with_capacity(rows + width);
    while i != 0 || j != 0 {
        let here = step[i * width + j];
        steps.push(here);
        match here {
            Step::Match => {
                i -= 1;
                j -= 1;
            }
            Step::New => j -= 1,
            Step::Base => i -= 1,
        }
    }
    let mut merged = Vec::with_capacity(steps.len());
    let (mut b, mut n) = (0, 0);
    for here in steps.into_iter().rev() {
        match here {
            Step::Match => {
                let mut line = base[b];
                line.parents |= bit;
                merged.push(line);
                b += 1;
                n += 1;
            }
            Step::Base => {
                merged.push(base[b]);
                b += 1;
            }
            Step::New => {
                merged.push(new[n]);
                n += 1;
            }
        }
    }
    *base = merged;
    Some(())
}

/// git's `make_hunks` in dense mode, stopping at the first hunk that stays: `lines` has one
/// entry per result line and one for the end; `all` has a bit for every parent.
fn has_interesting_hunk(lines: &[Line], all: u64) -> bool {
    let last = lines.len() - 1;
    let marked: Vec<bool> = lines
        .iter()
        .map(|line| line.differs & all != 0 || !line.lost.is_empty())
        .collect();
    // A hunk whose last line only carries lost lines ends a line earlier, for the context.
    let tail = |begin: usize, end: usize| {
        if begin < end && lines[end - 1].differs & all == 0 {
            end - 1
        } else {
            end
        }
    };
    let mut i = 0;
    while i <= last {
        while i <= last && !marked[i] {
            i += 1;
        }
        if i > last {
            break;
        }
        let begin = i;
        // The hunk goes on while another changed line follows within the context.
        let mut j = i + 1;
        while j <= last {
            if !marked[j] {
                let mut ahead = (tail(begin, j) + CONTEXT).min(last + 1);
                let mut more = false;
                while ahead > 0 {
                    ahead -= 1;
                    if ahead < j {
                        break;
                    }
                    if marked[ahead] {
                        more = true;
                        break;
                    }
                }
                if !more {
                    break;
                }
                j = ahead;
            }
            j += 1;
        }
        let end = j;
        // Only two versions, and the result is one of them: every change in the hunk is
        // against the same parents, and not against all of them.
        let mut same = 0;
        let mut mixed = false;
        'hunk: for line in &lines[begin..end] {
            let differs = line.differs & all;
            for parents in std::iter::once(differs)
                .filter(|&d| d != 0)
                .chain(line.lost.iter().map(|l| l.parents))
            {
                if same == 0 {
                    same = parents;
                } else if same != parents {
                    mixed = true;
                    break 'hunk;
                }
            }
        }
        if mixed || same == all {
            return true;
        }
        i = end;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(count: usize) -> Vec<String> {
        (1..=count).map(|i| format!("line {i}")).collect()
    }

    fn text(lines: &[String]) -> Vec<u8> {
        let mut out = lines.join("\n").into_bytes();
        out.push(b'\n');
        out
    }

    fn with(base: &[String], edits: &[(usize, &str)]) -> Vec<String> {
        let mut lines = base.to_vec();
        for &(at, new) in edits {
            lines[at] = new.to_string();
        }
        lines
    }

    fn shows(result: &[u8], parents: &[&[u8]]) -> bool {
        shows_hunk(result, parents, &mut (1 << 20)).expect("within budget")
    }

    #[test]
    fn a_clean_merge_of_edits_far_apart_shows_nothing() {
        let base = numbered(30);
        let ours = with(&base, &[(27, "ours")]);
        let theirs = with(&base, &[(1, "theirs")]);
        let merged = with(&base, &[(1, "theirs"), (27, "ours")]);
        assert!(!shows(&text(&merged), &[&text(&ours), &text(&theirs)]));
    }

    #[test]
    fn edits_of_both_sides_within_the_context_show_a_hunk() {
        // Ours changed index 9, theirs index `far`: with two unchanged lines between them or
        // fewer, git shows one hunk with changes against each parent; with three or more, two
        // hunks, each one side's (`git show --cc` of such merges says so).
        let base = numbered(30);
        for far in 10..=17 {
            let ours = with(&base, &[(9, "ours")]);
            let theirs = with(&base, &[(far, "theirs")]);
            let merged = with(&base, &[(9, "ours"), (far, "theirs")]);
            assert_eq!(
                shows(&text(&merged), &[&text(&ours), &text(&theirs)]),
                far <= 12,
                "second edit at index {far}"
            );
        }
    }

    #[test]
    fn a_conflict_resolved_by_taking_one_side_shows_nothing() {
        let base = numbered(10);
        let ours = with(&base, &[(4, "ours")]);
        let theirs = with(&base, &[(4, "theirs")]);
        assert!(!shows(&text(&ours), &[&text(&ours), &text(&theirs)]));
        // Keeping both sides' lines, or writing a third, is the merge's own.
        let mut both = ours.clone();
        both.insert(5, "theirs".to_string());
        assert!(shows(&text(&both), &[&text(&ours), &text(&theirs)]));
        let own = with(&base, &[(4, "resolved")]);
        assert!(shows(&text(&own), &[&text(&ours), &text(&theirs)]));
    }

    #[test]
    fn deletions_and_additions_count_like_changes() {
        let base = numbered(20);
        // Theirs deleted the last lines, ours added one at the top; the merge did both.
        let theirs: Vec<String> = base[..15].to_vec();
        let mut ours = base.clone();
        ours.insert(0, "top".to_string());
        let mut merged = theirs.clone();
        merged.insert(0, "top".to_string());
        assert!(!shows(&text(&merged), &[&text(&ours), &text(&theirs)]));
        // The merge deleting a line both sides kept is its own edit.
        let mut own = merged.clone();
        own.remove(8);
        assert!(shows(&text(&own), &[&text(&ours), &text(&theirs)]));
        // An empty result of two non-empty sides.
        assert!(shows(b"", &[&text(&ours), &text(&theirs)]));
    }

    #[test]
    fn an_octopus_coalesces_lines_lost_from_several_parents() {
        // Parents 0 and 1 both have line 5 as "old"; parent 2 has "other". The merge takes
        // parent 2's version: the hunk has "old" lost from {0, 1} and the line new to {0, 1},
        // only two versions. Without coalescing, "old" would be lost from {0} and {1}
        // separately and the hunk would look mixed.
        let base = numbered(12);
        let p0 = with(&base, &[(5, "old"), (0, "p0")]);
        let p1 = with(&base, &[(5, "old"), (11, "p1")]);
        let p2 = with(&base, &[(5, "other")]);
        let merged = with(&base, &[(5, "other"), (0, "p0"), (11, "p1")]);
        assert!(!shows(
            &text(&merged),
            &[&text(&p0), &text(&p1), &text(&p2)]
        ));
        // A parent equal to an earlier one takes its marks: "other" is new to all three.
        assert!(shows(&text(&merged), &[&text(&p0), &text(&p1), &text(&p1)]));
    }

    #[test]
    fn an_unterminated_last_line_is_a_line() {
        assert_eq!(line_count(b""), 0);
        assert_eq!(line_count(b"a"), 1);
        assert_eq!(line_count(b"a\n"), 1);
        assert_eq!(line_count(b"a\nb"), 2);
        // The result adds a newline to both parents' last line, which differ from each other:
        // its own.
        assert!(shows(b"x\nend\n", &[b"x\nend", b"y\nend"]));
    }

    /// The common tail is trimmed once, as git trims it, not again: here a second trim would
    /// cut the run of `x` lines short and slide the line the result adds against the first
    /// parent far from where the second parent differs; `git show --cc` of this merge shows a
    /// hunk (`++x` where the second parent has `y`).
    #[test]
    fn the_common_tail_is_trimmed_once() {
        let first = "x\n".repeat(1023);
        let second = format!("{}y\n{}", "x\n".repeat(512), "x\n".repeat(511));
        let result = "x\n".repeat(1024);
        assert!(shows(
            result.as_bytes(),
            &[first.as_bytes(), second.as_bytes()]
        ));
    }

    #[test]
    fn coalescing_is_bounded() {
        let base = numbered(40);
        let theirs: Vec<String> = base[20..].to_vec();
        let ours: Vec<String> = [&base[..10], &base[30..]].concat();
        let merged: Vec<String> = base[30..].to_vec();
        // Both sides lost lines before the same result line: coalescing them needs cells.
        let (m, o, t) = (text(&merged), text(&ours), text(&theirs));
        assert_eq!(shows_hunk(&m, &[&o, &t], &mut 0), None);
        assert_eq!(shows_hunk(&m, &[&o, &t], &mut 10_000), Some(true));
        assert!(is_binary(b"a\0b"));
        assert!(!is_binary(&[b'a'; 9000]));
        let mut late = vec![b'a'; 9000];
        late[8500] = 0;
        assert!(!is_binary(&late));
    }
}
