//! Bad input: one line on stderr and exit status 2, told apart from a failed step.

use std::fmt;

/// A mistake in what the user asked for (not a failure of the work).
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// `message` as a usage mistake.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    UsageError(message.into()).into()
}

/// Whether `err` is a usage mistake.
pub fn is_usage(err: &anyhow::Error) -> bool {
    err.downcast_ref::<UsageError>().is_some()
}
