//! Every file format threadlab writes and reads, in one place.
//!
//! The loom suite (`loom-tests`), the deep tiers (`deep-tests`) and the `threadlab` binary
//! (`harness`) all write through this crate, and the report reads through it, so a writer
//! and its readers cannot drift apart. It depends on serde alone: nothing here knows how a
//! result was produced, only what its file says.
//!
//! One module per format: [`loom`], [`proof_depth`] (loom at growing sizes), [`deep`] (Miri,
//! ThreadSanitizer, shuttle), [`stress`], [`calibration`], [`fairness`], [`seeds`] (the seed
//! programs side by side), [`speedup`] (the io_vs_cpu verdict), [`criterion`] (a reader
//! only: criterion writes those files) with threadlab's [`bench_noise`] beside them, and
//! [`harness_cost`]. [`machine`] is the machine record several formats carry, [`noise`] how
//! busy it was during a run, [`file`](mod@file) the one versioned write and read of every format
//! ([`ResultFile`]: where a format lives, its version), [`set`] the directory
//! layout of one set of results, [`load`] the reading that names every unreadable file,
//! [`atomic_file`] the one atomic file writer, [`provenance`] where a result came from, [`source_hash`] the
//! hash of the code that produced it, [`paths`] where results go, [`lock`] the lock around a merge,
//! [`wire`] the marker-line protocols a child process speaks to its parent, [`report_manifest`]
//! the files a report wrote into its output folder, [`probe`] whether a folder can be written.

pub mod atomic_file;
pub mod bench_noise;
pub mod calibration;
pub mod criterion;
pub mod deep;
pub mod fairness;
pub mod file;
pub mod harness_cost;
pub mod judgement;
pub mod load;
pub mod lock;
pub mod loom;
pub mod machine;
pub mod noise;
pub mod paths;
pub mod probe;
pub mod proof_depth;
pub mod provenance;
pub mod report_manifest;
pub mod seeds;
pub mod set;
pub mod source_hash;
pub mod speedup;
pub mod stress;
pub mod violation;
pub mod wire;

pub use atomic_file::write_atomically;
pub use file::{Format, ReadError, ResultFile};
pub use judgement::{Expected, Finding, Judgement, Sight, judge};
pub use load::Loaded;
pub use provenance::Provenance;
pub use set::ResultSet;
pub use violation::ViolationKind;

pub use paths::{check_results_root, results_root};
