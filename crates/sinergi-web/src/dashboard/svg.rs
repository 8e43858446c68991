//! Charts drawn on the server as inline SVG: a line per series over months, horizontal bars by
//! category (one or more series), and a funnel. No script, no font files, presentation
//! attributes only (the CSP forbids inline styles). Each chart is `role="img"` with a title; the
//! table beneath it carries the numbers for screen readers. A masked value (`None`) is not
//! drawn: a line breaks there and a bar shows "<5".

use std::fmt::Write;

/// Series colours: blue, red, green, amber (distinct in grey print and for common colour
/// blindness when read with the legend's order).
pub(crate) const COLOURS: [&str; 4] = ["#0b5cad", "#c0392b", "#2e8b57", "#b07800"];

const WIDTH: f64 = 640.0;

/// One value of a chart, read from its table cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Value {
    /// A count.
    N(i64),
    /// Masked: 1 to 4 ("<5").
    Small,
    /// Hidden so that a masked cell cannot be worked out from the total ("×").
    Hidden,
}

impl Value {
    /// The value of a table cell's text.
    pub(crate) fn of_text(text: &str) -> Value {
        match text.parse::<i64>() {
            Ok(n) => Value::N(n),
            Err(_) if text == "<5" => Value::Small,
            Err(_) => Value::Hidden,
        }
    }

    fn n(self) -> Option<i64> {
        match self {
            Value::N(n) => Some(n),
            _ => None,
        }
    }
}

/// Escapes text for SVG/XML.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A round upper bound for an axis and its tick step (1, 2 or 5 times a power of ten; at most
/// five steps).
fn nice_max(max: i64) -> (i64, i64) {
    let max = max.max(1);
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            let s = step * m;
            if s * 5 >= max {
                return ((max + s - 1) / s * s, s);
            }
        }
        step *= 10;
    }
}

fn open(out: &mut String, width: f64, height: f64, title: &str, id: &str) {
    // Narrow charts sit in a half column: a larger font keeps their text readable when scaled.
    let font = if width < 600.0 { 14 } else { 12 };
    let _ = write!(
        out,
        "<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" \
         aria-labelledby=\"{id}-title\" xmlns=\"http://www.w3.org/2000/svg\" \
         font-family=\"system-ui, sans-serif\" font-size=\"{font}\">\
         <title id=\"{id}-title\">{}</title>",
        esc(title)
    );
}

fn legend(out: &mut String, series: &[&str], y: f64) {
    let mut x = 8.0;
    for (i, name) in series.iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        let _ = write!(
            out,
            "<rect x=\"{x}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{colour}\"/>\
             <text x=\"{}\" y=\"{}\" fill=\"#1d2329\">{}</text>",
            y - 10.0,
            x + 16.0,
            y,
            esc(name)
        );
        x += 24.0 + 7.0 * name.chars().count() as f64;
    }
}

