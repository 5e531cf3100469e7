//! Charts for reports: a series as SVG (title, axes with units, source line, policy events as
//! labelled markers), and the same drawing as PNG through resvg with an embedded font, so the
//! PNG looks the same on every machine.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use tradewatch_analysis::Series;
use tradewatch_model::{Month, Timeline, display};
use tradewatch_narrative::{partner_words, subject_words};

/// What a chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartInput {
    pub title: String,
    /// Under the title: frequency and unit.
    pub subtitle: String,
    /// The y axis label, with the unit.
    pub unit_label: String,
    /// Monthly values, oldest first (gaps allowed).
    pub points: Vec<(Month, f64)>,
    /// Events to mark: date and label.
    pub events: Vec<(NaiveDate, String)>,
    /// The source line at the bottom.
    pub source: String,
}

impl ChartInput {
    /// The chart of a series: its monthly levels in tonnes or US dollars, and the events of the
    /// timeline that name its basket within the months shown.
    pub fn from_series(series: &Series, timeline: Option<&Timeline>) -> ChartInput {
        let s = &series.subject;
        let mut title = subject_words(&s.reporter, s.flow, &s.basket);
        if let Some(p) = partner_words(&s.partner) {
            let _ = write!(title, " to {p}");
        }
        let (unit, factor) = crate::api::shown_unit(s.measure);
        let unit_label = if unit == "t" {
            "Tonnes (t)".to_string()
        } else {
            "US dollars (USD)".to_string()
        };
        let points: Vec<(Month, f64)> = series
            .levels
            .iter()
            .filter_map(|(k, p)| k.as_month().map(|m| (m, p.value / factor)))
            .collect();
        let (first, last) = (points.first().map(|p| p.0), points.last().map(|p| p.0));
        let events = match (timeline, first, last) {
            (Some(t), Some(a), Some(b)) => t
                .events
                .iter()
                .filter(|e| e.names(&s.basket) && e.month() >= a && e.month() <= b)
                .map(|e| {
                    (
                        e.date,
                        format!(
                            "{}: {}",
                            e.date.format("%-d %b %Y"),
                            e.kind.replace('_', " ")
                        ),
                    )
                })
                .collect(),
            _ => Vec::new(),
        };
        let mut hosts: BTreeSet<String> = BTreeSet::new();
        let mut releases: BTreeSet<String> = BTreeSet::new();
        for p in series.levels.values() {
            for pr in &p.provenance {
                releases.insert(pr.release.clone());
                let host = pr
                    .citation
                    .split("://")
                    .nth(1)
                    .and_then(|r| r.split('/').next())
                    .unwrap_or(&pr.citation)
                    .trim_start_matches("www.")
                    .to_string();
                if !host.is_empty() {
                    hosts.insert(host);
                }
            }
        }
        let shown: Vec<&String> = hosts.iter().take(2).collect();
        let more = hosts.len().saturating_sub(shown.len());
        let source = format!(
            "Source: customs figures as reported by {}{} (release {}); events: tradewatch timeline",
            shown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            },
            releases.into_iter().collect::<Vec<_>>().join(", ")
        );
        ChartInput {
            title,
            subtitle: format!("Monthly, {}", unit_label.to_lowercase()),
            unit_label,
            points,
            events,
            source,
        }
    }
}

