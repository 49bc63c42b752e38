//! Attendance rows in compact form, for district-scale reports streamed from files.
//!
//! A [`Mark`] is one attendance row whose ids the caller has already numbered: 24 bytes and no
//! strings, so a large district's year (a million rows) takes a few tens of megabytes. Sorted,
//! the marks give each student's absences at each school by the rules of
//! [`crate::totals::absent_units`] and [`crate::District::upsert_event`]: a later row with the
//! same student, school, date and period replaces an earlier one, a whole-day row wins over the
//! period rows of its day, and period rows count by the policy's period rule.

use crate::Policy;

/// One attendance row.
///
/// `student` and `school` are numbers the caller gave the ids; `day` is the date as days from
/// the Common Era (`NaiveDate::num_days_from_ce`); `period` 0 is the whole day and any other
/// number one period; `seq` orders the rows (the file's line): of two rows with the same key,
/// the later one counts. `units` is the fraction absent in ten-thousandths of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub student: u32,
    pub school: u32,
    pub day: i32,
    pub period: u32,
    pub seq: u32,
    pub units: u16,
}

impl Mark {
    /// Student, school, day and period in one number that sorts the same way.
    fn key(&self) -> u128 {
        // Flipping the sign bit makes the signed day sort as unsigned.
        let day = (self.day as u32) ^ 0x8000_0000;
        (u128::from(self.student) << 96)
            | (u128::from(self.school) << 64)
            | (u128::from(day) << 32)
            | u128::from(self.period)
    }

    fn same_day(&self, other: &Mark) -> bool {
        (self.student, self.school, self.day) == (other.student, other.school, other.day)
    }
}

/// The marks of a folder's attendance rows.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    marks: Vec<Mark>,
    sorted: bool,
}

/// Units missed by a student at a school: `(student, school, units)`.
pub type Absence = (u32, u32, u64);

impl Tally {
    pub fn with_capacity(rows: usize) -> Self {
        Self { marks: Vec::with_capacity(rows), sorted: true }
    }

    pub fn push(&mut self, mark: Mark) {
        self.marks.push(mark);
        self.sorted = false;
    }

    pub fn len(&self) -> usize {
        self.marks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.marks.is_empty()
    }

    /// The marks, in no promised order (sorted by key once [`Tally::repeats`] or
    /// [`Tally::absences`] has run).
    pub fn marks(&self) -> &[Mark] {
        &self.marks
    }

    fn sort(&mut self) {
        if !self.sorted {
            // Files list a student's rows together, and students are numbered as first seen:
            // then sorting each student's few rows sorts them all.
            if self.marks.is_sorted_by_key(|m| m.student) {
                for rows in self.marks.chunk_by_mut(|a, b| a.student == b.student) {
                    rows.sort_unstable_by_key(|m| (m.key(), m.seq));
                }
            } else {
                self.marks.sort_unstable_by_key(|m| (m.key(), m.seq));
            }
            self.sorted = true;
        }
    }

    /// Each row that repeats an earlier row's student, school, date and period, as
    /// `(its seq, the seq of the row before it with that key)`, in seq order.
    pub fn repeats(&mut self) -> Vec<(u32, u32)> {
        self.sort();
        let mut out: Vec<(u32, u32)> = self
            .marks
            .windows(2)
            .filter(|w| w[0].key() == w[1].key())
            .map(|w| (w[1].seq, w[0].seq))
            .collect();
        out.sort_unstable();
        out
    }

