//! Campaigns of letters, emails and texts to families (Rogers & Feller's design), with a random
//! hold-out kept out of every mailing so the district can measure its own effect: who is in a
//! campaign (the default rule), what an admin asks for, and "did it work?" — absences per
//! enrolled day after each mailing, letter group against hold-out, with a 95% confidence
//! interval, small cells suppressed.

use crate::insights::{GroupCounts, Suppressed, suppression_of};
use crate::letters::{Email, Letter, LetterLanguage};
use crate::report::{BandCounts, StudentRow};
use crate::{Band, Enrollment, Grade, SchoolId, StudentId, Thresholds, Totals};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The hold-out share unless the admin picks another, in percent.
pub const DEFAULT_HOLDOUT_PCT: u8 = 10;
/// The largest hold-out share: half the students still get the letter.
pub const MAX_HOLDOUT_PCT: u8 = 50;
/// Most mailings in one campaign (Rogers & Feller sent five across the year).
pub const MAX_MAILINGS: usize = 12;
/// Longest campaign name, in characters.
pub const MAX_NAME: usize = 100;

/// How a campaign reaches the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// A printed letter (the PDF for the print vendor).
    Letter,
    Email,
    Text,
}

impl Channel {
    pub const ALL: [Self; 3] = [Self::Letter, Self::Email, Self::Text];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Letter => "letter",
            Self::Email => "email",
            Self::Text => "text",
        }
    }
}

/// Which group a student of a campaign is in: sent the mailings, or kept out at random.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arm {
    Letter,
    Holdout,
}

impl Arm {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Letter => "letter",
            Self::Holdout => "holdout",
        }
    }
}

/// Who a campaign is for: the students counted in the figures as of a date, in the bands
/// asked for, narrowed to schools and grades when any are given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audience {
    pub as_of: NaiveDate,
    /// Empty: every school.
    #[serde(default)]
    pub schools: Vec<SchoolId>,
    /// Empty: every grade.
    #[serde(default)]
    pub grades: Vec<Grade>,
    /// Empty means the default: at risk or worse.
    #[serde(default)]
    pub bands: Vec<Band>,
}

/// The bands of the default rule: at risk or worse.
pub const DEFAULT_BANDS: [Band; 3] = [Band::AtRisk, Band::Moderate, Band::Severe];

impl Audience {
    /// The default campaign rule: every student at risk or worse and counted in the figures as
    /// of `as_of`, at `school` if given (the `showup letters` batch).
    pub fn default_rule(as_of: NaiveDate, school: Option<SchoolId>) -> Self {
        Self {
            as_of,
            schools: school.into_iter().collect(),
            grades: Vec::new(),
            bands: DEFAULT_BANDS.to_vec(),
        }
    }

    fn bands(&self) -> &[Band] {
        if self.bands.is_empty() { &DEFAULT_BANDS } else { &self.bands }
    }

    /// Whether a student's row (at their current school, as of [`Audience::as_of`]) is in.
    pub fn selects(&self, row: &StudentRow) -> bool {
        row.included
            && self.bands().contains(&row.band)
            && (self.schools.is_empty() || self.schools.contains(&row.school_id))
            && (self.grades.is_empty() || self.grades.contains(&row.grade))
    }
}

/// The school a student is at as of `as_of`: the one of their latest span begun by then (the
/// school whose figure `report students` gives for them, and the letter quotes).
pub fn current_school(enrollments: &[Enrollment], as_of: NaiveDate) -> Option<&SchoolId> {
    enrollments
        .iter()
        .filter(|e| e.entry_date <= as_of)
        .max_by_key(|e| (e.entry_date, e.exit_date.is_none()))
        .map(|e| &e.school_id)
}

/// A student's row at their current school among their `rows` (from `report::student_rows`).
pub fn current_row<'a>(
    rows: &'a [StudentRow],
    enrollments: &[Enrollment],
    as_of: NaiveDate,
) -> Option<&'a StudentRow> {
    let school = current_school(enrollments, as_of)?;
    rows.iter().find(|r| &r.school_id == school)
}

/// `POST /api/campaigns`: what an admin sets up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCampaign {
    pub name: String,
    pub audience: Audience,
    pub channels: Vec<Channel>,
    /// The dates of the mailings, e.g. five across the year.
    pub mailings: Vec<NaiveDate>,
    #[serde(default = "default_holdout")]
    pub holdout_pct: u8,
}

