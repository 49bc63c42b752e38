//! `/admin/campaigns`: letters, emails and texts to families (district admins). Set up a
//! campaign (who, how, when, and the hold-out kept out at random to measure the effect),
//! preview a student's letter in English and Spanish side by side, download a mailing's
//! letters as one PDF for the print vendor, send its email and text batch, and see whether it
//! worked: after each mailing, absences per enrolled day of the letter group against the
//! hold-out, with a 95% confidence interval, by school where the groups are big enough.

use super::Outcome;
use crate::api;
use crate::components::{Loading, show_errors};
use crate::i18n::{Locale, use_lang, words};
use crate::title::set_title;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use shared::Band;
use shared::campaign::{
    Arm, Audience, Campaign, CampaignView, Channel, DEFAULT_HOLDOUT_PCT, EffectRow, LetterPreview,
    Mailing, MailingEffect, NewCampaign, points,
};
use shared::insights::Suppressed;
use shared::letters::LetterLanguage;

/// The page's words in the staff member's language.
fn t(l: Locale, en: &'static str, es: &'static str) -> &'static str {
    if l == Locale::es { es } else { en }
}

#[component]
pub fn CampaignsPage() -> impl IntoView {
    let lang = use_lang();
    let reload = RwSignal::new(0_u32);
    let list = LocalResource::new(move || {
        reload.track();
        api::campaigns()
    });
    let open = RwSignal::new(None::<String>);
    move || {
        let l = lang.get();
        set_title(t(l, "Campaigns to families", "Campañas a las familias"));
        view! {
            <h1>{t(l, "Campaigns to families", "Campañas a las familias")}</h1>
            <p class="note">
                {t(
                    l,
                    "Letters, emails and texts that tell each family their child's days missed beside the typical classmate's. A share of students is kept out at random (the hold-out), so you can see whether the campaign cut absences.",
                    "Cartas, correos y mensajes que dicen a cada familia los días que faltó su hijo junto a los de un compañero típico. Una parte de los estudiantes queda fuera al azar (el grupo de control) para ver si la campaña redujo las ausencias.",
                )}
            </p>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=show_errors>
                    {move || Suspend::new(async move {
                        list.await.map(|list| {
                            let empty = list.campaigns.is_empty().then(|| view! {
                                <p class="empty" data-testid="campaigns-empty">
                                    {t(l, "No campaigns yet.", "Todavía no hay campañas.")}
                                </p>
                            });
                            let items = list
                                .campaigns
                                .into_iter()
                                .rev()
                                .map(|c| view! { <CampaignItem c open l /> })
                                .collect_view();
                            view! { {empty} <ul class="rows" data-testid="campaigns">{items}</ul> }
                        })
                    })}
                </ErrorBoundary>
            </Transition>
            <NewCampaignForm reload open l />
        }
    }
}

#[component]
fn CampaignItem(c: Campaign, open: RwSignal<Option<String>>, l: Locale) -> impl IntoView {
    let id = c.id.clone();
    let is_open = {
        let id = id.clone();
        Memo::new(move |_| open.get().as_deref() == Some(id.as_str()))
    };
    let toggle = {
        let id = id.clone();
        move |_| {
            open.update(|o| {
                *o = if o.as_deref() == Some(id.as_str()) { None } else { Some(id.clone()) }
            })
        }
    };
    let channels = c.channels.iter().map(|ch| channel_words(l, *ch)).collect::<Vec<_>>().join(", ");
    let meta = format!(
        "{} · {} {} · {} {}%",
        channels,
        c.mailings.len(),
        t(l, "mailings", "envíos"),
        t(l, "hold-out", "grupo de control"),
        c.holdout_pct
    );
    view! {
        <li class="row" data-testid="campaign" data-campaign=c.id.clone()>
            <span class="name">{c.name.clone()}</span>
            <span class="meta">{meta}</span>
            <div class="buttons">
                <button type="button" class="secondary" data-testid="campaign-open" on:click=toggle>
                    {move || if is_open.get() { t(l, "Close", "Cerrar") } else { t(l, "Open", "Abrir") }}
                </button>
            </div>
            {move || is_open.get().then(|| view! { <CampaignDetail id=id.clone() l /> })}
        </li>
    }
}

