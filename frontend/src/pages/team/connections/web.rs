//! The connections "web" (seed 000): every student a dot joined by lines to their trusted
//! adults, and the students with none apart, larger, in a shaded box at the top, so they are
//! the first thing one sees. Drawn here as SVG from the page's live rows (a mark made below
//! moves the dot at once). The list below the picture stays the full, accessible record; the
//! picture has its own text alternative, and a name on hover (`<title>`) or tap (the caption).

use crate::i18n::{Locale, td_string};
use leptos::prelude::*;
use shared::Band;
use shared::outreach::StaffRef;

/// One student as the picture needs them.
#[derive(Debug, Clone, PartialEq)]
pub struct Student {
    pub id: String,
    pub name: String,
    pub band: Band,
    pub adults: Vec<StaffRef>,
}

/// The drawing's width in SVG units: about one unit a pixel on a 360 px phone.
const WIDTH: f32 = 320.0;
const PAD: f32 = 8.0;
/// A student without a trusted adult: a large dot in a grid.
const ALONE_CELL: f32 = 22.0;
const ALONE_R: f32 = 8.0;
/// A student with one: a small dot under their (first) adult.
const CELL: f32 = 16.0;
const R: f32 = 5.5;
const HUB_R: f32 = 14.0;
const GAP: f32 = 12.0;

#[derive(Debug, Clone, PartialEq)]
pub struct Dot {
    /// Index into the students given to [`layout`].
    pub student: usize,
    pub x: f32,
    pub y: f32,
    pub alone: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hub {
    pub adult: StaffRef,
    pub x: f32,
    pub y: f32,
    /// Indices of the students this adult is trusted by.
    pub students: Vec<usize>,
}

/// A line from a hub to a dot; `first` is the adult the dot sits under (the others dashed).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub from: (f32, f32),
    pub to: (f32, f32),
    pub first: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    pub height: f32,
    /// The shaded box of the students with none: its height (0: nobody is without).
    pub alone_height: f32,
    pub dots: Vec<Dot>,
    pub hubs: Vec<Hub>,
    pub lines: Vec<Line>,
}

/// Columns of a grid of `n` dots no wider than `max`: roughly twice as wide as tall.
fn columns(n: usize, max: usize) -> usize {
    let mut cols = 1;
    while cols * cols < 2 * n {
        cols += 1;
    }
    cols.clamp(1, max.max(1)).min(n.max(1))
}

