//! The machine's own limits. Each probe sample runs for a fixed window shorter than a
//! scheduler time slice and counts the operations it completed, so a thread descheduled
//! mid-sample costs that sample, not the whole probe: the minimum over many samples is the
//! machine's limit, the median what a run usually gets.

use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use scenarios::BoundingProbe;

/// One probe: a name, what one operation is, and a function that runs one time-boxed
/// sample.
#[derive(Clone, Copy)]
pub struct Probe {
    pub name: &'static str,
    pub operation: &'static str,
    /// How many threads one sample uses (two-thread probes try to pin them apart).
    pub threads: usize,
    pub sample: fn(Duration) -> Sample,
}

/// What one sample did: operations completed in `elapsed` (at least the window).
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub ops: u64,
    pub elapsed: Duration,
    /// For two-thread probes: whether both threads were pinned to distinct cores.
    pub pinned: bool,
}

impl Sample {
    pub fn ns_per_op(&self) -> f64 {
        self.elapsed.as_nanos() as f64 / self.ops.max(1) as f64
    }
}

pub const PROBES: &[Probe] = &[
    Probe { name: "clock_read", operation: "one Instant::now()", threads: 1, sample: clock_read },
    Probe {
        name: BoundingProbe::UncontendedAdd.name(),
        operation: "load + store of a thread's own atomic (one memory increment)",
        threads: 1,
        sample: uncontended_add,
    },
    Probe {
        name: "uncontended_fetch_add",
        operation: "fetch_add(1, Relaxed), one thread",
        threads: 1,
        sample: uncontended_fetch_add,
    },
    Probe {
        name: BoundingProbe::StdMutexUncontended.name(),
        operation: "std Mutex lock + unlock, one thread",
        threads: 1,
        sample: std_mutex_uncontended,
    },
    Probe {
        name: "parking_lot_uncontended",
        operation: "parking_lot Mutex lock + unlock, one thread",
        threads: 1,
        sample: parking_lot_uncontended,
    },
    Probe {
        name: BoundingProbe::CacheLinePingPong.name(),
        operation: "round trip of one cache line between two spinning threads",
        threads: 2,
        sample: cache_line_ping_pong,
    },
    Probe {
        name: BoundingProbe::SpawnJoin.name(),
        operation: "std::thread::spawn of an empty closure + join",
        threads: 1,
        sample: spawn_join,
    },
    Probe {
        name: BoundingProbe::ParkUnparkRoundTrip.name(),
        operation: "unpark, the other thread wakes and unparks back",
        threads: 2,
        sample: park_unpark_round_trip,
    },
    Probe {
        name: BoundingProbe::ChannelHandOff.name(),
        operation: "one message through a crossbeam unbounded channel to another thread",
        threads: 2,
        sample: channel_hand_off,
    },
];

/// Repeat `chunk` operations (done by `run`) until `window` has passed.
fn single_thread(window: Duration, chunk: u64, mut run: impl FnMut(u64)) -> Sample {
    let start = Instant::now();
    let mut ops = 0;
    loop {
        run(chunk);
        ops += chunk;
        let elapsed = start.elapsed();
        if elapsed >= window {
            return Sample { ops, elapsed, pinned: false };
        }
    }
}

fn clock_read(window: Duration) -> Sample {
    single_thread(window, 256, |n| {
        for _ in 0..n {
            black_box(Instant::now());
        }
    })
}