fn channel_words(l: Locale, c: Channel) -> &'static str {
    match c {
        Channel::Letter => t(l, "printed letter", "carta impresa"),
        Channel::Email => t(l, "email", "correo"),
        Channel::Text => t(l, "text message", "mensaje de texto"),
    }
}

#[component]
fn CampaignDetail(id: String, l: Locale) -> impl IntoView {
    let reload = RwSignal::new(0_u32);
    let cid = id.clone();
    let data = LocalResource::new(move || {
        reload.track();
        api::campaign(cid.clone())
    });
    view! {
        <div class="stack campaign-detail" data-testid="campaign-detail">
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=show_errors>
                    {move || Suspend::new(async move {
                        data.await.map(|v| view! { <Detail v reload l /> })
                    })}
                </ErrorBoundary>
            </Transition>
            <PreviewLetters id=id.clone() l />
        </div>
    }
}

#[component]
fn Detail(v: CampaignView, reload: RwSignal<u32>, l: Locale) -> impl IntoView {
    let c = v.campaign.clone();
    let holdout = format!(
        "{} {} · {} {} ({}%)",
        v.audience_students,
        t(l, "students in the campaign", "estudiantes en la campaña"),
        v.audience_holdout,
        t(l, "kept out at random", "quedan fuera al azar"),
        c.holdout_pct
    );
    let as_of = format!(
        "{} {}",
        t(l, "Students at risk or worse as of", "Estudiantes en riesgo o peor al"),
        words::date_long(l, c.audience.as_of)
    );
    let mailings = c
        .mailings
        .iter()
        .enumerate()
        .map(|(i, m)| view! { <MailingRow id=c.id.clone() n=i as u32 m=m.clone() reload l /> })
        .collect_view();
    let effect = v.effect.clone();
    view! {
        <p class="meta">{as_of}</p>
        <p data-testid="campaign-holdout"><strong>{holdout}</strong></p>
        <h2>{t(l, "Mailings", "Envíos")}</h2>
        <ul class="rows">{mailings}</ul>
        <DidItWork effect l />
    }
}

#[component]
fn MailingRow(id: String, n: u32, m: Mailing, reload: RwSignal<u32>, l: Locale) -> impl IntoView {
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let pdf = api::mailing_pdf_href(&id, n);
    let sent = m.sent_at_ms.map(|_| {
        format!(
            "{}: {} {} · {} {} · {} {} · {} {}",
            t(l, "Sent", "Enviado"),
            m.letter_students,
            t(l, "with the letter", "con la carta"),
            m.holdout_students,
            t(l, "held out", "fuera (control)"),
            m.messages,
            t(l, "emails and texts", "correos y mensajes"),
            m.opted_out,
            t(l, "opted out", "dados de baja")
        )
    });
    let is_sent = sent.is_some();
    let send = move |_| {
        let id = id.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = api::send_mailing(id, n).await;
            busy.set(false);
            outcome.set(Some(match r {
                Ok(b) => Ok(format!(
                    "{} {} {}",
                    t(l, "Batch sent:", "Lote enviado:"),
                    b.mailing.messages,
                    t(l, "emails and texts.", "correos y mensajes.")
                )),
                Err(e) => Err(e.message(l)),
            }));
            reload.update(|r| *r += 1);
        });
    };
    let title = format!("{} {} · {}", t(l, "Mailing", "Envío"), n + 1, words::date_long(l, m.date));
    view! {
        <li class="row" data-testid="mailing">
            <span class="name">{title}</span>
            <span class="meta" data-testid="mailing-sent">{sent}</span>
            <div class="buttons">
                <a class="button secondary" href=pdf download data-testid="mailing-pdf">
                    {t(l, "Download letters (PDF)", "Descargar cartas (PDF)")}
                </a>
                {(!is_sent).then(|| view! {
                    <button type="button" class="primary" data-testid="mailing-send"
                        disabled=move || busy.get() on:click=send.clone()>
                        {t(l, "Send email and text batch", "Enviar correos y mensajes")}
                    </button>
                })}
            </div>
            <Outcome outcome testid="mailing-outcome" />
        </li>
    }
}

