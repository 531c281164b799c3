//! What a live listing (`trace list --follow`, `span list --follow`) prints, given what each
//! poll of the query API returned. Pure: pages and the time of each poll in, rows out, so the
//! rules are tested with explicit steps instead of waiting.
//!
//! Traces grow after they first appear: spans arrive as they end, the root usually last (and
//! some SDKs send it in a later request). So a trace "arrives" when it is complete:
//!
//! ```text
//! poll  spans  root  quiet for   printed?
//!  1     3     no    -           no: still growing
//!  2     7     no    1s          no
//!  3     8     yes   0s          no: just changed
//!  5     8     yes   2s          yes, once: quiet for `settle` with its root
//!  9     9     yes   2s          yes, again (an update): a late span changed its totals
//! ```
//!
//! A trace whose root never arrives is printed once it has been quiet for [`ORPHAN_WAIT`]. The
//! first poll is the baseline: what is already stored is not printed, but a trace of it that
//! changes later is (as an update when it was complete at the baseline). A trace that stops
//! matching the filters before it settles (`--status ok` and an error arrives) is not printed.
//!
//! Spans never change once stored, so a span arrives when it is first seen. Spans are looked
//! for in the traces that changed. Of a trace that was still growing at the baseline, the spans
//! stored then are remembered ([`SpanFollow::snapshot`]); of any other trace that was already
//! there, only spans that ended after following began are new.
//!
//! The poll window reaches back [`Window`] from now, and further to the start of any trace
//! that changed in the last [`ACTIVE_FOR`], so a long run stays in view until its root (which
//! started first) arrives.
//!
//! Memory is bounded: traces and spans are remembered in sets of fixed capacity that forget
//! the least recently seen first.

use std::collections::{HashMap, HashSet, VecDeque};
use std::hash::Hash;

use serde::Serialize;

use super::{Nanos, Span, SpanId, TraceId, TraceSummary};

/// How long a trace without its root must stay unchanged before it is printed anyway.
pub const ORPHAN_WAIT: i64 = 60_000_000_000;
/// A trace that changed this recently keeps the poll window open back to its start, so a long
/// run is still seen when its root (which started first) arrives.
pub const ACTIVE_FOR: i64 = 600_000_000_000;
/// Traces remembered at most.
pub const TRACE_CAPACITY: usize = 20_000;
/// Spans remembered at most.
pub const SPAN_CAPACITY: usize = 200_000;

/// How far back each poll looks for traces, by start time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// This many nanoseconds before the poll (`--range 15m`, or the default).
    Last(i64),
    /// From a fixed time on (`--from 2026-11-21T09:00:00Z`).
    Since(Nanos),
    /// Everything stored (`--range all`).
    All,
}

impl Window {
    /// The start of the window at `now`, reaching back to `anchor` (see
    /// [`TraceFollow::anchor`]) when that is earlier. `None`: no lower bound.
    pub fn from(self, now: Nanos, anchor: Option<Nanos>) -> Option<Nanos> {
        let from = match self {
            Window::Last(ns) => Nanos(now.0.saturating_sub(ns)),
            Window::Since(t) => t,
            Window::All => return None,
        };
        Some(anchor.map_or(from, |a| a.min(from)))
    }
}

/// A trace to print: complete, or changed since it was printed.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrival {
    pub summary: TraceSummary,
    /// It was printed (or stored complete before following began) and has changed since: this
    /// row supersedes the earlier one.
    pub update: bool,
}

/// A trace as `--follow --json` prints it: its summary, the models its calls used (most calls
/// first), and whether it supersedes an earlier line of the same trace.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FollowedTrace {
    #[serde(flatten)]
    pub summary: TraceSummary,
    pub models: Vec<String>,
    pub update: bool,
}

