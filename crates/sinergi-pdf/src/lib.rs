//! A small PDF writer for Sinergi's printed documents (the task-force report, official letters):
//! A4 pages of headings, paragraphs, tables and rules, in the two standard fonts every reader
//! carries (Helvetica and Helvetica-Bold, WinAnsi encoding), so nothing is embedded and a report
//! of ten pages weighs a few tens of kilobytes. It has no dependencies: a hand-written writer of
//! ~600 lines costs nothing to build, where a cold debug build of `printpdf` 0.12 took 182 s of
//! CPU (131 crates) and `genpdf` 0.2 25 s (95 crates), measured 07/12/2026 on the project's
//! 2-core machine. Text is laid out here (word wrap by the
//! fonts' metrics, tables split across pages with their header repeated, page numbers in the
//! footer); [`inspect`] reads a document back (structure check and text by line) for tests.
//!
//! ```
//! use sinergi_pdf::{Document, Style, Table};
//! let mut doc = Document::new("Laporan Tahunan");
//! doc.heading("Laporan Tahunan Gugus Tugas PP-TPPO")
//!     .paragraph("Kabupaten Malang, tahun 2026.", Style::body())
//!     .rule()
//!     .table(Table::new(vec!["Uraian".into(), "Jumlah".into()], vec![1.0, 0.3])
//!         .right_aligned(1)
//!         .row(vec!["Laporan masyarakat".into(), "12".into()]));
//! let bytes = doc.to_bytes();
//! let read = sinergi_pdf::inspect(&bytes).unwrap();
//! assert!(read.lines().iter().any(|l| l.contains("Laporan masyarakat") && l.contains("12")));
//! ```

mod font;
mod layout;
mod read;
mod writer;

pub use read::{Inspection, ReadError, inspect};

/// Page width of A4 in points (1/72 inch).
pub const A4_WIDTH: f32 = 595.28;
/// Page height of A4 in points.
pub const A4_HEIGHT: f32 = 841.89;
/// Margin on every side: 2 cm.
pub const MARGIN: f32 = 56.69;
/// The width text may take between the margins.
pub const TEXT_WIDTH: f32 = A4_WIDTH - 2.0 * MARGIN;

/// How a line of text sits between its left and right edges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Flush left (the default).
    #[default]
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// The look of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    /// Font size in points.
    pub size: f32,
    /// Helvetica-Bold instead of Helvetica.
    pub bold: bool,
    /// Alignment within the text width (less the indent).
    pub align: Align,
    /// Points left free before the text (e.g. half the width for a signature block).
    pub indent: f32,
    /// Points of space after the paragraph.
    pub space_after: f32,
}

impl Style {
    /// Body text: 10 pt, left, 6 pt after.
    pub fn body() -> Style {
        Style {
            size: 10.0,
            bold: false,
            align: Align::Left,
            indent: 0.0,
            space_after: 6.0,
        }
    }

    /// The same in bold.
    pub fn bold(self) -> Style {
        Style { bold: true, ..self }
    }

    /// The same at another size.
    pub fn size(self, size: f32) -> Style {
        Style { size, ..self }
    }

    /// The same, centred.
    pub fn center(self) -> Style {
        Style {
            align: Align::Center,
            ..self
        }
    }

    /// The same, flush right.
    pub fn right(self) -> Style {
        Style {
            align: Align::Right,
            ..self
        }
    }

    /// The same, starting `points` in from the left margin.
    pub fn indent(self, points: f32) -> Style {
        Style {
            indent: points,
            ..self
        }
    }

    /// The same with `points` of space after.
    pub fn space_after(self, points: f32) -> Style {
        Style {
            space_after: points,
            ..self
        }
    }
}

/// A table: a header row, data rows, relative column widths; a row too low for the rest of the
/// page moves to the next one, where the header is repeated. Cells wrap.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The header cells (bold, on a light grey band).
    pub headers: Vec<String>,
    /// The data rows; a short row is padded with empty cells.
    pub rows: Vec<Vec<String>>,
    /// Relative column widths (scaled to the text width).
    pub widths: Vec<f32>,
    /// Per column: flush right (figures).
    pub right: Vec<bool>,
    /// Font size of the cells (default 9 pt).
    pub size: f32,
}

