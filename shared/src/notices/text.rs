//! Filling a notice's words in: the family's names, the count, the school and who signs.

use super::{Lang, Template};
use serde::{Deserialize, Serialize};

/// What a notice's placeholders are filled with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeFacts {
    /// The guardian's first name (`{parent}`).
    pub parent: String,
    /// The student's first name (`{child}`).
    pub child: String,
    pub count: u32,
    pub school: String,
    /// The school office's phone (`{phone}`).
    pub phone: String,
    /// Who signs: the staff member who approved it (`{signer}`).
    pub signer: String,
}

/// A notice in words, ready to print or send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filled {
    pub lang: Lang,
    pub subject: String,
    pub body: String,
}

fn fill(text: &str, facts: &NoticeFacts) -> String {
    text.replace("{parent}", facts.parent.trim())
        .replace("{child}", facts.child.trim())
        .replace("{count}", &facts.count.to_string())
        .replace("{school}", facts.school.trim())
        .replace("{phone}", facts.phone.trim())
        .replace("{signer}", facts.signer.trim())
}

/// The notice in `lang`, its placeholders filled.
pub fn render(template: &Template, lang: Lang, facts: &NoticeFacts) -> Filled {
    let w = template.for_language(lang);
    Filled { lang, subject: fill(&w.subject, facts), body: fill(&w.body, facts) }
}

/// Words as a reader counts them: runs of letters or digits (`{child}` is one).
pub fn word_count(text: &str) -> usize {
    text.split(|c: char| !(c.is_alphanumeric() || c == '{' || c == '}' || c == '\'' || c == '’'))
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}
