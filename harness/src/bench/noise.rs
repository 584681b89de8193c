//! The noise of one benchmark: the outside CPU share while criterion timed it and the
//! spread of its samples, written beside criterion's files
//! ([`threadlab_results::bench_noise`]).

use std::sync::Mutex;
use std::time::Duration;

use threadlab_results::noise::{Noise, NoiseSampler};

/// The noisiest benchmark of this bench target so far, for the one warning line its end
/// prints ([`warn_if_noisy`]).
static WORST: Mutex<Option<Noise>> = Mutex::new(None);

/// Started before a benchmark; each `iter_custom` call goes through [`NoiseRecorder::record`].
pub struct NoiseRecorder {
    sampler: NoiseSampler,
    /// Nanoseconds per iteration of each `iter_custom` call (criterion's samples and its
    /// warm-up calls).
    samples: Vec<f64>,
}

impl NoiseRecorder {
    pub fn start() -> NoiseRecorder {
        NoiseRecorder { sampler: NoiseSampler::start(), samples: Vec::new() }
    }

    /// Note one `iter_custom` call's `iters` iterations taking `timed`; returns `timed`.
    pub fn record(&mut self, iters: u64, timed: Duration) -> Duration {
        self.samples.push(timed.as_nanos() as f64 / iters.max(1) as f64);
        timed
    }

    /// Judge the benchmark `group/function/value` and write its noise beside criterion's
    /// files (nothing when criterion timed nothing: filtered out, `--test`, `--list`).
    pub fn finish(self, group: &str, function: &str, value: &str) -> Option<Noise> {
        if self.samples.is_empty() || super::criterion_is_only_listing_or_testing() {
            return None;
        }
        let noise = self.sampler.finish(&self.samples);
        let root = super::local_set().criterion_dir;
        let written =
            threadlab_results::bench_noise::write_noise(&root, group, function, value, &noise);
        if let Err(e) = written {
            eprintln!("threadlab: cannot write the noise beside criterion's: {e}");
        }
        if noise.noisy {
            println!("  {group}/{function}/{value}: {}", noise.summary());
        }
        let mut worst = WORST.lock().unwrap_or_else(|e| e.into_inner());
        let keep = match worst.as_ref() {
            Some(old) => Noise::worst([old, &noise]) == Some(&noise),
            None => true,
        };
        if keep {
            *worst = Some(noise.clone());
        }
        Some(noise)
    }
}

/// Print the warning line of the noisiest benchmark of this target, if any was noisy.
pub fn warn_if_noisy() {
    let worst = WORST.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(warning) = worst.as_ref().and_then(Noise::warning) {
        eprintln!("threadlab: {warning}");
    }
}
