//! Two pieces of work side by side: one on the calling thread, the other on a thread of its
//! own (this machine class has two cores, and a run's long single passes are what its wall
//! time is made of).
//!
//! Both pieces only read what they share; each returns what it found, and the caller puts the
//! two answers together in a fixed order, so the result never depends on which finished
//! first. When no thread can be started, the second piece runs here after the first: slower,
//! the same answer. A panic on the other thread is raised again here.

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
    let next = std::sync::atomic::AtomicUsize::new(0);
    let take = |work: &dyn Fn(usize) -> T| {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
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
}
