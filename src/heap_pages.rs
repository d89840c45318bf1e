//! Which pages back a run's heap: transparent huge pages (2 MiB), which the binary's allocator
//! asks for (mimalloc, see src/main.rs), or the system's small pages. Chosen once per run,
//! before it allocates much ([`choose`]).
//!
//! A warm `check` of a large repository touches a hundred megabytes of fresh heap in a fifth
//! of a second, and faulting it in 4 KiB pages (27,000 page faults on
//! benches/pattern_shapes.rs's chromium shape, each a trap, a zeroed page and its accounting)
//! was about a tenth of the run: with huge pages warm checks took 0.88-0.92x the time (the
//! four shapes, coreboot/coreboot and kubernetes/kops, paired, 15-31 runs). Where huge pages
//! do not pay:
//!
//! - a small run: each huge page the allocator starts is zeroed whole for the few kilobytes
//!   used of it (warm checks of kubernetes-sigs/kind, kube-state-metrics and kustomize,
//!   20-30 MiB of heap: 1.09-1.15x the time, 41 runs);
//! - a cold history pass: no faster (1.00-1.03x), and huge pages resident where a few small
//!   ones were touched raised the shapes' cold peaks past the 200 MB that issue 16 allows
//!   (chromium 187 -> 197 MiB, gitlab up to 208 MiB).

/// What a run's heap mostly holds comes from the repository's index (the listing) and its
/// history cache (the window's commits): below this many bytes of the two, the heap is a few
/// huge pages at most, mostly unused. The small runs above read 0.1-0.3 MB; those that gained
/// 4-14 MB.
pub const HUGE_FROM_INPUT_BYTES: u64 = 2 << 20;

/// Keeps huge pages when they pay ([`pay`]), turns them off otherwise ([`small_from_here`]).
/// Returns whether they are kept.
pub fn choose(reads_history_cold: bool, input_bytes: u64) -> bool {
    let huge = pay(reads_history_cold, input_bytes);
    if !huge {
        small_from_here();
    }
    huge
}

/// Whether huge pages pay for a run: it reads its history from a cache (or reads none), and
/// its index and history cache weigh [`HUGE_FROM_INPUT_BYTES`] or more.
pub fn pay(reads_history_cold: bool, input_bytes: u64) -> bool {
    !reads_history_cold && input_bytes >= HUGE_FROM_INPUT_BYTES
}

/// From here on the process's new heap pages are small pages: on Linux through
/// `PR_SET_THP_DISABLE` (huge pages already resident stay), elsewhere nothing. The setting is
/// inherited by child processes, and a run starts none.
pub fn small_from_here() {
    #[cfg(target_os = "linux")]
    // SAFETY: this prctl takes integer arguments only and sets a flag of this process; where
    // the kernel lacks it, it fails and changes nothing.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Whether [`small_from_here`] is in effect for this process (Linux; `None` elsewhere).
pub fn small_only() -> Option<bool> {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: as above; this one only reads the flag.
        let state = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
        return (state >= 0).then_some(state == 1);
    }
    #[allow(unreachable_code)]
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_pages_pay_only_for_a_large_run_that_reads_no_history_cold() {
        assert!(pay(false, HUGE_FROM_INPUT_BYTES));
        assert!(pay(false, 100 * HUGE_FROM_INPUT_BYTES));
        assert!(!pay(false, HUGE_FROM_INPUT_BYTES - 1));
        assert!(!pay(true, 100 * HUGE_FROM_INPUT_BYTES));
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn small_pages_are_chosen_for_the_rest_of_the_process() {
        // This test process's later allocations are small pages from here on: no other test
        // depends on which.
        assert!(!choose(true, HUGE_FROM_INPUT_BYTES));
        assert_eq!(small_only(), Some(true));
    }
}
