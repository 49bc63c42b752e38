//! The nightly recompute in the steps the state machine runs on AWS (api/src/bin/nightly.rs):
//! each shard of students (`figures::recompute_students`), then the counts (`figures::recount`),
//! must leave exactly what one `figures::recompute` does, and a shard must touch its own
//! students only. `showup recompute --shard N` / `--recount-only` run the same steps by hand.

use crate::support::{TestApp, date, fixtures, spawn_app};
use shared::Band;
use showup::store::figures::{self, Students};
use showup::store::{Record, STUDENT_SHARDS, SchoolStats, Store, StudentSummary};
use std::collections::{BTreeMap, BTreeSet};
use std::process::{Command, Output};

/// A week after the fixture's import (2025-10-03): every rate has moved, and S3 at B has gone
/// from severe to moderate.
const LATER: &str = "2025-10-10";
const NOW_MS: i64 = 1_760_086_800_000;

async fn imported_district() -> TestApp {
    let app = spawn_app().await;
    app.import(fixtures::district().path()).await.expect("the fixture district imports");
    app
}

/// The stored figures: summaries and band counts, in a stable order.
async fn stored_figures(app: &TestApp) -> (Vec<StudentSummary>, Vec<SchoolStats>) {
    let (mut summaries, mut stats) = (Vec::new(), Vec::new());
    for record in app.records().await {
        match record {
            Record::Summary(s) => summaries.push(s),
            Record::Stats(s) => stats.push(s),
            _ => {}
        }
    }
    (summaries, stats)
}

/// Each stored summary by student and school.
fn by_student(summaries: &[StudentSummary]) -> BTreeMap<(String, String), &StudentSummary> {
    summaries
        .iter()
        .map(|s| ((s.student_id.as_str().to_owned(), s.school_id.as_str().to_owned()), s))
        .collect()
}

/// The students of each shard of the index.
async fn shards(app: &TestApp) -> Vec<BTreeSet<String>> {
    let mut shards = Vec::new();
    for shard in 0..STUDENT_SHARDS {
        let digests = app.store.student_digests_in(shard).await.expect("a shard of the index");
        shards.push(digests.into_keys().map(|id| id.as_str().to_owned()).collect());
    }
    shards
}

#[tokio::test]
async fn every_shard_then_the_recount_equals_one_recompute() {
    let (stepwise, whole) = (imported_district().await, imported_district().await);
    let before = stored_figures(&stepwise).await;
    let later = date(LATER);
    let policy = stepwise.policy;

    let mut written = 0;
    for shard in 0..STUDENT_SHARDS {
        let (as_of, n) = figures::recompute_students(
            &stepwise.store,
            Students::Shard(shard),
            later,
            &policy,
            NOW_MS,
        )
        .await
        .expect("a shard recomputes");
        assert_eq!(as_of, later);
        written += n;
    }
    written += figures::recount(&stepwise.store, later, &policy, NOW_MS).await.unwrap();
    let (as_of, whole_written) =
        figures::recompute(&whole.store, later, &policy, NOW_MS).await.unwrap();
    assert_eq!(as_of, later);

    let after = stored_figures(&stepwise).await;
    assert_ne!(after, before, "a week later the figures moved");
    assert_eq!(after, stored_figures(&whole).await, "the steps and the whole run differ");
    assert_eq!(written, whole_written, "the steps wrote other records than the whole run");
    let s3 = by_student(&after.0)[&("S3".to_owned(), "B".to_owned())].clone();
    assert_eq!((s3.band, s3.as_of), (Band::Moderate, later));
}

