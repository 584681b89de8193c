//! A count as a share of a total, in the one wording the console and the page both use:
//! two decimals, and never rounded down to zero (1 in 21,759 reads `<0.01%`).

/// `samples` as a share of `total`; `-` for an empty total.
pub fn frequency(samples: u64, total: u64) -> String {
    if total == 0 {
        return "-".to_owned();
    }
    let percent = samples as f64 * 100.0 / total as f64;
    if samples > 0 && percent < 0.01 { "<0.01%".to_owned() } else { format!("{percent:.2}%") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rare_count_is_never_shown_as_zero() {
        assert_eq!(frequency(1, 21_759), "<0.01%");
        assert_eq!(frequency(0, 21_759), "0.00%");
        assert_eq!(frequency(1, 4), "25.00%");
        assert_eq!(frequency(0, 0), "-");
    }
}