/// A student's letter in English and Spanish, side by side (stacked on a phone).
#[component]
fn PreviewLetters(id: String, l: Locale) -> impl IntoView {
    let sid = id.clone();
    let students = LocalResource::new(move || api::campaign_students(sid.clone()));
    let chosen = RwSignal::new(String::new());
    let pid = id.clone();
    let previews = LocalResource::new(move || {
        let (id, student) = (pid.clone(), chosen.get());
        async move {
            if student.is_empty() {
                return Ok(None);
            }
            let en = api::preview_letter(id.clone(), student.clone(), LetterLanguage::En).await?;
            let es = api::preview_letter(id, student, LetterLanguage::Es).await?;
            Ok::<_, api::ApiError>(Some((en, es)))
        }
    });
    view! {
        <h2>{t(l, "Preview a letter", "Ver una carta")}</h2>
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=show_errors>
                {move || Suspend::new(async move {
                    students.await.map(|list| {
                        let options = list
                            .into_iter()
                            .map(|s| {
                                let arm = match s.arm {
                                    Arm::Letter => t(l, "letter", "carta"),
                                    Arm::Holdout => t(l, "hold-out: gets nothing", "control: no recibe nada"),
                                };
                                let label = format!("{} ({}, {})", s.name, s.school_id, arm);
                                view! { <option value=s.student_id.to_string()>{label}</option> }
                            })
                            .collect_view();
                        view! {
                            <label for="preview-student">{t(l, "Student", "Estudiante")}</label>
                            <select id="preview-student" data-testid="preview-student" bind:value=chosen>
                                <option value="">{t(l, "Choose a student", "Elija un estudiante")}</option>
                                {options}
                            </select>
                        }
                    })
                })}
            </ErrorBoundary>
        </Transition>
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=show_errors>
                {move || Suspend::new(async move {
                    previews.await.map(|p| p.map(|(en, es)| view! {
                        <div class="letter-pair" data-testid="letter-previews">
                            <LetterCard p=en l />
                            <LetterCard p=es l />
                        </div>
                    }))
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn LetterCard(p: LetterPreview, l: Locale) -> impl IntoView {
    let code = p.language.as_str();
    let heading = match p.language {
        LetterLanguage::En => "English",
        LetterLanguage::Es => "Español",
    };
    let held = (p.arm == Arm::Holdout).then(|| view! {
        <p class="conflict" data-testid="preview-holdout">
            {t(l, "This student is in the hold-out: no letter, email or text goes to the family.", "Este estudiante está en el grupo de control: la familia no recibe carta, correo ni mensaje.")}
        </p>
    });
    let chart = p.letter.chart.clone();
    let (child, typical) = chart.bar_lengths();
    let bar = |len: u32| format!("{}%", (len as f32 / 100.0).max(1.0));
    let days = |h: u64| shared::letters::days_text(h);
    let paragraphs =
        p.letter.paragraphs.iter().map(|x| view! { <p>{x.clone()}</p> }).collect_view();
    let signoff = p
        .letter
        .signoff
        .iter()
        .map(|x| view! { <p class="signoff">{x.clone()}</p> })
        .collect_view();
    view! {
        <article class="card letter-preview" lang=code data-testid=format!("letter-{code}")>
            <h3>{heading}</h3>
            {held}
            <p>{p.letter.greeting.clone()}</p>
            {paragraphs}
            <figure class="letter-chart" aria-label=chart.title.clone()>
                <figcaption>{chart.title.clone()}</figcaption>
                <div class="bar-row">
                    <span>{chart.child_label.clone()}</span>
                    <span class="lbar child" style:width=bar(child)></span>
                    <span class="figure">{days(chart.child_hundredths)}</span>
                </div>
                <div class="bar-row">
                    <span>{chart.typical_label.clone()}</span>
                    <span class="lbar typical" style:width=bar(typical)></span>
                    <span class="figure">{days(chart.typical_hundredths)}</span>
                </div>
            </figure>
            {signoff}
            <details>
                <summary>{t(l, "Text and email", "Mensaje y correo")}</summary>
                <p class="meta">{t(l, "Text:", "Mensaje:")}</p>
                <p data-testid="preview-text">{p.text.clone()}</p>
                <p class="meta">{t(l, "Email:", "Correo:")} " " {p.email.subject.clone()}</p>
                <p class="pre-line">{p.email.body.clone()}</p>
            </details>
        </article>
    }
}

/// "Did it work?": after each mailing, the letter group against the hold-out.
#[component]
fn DidItWork(effect: Vec<MailingEffect>, l: Locale) -> impl IntoView {
    let body = if effect.is_empty() {
        view! {
            <p class="empty">
                {t(l, "Once a mailing is sent, its effect shows here as attendance comes in.", "Cuando se envíe un envío, su efecto aparecerá aquí a medida que llegue la asistencia.")}
            </p>
        }
        .into_any()
    } else {
        effect
            .into_iter()
            .map(|e| {
                let title = format!(
                    "{} {} ({})",
                    t(l, "After mailing", "Después del envío"),
                    e.mailing + 1,
                    words::date_long(l, e.date)
                );
                let through = match e.through {
                    Some(d) => format!(
                        "{} {}",
                        t(l, "School days through", "Días de clase hasta el"),
                        words::date_long(l, d)
                    ),
                    None => t(
                        l,
                        "No school days since yet.",
                        "Todavía no hay días de clase desde entonces.",
                    )
                    .to_owned(),
                };
                let schools =
                    e.schools.into_iter().map(|r| view! { <EffectLine r l /> }).collect_view();
                view! {
                    <section data-testid="effect-mailing">
                        <h3>{title}</h3>
                        <p class="meta">{through}</p>
                        <ul class="rows">
                            <EffectLine r=e.district l />
                            {schools}
                        </ul>
                    </section>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <h2>{t(l, "Did it work?", "¿Funcionó?")}</h2>
        <p class="note">
            {t(l, "Share of enrolled days missed after each mailing: students who got it against the hold-out. The difference has a 95% confidence interval; groups too small to show are hidden.", "Parte de los días de matrícula que faltaron después de cada envío: quienes lo recibieron frente al grupo de control. La diferencia tiene un intervalo de confianza del 95%; los grupos demasiado pequeños no se muestran.")}
        </p>
        <div data-testid="effect">{body}</div>
    }
}

#[component]
fn EffectLine(r: EffectRow, l: Locale) -> impl IntoView {
    let group = if r.group == "district" {
        t(l, "District", "Distrito").to_owned()
    } else {
        r.group.clone()
    };
    let text = match (r.suppressed, r.letter, r.holdout) {
        (Some(Suppressed::SmallGroup), ..) => {
            t(l, "Too few students to show.", "Muy pocos estudiantes para mostrar.").to_owned()
        }
        (Some(Suppressed::Complementary), ..) => t(
            l,
            "Hidden so a small group cannot be worked out.",
            "Oculto para que no se deduzca un grupo pequeño.",
        )
        .to_owned(),
        (None, Some(a), Some(b)) => {
            let diff = r.difference.map_or_else(String::new, |d| {
                format!(
                    " · {} {} {} ({} {} {} {})",
                    t(l, "difference", "diferencia"),
                    points(d.estimate),
                    t(l, "points", "puntos"),
                    t(l, "95% CI", "IC 95%"),
                    points(d.low),
                    t(l, "to", "a"),
                    points(d.high)
                )
            });
            format!(
                "{} {}% ({} {}) · {} {}% ({} {}){}",
                t(l, "letter", "carta"),
                points(a.mean),
                a.students,
                t(l, "students", "estudiantes"),
                t(l, "hold-out", "control"),
                points(b.mean),
                b.students,
                t(l, "students", "estudiantes"),
                diff
            )
        }
        _ => String::new(),
    };
    view! {
        <li class="row" data-testid="effect-row">
            <span class="name">{group}</span>
            <span class="meta">{text}</span>
        </li>
    }
}

/// Five mailings from `today`, six weeks apart (Rogers & Feller sent five across a year).
fn default_dates(today: NaiveDate) -> String {
    (0..5).map(|i| (today + chrono::Days::new(i * 42)).to_string()).collect::<Vec<_>>().join(", ")
}

#[component]
fn NewCampaignForm(
    reload: RwSignal<u32>,
    open: RwSignal<Option<String>>,
    l: Locale,
) -> impl IntoView {
    let today = super::today();
    let name = RwSignal::new(format!("{} {}", t(l, "Letters", "Cartas"), today.year()));
    let as_of = RwSignal::new(today.to_string());
    let school = RwSignal::new(String::new());
    let letter = RwSignal::new(true);
    let email = RwSignal::new(true);
    let text = RwSignal::new(true);
    let dates = RwSignal::new(default_dates(today));
    let holdout = RwSignal::new(DEFAULT_HOLDOUT_PCT.to_string());
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let schools = LocalResource::new(api::district);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(as_of) = as_of.get_untracked().parse::<NaiveDate>() else {
            outcome.set(Some(Err(
                t(l, "The as-of date is not a date.", "La fecha no es válida.").into()
            )));
            return;
        };
        let mailings: Result<Vec<NaiveDate>, _> = dates
            .get_untracked()
            .split([',', ' ', '\n'])
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim().parse::<NaiveDate>())
            .collect();
        let Ok(mailings) = mailings else {
            outcome.set(Some(Err(t(
                l,
                "Write the mailing dates as YYYY-MM-DD, separated by commas.",
                "Escriba las fechas como AAAA-MM-DD, separadas por comas.",
            )
            .into())));
            return;
        };
        let Ok(holdout_pct) = holdout.get_untracked().trim().parse::<u8>() else {
            outcome.set(Some(Err(t(
                l,
                "The hold-out share must be a whole number from 0 to 50.",
                "El grupo de control debe ser un número entero de 0 a 50.",
            )
            .into())));
            return;
        };
        let school_id = shared::SchoolId::parse(school.get_untracked().trim()).ok();
        let mut audience = Audience::default_rule(as_of, school_id);
        audience.bands = vec![Band::AtRisk, Band::Moderate, Band::Severe];
        let channels = [(letter, Channel::Letter), (email, Channel::Email), (text, Channel::Text)]
            .into_iter()
            .filter(|(on, _)| on.get_untracked())
            .map(|(_, c)| c)
            .collect();
        let new =
            NewCampaign { name: name.get_untracked(), audience, channels, mailings, holdout_pct };
        outcome.set(None);
        leptos::task::spawn_local(async move {
            match api::create_campaign(new).await {
                Ok(c) => {
                    outcome.set(Some(Ok(format!(
                        "{} {}",
                        t(l, "Campaign set up:", "Campaña creada:"),
                        c.name
                    ))));
                    open.set(Some(c.id));
                    reload.update(|r| *r += 1);
                }
                Err(e) => outcome.set(Some(Err(e.message(l)))),
            }
        });
    };
    view! {
        <h2>{t(l, "New campaign", "Nueva campaña")}</h2>
        <form class="stack" on:submit=submit novalidate data-testid="campaign-form">
            <label for="c-name">{t(l, "Name", "Nombre")}</label>
            <input id="c-name" data-testid="campaign-name" bind:value=name />
            <label for="c-asof">{t(l, "Students at risk or worse as of", "Estudiantes en riesgo o peor al")}</label>
            <input id="c-asof" type="date" data-testid="campaign-as-of" bind:value=as_of />
            <label for="c-school">{t(l, "School", "Escuela")}</label>
            <select id="c-school" data-testid="campaign-school" bind:value=school>
                <option value="">{t(l, "Every school", "Todas las escuelas")}</option>
                <Transition>
                    {move || Suspend::new(async move {
                        schools.await.ok().map(|d| d.schools.into_iter().map(|s| view! {
                            <option value=s.id.to_string()>{s.name}</option>
                        }).collect_view())
                    })}
                </Transition>
            </select>
            <fieldset>
                <legend>{t(l, "How to reach families", "Cómo llegar a las familias")}</legend>
                <label class="check"><input type="checkbox" data-testid="campaign-letter" bind:checked=letter /><span>{channel_words(l, Channel::Letter)}</span></label>
                <label class="check"><input type="checkbox" data-testid="campaign-email" bind:checked=email /><span>{channel_words(l, Channel::Email)}</span></label>
                <label class="check"><input type="checkbox" data-testid="campaign-text" bind:checked=text /><span>{channel_words(l, Channel::Text)}</span></label>
            </fieldset>
            <label for="c-dates">{t(l, "Mailing dates (YYYY-MM-DD, commas between)", "Fechas de envío (AAAA-MM-DD, separadas por comas)")}</label>
            <input id="c-dates" data-testid="campaign-dates" bind:value=dates />
            <label for="c-holdout">{t(l, "Hold-out: share kept out at random (0 to 50%)", "Grupo de control: parte que queda fuera al azar (0 a 50%)")}</label>
            <input id="c-holdout" type="number" min="0" max="50" data-testid="campaign-holdout-pct" bind:value=holdout />
            <button type="submit" class="primary" data-testid="campaign-create">
                {t(l, "Set up the campaign", "Crear la campaña")}
            </button>
            <Outcome outcome testid="campaign-outcome" />
        </form>
    }
}
