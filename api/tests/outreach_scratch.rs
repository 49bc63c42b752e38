mod support;
use support::{Folder, fixtures, spawn_app};

#[tokio::test]
async fn scratch() {
    let app = spawn_app().await;
    app.import(fixtures::district().path()).await.unwrap();
    let before = app.records().await;
    let correction = Folder::new().with(
        "attendance.csv",
        "student_id,school_id,date,status,fraction_absent,reason,period
S1,A,2025-09-10,unexcused_absence,,,
S1,A,2025-09-17,tardy,,suspension overturned,
S3,B,2025-09-29,partial,0.75,,1
",
    );
    app.import(correction.path()).await.unwrap();
    let after = app.records().await;
    for r in &after {
        if !before.contains(r) {
            println!("CHANGED {}", r.identity());
        }
    }
}
