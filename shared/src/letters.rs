//! The letter to a family about their child's absences (Rogers & Feller): the child's days
//! missed beside the typical classmate's, in plain, positive words, under 150 words — and the
//! same facts as a text message (two SMS segments at most) and a short email.
//!
//! Pure: the API turns a [`Letter`] into a PDF page, the outbox sends the [`sms`] and [`email`].

use crate::report::StudentRow;
use crate::{Grade, SchoolId, StudentId};
use serde::{Deserialize, Serialize};

/// The languages letters are written in. Others fall back to English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LetterLanguage {
    En,
    Es,
}

impl LetterLanguage {
    pub const ALL: [Self; 2] = [Self::En, Self::Es];

    /// From a BCP 47 tag (`es`, `es-MX`, `EN-us`); anything not Spanish is English.
    pub fn from_tag(tag: Option<&str>) -> Self {
        let primary = tag.unwrap_or("").trim().split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("es") { Self::Es } else { Self::En }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Es => "es",
        }
    }
}

/// Everything a letter says. Days are in hundredths of a day, rounded as the reports round
/// them ([`crate::Totals::days_absent_hundredths`]), so the letter and `report students` agree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterFacts {
    pub student_first_name: String,
    pub days_absent_hundredths: u64,
    pub typical_days_absent_hundredths: u64,
    /// School days the student was enrolled so far this year.
    pub school_days_so_far: u32,
    pub school_name: String,
    pub contact_name: String,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    /// The family page, e.g. `https://showup.example.org/family`.
    pub family_link: String,
    pub language: LetterLanguage,
}

/// The bar chart beside the words: two bars, the child's and the typical classmate's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chart {
    pub title: String,
    pub child_label: String,
    pub child_hundredths: u64,
    pub typical_label: String,
    pub typical_hundredths: u64,
}