const W: f64 = 960.0;
const H: f64 = 540.0;
const LEFT: f64 = 96.0;
const RIGHT: f64 = 32.0;
const TOP: f64 = 84.0;
const BOTTOM: f64 = 130.0;
/// Okabe-Ito blue for the series, vermilion for events: distinguishable with colour-blindness.
const LINE: &str = "#0072B2";
const EVENT: &str = "#D55E00";
const FONT: &str = "DejaVu Sans, sans-serif";

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A "nice" step (1, 2 or 5 × 10ⁿ) for about `ticks` intervals up to `max`.
fn nice_step(max: f64, ticks: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let raw = max / ticks;
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The chart as an SVG document.
pub fn svg(c: &ChartInput) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="{FONT}" role="img" aria-label="{}">"##,
        esc(&c.title)
    );
    let _ = write!(s, r##"<rect width="{W}" height="{H}" fill="#ffffff"/>"##);
    let _ = write!(
        s,
        r##"<text x="{LEFT}" y="34" font-size="20" font-weight="bold" fill="#111">{}</text>"##,
        esc(&c.title)
    );
    let _ = write!(
        s,
        r##"<text x="{LEFT}" y="58" font-size="13" fill="#444">{}</text>"##,
        esc(&c.subtitle)
    );
    let (x0, x1, y0, y1) = (LEFT, W - RIGHT, H - BOTTOM, TOP);
    if c.points.is_empty() {
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" font-size="16" fill="#444" text-anchor="middle">No monthly figures in the data for this selection.</text>"##,
            W / 2.0,
            H / 2.0
        );
    } else {
        let first = c.points[0].0.index();
        let last = c.points[c.points.len() - 1].0.index();
        let span = f64::from((last - first).max(1));
        let max = c.points.iter().map(|p| p.1).fold(0.0, f64::max);
        let step = nice_step(max, 5.0);
        let top_value = (max / step).ceil().max(1.0) * step;
        let x_of = |idx: f64| x0 + (idx - f64::from(first)) / span * (x1 - x0);
        let y_of = |v: f64| y0 - v / top_value * (y0 - y1);
        // Grid and y axis labels.
        let decimals = if step < 1.0 { 1 } else { 0 };
        let mut v = 0.0;
        while v <= top_value + step / 2.0 {
            let y = y_of(v);
            let _ = write!(
                s,
                r##"<line x1="{x0}" y1="{y:.1}" x2="{x1}" y2="{y:.1}" stroke="#e3e3e3"/><text x="{}" y="{:.1}" font-size="12" fill="#333" text-anchor="end">{}</text>"##,
                x0 - 8.0,
                y + 4.0,
                display::number(v, decimals)
            );
            v += step;
        }
        // Axes.
        let _ = write!(
            s,
            r##"<line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y0}" stroke="#333"/><line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y1}" stroke="#333"/>"##
        );
        let _ = write!(
            s,
            r##"<text transform="translate(24 {:.1}) rotate(-90)" font-size="13" fill="#333" text-anchor="middle">{}</text>"##,
            (y0 + y1) / 2.0,
            esc(&c.unit_label)
        );
        // x ticks: at most 12 labels.
        let every = ((last - first) / 12 + 1).max(1);
        let mut m = first;
        while m <= last {
            let month = Month::from_index(m);
            let x = x_of(f64::from(m));
            let label = format!("{} {}", MONTHS[(month.month() - 1) as usize], month.year());
            let _ = write!(
                s,
                r##"<line x1="{x:.1}" y1="{y0}" x2="{x:.1}" y2="{}" stroke="#333"/><text x="{x:.1}" y="{}" font-size="11" fill="#333" text-anchor="middle">{label}</text>"##,
                y0 + 5.0,
                y0 + 19.0
            );
            m += every;
        }
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{}" font-size="12" fill="#333" text-anchor="middle">Month</text>"##,
            (x0 + x1) / 2.0,
            y0 + 40.0
        );
        // Event markers: a dashed line and a number at the top; the numbers are explained in
        // the legend under the axis (labels on the lines would overlap when events are close).
        let mut last_x = f64::NEG_INFINITY;
        let mut row = 0;
        for (i, (date, _)) in c.events.iter().enumerate() {
            let month = Month::from_index(date.year() * 12 + date.month0() as i32);
            let days = f64::from(days_in_month(date.year(), date.month()));
            let idx = f64::from(month.index()) + f64::from(date.day() - 1) / days;
            let x = x_of(idx);
            row = if x - last_x < 16.0 { (row + 1) % 3 } else { 0 };
            last_x = x;
            let ly = y1 - 6.0 - f64::from(row) * 12.0;
            let _ = write!(
                s,
                r##"<line x1="{x:.1}" y1="{y1}" x2="{x:.1}" y2="{y0}" stroke="{EVENT}" stroke-width="1.5" stroke-dasharray="5 4"/><text x="{x:.1}" y="{ly:.1}" font-size="11" font-weight="bold" fill="{EVENT}" text-anchor="middle">{}</text>"##,
                i + 1
            );
        }
        let cols = 3;
        let col_w = (x1 - x0) / f64::from(cols);
        for (i, (_, label)) in c.events.iter().enumerate() {
            let (r, k) = (i / cols as usize, i % cols as usize);
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="{:.1}" font-size="11" fill="{EVENT}">{}  {}</text>"##,
                x0 + k as f64 * col_w,
                y0 + 62.0 + r as f64 * 14.0,
                i + 1,
                esc(label)
            );
        }
        // The line, broken where a month is missing, and a dot per month.
        let mut path = String::new();
        let mut prev: Option<i32> = None;
        for (m, v) in &c.points {
            let cmd = if prev.is_some_and(|p| p + 1 == m.index()) {
                'L'
            } else {
                'M'
            };
            let _ = write!(
                path,
                "{cmd}{:.1},{:.1} ",
                x_of(f64::from(m.index())),
                y_of(*v)
            );
            prev = Some(m.index());
        }
        let _ = write!(
            s,
            r##"<path d="{}" fill="none" stroke="{LINE}" stroke-width="2.5"/>"##,
            path.trim_end()
        );
        for (m, v) in &c.points {
            let _ = write!(
                s,
                r##"<circle cx="{:.1}" cy="{:.1}" r="3.2" fill="{LINE}"><title>{} {}</title></circle>"##,
                x_of(f64::from(m.index())),
                y_of(*v),
                m,
                display::number(*v, decimals_of(*v))
            );
        }
        // The latest value, labelled.
        if let Some((m, v)) = c.points.last() {
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="{:.1}" font-size="12" font-weight="bold" fill="{LINE}" text-anchor="end">{} {}</text>"##,
                x_of(f64::from(m.index())) - 6.0,
                y_of(*v) - 8.0,
                MONTHS[(m.month() - 1) as usize],
                display::number(*v, decimals_of(*v))
            );
        }
    }
    let _ = write!(
        s,
        r##"<text x="{LEFT}" y="{}" font-size="11" fill="#555">{}</text>"##,
        H - 18.0,
        esc(&c.source)
    );
    s.push_str("</svg>");
    s
}

