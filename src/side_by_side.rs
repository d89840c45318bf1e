//! Two pieces of work side by side: one on the calling thread, the other on a thread of its
//! own (this machine class has two cores, and a run's long single passes are what its wall
//! time is made of).
//!
//! Both pieces only read what they share; each returns what it found, and the caller puts the
//! two answers together in a fixed order, so the result never depends on which finished
//! first. When no thread can be started, the second piece runs here after the first: slower,
//! the same answer. A panic on the other thread is raised again here.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

/// `(here(), there())`, with `there` run on a thread named `name` while `here` runs on this
/// one.
pub fn both<A, B: Send>(
    name: &str,
    here: impl FnOnce() -> A,
    there: impl Fn() -> B + Sync,
) -> (A, B) {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name(name.to_string())
            .spawn_scoped(scope, &there);
        let first = here();
        let second = match thread {
            Ok(thread) => match thread.join() {
                Ok(second) => second,
                Err(panic) => std::panic::resume_unwind(panic),
            },
            Err(_) => there(),
        };
        (first, second)
    })
}

/// `here(i)` or `there(i)` for each `i` in `0..n`, answered in that order: this thread (with
/// `here`) and one more (with `there`) each take the next index not taken yet, so that one long
/// piece does not hold the others back (a large file among small ones, a slow rule).
pub fn take_turns<T: Send>(
    name: &str,
    n: usize,
    here: impl Fn(usize) -> T,
    there: impl Fn(usize) -> T + Sync,
) -> Vec<T> {
    take_turns_each(
        name,
        n,
        |turns| turns.answer(&here),
        |turns| turns.answer(&there),
    )
}

/// Like [`take_turns`], for work that needs state of its own on each thread (caches that
/// cannot move between threads): `here` runs once on this thread and `there` once on the
/// other, each sets up what it needs and then answers every one of the [`Turns`] it is given.
/// The other side may answer none ([`Answers::none`], when it cannot set itself up): this side
/// then takes every turn.
pub fn take_turns_each<T: Send>(
    name: &str,
    n: usize,
    here: impl FnOnce(Turns<'_>) -> Answers<T>,
    there: impl Fn(Turns<'_>) -> Answers<T> + Sync,
) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let turns = || Turns { next: &next, n };
    let (Answers(mut done), Answers(more)) = both(name, || here(turns()), || there(turns()));
    done.extend(more);
    done.sort_unstable_by_key(|(i, _)| *i);
    debug_assert!(done.iter().map(|(i, _)| *i).eq(0..n));
    done.into_iter().map(|(_, answer)| answer).collect()
}

/// The indices one side of [`take_turns_each`] takes: each the next one not taken yet by
/// either side.
pub struct Turns<'a> {
    next: &'a AtomicUsize,
    n: usize,
}

impl Iterator for Turns<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let i = self.next.fetch_add(1, Ordering::Relaxed);
        (i < self.n).then_some(i)
    }
}

impl Turns<'_> {
    /// Whether any index is left to take.
    pub fn left(&self) -> bool {
        self.next.load(Ordering::Relaxed) < self.n
    }

    /// `work(i)` for each index this side takes, until none is left.
    pub fn answer<T>(self, mut work: impl FnMut(usize) -> T) -> Answers<T> {
        Answers(self.map(|i| (i, work(i))).collect())
    }
}

/// One side's answers, by the index each answers.
pub struct Answers<T>(Vec<(usize, T)>);

impl<T> Answers<T> {
    /// The answers of a side that takes no turn.
    pub fn none() -> Self {
        Answers(Vec::new())
    }
}

/// The second core, while a piece of background work holds it (the identity index, beside the
/// window's history pass). Work that could use a second thread waits for it
/// ([`SecondCore::wait`]) rather than running three threads on two cores, which cost more
/// than it saved (each thread reads through packs of its own, and their pages and caches
/// crowd each other out).
pub struct SecondCore {
    free: Mutex<bool>,
    changed: Condvar,
}

impl SecondCore {
    /// A core that no work holds.
    pub fn free() -> SecondCore {
        SecondCore {
            free: Mutex::new(true),
            changed: Condvar::new(),
        }
    }

    /// A core held until [`SecondCore::release`].
    pub fn held() -> SecondCore {
        SecondCore {
            free: Mutex::new(false),
            changed: Condvar::new(),
        }
    }

    /// The core is free: the work that held it ended, or the work waiting for it no longer
    /// needs it.
    pub fn release(&self) {
        *self.free.lock().unwrap_or_else(|e| e.into_inner()) = true;
        self.changed.notify_all();
    }

