//! The in-flight memory budget of ingest: bytes, not requests.
//!
//! Every ingest request holds a [`Permit`] from the moment it is admitted until it is answered,
//! and grows it before each step that allocates: the body as it arrives, its decompressed form,
//! and the estimate of its decoded spans (`otlp::Shape::decoded_bytes`) before decoding. The
//! spans then wait for the writer and are committed under the same permit. So the sum of what
//! ingest holds — requests being read, decoded, queued for the writer or written — never passes
//! the capacity. A step that does not fit is refused at once (429 with `Retry-After`); nothing
//! waits for memory, so overload cannot pile up waiting requests either.
//!
//! ```text
//! capacity ├──────────────────────────────────────────────┤
//! in use   ├─ req A: body+decoded ─┼─ req B: body ─┼─ C ─┤   D: try_grow fails → 429
//! ```

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// A shared byte budget.
#[derive(Debug)]
pub struct Budget {
    capacity: usize,
    used: AtomicUsize,
    peak: AtomicUsize,
    refused: AtomicU64,
}

impl Budget {
    pub fn new(capacity: usize) -> Arc<Budget> {
        Arc::new(Budget {
            capacity,
            used: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
            refused: AtomicU64::new(0),
        })
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Bytes held by permits now.
    pub fn in_use(&self) -> usize {
        self.used.load(Ordering::Acquire)
    }

    /// The most ever held at once.
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::Acquire)
    }

    /// How many acquisitions or growths were refused.
    pub fn refused(&self) -> u64 {
        self.refused.load(Ordering::Acquire)
    }

    fn take(&self, n: usize) -> bool {
        let mut used = self.used.load(Ordering::Acquire);
        loop {
            let Some(next) = used.checked_add(n).filter(|next| *next <= self.capacity) else {
                self.refused.fetch_add(1, Ordering::AcqRel);
                return false;
            };
            match self
                .used
                .compare_exchange_weak(used, next, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => {
                    self.peak.fetch_max(next, Ordering::AcqRel);
                    return true;
                }
                Err(now) => used = now,
            }
        }
    }

    /// A permit for `n` bytes, or `None` when they are not free now.
    pub fn try_acquire(self: &Arc<Self>, n: usize) -> Option<Permit> {
        self.take(n).then(|| Permit {
            budget: Arc::clone(self),
            held: n,
        })
    }
}

/// Bytes held against a [`Budget`] until dropped.
#[derive(Debug)]
pub struct Permit {
    budget: Arc<Budget>,
    held: usize,
}

impl Permit {
    /// Holds `n` more bytes; false (holding what it held) when they are not free.
    pub fn try_grow(&mut self, n: usize) -> bool {
        if n == 0 {
            return true;
        }
        let ok = self.budget.take(n);
        if ok {
            self.held += n;
        }
        ok
    }

    /// Gives back all but `n` bytes.
    pub fn shrink_to(&mut self, n: usize) {
        if n < self.held {
            self.budget.used.fetch_sub(self.held - n, Ordering::AcqRel);
            self.held = n;
        }
    }

    pub fn held(&self) -> usize {
        self.held
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.budget.used.fetch_sub(self.held, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permits_hold_bytes_until_dropped() {
        let budget = Budget::new(100);
        let mut a = budget.try_acquire(60).unwrap();
        assert!(budget.try_acquire(41).is_none());
        assert!(!a.try_grow(41));
        assert_eq!(a.held(), 60);
        let b = budget.try_acquire(40).unwrap();
        assert_eq!((budget.in_use(), budget.peak()), (100, 100));
        a.shrink_to(10);
        assert_eq!(budget.in_use(), 50);
        assert!(a.try_grow(50));
        drop(a);
        drop(b);
        assert_eq!(budget.in_use(), 0);
        assert_eq!(budget.peak(), 100);
        assert_eq!(budget.refused(), 2);
    }

    #[test]
    fn concurrent_permits_never_pass_the_capacity() {
        let budget = Budget::new(1000);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for i in 0..10_000 {
                        if let Some(mut p) = budget.try_acquire(1 + i % 300) {
                            let _ = p.try_grow(i % 200);
                        }
                    }
                });
            }
        });
        assert!(budget.peak() <= 1000);
        assert_eq!(budget.in_use(), 0);
    }
}
