//! Campaigns to families, against DynamoDB Local, over the roster of support/roster.rs.
//! Today is Friday 2025-10-03. The default rule (at risk or worse, counted) selects:
//!   S1 Ana (A, moderate): guardian Rosa, rosa@example.org, Spanish;
//!   S2 Ben (B since 09-22, 2 of 10 days: severe): guardian Tom, +1 555 0100, no language
//!      (Ben's home language is English);
//!   S3 Cara (B, severe): guardian Lan, shared@example.org (Cara's home language is Vietnamese,
//!      which letters do not have: English).

use crate::support::TestApp;
use crate::support::roster::{CARMEN, DANA, OMAR, ROSA, SHARED, TOM, app_with_roster};
use axum::http::StatusCode;
use serde_json::{Value, json};
use shared::campaign::{
    Arm, AudienceStudent, BatchSent, Campaign, CampaignList, CampaignView, Delivery, LetterPreview,
};
use shared::outreach::queue::OutreachQueue;
use shared::outreach::{ContactEntry, ContactMethod, Reason};
use shared::{Band, StudentId};
use std::collections::BTreeMap;

fn campaign_body(holdout_pct: u8, bands: &[Band]) -> Value {
    json!({
        "name": "Fall letters",
        "audience": { "as_of": "2025-10-03", "bands": bands },
        "channels": ["letter", "email", "text"],
        "mailings": ["2025-10-03", "2025-10-06"],
        "holdout_pct": holdout_pct,
    })
}

async fn create(app: &TestApp, token: &str, body: &Value) -> Campaign {
    app.post(Some(token), "/api/campaigns", body).await.ok()
}

async fn send(app: &TestApp, token: &str, id: &str, mailing: u32) -> BatchSent {
    app.post(Some(token), &format!("/api/campaigns/{id}/mailings/{mailing}/send"), &json!({}))
        .await
        .ok()
}

async fn reply(app: &TestApp, from: &str, body: &str) -> Value {
    app.post(None, "/api/dev/outbox/reply", &json!({ "from": from, "body": body })).await.ok()
}

async fn contacts(app: &TestApp, token: &str, student: &str) -> Vec<ContactEntry> {
    app.get_as(token, &format!("/api/students/{student}/contacts")).await.ok()
}

/// The bytes of a GET (a PDF is not text), and its content type.
async fn download(app: &TestApp, token: &str, path: &str) -> (StatusCode, String, Vec<u8>) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let request = axum::http::Request::get(path)
        .header("cookie", format!("{}={token}", showup::auth::SESSION_COOKIE))
        .body(axum::body::Body::empty())
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let kind = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = response.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, kind, bytes)
}

#[tokio::test]
async fn a_mailings_letters_download_as_one_pdf_a_page_each() {
    let app = app_with_roster().await;
    let dana = app.password_sign_in(DANA).await.token;
    let carmen = app.password_sign_in(CARMEN).await.token;
    let c = create(&app, &dana, &campaign_body(0, &[])).await;
    let path = format!("/api/campaigns/{}/mailings/0/letters.pdf", c.id);
    let (status, kind, pdf) = download(&app, &dana, &path).await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "application/pdf"));
    let pages = pdf_extract::extract_text_from_mem_by_pages(&pdf).expect("a readable PDF");
    assert_eq!(pages.len(), 3, "Ana, Ben and Cara");
    assert!(pages[0].contains("Ana") && pages[0].contains("3 días"), "{}", pages[0]);
    assert!(pages[1].contains("Ben") && pages[1].contains("2 days"), "{}", pages[1]);
    let (status, _, _) = download(&app, &carmen, &path).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_batch_goes_out_in_each_guardians_language_and_into_the_contact_log() {
    let app = app_with_roster().await;
    let dana = app.password_sign_in(DANA).await.token;
    let c = create(&app, &dana, &campaign_body(0, &[])).await;
    assert_eq!(c.holdout_pct, 0);
    let list: CampaignList = app.get_as(&dana, "/api/campaigns").await.ok();
    assert_eq!(list.campaigns, std::slice::from_ref(&c));
    let audience: Vec<AudienceStudent> =
        app.get_as(&dana, &format!("/api/campaigns/{}/students", c.id)).await.ok();
    let ids: Vec<&str> = audience.iter().map(|a| a.student_id.as_str()).collect();
    assert_eq!(ids, ["S1", "S2", "S3"], "at risk or worse and counted");

    // The preview in both languages: Ana's figures, 3 days (S1 at A).
    let path = format!("/api/campaigns/{}/preview?student=S1", c.id);
    let es: LetterPreview = app.get_as(&dana, &path).await.ok();
    assert_eq!(es.language.as_str(), "es", "Rosa's language by default");
    assert!(es.letter.paragraphs[0].contains("Extrañamos a Ana"), "{:?}", es.letter);
    assert!(es.letter.paragraphs[0].contains("faltado 3 días"), "{:?}", es.letter);
    let en: LetterPreview = app.get_as(&dana, &format!("{path}&language=en")).await.ok();
    assert!(en.letter.paragraphs[0].contains("We missed Ana"), "{:?}", en.letter);
    assert!(en.letter.paragraphs[0].contains("missed 3 days"), "{:?}", en.letter);

    let sent = send(&app, &dana, &c.id, 0).await.mailing;
    assert_eq!((sent.letter_students, sent.holdout_students), (3, 0));
    // Rosa: email only (no phone), in Spanish; Tom: a text, in English; Lan: email in English.
    assert_eq!(sent.messages, 3);
    let rosa = app.outbox_for(ROSA).await;
    assert_eq!(rosa.len(), 1);
    assert_eq!(rosa[0].subject, "Extrañamos a Ana en la escuela");
    assert!(rosa[0].body.contains("ha faltado 3 días"), "{}", rosa[0].body);
    let tom = app.outbox_for(TOM).await;
    assert_eq!(tom.len(), 1);
    assert!(tom[0].body.starts_with("We missed Ben"), "{}", tom[0].body);
    assert!(tom[0].body.contains("Days missed so far: 2;"), "{}", tom[0].body);
    assert!(tom[0].body.contains("STOP"), "{}", tom[0].body);
    let lan = app.outbox_for(SHARED).await;
    assert_eq!(lan.len(), 1);
    assert!(lan[0].subject.contains("We missed Cara"), "{}", lan[0].subject);

    // Every message is in the student's contact log.
    let log = contacts(&app, &dana, "S1").await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].method, ContactMethod::Email);
    assert!(log[0].notes.contains("rosa@example.org"), "{}", log[0].notes);
    assert_eq!(contacts(&app, &dana, "S2").await[0].method, ContactMethod::Text);

    // Sent once: the same mailing again is a 409, and nothing more goes out.
    let again = app
        .post(Some(&dana), &format!("/api/campaigns/{}/mailings/0/send", c.id), &json!({}))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert_eq!(app.outbox_for(ROSA).await.len(), 1);
    app.assert_audited("send_campaign", "staff:D1", &format!("campaign {} mailing 1", c.id)).await;
}

