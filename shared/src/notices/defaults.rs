//! The rule sets a district starts from, with plain notices (under 150 words, about a 5th-grade
//! reading level, no threats: Lasky-Fink et al. found such notices worked about 40% better than
//! the legal boilerplate). The words are a starting point the district edits with its counsel.

use super::{NoticeKind, NoticeRule, PartDays, RuleSetId, Template, Trigger, Window, Wording};

fn wording(subject: &str, body: &str) -> Wording {
    Wording { subject: subject.to_owned(), body: body.to_owned() }
}

/// California, Education Code 48260.5, with the content required from July 2025: the child is
/// truant and the parent must see that they attend; support (mental health included) may be
/// available; alternative programs exist; the parent may meet school staff; missing 10% of
/// school for any reason harms reading by 3rd grade, middle school and graduation.
const CA_EN: &str = "Dear {parent},

We missed {child} at school. {child} has missed school or come more than 30 minutes late {count} times without a valid excuse. State law calls this being truant. As the parent, you are the one who makes sure {child} goes to school each day.

Every day counts. Missing just 1 day in 10, for any reason, can make it harder to read well by 3rd grade, to do well in middle school, and to finish high school.

We want to help. Our school may have support for {child}, like help with health, feelings or stress. There are also other school programs that may fit {child} better. You can meet with us to talk about what would help.

Please call {school} at {phone} to set a time.

Thank you,
{signer}";

const CA_ES: &str = "Estimado/a {parent}:

Extrañamos a {child} en la escuela. {child} faltó a la escuela o llegó más de 30 minutos tarde {count} veces sin una excusa válida. La ley del estado llama a esto ausentismo escolar. Como padre o madre, usted es quien se asegura de que {child} vaya a la escuela cada día.

Cada día cuenta. Faltar solo 1 día de cada 10, por cualquier motivo, puede hacer más difícil leer bien en 3er grado, salir bien en la secundaria y terminar la preparatoria.

Queremos ayudar. Nuestra escuela puede tener apoyo para {child}, como ayuda con la salud, las emociones o el estrés. También hay otros programas escolares que pueden ser mejores para {child}. Puede reunirse con nosotros para hablar de lo que ayudaría.

Por favor llame a {school} al {phone} para fijar una hora.

Gracias,
{signer}";

/// Pennsylvania, Act 138 (2016): written notice within 10 school days of the 3rd unexcused
/// absence, in the family's language.
const PA_EN: &str = "Dear {parent},

We missed {child} at school. {child} has {count} days away from school without a valid excuse. State law says we must let you know in writing.

Every day at school helps {child} learn and keep up with friends. Missing just 1 day in 10 can make school much harder.

We want to work with you. If {child} misses more days, we will invite you to a meeting to make a plan together. You do not have to wait: if something makes it hard for {child} to get to school, please tell us. We can help.

Please call {school} at {phone}.

Thank you,
{signer}";

const PA_ES: &str = "Estimado/a {parent}:

Extrañamos a {child} en la escuela. {child} tiene {count} días de faltas sin una excusa válida. La ley del estado dice que debemos avisarle por escrito.

Cada día en la escuela ayuda a {child} a aprender y a estar con sus amigos. Faltar solo 1 día de cada 10 puede hacer la escuela mucho más difícil.

Queremos trabajar con usted. Si {child} falta más días, le invitaremos a una reunión para hacer un plan juntos. No tiene que esperar: si algo hace difícil que {child} llegue a la escuela, díganos. Podemos ayudar.

Por favor llame a {school} al {phone}.

Gracias,
{signer}";

/// Pennsylvania: the written offer of a School Attendance Improvement Conference, held even if
/// the family cannot come, and the written plan it makes.
const PA_CONF_EN: &str = "Dear {parent},

{child} has missed more school since our last letter. We would like to meet with you and {child} at a School Attendance Improvement Conference.

At the meeting we will talk about what makes it hard for {child} to come to school. Together we will write a plan with steps for home and for school. You may bring someone to help you.

We will hold the meeting even if you cannot come, and send you the plan. But we hope you will be there, because you know {child} best.

Please call {school} at {phone} to pick a day and time.

Thank you,
{signer}";

const PA_CONF_ES: &str = "Estimado/a {parent}:

{child} ha faltado más a la escuela desde nuestra última carta. Queremos reunirnos con usted y con {child} en una Conferencia para Mejorar la Asistencia Escolar.

