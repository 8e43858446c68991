//! Lays blocks out on A4 pages: word wrap by the fonts' metrics, page breaks, tables with their
//! header repeated on each page, the footer. The result is a list of drawing operations per page.

use crate::font::width;
use crate::{A4_HEIGHT, Align, Block, Document, MARGIN, Style, TEXT_WIDTH, Table};

/// One drawing operation, in PDF coordinates (points, origin bottom left).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Op {
    /// A line of text whose baseline starts at (x, y).
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        text: String,
    },
    /// A straight line.
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        thickness: f32,
    },
    /// A filled rectangle in a grey (0 black, 1 white).
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        gray: f32,
    },
}

/// Line height as a multiple of the font size.
const LEADING: f32 = 1.3;
/// Padding inside table cells.
const PAD: f32 = 3.0;
/// Space reserved for the footer at the bottom.
const FOOTER: f32 = 20.0;

/// Splits `text` into lines no wider than `max` points (a word longer than a line is cut).
pub(crate) fn wrap(text: &str, size: f32, bold: bool, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if width(&candidate, size, bold) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word wider than the line is cut where it no longer fits.
            let mut rest = word.to_string();
            while width(&rest, size, bold) > max && rest.chars().count() > 1 {
                let mut cut = String::new();
                for c in rest.chars() {
                    let mut next = cut.clone();
                    next.push(c);
                    if width(&next, size, bold) > max && !cut.is_empty() {
                        break;
                    }
                    cut = next;
                }
                rest = rest[cut.len()..].to_string();
                lines.push(cut);
            }
            line = rest;
        }
        lines.push(line);
    }
    lines
}

struct Cursor {
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl Cursor {
    fn bottom() -> f32 {
        MARGIN + FOOTER
    }

    fn top() -> f32 {
        A4_HEIGHT - MARGIN
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = Cursor::top();
    }

    /// Makes room for `h` points, starting a page when the current one lacks it (unless the
    /// page is still empty: a block taller than a page is cut by the page edge instead).
    fn need(&mut self, h: f32) {
        if self.y - h < Cursor::bottom() && self.y < Cursor::top() {
            self.new_page();
        }
    }

    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }
}

fn aligned_x(left: f32, room: f32, line_width: f32, align: Align) -> f32 {
    match align {
        Align::Left => left,
        Align::Center => left + (room - line_width) / 2.0,
        Align::Right => left + room - line_width,
    }
}

fn text(c: &mut Cursor, body: &str, style: Style) {
    let left = MARGIN + style.indent;
    let room = (TEXT_WIDTH - style.indent).max(10.0);
    let lh = style.size * LEADING;
    for line in wrap(body, style.size, style.bold, room) {
        c.need(lh);
        c.y -= lh;
        if !line.is_empty() {
            let w = width(&line, style.size, style.bold);
            c.push(Op::Text {
                x: aligned_x(left, room, w, style.align),
                y: c.y + (lh - style.size) / 2.0 + 0.2 * style.size,
                size: style.size,
                bold: style.bold,
                text: line,
            });
        }
    }
    c.y -= style.space_after;
}

fn rule(c: &mut Cursor, thickness: f32, double: bool) {
    let h = if double { thickness + 3.0 } else { thickness };
    c.need(h);
    c.y -= thickness / 2.0;
    c.push(Op::Line {
        x1: MARGIN,
        y1: c.y,
        x2: MARGIN + TEXT_WIDTH,
        y2: c.y,
        thickness,
    });
    c.y -= thickness / 2.0;
    if double {
        c.y -= 2.0;
        c.push(Op::Line {
            x1: MARGIN,
            y1: c.y,
            x2: MARGIN + TEXT_WIDTH,
            y2: c.y,
            thickness: 0.5,
        });
        c.y -= 0.5;
    }
}

/// One row of a table laid out: wrapped lines per cell and its height.
fn row_lines(t: &Table, cells: &[String], widths: &[f32], bold: bool) -> (Vec<Vec<String>>, f32) {
    let lh = t.size * LEADING;
    let lines: Vec<Vec<String>> = widths
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let cell = cells.get(i).map(String::as_str).unwrap_or("");
            wrap(cell, t.size, bold, (w - 2.0 * PAD).max(4.0))
        })
        .collect();
    let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
    (lines, n as f32 * lh + 2.0 * PAD)
}