/// What is known about a trace from the polls.
#[derive(Debug, Clone)]
struct Known {
    span_count: u64,
    start: Nanos,
    has_root: bool,
    /// When its span count last changed (or when it was first seen).
    changed_at: Nanos,
    /// The poll it was last returned by.
    seen_poll: u64,
    /// Its current state has been printed (or was there at the baseline).
    printed: bool,
    /// A row of it was printed before (or it was complete at the baseline): the next is an
    /// update.
    printed_before: bool,
    /// It was stored before following began.
    baseline: bool,
    /// The latest summary, kept while it waits to be printed.
    summary: Option<TraceSummary>,
}

/// Follows traces across polls.
#[derive(Debug)]
pub struct TraceFollow {
    settle: i64,
    polls: u64,
    known: HashMap<TraceId, Known>,
    capacity: usize,
}

impl TraceFollow {
    /// `settle`: how long (ns) a trace with its root must be unchanged to count as complete.
    pub fn new(settle: i64) -> TraceFollow {
        TraceFollow {
            settle,
            polls: 0,
            known: HashMap::new(),
            capacity: TRACE_CAPACITY,
        }
    }

    #[cfg(test)]
    fn with_capacity(mut self, capacity: usize) -> TraceFollow {
        self.capacity = capacity;
        self
    }

    /// The earliest start time the next poll must reach back to, so that traces still arriving
    /// stay in its window: the earliest start of a trace that changed in the last
    /// [`ACTIVE_FOR`]. `None` when none did.
    pub fn anchor(&self, now: Nanos) -> Option<Nanos> {
        self.known
            .values()
            .filter(|k| now.0.saturating_sub(k.changed_at.0) < ACTIVE_FOR)
            .map(|k| k.start)
            .min()
    }

    /// True when the trace was stored before following began.
    pub fn is_baseline(&self, id: &TraceId) -> bool {
        self.known.get(id).is_some_and(|k| k.baseline)
    }

    /// Takes one poll's traces, seen at `now`, and returns those whose spans changed since the
    /// poll before (new ones included; none on the first poll, the baseline).
    pub fn observe(&mut self, traces: &[TraceSummary], now: Nanos) -> Vec<TraceId> {
        self.polls += 1;
        let baseline = self.polls == 1;
        let mut changed = Vec::new();
        for t in traces {
            match self.known.get_mut(&t.trace_id) {
                Some(k) => {
                    k.seen_poll = self.polls;
                    k.start = t.start_time;
                    let has_root = !t.is_missing_root();
                    if k.span_count != t.span_count || k.has_root != has_root {
                        k.span_count = t.span_count;
                        k.has_root = has_root;
                        k.changed_at = now;
                        k.printed = false;
                        changed.push(t.trace_id);
                    }
                    if !k.printed {
                        k.summary = Some(t.clone());
                    }
                }
                None => {
                    self.known.insert(
                        t.trace_id,
                        Known {
                            span_count: t.span_count,
                            start: t.start_time,
                            has_root: !t.is_missing_root(),
                            // A complete trace of the baseline does not hold the window open.
                            changed_at: if baseline && !t.is_missing_root() {
                                Nanos::MIN
                            } else {
                                now
                            },
                            seen_poll: self.polls,
                            printed: baseline,
                            printed_before: baseline && !t.is_missing_root(),
                            baseline,
                            summary: (!baseline).then(|| t.clone()),
                        },
                    );
                    if !baseline {
                        changed.push(t.trace_id);
                    }
                }
            }
        }
        self.forget();
        changed
    }

    /// Traces of the baseline that were still growing (no root yet), newest first, at most
    /// `max`: those whose spans are worth remembering before following spans.
    pub fn growing_at_baseline(&self, max: usize) -> Vec<TraceId> {
        let mut ids: Vec<(Nanos, TraceId)> = self
            .known
            .iter()
            .filter(|(_, k)| k.baseline && !k.has_root && k.printed)
            .map(|(id, k)| (k.start, *id))
            .collect();
        ids.sort_by(|a, b| b.cmp(a));
        ids.into_iter().take(max).map(|(_, id)| id).collect()
    }

