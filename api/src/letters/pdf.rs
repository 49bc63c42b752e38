//! The letters as one PDF for the print vendor: one US Letter page a letter, the mailing
//! address where a #10 window envelope shows it once the page is folded in three, the bar
//! chart drawn as rectangles, and DejaVu Sans embedded (subset) so accented Spanish and
//! Vietnamese names print as written.

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use shared::letters::{Chart, Letter, days_text};

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// US Letter, in points (1/72 inch).
pub const PAGE_WIDTH: f32 = 612.0;
pub const PAGE_HEIGHT: f32 = 792.0;
const INCH: f32 = 72.0;

/// Where the address window of a #10 envelope falls on the page (from the page's top left,
/// in points): 7/8" from the left, from 2" down, 4" wide and 1" high — inside the top third
/// that faces the window when the letter is folded in three.
pub const ADDRESS_WINDOW: (f32, f32, f32, f32) = (0.875 * INCH, 2.0 * INCH, 4.0 * INCH, 1.0 * INCH);
/// The return-address window of a double-window #10 envelope: 5/8" in, 1/2" down.
pub const RETURN_WINDOW: (f32, f32, f32, f32) =
    (0.625 * INCH, 0.5 * INCH, 3.25 * INCH, 0.875 * INCH);

const MARGIN: f32 = 0.9 * INCH;
/// The body starts below the first fold.
const BODY_TOP: f32 = PAGE_HEIGHT / 3.0 + 0.35 * INCH;
const BODY_SIZE: f32 = 11.0;
const LINE: f32 = 15.0;
const PARAGRAPH_GAP: f32 = 7.0;
/// The lowest baseline a letter may use.
#[cfg(test)]
const BOTTOM: f32 = PAGE_HEIGHT - 0.6 * INCH;

/// One letter as printed: the words, and who and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintedLetter {
    pub letter: Letter,
    /// The guardian's name, first line of the address block.
    pub addressee: String,
    /// The lines under the name (street, `City, ST 12345`); empty when none is on file.
    pub address: Vec<String>,
    /// The school's name (and phone), in the return-address window.
    pub return_address: Vec<String>,
    /// The letter's date, as written in its language.
    pub date: String,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the embedded font could not be read")]
    Font,
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

struct Fonts {
    regular: Font,
    bold: Font,
    regular_face: ttf_parser::Face<'static>,
    bold_face: ttf_parser::Face<'static>,
}

impl Fonts {
    fn load() -> Result<Self, PdfError> {
        Ok(Self {
            regular: Font::new(REGULAR.into(), 0).ok_or(PdfError::Font)?,
            bold: Font::new(BOLD.into(), 0).ok_or(PdfError::Font)?,
            regular_face: ttf_parser::Face::parse(REGULAR, 0).map_err(|_| PdfError::Font)?,
            bold_face: ttf_parser::Face::parse(BOLD, 0).map_err(|_| PdfError::Font)?,
        })
    }
}

/// The width of `text` at `size` points (advances summed; no kerning, so a little generous).
fn width(face: &ttf_parser::Face<'_>, text: &str, size: f32) -> f32 {
    let per_unit = size / f32::from(face.units_per_em());
    text.chars()
        .map(|c| {
            let glyph = face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
            f32::from(face.glyph_hor_advance(glyph).unwrap_or(0)) * per_unit
        })
        .sum()
}

