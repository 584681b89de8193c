//! The proof-depth step's plan: which strategies climb, and how one time budget is shared
//! out among them. Plain code (the loom search itself is `proof_depth_check`), so the
//! sharing is tested in the ordinary build.
//!
//! Every Correct strategy that loom models climbs its scenario's ladder
//! ([`scenarios::DepthLadder`]), one strategy after another. Each strategy's share is what
//! is left of the budget divided by the strategies left (so time a cheap model does not use
//! flows on to the dear ones), and each size may take all that is left of that share: a
//! size that cannot finish in it leaves nothing the next size could use. A size that does
//! not prove (not finished in time, a violation, loom's own limit) ends that strategy's
//! climb: the sizes above it are recorded as not tried.

use std::time::{Duration, Instant};

use scenarios::{Expectation, LoomModel, Params, Scenario, Strategy};
use threadlab_results::proof_depth::{DepthSize, SizeStatus};

/// One strategy's climb up its scenario's ladder.
pub struct Climb {
    pub scenario: &'static Scenario,
    pub strategy: &'static Strategy,
    /// The ladder, smallest first.
    pub ladder: Vec<Params>,
    /// What each size tried so far found, in ladder order.
    pub tried: Vec<DepthSize>,
}

impl Climb {
    /// Whether the climb goes on: every size so far proved and the ladder has more.
    pub fn climbing(&self) -> bool {
        self.tried.len() < self.ladder.len()
            && self.tried.last().is_none_or(|s| s.status == SizeStatus::Proved)
    }

    /// Every size of the ladder: those tried, then the rest as not tried.
    pub fn sizes(&self) -> Vec<DepthSize> {
        let untried = self.ladder[self.tried.len()..].iter().map(|p| DepthSize {
            threads: p.threads,
            ops: p.ops,
            limit: p.limit,
            status: SizeStatus::NotTried,
            executions: 0,
            seconds: 0.0,
            allowed_seconds: 0.0,
            message: None,
        });
        self.tried.iter().cloned().chain(untried).collect()
    }

    /// `shared_counter/atomic`.
    pub fn name(&self) -> String {
        format!("{}/{}", self.scenario.name, self.strategy.name)
    }
}

/// The climbs of every Correct strategy that loom models, in catalogue order, whose
/// scenario has a ladder and whose name contains `filter` (all when empty).
pub fn climbs(filter: &str) -> Vec<Climb> {
    let mut climbs = Vec::new();
    for &scenario in scenarios::catalogue() {
        let Some(ladder) = &scenario.loom.depth else { continue };
        for strategy in scenario.strategies {
            let modelled = !matches!(strategy.loom, LoomModel::NotModelled(_));
            let correct = strategy.expectation == Expectation::Correct;
            let name = format!("{}/{}", scenario.name, strategy.name);
            if modelled && correct && name.contains(filter) {
                let ladder = ladder.sizes(scenario.loom.params.limit);
                climbs.push(Climb { scenario, strategy, ladder, tried: Vec::new() });
            }
        }
    }
    climbs
}

/// Climb every ladder within `budget`, one strategy after another. `check` searches one
/// strategy at one size within the time it is given; `after` sees each climb after each of
/// its attempts.
pub fn climb_all(
    climbs: &mut [Climb],
    budget: Duration,
    mut check: impl FnMut(&Climb, Params, Duration) -> DepthSize,
    mut after: impl FnMut(&Climb),
) {
    let deadline = Instant::now() + budget;
    let count = climbs.len();
    for (done, climb) in climbs.iter_mut().enumerate() {
        let left = deadline.saturating_duration_since(Instant::now());
        let share_ends = Instant::now() + left / (count - done) as u32;
        while climb.climbing() {
            let allowed = share_ends.saturating_duration_since(Instant::now());
            let params = climb.ladder[climb.tried.len()];
            let result = check(climb, params, allowed);
            climb.tried.push(result);
            after(climb);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(params: Params, status: SizeStatus, allowed: Duration) -> DepthSize {
        DepthSize {
            threads: params.threads,
            ops: params.ops,
            limit: params.limit,
            status,
            executions: 1,
            seconds: 0.0,
            allowed_seconds: allowed.as_secs_f64(),
            message: None,
        }
    }

    #[test]
    fn only_correct_modelled_strategies_climb() {
        let all = climbs("");
        assert!(all.iter().any(|c| c.name() == "shared_counter/atomic"));
        assert!(!all.iter().any(|c| c.name() == "shared_counter/unsync"), "broken");
        assert!(!all.iter().any(|c| c.name() == "shared_counter/rayon"), "not modelled");
        assert!(all.iter().all(|c| !c.ladder.is_empty()));
        assert_eq!(climbs("shared_counter/atomic").len(), 1);
    }

    #[test]
    fn a_size_that_does_not_prove_ends_the_climb_and_the_rest_read_not_tried() {
        let mut climbs = climbs("shared_counter/atomic");
        let stop_at = climbs[0].ladder[2];
        let mut attempts = 0;
        climb_all(
            &mut climbs,
            Duration::from_secs(5),
            |_, params, allowed| {
                attempts += 1;
                let status =
                    if params == stop_at { SizeStatus::NotFinished } else { SizeStatus::Proved };
                outcome(params, status, allowed)
            },
            |_| {},
        );
        assert_eq!(attempts, 3, "nothing is tried after the size that did not finish");
        let sizes = climbs[0].sizes();
        assert_eq!(sizes.len(), climbs[0].ladder.len());
        assert_eq!(sizes[2].status, SizeStatus::NotFinished);
        assert!(sizes[3..].iter().all(|s| s.status == SizeStatus::NotTried));
    }

    #[test]
    fn unused_time_flows_to_the_attempts_after_it_and_no_share_passes_the_budget() {
        let mut climbs = climbs("shared_counter");
        assert!(climbs.len() >= 3);
        let budget = Duration::from_millis(300);
        let mut shares = Vec::new();
        climb_all(
            &mut climbs,
            budget,
            |_, params, allowed| {
                shares.push(allowed);
                outcome(params, SizeStatus::Proved, allowed)
            },
            |_| {},
        );
        let n = climbs.len() as u32;
        // The first strategy gets its share of the budget; as the cheap attempts spend
        // nothing, the last strategy gets nearly all of it.
        assert!(shares[0] <= budget / n);
        assert!(*shares.last().unwrap() > budget / 2);
        assert!(shares.iter().all(|s| *s <= budget));
        assert!(climbs.iter().all(|c| !c.climbing() && c.tried.len() == c.ladder.len()));
    }
}