impl crate::limits::Capped for NewCampaign {
    fn texts(&self) -> Vec<crate::limits::Text<'_>> {
        vec![crate::limits::Text { field: "name", value: &self.name, max: crate::limits::NAME }]
    }
    fn code(&self) -> &'static str {
        "invalid_campaign"
    }
}

fn default_holdout() -> u8 {
    DEFAULT_HOLDOUT_PCT
}

impl NewCampaign {
    /// What makes this campaign unusable, in words; empty when it is fine.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            out.push("The campaign needs a name.".to_owned());
        }
        if name.chars().count() > MAX_NAME {
            out.push(format!("The name is longer than {MAX_NAME} characters."));
        }
        if self.channels.is_empty() {
            out.push("Pick at least one way to reach families: letter, email or text.".into());
        }
        if self.mailings.is_empty() {
            out.push("The campaign needs at least one mailing date.".to_owned());
        }
        if self.mailings.len() > MAX_MAILINGS {
            out.push(format!("A campaign has at most {MAX_MAILINGS} mailings."));
        }
        let mut dates = self.mailings.clone();
        dates.sort_unstable();
        dates.dedup();
        if dates.len() != self.mailings.len() {
            out.push("Two mailings are on the same date.".to_owned());
        }
        if self.holdout_pct > MAX_HOLDOUT_PCT {
            out.push(format!(
                "The hold-out share is {}%: it must be from 0 to {MAX_HOLDOUT_PCT}%.",
                self.holdout_pct
            ));
        }
        out
    }
}

/// One mailing of a campaign and what came of it once sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mailing {
    pub date: NaiveDate,
    /// Unix milliseconds when its batch went out; `None` until then.
    pub sent_at_ms: Option<i64>,
    #[serde(default)]
    pub letter_students: u32,
    #[serde(default)]
    pub holdout_students: u32,
    /// Emails and texts sent.
    #[serde(default)]
    pub messages: u32,
    /// Contacts skipped because they opted out.
    #[serde(default)]
    pub opted_out: u32,
}

/// A campaign as stored and shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    pub id: String,
    pub name: String,
    pub audience: Audience,
    pub channels: Vec<Channel>,
    pub mailings: Vec<Mailing>,
    pub holdout_pct: u8,
    /// The hold-out's seed ([`crate::letters::holdout`]), drawn when the campaign is made and
    /// recorded: the same students are kept out of every mailing and every run.
    pub seed: u64,
    pub created_by_name: String,
    pub created_at_ms: i64,
}

impl Campaign {
    pub fn new(id: String, seed: u64, new: NewCampaign, by_name: String, at_ms: i64) -> Self {
        let mut dates = new.mailings;
        dates.sort_unstable();
        Self {
            seed,
            id,
            name: new.name.trim().to_owned(),
            audience: new.audience,
            channels: new.channels,
            mailings: dates
                .into_iter()
                .map(|date| Mailing {
                    date,
                    sent_at_ms: None,
                    letter_students: 0,
                    holdout_students: 0,
                    messages: 0,
                    opted_out: 0,
                })
                .collect(),
            holdout_pct: new.holdout_pct,
            created_by_name: by_name,
            created_at_ms: at_ms,
        }
    }
}

/// What came of one student's mailing on one channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    Sent,
    /// The contact had opted out (STOP): nothing was sent.
    OptedOut,
    /// No email or phone on file for the guardian.
    NoContact,
    /// The sender refused it.
    Failed,
    /// A printed letter: in the PDF for the print vendor.
    Printed,
}

/// One message (or letter) of a mailing to one guardian.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sent {
    pub channel: Channel,
    /// The normalized email or phone; empty for a letter or no contact.
    pub to: String,
    pub language: String,
    pub delivery: Delivery,
}

/// Who got what in one mailing: one record per student of the campaign (both arms).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailingRecord {
    pub campaign_id: String,
    /// Index of the mailing in [`Campaign::mailings`].
    pub mailing: u32,
    pub student_id: StudentId,
    pub school_id: SchoolId,
    pub grade: Grade,
    pub arm: Arm,
    /// Days missed as of the mailing (hundredths, as `report students` rounds them), and the
    /// typical classmate's (same school and grade).
    pub days_absent_hundredths: u64,
    pub typical_days_absent_hundredths: u64,
    /// Empty for the hold-out.
    pub sent: Vec<Sent>,
}

