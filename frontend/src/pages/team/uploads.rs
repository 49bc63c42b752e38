//! `/admin/uploads`: district data staff upload formats.md's CSV files. A dry run first shows
//! what would change and every problem with its file, line and column; "Apply" appears only
//! when there is none. The import log below lists who imported what (short hashes of the
//! files), marks an import still writing or cut short (interrupted: the same files again
//! finish it), and undoes the latest import.

mod help;

use super::Outcome;
use super::table::ScrollTable;
use crate::api::{self, ApiError};
use crate::components::{Loading, show_errors};
use crate::i18n::{Locale, td_string, use_lang, words};
use crate::title::set_title;
use leptos::html::Input;
use leptos::prelude::*;
use shared::uploads::{
    ChangeSummary, DryRun, FileRows, ImportProgress, ImportRecord, UploadFile, UploadRequest,
};
use wasm_bindgen_futures::JsFuture;

#[component]
pub fn UploadsPage() -> impl IntoView {
    let lang = use_lang();
    let log = LocalResource::new(api::imports);
    // Out here: the log is drawn anew after an undo, and the outcome must stay.
    let undone = RwSignal::new(None::<Result<String, String>>);
    move || {
        let l = lang.get();
        set_title(td_string!(l, staff.uploads.title));
        view! {
            <h1>{td_string!(l, staff.uploads.title)}</h1>
            <p class="note">{td_string!(l, staff.uploads.intro)}</p>
            <help::FileHelp l />
            <Upload l log />
            <h2>{td_string!(l, staff.uploads.log)}</h2>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=show_errors>
                    {move || Suspend::new(async move {
                        log.await.map(|records| view! { <Log records l log outcome=undone /> })
                    })}
                </ErrorBoundary>
            </Transition>
        }
    }
}

/// Standard base64 with padding, as the API reads `content_base64`.
fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The chosen files, read and encoded.
async fn read_files(input: web_sys::HtmlInputElement) -> Result<UploadRequest, String> {
    let mut files = Vec::new();
    let Some(list) = input.files() else { return Ok(UploadRequest { files }) };
    for i in 0..list.length() {
        let Some(file) = list.get(i) else { continue };
        let buffer = JsFuture::from(file.array_buffer()).await.map_err(|_| file.name())?;
        let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
        files.push(UploadFile { name: file.name(), content_base64: base64(&bytes) });
    }
    Ok(UploadRequest { files })
}

/// What a dry run was of, for the apply that follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Pending {
    /// The files themselves, as base64 (no import bucket).
    Sent(UploadRequest),
    /// An upload in the import bucket, by its id.
    InBucket(String),
}

/// The chosen files PUT to the import bucket, each to its own presigned URL: the upload's id.
async fn send_to_bucket(input: web_sys::HtmlInputElement, l: Locale) -> Result<String, String> {
    let list = input.files();
    let files: Vec<web_sys::File> = list
        .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default();
    let names = files.iter().map(web_sys::File::name).collect();
    let targets = api::upload_targets(names).await.map_err(|e| e.message(l))?;
    for (file, target) in files.into_iter().zip(targets.targets) {
        let name = file.name();
        api::put_to_bucket(&target.url, file).await.map_err(|e| {
            format!("{} {}", td_string!(l, staff.uploads.not_sent, name = name), e.message(l))
        })?;
    }
    Ok(targets.id)
}

/// The files sent the way the server takes them, and their dry run.
async fn send_and_check(
    el: web_sys::HtmlInputElement,
    l: Locale,
) -> Result<(Pending, DryRun), String> {
    let direct = api::upload_mode().await.map_err(|e| e.message(l))?.direct;
    if direct {
        let id = send_to_bucket(el, l).await?;
        let dry = api::dry_run_upload(id.clone()).await.map_err(|e| e.message(l))?;
        return Ok((Pending::InBucket(id), dry));
    }
    let req = read_files(el)
        .await
        .map_err(|name| td_string!(l, staff.uploads.unreadable, name = name).to_string())?;
    let dry = api::dry_run(req.clone()).await.map_err(|e| e.message(l))?;
    Ok((Pending::Sent(req), dry))
}

