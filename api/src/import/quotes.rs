//! A quoted field still open at the end of a file: the csv crate accepts it silently, taking
//! the rest of the file as that one field, so a truncated export would lose its last rows
//! without a word. This follows RFC 4180 quoting over the bytes, as the csv crate reads them
//! (comma, `"` quoting with doubled quotes, `\r`/`\n` line breaks), to notice it.

use super::error::RowError;

#[derive(Debug, Default)]
pub struct Quotes {
    state: State,
    /// Line breaks (`\n`) seen so far.
    newlines: u64,
    /// The line the current record starts on, and the index of its current field.
    record_line: u64,
    field: usize,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum State {
    #[default]
    StartRecord,
    StartField,
    Unquoted,
    Quoted,
    /// A `"` inside a quoted field: the closing quote, or the first of a doubled one.
    QuoteInQuoted,
}

impl Quotes {
    /// Follows `bytes`, the next part of the file.
    pub fn feed(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            // Outside a quoted field, the bytes up to the next `"` change only the line count
            // and where the last record stands: found without stepping through every byte.
            if self.state != State::Quoted {
                let quote = find_quote(bytes).unwrap_or(bytes.len());
                self.feed_unquoted(&bytes[..quote]);
                bytes = &bytes[quote..];
            }
            // Inside one (quoted fields are short) or at a quote: step to the next stop.
            let stops = if self.state == State::Quoted { &QUOTED_STOPS } else { &ALL };
            let Some(i) = bytes.iter().position(|b| stops[usize::from(*b)]) else { return };
            self.step(bytes[i]);
            bytes = &bytes[i + 1..];
        }
    }

    /// `feed` for bytes without a `"`, outside a quoted field: the same state as stepping
    /// through them (a `QuoteInQuoted` then leaves the quoted field like `Unquoted` does).
    fn feed_unquoted(&mut self, bytes: &[u8]) {
        let Some(&last) = bytes.last() else { return };
        let count = |bytes: &[u8], of: u8| bytes.iter().filter(|b| **b == of).count();
        self.newlines += count(bytes, b'\n') as u64;
        let tail = match bytes.iter().rposition(|b| matches!(b, b'\n' | b'\r')) {
            Some(end) => {
                // The last record starts after the last line break (if anything follows it).
                self.state = State::StartRecord;
                &bytes[end + 1..]
            }
            None => bytes,
        };
        if tail.is_empty() {
            return;
        }
        if self.state == State::StartRecord {
            self.record_line = self.newlines + 1;
            self.field = 0;
        }
        self.field += count(tail, b',');
        self.state = if last == b',' { State::StartField } else { State::Unquoted };
    }

    fn step(&mut self, b: u8) {
        use State::*;
        if self.state == StartRecord && b != b'\n' && b != b'\r' {
            self.record_line = self.newlines + 1;
            self.field = 0;
        }
        if b == b'\n' {
            self.newlines += 1;
        }
        self.state = match (self.state, b) {
            (Quoted, b'"') => QuoteInQuoted,
            (Quoted, _) => Quoted,
            (_, b'\n' | b'\r') => StartRecord,
            (_, b',') => {
                self.field += 1;
                StartField
            }
            (StartRecord | StartField, b'"') | (QuoteInQuoted, b'"') => Quoted,
            _ => Unquoted,
        };
    }

    /// The problem, if the bytes followed so far end inside a quoted field: it names the
    /// line its record starts on and, past the header, its column.
    pub fn unclosed(&self, file: &str, headers: &csv::StringRecord) -> Option<RowError> {
        let column = (self.record_line > 1)
            .then(|| headers.get(self.field).map(|h| h.trim().to_ascii_lowercase()))
            .flatten();
        (self.state == State::Quoted).then(|| RowError {
            file: file.to_owned(),
            line: Some(self.record_line),
            column,
            message: "opens a quoted field that is never closed (a '\"' is missing), so the file ends inside it: was it cut short?".to_owned(),
        })
    }
}

/// Where the first `"` of `bytes` is: blocks without one are skipped by `contains` (which
/// looks a word at a time).
fn find_quote(bytes: &[u8]) -> Option<usize> {
    let mut start = 0;
    for block in bytes.chunks(256) {
        if block.contains(&b'"') {
            return block.iter().position(|b| *b == b'"').map(|i| start + i);
        }
        start += block.len();
    }
    None
}

/// The bytes that matter in a quoted field, and anywhere else.
const QUOTED_STOPS: [bool; 256] = stops(b"\"\n");
const ALL: [bool; 256] = [true; 256];

const fn stops(bytes: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
}

/// A reader that follows the quoting of the bytes read through it.
pub struct Watched<R> {
    pub inner: R,
    pub quotes: Quotes,
}

impl<R: std::io::Read> std::io::Read for Watched<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.quotes.feed(&buf[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unclosed(text: &str) -> Option<(Option<u64>, Option<String>)> {
        let headers = csv::StringRecord::from(vec!["a", "b"]);
        let mut q = Quotes::default();
        // Fed in pieces, as a stream arrives.
        for piece in text.as_bytes().chunks(3) {
            q.feed(piece);
        }
        q.unclosed("f.csv", &headers).map(|e| (e.line, e.column))
    }

    /// The same state, byte by byte or a part at a time, for parts with and without quotes.
    #[test]
    fn parts_without_quotes_leave_the_state_stepping_would() {
        let texts = [
            "a,b\n1,2\n3,\"cut sho",
            "a,b\r\n\r\n\"x\ny,2\n",
            "a,b\n\"x\"\"\",1\r\n2,\"open,\n3\n",
            "a,b,c\n1,,\n\n,2,3\r\n4,5\"6,7\n\"8\",9,\"10\n11,12\n",
            "\"a\",b\n\"\"\n,\n,\"\n",
        ];
        for text in texts {
            for size in 1..=text.len() {
                let (mut stepped, mut fed) = (Quotes::default(), Quotes::default());
                for b in text.bytes() {
                    stepped.step(b);
                }
                for piece in text.as_bytes().chunks(size) {
                    fed.feed(piece);
                }
                let state = |q: &Quotes| (q.state, q.newlines, q.record_line, q.field);
                // Past a record's start its line and field are only read inside quotes.
                if stepped.state == State::StartRecord {
                    assert_eq!((fed.state, fed.newlines), (stepped.state, stepped.newlines));
                } else {
                    assert_eq!(state(&fed), state(&stepped), "{text:?} in parts of {size}");
                }
            }
        }
    }

    #[test]
    fn closed_and_doubled_quotes_are_fine() {
        assert_eq!(unclosed("a,b\n\"x\",\"say \"\"hi\"\"\"\n"), None);
        assert_eq!(unclosed("a,b\n\"multi\nline\",2\n3,4"), None);
        // A quote inside an unquoted field is a character like any other.
        assert_eq!(unclosed("a,b\n5'10\",x\n"), None);
    }

    #[test]
    fn a_quote_open_at_the_end_names_the_line_and_column_of_its_record() {
        assert_eq!(unclosed("a,b\n1,2\n3,\"cut sho"), Some((Some(3), Some("b".into()))));
        assert_eq!(unclosed("a,b\r\n\r\n\"x\ny,2\n"), Some((Some(3), Some("a".into()))));
        assert_eq!(unclosed("\"a,b\n1,2\n"), Some((Some(1), None)));
    }
}
