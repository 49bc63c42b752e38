//! OneRoster 1.1 and 1.2 CSV rosters, imported beside formats.md's calendar and attendance.

use crate::support::{Folder, date, spawn_app};
use shared::auth::Role;
use shared::{Grade, StudentId};

const ORGS: &str = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId
D1,active,,Oak District,district,,
SCH1,active,,Oak Elementary,school,0101,D1
";
const SESSIONS: &str =
    "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear
Y25,active,,2025-26,schoolYear,2025-09-01,2026-06-12,,2026
";
/// 1.1: the role is a column of users.csv.
const USERS_11: &str = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,givenName,familyName,email,sms,phone,agentSourcedIds,grades
ST1,active,,true,SCH1,student,ava,Ava,Reed,,,,P1,03
ST2,active,,true,SCH1,student,ben,Ben,Reed,,,,P1,KG
ST3,tobedeleted,,true,SCH1,student,cy,Cy,Gone,,,,,03
P1,active,,true,SCH1,parent,pat,Pat,Reed,pat.reed@example.org,+1 555 0199,,\"ST1,ST2\",
T1,active,,true,SCH1,teacher,tia,Tia,Moss,tia.moss@oak.example,,,,
";
const CLASSES: &str = "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds
HR1,active,,Room 12 Homeroom,03,C1,HR-12,homeroom,,SCH1,Y25
MATH,active,,Math 3,03,C2,M3,scheduled,,SCH1,Y25
";
const ENROLLMENTS: &str = "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate
E1,active,,HR1,SCH1,ST1,student,,2025-09-01,2026-06-12
E2,active,,MATH,SCH1,ST1,student,,2025-09-01,2026-06-12
E3,active,,MATH,SCH1,ST2,student,,2025-09-15,2025-09-30
E4,active,,HR1,SCH1,T1,teacher,true,2025-09-01,2026-06-12
";
const DEMOGRAPHICS: &str = "sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity
ST1,active,,2017-04-02,female,false,false,false,false,true,false,true
";
const CALENDAR: &str = "school_id,date\nSCH1,2025-09-01\nSCH1,2025-09-02\nSCH1,2025-09-03\n";
const ATTENDANCE: &str = "student_id,school_id,date,status\nST1,SCH1,2025-09-02,excused_absence\n";

fn folder(users: &str) -> Folder {
    Folder::new()
        .with("orgs.csv", ORGS)
        .with("academicSessions.csv", SESSIONS)
        .with("users.csv", users)
        .with("classes.csv", CLASSES)
        .with("enrollments.csv", ENROLLMENTS)
        .with("demographics.csv", DEMOGRAPHICS)
        .with("calendar.csv", CALENDAR)
        .with("attendance.csv", ATTENDANCE)
}

#[tokio::test]
async fn a_oneroster_11_roster_gives_schools_students_families_homerooms_and_staff() {
    let app = spawn_app().await;
    app.import(folder(USERS_11).path()).await.expect("the OneRoster folder imports");
    let d = app.district().await;
    assert_eq!(
        d.schools.values().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        vec!["Oak Elementary"]
    );
    let ava = StudentId::parse("ST1").unwrap();
    assert_eq!(d.students.len(), 2, "ST3 is to be deleted");
    let student = &d.students[&ava];
    assert_eq!(student.race_ethnicity.as_deref(), Some("Hispanic or Latino; White"));
    assert_eq!(student.birth_date, Some(date("2017-04-02")));
    let span = &d.enrollments[&ava][0];
    assert_eq!(
        (span.grade, span.homeroom.as_deref(), span.exit_date),
        (Grade::parse("3").unwrap(), Some("HR-12"), None)
    );
    // Ben's only class ended on 30 Sep, before the year's end: he left.
    let ben = &d.enrollments[&StudentId::parse("ST2").unwrap()][0];
    assert_eq!(
        (ben.entry_date, ben.exit_date, ben.grade),
        (date("2025-09-15"), Some(date("2025-09-30")), Grade::parse("KG").unwrap())
    );
    let pat: Vec<_> =
        d.guardians.values().flatten().filter(|g| g.guardian_id.as_str() == "P1").collect();
    assert_eq!(pat.len(), 2);
    assert_eq!(pat[0].email.as_deref(), Some("pat.reed@example.org"));
    let tia = &d.staff["T1"];
    assert_eq!((tia.role, tia.homerooms.clone()), (Role::Teacher, vec!["HR-12".to_owned()]));
    // Ava: 3 school days so far, 1 missed.
    let rows = d.student_rows(date("2025-09-03"), &app.policy);
    let ava_row = rows.iter().find(|r| r.student_id == ava).unwrap();
    assert_eq!((ava_row.totals.days_enrolled, ava_row.totals.absent_units), (3, 10_000));
}

#[tokio::test]
async fn a_oneroster_12_roster_takes_roles_from_roles_csv() {
    let app = spawn_app().await;
    let users = USERS_11
        .replace(",role,", ",")
        .replace(",student,", ",")
        .replace(",parent,", ",")
        .replace(",teacher,", ",");
    let roles = "sourcedId,status,dateLastModified,userSourcedId,roleType,role,orgSourcedId
R1,active,,ST1,primary,student,SCH1
R2,active,,ST2,primary,student,SCH1
R3,active,,P1,primary,parent,SCH1
R4,active,,T1,primary,teacher,SCH1
";
    app.import(folder(&users).with("roles.csv", roles).path())
        .await
        .expect("the 1.2 folder imports");
    let d = app.district().await;
    assert_eq!(d.students.len(), 2, "ST3 is to be deleted in 1.2 too");
    assert!(d.staff.contains_key("T1"));
}

#[tokio::test]
async fn a_student_with_no_usable_grade_is_an_error_naming_the_file_line_and_column() {
    let app = spawn_app().await;
    let users = USERS_11.replace(
        "ST1,active,,true,SCH1,student,ava,Ava,Reed,,,,P1,03",
        "ST1,active,,true,SCH1,student,ava,Ava,Reed,,,,P1,third",
    );
    let users = users.replace(",03\n", ",\n");
    let classes = CLASSES.replace("Room 12 Homeroom,03", "Room 12 Homeroom,");
    let error = app
        .import(folder(&users).with("classes.csv", classes).path())
        .await
        .expect_err("a bad grade is refused");
    let text = error.to_string();
    assert!(
        text.contains("users.csv") && text.contains("column grades") && text.contains("'third'"),
        "{text}"
    );
    assert!(app.records().await.is_empty(), "nothing was written");
}
