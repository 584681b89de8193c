//! Counts in words, with the plural right: `1 thread`, `2 threads`, `1 preemption`.

/// `n` and `noun`, `s` added unless `n` is 1.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(plural(1, "thread"), "1 thread");
        assert_eq!(plural(0, "preemption"), "0 preemptions");
        assert_eq!(plural(8, "op"), "8 ops");
    }
}
