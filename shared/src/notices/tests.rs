use super::defaults::all_templates;
use super::*;
use crate::totals::DayAbsence;
use std::collections::BTreeMap;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// School days: every weekday from Mon 2026-09-07 to Fri 2026-12-18.
fn calendar() -> Calendar {
    let mut day = d("2026-09-07");
    let mut out = Vec::new();
    while day <= d("2026-12-18") {
        if chrono::Datelike::weekday(&day).number_from_monday() <= 5 {
            out.push(day);
        }
        day = day.succ_opt().unwrap();
    }
    out.into()
}

fn student(marked: &[(&str, DayKind, u32)]) -> StudentDays {
    let marked: BTreeMap<NaiveDate, DayAbsence> = marked
        .iter()
        .map(|(day, kind, units)| (d(day), DayAbsence { units: *units, kind: *kind }))
        .collect();
    StudentDays { days: calendar().days().to_vec(), marked }
}

const WHOLE: u32 = 10_000;
use DayKind::{Excused, Partial, Tardy, Unexcused};

fn due(id: RuleSetId, days: &StudentDays, sent: &[SentNotice], today: &str) -> Vec<NoticeDue> {
    notices_due(&rule_set(id), DEFAULT_DAY_MINUTES, days, &calendar(), sent, d(today))
}

#[test]
fn california_counts_the_third_unexcused_absence_or_late_arrival_over_30_minutes() {
    // 2 whole days, a tardy (no time missed), an excused day, just under 30 minutes,
    // then (30 minutes is 833.3 units: 833 is not over) 31 minutes missed on Oct 1st (31/360 of a day = 0.0861…, 862 units) is the third.
    let days = student(&[
        ("2026-09-08", Unexcused, WHOLE),
        ("2026-09-10", Tardy, 0),
        ("2026-09-14", Excused, WHOLE),
        ("2026-09-16", Unexcused, WHOLE),
        ("2026-09-22", Partial, 833),
        ("2026-10-01", Partial, 862),
    ]);
    let got = due(RuleSetId::California, &days, &[], "2026-10-02");
    assert_eq!(got.len(), 1);
    let n = got[0];
    assert_eq!(
        (n.kind, n.trigger_date, n.occasions),
        (NoticeKind::TruancyNotice, d("2026-10-01"), 3)
    );
    // 5 school days after Thu Oct 1st: Fri 2, Mon 5, Tue 6, Wed 7, Thu 8.
    assert_eq!(n.deadline, d("2026-10-08"));
    assert!(!n.past_due);
}

#[test]
fn thirty_minutes_exactly_is_not_over_thirty() {
    // 30 of 360 minutes is 833.3 units: 833 is under, 834 over.
    assert!(!is_occasion(Partial, 833, PartDays::OverMinutes(30), 360));
    assert!(is_occasion(Partial, 834, PartDays::OverMinutes(30), 360));
    assert!(!is_occasion(Partial, 834, PartDays::WholeDaysOnly, 360));
    assert!(is_occasion(Unexcused, 100, PartDays::AnyPart, 360));
    assert!(!is_occasion(Excused, WHOLE, PartDays::AnyPart, 360));
    assert!(!is_occasion(Tardy, 0, PartDays::AnyPart, 360));
}

#[test]
fn pennsylvania_gives_ten_school_days_from_the_third_unexcused_absence() {
    let days = student(&[
        ("2026-09-08", Unexcused, WHOLE),
        ("2026-09-09", Partial, 5_000),
        ("2026-09-15", Unexcused, WHOLE),
        ("2026-09-21", Unexcused, WHOLE),
    ]);
    let got = due(RuleSetId::Pennsylvania, &days, &[], "2026-10-05");
    // Half days do not count for Pennsylvania's rule; the conference waits for the notice.
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].trigger_date, d("2026-09-21"));
    // Mon Sep 21 + 10 school days = Mon Oct 5: due that day, past due the next.
    assert_eq!(got[0].deadline, d("2026-10-05"));
    assert!(!got[0].past_due);
    assert!(due(RuleSetId::Pennsylvania, &days, &[], "2026-10-06")[0].past_due);
}

