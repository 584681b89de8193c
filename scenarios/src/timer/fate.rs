//! How one timer of a round ended, as the driver saw it, and the word an outcome counts
//! it under.

/// How one timer of the schedule ended, as the driver saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fate {
    /// Not cancelled; ran once.
    Fired,
    /// cancel() returned true; never ran.
    Cancelled,
    /// cancel() returned false (too late), or (Python's contract) returned nothing and the
    /// action had already started; ran once. Correct, but a near miss.
    CancelTooLate,
    /// Python's contract only: cancel() returned nothing, and the action started after it
    /// had returned (the cancel landed after the timer's check). Allowed by that contract;
    /// the check-then-act window it admits.
    FiredAfterCancelReturned,
    /// cancel() returned true, yet the action ran: the bug.
    RanAfterCancel,
    /// Ran more than once.
    RanTwice,
    /// Not (successfully) cancelled, yet never ran.
    Missed,
}

impl Fate {
    /// `cancel`: `None` if not cancelled, else what cancel() returned. `after_cancel`:
    /// whether the action started after cancel() had returned.
    pub(super) fn of(cancel: Option<Option<bool>>, runs: usize, after_cancel: bool) -> Self {
        match (cancel, runs) {
            (_, n) if n > 1 => Fate::RanTwice,
            (Some(Some(true) | None), 0) => Fate::Cancelled,
            (Some(Some(true)), _) => Fate::RanAfterCancel,
            (Some(Some(false)), 1) => Fate::CancelTooLate,
            (Some(None), 1) if after_cancel => Fate::FiredAfterCancelReturned,
            (Some(None), 1) => Fate::CancelTooLate,
            (None, 1) => Fate::Fired,
            (_, _) => Fate::Missed,
        }
    }

    pub(super) fn word(self) -> &'static str {
        match self {
            Fate::Fired => "fired",
            Fate::Cancelled => "cancelled",
            Fate::CancelTooLate => "fired-cancel-too-late",
            Fate::FiredAfterCancelReturned => "fired-after-cancel-returned",
            Fate::RanAfterCancel => "RAN-AFTER-CANCEL",
            Fate::RanTwice => "RAN-TWICE",
            Fate::Missed => "MISSED",
        }
    }
}