    /// Releases the core when the returned guard is dropped, however its holder ends.
    pub fn release_on_drop(&self) -> Releasing<'_> {
        Releasing(self)
    }

    /// Waits until the core is free.
    pub fn wait(&self) {
        self.wait_while(|| true);
    }

    /// Waits until the core is free (`true`), or until `wanted()` is false (`false`, asked
    /// again at each [`SecondCore::nudge`]).
    pub fn wait_while(&self, wanted: impl Fn() -> bool) -> bool {
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if *free {
                return true;
            }
            if !wanted() {
                return false;
            }
            free = self.changed.wait(free).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Has those waiting ask again whether they still want the core.
    pub fn nudge(&self) {
        // Taken so that a waiter between its question and its wait cannot miss this.
        drop(self.free.lock().unwrap_or_else(|e| e.into_inner()));
        self.changed.notify_all();
    }
}

/// Releases a [`SecondCore`] when dropped.
pub struct Releasing<'a>(&'a SecondCore);

impl Drop for Releasing<'_> {
    fn drop(&mut self) {
        self.0.release();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_in_order_and_runs_the_second_piece_elsewhere() {
        let here_thread = std::thread::current().id();
        let (first, (second, there_thread)) = both(
            "ownlint-test",
            || vec![1, 2],
            || (vec![3], std::thread::current().id()),
        );
        assert_eq!((first, second), (vec![1, 2], vec![3]));
        assert_ne!(there_thread, here_thread);
    }

    #[test]
    fn turns_come_back_in_order_whichever_thread_took_them() {
        for n in [0, 1, 2, 7, 100] {
            let threads = std::sync::Mutex::new(std::collections::HashSet::new());
            let work = |i: usize| {
                threads.lock().unwrap().insert(std::thread::current().id());
                // Uneven work, so that the threads interleave.
                std::thread::sleep(std::time::Duration::from_micros((i % 3) as u64 * 200));
                i * 10
            };
            let done = take_turns("ownlint-test", n, work, work);
            assert_eq!(done, (0..n).map(|i| i * 10).collect::<Vec<_>>());
            assert!(threads.lock().unwrap().len() <= 2);
        }
    }

    #[test]
    fn a_panic_on_the_other_thread_is_raised_here() {
        let caught = std::panic::catch_unwind(|| {
            both(
                "ownlint-test",
                || 1,
                || -> i32 { panic!("the other half failed") },
            )
        });
        assert!(caught.is_err());
    }

    #[test]
    fn a_side_that_answers_none_leaves_every_turn_to_the_other() {
        let done = take_turns_each(
            "ownlint-test",
            5,
            |turns| turns.answer(|i| i * 2),
            |_| Answers::none(),
        );
        assert_eq!(done, vec![0, 2, 4, 6, 8]);
        // And when this side is the one that waits, the other takes every turn.
        let done = take_turns_each(
            "ownlint-test",
            5,
            |turns| {
                std::thread::sleep(std::time::Duration::from_millis(50));
                turns.answer(|i| i * 3)
            },
            |turns| turns.answer(|i| i * 3),
        );
        assert_eq!(done, vec![0, 3, 6, 9, 12]);
    }

    #[test]
    fn a_held_core_is_waited_for_until_released_and_a_free_one_not_at_all() {
        SecondCore::free().wait();
        let core = SecondCore::held();
        let released = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|scope| {
            scope.spawn(|| {
                std::thread::sleep(std::time::Duration::from_millis(50));
                released.store(true, Ordering::SeqCst);
                let _releasing = core.release_on_drop();
            });
            core.wait();
            assert!(released.load(Ordering::SeqCst));
        });
    }

    #[test]
    fn a_waiter_that_no_longer_wants_the_core_stops_waiting_when_nudged() {
        let core = SecondCore::held();
        let wanted = std::sync::atomic::AtomicBool::new(true);
        std::thread::scope(|scope| {
            scope.spawn(|| {
                std::thread::sleep(std::time::Duration::from_millis(50));
                wanted.store(false, Ordering::SeqCst);
                core.nudge();
            });
            assert!(!core.wait_while(|| wanted.load(Ordering::SeqCst)));
        });
        core.release();
        assert!(core.wait_while(|| false));
    }

    #[test]
    fn a_core_is_released_when_its_holder_panics() {
        let core = SecondCore::held();
        let panicked = std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    let _releasing = core.release_on_drop();
                    panic!("the holder failed");
                })
                .join()
                .is_err()
        });
        assert!(panicked);
        core.wait();
    }
}
