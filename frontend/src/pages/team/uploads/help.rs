//! What each file must hold (formats.md): its columns, required first, and a sample to copy.
//! Shown folded above the upload, so a first upload need not be a guess.

use crate::i18n::{Locale, td_string};
use leptos::prelude::*;

/// A file: its name, what it is, required columns, optional columns, a sample (header and rows).
struct Format {
    file: &'static str,
    required: &'static str,
    optional: &'static str,
    sample: &'static str,
}

const FORMATS: [Format; 7] = [
    Format {
        file: "schools.csv",
        required: "school_id, name",
        optional: "district_id",
        sample: "school_id,name\nMAPLE,Maple Elementary",
    },
    Format {
        file: "calendar.csv",
        required: "school_id, date (one row per instructional day)",
        optional: "",
        sample: "school_id,date\nMAPLE,2026-09-01\nMAPLE,2026-09-02",
    },
    Format {
        file: "students.csv",
        required: "student_id, first_name, last_name",
        optional: "birth_date, home_language, subgroups (ell;swd;econ…), race_ethnicity, zip",
        sample: "student_id,first_name,last_name,birth_date,home_language\n1001,Jayden,Clark,2016-04-12,en",
    },
    Format {
        file: "enrollments.csv",
        required: "student_id, school_id, grade (PK, KG, 1…12), entry_date",
        optional: "exit_date (empty = still enrolled), homeroom",
        sample: "student_id,school_id,grade,entry_date,exit_date,homeroom\n1001,MAPLE,3,2026-09-01,,3A",
    },
    Format {
        file: "guardians.csv",
        required: "guardian_id, student_id, first_name, last_name",
        optional: "email, phone (one of them to reach the family), language, relationship, address_line1, address_line2, city, state, postal_code, receives_mail",
        sample: "guardian_id,student_id,first_name,last_name,email,phone,language\nG1,1001,Rosa,Clark,rosa@example.org,,es",
    },
    Format {
        file: "attendance.csv",
        required: "student_id, school_id, date, status (present, excused_absence, unexcused_absence, suspension, tardy, early_departure, partial)",
        optional: "fraction_absent (0 to 1; required for partial and early_departure), reason, period. Only days that were not a plain full day present, up to today.",
        sample: "student_id,school_id,date,status,fraction_absent,reason\n1001,MAPLE,2026-09-03,excused_absence,,illness\n1001,MAPLE,2026-09-04,partial,0.5,appointment",
    },
    Format {
        file: "staff.csv",
        required: "staff_id, first_name, last_name, email, role",
        optional: "school_id, homerooms",
        sample: "staff_id,first_name,last_name,email,role,school_id,homerooms\nT1,Tess,Nguyen,tess@maple.example,teacher,MAPLE,3A",
    },
];

#[component]
pub fn FileHelp(l: Locale) -> impl IntoView {
    let files = FORMATS
        .iter()
        .map(|f| {
            let optional = (!f.optional.is_empty()).then(|| {
                view! {
                    <p>
                        <strong>{td_string!(l, staff.uploads.optional)}</strong>
                        " "
                        {f.optional}
                    </p>
                }
            });
            view! {
                <section data-testid="format" data-file=f.file>
                    <h3>{f.file}</h3>
                    <p>
                        <strong>{td_string!(l, staff.uploads.required)}</strong>
                        " "
                        {f.required}
                    </p>
                    {optional}
                    <pre class="sample">{f.sample}</pre>
                </section>
            }
        })
        .collect_view();
    view! {
        <details class="card" data-testid="upload-formats">
            <summary>{td_string!(l, staff.uploads.formats)}</summary>
            <p class="note">{td_string!(l, staff.uploads.formats_intro)}</p>
            {files}
        </details>
    }
}