    /// Traces returned by the last poll that are complete and not printed yet, oldest first;
    /// they count as printed from now on.
    pub fn settled(&mut self, now: Nanos) -> Vec<Arrival> {
        let (settle, poll) = (self.settle, self.polls);
        let mut out: Vec<Arrival> = self
            .known
            .values_mut()
            .filter(|k| {
                let quiet = now.0.saturating_sub(k.changed_at.0);
                let wait = if k.has_root {
                    settle
                } else {
                    settle.max(ORPHAN_WAIT)
                };
                !k.printed && k.seen_poll == poll && quiet >= wait
            })
            .filter_map(|k| {
                k.printed = true;
                let update = std::mem::replace(&mut k.printed_before, true);
                k.summary.take().map(|summary| Arrival { summary, update })
            })
            .collect();
        out.sort_by_key(|a| (a.summary.start_time, a.summary.trace_id));
        out
    }

    /// Forgets the least recently seen traces past the capacity (down to 90% of it, so this
    /// runs rarely).
    fn forget(&mut self) {
        if self.known.len() <= self.capacity {
            return;
        }
        let mut by_age: Vec<(u64, TraceId)> = self
            .known
            .iter()
            .map(|(id, k)| (k.seen_poll, *id))
            .collect();
        by_age.sort();
        let excess = self.known.len() - self.capacity * 9 / 10;
        for (_, id) in by_age.into_iter().take(excess) {
            self.known.remove(&id);
        }
    }
}

/// A set that remembers at most `capacity` items, forgetting the oldest first.
#[derive(Debug)]
pub struct BoundedSet<T: Hash + Eq + Copy> {
    items: HashSet<T>,
    order: VecDeque<T>,
    capacity: usize,
}

impl<T: Hash + Eq + Copy> BoundedSet<T> {
    pub fn new(capacity: usize) -> BoundedSet<T> {
        BoundedSet {
            items: HashSet::new(),
            order: VecDeque::new(),
            capacity: capacity.max(1),
        }
    }

    /// Adds an item; false when it was already there.
    pub fn insert(&mut self, item: T) -> bool {
        if !self.items.insert(item) {
            return false;
        }
        self.order.push_back(item);
        if self.order.len() > self.capacity
            && let Some(old) = self.order.pop_front()
        {
            self.items.remove(&old);
        }
        true
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn contains(&self, item: &T) -> bool {
        self.items.contains(item)
    }
}

/// Which spans of a poll are new.
#[derive(Debug)]
pub struct SpanFollow {
    seen: BoundedSet<(TraceId, SpanId)>,
    /// Baseline traces whose stored spans were remembered: what `seen` lacks of them is new.
    snapshots: BoundedSet<TraceId>,
    /// When following began: spans of other baseline traces that ended before it are not new.
    since: Nanos,
}

impl SpanFollow {
    pub fn new(since: Nanos) -> SpanFollow {
        SpanFollow {
            seen: BoundedSet::new(SPAN_CAPACITY),
            snapshots: BoundedSet::new(TRACE_CAPACITY),
            since,
        }
    }

    /// Remembers spans without printing them (what was there when following began).
    pub fn baseline(&mut self, spans: &[Span]) {
        for s in spans {
            self.seen.insert((s.trace_id, s.span_id));
        }
    }

    /// Remembers the spans a baseline trace had when following began, so that later ones are
    /// new however long ago they ended (a run in progress exports spans after they end).
    pub fn snapshot(&mut self, trace: TraceId, spans: &[Span]) {
        self.snapshots.insert(trace);
        self.baseline(spans);
    }

    /// The spans not seen before, in start order; of a trace that was there at the baseline
    /// and not snapshotted, only those that ended after following began.
    pub fn fresh(&mut self, spans: Vec<Span>, baseline_trace: bool) -> Vec<Span> {
        let mut out: Vec<Span> = spans
            .into_iter()
            .filter(|s| self.seen.insert((s.trace_id, s.span_id)))
            .filter(|s| {
                !baseline_trace || self.snapshots.contains(&s.trace_id) || s.end_time >= self.since
            })
            .collect();
        out.sort_by_key(|s| (s.start_time, s.span_id));
        out
    }
}

#[cfg(test)]
#[path = "follow_tests.rs"]
mod tests;