    /// The units each student missed at each school on days up to `through` (a day number),
    /// sorted by student then school; pairs with nothing missed are left out.
    pub fn absences(&mut self, through: i32, policy: &Policy) -> Vec<Absence> {
        self.sort();
        let marks = &self.marks;
        let mut out: Vec<Absence> = Vec::new();
        let mut start = 0;
        while start < marks.len() {
            let first = marks[start];
            let (mut whole, mut periods) = (None, None);
            let mut end = start;
            while end < marks.len() && marks[end].same_day(&first) {
                let m = marks[end];
                // Rows with one key are sorted by seq: only the last of them counts.
                let last = marks.get(end + 1).is_none_or(|next| next.key() != m.key());
                if last && m.period == 0 {
                    whole = Some(u32::from(m.units));
                } else if last {
                    periods = Some(periods.unwrap_or(0) + u64::from(m.units));
                }
                end += 1;
            }
            let units = u64::from(policy.day_units(whole, periods));
            if first.day <= through && units > 0 {
                match out.last_mut() {
                    Some(last) if (last.0, last.1) == (first.student, first.school) => {
                        last.2 += units
                    }
                    _ => out.push((first.student, first.school, units)),
                }
            }
            start = end;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::totals::PeriodRule;

    fn mark(student: u32, day: i32, period: u32, seq: u32, units: u16) -> Mark {
        Mark { student, school: 1, day, period, seq, units }
    }

    #[test]
    fn a_later_row_with_the_same_key_replaces_the_earlier_one() {
        let mut t = Tally::default();
        t.push(mark(1, 10, 0, 2, 10_000));
        t.push(mark(1, 10, 0, 7, 5_000));
        t.push(mark(1, 11, 0, 3, 10_000));
        t.push(mark(1, 10, 0, 5, 0));
        assert_eq!(t.repeats(), vec![(5, 2), (7, 5)]);
        assert_eq!(t.absences(i32::MAX, &Policy::default()), vec![(1, 1, 15_000)]);
    }

    #[test]
    fn days_after_the_report_date_do_not_count() {
        let mut t = Tally::default();
        t.push(mark(2, 10, 0, 1, 10_000));
        t.push(mark(2, 12, 0, 2, 10_000));
        t.push(mark(3, 9, 0, 3, 2_500));
        assert_eq!(t.absences(11, &Policy::default()), vec![(2, 1, 10_000), (3, 1, 2_500)]);
    }

    #[test]
    fn period_rows_count_by_the_rule_unless_the_day_has_a_whole_day_row() {
        let mut t = Tally::default();
        // Day 1: three of six periods. Day 2: one period, and a tardy for the whole day.
        for p in 1..=3 {
            t.push(mark(1, 1, p, p, 10_000));
        }
        t.push(mark(1, 2, 1, 10, 10_000));
        t.push(mark(1, 2, 0, 11, 0));
        assert!(t.repeats().is_empty());
        assert_eq!(t.absences(9, &Policy::default()), vec![(1, 1, 5_000)]);
        let cutoffs = Policy { period_rule: PeriodRule::Cutoffs, ..Policy::default() };
        assert_eq!(t.absences(9, &cutoffs), vec![(1, 1, 5_000)]);
    }

    #[test]
    fn rows_grouped_by_student_or_not_sort_the_same() {
        let rows = [(1, 5, 0, 1), (1, 3, 2, 2), (1, 3, 1, 3), (2, 1, 0, 4), (3, 9, 0, 5)];
        let (mut grouped, mut mixed) = (Tally::default(), Tally::default());
        for (student, day, period, seq) in rows {
            grouped.push(mark(student, day, period, seq, 1));
        }
        for (student, day, period, seq) in rows.iter().rev() {
            mixed.push(mark(*student, *day, *period, *seq, 1));
        }
        grouped.sort();
        mixed.sort();
        assert_eq!(grouped.marks(), mixed.marks());
        let seqs: Vec<u32> = grouped.marks().iter().map(|m| m.seq).collect();
        assert_eq!(seqs, vec![3, 2, 1, 4, 5]);
    }

    #[test]
    fn negative_days_sort_before_positive_ones() {
        let a = mark(1, -5, 0, 1, 1);
        let b = mark(1, 5, 0, 1, 1);
        assert!(a.key() < b.key());
    }
}
