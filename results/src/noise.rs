//! How busy the machine was *during* a measurement, as result files record it.
//!
//! A load average taken at the start says little about the seconds that follow. A
//! [`NoiseSampler`] reads the kernel's CPU-time counters when a measurement starts and
//! again when it ends; the difference, minus this process tree's own time, is the share of
//! all CPU time that other processes took meanwhile ([`Noise::outside_share`]). A result
//! whose outside share or sample spread passes a stated threshold is [`Noise::noisy`], with
//! the reasons in words.
//!
//! Linux only (`/proc/stat`, `/proc/self/stat`); elsewhere the share is `None`, read
//! "unknown", and never taken as quiet.

use std::time::Instant;

use serde::{Deserialize, Serialize};

/// Above this share of all CPU time taken by other processes, a measurement is noisy.
pub const OUTSIDE_SHARE_LIMIT: f64 = 0.10;

/// Above this ratio of the median sample to the fastest one, a measurement is noisy: the
/// typical sample was slowed by something the fastest escaped.
pub const SPREAD_LIMIT: f64 = 2.0;

/// The noise record every calibration, stress and benchmark result carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Noise {
    /// Share (0 to 1) of all CPU time over the run spent by processes outside this
    /// process tree; `None` where the counters cannot be read.
    pub outside_share: Option<f64>,
    /// Median sample over fastest sample, where the result has samples.
    pub spread: Option<f64>,
    /// Wall-clock seconds the sampler covered.
    pub seconds: f64,
    /// Whether either measure passed its limit.
    pub noisy: bool,
    /// Why it is noisy, one sentence per measure that passed its limit (empty when quiet).
    pub reasons: Vec<String>,
}

impl Noise {
    /// Judge an outside share and a spread against the limits.
    pub fn judge(outside_share: Option<f64>, spread: Option<f64>, seconds: f64) -> Noise {
        let mut reasons = Vec::new();
        if let Some(share) = outside_share.filter(|s| *s > OUTSIDE_SHARE_LIMIT) {
            reasons.push(format!(
                "{:.0}% of CPU time went to other processes (limit {:.0}%)",
                share * 100.0,
                OUTSIDE_SHARE_LIMIT * 100.0
            ));
        }
        if let Some(spread) = spread.filter(|s| *s > SPREAD_LIMIT) {
            reasons.push(format!(
                "the median sample took {spread:.1}x the fastest (limit {SPREAD_LIMIT:.1}x)"
            ));
        }
        Noise { outside_share, spread, seconds, noisy: !reasons.is_empty(), reasons }
    }

    /// The same judgement with a spread computed from `samples` (median over min).
    pub fn with_samples(&self, samples: &[f64]) -> Noise {
        Noise::judge(self.outside_share, spread_of(samples), self.seconds)
    }

    /// "quiet (3% outside)", "noisy: ...", or "outside share unknown".
    pub fn summary(&self) -> String {
        let share = self
            .outside_share
            .map_or("outside share unknown".to_owned(), |s| format!("{:.0}% outside", s * 100.0));
        if self.noisy {
            format!("noisy: {}", self.reasons.join("; "))
        } else {
            format!("quiet ({share})")
        }
    }

    /// [`Noise::summary`] of a record that may be missing: files written before noise was
    /// measured read "noise unknown".
    pub fn describe(noise: Option<&Noise>) -> String {
        noise.map_or_else(|| "noise unknown".to_owned(), Noise::summary)
    }

    /// The noisiest of `noises` (noisy before quiet, then the larger outside share), for a
    /// command that measured several results and prints one warning line.
    pub fn worst<'a>(noises: impl IntoIterator<Item = &'a Noise>) -> Option<&'a Noise> {
        noises.into_iter().max_by(|a, b| {
            let key = |n: &Noise| (n.noisy, n.outside_share.unwrap_or(0.0));
            let (ka, kb) = (key(a), key(b));
            ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
        })
    }

    /// Whether other processes took more than [`OUTSIDE_SHARE_LIMIT`] of the CPU time.
    pub fn busy(&self) -> bool {
        self.outside_share.is_some_and(|s| s > OUTSIDE_SHARE_LIMIT)
    }

    /// The one warning line a command prints after a noisy run, or `None` when quiet. Only
    /// an outside share over its limit says the machine was busy; a wide spread alone says
    /// the samples spread (some operations are bimodal on a quiet machine too, e.g. a wake-up
    /// that finds its thread spinning or asleep), and that the minimum is the figure to trust.
    pub fn warning(&self) -> Option<String> {
        if !self.noisy {
            return None;
        }
        let reasons = self.reasons.join("; ");
        Some(if self.busy() {
            format!("warning: the machine was busy: {reasons}; numbers are upper bounds")
        } else {
            format!(
                "warning: the samples spread widely: {reasons}; the minimum is the machine's \
                 limit, the median less certain"
            )
        })
    }
}

/// Median over minimum of positive samples; `None` with fewer than two.
pub fn spread_of(samples: &[f64]) -> Option<f64> {
    let mut sorted: Vec<f64> = samples.iter().copied().filter(|s| *s > 0.0).collect();
    if sorted.len() < 2 {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    Some(sorted[sorted.len() / 2] / sorted[0])
}

/// CPU-time counters at one instant, in clock ticks.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Counters {
    /// All CPUs' time, busy or idle.
    total: u64,
    /// All CPUs' busy time (everything but idle and iowait).
    busy: u64,
    /// This process's time plus its waited-for children's.
    own: u64,
}