/// `GET /api/campaigns/{id}`: the campaign, its mailings' hold-out shares and the effect.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignView {
    pub campaign: Campaign,
    /// Students the audience selects now, and how many of them the hold-out keeps out.
    pub audience_students: u32,
    pub audience_holdout: u32,
    pub effect: Vec<MailingEffect>,
}

/// `GET /api/campaigns/{id}/preview?student=…&language=…`: one letter as the family gets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterPreview {
    pub student_id: StudentId,
    pub student_name: String,
    pub language: LetterLanguage,
    pub arm: Arm,
    pub letter: Letter,
    /// The text message and the email, as they would go out.
    pub text: String,
    pub email: Email,
}

/// `GET /api/campaigns/{id}/students`: the audience now, each with their arm (for picking a
/// letter to preview).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AudienceStudent {
    pub student_id: StudentId,
    pub name: String,
    pub school_id: SchoolId,
    pub grade: Grade,
    pub band: Band,
    pub arm: Arm,
    pub language: LetterLanguage,
}

/// `POST /api/campaigns/{id}/mailings/{n}/send` answers the mailing after its batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchSent {
    pub mailing: Mailing,
}

/// The students of one campaign list entry (`GET /api/campaigns`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignList {
    pub campaigns: Vec<Campaign>,
}

// ---------------------------------------------------------------- did it work?

/// One arm's students in one cell: how many, their mean absences per enrolled day (as a share,
/// 0.05 = 5%), and the standard deviation of the per-student shares.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ArmStats {
    pub students: u32,
    pub mean: f64,
    pub sd: f64,
}

impl ArmStats {
    /// Over per-student shares (sample standard deviation; 0 for one student).
    pub fn of(rates: &[f64]) -> Self {
        let n = rates.len();
        let mean = if n == 0 { 0.0 } else { rates.iter().sum::<f64>() / n as f64 };
        let var = if n < 2 {
            0.0
        } else {
            rates.iter().map(|r| (r - mean).powi(2)).sum::<f64>() / (n - 1) as f64
        };
        Self { students: n as u32, mean, sd: var.sqrt() }
    }
}

/// The letter group's mean less the hold-out's, with its 95% confidence interval: Welch's
/// standard error, normal approximation (z = 1.96). Negative is fewer absences with the letter.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Difference {
    pub estimate: f64,
    pub low: f64,
    pub high: f64,
}

pub const Z_95: f64 = 1.959_963_984_540_054;

/// `None` unless both arms have at least two students.
pub fn difference(letter: ArmStats, holdout: ArmStats) -> Option<Difference> {
    if letter.students < 2 || holdout.students < 2 {
        return None;
    }
    let se = (letter.sd.powi(2) / f64::from(letter.students)
        + holdout.sd.powi(2) / f64::from(holdout.students))
    .sqrt();
    let estimate = letter.mean - holdout.mean;
    Some(Difference { estimate, low: estimate - Z_95 * se, high: estimate + Z_95 * se })
}

impl Difference {
    /// Whether the interval lies wholly below zero: fewer absences with the letter.
    pub fn fewer_absences(&self) -> bool {
        self.high < 0.0
    }
}

/// One student after a mailing: their arm, school, and the days since the mailing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AfterMailing {
    pub arm: Arm,
    pub school_id: SchoolId,
    pub totals: Totals,
}

/// One row of "did it work?": the district or a school; `None` figures when suppressed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EffectRow {
    /// `district` or a school id.
    pub group: String,
    pub suppressed: Option<Suppressed>,
    pub letter: Option<ArmStats>,
    pub holdout: Option<ArmStats>,
    pub difference: Option<Difference>,
}

/// The effect after one mailing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MailingEffect {
    pub mailing: u32,
    pub date: NaiveDate,
    /// School days counted after the mailing (to the next one, or to today).
    pub through: Option<NaiveDate>,
    pub district: EffectRow,
    pub schools: Vec<EffectRow>,
}

