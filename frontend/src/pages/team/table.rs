//! The wide tables of the staff pages (reports, problems in an upload, did-it-work): on a phone
//! they scroll sideways inside a labelled region the keyboard can reach (axe's
//! scrollable-region-focusable), with the column heads for screen readers.

use leptos::prelude::*;

#[component]
pub fn ScrollTable(
    /// What the table is, said by screen readers on entering the region.
    label: &'static str,
    /// The column heads, in order.
    head: Vec<&'static str>,
    /// A row under the others (a total).
    #[prop(optional)]
    foot: Option<AnyView>,
    #[prop(optional)] testid: Option<&'static str>,
    /// The rows (`<tr>`s).
    children: Children,
) -> impl IntoView {
    let head = head.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=label>
            <table class="log" data-testid=testid>
                <thead>
                    <tr>{head}</tr>
                </thead>
                <tbody>{children()}</tbody>
                {foot.map(|f| view! { <tfoot>{f}</tfoot> })}
            </table>
        </div>
    }
}
