//! Printable documents in Chinese: A4 pages of positioned text lines, as a PDF with
//! the font cut down to the glyphs used (printpdf embeds whole fonts, and a Chinese
//! font is megabytes). Used for certificates and credential slips.

use std::path::{Path, PathBuf};

/// Why a document could not be printed.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error("no Chinese font found ({tried}); install fonts-wqy-microhei or fonts-noto-cjk, or pass --font FILE")]
    NoFont { tried: String },
    #[error("the font {0} cannot be used")]
    BadFont(String),
}

/// Fonts tried when none is given: the Chinese fonts of Debian's packages.
pub const FONT_CANDIDATES: &[&str] = &[
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
];

/// The font to print with: the one given, or the first Chinese font installed.
pub fn find_font(given: Option<&Path>) -> Result<PathBuf, PrintError> {
    if let Some(p) = given {
        return if p.exists() {
            Ok(p.to_path_buf())
        } else {
            Err(PrintError::BadFont(p.display().to_string()))
        };
    }
    FONT_CANDIDATES
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .ok_or_else(|| PrintError::NoFont {
            tried: FONT_CANDIDATES.join(", "),
        })
}

/// One line of text at a position (millimetres from the bottom-left corner).
#[derive(Debug, Clone)]
pub struct TextLine {
    pub text: String,
    pub size: f32,
    pub x: f32,
    pub y: f32,
}

pub fn line(text: impl Into<String>, size: f32, x: f32, y: f32) -> TextLine {
    TextLine {
        text: text.into(),
        size,
        x,
        y,
    }
}

/// A filled black square (a QR code's module), millimetres from the bottom-left corner.
#[derive(Debug, Clone, Copy)]
pub struct Square {
    pub x: f32,
    pub y: f32,
    pub size: f32,
}

/// A document to print.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub title: String,
    pub subject: String,
    pub keywords: Vec<String>,
    pub pages: Vec<Vec<TextLine>>,
    /// Squares to fill on each page (as many lists as pages, or none).
    pub squares: Vec<Vec<Square>>,
}

/// The font reduced to the glyphs of `text` (a valid OpenType font with a Unicode cmap).
fn subset_font(bytes: &[u8], text: &str) -> Result<Vec<u8>, PrintError> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font::{Font, MatchingPresentation};
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile, subset};
    let bad = |e: &dyn std::fmt::Display| PrintError::BadFont(e.to_string());
    let data = ReadScope::new(bytes).read::<FontData<'_>>().map_err(|e| bad(&e))?;
    let mut font = Font::new(data.table_provider(0).map_err(|e| bad(&e))?).map_err(|e| bad(&e))?;
    let mut ids: Vec<u16> = vec![0];
    for c in text.chars().chain(' '..='~') {
        let (gid, _) = font.lookup_glyph_index(c, MatchingPresentation::NotRequired, None);
        if gid != 0 && !ids.contains(&gid) {
            ids.push(gid);
        }
    }
    let provider = data.table_provider(0).map_err(|e| bad(&e))?;
    subset(&provider, &ids, &SubsetProfile::Minimal, CmapTarget::Unicode).map_err(|e| bad(&e))
}

/// Squares as one filled polygon of one ring each.
fn squares_polygon(squares: &[Square]) -> printpdf::Polygon {
    use printpdf::{LinePoint, Mm, PaintMode, Point, PolygonRing, WindingOrder};
    let at = |x: f32, y: f32| LinePoint {
        p: Point {
            x: Mm(x).into(),
            y: Mm(y).into(),
        },
        bezier: false,
    };
    printpdf::Polygon {
        rings: squares
            .iter()
            .map(|q| PolygonRing {
                points: vec![
                    at(q.x, q.y),
                    at(q.x + q.size, q.y),
                    at(q.x + q.size, q.y + q.size),
                    at(q.x, q.y + q.size),
                ],
            })
            .collect(),
        mode: PaintMode::Fill,
        winding_order: WindingOrder::NonZero,
    }
}

/// The document as a PDF of A4 pages.
pub fn render(doc: &Document, font_bytes: &[u8]) -> Result<Vec<u8>, PrintError> {
    use printpdf::{Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, TextItem};
    let all_text: String = doc
        .pages
        .iter()
        .flatten()
        .map(|l| l.text.as_str())
        .chain([doc.title.as_str()])
        .collect();
    let subset = subset_font(font_bytes, &all_text)?;
    let mut warnings = Vec::new();
    let font = ParsedFont::from_bytes(&subset, 0, &mut warnings)
        .ok_or_else(|| PrintError::BadFont("it could not be parsed".into()))?;
    let mut pdf = PdfDocument::new(&doc.title);
    pdf.metadata.info.keywords = doc.keywords.clone();
    pdf.metadata.info.subject = doc.subject.clone();
    let font_id = pdf.add_font(&font);
    let pages = doc
        .pages
        .iter()
        .enumerate()
        .map(|(page, lines)| {
            let mut ops = Vec::new();
            if let Some(squares) = doc.squares.get(page).filter(|s| !s.is_empty()) {
                ops.push(Op::DrawPolygon {
                    polygon: squares_polygon(squares),
                });
            }
            for l in lines {
                ops.extend([
                    Op::StartTextSection,
                    Op::SetTextCursor {
                        pos: Point {
                            x: Mm(l.x).into(),
                            y: Mm(l.y).into(),
                        },
                    },
                    Op::SetFont {
                        font: PdfFontHandle::External(font_id.clone()),
                        size: Pt(l.size),
                    },
                    Op::ShowText {
                        items: vec![TextItem::Text(l.text.clone())],
                    },
                    Op::EndTextSection,
                ]);
            }
            PdfPage::new(Mm(210.0), Mm(297.0), ops)
        })
        .collect();
    let mut save_warnings = Vec::new();
    Ok(pdf.with_pages(pages).save(
        &PdfSaveOptions {
            optimize: true,
            subset_fonts: true,
            secure: true,
            image_optimization: None,
        },
        &mut save_warnings,
    ))
}
