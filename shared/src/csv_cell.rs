//! The CSV files Showup writes, safe to open in a spreadsheet: their one writer, and their
//! text cells neutralised.
//!
//! A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage
//! return before one) as a formula: an id or a name such as `=HYPERLINK(…)` in an export would
//! run on the reader's machine. OWASP's CSV-injection guidance: such a text cell gets a leading
//! `'` (shown as text, not run) and is quoted. Numeric cells are written by the reports
//! themselves and never pass through [`neutralised`], so formats.md's figures stay byte for byte.

use std::borrow::Cow;
use std::io::Write;

/// The first characters that make a spreadsheet read a cell as a formula.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell (an id, a name, free text) with a leading `'` if it could run as a formula; the
/// [`writer`] quotes it.
pub fn neutralised(s: &str) -> Cow<'_, str> {
    if s.starts_with(TRIGGERS) { format!("'{s}").into() } else { s.into() }
}

/// The writer of Showup's CSV files: quotes only where RFC 4180 needs them, lines ending in
/// `\n` (formats.md).
pub fn writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Necessary)
        .terminator(csv::Terminator::Any(b'\n'))
        // With `'` as the comment character the writer quotes every cell holding one, so a
        // neutralised cell (`'=…`) is always quoted, as OWASP's CSV-injection advice has it
        // (an id such as `O'Brien` is quoted too: the same cell to any reader).
        .comment(Some(b'\''))
        .from_writer(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One record written by [`writer`], without its newline.
    fn line(cells: &[&str]) -> String {
        let mut w = writer(Vec::new());
        w.write_record(cells.iter().map(|c| neutralised(c).into_owned())).unwrap();
        String::from_utf8(w.into_inner().unwrap()).unwrap().trim_end_matches('\n').to_owned()
    }

    #[test]
    fn cells_that_would_run_as_formulas_are_written_as_quoted_text() {
        assert_eq!(line(&["=1+1"]), "\"'=1+1\"");
        assert_eq!(line(&["@cmd"]), "\"'@cmd\"");
        assert_eq!(line(&["+SUM(1)"]), "\"'+SUM(1)\"");
        assert_eq!(line(&["-2+3"]), "\"'-2+3\"");
        assert_eq!(line(&["\t=x"]), "\"'\t=x\"");
        assert_eq!(line(&["\r=x"]), "\"'\r=x\"");
        // A quote inside is doubled, so the cell cannot be closed early.
        assert_eq!(line(&["=\"a\",b"]), "\"'=\"\"a\"\",b\"");
    }

    #[test]
    fn plain_text_is_left_as_it_is_and_quoted_only_where_needed() {
        assert_eq!(line(&["Ana", "Ana-María", "S-1", ""]), "Ana,Ana-María,S-1,");
        assert!(matches!(neutralised("Ana"), Cow::Borrowed(_)));
        assert_eq!(
            line(&["a,b", "say \"hi\"", "two\nlines"]),
            "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\""
        );
    }
}
