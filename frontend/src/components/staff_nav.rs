//! The staff's working pages, by role, as a row under the header: teachers take roll; the
//! attendance team and school leaders work the queue, the families' reports and the roll;
//! district admins upload data and set the district's settings. Everyone on staff sees the
//! homerooms with the best attendance.

use crate::i18n::{Locale, td_string};
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use shared::auth::Role;

/// The links a role gets: (href, test id, words).
fn links(l: Locale, role: Role) -> Vec<(&'static str, &'static str, &'static str)> {
    let roll = ("/roll", "nav-roll", td_string!(l, staff.nav.roll));
    let queue = ("/queue", "nav-queue", td_string!(l, staff.nav.queue));
    let confirm = ("/reports-to-confirm", "nav-confirm", td_string!(l, staff.nav.confirm));
    let connections = ("/connections", "nav-connections", td_string!(l, staff.nav.connections));
    let reports = ("/reports", "nav-reports", td_string!(l, staff.nav.reports));
    let chronic = ("/chronic-list", "nav-chronic", td_string!(l, school.nav_chronic));
    let objectives = ("/objectives", "nav-objectives", td_string!(l, school.nav_objectives));
    let best = ("/recognition", "nav-recognition", td_string!(l, recognition.nav));
    let notices = ("/notices", "nav-notices", td_string!(l, notices.nav));
    match role {
        Role::Teacher => vec![roll, connections, chronic, best],
        Role::DistrictAdmin => vec![
            ("/admin/uploads", "nav-uploads", td_string!(l, staff.nav.uploads)),
            ("/admin/settings", "nav-settings", td_string!(l, staff.nav.settings)),
            ("/admin/interventions", "nav-catalog", td_string!(l, supports.nav_catalog)),
            reports,
            chronic,
            objectives,
            best,
            notices,
            (
                "/admin/campaigns",
                "nav-campaigns",
                if l == Locale::es { "Campañas" } else { "Campaigns" },
            ),
            ("/admin/self-assessment", "nav-assessment", td_string!(l, staff.nav.assessment)),
        ],
        r if r.is_staff() => {
            vec![queue, confirm, roll, connections, chronic, reports, objectives, best, notices]
        }
        _ => Vec::new(),
    }
}

#[component]
pub fn StaffNav(role: Role, l: Locale) -> impl IntoView {
    let links = links(l, role);
    let path = use_location().pathname;
    (!links.is_empty()).then(|| {
        // The page one is on is marked (for screen readers too): on a phone the row scrolls,
        // and the link may be the only sign of where one is.
        let items = links
            .into_iter()
            .map(|(href, testid, words)| {
                let here = move || {
                    // `/reports` is not here on `/reports-to-confirm`; it is on `/reports/…`.
                    let on = |p: &String| {
                        p.strip_prefix(href).is_some_and(|r| r.is_empty() || r.starts_with('/'))
                    };
                    path.with(on).then_some("page")
                };
                view! { <a href=href data-testid=testid aria-current=here>{words}</a> }
            })
            .collect_view();
        view! {
            <nav class="staff-nav" aria-label=td_string!(l, staff.nav.label)>
                {items}
            </nav>
        }
    })
}
