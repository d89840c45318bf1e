//! Commits of a walk's main line read ahead on a core the rest of the run has left idle.
//!
//! A cold identity index reads every commit of the history ([`super::identity_index`]): two
//! thirds of its time is reading them (finding each in its pack, inflating it). Beside it the
//! window's history pass keeps the other core busy, but not always to the end: on coreboot it
//! is done 250 ms into an 800 ms cold check, and the core then waits for the index. Once that
//! core is free, a thread reads the walk's main line (each commit's first parent, the one run
//! of commits known before the walk comes to them) ahead of the walk, which takes each one's
//! bytes from it and reads everything else itself. Only where the bytes come from changes: the
//! walk, its order and its answers are the same.
//!
//! The reader starts only when the core is free ([`SecondCore`]): started beside a busy core it
//! made a third thread on two cores (kubernetes/autoscaler 1.10x, measured). Commits are handed
//! over [`BATCH`] at a time (one at a time, the two threads woke each other for every commit:
//! 30,000 context switches on coreboot) and at most [`AHEAD`] wait. The walk waits for the
//! reader only for its main line's next commit, and only once the reader has started; a commit
//! the reader sends that the walk read itself meanwhile is dropped.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use git2::{Odb, Oid};

use super::objects::first_parent;
use crate::side_by_side::SecondCore;

/// The most commits waiting in the hand-over (a batch more is being read, and one taken
/// from): a few hundred KB of ordinary commits.
const AHEAD: usize = 256;
/// Commits handed over at once.
const BATCH: usize = 32;
/// The largest commit whose bytes are held for the walk: a larger one (a hostile repository's
/// megabytes of message) is handed over as its id alone and the walk reads it itself, so that
/// what waits stays within `(AHEAD + 2 * BATCH) * MAX_HELD` (20 MiB) whatever the commits
/// weigh.
const MAX_HELD: usize = 64 * 1024;

/// What a walk and its reader share.
pub struct Line<'c> {
    /// Free once the rest of the run no longer needs it.
    core: &'c SecondCore,
    /// The walk's next main-line commit, where the reader starts.
    next: Mutex<Option<Oid>>,
    started: AtomicBool,
    walk_ended: AtomicBool,
}

impl<'c> Line<'c> {
    pub fn new(core: &'c SecondCore, first: Oid) -> Line<'c> {
        Line {
            core,
            next: Mutex::new(Some(first)),
            started: AtomicBool::new(false),
            walk_ended: AtomicBool::new(false),
        }
    }
}

/// Commits in the line's order, each with its bytes unless they are over [`MAX_HELD`].
type Batch = Vec<(Oid, Option<Vec<u8>>)>;

/// The walk's end: the main line's commits, in its order, once the reader has started.
pub struct ReadAhead<'s> {
    line: &'s Line<'s>,
    received: Receiver<Batch>,
    /// Received and not yet taken, the next one last.
    waiting: Batch,
    /// Whether the reader has stopped sending.
    ended: bool,
}

impl<'s> ReadAhead<'s> {
    /// Starts the reader on a thread of `scope`, reading through the handle `open` gives once
    /// `line`'s core is free (not before: a handle holds its packs open); it ends with the main
    /// line, when there is no handle, or when the walk's end is dropped.
    pub fn start<'env>(
        scope: &'s std::thread::Scope<'s, 'env>,
        line: &'s Line<'s>,
        open: impl FnOnce() -> Option<Odb<'static>> + Send + 's,
    ) -> ReadAhead<'s> {
        let (send, received) = sync_channel(AHEAD / BATCH);
        let spawned = std::thread::Builder::new()
            .name("ownlint-ahead".to_string())
            .spawn_scoped(scope, move || {
                if !line
                    .core
                    .wait_while(|| !line.walk_ended.load(Ordering::Acquire))
                {
                    return;
                }
                let Some(start) = *line.next.lock().unwrap_or_else(|e| e.into_inner()) else {
                    return;
                };
                let Some(odb) = open() else {
                    return;
                };
                line.started.store(true, Ordering::Release);
                read_line(&odb, start, &send);
            });
        ReadAhead {
            line,
            received,
            waiting: Vec::new(),
            // No thread: the walk reads everything itself.
            ended: spawned.is_err(),
        }
    }

    /// The walk's main line goes on with `next` (none: it ends).
    pub fn moved_on(&self, next: Option<Oid>) {
        *self.line.next.lock().unwrap_or_else(|e| e.into_inner()) = next;
    }

    /// The bytes of `id`, the walk's next main-line commit, once the reader has started,
    /// skipping what the walk has `already` read itself; `None` before then, when the reader's
    /// line does not reach `id`, or when it did not keep `id`'s bytes (the walk reads it).
    pub fn take(&mut self, id: Oid, already: impl Fn(Oid) -> bool) -> Option<Vec<u8>> {
        if !self.line.started.load(Ordering::Acquire) {
            return None;
        }
        loop {
            if self.waiting.is_empty() {
                if self.ended {
                    return None;
                }
                match self.received.recv() {
                    Ok(mut batch) => {
                        batch.reverse();
                        self.waiting = batch;
                    }
                    Err(_) => {
                        self.ended = true;
                        return None;
                    }
                }
            }
            let (next, _) = self.waiting.last()?;
            if *next == id {
                return self.waiting.pop().and_then(|(_, data)| data);
            }
            if !already(*next) {
                return None;
            }
            self.waiting.pop();
        }
    }
}

impl Drop for ReadAhead<'_> {
    /// A reader still waiting for the core gives up; one reading stops at its next hand-over.
    fn drop(&mut self) {
        self.line.walk_ended.store(true, Ordering::Release);
        self.line.core.nudge();
    }
}

/// Reads `start` and its first parents, handing them over in order, until the line ends, a
/// commit is missing (a shallow or partial clone: the walk finds it so too) or the walk no
/// longer listens.
fn read_line(odb: &Odb, start: Oid, send: &SyncSender<Batch>) {
    let mut at = Some(start);
    let mut batch = Vec::with_capacity(BATCH);
    while let Some(id) = at {
        let Ok(object) = odb.read(id) else {
            break;
        };
        let data = object.data();
        at = first_parent(data);
        batch.push((id, (data.len() <= MAX_HELD).then(|| data.to_vec())));
        if batch.len() == BATCH {
            if send.send(std::mem::take(&mut batch)).is_err() {
                return;
            }
            batch.reserve(BATCH);
        }
    }
    if !batch.is_empty() {
        let _ = send.send(batch);
    }
}
