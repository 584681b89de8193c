//! Facts consumers need about a scenario or strategy beyond running it: which calibration
//! probe bounds its cost, where its code lives, and what `threadlab run` adds to a run of
//! every strategy.

/// A calibration probe (`threadlab calibrate`) that can bound a strategy's cost: the
/// machine's best for the operation the strategy cannot avoid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BoundingProbe {
    /// An add to memory no other core touches.
    UncontendedAdd,
    /// An atomic add on a cache line two cores take turns owning.
    CacheLinePingPong,
    /// Spawning one thread and joining it.
    SpawnJoin,
    /// Parking a thread and unparking it from another.
    ParkUnparkRoundTrip,
    /// Sending one message over a channel to a waiting receiver.
    ChannelHandOff,
    /// Locking and unlocking a std mutex nobody else wants.
    StdMutexUncontended,
}

impl BoundingProbe {
    /// Every probe, in the calibration order.
    pub const ALL: [BoundingProbe; 6] = [
        BoundingProbe::UncontendedAdd,
        BoundingProbe::CacheLinePingPong,
        BoundingProbe::SpawnJoin,
        BoundingProbe::ParkUnparkRoundTrip,
        BoundingProbe::ChannelHandOff,
        BoundingProbe::StdMutexUncontended,
    ];

    /// The probe's name in the calibration file.
    pub const fn name(self) -> &'static str {
        match self {
            BoundingProbe::UncontendedAdd => "uncontended_add",
            BoundingProbe::CacheLinePingPong => "cache_line_ping_pong",
            BoundingProbe::SpawnJoin => "spawn_join",
            BoundingProbe::ParkUnparkRoundTrip => "park_unpark_round_trip",
            BoundingProbe::ChannelHandOff => "channel_hand_off",
            BoundingProbe::StdMutexUncontended => "std_mutex_uncontended",
        }
    }
}

/// The probe that bounds a strategy, and why: the report divides the strategy's cost per
/// element by the probe's cost per operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound {
    /// The probe whose cost bounds the strategy.
    pub probe: BoundingProbe,
    /// Why that probe bounds it, in words.
    pub why: &'static str,
}

/// What `threadlab run <scenario>` adds after running every strategy once: each
/// strategy's speedup over the sequential strategy of its kind (repeated, the fastest run
/// counting), beside the same computing job in Python threads and processes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpeedupSummary {
    /// The sequential computing strategy: its outcome gives the Python job's size and the
    /// checksum Python must match.
    pub sequential: &'static str,
    /// The threaded computing strategy set beside Python's threads and processes.
    pub threaded: &'static str,
    /// The threaded waiting strategy set beside Python's threads on waiting tasks (its
    /// task size, in ms, is what each Python waiting task sleeps).
    pub waiting: &'static str,
}

/// A Python program run beside one strategy: the same job in the seeds' own language, so
/// `threadlab run` sets the two outcomes side by side. The script (in `scripts/`) takes
/// `--threads`, `--ops` and `--runs`, and prints one JSON object whose `summary` says, in
/// a sentence, what its runs showed and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PythonTwin {
    /// The strategy it runs beside (and with every strategy).
    pub beside: &'static str,
    /// The script's file name in `scripts/`.
    pub script: &'static str,
    /// What the script runs, in a few words.
    pub runs: &'static str,
}
