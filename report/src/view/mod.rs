//! What the page shows, shaped from the result files before any HTML is written: plain
//! functions returning view structs, so that the templates only render. Nothing here
//! computes a verdict; it finds, orders and divides what the runs recorded.

pub mod freshness;
pub mod grid;
pub mod loom_bounds;
pub mod matrix;
pub mod offers;
pub mod proof_depth;
pub mod python_counter;
pub mod recommend;
pub mod scenario;
pub mod seeds;