/// A line per series over the labelled points (months; a label may carry a second line after
/// `\n`, e.g. the year). `values[s][i]` is series `s` at point `i`. Masked values ("<5") are
/// hollow markers in a grey band from 0 to 5, not joined by the line.
pub(crate) fn lines(
    id: &str,
    title: &str,
    labels: &[String],
    series: &[&str],
    values: &[Vec<Value>],
) -> String {
    let (left, right, top, bottom) = (44.0, 16.0, 28.0, 36.0);
    let height = 270.0;
    let plot_w = WIDTH - left - right;
    let plot_h = height - top - bottom;
    let masked = values.iter().flatten().any(|v| *v == Value::Small);
    let max = values
        .iter()
        .flatten()
        .filter_map(|v| v.n())
        .max()
        .unwrap_or(0);
    let (ymax, step) = nice_max(if masked { max.max(5) } else { max });
    let mut out = String::new();
    open(&mut out, WIDTH, height, title, id);
    legend(&mut out, series, 16.0);
    let y_of = |v: i64| top + plot_h - plot_h * v as f64 / ymax as f64;
    let mut tick = 0;
    while tick <= ymax {
        let y = y_of(tick);
        // Inside the "<5" band only 0 is labelled: 1 to 4 are what the band hides.
        if masked && tick > 0 && tick < 5 {
            tick += step;
            continue;
        }
        let _ = write!(
            out,
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#d5dbe1\"/>\
             <text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#5b6770\">{tick}</text>",
            WIDTH - right,
            left - 6.0,
            y + 4.0
        );
        tick += step;
    }
    if masked {
        let (y5, y0) = (y_of(5), y_of(0));
        let _ = write!(
            out,
            "<rect x=\"{left}\" y=\"{y5:.1}\" width=\"{plot_w}\" height=\"{:.1}\" fill=\"#e4e8ec\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#5b6770\">&lt;5</text>",
            y0 - y5,
            WIDTH - right - 4.0,
            y5 + 14.0
        );
    }
    let n = labels.len().max(1);
    let x_of = |i: usize| {
        if n == 1 {
            left + plot_w / 2.0
        } else {
            left + plot_w * i as f64 / (n - 1) as f64
        }
    };
    let every = n.div_ceil(13);
    for (i, label) in labels.iter().enumerate() {
        if i % every == 0 {
            let (first, second) = label.split_once('\n').unwrap_or((label, ""));
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\" fill=\"#5b6770\">{}\
                 <tspan x=\"{:.1}\" dy=\"14\">{}</tspan></text>",
                x_of(i),
                height - 20.0,
                esc(first),
                x_of(i),
                esc(second)
            );
        }
    }
    for (s, row) in values.iter().enumerate() {
        let colour = COLOURS[s % COLOURS.len()];
        let mut run: Vec<(f64, f64)> = Vec::new();
        let flush = |out: &mut String, run: &mut Vec<(f64, f64)>| {
            if run.len() > 1 {
                let pts: Vec<String> = run.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
                let _ = write!(
                    out,
                    "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{}\"/>",
                    pts.join(" ")
                );
            }
            run.clear();
        };
        for (i, v) in row.iter().enumerate() {
            match v {
                Value::N(v) => {
                    let (x, y) = (x_of(i), y_of(*v));
                    run.push((x, y));
                    let _ = write!(
                        out,
                        "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3\" fill=\"{colour}\"/>"
                    );
                }
                Value::Hidden => flush(&mut out, &mut run),
                Value::Small => {
                    flush(&mut out, &mut run);
                    let _ = write!(
                        out,
                        "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"#ffffff\" \
                         stroke=\"{colour}\" stroke-width=\"1.5\"/>",
                        x_of(i),
                        (y_of(2) + y_of(3)) / 2.0 - 3.0 * s as f64
                    );
                }
            }
        }
        flush(&mut out, &mut run);
    }
    out.push_str("</svg>");
    out
}

/// Horizontal bars: one group per labelled row, one bar per series, in a chart `width` wide
/// (the page scales it to its column). A zero of a group draws nothing.
pub(crate) fn bars(
    id: &str,
    title: &str,
    labels: &[String],
    series: &[&str],
    values: &[Vec<Value>],
    width: f64,
) -> String {
    let (left, right) = if width < 600.0 {
        (230.0, 36.0)
    } else {
        (220.0, 40.0)
    };
    let bar = if series.len() > 1 { 9.0 } else { 18.0 };
    let group = bar * series.len() as f64 + 8.0;
    let top = if series.len() > 1 { 30.0 } else { 8.0 };
    let height = top + group * labels.len() as f64 + 8.0;
    let plot_w = width - left - right;
    let max = values
        .iter()
        .flatten()
        .filter_map(|v| v.n())
        .max()
        .unwrap_or(0)
        .max(1);
    let mut out = String::new();
    open(&mut out, width, height, title, id);
    if series.len() > 1 {
        legend(&mut out, series, 16.0);
    }
    for (r, label) in labels.iter().enumerate() {
        let y0 = top + group * r as f64;
        let room = if width < 600.0 { 26 } else { 30 };
        let shown: String = if label.chars().count() > room {
            label.chars().take(room - 1).chain(['…']).collect()
        } else {
            label.clone()
        };
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#1d2329\">{}</text>",
            left - 6.0,
            y0 + (group - 8.0) / 2.0 + 4.0,
            esc(&shown)
        );
        for (s, row) in values.iter().enumerate() {
            let y = y0 + bar * s as f64;
            let colour = COLOURS[s % COLOURS.len()];
            match row.get(r).copied().unwrap_or(Value::N(0)) {
                Value::N(0) if series.len() > 1 => {}
                Value::N(v) => {
                    let w = plot_w * v as f64 / max as f64;
                    let _ = write!(
                        out,
                        "<rect x=\"{left}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{:.1}\" \
                         fill=\"{colour}\"/><text x=\"{:.1}\" y=\"{:.1}\" fill=\"#1d2329\" \
                         font-size=\"{}\">{v}</text>",
                        bar - 1.0,
                        left + w + 3.0,
                        y + bar - 1.5,
                        if bar < 10.0 { 9 } else { 14 }
                    );
                }
                masked => {
                    let _ = write!(
                        out,
                        "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"#5b6770\" font-size=\"{}\">{}</text>",
                        left + 3.0,
                        y + bar - 1.5,
                        if bar < 10.0 { 9 } else { 14 },
                        if masked == Value::Small {
                            "&lt;5"
                        } else {
                            "×"
                        }
                    );
                }
            }
        }
    }
    out.push_str("</svg>");
    out
}