En la reunión hablaremos de lo que hace difícil que {child} venga a la escuela. Juntos escribiremos un plan con pasos para la casa y para la escuela. Puede traer a alguien que le ayude.

Haremos la reunión aunque usted no pueda venir, y le enviaremos el plan. Pero esperamos que venga, porque usted conoce mejor a {child}.

Por favor llame a {school} al {phone} para escoger el día y la hora.

Gracias,
{signer}";

/// Texas: the warning at 3 unexcused absences (days or parts of days) within 4 weeks.
const TX_EN: &str = "Dear {parent},

We missed {child} at school. In the last 4 weeks, {child} missed school or part of a school day {count} times without a valid excuse. State law asks us to let you know, and it asks parents to make sure children go to school.

Every day counts. Missing just 1 day in 10 can make it harder for {child} to learn and to pass.

We want to help. If something makes it hard for {child} to get to school, please tell us. We can meet with you and find support together.

Please call {school} at {phone}.

Thank you,
{signer}";

const TX_ES: &str = "Estimado/a {parent}:

Extrañamos a {child} en la escuela. En las últimas 4 semanas, {child} faltó a la escuela o a parte del día {count} veces sin una excusa válida. La ley del estado nos pide avisarle, y pide a los padres que se aseguren de que sus hijos vayan a la escuela.

Cada día cuenta. Faltar solo 1 día de cada 10 puede hacer más difícil que {child} aprenda y pase de año.

Queremos ayudar. Si algo hace difícil que {child} llegue a la escuela, díganos. Podemos reunirnos con usted y buscar apoyo juntos.

Por favor llame a {school} al {phone}.

Gracias,
{signer}";

fn template(subject_en: &str, en: &str, subject_es: &str, es: &str) -> Template {
    Template { en: wording(subject_en, en), es: wording(subject_es, es) }
}

/// The rules of a state, as a district starts from them.
pub fn rule_set(id: RuleSetId) -> Vec<NoticeRule> {
    let year = |count, part_days| Trigger { count, window: Window::SchoolYear, part_days };
    match id {
        RuleSetId::California => vec![NoticeRule {
            kind: NoticeKind::TruancyNotice,
            trigger: year(3, PartDays::OverMinutes(30)),
            // The code sets no number of days; five is this product's default to edit.
            deadline_school_days: 5,
            after: None,
            template: template(
                "{child} has missed school",
                CA_EN,
                "{child} ha faltado a la escuela",
                CA_ES,
            ),
        }],
        RuleSetId::Pennsylvania => vec![
            NoticeRule {
                kind: NoticeKind::TruancyNotice,
                trigger: year(3, PartDays::WholeDaysOnly),
                deadline_school_days: 10,
                after: None,
                template: template(
                    "{child} has missed school",
                    PA_EN,
                    "{child} ha faltado a la escuela",
                    PA_ES,
                ),
            },
            NoticeRule {
                kind: NoticeKind::ConferenceOffer,
                trigger: year(1, PartDays::WholeDaysOnly),
                deadline_school_days: 10,
                after: Some(NoticeKind::TruancyNotice),
                template: template(
                    "Let's meet about {child}'s attendance",
                    PA_CONF_EN,
                    "Reunámonos sobre la asistencia de {child}",
                    PA_CONF_ES,
                ),
            },
        ],
        RuleSetId::Texas => vec![NoticeRule {
            kind: NoticeKind::TruancyWarning,
            trigger: Trigger { count: 3, window: Window::Weeks(4), part_days: PartDays::AnyPart },
            deadline_school_days: 5,
            after: None,
            template: template(
                "{child} has missed school",
                TX_EN,
                "{child} ha faltado a la escuela",
                TX_ES,
            ),
        }],
    }
}

/// Every default template, for checks of their words.
#[cfg(test)]
pub fn all_templates() -> Vec<(RuleSetId, NoticeKind, super::Lang, Wording)> {
    use super::Lang;
    RuleSetId::ALL
        .into_iter()
        .flat_map(|id| rule_set(id).into_iter().map(move |r| (id, r)))
        .flat_map(|(id, r)| {
            [(id, r.kind, Lang::En, r.template.en.clone()), (id, r.kind, Lang::Es, r.template.es)]
        })
        .collect()
}
