//! The machine's own limits, each timed like the scenarios: threads started and held at a
//! start line before the clock starts, the clock read once around many operations.

use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// One probe: a name, what one operation is, and a function timing `ops` operations.
#[derive(Clone, Copy)]
pub struct Probe {
    pub name: &'static str,
    pub operation: &'static str,
    pub ops_per_sample: u64,
    pub measure: fn(u64) -> Duration,
}

pub const PROBES: &[Probe] = &[
    Probe {
        name: "clock_read",
        operation: "one Instant::now()",
        ops_per_sample: 1_000_000,
        measure: clock_read,
    },
    Probe {
        name: "uncontended_add",
        operation: "load + store of a thread's own atomic (one memory increment)",
        ops_per_sample: 10_000_000,
        measure: uncontended_add,
    },
    Probe {
        name: "uncontended_fetch_add",
        operation: "fetch_add(1, Relaxed), one thread",
        ops_per_sample: 5_000_000,
        measure: uncontended_fetch_add,
    },
    Probe {
        name: "std_mutex_uncontended",
        operation: "std Mutex lock + unlock, one thread",
        ops_per_sample: 2_000_000,
        measure: std_mutex_uncontended,
    },
    Probe {
        name: "parking_lot_uncontended",
        operation: "parking_lot Mutex lock + unlock, one thread",
        ops_per_sample: 2_000_000,
        measure: parking_lot_uncontended,
    },
    Probe {
        name: "cache_line_ping_pong",
        operation: "round trip of one cache line between two spinning threads",
        ops_per_sample: 100_000,
        measure: cache_line_ping_pong,
    },
    Probe {
        name: "spawn_join",
        operation: "std::thread::spawn of an empty closure + join",
        ops_per_sample: 200,
        measure: spawn_join,
    },
    Probe {
        name: "park_unpark_round_trip",
        operation: "unpark, the other thread wakes and unparks back",
        ops_per_sample: 5_000,
        measure: park_unpark_round_trip,
    },
    Probe {
        name: "channel_hand_off",
        operation: "one message through a crossbeam unbounded channel to another thread",
        ops_per_sample: 1_000_000,
        measure: channel_hand_off,
    },
];

fn clock_read(ops: u64) -> Duration {
    let start = Instant::now();
    for _ in 0..ops {
        black_box(Instant::now());
    }
    start.elapsed()
}

fn uncontended_add(ops: u64) -> Duration {
    let slot = AtomicU64::new(0);
    let start = Instant::now();
    for _ in 0..ops {
        let slot = black_box(&slot);
        slot.store(slot.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
    }
    start.elapsed()
}

fn uncontended_fetch_add(ops: u64) -> Duration {
    let total = AtomicU64::new(0);
    let start = Instant::now();
    for _ in 0..ops {
        black_box(&total).fetch_add(1, Ordering::Relaxed);
    }
    start.elapsed()
}

fn std_mutex_uncontended(ops: u64) -> Duration {
    let lock = std::sync::Mutex::new(0u64);
    let start = Instant::now();
    for _ in 0..ops {
        *black_box(&lock).lock().unwrap() += 1;
    }
    start.elapsed()
}

fn parking_lot_uncontended(ops: u64) -> Duration {
    let lock = parking_lot::Mutex::new(0u64);
    let start = Instant::now();
    for _ in 0..ops {
        *black_box(&lock).lock() += 1;
    }
    start.elapsed()
}

/// Run `a` and `b` on two threads released together; time from release to both finished.
fn two_threads(a: impl FnOnce() + Send, b: impl FnOnce() + Send) -> Duration {
    let arrived = AtomicUsize::new(0);
    let wait = || {
        arrived.fetch_add(1, Ordering::AcqRel);
        while arrived.load(Ordering::Acquire) < 2 {
            std::hint::spin_loop();
        }
        Instant::now()
    };
    std::thread::scope(|s| {
        let ta = s.spawn(|| {
            let start = wait();
            a();
            (start, Instant::now())
        });
        let tb = s.spawn(|| {
            let start = wait();
            b();
            (start, Instant::now())
        });
        let (sa, ea) = ta.join().unwrap();
        let (sb, eb) = tb.join().unwrap();
        ea.max(eb).saturating_duration_since(sa.min(sb))
    })
}

fn cache_line_ping_pong(ops: u64) -> Duration {
    let turn = AtomicU64::new(0);
    let player = |me: u64| {
        let turn = &turn;
        move || {
            for round in 0..ops {
                let mine = 2 * round + me;
                while turn.load(Ordering::Acquire) != mine {
                    std::hint::spin_loop();
                }
                turn.store(mine + 1, Ordering::Release);
            }
        }
    };
    two_threads(player(0), player(1))
}

fn spawn_join(ops: u64) -> Duration {
    let start = Instant::now();
    for _ in 0..ops {
        std::thread::spawn(|| black_box(())).join().unwrap();
    }
    start.elapsed()
}

fn park_unpark_round_trip(ops: u64) -> Duration {
    // Each side waits for its flag, parking while it is false; the flag makes spurious
    // wake-ups harmless.
    let ping = AtomicBool::new(false);
    let pong = AtomicBool::new(false);
    let main_thread = std::thread::current();
    let start = Instant::now();
    std::thread::scope(|s| {
        let echo = s.spawn(|| {
            for _ in 0..ops {
                while !ping.swap(false, Ordering::Acquire) {
                    std::thread::park();
                }
                pong.store(true, Ordering::Release);
                main_thread.unpark();
            }
        });
        for _ in 0..ops {
            ping.store(true, Ordering::Release);
            echo.thread().unpark();
            while !pong.swap(false, Ordering::Acquire) {
                std::thread::park();
            }
        }
        echo.join().unwrap();
    });
    start.elapsed()
}

fn channel_hand_off(ops: u64) -> Duration {
    let (tx, rx) = crossbeam_channel::unbounded::<u64>();
    two_threads(
        move || {
            for i in 0..ops {
                tx.send(i).unwrap();
            }
        },
        move || {
            for _ in 0..ops {
                black_box(rx.recv().unwrap());
            }
        },
    )
}
