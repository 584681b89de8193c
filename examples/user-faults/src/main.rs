//! Two user strategies declared correct that are not: one panics in its own code, one
//! deadlocks. Each must come out as a finding about that strategy (its panic message and
//! place; its blocked threads), and every other strategy must still be checked.

mod deadlocks;
mod panics;

scenarios::threadlab_main!(
    scenarios::shared_counter::SCENARIO => [panics::PANICS, deadlocks::DEADLOCKS],
);