impl Chart {
    /// Each bar's length as a share of the longer one, in ten-thousandths (the longer is
    /// 10 000; both 0 when neither child nor classmate missed a day).
    pub fn bar_lengths(&self) -> (u32, u32) {
        let max = self.child_hundredths.max(self.typical_hundredths);
        if max == 0 {
            return (0, 0);
        }
        let share = |v: u64| (v * 10_000 / max) as u32;
        (share(self.child_hundredths), share(self.typical_hundredths))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    pub greeting: String,
    pub paragraphs: Vec<String>,
    pub chart: Chart,
    /// Lines after the body: a closing, then who signs.
    pub signoff: Vec<String>,
}

impl Letter {
    /// The words of the letter's body (greeting, paragraphs and signoff), as a reader counts them.
    pub fn word_count(&self) -> usize {
        std::iter::once(&self.greeting)
            .chain(&self.paragraphs)
            .chain(&self.signoff)
            .map(|s| word_count(s))
            .sum()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email {
    pub subject: String,
    pub body: String,
}

/// Words separated by white space.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// `9.5` days for people, the reports' rounding.
pub fn days_text(hundredths: u64) -> String {
    crate::decimal::trim_decimal(hundredths, 2)
}

fn days(hundredths: u64, lang: LetterLanguage) -> String {
    let n = days_text(hundredths);
    match (lang, hundredths == 100) {
        (LetterLanguage::En, true) => "1 day".to_owned(),
        (LetterLanguage::En, false) => format!("{n} days"),
        (LetterLanguage::Es, true) => "1 día".to_owned(),
        (LetterLanguage::Es, false) => format!("{n} días"),
    }
}

/// How to reach the contact, in words: `555-0100 or lee@school.org`; `None` with neither.
fn reach(f: &LetterFacts) -> Option<String> {
    let or = match f.language {
        LetterLanguage::En => "or",
        LetterLanguage::Es => "o",
    };
    match (&f.contact_phone, &f.contact_email) {
        (Some(p), Some(e)) => Some(format!("{p} {or} {e}")),
        (Some(p), None) => Some(p.clone()),
        (None, Some(e)) => Some(e.clone()),
        (None, None) => None,
    }
}

/// Who signs: the contact and the school, or the school alone when it is the contact.
fn signer(f: &LetterFacts) -> String {
    let (contact, school) = (f.contact_name.trim(), f.school_name.trim());
    if contact == school { school.to_owned() } else { format!("{contact}, {school}") }
}

/// How the child compares with the typical classmate, by whole and half days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compared {
    /// More than half a day above the typical classmate.
    More,
    /// Within half a day of the typical classmate.
    Same,
    Fewer,
}

fn compared(f: &LetterFacts) -> Compared {
    let (c, t) = (f.days_absent_hundredths, f.typical_days_absent_hundredths);
    if c > t + 50 {
        Compared::More
    } else if c + 50 < t {
        Compared::Fewer
    } else {
        Compared::Same
    }
}

/// The letter in the family's language.
pub fn letter(f: &LetterFacts) -> Letter {
    let name = f.student_first_name.trim();
    let lang = f.language;
    let missed = days(f.days_absent_hundredths, lang);
    let typical = days(f.typical_days_absent_hundredths, lang);
    let gap = days(f.days_absent_hundredths.saturating_sub(f.typical_days_absent_hundredths), lang);
    let so_far = f.school_days_so_far;
    let school = f.school_name.trim();
    let contact = f.contact_name.trim();
    let reach = reach(f)
        .map(|r| match lang {
            LetterLanguage::En => format!(" at {r}"),
            LetterLanguage::Es => format!(" al {r}"),
        })
        .unwrap_or_default();
    let link = f.family_link.trim();
    match lang {
        LetterLanguage::En => {
            let meaning = match compared(f) {
                Compared::More => format!(
                    "That is {gap} more than a typical classmate. Missing just two days a month \
                     can make reading and math harder, and every day back helps."
                ),
                Compared::Same | Compared::Fewer => format!(
                    "Missing just two days a month can make reading and math harder. Every day \
                     {name} is here helps."
                ),
            };
            Letter {
                greeting: format!("Dear family of {name},"),
                paragraphs: vec![
                    format!(
                        "We missed {name} at school! So far this year, {name} has missed {missed} \
                         out of {so_far}. A typical classmate in the same grade at {school} has \
                         missed {typical}."
                    ),
                    meaning,
                    "Two things that help: set a bedtime and a morning routine, and plan doctor \
                     visits after school when you can."
                        .to_owned(),
                    format!(
                        "If something makes getting to school hard, we want to help. Please \
                         contact {contact}{reach}. See {name}'s attendance any time at {link}"
                    ),
                ],
                chart: Chart {
                    title: "Days missed so far".to_owned(),
                    child_label: name.to_owned(),
                    child_hundredths: f.days_absent_hundredths,
                    typical_label: "Typical classmate".to_owned(),
                    typical_hundredths: f.typical_days_absent_hundredths,
                },
                signoff: vec!["Thank you for all you do,".to_owned(), signer(f)],
            }
        }
        LetterLanguage::Es => {
            let meaning = match compared(f) {
                Compared::More => format!(
                    "Son {gap} más que un compañero típico. Faltar solo dos días al mes puede \
                     hacer más difícil la lectura y las matemáticas, y cada día de regreso ayuda."
                ),
                Compared::Same | Compared::Fewer => format!(
                    "Faltar solo dos días al mes puede hacer más difícil la lectura y las \
                     matemáticas. Cada día que {name} viene ayuda."
                ),
            };
            Letter {
                greeting: format!("Estimada familia de {name}:"),
                paragraphs: vec![
                    format!(
                        "¡Extrañamos a {name} en la escuela! En lo que va del año, {name} ha \
                         faltado {missed} de {so_far}. Un compañero típico del mismo grado en \
                         {school} ha faltado {typical}."
                    ),
                    meaning,
                    "Dos cosas que ayudan: tener una hora fija para dormir y una rutina por la \
                     mañana, y hacer las citas médicas después de clases cuando se pueda."
                        .to_owned(),
                    format!(
                        "Si algo hace difícil llegar a la escuela, queremos ayudar. Comuníquese \
                         con {contact}{reach}. Vea la asistencia de {name} en cualquier momento \
                         en {link}"
                    ),
                ],
                chart: Chart {
                    title: "Días faltados hasta ahora".to_owned(),
                    child_label: name.to_owned(),
                    child_hundredths: f.days_absent_hundredths,
                    typical_label: "Compañero típico".to_owned(),
                    typical_hundredths: f.typical_days_absent_hundredths,
                },
                signoff: vec!["Gracias por todo lo que hace,".to_owned(), signer(f)],
            }
        }
    }
}

/// The email: the same facts, shorter.
pub fn email(f: &LetterFacts) -> Email {
    let name = f.student_first_name.trim();
    let lang = f.language;
    let missed = days(f.days_absent_hundredths, lang);
    let typical = days(f.typical_days_absent_hundredths, lang);
    let school = f.school_name.trim();
    let contact = f.contact_name.trim();
    let reach = reach(f)
        .map(|r| match lang {
            LetterLanguage::En => format!(" at {r}"),
            LetterLanguage::Es => format!(" al {r}"),
        })
        .unwrap_or_default();
    let signer = signer(f);
    let link = f.family_link.trim();
    match lang {
        LetterLanguage::En => Email {
            subject: format!("We missed {name} at school"),
            body: format!(
                "Dear family of {name},\n\n\
                 So far this year {name} has missed {missed} of school; a typical classmate in \
                 the same grade at {school} has missed {typical}. Every day counts, and we are \
                 here to help: a steady bedtime and morning routine make a difference.\n\n\
                 Questions? Contact {contact}{reach}.\n\
                 {name}'s attendance: {link}\n\n\
                 Thank you,\n{signer}\n"
            ),
        },
        LetterLanguage::Es => Email {
            subject: format!("Extrañamos a {name} en la escuela"),
            body: format!(
                "Estimada familia de {name}:\n\n\
                 En lo que va del año, {name} ha faltado {missed}; un compañero típico del mismo \
                 grado en {school} ha faltado {typical}. Cada día cuenta y estamos para ayudar: \
                 una hora fija para dormir y una rutina por la mañana hacen la diferencia.\n\n\
                 ¿Preguntas? Comuníquese con {contact}{reach}.\n\
                 Asistencia de {name}: {link}\n\n\
                 Gracias,\n{signer}\n"
            ),
        },
    }
}

/// The most segments a text may take.
pub const SMS_MAX_SEGMENTS: usize = 2;

/// GSM 03.38's basic character set (one septet each).
const GSM7_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
                          ¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// GSM 03.38's extension table (an escape plus the character: two septets each).
const GSM7_EXTENDED: &str = "^{}\\[~]|€\x0c";

/// How many SMS segments `text` takes: GSM-7 (160 septets alone, 153 a segment when split)
/// when every character is in the GSM alphabet, otherwise UCS-2 (70 UTF-16 units alone, 67 a
/// segment when split). 0 for the empty text.
pub fn sms_segments(text: &str) -> usize {
    let gsm: Option<usize> = text
        .chars()
        .map(|c| {
            if GSM7_BASIC.contains(c) {
                Some(1)
            } else if GSM7_EXTENDED.contains(c) {
                Some(2)
            } else {
                None
            }
        })
        .sum();
    let (len, single, multi) = match gsm {
        Some(septets) => (septets, 160, 153),
        None => (text.encode_utf16().count(), 70, 67),
    };
    if len == 0 {
        0
    } else if len <= single {
        1
    } else {
        len.div_ceil(multi)
    }
}

/// The text message: the facts in as few words as fit in [`SMS_MAX_SEGMENTS`] segments, with
/// how to stop texts. Drops the school, then the contact, then uses a compact wording, and
/// shortens the name only if it still must.
pub fn sms(f: &LetterFacts) -> String {
    let name = f.student_first_name.trim();
    let fits = |s: &String| sms_segments(s) <= SMS_MAX_SEGMENTS;
    for level in [SmsLevel::Full, SmsLevel::WithContact, SmsLevel::Plain, SmsLevel::Compact] {
        let text = sms_text(f, name, level);
        if fits(&text) {
            return text;
        }
    }
    // A very long name (or link): shorten the name until the rest fits.
    let mut chars: Vec<char> = name.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let short: String = chars.iter().collect::<String>() + "...";
        let text = sms_text(f, &short, SmsLevel::Compact);
        if fits(&text) {
            return text;
        }
    }
    sms_text(f, "", SmsLevel::Compact)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SmsLevel {
    /// School and contact.
    Full,
    WithContact,
    Plain,
    /// The fewest words, for texts in UCS-2 (a name outside the GSM alphabet).
    Compact,
}

fn sms_text(f: &LetterFacts, name: &str, level: SmsLevel) -> String {
    let missed = days_text(f.days_absent_hundredths);
    let typical = days_text(f.typical_days_absent_hundredths);
    let link = f.family_link.trim();
    let school = f.school_name.trim();
    let who = match (level, f.contact_phone.as_deref().or(f.contact_email.as_deref())) {
        (SmsLevel::Full | SmsLevel::WithContact, Some(r)) => {
            format!(" {}: {r}.", f.contact_name.trim())
        }
        _ => String::new(),
    };
    // The Spanish avoids í, á, ó and ú where it can: they are outside GSM-7 and would make the
    // whole text UCS-2, less than half the room.
    match (f.language, level) {
        (LetterLanguage::En, SmsLevel::Compact) => {
            format!(
                "We missed {name}! Days missed: {missed} (typical classmate: {typical}). {link} Reply STOP to end"
            )
        }
        (LetterLanguage::Es, SmsLevel::Compact) => {
            format!(
                "¡Extrañamos a {name}! Faltas: {missed} (compañero de su grado: {typical}). {link} Responda STOP para no recibir mensajes"
            )
        }
        (LetterLanguage::En, _) => {
            let at = if level == SmsLevel::Full { format!(" at {school}") } else { String::new() };
            format!(
                "We missed {name}{at}! Days missed so far: {missed}; typical classmate: \
                 {typical}. We can help.{who} {link} Reply STOP to end texts."
            )
        }
        (LetterLanguage::Es, _) => {
            let at = if level == SmsLevel::Full { format!(" en {school}") } else { String::new() };
            format!(
                "¡Extrañamos a {name}{at}! Faltas este año: {missed}; las de un compañero de su \
                 grado: {typical}. Podemos ayudar.{who} {link} Responda STOP para no recibir \
                 mensajes."
            )
        }
    }
}

/// The typical classmate's days missed: the median (the lower middle for an even count) of
/// the days missed, in hundredths, of the students counted in the figures (`included`) in
/// `grade` at `school`. `None` when nobody is counted there.
pub fn typical_days_absent(rows: &[StudentRow], school: &SchoolId, grade: Grade) -> Option<u64> {
    crate::family::median(
        rows.iter()
            .filter(|r| r.included && &r.school_id == school && r.grade == grade)
            .map(|r| r.totals.days_absent_hundredths())
            .collect(),
    )
}

/// Whether a student is held out of a campaign: a stable draw from the campaign's seed and the
/// student, the same on every run and every machine, true for about `share_pct` percent of
/// students (0 holds out nobody, 100 everybody).
pub fn holdout(campaign_seed: u64, student_id: &StudentId, share_pct: u8) -> bool {
    holdout_bucket(campaign_seed, student_id) < u64::from(share_pct.min(100))
}

/// The student's bucket, 0 to 99, for a campaign.
pub fn holdout_bucket(campaign_seed: u64, student_id: &StudentId) -> u64 {
    // FNV-1a over the seed and the id, then a SplitMix64 finalizer to spread the bits.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in campaign_seed.to_le_bytes().iter().chain(student_id.as_str().as_bytes()) {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    h % 100
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Totals;
    use crate::band::Band;

    fn facts(lang: LetterLanguage) -> LetterFacts {
        LetterFacts {
            student_first_name: "Maya".into(),
            days_absent_hundredths: 950,
            typical_days_absent_hundredths: 300,
            school_days_so_far: 62,
            school_name: "Lincoln Elementary".into(),
            contact_name: "Ms. Rivera".into(),
            contact_phone: Some("(555) 010-0100".into()),
            contact_email: Some("rivera@lincoln.example.org".into()),
            family_link: "https://showup.example.org/family".into(),
            language: lang,
        }
    }

    fn long_facts(lang: LetterLanguage) -> LetterFacts {
        LetterFacts {
            student_first_name: "Maximiliano Alejandro".into(),
            days_absent_hundredths: 1_233,
            typical_days_absent_hundredths: 1_050,
            school_days_so_far: 180,
            school_name: "Thomas Jefferson International Middle School".into(),
            contact_name: "Dr. Guadalupe Hernández-Villanueva".into(),
            contact_phone: Some("(555) 010-0100 ext. 2345".into()),
            contact_email: Some("guadalupe.hernandez-villanueva@jefferson.example.org".into()),
            family_link: "https://attendance.springfield-unified.example.org/family".into(),
            language: lang,
        }
    }

    fn all_text(l: &Letter) -> String {
        let mut s = l.greeting.clone();
        for p in l.paragraphs.iter().chain(&l.signoff) {
            s.push('\n');
            s.push_str(p);
        }
        s
    }

    #[test]
    fn letters_stay_under_150_words_in_both_languages() {
        for lang in LetterLanguage::ALL {
            for f in [facts(lang), long_facts(lang)] {
                let l = letter(&f);
                assert!(
                    l.word_count() <= 150,
                    "{lang:?}: {} words\n{}",
                    l.word_count(),
                    all_text(&l)
                );
                assert!(l.word_count() >= 60, "{lang:?}: suspiciously short");
            }
        }
    }

    #[test]
    fn word_count_counts_words() {
        assert_eq!(word_count("We missed  Maya\nat school!"), 5);
        assert_eq!(word_count(""), 0);
    }

    #[test]
    fn the_letter_states_the_facts() {
        let en = all_text(&letter(&facts(LetterLanguage::En)));
        assert!(en.contains("We missed Maya"), "{en}");
        assert!(en.contains("missed 9.5 days out of 62"), "{en}");
        assert!(en.contains("has missed 3 days."), "{en}");
        assert!(en.contains("6.5 days more than a typical classmate"), "{en}");
        assert!(en.contains("Ms. Rivera at (555) 010-0100 or rivera@lincoln.example.org"), "{en}");
        assert!(en.contains("https://showup.example.org/family"), "{en}");
        let es = all_text(&letter(&facts(LetterLanguage::Es)));
        assert!(es.contains("Extrañamos a Maya"), "{es}");
        assert!(es.contains("faltado 9.5 días de 62"), "{es}");
        assert!(es.contains("ha faltado 3 días."), "{es}");
        assert!(es.contains("Ms. Rivera al (555) 010-0100 o rivera@lincoln.example.org"), "{es}");
        assert!(es.contains("https://showup.example.org/family"), "{es}");
    }

    #[test]
    fn a_school_without_phone_or_email_is_the_contact_and_the_signer() {
        for lang in LetterLanguage::ALL {
            let mut f = facts(lang);
            f.contact_name = f.school_name.clone();
            f.contact_phone = None;
            f.contact_email = None;
            let l = letter(&f);
            let text = all_text(&l);
            let ask = match lang {
                LetterLanguage::En => "Please contact Lincoln Elementary. See",
                LetterLanguage::Es => "Comuníquese con Lincoln Elementary. Vea",
            };
            assert!(text.contains(ask), "{text}");
            assert_eq!(l.signoff[1], "Lincoln Elementary");
            let e = email(&f);
            assert!(e.body.contains("Lincoln Elementary.\n") && !e.body.contains(" al Lincoln"));
            assert!(e.body.ends_with("\nLincoln Elementary\n"), "{}", e.body);
        }
        assert_eq!(letter(&facts(LetterLanguage::En)).signoff[1], "Ms. Rivera, Lincoln Elementary");
    }

    #[test]
    fn no_blame_words() {
        for lang in LetterLanguage::ALL {
            let text = all_text(&letter(&facts(lang))).to_lowercase();
            for word in ["truan", "fail", "law", "court", "penalt", "must", "ausentismo", "debe"] {
                assert!(!text.contains(word), "{lang:?} says {word}: {text}");
            }
        }
    }

    #[test]
    fn one_day_is_singular_and_no_more_than_typical_changes_the_meaning() {
        let mut f = facts(LetterLanguage::En);
        f.days_absent_hundredths = 100;
        f.typical_days_absent_hundredths = 100;
        let en = all_text(&letter(&f));
        assert!(en.contains("has missed 1 day out of 62"), "{en}");
        assert!(!en.contains("more than a typical"), "{en}");
        f.language = LetterLanguage::Es;
        let es = all_text(&letter(&f));
        assert!(es.contains("faltado 1 día de 62"), "{es}");
        assert!(!es.contains("más que un compañero"), "{es}");
    }

    #[test]
    fn the_chart_carries_both_figures() {
        let l = letter(&facts(LetterLanguage::Es));
        assert_eq!(l.chart.child_hundredths, 950);
        assert_eq!(l.chart.typical_hundredths, 300);
        assert_eq!(l.chart.child_label, "Maya");
        assert_eq!(l.chart.typical_label, "Compañero típico");
        assert_eq!(l.chart.bar_lengths(), (10_000, 3_157));
        let zero = Chart { child_hundredths: 0, typical_hundredths: 0, ..l.chart };
        assert_eq!(zero.bar_lengths(), (0, 0));
    }

    #[test]
    fn language_from_tags() {
        assert_eq!(LetterLanguage::from_tag(Some("es-MX")), LetterLanguage::Es);
        assert_eq!(LetterLanguage::from_tag(Some("ES")), LetterLanguage::Es);
        assert_eq!(LetterLanguage::from_tag(Some("en-US")), LetterLanguage::En);
        assert_eq!(LetterLanguage::from_tag(Some("vi")), LetterLanguage::En);
        assert_eq!(LetterLanguage::from_tag(Some("est")), LetterLanguage::En);
        assert_eq!(LetterLanguage::from_tag(None), LetterLanguage::En);
    }

    #[test]
    fn sms_segments_count_gsm7_and_ucs2() {
        assert_eq!(sms_segments(""), 0);
        assert_eq!(sms_segments(&"a".repeat(160)), 1);
        assert_eq!(sms_segments(&"a".repeat(161)), 2);
        assert_eq!(sms_segments(&"a".repeat(306)), 2);
        assert_eq!(sms_segments(&"a".repeat(307)), 3);
        // The extension table costs two septets.
        assert_eq!(sms_segments(&"€".repeat(80)), 1);
        assert_eq!(sms_segments(&"€".repeat(81)), 2);
        // One character outside GSM-7 makes the whole text UCS-2.
        assert_eq!(sms_segments(&format!("í{}", "a".repeat(69))), 1);
        assert_eq!(sms_segments(&format!("í{}", "a".repeat(70))), 2);
        assert_eq!(sms_segments(&format!("í{}", "a".repeat(133))), 2);
        assert_eq!(sms_segments(&format!("í{}", "a".repeat(134))), 3);
        // Characters beyond the BMP take two UTF-16 units.
        assert_eq!(sms_segments(&"😀".repeat(35)), 1);
        assert_eq!(sms_segments(&"😀".repeat(36)), 2);
        assert_eq!(sms_segments("ñ é ü à ¿¡"), 1);
    }

    #[test]
    fn texts_fit_two_segments_in_both_languages() {
        for lang in LetterLanguage::ALL {
            let f = facts(lang);
            let t = sms(&f);
            assert!(sms_segments(&t) <= 2, "{t}");
            assert!(t.contains("Maya") && t.contains(": 9.5;") && t.contains(": 3."), "{t}");
            assert!(t.contains("STOP") && t.contains(&f.family_link), "{t}");
            for mut f in [long_facts(lang), facts(lang)] {
                // Vietnamese names force UCS-2; very long names must still fit.
                f.student_first_name = "Nguyễn Thị Ánh Tuyết".into();
                let t = sms(&f);
                assert!(sms_segments(&t) <= 2, "{t}");
                assert!(t.contains("STOP") && t.contains(&f.family_link), "{t}");
                f.student_first_name = "Ánh".repeat(60);
                let t = sms(&f);
                assert!(sms_segments(&t) <= 2, "{t}");
                assert!(t.contains(&days_text(f.days_absent_hundredths)), "{t}");
            }
        }
        // With room, the text names the school and the contact.
        let t = sms(&facts(LetterLanguage::En));
        assert!(
            t.contains("Lincoln Elementary") && t.contains("Ms. Rivera: (555) 010-0100"),
            "{t}"
        );
        let t = sms(&facts(LetterLanguage::Es));
        assert!(
            t.contains("Lincoln Elementary") && t.contains("Ms. Rivera: (555) 010-0100"),
            "{t}"
        );
    }

    #[test]
    fn emails_carry_the_same_facts_in_fewer_words() {
        for lang in LetterLanguage::ALL {
            let f = facts(lang);
            let e = email(&f);
            assert!(e.subject.contains("Maya"));
            for needle in ["9.5", "3 d", "Ms. Rivera", "(555) 010-0100", &f.family_link] {
                assert!(e.body.contains(needle), "{lang:?} lacks {needle}: {}", e.body);
            }
            assert!(word_count(&e.body) < letter(&f).word_count(), "{}", e.body);
        }
    }

    fn row(id: &str, school: &str, grade: &str, units: u64, included: bool) -> StudentRow {
        StudentRow {
            student_id: StudentId::parse(id).unwrap(),
            school_id: SchoolId::parse(school).unwrap(),
            grade: Grade::parse(grade).unwrap(),
            totals: Totals { days_enrolled: 60, absent_units: units },
            band: Band::Satisfactory,
            included,
        }
    }

    #[test]
    fn the_typical_classmate_is_the_median_of_counted_students_of_the_grade() {
        let rows = vec![
            row("s1", "A", "3", 10_000, true),
            row("s2", "A", "3", 30_000, true),
            row("s3", "A", "3", 95_000, true),
            row("s4", "A", "3", 5_000, true),
            // Not counted, another grade, another school: all left out.
            row("s5", "A", "3", 0, false),
            row("s6", "A", "4", 0, true),
            row("s7", "B", "3", 0, true),
        ];
        let a = SchoolId::parse("A").unwrap();
        let g3 = Grade::parse("3").unwrap();
        // 0.5, 1, 3, 9.5 days: the lower middle is 1 day.
        assert_eq!(typical_days_absent(&rows, &a, g3), Some(100));
        assert_eq!(typical_days_absent(&rows[..3], &a, g3), Some(300));
        assert_eq!(typical_days_absent(&rows, &a, Grade::parse("5").unwrap()), None);
        // Rounded as the reports round: 0.3333 day is 0.33.
        let odd = [row("s1", "A", "3", 3_333, true)];
        assert_eq!(typical_days_absent(&odd, &a, g3), Some(33));
    }

    #[test]
    fn holdout_is_stable_and_about_the_share() {
        let ids: Vec<StudentId> =
            (0..10_000).map(|i| StudentId::parse(&format!("S{i:05}")).unwrap()).collect();
        let held = ids.iter().filter(|id| holdout(42, id, 10)).count();
        assert!((900..=1100).contains(&held), "{held}");
        assert_eq!(ids.iter().filter(|id| holdout(42, id, 0)).count(), 0);
        assert_eq!(ids.iter().filter(|id| holdout(42, id, 100)).count(), 10_000);
        // Stable: the same answers on every call; a pinned value guards against a changed hash.
        let first: Vec<bool> = ids.iter().map(|id| holdout(42, id, 10)).collect();
        let again: Vec<bool> = ids.iter().map(|id| holdout(42, id, 10)).collect();
        assert_eq!(first, again);
        assert_eq!(holdout_bucket(42, &ids[0]), holdout_bucket(42, &ids[0]));
        let pinned: Vec<u64> = ids[..5].iter().map(|id| holdout_bucket(7, id)).collect();
        assert_eq!(pinned, PINNED_BUCKETS);
        // A larger share holds out a superset; another seed draws other students.
        assert!(ids.iter().all(|id| !holdout(42, id, 10) || holdout(42, id, 20)));
        let other = ids.iter().filter(|id| holdout(43, id, 10) != holdout(42, id, 10)).count();
        assert!(other > 1000, "{other}");
    }

    const PINNED_BUCKETS: [u64; 5] = [82, 48, 91, 28, 56];
}