/// Reads the counters at its start; [`NoiseSampler::finish`] judges the interval.
#[derive(Debug, Clone)]
pub struct NoiseSampler {
    started: Instant,
    at_start: Option<Counters>,
}

impl NoiseSampler {
    pub fn start() -> NoiseSampler {
        NoiseSampler { started: Instant::now(), at_start: read_counters() }
    }

    /// The outside share since [`NoiseSampler::start`], judged with `samples`' spread.
    pub fn finish(&self, samples: &[f64]) -> Noise {
        let seconds = self.started.elapsed().as_secs_f64();
        let share = match (self.at_start, read_counters()) {
            (Some(a), Some(b)) => outside_share(a, b),
            _ => None,
        };
        Noise::judge(share, spread_of(samples), seconds)
    }
}

fn outside_share(a: Counters, b: Counters) -> Option<f64> {
    let total = b.total.checked_sub(a.total).filter(|t| *t > 0)?;
    let busy = b.busy.saturating_sub(a.busy);
    let own = b.own.saturating_sub(a.own);
    Some((busy.saturating_sub(own) as f64 / total as f64).clamp(0.0, 1.0))
}

fn read_counters() -> Option<Counters> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let own = std::fs::read_to_string("/proc/self/stat").ok()?;
    let (total, busy) = parse_cpu_line(&stat)?;
    Some(Counters { total, busy, own: parse_own_ticks(&own)? })
}

/// `(total, busy)` from the aggregate `cpu` line of `/proc/stat`: user nice system idle
/// iowait irq softirq steal (guest time is already inside user and nice).
fn parse_cpu_line(stat: &str) -> Option<(u64, u64)> {
    let line = stat.lines().find(|l| l.starts_with("cpu "))?;
    let fields: Vec<u64> =
        line.split_whitespace().skip(1).take(8).map(|f| f.parse().ok()).collect::<Option<_>>()?;
    if fields.len() < 5 {
        return None;
    }
    let total: u64 = fields.iter().sum();
    let idle = fields[3] + fields[4];
    Some((total, total - idle))
}

/// utime + stime + cutime + cstime from `/proc/self/stat` (fields 14 to 17; the command
/// name in field 2 may hold spaces, so count from its closing parenthesis).
fn parse_own_ticks(stat: &str) -> Option<u64> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // after_name starts at field 3 (state), so field n is fields[n - 3].
    (14..=17).map(|n| fields.get(n - 3)?.parse::<i64>().ok().map(|v| v.max(0) as u64)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cpu_line_gives_total_and_busy_ticks() {
        let stat = "cpu  100 5 50 800 20 3 2 10 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n";
        assert_eq!(parse_cpu_line(stat), Some((990, 170)));
        assert_eq!(parse_cpu_line("intr 5"), None);
    }

    #[test]
    fn own_ticks_count_from_after_the_command_name() {
        let stat = "42 (a (b) c) R 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17";
        // fields 14..=17 are utime=11, stime=12, cutime=13, cstime=14
        assert_eq!(parse_own_ticks(stat), Some(11 + 12 + 13 + 14));
    }

    #[test]
    fn the_outside_share_is_busy_time_not_ours_over_all_time() {
        let a = Counters { total: 1000, busy: 300, own: 100 };
        let b = Counters { total: 2000, busy: 1100, own: 500 };
        // busy grew 800, ours 400: others took 400 of 1000 ticks
        assert_eq!(outside_share(a, b), Some(0.4));
        assert_eq!(outside_share(a, a), None);
    }

    #[test]
    fn a_busy_or_spread_run_is_noisy_with_its_reasons() {
        let quiet = Noise::judge(Some(0.03), Some(1.2), 1.0);
        assert!(!quiet.noisy && quiet.warning().is_none(), "{quiet:?}");
        let busy = Noise::judge(Some(0.38), None, 1.0);
        assert!(busy.noisy);
        assert!(busy.warning().unwrap().contains("38% of CPU time went to other processes"));
        let spread = Noise::judge(None, Some(3.0), 1.0);
        assert!(spread.noisy && spread.reasons[0].contains("3.0x"), "{spread:?}");
        let warning = spread.warning().unwrap();
        assert!(warning.contains("samples spread") && !warning.contains("busy"), "{warning}");
        assert_eq!(spread_of(&[4.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(spread_of(&[1.0]), None);
    }

    #[test]
    fn the_worst_is_the_noisy_one_and_a_missing_record_is_unknown() {
        let quiet = Noise::judge(Some(0.05), None, 1.0);
        let busy = Noise::judge(Some(0.30), None, 1.0);
        let spread = Noise::judge(Some(0.01), Some(5.0), 1.0);
        assert_eq!(Noise::worst([&quiet, &busy, &spread]), Some(&busy));
        assert_eq!(Noise::worst([&quiet, &spread]), Some(&spread));
        assert_eq!(Noise::worst([]), None);
        assert_eq!(Noise::describe(None), "noise unknown");
        assert_eq!(Noise::describe(Some(&quiet)), "quiet (5% outside)");
    }

    #[test]
    fn the_sampler_measures_on_linux() {
        let sampler = NoiseSampler::start();
        let noise = sampler.finish(&[]);
        if cfg!(target_os = "linux") {
            let share = noise.outside_share;
            assert!(share.is_none_or(|s| (0.0..=1.0).contains(&s)), "{noise:?}");
        } else {
            assert_eq!(noise.outside_share, None);
        }
    }
}