#[tokio::test]
async fn a_reply_lands_in_the_log_and_the_queue_and_stop_skips_the_next_batch() {
    let app = app_with_roster().await;
    let dana = app.password_sign_in(DANA).await.token;
    let omar = app.password_sign_in(OMAR).await.token;
    let c = create(&app, &dana, &campaign_body(0, &[])).await;
    send(&app, &dana, &c.id, 0).await;

    // Tom answers: the reply is in Ben's contact log, and Ben is in school B's queue today.
    let q: OutreachQueue = app.get_as(&omar, "/api/schools/B/outreach").await.ok();
    let due = |q: &OutreachQueue| {
        q.rows.iter().any(|r| {
            r.student_id.as_str() == "S2"
                && r.reasons.iter().any(|x| matches!(x, Reason::FollowUpDue { .. }))
        })
    };
    assert!(!due(&q), "no follow-up before the reply");
    let taken = reply(&app, TOM, "Ben was sick, he is back Monday").await;
    assert_eq!(taken["students"], json!(["S2"]));
    let log = contacts(&app, &omar, "S2").await;
    assert_eq!(log.len(), 2, "the text sent and the reply: {log:?}");
    let answer = log.iter().find(|e| e.notes.contains("Ben was sick, he is back Monday"));
    assert_eq!(answer.expect("the reply is logged").method, ContactMethod::Text);
    let q: OutreachQueue = app.get_as(&omar, "/api/schools/B/outreach").await.ok();
    assert!(due(&q), "the reply puts Ben in the queue: {q:?}");

    // STOP opts the contact out, recorded; the next batch skips Tom and still reaches Rosa.
    let taken = reply(&app, TOM, "STOP").await;
    assert_eq!(taken["opted_out"], json!(true));
    let log = contacts(&app, &omar, "S2").await;
    assert!(log.iter().any(|e| e.notes.contains("opted out")), "{log:?}");
    let next = send(&app, &dana, &c.id, 1).await.mailing;
    assert_eq!(next.opted_out, 1);
    assert_eq!(next.messages, 2);
    assert_eq!(app.outbox_for(TOM).await.len(), 1, "nothing after STOP");
    assert_eq!(app.outbox_for(ROSA).await.len(), 2);
    let records = app.state.campaigns.mailing_records(&c.id, 1).await.unwrap();
    let ben = records.iter().find(|r| r.student_id.as_str() == "S2").unwrap();
    let text = ben.sent.iter().find(|s| s.channel == shared::campaign::Channel::Text).unwrap();
    assert_eq!((text.to.as_str(), text.delivery), ("+15550100", Delivery::OptedOut));

    // START opts back in.
    assert_eq!(reply(&app, TOM, "START").await["opted_in"], json!(true));
    assert!(app.state.campaigns.opt_out("+15550100").await.unwrap().is_none());
}

