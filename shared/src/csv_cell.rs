//! Cells of the CSV files Showup writes, safe to open in a spreadsheet.
//!
//! A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage
//! return before one) as a formula: an id or a name such as `=HYPERLINK(…)` in an export would
//! run on the reader's machine. OWASP's CSV-injection guidance: such a text cell gets a leading
//! `'` (shown as text, not run) and is quoted. Numeric cells are written by the reports
//! themselves and never pass through here, so formats.md's figures stay byte for byte.

use std::borrow::Cow;

/// The first characters that make a spreadsheet read a cell as a formula.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell (an id, a name, free text): neutralised if it could run as a formula, then
/// quoted as RFC 4180 requires.
pub fn text(s: &str) -> Cow<'_, str> {
    if s.starts_with(TRIGGERS) {
        // Always quoted: the `'` must stay inside the one cell whatever follows it.
        format!("\"'{}\"", s.replace('"', "\"\"")).into()
    } else {
        quoted(s)
    }
}

/// RFC 4180: quote a field holding a comma, a quote or a line break.
pub fn quoted(s: &str) -> Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_would_run_as_formulas_are_written_as_quoted_text() {
        assert_eq!(text("=1+1"), "\"'=1+1\"");
        assert_eq!(text("@cmd"), "\"'@cmd\"");
        assert_eq!(text("+SUM(1)"), "\"'+SUM(1)\"");
        assert_eq!(text("-2+3"), "\"'-2+3\"");
        assert_eq!(text("\t=x"), "\"'\t=x\"");
        assert_eq!(text("\r=x"), "\"'\r=x\"");
        // A quote inside is doubled, so the cell cannot be closed early.
        assert_eq!(text("=\"a\",b"), "\"'=\"\"a\"\",b\"");
    }

    #[test]
    fn plain_text_is_left_as_it_is() {
        assert_eq!(text("Ana"), "Ana");
        // A trigger after the first character runs nothing.
        assert_eq!(text("Ana-María"), "Ana-María");
        assert_eq!(text("S-1"), "S-1");
        assert_eq!(text(""), "");
        assert!(matches!(text("Ana"), Cow::Borrowed(_)));
    }

    #[test]
    fn commas_quotes_and_line_breaks_are_quoted() {
        assert_eq!(text("a,b"), "\"a,b\"");
        assert_eq!(quoted("plain"), "plain");
        assert_eq!(quoted("a,b"), "\"a,b\"");
        assert_eq!(quoted("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quoted("two\nlines"), "\"two\nlines\"");
    }
}
