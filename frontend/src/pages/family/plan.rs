//! "What the school is doing": the attendance support plan, as the family reads and signs it.

use crate::api::ApiError;
use crate::components::{Loading, PlanList, SignButton, Signatures, section_errors};
use crate::i18n::{Locale, td_string, words};
use leptos::prelude::*;
use shared::plan::{PlanView, SignerRole};

#[component]
pub fn PlanSection(
    id: String,
    plan: LocalResource<Result<PlanView, ApiError>>,
    name: String,
    just_signed: RwSignal<bool>,
    l: Locale,
) -> impl IntoView {
    view! {
        <section aria-labelledby="plan-heading" data-testid="plan">
            <h2 id="plan-heading">{td_string!(l, plan.title)}</h2>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=section_errors>
                    {
                        let (id, name) = (id.clone(), name.clone());
                        move || {
                            let (id, name) = (id.clone(), name.clone());
                            Suspend::new(async move {
                                plan.await
                                    .map(|view| {
                                        view! { <Plan view id name plan just_signed l /> }
                                    })
                            })
                        }
                    }
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn Plan(
    view: PlanView,
    id: String,
    name: String,
    plan: LocalResource<Result<PlanView, ApiError>>,
    just_signed: RwSignal<bool>,
    l: Locale,
) -> impl IntoView {
    let Some(p) = view.plan else {
        return view! {
            <p class="empty" data-testid="no-plan">
                {td_string!(l, plan.none, name = &name).to_string()}
            </p>
        }
        .into_any();
    };
    let c = p.content.clone();
    let sign = p.signed_by(SignerRole::Guardian).is_none().then(|| {
        let signed = Callback::new(move |()| {
            just_signed.set(true);
            plan.refetch();
        });
        view! {
            <SignButton
                student_id=id.clone()
                version=p.version
                l
                hint=td_string!(l, plan.sign_hint)
                signed
            />
        }
    });
    let thanks = move || {
        just_signed.get().then(|| {
            view! {
                <p class="sent" role="status" data-testid="signed-thanks">
                    {td_string!(l, plan.you_signed)}
                </p>
            }
        })
    };
    view! {
        <div class="card plan">
            <p class="goal" data-testid="plan-goal">
                {td_string!(l, plan.goal, days = words::whole_days(l, c.goal_max_days)).to_string()}
            </p>
            <p data-testid="plan-review">
                {td_string!(l, plan.review, date = words::date_long(l, c.review_date)).to_string()}
            </p>
            <PlanList
                title=td_string!(l, plan.commitments, name = &name).to_string()
                items=c.commitments.iter().map(|t| words::plan_text(l, t)).collect()
                testid="plan-commitments"
            />
            <PlanList
                title=td_string!(l, plan.school_will).to_owned()
                items=c.school_will
                testid="plan-school-will"
            />
            <PlanList
                title=td_string!(l, plan.supports).to_owned()
                items=c.additional_supports
                testid="plan-supports"
            />
            <p class="note">
                {td_string!(
                    l,
                    plan.written,
                    date = words::date_long(l, p.written_on),
                    who = &p.written_by_name
                )
                    .to_string()}
            </p>
            <Signatures plan=p l />
            {sign}
            {thanks}
        </div>
    }
    .into_any()
}
