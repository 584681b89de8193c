//! `sharded`: one cache-padded slot per thread, summed after the join.
//!
//! Each worker increments only its own slot, so no two threads ever write the same memory:
//! a plain load-then-store is safe because each slot has a single writer. `CachePadded`
//! puts every slot on its own cache line, so workers never invalidate each other's lines
//! (no false sharing) and throughput scales with cores. The join publishes every slot to
//! the reader. Correct, at the price of a read that is only exact once the writers stop.

use crossbeam_utils::CachePadded;

use super::Counter;
use crate::catalogue::{About, Expectation, LoomModel, Strategy};
use crate::sync::atomic::{AtomicU64, Ordering};

pub struct ShardedCounter {
    slots: Vec<CachePadded<AtomicU64>>,
}

impl Counter for ShardedCounter {
    fn new(threads: usize) -> Self {
        Self { slots: (0..threads).map(|_| CachePadded::new(AtomicU64::new(0))).collect() }
    }

    fn add_one(&self, slot: usize) {
        let mine = &self.slots[slot];
        // Only this thread writes this slot, so load-then-store loses nothing.
        mine.store(mine.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
    }

    fn finish(self) -> u64 {
        self.slots.iter().map(|slot| slot.load(Ordering::Relaxed)).sum()
    }
}

pub const STRATEGY: Strategy = super::strategy::<ShardedCounter>(About {
    name: "sharded",
    source: file!(),
    summary: "a cache-padded slot per thread, each with one writer, summed after the join",
    expectation: Expectation::Correct,
    loom: LoomModel::Real,
})
.bound(super::OWN_MEMORY);
