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
    let next = AtomicUsize::new(0);
    let take = |work: &dyn Fn(usize) -> T| {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= n {
                return done;
            }
            done.push((i, work(i)));
        }
    };
    let (mut done, more) = both(name, || take(&here), || take(&there));
    done.extend(more);
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, answer)| answer).collect()
}

/// Work found while it is being done: `produce` runs on this thread and hands items to its
/// [`Feed`] as it finds them; this thread (once `produce` returns) and, when `side_by_side`
/// and as soon as `second_core` is free, one more take them first come, first served, each
/// with state of its own (`setup`, run on each thread that answers, told whether it is the
/// one on the second core) and answer them with `answer`. The answers come back in the order
/// the items were fed.
///
/// What waits is bounded: when the items fed but not taken weigh more than `limit` (each its
/// weight as fed), this thread answers the oldest of them before it goes on producing.
pub fn feed_and_take<T: Send, A: Send, S>(
    name: &str,
    second_core: &SecondCore,
    side_by_side: bool,
    limit: usize,
    setup: impl Fn(bool) -> S + Sync,
    answer: impl Fn(&mut S, T) -> A + Sync,
    produce: impl FnOnce(&mut Feed<'_, T, A, S>),
) -> Vec<A> {
    let queue = Queue::new();
    let take_all = |state: &mut S| {
        let mut answers = Vec::new();
        while let Some((i, item)) = queue.take(true) {
            answers.push((i, answer(state, item)));
        }
        answers
    };
    std::thread::scope(|scope| {
        let other = side_by_side
            .then(|| {
                std::thread::Builder::new()
                    .name(name.to_string())
                    .spawn_scoped(scope, || {
                        if second_core.wait_while(|| !queue.finished()) {
                            take_all(&mut setup(true))
                        } else {
                            Vec::new()
                        }
                    })
                    .ok()
            })
            .flatten();
        let mut feed = Feed {
            queue: &queue,
            answer: &answer,
            state: setup(false),
            answers: Vec::new(),
            fed: 0,
            limit,
        };
        {
            let _closing = Closing(&queue, second_core);
            produce(&mut feed);
        }
        let mut answers = feed.answers;
        answers.extend(take_all(&mut feed.state));
        // Nothing is left to take: the other side need not wait for the core any longer.
        second_core.nudge();
        if let Some(other) = other {
            match other.join() {
                Ok(more) => answers.extend(more),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        answers.sort_unstable_by_key(|(i, _)| *i);
        debug_assert!(answers.iter().map(|(i, _)| *i).eq(0..feed.fed));
        answers.into_iter().map(|(_, answer)| answer).collect()
    })
}

/// What [`feed_and_take`]'s `produce` hands its items to.
pub struct Feed<'a, T, A, S> {
    queue: &'a Queue<T>,
    answer: &'a (dyn Fn(&mut S, T) -> A + Sync),
    state: S,
    answers: Vec<(usize, A)>,
    fed: usize,
    limit: usize,
}

impl<T, A, S> Feed<'_, T, A, S> {
    /// Hands over the next item, of `weight` (what counts against the limit); answers the
    /// oldest waiting items here first while those waiting weigh more than the limit.
    pub fn push(&mut self, item: T, weight: usize) {
        self.queue.push(self.fed, item, weight);
        self.fed += 1;
        while self.queue.weight() > self.limit {
            let Some((i, item)) = self.queue.take(false) else {
                break;
            };
            self.answers.push((i, (self.answer)(&mut self.state, item)));
        }
    }

    /// The weight of the items fed and not taken yet (what the tests watch).
    #[cfg(test)]
    fn waiting(&self) -> usize {
        self.queue.weight()
    }
}

/// The items of a [`feed_and_take`] not taken yet, oldest first, with their weight.
struct Queue<T> {
    state: Mutex<Waiting<T>>,
    more: Condvar,
}

struct Waiting<T> {
    items: std::collections::VecDeque<(usize, T, usize)>,
    weight: usize,
    /// No item will be fed any more.
    closed: bool,
}

impl<T> Queue<T> {
    fn new() -> Self {
        Queue {
            state: Mutex::new(Waiting {
                items: std::collections::VecDeque::new(),
                weight: 0,
                closed: false,
            }),
            more: Condvar::new(),
        }
    }

    /// Taken as it is when a thread panicked holding it: each change is made whole before any
    /// call that could panic.
    fn lock(&self) -> std::sync::MutexGuard<'_, Waiting<T>> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn push(&self, i: usize, item: T, weight: usize) {
        let mut waiting = self.lock();
        waiting.items.push_back((i, item, weight));
        waiting.weight += weight;
        drop(waiting);
        self.more.notify_one();
    }

    /// The oldest item, or `None` when there is none: at once, or with `wait`, once no item
    /// will be fed any more.
    fn take(&self, wait: bool) -> Option<(usize, T)> {
        let mut waiting = self.lock();
        loop {
            if let Some((i, item, weight)) = waiting.items.pop_front() {
                waiting.weight -= weight;
                return Some((i, item));
            }
            if waiting.closed || !wait {
                return None;
            }
            waiting = self.more.wait(waiting).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn weight(&self) -> usize {
        self.lock().weight
    }

    /// Whether every item was fed and taken.
    fn finished(&self) -> bool {
        let waiting = self.lock();
        waiting.closed && waiting.items.is_empty()
    }
}

/// Closes a [`Queue`] when dropped, however its producer ends; on a panic, the items still
/// waiting are dropped too, so that the other side stops at once.
struct Closing<'a, T>(&'a Queue<T>, &'a SecondCore);

impl<T> Drop for Closing<'_, T> {
    fn drop(&mut self) {
        let mut waiting = self.0.lock();
        waiting.closed = true;
        if std::thread::panicking() {
            waiting.items.clear();
            waiting.weight = 0;
        }
        drop(waiting);
        self.0.more.notify_all();
        self.1.nudge();
    }
}

/// The second core, while a piece of background work holds it (the identity index, beside the
/// window's history pass). Work that could use a second thread waits for it
/// ([`SecondCore::wait_while`]) rather than running three threads on two cores, which cost more
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

    /// Feeds `n` items (item `i` weighs `i % 3 + 1`), each answered `i * 10` after a pause,
    /// recording the threads that answered and the most weight ever seen waiting.
    fn fed(
        n: usize,
        core: &SecondCore,
        side_by_side: bool,
        limit: usize,
    ) -> (Vec<usize>, usize, usize) {
        let threads = Mutex::new(std::collections::HashSet::new());
        let mut most_waiting = 0;
        // Each thread's state is set up knowing whether it is the one on the second core.
        let here = std::thread::current().id();
        let second = move || std::thread::current().id() != here;
        let answers = feed_and_take(
            "ownlint-test",
            core,
            side_by_side,
            limit,
            |on_second_core| {
                assert_eq!(on_second_core, second());
                on_second_core
            },
            |on_second_core: &mut bool, i: usize| {
                assert_eq!(*on_second_core, second());
                threads.lock().unwrap().insert(std::thread::current().id());
                std::thread::sleep(std::time::Duration::from_micros(300));
                i * 10
            },
            |feed| {
                for i in 0..n {
                    feed.push(i, i % 3 + 1);
                    most_waiting = most_waiting.max(feed.waiting());
                    // Producing takes time too, so that the other side takes items meanwhile.
                    std::thread::sleep(std::time::Duration::from_micros(100));
                }
            },
        );
        let threads = threads.lock().unwrap().len();
        (answers, threads, most_waiting)
    }

    #[test]
    fn fed_items_come_back_in_order_whichever_thread_answered() {
        for n in [0, 1, 2, 7, 100] {
            let (answers, threads, _) = fed(n, &SecondCore::free(), true, usize::MAX);
            assert_eq!(answers, (0..n).map(|i| i * 10).collect::<Vec<_>>());
            assert!(threads <= 2);
            if n == 100 {
                // Answering is slower than producing: the other side took items.
                assert_eq!(threads, 2);
            }
        }
        let (answers, threads, _) = fed(50, &SecondCore::free(), false, usize::MAX);
        assert_eq!(answers, (0..50).map(|i| i * 10).collect::<Vec<_>>());
        assert_eq!(threads, 1);
    }

    #[test]
    fn a_held_core_leaves_every_item_here_and_what_waits_stays_bounded() {
        let core = SecondCore::held();
        let (answers, threads, most_waiting) = fed(100, &core, true, 10);
        assert_eq!(answers, (0..100).map(|i| i * 10).collect::<Vec<_>>());
        assert_eq!(threads, 1);
        assert!(most_waiting <= 10, "{most_waiting}");
        // Unbounded, everything waits until production ends.
        let (_, _, most_waiting) = fed(100, &core, true, usize::MAX);
        assert_eq!(most_waiting, (0..100).map(|i| i % 3 + 1).sum::<usize>());
    }

    #[test]
    fn a_core_released_midway_lets_the_other_side_take_the_rest() {
        let core = SecondCore::held();
        let threads = Mutex::new(std::collections::HashSet::new());
        let answers = feed_and_take(
            "ownlint-test",
            &core,
            true,
            usize::MAX,
            |_| (),
            |_, i: usize| {
                threads.lock().unwrap().insert(std::thread::current().id());
                std::thread::sleep(std::time::Duration::from_micros(300));
                i
            },
            |feed| {
                for i in 0..200 {
                    if i == 100 {
                        core.release();
                    }
                    feed.push(i, 1);
                    std::thread::sleep(std::time::Duration::from_micros(100));
                }
            },
        );
        assert_eq!(answers, (0..200).collect::<Vec<_>>());
        assert_eq!(threads.lock().unwrap().len(), 2);
    }

    #[test]
    fn a_panic_while_feeding_is_raised_here_and_the_other_side_stops() {
        // The core stays held: the other side waits for it while items wait, and must stop
        // waiting once the producer is gone, or this test never ends.
        let core = SecondCore::held();
        let caught = std::panic::catch_unwind(|| {
            feed_and_take(
                "ownlint-test",
                &core,
                true,
                usize::MAX,
                |_| (),
                |_, i: usize| i,
                |feed| {
                    feed.push(1, 1);
                    panic!("producing failed");
                },
            )
        });
        assert!(caught.is_err());
        // And a panic while answering on the other side is raised here too.
        let caught = std::panic::catch_unwind(|| {
            feed_and_take(
                "ownlint-test",
                &SecondCore::free(),
                true,
                usize::MAX,
                |_| (),
                |_, i: usize| -> usize {
                    if std::thread::current().name() == Some("ownlint-test") {
                        panic!("answering failed");
                    }
                    std::thread::sleep(std::time::Duration::from_millis(1));
                    i
                },
                |feed| {
                    for i in 0..100 {
                        feed.push(i, 1);
                        std::thread::sleep(std::time::Duration::from_micros(200));
                    }
                },
            )
        });
        assert!(caught.is_err());
    }

    #[test]
    fn a_held_core_is_waited_for_until_released_and_a_free_one_not_at_all() {
        assert!(SecondCore::free().wait_while(|| false));
        let core = SecondCore::held();
        let released = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|scope| {
            scope.spawn(|| {
                std::thread::sleep(std::time::Duration::from_millis(50));
                released.store(true, Ordering::SeqCst);
                let _releasing = core.release_on_drop();
            });
            assert!(core.wait_while(|| true));
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
        assert!(core.wait_while(|| false));
    }
}
