//! Uploads through the import bucket, against moto's S3 server and DynamoDB Local: presigned
//! PUTs past API Gateway's 10 MB, the same dry run, apply, log and undo as the base64 upload,
//! and a SIS drop imported from its `done` marker's S3 event.

use crate::support::roster::{self, CARMEN, ROSA, TESS};
use crate::support::{TestApp, fixtures, spawn_app};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use shared::uploads::{DryRun, ImportRecord, UploadMode, UploadTargets};
use showup::files::ImportBucket;
use showup::files::s3::S3Bucket;
use showup::service::uploads::sis_drop::{DropOutcome, import_event};

fn roster_files() -> Vec<(&'static str, String)> {
    vec![
        ("schools.csv", fixtures::SCHOOLS.to_owned()),
        ("calendar.csv", fixtures::calendar()),
        ("students.csv", roster::STUDENTS.to_owned()),
        ("enrollments.csv", fixtures::ENROLLMENTS.to_owned()),
        ("guardians.csv", roster::GUARDIANS.to_owned()),
        ("attendance.csv", fixtures::ATTENDANCE.to_owned()),
        ("staff.csv", roster::STAFF.to_owned()),
    ]
}

/// An empty district with an import bucket and an admin signed in.
async fn admin_app() -> (TestApp, S3Bucket, String) {
    let (app, bucket) = spawn_app().await.signed_in_as_admin().await.with_import_bucket().await;
    let token = app.token.clone().expect("a token");
    (app, bucket, token)
}

fn names(files: &[(&str, String)]) -> Value {
    json!({ "files": files.iter().map(|(n, _)| *n).collect::<Vec<_>>() })
}

/// Asks for targets and PUTs each file to its URL, as the browser does: the upload's id.
async fn upload(app: &TestApp, token: &str, files: &[(&str, String)]) -> String {
    let targets: UploadTargets =
        app.post(Some(token), "/api/uploads/targets", &names(files)).await.ok();
    assert_eq!(targets.expires_in_seconds, 900);
    let client = reqwest::Client::new();
    for ((name, content), target) in files.iter().zip(&targets.targets) {
        assert_eq!(&target.name, name);
        assert!(target.url.contains(&format!("uploads/{}/{name}", targets.id)), "{}", target.url);
        assert!(target.url.contains("X-Amz-Signature="), "presigned: {}", target.url);
        let put = client.put(&target.url).body(content.clone()).send().await.expect("a PUT");
        assert!(put.status().is_success(), "PUT {name}: {}", put.status());
    }
    targets.id
}

#[tokio::test]
async fn files_put_to_presigned_urls_are_dry_run_applied_logged_and_undone() {
    let (app, _bucket, admin) = admin_app().await;
    let mode: UploadMode = app.get_as(&admin, "/api/uploads/targets").await.ok();
    assert!(mode.direct);
    let id = upload(&app, &admin, &roster_files()).await;
    let before = app.records().await;
    let dry: DryRun =
        app.post(Some(&admin), &format!("/api/uploads/{id}/dry-run"), &json!({})).await.ok();
    assert!(dry.problems.is_empty(), "{:?}", dry.problems);
    assert_eq!((dry.summary.new_students, dry.summary.new_enrollments), (6, 7));
    let students = dry.files.iter().find(|f| f.name == "students.csv").unwrap();
    assert_eq!((students.rows, students.sha256.len()), (6, 64));
    assert_eq!(app.records().await, before, "a dry run writes nothing");

    let record: ImportRecord =
        app.post(Some(&admin), &format!("/api/uploads/{id}/apply"), &json!({})).await.ok();
    assert_eq!(record.written, dry.writes);
    assert_eq!(app.district().await.students.len(), 6, "the students are stored");
    let log: Vec<ImportRecord> = app.get_as(&admin, "/api/admin/imports").await.ok();
    assert_eq!(log.first().map(|r| &r.id), Some(&record.id));
    app.assert_audited("import", "staff:ADMIN", "students.csv").await;

    let undo = format!("/api/admin/imports/{}/undo", record.id);
    app.post(Some(&admin), &undo, &json!({})).await.ok::<ImportRecord>();
    assert!(app.district().await.students.is_empty(), "the undo removed what it created");
}

