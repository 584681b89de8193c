//! threadlab's harness: the command line, the runner, the benchmarks' shared code.
//!
//! The binary (`src/main.rs`) only parses arguments and prints; everything it does lives in
//! these modules so tests and benches can call it.

pub mod bench;
pub mod calibrate;
pub mod children;
pub mod cli;
pub mod explain;
pub mod fairness;
pub mod files;
pub mod list;
pub mod machine;
pub mod pipeline;
pub mod python;
pub mod report_out;
pub mod run;
pub mod seeds;
pub mod selection;
pub mod stress;
