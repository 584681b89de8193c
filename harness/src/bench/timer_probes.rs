//! Timer probes, per strategy (for a scenario whose bench measures
//! [`BenchMeasure::TimerProbes`]):
//! - `<scenario>_lateness`: how long after its 1 ms deadline a timer's action runs; the time
//!   criterion reports per iteration IS the lateness.
//! - `<scenario>_cancel`: from `cancel()` on a 5 ms timer to its thread's end (joined); for the
//!   sleeping strategies that is the rest of the delay, for condvar/channel an immediate wake.
//!   When the timer wins the race anyway (main or the timer thread descheduled for 5 ms, as
//!   happens on a loaded 2-core VM), `cancel()` correctly says `false`: that attempt is not a
//!   cancel and is not timed; it is retried and counted, and the count is printed.
//!
//! [`super::bench_scenario`] cannot measure these (a run's wall time is mostly the seed's
//! sleeps), so this uses each strategy's `timer_probes`.
//!
//! [`BenchMeasure::TimerProbes`]: scenarios::BenchMeasure::TimerProbes

use std::time::Duration;

use criterion::{BenchmarkId, Criterion};

use scenarios::catalogue::TimerProbes;
use scenarios::{Scenario, Strategy};

fn probes(scenario: &Scenario, strategy: &Strategy) -> TimerProbes {
    strategy.timer_probes.unwrap_or_else(|| {
        panic!("{} strategy `{}` has no bench probes", scenario.name, strategy.name)
    })
}

/// Benchmark every strategy of `scenario` with its timer probes.
pub fn bench_timer_probes(c: &mut Criterion, scenario: &'static Scenario) {
    let delay = Duration::from_millis(1);
    let lateness = format!("{}_lateness", scenario.name);
    let mut group = c.benchmark_group(&lateness);
    for strategy in scenario.strategies {
        let probe = probes(scenario, strategy);
        let mut ran = false;
        let mut noise = crate::bench::noise::NoiseRecorder::start();
        group.bench_function(BenchmarkId::new(strategy.name, "1ms"), |b| {
            ran = true;
            b.iter_custom(|i| noise.record(i, (0..i).map(|_| (probe.lateness)(delay)).sum()))
        });
        if ran {
            crate::bench::write_provenance(scenario, strategy, &lateness, "1ms");
        }
        noise.finish(&lateness, strategy.name, "1ms");
    }
    group.finish();

    let delay = Duration::from_millis(5);
    let cancel = format!("{}_cancel", scenario.name);
    let mut group = c.benchmark_group(&cancel);
    for strategy in scenario.strategies {
        let probe = probes(scenario, strategy);
        let mut races = CancelRaces::default();
        let mut ran = false;
        let mut noise = crate::bench::noise::NoiseRecorder::start();
        group.bench_function(BenchmarkId::new(strategy.name, "5ms"), |b| {
            ran = true;
            b.iter_custom(|i| {
                noise.record(
                    i,
                    (0..i).map(|_| races.cancel(&probe, &cancel, strategy.name, delay)).sum(),
                )
            })
        });
        if ran {
            crate::bench::write_provenance(scenario, strategy, &cancel, "5ms");
        }
        noise.finish(&cancel, strategy.name, "5ms");
        if races.lost > 0 {
            println!(
                "  {cancel}/{}: the timer fired before cancel() in {} of {} attempts \
                 (retried, not timed)",
                strategy.name,
                races.lost,
                races.attempts()
            );
        }
    }
    group.finish();
}

/// Cancels that lost the race to the deadline, and how many won.
#[derive(Default)]
struct CancelRaces {
    won: u64,
    lost: u64,
}

impl CancelRaces {
    /// More lost races in a row than this is no longer scheduling noise: the strategy's
    /// cancel does not work, and the bench says so instead of looping.
    const MAX_LOST_IN_A_ROW: u32 = 100;

    /// One timed cancel, retrying the attempts where the timer fired first.
    fn cancel(
        &mut self,
        probe: &TimerProbes,
        group: &str,
        strategy: &str,
        delay: Duration,
    ) -> Duration {
        for _ in 0..Self::MAX_LOST_IN_A_ROW {
            match (probe.cancel_latency)(delay) {
                Some(took) => {
                    self.won += 1;
                    return took;
                }
                None => self.lost += 1,
            }
        }
        panic!(
            "{}/{}: {} timers of {delay:?} in a row fired before an immediate cancel()",
            group,
            strategy,
            Self::MAX_LOST_IN_A_ROW
        );
    }

    fn attempts(&self) -> u64 {
        self.won + self.lost
    }
}
