//! `threadlab calibrate`: what this machine can do at best, so every benchmark can say how
//! far it is from the hardware.
//!
//! Each probe runs many samples of a fixed window ([`WINDOW`], shorter than a scheduler time
//! slice), each counting the operations it completed; the result file keeps the minimum
//! (the machine's limit), the median and the maximum, in nanoseconds per operation, under `target/threadlab/calibration.json` (its format:
//! `threadlab_results::calibration`).

mod probes;
pub mod seed_python;

use std::path::Path;
use threadlab_results::ResultFile;

use scenarios::catalogue::CalibrationBudget;
use threadlab_results::calibration::{Calibration, ProbeResult};
use threadlab_results::noise::{Noise, NoiseSampler};

pub use probes::PROBES;

/// How long one sample runs: shorter than a scheduler time slice, so a sample in which a
/// thread was descheduled is one slow sample, not a slow probe.
pub const WINDOW: std::time::Duration = std::time::Duration::from_millis(1);

/// Samples every probe takes, however long they last.
pub const MIN_SAMPLES: usize = 5;

/// Run one probe up to `samples` times within `budget` (at least [`MIN_SAMPLES`] times,
/// after one warm-up sample) and summarise, with the outside CPU share while it ran and
/// its samples' spread.
pub fn run_probe(
    probe: &probes::Probe,
    samples: usize,
    window: std::time::Duration,
    budget: std::time::Duration,
) -> ProbeResult {
    let sampler = NoiseSampler::start();
    (probe.sample)(window);
    let started = std::time::Instant::now();
    let mut taken: Vec<probes::Sample> = Vec::new();
    while taken.len() < samples.max(1)
        && (taken.len() < MIN_SAMPLES.min(samples) || started.elapsed() < budget)
    {
        taken.push((probe.sample)(window));
    }
    taken.sort_by(|a, b| a.ns_per_op().total_cmp(&b.ns_per_op()));
    let median = taken[taken.len() / 2];
    let costs: Vec<f64> = taken.iter().map(probes::Sample::ns_per_op).collect();
    ProbeResult {
        name: probe.name.to_owned(),
        operation: probe.operation.to_owned(),
        median_ns: median.ns_per_op(),
        min_ns: taken[0].ns_per_op(),
        max_ns: taken[taken.len() - 1].ns_per_op(),
        samples: taken.len(),
        ops_per_sample: median.ops,
        window_us: Some(window.as_micros() as u64),
        pinned: (probe.threads > 1).then(|| taken.iter().all(|s| s.pinned)),
        noise: Some(sampler.finish(&costs)),
    }
}

/// Run every probe with a progress bar within `settings` (a row of the budget table,
/// [`scenarios::catalogue::Budget`]), write the result file, and return the results.
pub fn calibrate(
    workspace: &Path,
    results_root: &Path,
    settings: &CalibrationBudget,
) -> anyhow::Result<(Calibration, std::path::PathBuf)> {
    let machine = crate::machine::describe();
    let sampler = NoiseSampler::start();
    let bar = indicatif::ProgressBar::new(PROBES.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("calibrating [{bar:30}] {pos}/{len} {msg}")
            .expect("the template is valid"),
    );
    let mut results = Vec::new();
    for probe in PROBES {
        bar.set_message(probe.name);
        results.push(run_probe(probe, settings.samples, WINDOW, settings.probe_budget));
        bar.inc(1);
    }
    bar.set_message("seed counter: Python vs Rust");
    let (seed_comparison, python_status) = seed_python::compare(workspace, settings.python_repeat);
    bar.finish_and_clear();
    let provenance = Some(crate::files::provenance("calibrate", None, None));
    let noise = Some(overall_noise(&sampler, &results));
    let calibration =
        Calibration { machine, probes: results, seed_comparison, python_status, noise, provenance };
    crate::children::refuse_if_stopping()?;
    let path = calibration.write_under(results_root)?;
    Ok((calibration, path))
}

/// The whole run's outside share, judged with the largest spread of any probe (a run is
/// noisy when the machine was busy overall or any probe's samples scattered).
fn overall_noise(sampler: &NoiseSampler, probes: &[ProbeResult]) -> Noise {
    let whole = sampler.finish(&[]);
    let spread = probes.iter().filter_map(|p| p.noise.as_ref()?.spread).max_by(f64::total_cmp);
    Noise::judge(whole.outside_share, spread, whole.seconds)
}