#[test]
fn pennsylvania_offers_the_conference_when_absences_go_on_after_the_notice() {
    let mut marked = vec![
        ("2026-09-08", Unexcused, WHOLE),
        ("2026-09-15", Unexcused, WHOLE),
        ("2026-09-21", Unexcused, WHOLE),
    ];
    let sent = [SentNotice { kind: NoticeKind::TruancyNotice, sent_on: d("2026-09-23") }];
    // Nothing after the notice: nothing due (the notice itself was sent).
    assert_eq!(due(RuleSetId::Pennsylvania, &student(&marked), &sent, "2026-10-01"), vec![]);
    // An absence on the day it was sent does not count; one after it does.
    marked.push(("2026-09-23", Unexcused, WHOLE));
    assert_eq!(due(RuleSetId::Pennsylvania, &student(&marked), &sent, "2026-10-01"), vec![]);
    marked.push(("2026-09-28", Unexcused, WHOLE));
    let got = due(RuleSetId::Pennsylvania, &student(&marked), &sent, "2026-10-01");
    assert_eq!(got.len(), 1);
    assert_eq!((got[0].kind, got[0].trigger_date), (NoticeKind::ConferenceOffer, d("2026-09-28")));
}

#[test]
fn texas_warns_at_three_in_four_weeks_and_not_at_three_in_four_weeks_and_a_day() {
    // Sep 8, Sep 22 and Oct 5: Oct 5 − 28 days = Sep 7, so Sep 8 is inside the window.
    let inside = student(&[
        ("2026-09-08", Unexcused, WHOLE),
        ("2026-09-22", Partial, 2_000),
        ("2026-10-05", Unexcused, WHOLE),
    ]);
    let got = due(RuleSetId::Texas, &inside, &[], "2026-10-06");
    assert_eq!(got.len(), 1);
    assert_eq!((got[0].trigger_date, got[0].occasions), (d("2026-10-05"), 3));
    // Oct 6 − 28 days = Sep 8: the first absence falls out of the window.
    let outside = student(&[
        ("2026-09-08", Unexcused, WHOLE),
        ("2026-09-22", Unexcused, WHOLE),
        ("2026-10-06", Unexcused, WHOLE),
    ]);
    assert_eq!(due(RuleSetId::Texas, &outside, &[], "2026-10-07"), vec![]);
}

#[test]
fn a_window_of_school_days_counts_the_students_last_school_days() {
    let rule =
        Trigger { count: 2, window: Window::SchoolDays(5), part_days: PartDays::WholeDaysOnly };
    let days = student(&[("2026-09-08", Unexcused, WHOLE), ("2026-09-15", Unexcused, WHOLE)]);
    let hits = occasions(&days, rule.part_days, 360, None);
    // Sep 15 and the 4 school days before it (Sep 9 to 15): Sep 8 is the 6th, outside.
    assert_eq!(trigger_day(&rule, &days, &hits), None);
    let six = Trigger { window: Window::SchoolDays(6), ..rule };
    assert_eq!(trigger_day(&six, &days, &hits), Some((d("2026-09-15"), 2)));
}

#[test]
fn a_notice_sent_is_not_due_again() {
    let days = student(&[
        ("2026-09-08", Unexcused, WHOLE),
        ("2026-09-15", Unexcused, WHOLE),
        ("2026-09-21", Unexcused, WHOLE),
        ("2026-09-22", Unexcused, WHOLE),
    ]);
    let sent = [SentNotice { kind: NoticeKind::TruancyNotice, sent_on: d("2026-09-22") }];
    assert_eq!(due(RuleSetId::California, &days, &sent, "2026-12-01"), vec![]);
    assert!(due(RuleSetId::California, &days, &[], "2026-12-01")[0].past_due);
}

#[test]
fn the_default_notices_are_short_plain_and_without_threats() {
    let threats = [
        "court", "fine", "jail", "prosecut", "police", "arrest", "penalt", "multa", "corte",
        "cárcel", "policía",
    ];
    for (id, kind, lang, w) in all_templates() {
        let words = word_count(&w.body);
        assert!(words <= MAX_WORDS, "{id:?} {kind:?} {lang:?}: {words} words");
        let lower = w.body.to_lowercase();
        for t in threats {
            assert!(!lower.contains(t), "{id:?} {kind:?} {lang:?} says {t}");
        }
        if lang == Lang::En {
            let grade = reading_grade(&w.body);
            assert!(grade <= 6.0, "{id:?} {kind:?}: grade {grade:.1}");
        }
    }
}