/// One decimal when the figure has one ("420.5"), none otherwise ("5,774").
fn decimals_of(v: f64) -> usize {
    if (v * 10.0).round() % 10.0 == 0.0 {
        0
    } else {
        1
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    next.and_then(|d| d.pred_opt()).map_or(30, |d| d.day())
}

/// DejaVu Sans (Bitstream Vera licence, see `assets/fonts/DejaVuSans.copyright`).
static FONT_DATA: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");

/// Renders an SVG document to PNG at `scale` (2.0 for a sharp print).
pub fn png(svg: &str, scale: f32) -> Result<Vec<u8>, String> {
    use resvg::{tiny_skia, usvg};
    let mut opt = usvg::Options {
        font_family: "DejaVu Sans".to_string(),
        ..usvg::Options::default()
    };
    let db = opt.fontdb_mut();
    db.load_font_data(FONT_DATA.to_vec());
    db.set_sans_serif_family("DejaVu Sans");
    let tree = usvg::Tree::from_str(svg, &opt).map_err(|e| format!("reading the SVG: {e}"))?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(scale)
        .ok_or_else(|| "the chart has no size".to_string())?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| "the chart has no size".to_string())?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| format!("encoding the PNG: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ChartInput {
        let m = |y, mo| Month::new(y, mo).expect("month");
        ChartInput {
            title: "China's exports of rare-earth magnets to the United States".to_string(),
            subtitle: "Monthly, tonnes (t)".to_string(),
            unit_label: "Tonnes (t)".to_string(),
            points: vec![
                (m(2025, 6), 353.0),
                (m(2025, 7), 619.0),
                (m(2025, 8), 590.0),
                (m(2025, 9), 420.5),
            ],
            events: vec![(
                NaiveDate::from_ymd_opt(2025, 7, 29).expect("date"),
                "29 Jul 2025: talks".to_string(),
            )],
            source: "Source: test & co".to_string(),
        }
    }

    #[test]
    fn the_svg_has_title_units_ticks_events_and_an_escaped_source() {
        let s = svg(&input());
        assert!(s.starts_with("<svg") && s.ends_with("</svg>"));
        assert!(s.contains("to the United States"));
        assert!(s.contains("Tonnes (t)"));
        assert!(s.contains(">Sep 2025<"), "x labels");
        assert!(s.contains("1  29 Jul 2025: talks"), "event legend");
        assert!(s.contains("stroke-dasharray"), "event marker");
        assert!(s.contains("test &amp; co"));
        assert!(s.contains(">Sep 420.5<"), "latest value labelled");
    }

    #[test]
    fn a_gap_breaks_the_line() {
        let mut c = input();
        c.points.remove(2);
        let s = svg(&c);
        let d = s.split("<path d=\"").nth(1).expect("path");
        assert_eq!(d.split('"').next().expect("d").matches('M').count(), 2);
    }

    #[test]
    fn the_png_is_a_real_image_with_text_drawn() {
        let bytes = png(&svg(&input()), 1.0).expect("png");
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        // Width and height from the IHDR chunk.
        let w = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
        let h = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
        assert_eq!((w, h), (960, 540));
        // Without its text the image differs: the embedded font drew the labels.
        let blank = svg(&input()).replace("font-size=", "opacity=\"0\" font-size=");
        assert_ne!(png(&blank, 1.0).expect("png"), bytes);
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(6146.0, 5.0), 2000.0);
        assert_eq!(nice_step(420.5, 5.0), 100.0);
        assert_eq!(nice_step(0.0, 5.0), 1.0);
    }
}