#[component]
fn Upload(l: Locale, log: LocalResource<Result<Vec<ImportRecord>, ApiError>>) -> impl IntoView {
    let input = NodeRef::<Input>::new();
    let request = RwSignal::new(None::<Pending>);
    let dry = RwSignal::new(None::<DryRun>);
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let check = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(el) = input.get_untracked() else { return };
        busy.set(true);
        dry.set(None);
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let result = send_and_check(el, l).await;
            busy.set(false);
            match result {
                Ok((pending, d)) => {
                    request.set(Some(pending));
                    dry.set(Some(d));
                }
                Err(m) => outcome.set(Some(Err(m))),
            }
        });
    };
    let apply = move |_| {
        let Some(req) = request.get_untracked() else { return };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = match req {
                Pending::Sent(req) => api::apply_upload(req).await,
                Pending::InBucket(id) => api::apply_bucket_upload(id).await,
            };
            busy.set(false);
            outcome.set(Some(match result {
                Ok(r) => {
                    dry.set(None);
                    log.refetch();
                    Ok(td_string!(l, staff.uploads.applied, n = r.written).to_string())
                }
                Err(e) => Err(e.message(l)),
            }));
        });
    };
    view! {
        <form class="stack" on:submit=check novalidate>
            <label for="upload-files">{td_string!(l, staff.uploads.files)}</label>
            <p class="hint" id="upload-hint">{td_string!(l, staff.uploads.files_hint)}</p>
            <input id="upload-files" data-testid="upload-files" type="file" multiple accept=".csv,text/csv"
                aria-describedby="upload-hint" node_ref=input />
            <button type="submit" class="primary" data-testid="upload-check" disabled=move || busy.get()>
                {td_string!(l, staff.uploads.check)}
            </button>
        </form>
        {move || dry.get().map(|d| {
            let clean = d.problems.is_empty() && d.problem_count == 0;
            view! {
                <DryRunView d l />
                {clean.then(|| view! {
                    <button type="button" class="primary" data-testid="upload-apply"
                        disabled=move || busy.get() on:click=apply>
                        {td_string!(l, staff.uploads.apply)}
                    </button>
                })}
            }
        })}
        <Outcome outcome testid="upload-outcome" />
    }
}