/// Where everything goes. Adults are ordered by name; a student sits under the first of their
/// adults in that order, with a dashed line to each other one.
pub fn layout(students: &[Student]) -> Layout {
    let mut out = Layout::default();
    let alone: Vec<usize> =
        (0..students.len()).filter(|&i| students[i].adults.is_empty()).collect();
    if !alone.is_empty() {
        let cols = ((WIDTH - 2.0 * PAD) / ALONE_CELL) as usize;
        let top = 26.0;
        for (k, &i) in alone.iter().enumerate() {
            let (row, col) = (k / cols, k % cols);
            let x = PAD + ALONE_CELL * (col as f32 + 0.5);
            let y = top + ALONE_CELL * (row as f32 + 0.5);
            out.dots.push(Dot { student: i, x, y, alone: true });
        }
        out.alone_height = top + ALONE_CELL * alone.len().div_ceil(cols) as f32 + 6.0;
    }
    let mut adults: Vec<StaffRef> = Vec::new();
    for s in students {
        for a in &s.adults {
            if !adults.iter().any(|b| b.staff_id == a.staff_id) {
                adults.push(a.clone());
            }
        }
    }
    adults.sort_by(|a, b| (&a.name, &a.staff_id).cmp(&(&b.name, &b.staff_id)));
    let rank = |a: &StaffRef| adults.iter().position(|b| b.staff_id == a.staff_id);
    // Each student under their first adult in the adults' order.
    let mut under: Vec<Vec<usize>> = vec![Vec::new(); adults.len()];
    for (i, s) in students.iter().enumerate() {
        if let Some(first) = s.adults.iter().filter_map(rank).min() {
            under[first].push(i);
        }
    }
    let max_cols = ((WIDTH - 2.0 * PAD) / CELL) as usize;
    let (mut x, mut y) = (PAD, out.alone_height + GAP);
    let mut row_height: f32 = 0.0;
    for (a, adult) in adults.iter().enumerate() {
        let n = under[a].len();
        let cols = columns(n, max_cols);
        let width = (cols as f32 * CELL).max(2.0 * HUB_R + 4.0);
        let height = 2.0 * HUB_R + 8.0 + CELL * n.div_ceil(cols) as f32;
        if x + width > WIDTH - PAD + 0.01 && x > PAD {
            x = PAD;
            y += row_height + GAP;
            row_height = 0.0;
        }
        let hub = (x + width / 2.0, y + HUB_R);
        let grid_left = hub.0 - cols as f32 * CELL / 2.0;
        for (k, &i) in under[a].iter().enumerate() {
            let (row, col) = (k / cols, k % cols);
            let dot = (
                grid_left + CELL * (col as f32 + 0.5),
                y + 2.0 * HUB_R + 8.0 + CELL * (row as f32 + 0.5),
            );
            out.dots.push(Dot { student: i, x: dot.0, y: dot.1, alone: false });
        }
        let trusted = (0..students.len())
            .filter(|&i| students[i].adults.iter().any(|b| b.staff_id == adult.staff_id))
            .collect();
        out.hubs.push(Hub { adult: adult.clone(), x: hub.0, y: hub.1, students: trusted });
        x += width + GAP;
        row_height = row_height.max(height);
    }
    // Below the last row of adults; with none, the box of the students without ends the picture.
    let bottom = if adults.is_empty() { out.alone_height } else { y + row_height + PAD };
    for dot in out.dots.iter().filter(|d| !d.alone) {
        let first = students[dot.student].adults.iter().filter_map(rank).min();
        for a in students[dot.student].adults.iter().filter_map(rank) {
            let hub = &out.hubs[a];
            out.lines.push(Line {
                from: (hub.x, hub.y),
                to: (dot.x, dot.y),
                first: Some(a) == first,
            });
        }
    }
    // Short lines (to one's own hub) over long ones: drawn last.
    out.lines.sort_by_key(|l| l.first);
    out.height = bottom.ceil();
    out
}

/// The adult's initials for the hub ("Luis Medina" → "LM").
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let pick = match words.as_slice() {
        [] => Vec::new(),
        [one] => vec![*one],
        [first, .., last] => vec![*first, *last],
    };
    pick.iter().filter_map(|w| w.chars().next()).flat_map(char::to_uppercase).collect()
}

/// What a tap picked: a student (index) or an adult (staff id).
#[derive(Debug, Clone, PartialEq)]
enum Picked {
    Student(usize),
    Adult(String),
}

fn names(list: impl Iterator<Item = String>) -> String {
    list.collect::<Vec<_>>().join(", ")
}

fn said(l: Locale, students: &[Student], layout: &Layout, picked: &Picked) -> String {
    match picked {
        Picked::Student(i) => {
            let s = &students[*i];
            if s.adults.is_empty() {
                td_string!(l, staff.connections.web_student_none, name = &s.name).to_string()
            } else {
                let adults = names(s.adults.iter().map(|a| a.name.clone()));
                td_string!(l, staff.connections.web_student, name = &s.name, adults = adults)
                    .to_string()
            }
        }
        Picked::Adult(id) => {
            layout.hubs.iter().find(|h| &h.adult.staff_id == id).map_or_else(String::new, |h| {
                let list = names(h.students.iter().map(|&i| students[i].name.clone()));
                td_string!(
                    l,
                    staff.connections.web_adult,
                    name = &h.adult.name,
                    n = h.students.len(),
                    students = list
                )
                .to_string()
            })
        }
    }
}

