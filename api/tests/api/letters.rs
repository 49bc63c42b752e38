//! `showup letters` against DynamoDB Local: the default campaign's letters.pdf and manifest.csv
//! for the test roster — the manifest's figures are `report students`' and the typical
//! classmate's, each letter on its page with the child's name and number, accented Spanish and
//! Vietnamese names printed as written.

use crate::support::{Folder, TestApp, fixtures, spawn_app};
use shared::StudentId;
use showup::letters::batch::DEFAULT_SEED;
use std::collections::HashMap;
use std::process::{Command, Output};

fn showup(app: &TestApp, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_showup"))
        .args(args)
        .env("SHOWUP_DYNAMODB_ENDPOINT", app.config.endpoint.as_deref().expect("a local endpoint"))
        .env("SHOWUP_TABLE", &app.config.table)
        .env("AWS_REGION", &app.config.region)
        .env("SHOWUP_PUBLIC_URL", "https://showup.example.org")
        .env("RUST_LOG", "warn")
        .output()
        .expect("cannot run showup")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The fixture district with accented names and guardians' mailing addresses: Anahí (S1, a
/// Spanish-speaking family), Ben (S2: his first guardian by id takes no mail), Thảo (S3, whose
/// guardian is Nguyễn Thị Ánh), and Ngọc (S13), held out.
fn roster() -> Folder {
    let students = fixtures::STUDENTS
        .replace("S1,Alvarez,Ana,", "S1,Álvarez,Anahí,")
        .replace("S3,Chen,Cara,", "S3,Chen,Thảo,");
    let guardians = "\
guardian_id,student_id,first_name,last_name,email,phone,language,relationship,address_line1,address_line2,city,state,postal_code,receives_mail
G1,S1,Rosa,Álvarez Peña,rosa@example.org,,es,mother,12 Elm St,Apt 4,Springfield,IL,62701,
G0,S2,Old,Address,,+1 555 0199,,father,9 Gone Rd,,Springfield,IL,62702,false
G2,S2,Tom,Brown,,+1 555 0100,,father,77 Oak Ave,,Springfield,IL,62703,true
G3,S3,Ánh,Nguyễn Thị,,+1 555 0111,vi,mother,5 Lotus Ct,,Springfield,IL,62704,TRUE
";
    // S13 (whom the default campaign's draw holds out): A, grade 5 with S5, 3 days of 30.
    let students = format!("{students}S13,Trần,Ngọc,vi,\n");
    let guardians = format!("{guardians}G13,S13,Lan,Trần,,+1 555 0113,vi,mother,,,,,,\n");
    let enrollments = format!("{}S13,A,5,2025-09-01,,\n", fixtures::ENROLLMENTS);
    let attendance = format!(
        "{}S13,A,2025-09-03,unexcused_absence,,,\nS13,A,2025-09-10,excused_absence,,,\nS13,A,2025-09-17,unexcused_absence,,,\n",
        fixtures::ATTENDANCE
    );
    fixtures::district()
        .with("students.csv", students)
        .with("guardians.csv", guardians)
        .with("enrollments.csv", enrollments)
        .with("attendance.csv", attendance)
}

fn import(app: &TestApp, dir: &Folder) {
    let out = showup(app, &["import", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "showup import failed: {}", stderr(&out));
}

/// `report students` as `student_id` → (school_id, days_absent) rows.
fn report(app: &TestApp, as_of: &str) -> Vec<HashMap<String, String>> {
    let out = showup(app, &["report", "students", "--as-of", as_of]);
    assert!(out.status.success(), "{}", stderr(&out));
    records(&out.stdout)
}

fn records(bytes: &[u8]) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_reader(bytes);
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers.iter().zip(rec.iter()).map(|(h, v)| (h.to_owned(), v.to_owned())).collect()
        })
        .collect()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect()
}

fn expected_arm(id: &str) -> &'static str {
    let id = StudentId::parse(id).unwrap();
    if shared::letters::holdout(DEFAULT_SEED, &id, shared::campaign::DEFAULT_HOLDOUT_PCT) {
        "holdout"
    } else {
        "letter"
    }
}