#[test]
fn californias_notice_says_what_the_law_asks_since_july_2025() {
    let rules = rule_set(RuleSetId::California);
    let body = rules[0].template.en.body.to_lowercase();
    for needed in [
        "truant",
        "makes sure",
        "1 day in 10",
        "3rd grade",
        "middle school",
        "finish high school",
        "support",
        "other school programs",
        "meet with us",
    ] {
        assert!(body.contains(needed), "missing {needed}");
    }
    let es = rules[0].template.es.body.to_lowercase();
    for needed in
        ["ausentismo", "1 día de cada 10", "3er grado", "apoyo", "otros programas", "reunirse"]
    {
        assert!(es.contains(needed), "falta {needed}");
    }
}

#[test]
fn a_notice_is_filled_in_the_familys_language() {
    let rules = rule_set(RuleSetId::California);
    let facts = NoticeFacts {
        parent: "Rosa".into(),
        child: "Maya".into(),
        count: 3,
        school: "Lincoln Elementary".into(),
        phone: "555-0100".into(),
        signer: "Ms. Park".into(),
    };
    let es = render(&rules[0].template, Lang::from_tag(Some("es-MX")), &facts);
    assert_eq!(es.subject, "Maya ha faltado a la escuela");
    assert!(es.body.starts_with("Estimado/a Rosa:"));
    assert!(
        es.body.contains("3 veces")
            && es.body.contains("555-0100")
            && es.body.ends_with("Ms. Park")
    );
    assert!(!es.body.contains('{'));
    assert_eq!(Lang::from_tag(Some("vi")), Lang::En);
    assert_eq!(Lang::from_tag(None), Lang::En);
}

#[test]
fn settings_refuse_long_notices_unknown_placeholders_and_odd_numbers() {
    assert_eq!(NoticeSettings::default().problems(), Vec::<String>::new());
    for id in RuleSetId::ALL {
        assert_eq!(NoticeSettings::starting_from(id).problems(), Vec::<String>::new(), "{id:?}");
    }
    let mut s = NoticeSettings::default();
    s.rules[0].template.es.body = "palabra ".repeat(151);
    s.rules[0].template.en.body.push_str(" {grade}");
    s.rules[0].trigger.count = 0;
    s.rules[0].trigger.part_days = PartDays::OverMinutes(400);
    let problems = s.problems();
    assert_eq!(problems.len(), 4, "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("(now 151)")));
    assert!(problems.iter().any(|p| p.contains("{grade}")));
    let mut pa = NoticeSettings::starting_from(RuleSetId::Pennsylvania);
    pa.rules.remove(0);
    assert!(pa.problems()[0].contains("follows a notice that has no rule"));
}

/// Flesch–Kincaid grade level, with syllables counted by vowel groups (a rough count, good
/// enough to keep the defaults plain).
fn reading_grade(text: &str) -> f64 {
    let body: String = text.replace(['{', '}'], "");
    let sentences = body
        .split(['.', '!', '?', ':'])
        .filter(|s| s.chars().any(char::is_alphabetic))
        .count()
        .max(1);
    let words: Vec<&str> =
        body.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).collect();
    let syllables: usize = words.iter().map(|w| syllables(w)).sum();
    let (w, s) = (words.len() as f64, sentences as f64);
    0.39 * (w / s) + 11.8 * (syllables as f64 / w) - 15.59
}

fn syllables(word: &str) -> usize {
    let w: String = word.to_lowercase().chars().filter(|c| c.is_alphabetic()).collect();
    let vowel = |c: char| "aeiouy".contains(c);
    let mut count = 0;
    let mut prev = false;
    for c in w.chars() {
        let v = vowel(c);
        if v && !prev {
            count += 1;
        }
        prev = v;
    }
    if w.ends_with('e') && !w.ends_with("le") && count > 1 {
        count -= 1;
    }
    count.max(1)
}