/// A funnel: centred bars narrowing step by step, each with its label and count, and between
/// two steps the note (median duration) in `between`.
pub(crate) fn funnel(
    id: &str,
    title: &str,
    steps: &[(String, Option<i64>, String)],
    between: &[String],
) -> String {
    let row = 40.0;
    let gap = 22.0;
    let height = 8.0 + (row + gap) * steps.len() as f64;
    let max = steps.iter().filter_map(|s| s.1).max().unwrap_or(0).max(1);
    let mut out = String::new();
    open(&mut out, WIDTH, height, title, id);
    let centre = WIDTH / 2.0;
    for (i, (label, value, shown)) in steps.iter().enumerate() {
        let y = 8.0 + (row + gap) * i as f64;
        let w = match value {
            Some(v) => (WIDTH - 40.0) * (*v as f64 / max as f64),
            None => 0.0,
        }
        .max(30.0 + 8.5 * (label.chars().count() + shown.chars().count() + 2) as f64);
        let colour = COLOURS[i % COLOURS.len()];
        let _ = write!(
            out,
            "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{row}\" rx=\"4\" \
             fill=\"{colour}\"/><text x=\"{centre}\" y=\"{:.1}\" text-anchor=\"middle\" \
             fill=\"#ffffff\" font-size=\"14\">{}: {}</text>",
            centre - w / 2.0,
            y + row / 2.0 + 5.0,
            esc(label),
            esc(shown)
        );
        if let Some(note) = between.get(i).filter(|n| !n.is_empty()) {
            let _ = write!(
                out,
                "<text x=\"{centre}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#5b6770\">↓ {}</text>",
                y + row + gap / 2.0 + 5.0,
                esc(note)
            );
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_are_round() {
        assert_eq!(nice_max(0), (1, 1));
        assert_eq!(nice_max(7), (8, 2));
        assert_eq!(nice_max(21), (25, 5));
        assert_eq!(nice_max(37), (40, 10));
        assert_eq!(nice_max(148), (150, 50));
    }

    #[test]
    fn text_is_escaped_and_masked_values_are_not_drawn() {
        let svg = bars(
            "b",
            "Per <wilayah>",
            &["A & B".into(), "C".into()],
            &["x"],
            &[vec![Value::N(3), Value::Small]],
            440.0,
        );
        assert!(svg.contains("A &amp; B") && svg.contains("Per &lt;wilayah&gt;"));
        assert_eq!(svg.matches("<rect").count(), 1);
        assert!(svg.contains("&lt;5"));
        let line = lines(
            "l",
            "t",
            &["Jan".into(), "Feb".into(), "Mar".into()],
            &["x"],
            &[vec![Value::N(1), Value::Small, Value::N(2)]],
        );
        assert_eq!(line.matches("<circle").count(), 3);
        assert_eq!(
            line.matches("fill=\"#ffffff\"").count(),
            1,
            "the masked point is hollow"
        );
        assert_eq!(
            line.matches("<polyline").count(),
            0,
            "the line breaks at the gap"
        );
        assert!(line.starts_with("<svg") && line.ends_with("</svg>"));
    }

    #[test]
    fn funnel_has_a_bar_per_step_and_the_notes_between() {
        let svg = funnel(
            "f",
            "Corong",
            &[
                ("Laporan".into(), Some(10), "10".into()),
                ("Perkara".into(), Some(4), "4".into()),
            ],
            &["median 3 hari".into()],
        );
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("median 3 hari") && svg.contains("Perkara: 4"));
    }
}