#[tokio::test]
async fn letters_writes_the_pdf_and_a_manifest_with_report_students_figures() {
    let app = spawn_app().await;
    import(&app, &roster());
    let out_dir = tempfile::tempdir().unwrap();
    let dir = out_dir.path().join("batch");
    let out = showup(&app, &["letters", "--as-of", "2025-10-10", "--out", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));

    let manifest_bytes = std::fs::read(dir.join("manifest.csv")).unwrap();
    let header = String::from_utf8_lossy(&manifest_bytes).lines().next().unwrap().to_owned();
    assert_eq!(header, "student_id,guardian_id,language,arm,days_absent,typical_days_absent,page");
    let manifest = records(&manifest_bytes);
    // At risk or worse and counted as of 2025-10-10: S1 (A), S2 (now at B), S3 (B); not S4
    // (8 days, not counted), S5 and S6 (satisfactory).
    let ids: Vec<&str> = manifest.iter().map(|r| r["student_id"].as_str()).collect();
    assert_eq!(ids, ["S1", "S13", "S2", "S3"]);

    // days_absent is exactly report students' figure at the student's current school.
    let report = report(&app, "2025-10-10");
    let current = [("S1", "A"), ("S13", "A"), ("S2", "B"), ("S3", "B")];
    for (id, school) in current {
        let figure = &report
            .iter()
            .find(|r| r["student_id"] == id && r["school_id"] == school)
            .unwrap()["days_absent"];
        let row = manifest.iter().find(|r| r["student_id"] == id).unwrap();
        assert_eq!(&row["days_absent"], figure, "{id}");
    }
    let by_id = |id: &str| manifest.iter().find(|r| r["student_id"] == id).unwrap();
    assert_eq!(by_id("S1")["days_absent"], "3");
    assert_eq!(by_id("S2")["days_absent"], "2", "B's figure, not A's 0.75");
    assert_eq!(by_id("S3")["days_absent"], "5.08", "5.0833 days, see fixtures.rs");
    // The typical classmate: the median of the counted students of the same school and grade.
    assert_eq!(by_id("S1")["typical_days_absent"], "3", "A grade 3: S1 alone (S4 not counted)");
    assert_eq!(by_id("S2")["typical_days_absent"], "2");
    assert_eq!(by_id("S13")["days_absent"], "3");
    assert_eq!(
        by_id("S13")["typical_days_absent"],
        "0.5",
        "A grade 5: S5 0.5, S13 3: lower middle"
    );
    assert_eq!(expected_arm("S13"), "holdout");
    assert_eq!((by_id("S13")["arm"].as_str(), by_id("S13")["page"].as_str()), ("holdout", ""));
    // Guardians who receive mail, in their language.
    assert_eq!(
        (by_id("S1")["guardian_id"].as_str(), by_id("S1")["language"].as_str()),
        ("G1", "es")
    );
    assert_eq!(by_id("S2")["guardian_id"], "G2", "G0 takes no mail");
    assert_eq!(
        (by_id("S3")["guardian_id"].as_str(), by_id("S3")["language"].as_str()),
        ("G3", "en")
    );

    // Arms from the stable draw; pages numbered in order for the letter group, empty for the
    // hold-out.
    let mut next_page = 1;
    let mut pages: HashMap<String, usize> = HashMap::new();
    for r in &manifest {
        assert_eq!(r["arm"], expected_arm(&r["student_id"]), "{r:?}");
        if r["arm"] == "letter" {
            assert_eq!(r["page"], next_page.to_string(), "{r:?}");
            pages.insert(r["student_id"].clone(), next_page);
            next_page += 1;
        } else {
            assert_eq!(r["page"], "", "{r:?}");
        }
    }

    // The PDF: one page a letter; each page has its child's name and number.
    let pdf = std::fs::read(dir.join("letters.pdf")).unwrap();
    let text = pdf_extract::extract_text_from_mem_by_pages(&pdf).expect("a readable PDF");
    assert_eq!(text.len(), pages.len());
    assert_eq!(pages.len(), 3, "S1, S2, S3: S13 is held out");
    assert!(text.iter().all(|p| !p.contains("Ngọc")), "no letter for the hold-out");
    // Extracted lines run together: compare without white space.
    let page_of = |id: &str| pages.get(id).map(|p| squash(&text[p - 1]));
    if let Some(p) = page_of("S1") {
        assert!(p.contains(&squash("Extrañamos a Anahí")), "{p}");
        assert!(p.contains(&squash("faltado 3 días de 30")), "{p}");
        assert!(
            p.contains(&squash("Rosa Álvarez Peña"))
                && p.contains(&squash("Springfield, IL 62701")),
            "{p}"
        );
        assert!(p.contains(&squash("https://showup.example.org/family")), "{p}");
    }
    if let Some(p) = page_of("S2") {
        assert!(
            p.contains(&squash("We missed Ben")) && p.contains(&squash("missed 2 days out of")),
            "{p}"
        );
        assert!(p.contains(&squash("Tom Brown")) && p.contains(&squash("77 Oak Ave")), "{p}");
        assert!(!p.contains(&squash("9 Gone Rd")), "{p}");
    }
    if let Some(p) = page_of("S3") {
        assert!(p.contains(&squash("We missed Thảo")) && p.contains(&squash("5.08 days")), "{p}");
        assert!(p.contains(&squash("Ánh Nguyễn Thị")), "{p}");
        assert!(!p.contains(&squash("Anahí")), "another child's letter on this page: {p}");
    }
    // The draw is stable: running again writes the same manifest.
    let again = out_dir.path().join("again");
    let out = showup(&app, &["letters", "--as-of", "2025-10-10", "--out", again.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read(again.join("manifest.csv")).unwrap(), manifest_bytes);
}

#[tokio::test]
async fn letters_for_one_school_take_its_current_students_only() {
    let app = spawn_app().await;
    import(&app, &roster());
    let out_dir = tempfile::tempdir().unwrap();
    let dir = out_dir.path();
    let out = showup(
        &app,
        &["letters", "--as-of", "2025-10-10", "--out", dir.to_str().unwrap(), "--school", "A"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let manifest = records(&std::fs::read(dir.join("manifest.csv")).unwrap());
    // S2 was at A until 2025-09-19: his letter belongs to B now.
    let ids: Vec<&str> = manifest.iter().map(|r| r["student_id"].as_str()).collect();
    assert_eq!(ids, ["S1", "S13"]);

    let out = showup(
        &app,
        &["letters", "--as-of", "2025-10-10", "--out", dir.to_str().unwrap(), "--school", "Z"],
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("there is no school 'Z'"), "{}", stderr(&out));
}

#[tokio::test]
async fn a_bad_receives_mail_is_refused_with_its_place() {
    let app = spawn_app().await;
    let dir = fixtures::district().with(
        "guardians.csv",
        "guardian_id,student_id,first_name,last_name,email,receives_mail\nG1,S1,Rosa,A,r@x.org,maybe\n",
    );
    let out = showup(&app, &["import", dir.path().to_str().unwrap()]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("guardians.csv") && err.contains("receives_mail"), "{err}");
    assert!(err.contains("line 2") && err.contains("'maybe'"), "{err}");
}