#[tokio::test]
async fn a_file_over_ten_megabytes_goes_through() {
    let (app, _bucket, admin) = admin_app().await;
    // A students.csv of 12 MB: the roster with a long column Showup does not read.
    let padding = "x".repeat(2 * 1024 * 1024);
    let mut lines = roster::STUDENTS.lines();
    let header = format!("{},remarks\n", lines.next().unwrap());
    let big: String =
        std::iter::once(header).chain(lines.map(|l| format!("{l},{padding}\n"))).collect();
    assert!(big.len() > 12_000_000);
    let mut files = roster_files();
    files[2].1 = big.clone();
    let id = upload(&app, &admin, &files).await;
    let dry: DryRun =
        app.post(Some(&admin), &format!("/api/uploads/{id}/dry-run"), &json!({})).await.ok();
    assert!(dry.problems.is_empty(), "{:?}", dry.problems);
    let students = dry.files.iter().find(|f| f.name == "students.csv").unwrap();
    use sha2::Digest;
    let want: String =
        sha2::Sha256::digest(big.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        (students.rows, students.sha256.as_str()),
        (6, want.as_str()),
        "the whole file arrived"
    );
    app.post(Some(&admin), &format!("/api/uploads/{id}/apply"), &json!({}))
        .await
        .ok::<ImportRecord>();
    assert_eq!(app.district().await.students.len(), 6);
}

#[tokio::test]
async fn no_url_is_given_for_a_file_showup_does_not_read_and_no_id_reaches_outside_uploads() {
    let (app, bucket, admin) = admin_app().await;
    for (files, code) in [
        (json!(["students.csv", "grades.csv"]), "unknown_file"),
        (json!(["../sis/x/done"]), "unknown_file"),
        (json!(["students.csv", "Students.csv"]), "duplicate_file"),
        (json!([]), "no_files"),
    ] {
        let asked =
            app.post(Some(&admin), "/api/uploads/targets", &json!({ "files": files })).await;
        asked.refused(StatusCode::BAD_REQUEST, code);
    }
    assert!(bucket.list("").await.unwrap().is_empty(), "nothing was made");
    // A drop's folder is not an upload, and an upload with nothing PUT has nothing to read.
    bucket.put("sis/2025-10-03/students.csv", roster::STUDENTS.into()).await.unwrap();
    for id in ["..%2Fsis%2F2025-10-03", "sis", "0123456789abcdef"] {
        app.post(Some(&admin), &format!("/api/uploads/{id}/dry-run"), &json!({}))
            .await
            .refused(StatusCode::NOT_FOUND, "not_found");
    }
}