/// `text` broken into lines no wider than `max` (a word longer than a line stands alone).
fn wrap(face: &ttf_parser::Face<'_>, text: &str, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
        if !line.is_empty() && width(face, &candidate, size) > max {
            lines.push(std::mem::replace(&mut line, word.to_owned()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// One thing drawn on a page, in points from the page's top left (`y` of text is its baseline).
#[derive(Debug, Clone, PartialEq)]
enum Op {
    Text { bold: bool, size: f32, x: f32, y: f32, text: String },
    Rect { x: f32, y: f32, w: f32, h: f32, rgb: (u8, u8, u8) },
}

/// Every letter, one page each, in order: page `n` (1-based) is `letters[n - 1]`.
pub fn render(letters: &[PrintedLetter]) -> Result<Vec<u8>, PdfError> {
    let fonts = Fonts::load()?;
    let mut document = Document::new();
    for l in letters {
        let settings =
            PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or(PdfError::Write("page".into()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for op in layout(&fonts, l) {
            draw(&mut surface, &fonts, op);
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| PdfError::Write(format!("{e:?}")))
}

/// A legally required notice as printed (service::notices): the same page as a letter (return
/// address and mailing address in the envelope's windows, body below the first fold), with a
/// bold subject line and the notice's words in paragraphs instead of a letter and its chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintedNotice {
    pub subject: String,
    /// The notice's words; blank lines separate paragraphs.
    pub body: String,
    pub addressee: String,
    pub address: Vec<String>,
    pub return_address: Vec<String>,
    pub date: String,
}

/// Every notice, one page each, in order.
pub fn render_notices(notices: &[PrintedNotice]) -> Result<Vec<u8>, PdfError> {
    let fonts = Fonts::load()?;
    let mut document = Document::new();
    for n in notices {
        let settings =
            PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or(PdfError::Write("page".into()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for op in layout_notice(&fonts, n) {
            draw(&mut surface, &fonts, op);
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| PdfError::Write(format!("{e:?}")))
}

/// The windows' lines (return address, mailing address) as a letter has them.
fn windows(pen: &mut Pen<'_>, return_address: &[String], addressee: &str, address: &[String]) {
    let (rx, ry, rw, _) = RETURN_WINDOW;
    let mut y = ry + 11.0;
    for (i, line) in return_address.iter().enumerate() {
        y = pen.wrapped(i == 0, 9.5, rx, y, rw, 12.0, line);
    }
    let (ax, ay, aw, _) = ADDRESS_WINDOW;
    let mut y = ay + 12.0;
    for line in std::iter::once(addressee).chain(address.iter().map(String::as_str)) {
        y = pen.wrapped(false, 10.5, ax, y, aw, 13.0, line);
    }
}

fn layout_notice(fonts: &Fonts, n: &PrintedNotice) -> Vec<Op> {
    let mut pen = Pen { fonts, ops: Vec::new() };
    windows(&mut pen, &n.return_address, &n.addressee, &n.address);
    let body_width = PAGE_WIDTH - 2.0 * MARGIN;
    let mut y = BODY_TOP;
    pen.line(false, BODY_SIZE, MARGIN, y, &n.date);
    y += LINE + PARAGRAPH_GAP;
    y = pen.wrapped(true, BODY_SIZE + 1.0, MARGIN, y, body_width, LINE, &n.subject);
    y += PARAGRAPH_GAP;
    for paragraph in n.body.split("\n\n") {
        for line in paragraph.lines().filter(|l| !l.trim().is_empty()) {
            y = pen.wrapped(false, BODY_SIZE, MARGIN, y, body_width, LINE, line);
        }
        y += PARAGRAPH_GAP;
    }
    pen.ops
}

fn set_fill(surface: &mut Surface<'_>, (r, g, b): (u8, u8, u8)) {
    surface.set_fill(Some(Fill {
        paint: rgb::Color::new(r, g, b).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }));
}

fn draw(surface: &mut Surface<'_>, fonts: &Fonts, op: Op) {
    match op {
        Op::Text { bold, size, x, y, text } => {
            set_fill(surface, (0, 0, 0));
            let font = if bold { &fonts.bold } else { &fonts.regular };
            surface.draw_text(
                Point::from_xy(x, y),
                font.clone(),
                size,
                &text,
                false,
                TextDirection::Auto,
            );
        }
        Op::Rect { x, y, w, h, rgb } => {
            set_fill(surface, rgb);
            let mut pb = PathBuilder::new();
            if let Some(r) = Rect::from_xywh(x, y, w.max(0.1), h) {
                pb.push_rect(r);
            }
            if let Some(path) = pb.finish() {
                surface.draw_path(&path);
            }
        }
    }
}

/// Lays out text lines, wrapped to a width, down the page.
struct Pen<'a> {
    fonts: &'a Fonts,
    ops: Vec<Op>,
}

impl Pen<'_> {
    fn face(&self, bold: bool) -> &ttf_parser::Face<'static> {
        if bold { &self.fonts.bold_face } else { &self.fonts.regular_face }
    }

    fn line(&mut self, bold: bool, size: f32, x: f32, y: f32, text: &str) {
        self.ops.push(Op::Text { bold, size, x, y, text: text.to_owned() });
    }

    /// `text` wrapped to `max` from (`x`, `y`), `step` apart; returns the next line's `y`.
    #[allow(clippy::too_many_arguments)]
    fn wrapped(
        &mut self,
        bold: bool,
        size: f32,
        x: f32,
        mut y: f32,
        max: f32,
        step: f32,
        text: &str,
    ) -> f32 {
        for part in wrap(self.face(bold), text, size, max) {
            self.line(bold, size, x, y, &part);
            y += step;
        }
        y
    }
}

fn layout(fonts: &Fonts, l: &PrintedLetter) -> Vec<Op> {
    let mut pen = Pen { fonts, ops: Vec::new() };
    // Return address (the school), in the top window.
    let (rx, ry, rw, _) = RETURN_WINDOW;
    let mut y = ry + 11.0;
    for (i, line) in l.return_address.iter().enumerate() {
        y = pen.wrapped(i == 0, 9.5, rx, y, rw, 12.0, line);
    }
    // The mailing address, in the address window.
    let (ax, ay, aw, _) = ADDRESS_WINDOW;
    let mut y = ay + 12.0;
    for line in std::iter::once(&l.addressee).chain(&l.address) {
        y = pen.wrapped(false, 10.5, ax, y, aw, 13.0, line);
    }
    // The body, below the first fold.
    let body_width = PAGE_WIDTH - 2.0 * MARGIN;
    let mut y = BODY_TOP;
    pen.line(false, BODY_SIZE, MARGIN, y, &l.date);
    y += LINE + PARAGRAPH_GAP;
    y = pen.wrapped(true, BODY_SIZE, MARGIN, y, body_width, LINE, &l.letter.greeting);
    y += PARAGRAPH_GAP;
    for (i, p) in l.letter.paragraphs.iter().enumerate() {
        y = pen.wrapped(false, BODY_SIZE, MARGIN, y, body_width, LINE, p) + PARAGRAPH_GAP;
        if i == 0 {
            y = chart(&mut pen, &l.letter.chart, y);
        }
    }
    y += 4.0;
    let last = l.letter.signoff.len().saturating_sub(1);
    for (i, line) in l.letter.signoff.iter().enumerate() {
        y = pen.wrapped(i == last, BODY_SIZE, MARGIN, y, body_width, LINE, line);
    }
    pen.ops
}

/// The two bars (the child's, the typical classmate's) with their labels and figures; returns
/// where the text goes on below it.
fn chart(pen: &mut Pen<'_>, chart: &Chart, top: f32) -> f32 {
    const BAR: f32 = 16.0;
    const GAP: f32 = 8.0;
    let label_width = 1.9 * INCH;
    let x0 = MARGIN + label_width;
    let full = PAGE_WIDTH - 2.0 * MARGIN - label_width - 0.7 * INCH;
    let mut y = top + 2.0;
    pen.line(true, 10.0, MARGIN, y + 8.0, &chart.title);
    y += 16.0;
    let (child, typical) = chart.bar_lengths();
    let bars = [
        (&chart.child_label, chart.child_hundredths, child, (0x1f, 0x5f, 0xa8)),
        (&chart.typical_label, chart.typical_hundredths, typical, (0xa8, 0xb4, 0xc4)),
    ];
    for (label, hundredths, share, rgb) in bars {
        let label = shorten(pen.face(false), label, 10.0, label_width - 8.0);
        pen.line(false, 10.0, MARGIN, y + BAR - 4.0, &label);
        let w = full * share as f32 / 10_000.0;
        pen.ops.push(Op::Rect { x: x0, y, w, h: BAR, rgb });
        pen.line(true, 10.0, x0 + w + 6.0, y + BAR - 4.0, &days_text(hundredths));
        y += BAR + GAP;
    }
    y + 10.0
}

/// `text` cut with an ellipsis to fit `max`.
fn shorten(face: &ttf_parser::Face<'_>, text: &str, size: f32, max: f32) -> String {
    if width(face, text, size) <= max {
        return text.to_owned();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let s: String = chars.iter().collect::<String>() + "…";
        if width(face, &s, size) <= max {
            return s;
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::letters::{LetterFacts, LetterLanguage, letter};

    fn facts(lang: LetterLanguage, name: &str) -> LetterFacts {
        LetterFacts {
            student_first_name: name.into(),
            days_absent_hundredths: 1_233,
            typical_days_absent_hundredths: 350,
            school_days_so_far: 180,
            school_name: "Thomas Jefferson International Middle School".into(),
            contact_name: "Dr. Guadalupe Hernández-Villanueva".into(),
            contact_phone: Some("(555) 010-0100 ext. 2345".into()),
            contact_email: Some("guadalupe.hernandez-villanueva@jefferson.example.org".into()),
            family_link: "https://attendance.springfield-unified.example.org/family".into(),
            language: lang,
        }
    }

    fn printed(lang: LetterLanguage, name: &str) -> PrintedLetter {
        PrintedLetter {
            letter: letter(&facts(lang, name)),
            addressee: "Nguyễn Thị Ánh".into(),
            address: vec!["12 Elm St Apt 4".into(), "Springfield, IL 62701".into()],
            return_address: vec!["Jefferson Middle School".into(), "(555) 010-0100".into()],
            date: crate::letters::batch::written_date(
                chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap(),
                lang,
            ),
        }
    }

    #[test]
    fn wrapping_keeps_lines_inside_the_width_and_every_word() {
        let f = Fonts::load().unwrap();
        let text =
            "We missed Maya at school! So far this year, Maya has missed 9.5 days out of 62.";
        let lines = wrap(&f.regular_face, text, 11.0, 150.0);
        assert!(lines.len() > 2, "{lines:?}");
        for l in &lines {
            assert!(width(&f.regular_face, l, 11.0) <= 150.0 || !l.contains(' '), "{l}");
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn the_font_has_the_accented_letters_of_spanish_and_vietnamese_names() {
        let f = Fonts::load().unwrap();
        for c in
            "áéíóúñüÁÉÍÓÚÑ¿¡ăâđêôơưĂÂĐÊÔƠƯảạấầẩẫậắằẳẵặẻẽẹếềểễệỉịỏọốồổỗộớờởỡợủụứừửữựỳỵỷỹ".chars()
        {
            for face in [&f.regular_face, &f.bold_face] {
                assert!(face.glyph_index(c).is_some(), "no glyph for {c}");
            }
        }
    }

    #[test]
    fn the_longest_letters_fit_on_their_page_within_the_margins() {
        let f = Fonts::load().unwrap();
        for lang in LetterLanguage::ALL {
            let ops = layout(&f, &printed(lang, "Maximiliano Alejandro"));
            let mut lines = 0;
            for op in &ops {
                let Op::Text { bold, size, x, y, text } = op else { continue };
                lines += 1;
                let face = if *bold { &f.bold_face } else { &f.regular_face };
                let right = x + width(face, text, *size);
                assert!(right <= PAGE_WIDTH - MARGIN + 0.5, "{lang:?}: '{text}' ends at {right}");
                assert!(*y <= BOTTOM, "{lang:?}: '{text}' at {y}");
            }
            assert!(lines > 20, "{lang:?}: {lines} lines");
        }
    }

    #[test]
    fn the_bars_are_rectangles_in_proportion() {
        let f = Fonts::load().unwrap();
        let ops = layout(&f, &printed(LetterLanguage::En, "Maya"));
        let bars: Vec<f32> = ops
            .iter()
            .filter_map(|op| if let Op::Rect { w, .. } = op { Some(*w) } else { None })
            .collect();
        assert_eq!(bars.len(), 2);
        // 12.33 days against 3.5.
        assert!((bars[1] / bars[0] - 350.0 / 1233.0).abs() < 0.001, "{bars:?}");
    }

    #[test]
    fn the_address_sits_in_the_window_of_a_folded_letter() {
        let (x, y, w, h) = ADDRESS_WINDOW;
        assert!(y + h < PAGE_HEIGHT / 3.0, "inside the top third");
        assert!(x >= 0.75 * INCH && x + w <= PAGE_WIDTH - 0.5 * INCH);
        assert!(RETURN_WINDOW.1 + RETURN_WINDOW.3 < y, "the return window is above");
        let f = Fonts::load().unwrap();
        let ops = layout(&f, &printed(LetterLanguage::Es, "Thảo"));
        let texts: Vec<(f32, f32, f32, &str)> = ops
            .iter()
            .filter_map(|op| match op {
                Op::Text { bold, size, x, y, text } => {
                    let face = if *bold { &f.bold_face } else { &f.regular_face };
                    Some((*x, *y, x + width(face, text, *size), text.as_str()))
                }
                Op::Rect { .. } => None,
            })
            .collect();
        // The name and the two address lines, each inside the window (a line's height above
        // its baseline, a descender's room below).
        for want in ["Nguyễn Thị Ánh", "12 Elm St Apt 4", "Springfield, IL 62701"] {
            let (x0, base, x1, _) = *texts.iter().find(|t| t.3 == want).expect(want);
            assert!(x0 >= x && x1 <= x + w, "{want}: {x0}..{x1}");
            assert!(base - 10.5 >= y && base + 3.0 <= y + h, "{want}: baseline {base}");
        }
        // Everything else is in the return window or below the first fold.
        for (x0, base, _, text) in &texts {
            let in_return = *base <= RETURN_WINDOW.1 + RETURN_WINDOW.3 && *x0 >= RETURN_WINDOW.0;
            let in_address = *base > y && *base < y + h;
            assert!(in_return || in_address || *base > PAGE_HEIGHT / 3.0, "{text} at {base}");
        }
    }

    #[test]
    fn one_page_a_letter_with_the_font_subset() {
        let letters =
            vec![printed(LetterLanguage::En, "Maya"), printed(LetterLanguage::Es, "Thảo")];
        let pdf = render(&letters).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let pages = pdf_extract::extract_text_from_mem_by_pages(&pdf).unwrap();
        assert_eq!(pages.len(), 2);
        assert!(pages[0].contains("Dear family of Maya"), "{}", pages[0]);
        assert!(pages[1].contains("Estimada familia de Thảo"), "{}", pages[1]);
        assert!(pages[1].contains("Nguyễn Thị Ánh"), "{}", pages[1]);
        // Two subset fonts, not two whole ones (DejaVu Sans is about 700 KB each).
        assert!(pdf.len() < 120_000, "{} bytes", pdf.len());
    }
}
