//! The `ownlint` binary: parses the command line, runs it, and turns the outcome into an exit
//! code (0 clean, 1 findings, 2 usage, configuration or repository errors).

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use ownlint::cli::{self, Cli, Io};
use ownlint::error::Error;

/// mimalloc: a run allocates many small, short-lived strings (paths, names, parsed YAML), and
/// glibc's malloc spent about a sixth of a warm `check` allocating and freeing them. The crate's
/// `override` feature makes libgit2 and zlib allocate through mimalloc too (the binary exports
/// `malloc` and `free`, so glibc's own allocations go there as well and never mix), and
/// `no_thp` keeps it from asking for transparent huge pages, whose zeroing on first touch cost
/// more than it saved on these short runs. (Measured again for warm runs of large
/// repositories, which fault in a hundred megabytes of fresh heap: paired run against run they
/// took 0.88-0.92x the time, but each run just after a `git log` that had used and freed its
/// memory got huge pages slow to fault in, with erratic system time, and the Chromium shape's
/// warm check took 1.48x the time when interleaved with `git log`, as its measurement is.)
/// Its version 2 (the `v2` feature), not 3: on benches/pattern_shapes.rs a cold run's peak
/// memory was 20-30 MB lower (maintainers 198 -> 178 MiB, codeowners 200 -> 169 MiB), the cold
/// run as fast and the warm one 4-7% faster.
///
/// A process-wide choice, so it is the binary's, behind the `mimalloc` feature (on by default;
/// `--no-default-features` builds with the system allocator).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How long mimalloc waits before it returns freed pages to the system: 3 ms instead of its
/// 10. A cold run frees on three threads at once (the window's pass, the identity index, the
/// merges'); with pages kept 10 ms, cold runs of the Chromium shape on a busy machine peaked
/// at 201-203 MiB in 11 of 12 (on a quiet one, now and then: 200.5 MiB once in 9), against
/// 180-192 MiB with 3 ms, at about the same speed (paired, cold: Chromium shape 1.03x,
/// maintainers 1.00x, codeowners 1.02x, kubernetes/kops 1.00x, each within its noise). 0 ms
/// (purge at once) peaked lower still, 174-178 MiB, but made a run 1.11-1.14x slower.
#[cfg(feature = "mimalloc")]
fn purge_freed_pages_sooner() {
    /// `mi_option_purge_delay` of mimalloc.h (the 16th option in versions 2 and 3); the Rust
    /// crate does not name it.
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets one of mimalloc's options, by a value of its own enumeration; mimalloc reads
    // this one each time it decides to purge, so setting it after start-up is supported.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 3) };
}

fn main() -> ExitCode {
    #[cfg(feature = "mimalloc")]
    purge_freed_pages_sooner();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut err = std::io::stderr();
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(e) => {
            eprintln!(
                "ownlint: error: cannot read the current directory: {}",
                ownlint::escape::terminal(&e.to_string())
            );
            return ExitCode::from(2);
        }
    };
    let mut io = Io {
        out_is_terminal: std::io::stdout().is_terminal(),
        err_is_terminal: std::io::stderr().is_terminal(),
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        out: &mut out,
        err: &mut err,
        cwd,
    };
    match cli::run_to_outcome(&cli, &mut io) {
        Ok(outcome) => {
            // The process ends here: freeing a run's many small allocations one by one took
            // about 5% of a warm check on benches/history.rs, for memory the exit returns
            // anyway. (Background work was waited for before the command returned.)
            std::mem::forget(outcome.leftovers);
            ExitCode::from(outcome.code)
        }
        Err(Error::Io(message)) if message.contains("Broken pipe") => ExitCode::from(1),
        Err(e) => {
            eprintln!(
                "ownlint: error: {}",
                ownlint::escape::terminal(&e.to_string())
            );
            ExitCode::from(2)
        }
    }
}