/// The probes as an aligned table.
pub fn table(calibration: &Calibration) -> String {
    let mut out = format!("machine: {}\n", calibration.machine.summary());
    out += &format!(
        "{:<26} {:>12} {:>12} {:>12}  {:<22} {}\n",
        "PROBE", "MEDIAN ns", "MIN ns", "MAX ns", "NOISE", "ONE OPERATION"
    );
    for p in &calibration.probes {
        out.push_str(&format!(
            "{:<26} {:>12.2} {:>12.2} {:>12.2}  {:<22} {}\n",
            p.name,
            p.median_ns,
            p.min_ns,
            p.max_ns,
            noise_cell(p.noise.as_ref()),
            p.operation
        ));
    }
    out += &format!("noise over the run: {}\n", Noise::describe(calibration.noise.as_ref()));
    out.push_str(&format!("\nseed lock counter, Python: {}\n", calibration.python_status));
    for c in &calibration.seed_comparison {
        let python = c.python_ns_per_increment;
        out.push_str(&format!(
            "{} ({} x {}): python {}\n",
            c.preset,
            c.threads,
            c.increments_per_thread,
            python.map_or("not run".to_owned(), |ns| format!("{ns:.1} ns/increment"))
        ));
        for r in &c.rust {
            let ratio = python
                .map(|p| format!("  ({:.0}x faster)", p / r.ns_per_increment))
                .unwrap_or_default();
            out.push_str(&format!(
                "    rust {:<12} {:>9.2} ns/increment{ratio}\n",
                r.strategy, r.ns_per_increment
            ));
        }
    }
    out
}

/// A probe's noise in a few characters: `quiet 3%`, `NOISY 38% x2.4`, `unknown`.
fn noise_cell(noise: Option<&Noise>) -> String {
    let Some(n) = noise else { return "unknown".to_owned() };
    let share = n.outside_share.map_or("?".to_owned(), |s| format!("{:.0}%", s * 100.0));
    let spread = n.spread.map_or(String::new(), |s| format!(" x{s:.1}"));
    format!("{} {share}{spread}", if n.noisy { "NOISY" } else { "quiet" })
}

/// The probe that bounds `strategy` (the catalogue's [`scenarios::Strategy::bound`]) by its
/// name in the calibration file, and why. The report divides a strategy's cost per element
/// by this probe's cost per operation.
pub fn bounding_probe(strategy: &scenarios::Strategy) -> Option<(&'static str, &'static str)> {
    strategy.bound.map(|bound| (bound.probe.name(), bound.why))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_probe_stops_at_its_budget_after_its_minimum_samples() {
        let probe = PROBES.iter().find(|p| p.name == "clock_read").unwrap();
        let window = std::time::Duration::from_millis(2);
        let budget = std::time::Duration::from_millis(20);
        let result = run_probe(probe, 1000, window, budget);
        // About budget / window samples (a slow sample ends the loop early, never late).
        assert!((MIN_SAMPLES..=11).contains(&result.samples), "{result:?}");
        let few = run_probe(probe, 1000, window, std::time::Duration::ZERO);
        assert_eq!(few.samples, MIN_SAMPLES, "{few:?}");
    }

    #[test]
    fn every_bounding_probe_the_catalogue_names_is_measured() {
        for probe in scenarios::BoundingProbe::ALL {
            assert!(PROBES.iter().any(|p| p.name == probe.name()), "no probe {}", probe.name());
        }
        let counter = scenarios::scenario("shared_counter").unwrap();
        let sharded = bounding_probe(counter.strategy("sharded").unwrap()).unwrap();
        assert_eq!(sharded.0, "uncontended_add");
        let io = scenarios::scenario("io_vs_cpu").unwrap();
        assert!(io.strategies.iter().all(|s| bounding_probe(s).is_none()));
    }

    #[test]
    fn every_probe_measures_a_positive_cost() {
        for probe in PROBES {
            let window = std::time::Duration::from_micros(300);
            let result = run_probe(probe, 3, window, std::time::Duration::ZERO);
            assert_eq!(result.samples, 3, "{result:?}");
            assert!(result.min_ns > 0.0, "{}: {result:?}", probe.name);
            assert!(result.min_ns <= result.median_ns && result.median_ns <= result.max_ns);
            assert_eq!(result.pinned.is_some(), probe.threads > 1, "{result:?}");
            let noise = result.noise.as_ref().expect("every probe records its noise");
            assert!(noise.spread.is_some_and(|s| s >= 1.0), "{noise:?}");
        }
    }
}