fn draw_row(c: &mut Cursor, t: &Table, lines: &[Vec<String>], widths: &[f32], h: f32, head: bool) {
    let top = c.y;
    let lh = t.size * LEADING;
    if head {
        c.push(Op::Fill {
            x: MARGIN,
            y: top - h,
            w: widths.iter().sum(),
            h,
            gray: 0.9,
        });
    }
    let mut x = MARGIN;
    for (i, w) in widths.iter().enumerate() {
        let right = t.right.get(i).copied().unwrap_or(false);
        for (k, line) in lines.get(i).into_iter().flatten().enumerate() {
            if line.is_empty() {
                continue;
            }
            let tw = width(line, t.size, head);
            let tx = if right { x + w - PAD - tw } else { x + PAD };
            c.push(Op::Text {
                x: tx,
                y: top - PAD - (k as f32 + 1.0) * lh + (lh - t.size) / 2.0 + 0.2 * t.size,
                size: t.size,
                bold: head,
                text: line.clone(),
            });
        }
        c.push(Op::Line {
            x1: x,
            y1: top,
            x2: x,
            y2: top - h,
            thickness: 0.5,
        });
        x += w;
    }
    c.push(Op::Line {
        x1: x,
        y1: top,
        x2: x,
        y2: top - h,
        thickness: 0.5,
    });
    for y in [top, top - h] {
        c.push(Op::Line {
            x1: MARGIN,
            y1: y,
            x2: x,
            y2: y,
            thickness: 0.5,
        });
    }
    c.y = top - h;
}

fn table(c: &mut Cursor, t: &Table) {
    let n = t.headers.len().max(1);
    let mut rel: Vec<f32> = t.widths.iter().copied().take(n).collect();
    rel.resize(n, 1.0);
    let total: f32 = rel.iter().map(|w| w.max(0.01)).sum();
    let widths: Vec<f32> = rel
        .iter()
        .map(|w| w.max(0.01) / total * TEXT_WIDTH)
        .collect();
    let (head, head_h) = row_lines(t, &t.headers, &widths, true);
    let first_h = t
        .rows
        .first()
        .map(|r| row_lines(t, r, &widths, false).1)
        .unwrap_or(0.0);
    c.need(head_h + first_h);
    draw_row(c, t, &head, &widths, head_h, true);
    for row in &t.rows {
        let (lines, h) = row_lines(t, row, &widths, false);
        if c.y - h < Cursor::bottom() {
            c.new_page();
            draw_row(c, t, &head, &widths, head_h, true);
        }
        draw_row(c, t, &lines, &widths, h, false);
    }
    c.y -= 8.0;
}

/// The pages of a document as drawing operations, footer included.
pub(crate) fn lay_out(doc: &Document) -> Vec<Vec<Op>> {
    let mut c = Cursor {
        pages: Vec::new(),
        y: 0.0,
    };
    c.new_page();
    for block in &doc.blocks {
        match block {
            Block::Text(body, style) => text(&mut c, body, *style),
            Block::Table(t) => table(&mut c, t),
            Block::Rule { thickness, double } => rule(&mut c, *thickness, *double),
            Block::Space(h) => {
                if c.y < Cursor::top() {
                    c.y -= h;
                }
            }
            Block::PageBreak => c.new_page(),
        }
    }
    let count = c.pages.len();
    if !doc.footer.is_empty() {
        for (i, page) in c.pages.iter_mut().enumerate() {
            let text = doc
                .footer
                .replace("{page}", &(i + 1).to_string())
                .replace("{pages}", &count.to_string());
            let w = width(&text, 8.0, false);
            page.push(Op::Text {
                x: MARGIN + TEXT_WIDTH - w,
                y: MARGIN,
                size: 8.0,
                bold: false,
                text,
            });
        }
    }
    c.pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_never_exceed_the_width() {
        let text = "Gugus Tugas Pencegahan dan Penanganan Tindak Pidana Perdagangan Orang \
                    Kabupaten Malang menyampaikan laporan tahunan ini kepada Bupati.";
        let lines = wrap(text, 10.0, false, 150.0);
        assert!(lines.len() > 2, "{lines:?}");
        for l in &lines {
            assert!(width(l, 10.0, false) <= 150.0, "{l}");
        }
        assert_eq!(
            lines.join(" "),
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        let long = wrap(
            "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            10.0,
            false,
            40.0,
        );
        assert!(long.len() > 3, "{long:?}");
        assert_eq!(long.concat(), "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    }

    #[test]
    fn a_long_table_continues_on_new_pages_with_its_header() {
        let mut t = Table::new(vec!["Bulan".into(), "Jumlah".into()], vec![1.0, 1.0]);
        for i in 0..200 {
            t = t.row(vec![format!("Baris {i}"), i.to_string()]);
        }
        let mut doc = Document::new("t");
        doc.table(t).with_footer("Halaman {page} dari {pages}");
        let pages = lay_out(&doc);
        assert!(pages.len() >= 4, "{}", pages.len());
        for (i, page) in pages.iter().enumerate() {
            let texts: Vec<&str> = page
                .iter()
                .filter_map(|op| match op {
                    Op::Text { text, y, .. } => {
                        assert!(*y >= MARGIN - 0.01, "below the margin");
                        Some(text.as_str())
                    }
                    _ => None,
                })
                .collect();
            assert!(texts.contains(&"Bulan"), "page {i} repeats the header");
            let footer = format!("Halaman {} dari {}", i + 1, pages.len());
            assert!(texts.contains(&footer.as_str()));
        }
    }
}
