//! The fixture district with the people who sign in to it: families and students by code,
//! staff (from a `staff.csv`) by password. See fixtures.rs for the schools and figures.
//!
//!   guardians  G1 Rosa Alvarez (rosa@example.org, Spanish) → S1 Ana Alvarez, A homeroom 3A
//!              G2 Tom Brown (+1 555 0100) → S2 Ben Brown, A (4A) then B
//!              G3 Lan Chen and G6 Fay Ford share shared@example.org → S3 and S6, two families
//!   students   S3 Cara Chen (cara@students.example) and S6 Finn Ford (finn@…), classmates at B
//!   staff      T1 Tess Nguyen, teacher at A, homeroom 3A (S1 and S4)
//!              C1 Carmen Ruiz, counselor at A;  C2 Omar Haddad, counselor at B
//!              D1 Dana Park, district admin
//!   Every staff member's password is [`PASSWORD`].

use super::{Folder, TestApp, fixtures, spawn_app};
use showup::auth::password;
use showup::service::signin::set_password_hash;
use std::sync::OnceLock;

pub const PASSWORD: &str = "correct horse battery";

pub const ROSA: &str = "rosa@example.org";
pub const TOM: &str = "+1 555 0100";
pub const SHARED: &str = "shared@example.org";
pub const CARA: &str = "cara@students.example";
pub const TESS: &str = "tess@alder.example";
pub const CARMEN: &str = "carmen@alder.example";
pub const OMAR: &str = "omar@birch.example";
pub const DANA: &str = "dana@district.example";

pub const STUDENTS: &str = "\
student_id,first_name,last_name,home_language,email
S1,Ana,Alvarez,es,
S2,Ben,Brown,en,
S3,Cara,Chen,vi,cara@students.example
S4,Dev,Diaz,en,
S5,Eve,Evans,en,
S6,Finn,Ford,en,finn@students.example
";

pub const GUARDIANS: &str = "\
guardian_id,student_id,first_name,last_name,email,phone,language
G1,S1,Rosa,Alvarez,rosa@example.org,,es
G2,S2,Tom,Brown,,+1 555 0100,
G3,S3,Lan,Chen,shared@example.org,,
G6,S6,Fay,Ford,Shared@Example.org,,
";

pub const STAFF: &str = "\
staff_id,first_name,last_name,email,role,school_id,homerooms
T1,Tess,Nguyen,tess@alder.example,teacher,A,3A
C1,Carmen,Ruiz,carmen@alder.example,counselor,A,
C2,Omar,Haddad,omar@birch.example,counselor,B,
D1,Dana,Park,dana@district.example,district_admin,,
";

/// The names of every student, as a record would show them.
pub const STUDENT_NAMES: [(&str, &str, &str); 6] = [
    ("S1", "Ana", "Alvarez"),
    ("S2", "Ben", "Brown"),
    ("S3", "Cara", "Chen"),
    ("S4", "Dev", "Diaz"),
    ("S5", "Eve", "Evans"),
    ("S6", "Finn", "Ford"),
];

/// The roster as an SIS exports it.
pub fn roster() -> Folder {
    Folder::new()
        .with("schools.csv", fixtures::SCHOOLS)
        .with("calendar.csv", fixtures::calendar())
        .with("students.csv", STUDENTS)
        .with("enrollments.csv", fixtures::ENROLLMENTS)
        .with("guardians.csv", GUARDIANS)
        .with("attendance.csv", fixtures::ATTENDANCE)
        .with("staff.csv", STAFF)
}

/// One argon2id hash of [`PASSWORD`] for the whole test binary (hashing is slow unoptimized).
pub fn password_hash() -> String {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| password::hash(PASSWORD).expect("a long enough password")).clone()
}

/// A fresh table with the roster imported and every staff member's password set.
pub async fn app_with_roster() -> TestApp {
    let app = spawn_app().await;
    app.import(roster().path()).await.expect("the roster imports");
    for staff_id in ["T1", "C1", "C2", "D1"] {
        set_password_hash(&app.state, staff_id, password_hash()).await.expect("a password is set");
    }
    app
}