#[tokio::test]
async fn teachers_counselors_and_families_get_no_upload_urls() {
    let (app, _bucket) = roster::app_with_roster().await.with_import_bucket().await;
    let tess = app.password_sign_in(TESS).await.token;
    let carmen = app.password_sign_in(CARMEN).await.token;
    let rosa = app.code_sign_in(ROSA).await.token;
    for token in [&tess, &carmen, &rosa] {
        app.get_as(token, "/api/uploads/targets").await.refused(StatusCode::FORBIDDEN, "forbidden");
        let asked = app.post(Some(token), "/api/uploads/targets", &names(&roster_files())).await;
        asked.refused(StatusCode::FORBIDDEN, "forbidden");
        for step in ["dry-run", "apply"] {
            let path = format!("/api/uploads/0123456789abcdef/{step}");
            app.post(Some(token), &path, &json!({}))
                .await
                .refused(StatusCode::FORBIDDEN, "forbidden");
        }
    }
    let nobody = app.send(Method::GET, "/api/uploads/targets", None, None, "").await;
    assert_eq!(nobody.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn without_a_bucket_the_page_is_told_to_upload_as_before() {
    let app = spawn_app().await.signed_in_as_admin().await;
    let admin = app.token.clone().unwrap();
    let mode: UploadMode = app.get_as(&admin, "/api/uploads/targets").await.ok();
    assert!(!mode.direct);
    app.post(Some(&admin), "/api/uploads/targets", &names(&roster_files()))
        .await
        .refused(StatusCode::NOT_FOUND, "not_found");
}

/// An S3 event as the bucket sends it when `key` is written (URL-encoded, as S3 writes it).
fn s3_event(key: &str) -> aws_lambda_events::event::s3::S3Event {
    let event = json!({ "Records": [{
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "awsRegion": "us-east-1",
        "eventTime": "2025-10-03T02:14:07.352Z",
        "eventName": "ObjectCreated:Put",
        "userIdentity": { "principalId": "AWS:AROAEXAMPLE:transfer-sis" },
        "requestParameters": { "sourceIPAddress": "10.0.12.7" },
        "responseElements": {
            "x-amz-request-id": "C3D13FE58DE4C810",
            "x-amz-id-2": "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"
        },
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": "SisDropDone",
            "bucket": {
                "name": "showup-prod-imports",
                "ownerIdentity": { "principalId": "A3NL1KOZZKExample" },
                "arn": "arn:aws:s3:::showup-prod-imports"
            },
            "object": {
                "key": key,
                "size": 0,
                "eTag": "d41d8cd98f00b204e9800998ecf8427e",
                "sequencer": "0066FE1A2B3C4D5E6F"
            }
        }
    }]});
    serde_json::from_value(event).expect("an S3 event")
}

async fn drop_files(bucket: &S3Bucket, folder: &str) {
    for (name, content) in roster_files() {
        bucket.put(&format!("{folder}{name}"), content.into_bytes()).await.unwrap();
    }
}

#[tokio::test]
async fn a_sis_drop_is_imported_when_its_done_marker_arrives() {
    let (app, bucket) = spawn_app().await.with_import_bucket().await;
    drop_files(&bucket, "sis/2025-10-03 night/").await;
    bucket.put("sis/2025-10-03 night/done", Vec::new()).await.unwrap();
    let outcomes = import_event(&app.state, &bucket, &s3_event("sis/2025-10-03+night/done"))
        .await
        .expect("the drop imports");
    let [DropOutcome::Imported { folder, files, written }] = outcomes.as_slice() else {
        panic!("{outcomes:?}")
    };
    assert_eq!(folder, "sis/2025-10-03 night/");
    assert_eq!(files.len(), 7);
    assert!(*written > 0);
    assert_eq!(app.district().await.students.len(), 6, "the students are stored");
    // S3 may deliver an event twice: the second import finds the district as the first left it.
    let again = import_event(&app.state, &bucket, &s3_event("sis/2025-10-03+night/done")).await;
    let again = again.unwrap();
    assert!(matches!(again.as_slice(), [DropOutcome::Imported { .. }]), "{again:?}");
    assert_eq!(app.district().await.students.len(), 6);
}

#[tokio::test]
async fn a_drop_folder_without_its_marker_is_not_imported() {
    let (app, bucket) = spawn_app().await.with_import_bucket().await;
    drop_files(&bucket, "sis/2025-10-03/").await;
    let before = app.records().await;
    // A file's own event, and a marker's event for a folder whose marker is not there (yet).
    for key in ["sis/2025-10-03/students.csv", "sis/2025-10-03/done", "uploads/ab12/done"] {
        let outcomes = import_event(&app.state, &bucket, &s3_event(key)).await.unwrap();
        assert!(
            matches!(outcomes.as_slice(), [DropOutcome::Ignored { .. }]),
            "{key}: {outcomes:?}"
        );
    }
    assert_eq!(app.records().await, before, "nothing was written");
    assert!(app.district().await.students.is_empty());
}

#[tokio::test]
async fn a_drop_with_a_bad_row_is_refused_whole() {
    let (app, bucket) = spawn_app().await.with_import_bucket().await;
    let mut files = roster_files();
    files[5].1 = fixtures::ATTENDANCE
        .replace("S1,A,2025-09-10,unexcused_absence", "S1,A,2025-09-10,skipped");
    for (name, content) in files {
        bucket.put(&format!("sis/2025-10-03/{name}"), content.into_bytes()).await.unwrap();
    }
    bucket.put("sis/2025-10-03/done", Vec::new()).await.unwrap();
    let outcomes = import_event(&app.state, &bucket, &s3_event("sis/2025-10-03/done")).await;
    let outcomes = outcomes.unwrap();
    let [DropOutcome::Refused { problems: 1, first, .. }] = outcomes.as_slice() else {
        panic!("{outcomes:?}")
    };
    assert!(first[0].contains("attendance.csv") && first[0].contains("status"), "{first:?}");
    assert!(app.records().await.is_empty(), "nothing was written");
}
