//! The contract a strategy keeps where a scenario admits more than one. A strategy declares
//! its contract once (the timer's through `Timer::CONTRACT`), its runs record the answers
//! that contract gives, and the scenario's one check judges each answer by the contract
//! that gave it.

/// What a timer's `cancel` promises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelContract {
    /// `cancel` says who won: `true` means the action has not run and never will; `false`
    /// means it has run or is running, exactly once. Both sides can never win.
    Decisive,
    /// CPython's `threading.Timer`: `cancel` returns nothing and stops the action only
    /// while the timer is still waiting (before its check). A cancel that lands after the
    /// check is too late even though the action has not started. The action runs at most
    /// once, and exactly once when nobody cancelled.
    Python,
}

impl CancelContract {
    /// The contract's name, for listings and docs.
    pub fn word(self) -> &'static str {
        match self {
            CancelContract::Decisive => "decisive",
            CancelContract::Python => "python",
        }
    }
}