impl Table {
    /// A table with these headers and relative column widths, no rows yet.
    pub fn new(headers: Vec<String>, widths: Vec<f32>) -> Table {
        let n = headers.len();
        Table {
            headers,
            rows: Vec::new(),
            widths,
            right: vec![false; n],
            size: 9.0,
        }
    }

    /// Adds a row.
    pub fn row(mut self, cells: Vec<String>) -> Table {
        self.rows.push(cells);
        self
    }

    /// Sets column `i` flush right.
    pub fn right_aligned(mut self, i: usize) -> Table {
        if let Some(r) = self.right.get_mut(i) {
            *r = true;
        }
        self
    }
}

/// One block of a document, laid out top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph, wrapped to the text width.
    Text(String, Style),
    /// A table.
    Table(Table),
    /// A horizontal line across the text width, `thickness` points thick (a double rule draws
    /// a thick line over a thin one, as under an Indonesian letterhead).
    Rule {
        /// Line thickness in points.
        thickness: f32,
        /// Thick over thin.
        double: bool,
    },
    /// Vertical space in points.
    Space(f32),
    /// Start a new page.
    PageBreak,
}

/// A document: A4 pages made of [`Block`]s, with an optional footer on each page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// The title in the document information (shown by readers in the window title).
    pub title: String,
    /// The blocks in order.
    pub blocks: Vec<Block>,
    /// Footer text on each page; `{page}` and `{pages}` are replaced by the page number and the
    /// page count (e.g. `"Halaman {page} dari {pages}"`). Empty: no footer.
    pub footer: String,
}

impl Document {
    /// An empty document with this title.
    pub fn new(title: &str) -> Document {
        Document {
            title: title.to_string(),
            ..Document::default()
        }
    }

    /// Sets the footer (see [`Document::footer`]).
    pub fn with_footer(&mut self, footer: &str) -> &mut Document {
        self.footer = footer.to_string();
        self
    }

    /// A heading: 14 pt bold, 4 pt before, 6 pt after.
    pub fn heading(&mut self, text: &str) -> &mut Document {
        self.blocks.push(Block::Space(4.0));
        self.paragraph(text, Style::body().size(14.0).bold().space_after(6.0))
    }

    /// A subheading: 11 pt bold, 6 pt before, 4 pt after.
    pub fn subheading(&mut self, text: &str) -> &mut Document {
        self.blocks.push(Block::Space(6.0));
        self.paragraph(text, Style::body().size(11.0).bold().space_after(4.0))
    }

    /// A paragraph in a style; line breaks in `text` start new lines.
    pub fn paragraph(&mut self, text: &str, style: Style) -> &mut Document {
        self.blocks.push(Block::Text(text.to_string(), style));
        self
    }

    /// A table.
    pub fn table(&mut self, table: Table) -> &mut Document {
        self.blocks.push(Block::Table(table));
        self
    }

    /// A thin rule (0.75 pt) with 4 pt of space on each side.
    pub fn rule(&mut self) -> &mut Document {
        self.blocks.push(Block::Space(4.0));
        self.blocks.push(Block::Rule {
            thickness: 0.75,
            double: false,
        });
        self.blocks.push(Block::Space(4.0));
        self
    }

    /// The double rule under a letterhead (thick over thin).
    pub fn letterhead_rule(&mut self) -> &mut Document {
        self.blocks.push(Block::Rule {
            thickness: 2.0,
            double: true,
        });
        self.blocks.push(Block::Space(8.0));
        self
    }

    /// Vertical space.
    pub fn space(&mut self, points: f32) -> &mut Document {
        self.blocks.push(Block::Space(points));
        self
    }

    /// Starts a new page.
    pub fn page_break(&mut self) -> &mut Document {
        self.blocks.push(Block::PageBreak);
        self
    }

    /// The PDF file (PDF 1.4, uncompressed content streams, deterministic: the same document
    /// gives the same bytes).
    pub fn to_bytes(&self) -> Vec<u8> {
        let pages = layout::lay_out(self);
        writer::write(&self.title, &pages)
    }
}