fn cell(group: String, students: &[&AfterMailing], thresholds: &Thresholds, min: u32) -> EffectRow {
    let with_days: Vec<&&AfterMailing> =
        students.iter().filter(|s| s.totals.days_enrolled > 0).collect();
    let counts = |arm: Arm| {
        let mut c = BandCounts::default();
        for s in with_days.iter().filter(|s| s.arm == arm) {
            c.add(s.totals.band(thresholds));
        }
        c
    };
    let (letter_counts, holdout_counts) = (counts(Arm::Letter), counts(Arm::Holdout));
    let groups = vec![
        GroupCounts { group: "letter".into(), counts: letter_counts },
        GroupCounts { group: "holdout".into(), counts: holdout_counts },
    ];
    let total = letter_counts.plus(holdout_counts);
    let arms = [
        suppression_of("letter", groups.clone(), total, Some(min)),
        suppression_of("holdout", groups, total, Some(min)),
    ];
    // The cell is hidden for its smallest arm's reason.
    let hidden = arms
        .iter()
        .flatten()
        .copied()
        .find(|why| *why == Suppressed::SmallGroup)
        .or(arms[0].or(arms[1]))
        // An arm with nobody is left out of the report rather than hidden: still too small.
        .or_else(|| {
            (letter_counts.students() == 0 || holdout_counts.students() == 0)
                .then_some(Suppressed::SmallGroup)
        });
    if let Some(why) = hidden {
        return EffectRow {
            group,
            suppressed: Some(why),
            letter: None,
            holdout: None,
            difference: None,
        };
    }
    let rates = |arm: Arm| -> Vec<f64> {
        with_days
            .iter()
            .filter(|s| s.arm == arm)
            .map(|s| s.totals.absent_units as f64 / 10_000.0 / f64::from(s.totals.days_enrolled))
            .collect()
    };
    let (letter, holdout) = (ArmStats::of(&rates(Arm::Letter)), ArmStats::of(&rates(Arm::Holdout)));
    EffectRow {
        group,
        suppressed: None,
        letter: Some(letter),
        holdout: Some(holdout),
        difference: difference(letter, holdout),
    }
}

/// The effect after one mailing: the district, then each school (by id) — a cell whose arms
/// are under `min` students (the district's minimum group size) is suppressed, and a school
/// whose cell is hidden cannot be worked out from the district's.
pub fn mailing_effect(
    mailing: u32,
    date: NaiveDate,
    through: Option<NaiveDate>,
    students: &[AfterMailing],
    thresholds: &Thresholds,
    min: u32,
) -> MailingEffect {
    let all: Vec<&AfterMailing> = students.iter().collect();
    let district = cell("district".into(), &all, thresholds, min);
    let mut schools: Vec<&SchoolId> = students.iter().map(|s| &s.school_id).collect();
    schools.sort_unstable();
    schools.dedup();
    let mut rows: Vec<EffectRow> = schools
        .iter()
        .map(|school| {
            let theirs: Vec<&AfterMailing> =
                students.iter().filter(|s| &s.school_id == *school).collect();
            cell(school.to_string(), &theirs, thresholds, min)
        })
        .collect();
    // One school hidden among shown ones could be worked out from the district less the
    // others: hide the next smallest too (as reports do).
    if rows.iter().filter(|r| r.suppressed.is_some()).count() == 1 && rows.len() > 1 {
        let size = |r: &EffectRow| {
            r.letter.map_or(0, |a| a.students) + r.holdout.map_or(0, |a| a.students)
        };
        if let Some(i) = (0..rows.len())
            .filter(|i| rows[*i].suppressed.is_none())
            .min_by_key(|i| size(&rows[*i]))
        {
            rows[i] = EffectRow {
                group: rows[i].group.clone(),
                suppressed: Some(Suppressed::Complementary),
                letter: None,
                holdout: None,
                difference: None,
            };
        }
    }
    MailingEffect { mailing, date, through, district, schools: rows }
}