#[component]
fn DryRunView(d: DryRun, l: Locale) -> impl IntoView {
    let problems = if d.problems.is_empty() {
        view! { <p class="sent" role="status" data-testid="upload-clean">{td_string!(l, staff.uploads.no_problems)}</p> }.into_any()
    } else {
        let rows = d
            .problems
            .iter()
            .map(|p| {
                view! {
                    <tr data-testid="upload-problem">
                        <td>{p.file.clone()}</td>
                        <td>{p.line.map(|n| n.to_string()).unwrap_or_default()}</td>
                        <td>{p.column.clone().unwrap_or_default()}</td>
                        <td>{p.message.clone()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <p class="form-error" role="alert" data-testid="upload-problems-count">
                {td_string!(l, staff.uploads.problems, n = d.problem_count).to_string()}
            </p>
            <ScrollTable
                label=td_string!(l, staff.uploads.problems_table)
                head=vec![
                    td_string!(l, staff.uploads.file),
                    td_string!(l, staff.uploads.line),
                    td_string!(l, staff.uploads.column),
                    td_string!(l, staff.uploads.reason),
                ]
            >
                {rows}
            </ScrollTable>
        }
        .into_any()
    };
    view! {
        <section class="card" data-testid="upload-dry-run" aria-labelledby="dry-h">
            <h2 id="dry-h">{td_string!(l, staff.uploads.dry_run)}</h2>
            <Files files=d.files l />
            <Summary s=d.summary l />
            <p data-testid="upload-writes">{td_string!(l, staff.uploads.writes, n = d.writes).to_string()}</p>
            {problems}
        </section>
    }
}

#[component]
fn Files(files: Vec<FileRows>, l: Locale) -> impl IntoView {
    let items = files
        .into_iter()
        .map(|f| {
            let short = f.sha256.chars().take(12).collect::<String>();
            view! {
                <li>
                    <strong>{f.name}</strong> " · "
                    {if f.rows == 1 {
                        td_string!(l, staff.uploads.rows_one).to_owned()
                    } else {
                        td_string!(l, staff.uploads.rows, n = f.rows).to_string()
                    }} " · "
                    <code title=f.sha256.clone()>{short}</code>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="bullets" data-testid="upload-file-list">{items}</ul> }
}

#[component]
fn Summary(s: ChangeSummary, l: Locale) -> impl IntoView {
    let items = [
        (td_string!(l, staff.uploads.new_students), s.new_students, "new-students"),
        (td_string!(l, staff.uploads.changed_students), s.changed_students, "changed-students"),
        (td_string!(l, staff.uploads.new_enrollments), s.new_enrollments, "new-enrollments"),
        (td_string!(l, staff.uploads.exits), s.exits, "exits"),
        (td_string!(l, staff.uploads.new_rows), s.new_attendance_rows, "new-attendance"),
        (
            td_string!(l, staff.uploads.changed_rows),
            s.changed_attendance_rows,
            "changed-attendance",
        ),
        (td_string!(l, staff.uploads.other), s.other_changes, "other"),
    ]
    .into_iter()
    .map(|(label, n, key)| {
        view! {
            <div>
                <dt>{label}</dt>
                <dd data-testid=format!("summary-{key}")>{n}</dd>
            </div>
        }
    })
    .collect_view();
    view! { <dl class="summary-grid">{items}</dl> }
}

#[component]
fn Log(
    records: Vec<ImportRecord>,
    l: Locale,
    log: LocalResource<Result<Vec<ImportRecord>, ApiError>>,
    outcome: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    if records.is_empty() {
        return view! { <p class="empty">{td_string!(l, staff.uploads.log_empty)}</p> }.into_any();
    }
    let latest = records.iter().find(|r| r.undone_at_ms.is_none()).map(|r| r.id.clone());
    let rows = records
        .into_iter()
        .map(|r| {
            let files = r
                .files
                .iter()
                .map(|f| format!("{} ({}, {})", f.name, &f.sha256.chars().take(12).collect::<String>(), f.rows))
                .collect::<Vec<_>>()
                .join("; ");
            let s = &r.summary;
            let counts = td_string!(
                l,
                staff.uploads.counts,
                written = r.written,
                students = s.new_students + s.changed_students,
                rows = s.new_attendance_rows + s.changed_attendance_rows
            )
            .to_string();
            let undone = r.undone_at_ms.map(|at| {
                let who = r.undone_by_name.clone().unwrap_or_default();
                view! {
                    <span class="meta" data-testid="import-undone">
                        {td_string!(l, staff.uploads.undone, who = who, when = words::local_moment(l, at)).to_string()}
                    </span>
                }
            });
            let progress = match r.progress(js_sys::Date::now() as i64) {
                ImportProgress::Finished => None,
                ImportProgress::Running => Some((
                    "import-in-progress",
                    td_string!(l, staff.uploads.in_progress, students = r.students).to_string(),
                )),
                ImportProgress::Interrupted => {
                    Some(("import-interrupted", td_string!(l, staff.uploads.interrupted).to_owned()))
                }
            };
            let progress = progress.map(|(testid, text)| {
                view! { <strong class="meta" data-testid=testid>{text}</strong> }
            });
            let undo = (latest.as_ref() == Some(&r.id)).then(|| {
                let id = r.id.clone();
                view! {
                    <button type="button" class="secondary" data-testid="import-undo" on:click=move |_| {
                        let id = id.clone();
                        leptos::task::spawn_local(async move {
                            let result = api::undo_import(id).await;
                            outcome.set(Some(result.map(|_| td_string!(l, staff.uploads.undo_done).to_owned()).map_err(|e| e.message(l))));
                            log.refetch();
                        });
                    }>
                        {td_string!(l, staff.uploads.undo)}
                    </button>
                }
            });
            view! {
                <li class="row" data-testid="import-row">
                    <span class="name">
                        {r.by_name.clone()} " · " {words::local_moment(l, r.at_ms)}
                    </span>
                    <span class="meta">{files}</span>
                    <span class="meta">{counts}</span>
                    {progress}
                    {undone}
                    {undo}
                </li>
            }
        })
        .collect_view();
    view! {
        <Outcome outcome testid="import-outcome" />
        <ul class="rows">{rows}</ul>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_sent_as_the_standard_base64_with_padding_the_api_decodes() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"student_id,date\n"), "c3R1ZGVudF9pZCxkYXRlCg==");
        assert_eq!(base64(&[0xff, 0xfe, 0x00]), "//4A");
    }
}