#[tokio::test]
async fn the_holdout_gets_nothing_and_is_the_same_for_every_mailing_and_read() {
    let app = app_with_roster().await;
    let dana = app.password_sign_in(DANA).await.token;
    // Everyone counted (S1, S2, S3, S5, S6), half held out: a campaign whose draw has both arms.
    let mut found = None;
    for _ in 0..20 {
        let c = create(&app, &dana, &campaign_body(50, &Band::ALL)).await;
        let audience: Vec<AudienceStudent> =
            app.get_as(&dana, &format!("/api/campaigns/{}/students", c.id)).await.ok();
        let arms: Vec<Arm> = audience.iter().map(|a| a.arm).collect();
        if arms.contains(&Arm::Letter) && arms.contains(&Arm::Holdout) {
            found = Some((c, audience));
            break;
        }
    }
    let (c, audience) = found.expect("a draw with both arms in 20 tries");
    assert_eq!(audience.len(), 5);
    let arms: BTreeMap<StudentId, Arm> =
        audience.iter().map(|a| (a.student_id.clone(), a.arm)).collect();
    let contact = |id: &str| match id {
        "S1" => Some(ROSA),
        "S2" => Some(TOM),
        "S3" | "S6" => Some(SHARED),
        _ => None,
    };
    for mailing in 0..2 {
        let sent = send(&app, &dana, &c.id, mailing).await.mailing;
        let held = arms.values().filter(|a| **a == Arm::Holdout).count() as u32;
        assert_eq!((sent.letter_students, sent.holdout_students), (5 - held, held));
        let records = app.state.campaigns.mailing_records(&c.id, mailing).await.unwrap();
        assert_eq!(records.len(), 5);
        for r in &records {
            assert_eq!(arms[&r.student_id], r.arm, "the arm is stable: {}", r.student_id);
            if r.arm == Arm::Holdout {
                assert!(r.sent.is_empty(), "nothing for the hold-out: {r:?}");
                assert!(
                    contacts(&app, &dana, r.student_id.as_str()).await.is_empty(),
                    "no contact logged for {}",
                    r.student_id
                );
            }
        }
        // A guardian whose every child is held out got nothing at all.
        for who in [ROSA, TOM, SHARED] {
            let children: Vec<&StudentId> =
                arms.keys().filter(|id| contact(id.as_str()) == Some(who)).collect();
            if children.iter().all(|id| arms[*id] == Arm::Holdout) {
                assert!(app.outbox_for(who).await.is_empty(), "{who} is held out");
            }
        }
    }
    // The same arms when read again.
    let again: Vec<AudienceStudent> =
        app.get_as(&dana, &format!("/api/campaigns/{}/students", c.id)).await.ok();
    assert_eq!(again, audience);
    // The campaign page shows the hold-out and, per mailing, the effect (too few students in
    // this district: suppressed).
    let view: CampaignView = app.get_as(&dana, &format!("/api/campaigns/{}", c.id)).await.ok();
    assert_eq!(view.audience_students, 5);
    assert_eq!(view.audience_holdout, arms.values().filter(|a| **a == Arm::Holdout).count() as u32);
    assert_eq!(view.effect.len(), 2);
    assert!(view.effect[0].district.suppressed.is_some());
    assert_eq!(view.effect[0].district.letter, None);
}

#[tokio::test]
async fn campaigns_are_for_district_admins_and_checked() {
    let app = app_with_roster().await;
    let carmen = app.password_sign_in(CARMEN).await.token;
    let dana = app.password_sign_in(DANA).await.token;
    let refused = app.get_as(&carmen, "/api/campaigns").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let refused = app.post(Some(&carmen), "/api/campaigns", &campaign_body(10, &[])).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let c = create(&app, &dana, &campaign_body(10, &[])).await;
    let path = format!("/api/campaigns/{}/mailings/0/send", c.id);
    let refused = app.post(Some(&carmen), &path, &json!({})).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(app.outbox_for(ROSA).await.is_empty());
    app.assert_denied("staff:C1", &format!("POST {path}")).await;
    // Not signed in: 401.
    assert_eq!(
        app.post(None, "/api/campaigns", &campaign_body(10, &[])).await.status,
        StatusCode::UNAUTHORIZED
    );

    // A hold-out over 50%, no channel or no mailing: 400, nothing stored.
    let bad = app.post(Some(&dana), "/api/campaigns", &campaign_body(51, &[])).await;
    bad.refused(StatusCode::BAD_REQUEST, "invalid_campaign");
    let mut none = campaign_body(10, &[]);
    none["channels"] = json!([]);
    app.post(Some(&dana), "/api/campaigns", &none)
        .await
        .refused(StatusCode::BAD_REQUEST, "invalid_campaign");
    let list: CampaignList = app.get_as(&dana, "/api/campaigns").await.ok();
    assert_eq!(list.campaigns.len(), 1);
    // An unknown campaign or mailing: 404.
    assert_eq!(app.get_as(&dana, "/api/campaigns/nope").await.status, StatusCode::NOT_FOUND);
    let missing = format!("/api/campaigns/{}/mailings/9/send", c.id);
    assert_eq!(app.post(Some(&dana), &missing, &json!({})).await.status, StatusCode::NOT_FOUND);
}