fn uncontended_add(window: Duration) -> Sample {
    let slot = AtomicU64::new(0);
    single_thread(window, 4096, |n| {
        for _ in 0..n {
            let slot = black_box(&slot);
            slot.store(slot.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
        }
    })
}

fn uncontended_fetch_add(window: Duration) -> Sample {
    let total = AtomicU64::new(0);
    single_thread(window, 1024, |n| {
        for _ in 0..n {
            black_box(&total).fetch_add(1, Ordering::Relaxed);
        }
    })
}

fn std_mutex_uncontended(window: Duration) -> Sample {
    let lock = std::sync::Mutex::new(0u64);
    single_thread(window, 256, |n| {
        for _ in 0..n {
            *black_box(&lock).lock().unwrap() += 1;
        }
    })
}

fn parking_lot_uncontended(window: Duration) -> Sample {
    let lock = parking_lot::Mutex::new(0u64);
    single_thread(window, 256, |n| {
        for _ in 0..n {
            *black_box(&lock).lock() += 1;
        }
    })
}

fn spawn_join(window: Duration) -> Sample {
    single_thread(window, 1, |_| std::thread::spawn(|| black_box(())).join().unwrap())
}

/// Run `timer` and `partner` on two threads pinned to distinct cores where the OS allows,
/// released together. `timer` runs the window and returns the operations it counted;
/// `partner` must return once `timer` has told it to stop. Elapsed runs from the release
/// to both threads' finish.
fn two_threads(timer: impl FnOnce() -> u64 + Send, partner: impl FnOnce() + Send) -> Sample {
    let cores = core_affinity::get_core_ids().unwrap_or_default();
    let arrived = AtomicUsize::new(0);
    let start_line = |core: Option<&core_affinity::CoreId>| {
        let pinned = core.is_some_and(|c| core_affinity::set_for_current(*c));
        arrived.fetch_add(1, Ordering::AcqRel);
        while arrived.load(Ordering::Acquire) < 2 {
            std::hint::spin_loop();
        }
        (pinned, Instant::now())
    };
    std::thread::scope(|s| {
        let a = s.spawn(|| {
            let (pinned, start) = start_line(cores.first());
            let ops = timer();
            (pinned, start, Instant::now(), ops)
        });
        let b = s.spawn(|| {
            let (pinned, start) = start_line(cores.get(1));
            partner();
            (pinned, start, Instant::now())
        });
        let (pinned_a, start_a, end_a, ops) = a.join().unwrap();
        let (pinned_b, start_b, end_b) = b.join().unwrap();
        let elapsed = end_a.max(end_b).saturating_duration_since(start_a.min(start_b));
        Sample { ops, elapsed, pinned: pinned_a && pinned_b }
    })
}

/// Spins after which a ping-pong wait counts as long (a round trip takes well under 100
/// spins when both threads run).
const LONG_WAIT_SPINS: u32 = 4096;

/// A ping-pong sample ends by this many windows, on a round multiple of 64 or not.
const HARD_CAP: u32 = 16;

fn cache_line_ping_pong(window: Duration) -> Sample {
    let turn = AtomicU64::new(0);
    let stop = AtomicBool::new(false);
    let (turn, stop) = (&turn, &stop);
    two_threads(
        move || {
            let start = Instant::now();
            let mut rounds = 0;
            loop {
                // The clock is read every 64 rounds, and after a long wait (the partner was
                // descheduled): a sample ends on a multiple of 64 rounds once the window
                // has passed, or at the hard cap, so descheduled round trips cannot
                // stretch it 64-fold.
                let mut spins = 0u32;
                while turn.load(Ordering::Acquire) != 2 * rounds {
                    std::hint::spin_loop();
                    spins += 1;
                }
                if (rounds % 64 == 0 || spins > LONG_WAIT_SPINS)
                    && let elapsed = start.elapsed()
                    && (elapsed >= window && rounds % 64 == 0 || elapsed >= window * HARD_CAP)
                {
                    stop.store(true, Ordering::Release);
                    return rounds;
                }
                turn.store(2 * rounds + 1, Ordering::Release);
                rounds += 1;
            }
        },
        move || {
            let mut rounds = 0;
            loop {
                while turn.load(Ordering::Acquire) != 2 * rounds + 1 {
                    if stop.load(Ordering::Acquire) {
                        return;
                    }
                    std::hint::spin_loop();
                }
                turn.store(2 * rounds + 2, Ordering::Release);
                rounds += 1;
            }
        },
    )
}

fn park_unpark_round_trip(window: Duration) -> Sample {
    // Each side waits for its flag, parking while it is false; the flags make spurious
    // wake-ups harmless. The echo thread's handle reaches the timer through a slot.
    let ping = AtomicBool::new(false);
    let pong = AtomicBool::new(false);
    let stop = AtomicBool::new(false);
    let timer_thread = std::sync::OnceLock::new();
    let echo_thread = std::sync::OnceLock::new();
    let (ping, pong, stop) = (&ping, &pong, &stop);
    let (timer_slot, echo_slot) = (&timer_thread, &echo_thread);
    two_threads(
        move || {
            timer_slot.set(std::thread::current()).expect("set once");
            let echo: &std::thread::Thread = loop {
                if let Some(t) = echo_slot.get() {
                    break t;
                }
                std::hint::spin_loop();
            };
            let start = Instant::now();
            let mut rounds = 0;
            while start.elapsed() < window {
                ping.store(true, Ordering::Release);
                echo.unpark();
                while !pong.swap(false, Ordering::Acquire) {
                    std::thread::park();
                }
                rounds += 1;
            }
            stop.store(true, Ordering::Release);
            echo.unpark();
            rounds
        },
        move || {
            echo_slot.set(std::thread::current()).expect("set once");
            let timer = loop {
                if let Some(t) = timer_slot.get() {
                    break t;
                }
                std::hint::spin_loop();
            };
            while !stop.load(Ordering::Acquire) {
                if ping.swap(false, Ordering::Acquire) {
                    pong.store(true, Ordering::Release);
                    timer.unpark();
                } else {
                    std::thread::park();
                }
            }
        },
    )
}

fn channel_hand_off(window: Duration) -> Sample {
    let (tx, rx) = crossbeam_channel::unbounded::<u64>();
    let received = AtomicU64::new(0);
    let received = &received;
    let sample = two_threads(
        move || {
            let start = Instant::now();
            let mut sent = 0;
            while sent % 64 != 0 || start.elapsed() < window {
                tx.send(sent).unwrap();
                sent += 1;
            }
            sent
        },
        move || {
            while let Ok(message) = rx.recv() {
                black_box(message);
                received.fetch_add(1, Ordering::Relaxed);
            }
        },
    );
    Sample { ops: received.load(Ordering::Relaxed), ..sample }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_probe_counts_operations_within_a_short_window() {
        for probe in PROBES {
            let sample = (probe.sample)(Duration::from_millis(2));
            assert!(sample.ops > 0, "{} counted no operation", probe.name);
            assert!(sample.elapsed >= Duration::from_millis(2), "{}: {sample:?}", probe.name);
            assert!(sample.ns_per_op().is_finite());
        }
    }

    #[test]
    fn the_channel_probe_counts_what_arrived() {
        let sample = channel_hand_off(Duration::from_millis(1));
        assert_eq!(sample.ops % 64, 0, "the sender stops on a multiple of 64: {sample:?}");
    }
}