/// A difference in absences per enrolled day as percentage points for people: `-1.2`.
pub fn points(share: f64) -> String {
    format!("{:.1}", share * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Totals;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn row(school: &str, grade: &str, band: Band, included: bool) -> StudentRow {
        StudentRow {
            student_id: StudentId::parse("S1").unwrap(),
            school_id: SchoolId::parse(school).unwrap(),
            grade: Grade::parse(grade).unwrap(),
            totals: Totals { days_enrolled: 40, absent_units: 0 },
            band,
            included,
        }
    }

    #[test]
    fn the_default_rule_takes_counted_students_at_risk_or_worse() {
        let rule = Audience::default_rule(d("2026-12-01"), None);
        assert!(rule.selects(&row("A", "3", Band::AtRisk, true)));
        assert!(rule.selects(&row("B", "9", Band::Severe, true)));
        assert!(!rule.selects(&row("A", "3", Band::Satisfactory, true)));
        assert!(!rule.selects(&row("A", "3", Band::Moderate, false)), "not counted");
        let at_a = Audience::default_rule(d("2026-12-01"), Some(SchoolId::parse("A").unwrap()));
        assert!(at_a.selects(&row("A", "3", Band::Moderate, true)));
        assert!(!at_a.selects(&row("B", "3", Band::Moderate, true)));
    }

    #[test]
    fn an_audience_narrows_by_grade_and_band() {
        let mut a = Audience::default_rule(d("2026-12-01"), None);
        a.grades = vec![Grade::parse("3").unwrap()];
        a.bands = vec![Band::Severe];
        assert!(a.selects(&row("A", "3", Band::Severe, true)));
        assert!(!a.selects(&row("A", "4", Band::Severe, true)));
        assert!(!a.selects(&row("A", "3", Band::Moderate, true)));
    }

    fn new(holdout_pct: u8) -> NewCampaign {
        NewCampaign {
            name: "Fall letters".into(),
            audience: Audience::default_rule(d("2026-12-01"), None),
            channels: vec![Channel::Letter],
            mailings: vec![d("2026-12-07")],
            holdout_pct,
        }
    }

    #[test]
    fn the_holdout_share_is_0_to_50_percent() {
        assert!(new(0).problems().is_empty());
        assert!(new(10).problems().is_empty());
        assert!(new(50).problems().is_empty());
        let p = new(51).problems();
        assert_eq!(p.len(), 1);
        assert!(p[0].contains("0 to 50%"), "{p:?}");
        let json = r#"{"name":"x","audience":{"as_of":"2026-12-01"},"channels":["email"],"mailings":["2026-12-07"]}"#;
        let parsed: NewCampaign = serde_json::from_str(json).unwrap();
        assert_eq!(parsed.holdout_pct, DEFAULT_HOLDOUT_PCT);
    }

    #[test]
    fn a_campaign_needs_a_name_a_channel_and_distinct_dates() {
        let mut c = new(10);
        c.name = "  ".into();
        c.channels.clear();
        c.mailings = vec![d("2026-12-07"), d("2026-12-07")];
        assert_eq!(c.problems().len(), 3, "{:?}", c.problems());
    }

    #[test]
    fn the_current_school_is_the_latest_span_begun() {
        let span = |school: &str, from: &str| Enrollment {
            student_id: StudentId::parse("S1").unwrap(),
            school_id: SchoolId::parse(school).unwrap(),
            grade: Grade::parse("3").unwrap(),
            entry_date: d(from),
            exit_date: None,
            homeroom: None,
        };
        let spans = [span("A", "2026-08-20"), span("B", "2026-11-02")];
        assert_eq!(current_school(&spans, d("2026-12-01")).unwrap().as_str(), "B");
        assert_eq!(current_school(&spans, d("2026-10-01")).unwrap().as_str(), "A");
        assert_eq!(current_school(&spans, d("2026-08-01")), None);
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn arm_stats_are_the_mean_and_sample_standard_deviation() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sample variance 32/7.
        let s = ArmStats::of(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
        assert_eq!(s.students, 8);
        assert!(close(s.mean, 5.0));
        assert!(close(s.sd, (32.0f64 / 7.0).sqrt()));
        assert!(close(ArmStats::of(&[0.3]).sd, 0.0));
    }

    #[test]
    fn the_difference_has_welchs_95_percent_interval() {
        // Letter: n 100, mean 0.08, sd 0.05; hold-out: n 25, mean 0.10, sd 0.06.
        // se = sqrt(0.0025/100 + 0.0036/25) = sqrt(0.000169) = 0.013.
        let letter = ArmStats { students: 100, mean: 0.08, sd: 0.05 };
        let holdout = ArmStats { students: 25, mean: 0.10, sd: 0.06 };
        let d = difference(letter, holdout).unwrap();
        assert!(close(d.estimate, -0.02));
        assert!(close(d.low, -0.02 - 1.959_963_984_540_054 * 0.013));
        assert!(close(d.high, -0.02 + 1.959_963_984_540_054 * 0.013));
        assert!((d.low - -0.045_48).abs() < 1e-5 && (d.high - 0.005_48).abs() < 1e-5);
        assert!(!d.fewer_absences(), "the interval crosses zero");
        let tight = difference(
            ArmStats { students: 400, mean: 0.08, sd: 0.05 },
            ArmStats { students: 400, mean: 0.10, sd: 0.05 },
        )
        .unwrap();
        assert!(tight.fewer_absences());
        assert_eq!(difference(ArmStats { students: 1, mean: 0.1, sd: 0.0 }, holdout), None);
    }

    fn after(arm: Arm, school: &str, days: u32, absent_days: u64) -> AfterMailing {
        AfterMailing {
            arm,
            school_id: SchoolId::parse(school).unwrap(),
            totals: Totals { days_enrolled: days, absent_units: absent_days * 10_000 },
        }
    }

    #[test]
    fn the_effect_compares_shares_of_days_missed_after_the_mailing() {
        // School A: 12 letter students missing 1 day in 10, 10 hold-out missing 2 in 10.
        let mut students: Vec<AfterMailing> =
            (0..12).map(|_| after(Arm::Letter, "A", 10, 1)).collect();
        students.extend((0..10).map(|_| after(Arm::Holdout, "A", 10, 2)));
        let e = mailing_effect(0, d("2026-12-07"), None, &students, &Thresholds::default(), 10);
        let a = &e.schools[0];
        assert_eq!(a.suppressed, None);
        assert_eq!(a.letter.unwrap().students, 12);
        assert!(close(a.letter.unwrap().mean, 0.1) && close(a.holdout.unwrap().mean, 0.2));
        let diff = a.difference.unwrap();
        assert!(close(diff.estimate, -0.1) && close(diff.low, -0.1) && close(diff.high, -0.1));
        assert_eq!(e.district, EffectRow { group: "district".into(), ..a.clone() });
    }

    #[test]
    fn small_cells_are_suppressed_and_cannot_be_worked_out() {
        // A: big enough; B: 3 hold-out students (hidden); C: big enough but the smallest
        // other school, hidden too so B is not the district less A and C.
        let mut s: Vec<AfterMailing> = Vec::new();
        s.extend((0..20).map(|_| after(Arm::Letter, "A", 10, 1)));
        s.extend((0..15).map(|_| after(Arm::Holdout, "A", 10, 1)));
        s.extend((0..20).map(|_| after(Arm::Letter, "B", 10, 1)));
        s.extend((0..3).map(|_| after(Arm::Holdout, "B", 10, 1)));
        s.extend((0..12).map(|_| after(Arm::Letter, "C", 10, 1)));
        s.extend((0..11).map(|_| after(Arm::Holdout, "C", 10, 1)));
        let e = mailing_effect(0, d("2026-12-07"), None, &s, &Thresholds::default(), 10);
        assert_eq!(e.district.suppressed, None);
        let why: Vec<Option<Suppressed>> = e.schools.iter().map(|r| r.suppressed).collect();
        assert_eq!(why, [None, Some(Suppressed::SmallGroup), Some(Suppressed::Complementary)]);
        assert_eq!(e.schools[1].letter, None, "a hidden cell shows no figure");
        // A student with no school day since the mailing is not counted.
        let mut only_a: Vec<AfterMailing> =
            s.into_iter().filter(|x| x.school_id.as_str() == "A").collect();
        only_a.push(after(Arm::Holdout, "A", 0, 0));
        let e = mailing_effect(0, d("2026-12-07"), None, &only_a, &Thresholds::default(), 10);
        assert_eq!(e.district.holdout.unwrap().students, 15);
        // A district whose hold-out is under the minimum shows nothing.
        let e = mailing_effect(0, d("2026-12-07"), None, &only_a, &Thresholds::default(), 16);
        assert_eq!(e.district.suppressed, Some(Suppressed::SmallGroup));
    }
}
