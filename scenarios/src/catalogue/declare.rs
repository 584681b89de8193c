//! One declaration per strategy: what a strategy says about itself, and how its scenario
//! turns a type into a catalogue entry.
//!
//! A strategy file writes its [`About`] once (`source: file!()`, so no path is typed by
//! hand) and hands it, with its type, to its scenario's `strategy::<T>` (e.g.
//! [`crate::shared_counter::strategy`]). The scenario adds what follows from the type: the
//! `run`, `run_batch` and `run_for` drivers instantiated for `T`, and facts its trait
//! declares (an event's [`EventOffers`], a timer's [`TimerProbes`]). The builder methods
//! below state what a strategy adds or lacks beyond that.

use std::time::Duration;

use super::{Bound, EventOffers, Expectation, LoomModel, Outcome, Params, Run, Strategy};

/// What a strategy says about itself, written once in its own file.
#[derive(Debug, Clone, Copy)]
pub struct About {
    /// Machine name, unique within its scenario, e.g. `atomic`.
    pub name: &'static str,
    /// The file the strategy's code lives in: write `file!()`.
    pub source: &'static str,
    /// One line: what this strategy does.
    pub summary: &'static str,
    /// Correct, or broken on purpose with the kind of violation it must show.
    pub expectation: Expectation,
    /// How (and whether) loom can check it.
    pub loom: LoomModel,
}

/// A timer strategy's bench measurements (see [`crate::timer::Timer`]), filled in by
/// [`crate::timer::strategy`] from the timer's type.
#[derive(Debug, Clone, Copy)]
pub struct TimerProbes {
    /// Start a timer of `delay`; return how long after its deadline the action ran.
    pub lateness: fn(Duration) -> Duration,
    /// Start a timer of `delay`, cancel it at once; return the time from the cancel call
    /// until the timer's thread has ended (joined), or `None` when `cancel()` said the
    /// timer had already fired. "At once" is not a promise on a busy machine: if main or
    /// the timer thread is descheduled for longer than `delay`, the timer correctly wins.
    pub cancel_latency: fn(Duration) -> Option<Duration>,
}

impl Strategy {
    /// A strategy whose one run is the plain function `run`: no batched or timed form, no
    /// calibration bound, no further facts (add them with the methods below).
    pub const fn from_fn(about: About, run: fn(&Params) -> Run) -> Strategy {
        Strategy {
            name: about.name,
            source: about.source,
            also_sources: &[],
            bound: None,
            summary: about.summary,
            expectation: about.expectation,
            loom: about.loom,
            run,
            run_batch: None,
            run_for: None,
            offers: None,
            timer_probes: None,
            needs_reordering: None,
        }
    }

    /// The calibration probe that bounds this strategy's cost.
    pub const fn bound(mut self, bound: Option<Bound>) -> Strategy {
        self.bound = bound;
        self
    }

    /// Further files the strategy's own code lives in, relative to the workspace root
    /// (beside [`About::source`]).
    pub const fn also_reads(mut self, sources: &'static [&'static str]) -> Strategy {
        self.also_sources = sources;
        self
    }

    /// Its batched form, for the stress mode (see [`Strategy::run_batch`]).
    pub const fn batch(mut self, run_batch: fn(&Params, usize) -> Vec<Outcome>) -> Strategy {
        self.run_batch = Some(run_batch);
        self
    }

    /// Its timed form, for the fairness measurement (see [`Strategy::run_for`]).
    pub const fn timed(mut self, run_for: fn(&Params, Duration) -> Vec<u64>) -> Strategy {
        self.run_for = Some(run_for);
        self
    }

    /// No batched form, though its scenario's driver has one; the caller says why.
    pub const fn without_batch(mut self) -> Strategy {
        self.run_batch = None;
        self
    }

    /// No timed form, though its scenario's driver has one; the caller says why.
    pub const fn without_timed(mut self) -> Strategy {
        self.run_for = None;
        self
    }

    /// Which parts of Python's `Event` it offers (event strategies).
    pub const fn offering(mut self, offers: EventOffers) -> Strategy {
        self.offers = Some(offers);
        self
    }

    /// The reordering its bug needs (a Broken strategy whose bug is weak memory).
    pub const fn needing(mut self, reordering: super::Reordering) -> Strategy {
        self.needs_reordering = Some(reordering);
        self
    }

    /// Its timer bench measurements (timer strategies).
    pub const fn probed(mut self, probes: TimerProbes) -> Strategy {
        self.timer_probes = Some(probes);
        self
    }

    /// Every file the strategy's own code lives in: [`About::source`] first, each relative
    /// to its workspace (see `declare::workspace_relative`).
    pub fn sources(&self) -> Vec<&'static str> {
        std::iter::once(self.source)
            .chain(self.also_sources.iter().copied())
            .map(workspace_relative)
            .collect()
    }
}

/// `path` relative to threadlab's workspace where it lies inside it: `file!()` names a
/// built-in strategy's file relative to the workspace when threadlab builds itself, but
/// absolutely when the crate is a path dependency of a user's crate.
pub fn workspace_relative(path: &'static str) -> &'static str {
    let workspace = env!("CARGO_MANIFEST_DIR").rsplit_once('/').map_or("", |(w, _)| w);
    match path.strip_prefix(workspace).and_then(|p| p.strip_prefix('/')) {
        Some(inside) if !workspace.is_empty() => inside,
        _ => path,
    }
}
