//! Whole numbers of hundredths or ten-thousandths printed as decimals, for reports and people.

/// `value / 10^scale` with exactly `scale` decimals: `fixed_decimal(1020, 4)` is `0.1020`.
pub fn fixed_decimal(value: u64, scale: u32) -> String {
    if scale == 0 {
        return value.to_string();
    }
    let unit = 10u64.pow(scale);
    format!("{}.{:0width$}", value / unit, value % unit, width = scale as usize)
}

/// `value / 10^scale` without trailing zeros: `trim_decimal(950, 2)` is `9.5`.
pub fn trim_decimal(value: u64, scale: u32) -> String {
    let s = fixed_decimal(value, scale);
    if scale == 0 {
        return s;
    }
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_print_fixed_or_trimmed() {
        assert_eq!(fixed_decimal(1020, 4), "0.1020");
        assert_eq!(fixed_decimal(10_000, 4), "1.0000");
        assert_eq!(fixed_decimal(7, 0), "7");
        assert_eq!(trim_decimal(950, 2), "9.5");
        assert_eq!(trim_decimal(900, 2), "9");
        assert_eq!(trim_decimal(0, 2), "0");
    }
}