fn summary(l: Locale, students: &[Student], layout: &Layout) -> String {
    let alone = layout.dots.iter().filter(|d| d.alone).count();
    let mut text = td_string!(
        l,
        staff.connections.web_summary,
        students = students.len(),
        adults = layout.hubs.len(),
        n = alone
    )
    .to_string();
    if !layout.hubs.is_empty() {
        let list =
            names(layout.hubs.iter().map(|h| format!("{} ({})", h.adult.name, h.students.len())));
        text.push(' ');
        text.push_str(&td_string!(l, staff.connections.web_adults, list = list).to_string());
    }
    text
}

fn n(v: f32) -> String {
    format!("{v:.1}")
}

/// The picture of `students` (recomputed when a mark below changes them).
#[component]
pub fn Web(students: Signal<Vec<Student>>, l: Locale) -> impl IntoView {
    let picked = RwSignal::new(None::<Picked>);
    let drawing = Memo::new(move |_| {
        let list = students.get();
        let layout = layout(&list);
        (list, layout)
    });
    let svg = move || {
        drawing.with(|(list, layout)| {
            let alone_box = (layout.alone_height > 0.0).then(|| {
                let n = layout.dots.iter().filter(|d| d.alone).count();
                view! {
                    <rect class="alone-box" x="1" y="1" width=self::n(WIDTH - 2.0) height=self::n(layout.alone_height - 2.0) rx="6" />
                    <text class="alone-label" x=self::n(PAD) y="18">
                        {td_string!(l, staff.connections.web_alone, n = n).to_string()}
                    </text>
                }
            });
            let lines = layout
                .lines
                .iter()
                .map(|line| {
                    view! {
                        <line class=if line.first { "tie" } else { "tie other" } x1=n(line.from.0) y1=n(line.from.1)
                            x2=n(line.to.0) y2=n(line.to.1) />
                    }
                })
                .collect_view();
            let hubs = layout
                .hubs
                .iter()
                .map(|h| {
                    let id = h.adult.staff_id.clone();
                    let is = {
                        let id = id.clone();
                        move || picked.with(|p| p.as_ref() == Some(&Picked::Adult(id.clone())))
                    };
                    view! {
                        <g class="hub" class:picked=is data-testid="web-adult" data-staff-id=id.clone()
                            on:click=move |_| picked.set(Some(Picked::Adult(id.clone())))>
                            <title>{h.adult.name.clone()}</title>
                            <circle cx=n(h.x) cy=n(h.y) r=n(HUB_R) />
                            <text x=n(h.x) y=n(h.y + 4.5) text-anchor="middle">{initials(&h.adult.name)}</text>
                        </g>
                    }
                })
                .collect_view();
            let dots = layout
                .dots
                .iter()
                .map(|d| {
                    let s = &list[d.student];
                    let i = d.student;
                    let is = move || picked.with(|p| p.as_ref() == Some(&Picked::Student(i)));
                    let r = if d.alone { ALONE_R } else { R };
                    view! {
                        <g class=format!("dot band-{}", s.band.as_str()) class:alone=d.alone class:picked=is
                            data-testid="web-student" data-student-id=s.id.clone() data-none=d.alone.to_string()
                            on:click=move |_| picked.set(Some(Picked::Student(i)))>
                            <title>{s.name.clone()}</title>
                            // A larger, invisible circle: a finger finds the dot.
                            <circle class="hit" cx=n(d.x) cy=n(d.y) r=n(r + 3.0) />
                            <circle cx=n(d.x) cy=n(d.y) r=n(r) />
                        </g>
                    }
                })
                .collect_view();
            let height = layout.height.max(1.0);
            view! {
                <svg class="web" viewBox=format!("0 0 {} {}", n(WIDTH), n(height)) role="img"
                    aria-labelledby="conn-web-title conn-web-desc" data-testid="connection-web-svg">
                    {alone_box}
                    {lines}
                    {hubs}
                    {dots}
                </svg>
            }
        })
    };
    let caption = move || {
        drawing.with(|(list, layout)| match picked.get() {
            Some(p) => said(l, list, layout, &p),
            None => td_string!(l, staff.connections.web_tap).to_owned(),
        })
    };
    let desc = move || drawing.with(|(list, layout)| summary(l, list, layout));
    view! {
        <figure class="conn-web" data-testid="connection-web">
            <h2 id="conn-web-title">{td_string!(l, staff.connections.web_title)}</h2>
            {svg}
            <p class="picked-name" aria-live="polite" data-testid="connection-web-picked">{caption}</p>
            <figcaption id="conn-web-desc" class="note" data-testid="connection-web-summary">{desc}</figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adult(id: &str, name: &str) -> StaffRef {
        StaffRef { staff_id: id.into(), name: name.into() }
    }

    fn student(id: &str, adults: Vec<StaffRef>) -> Student {
        Student { id: id.into(), name: format!("Student {id}"), band: Band::Satisfactory, adults }
    }

    #[test]
    fn the_students_without_a_trusted_adult_are_large_dots_in_the_box_above_the_web() {
        let medina = adult("t1", "Luis Medina");
        let okafor = adult("t2", "Grace Okafor");
        let students = vec![
            student("A", vec![]),
            student("B", vec![medina.clone()]),
            student("C", vec![okafor.clone(), medina.clone()]),
            student("D", vec![]),
        ];
        let l = layout(&students);
        let alone: Vec<&Dot> = l.dots.iter().filter(|d| d.alone).collect();
        assert_eq!(alone.iter().map(|d| d.student).collect::<Vec<_>>(), vec![0, 3]);
        assert!(alone.iter().all(|d| d.y < l.alone_height));
        assert!(l.dots.iter().filter(|d| !d.alone).all(|d| d.y > l.alone_height));
        // Every student drawn once; hubs by name (Grace Okafor, then Luis Medina).
        assert_eq!(l.dots.len(), 4);
        let hubs: Vec<&str> = l.hubs.iter().map(|h| h.adult.name.as_str()).collect();
        assert_eq!(hubs, vec!["Grace Okafor", "Luis Medina"]);
        assert_eq!(l.hubs[1].students, vec![1, 2]);
        // C sits under Grace Okafor (first by name), dashed to Luis Medina; B solid to him.
        assert_eq!(l.lines.len(), 3);
        assert_eq!(l.lines.iter().filter(|x| !x.first).count(), 1);
        assert!(l.dots.iter().chain(alone.iter().copied()).all(|d| d.x > 0.0 && d.x < WIDTH));
        assert!(l.dots.iter().all(|d| d.y < l.height));
    }

    #[test]
    fn without_any_connection_the_picture_is_the_box_alone() {
        let l = layout(&[student("A", vec![]), student("B", vec![])]);
        assert!(l.hubs.is_empty() && l.lines.is_empty());
        assert_eq!(l.height, l.alone_height.ceil());
    }

    #[test]
    fn many_adults_wrap_onto_rows_within_the_width() {
        let students: Vec<Student> = (0..30)
            .map(|i| {
                student(&format!("S{i}"), vec![adult(&format!("t{i}"), &format!("Adult {i:02}"))])
            })
            .collect();
        let l = layout(&students);
        assert_eq!(l.alone_height, 0.0);
        assert!(l.hubs.iter().all(|h| h.x - HUB_R >= 0.0 && h.x + HUB_R <= WIDTH));
        assert!(l.hubs.iter().map(|h| h.y).fold(0.0, f32::max) > l.hubs[0].y, "more than one row");
        assert!(l.hubs.iter().all(|h| h.y + HUB_R < l.height));
    }

    #[test]
    fn initials_take_the_first_and_last_names() {
        assert_eq!(initials("Luis Medina"), "LM");
        assert_eq!(initials("María José de la Cruz"), "MC");
        assert_eq!(initials("cher"), "C");
        assert_eq!(initials(""), "");
    }
}
