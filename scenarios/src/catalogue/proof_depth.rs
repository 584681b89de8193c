//! How far a scenario's loom model may grow: the sizes the proof-depth step (`threadlab
//! all`) checks a Correct strategy at, smallest first.

use super::Params;

/// The (threads, ops) sizes a scenario's model takes in the proof-depth step, smallest
/// first; [`Params::limit`] stays the loom configuration's. Each size must keep every
/// strategy of the scenario within loom's five threads, main included, counting every
/// thread spawned in one execution, helpers too: loom never reuses a finished thread's
/// slot, and a model that spawns a sixth aborts the whole process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DepthLadder {
    /// (threads, ops), in the scenario's own meaning of each (workers, pairs, timers...).
    pub sizes: &'static [(usize, usize)],
}

impl DepthLadder {
    /// The ladder's sizes as parameters, with `limit` as the third knob.
    pub fn sizes(&self, limit: usize) -> Vec<Params> {
        self.sizes.iter().map(|&(threads, ops)| Params { threads, ops, limit }).collect()
    }

    /// Whether each size is larger than every one before it: no more work in total is never
    /// taken for a step up, and no size repeats or shrinks both knobs.
    pub fn grows(&self) -> bool {
        self.sizes.iter().enumerate().all(|(i, &(t, o))| {
            self.sizes[..i].iter().all(|&(bt, bo)| bt + bo <= t + o && (bt, bo) != (t, o))
                && self.sizes[..i].iter().all(|&(bt, bo)| !(t <= bt && o <= bo))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ladder_grows_when_no_size_is_below_one_before_it() {
        let good = DepthLadder { sizes: &[(2, 1), (2, 2), (3, 1), (2, 3), (3, 2), (3, 3)] };
        assert!(good.grows());
        assert!(!DepthLadder { sizes: &[(2, 2), (2, 1)] }.grows());
        assert!(!DepthLadder { sizes: &[(3, 1), (2, 1)] }.grows());
        assert!(!DepthLadder { sizes: &[(2, 1), (2, 1)] }.grows());
        assert!(good.sizes(7).iter().all(|p| p.limit == 7));
    }

    #[test]
    fn every_ladder_in_the_catalogue_grows() {
        for scenario in crate::catalogue() {
            if let Some(ladder) = &scenario.loom.depth {
                assert!(ladder.grows(), "{}: {:?}", scenario.name, ladder.sizes);
                assert!(!ladder.sizes.is_empty(), "{}", scenario.name);
            }
        }
    }
}