#[tokio::test]
async fn a_shard_recomputes_its_own_students_only() {
    let app = imported_district().await;
    let later = date(LATER);
    let shards = shards(&app).await;
    // The shards split the district: each student in exactly one.
    let everyone: BTreeSet<String> = shards.iter().flatten().cloned().collect();
    assert_eq!(everyone.len(), shards.iter().map(BTreeSet::len).sum::<usize>(), "{shards:?}");
    let students: BTreeSet<String> =
        stored_figures(&app).await.0.iter().map(|s| s.student_id.as_str().to_owned()).collect();
    assert_eq!(everyone, students, "every student with figures is in a shard");

    let counts = stored_figures(&app).await.1;
    let mut moved_any = false;
    for (shard, own) in shards.iter().enumerate() {
        let (summaries, _) = stored_figures(&app).await;
        let old = by_student(&summaries);
        figures::recompute_students(
            &app.store,
            Students::Shard(shard as u32),
            later,
            &app.policy,
            NOW_MS,
        )
        .await
        .unwrap();
        let (summaries, stats) = stored_figures(&app).await;
        let new = by_student(&summaries);
        assert_eq!(new.keys().collect::<Vec<_>>(), old.keys().collect::<Vec<_>>());
        for (key, summary) in &new {
            let (student, school) = key;
            if own.contains(student) {
                // Its own students are all brought to the later day.
                assert_eq!(summary.as_of, later, "shard {shard}: {student} at {school}");
                moved_any |= old[key] != *summary;
            } else {
                assert_eq!(old[key], *summary, "shard {shard} touched {student} at {school}");
            }
        }
        assert_eq!(stats, counts, "shard {shard} wrote counts: only the recount does");
    }
    assert!(moved_any, "the shards moved figures");
}

/// `showup ARGS` against `app`'s table, today being [`LATER`].
fn showup(app: &TestApp, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_showup"))
        .args(args)
        .env("SHOWUP_DYNAMODB_ENDPOINT", app.config.endpoint.as_deref().expect("a local endpoint"))
        .env("SHOWUP_TABLE", &app.config.table)
        .env("AWS_REGION", &app.config.region)
        .env("SHOWUP_TODAY", LATER)
        .env("RUST_LOG", "warn")
        .output()
        .expect("cannot run showup")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Figures without when the counts were computed (two processes, two moments).
async fn figures_at_any_time(app: &TestApp) -> (Vec<StudentSummary>, Vec<SchoolStats>) {
    let (summaries, mut stats) = stored_figures(app).await;
    for s in &mut stats {
        s.updated_at_ms = 0;
    }
    (summaries, stats)
}

#[tokio::test]
async fn showup_recompute_runs_a_shard_or_the_recount_by_hand() {
    let (by_hand, whole) = (imported_district().await, imported_district().await);
    let before = figures_at_any_time(&by_hand).await;

    for shard in 0..STUDENT_SHARDS {
        let out = showup(&by_hand, &["recompute", "--shard", &shard.to_string()]);
        assert!(out.status.success(), "--shard {shard}: {}", stderr(&out));
        assert!(stderr(&out).contains(&format!("shard {shard}")), "{}", stderr(&out));
    }
    assert_eq!(figures_at_any_time(&by_hand).await.1, before.1, "--shard wrote counts");
    let out = showup(&by_hand, &["recompute", "--recount-only"]);
    assert!(out.status.success(), "--recount-only: {}", stderr(&out));
    assert!(stderr(&out).contains(&format!("as of {LATER}")), "{}", stderr(&out));

    let out = showup(&whole, &["recompute"]);
    assert!(out.status.success(), "recompute: {}", stderr(&out));
    let after = figures_at_any_time(&by_hand).await;
    assert_ne!(after, before, "a week later the figures moved");
    assert_eq!(after, figures_at_any_time(&whole).await);

    // A shard out of range, or a shard with the recount, is refused naming it; nothing written.
    let out = showup(&by_hand, &["recompute", "--shard", &STUDENT_SHARDS.to_string()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains(&STUDENT_SHARDS.to_string()), "{}", stderr(&out));
    let out = showup(&by_hand, &["recompute", "--shard", "1", "--recount-only"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--recount-only"), "{}", stderr(&out));
    assert_eq!(figures_at_any_time(&by_hand).await, after);
}
