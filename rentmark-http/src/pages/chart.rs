//! The dashboard's chart of due vs collected per month, drawn on the server as an
//! inline SVG (no JavaScript): grouped bars scaled to a rounded maximum, a value axis
//! with gridlines, month labels, a legend, and `<title>`/`<desc>` for screen readers.
//!
//! [`due_vs_collected`] is a pure function of its input so that it can be unit tested;
//! every text it receives is escaped.

use std::fmt::{self, Write as _};

/// One month of the chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartMonth {
    /// The label under the bars (`janv.`).
    pub label: String,
    /// A second line under the label (the year, on the first month and in January).
    pub sublabel: Option<String>,
    /// Charges due that month, in cents.
    pub due_cents: i64,
    /// Payments collected that month, in cents.
    pub collected_cents: i64,
    /// The tooltip of the due bar (`janv. 2026 : 1 200,00 €`).
    pub due_text: String,
    /// The tooltip of the collected bar.
    pub collected_text: String,
}

/// The chart's texts, already translated.
#[derive(Debug, Clone, Copy)]
pub struct ChartText<'a> {
    /// The accessible title.
    pub title: &'a str,
    /// The accessible description (what the chart shows, over which months).
    pub desc: &'a str,
    /// The legend of the due bars.
    pub due: &'a str,
    /// The legend of the collected bars.
    pub collected: &'a str,
}

const WIDTH: i64 = 720;
const HEIGHT: i64 = 300;
const LEFT: i64 = 84;
const RIGHT: i64 = 12;
const TOP: i64 = 36;
const BOTTOM: i64 = 44;
const PLOT_WIDTH: i64 = WIDTH - LEFT - RIGHT;
const PLOT_HEIGHT: i64 = HEIGHT - TOP - BOTTOM;
/// Gridlines above zero.
const TICKS: i64 = 4;

/// Escapes text for an XML text node or attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// The smallest "round" step (1, 2, 2.5 or 5 times a power of ten, at least one whole
/// unit, i.e. 100 cents) such that `TICKS` steps cover `max` cents.
pub fn axis_step(max: i64) -> i64 {
    let needed = (max.max(0) + TICKS - 1) / TICKS;
    let needed = needed.max(100);
    let mut magnitude = 100_i64;
    while magnitude.saturating_mul(10) <= needed {
        magnitude *= 10;
    }
    [
        magnitude,
        magnitude * 2,
        magnitude * 5 / 2,
        magnitude * 5,
        magnitude * 10,
    ]
    .into_iter()
    .find(|step| *step >= needed)
    .unwrap_or(magnitude * 10)
}

/// The y coordinate of `value` cents on an axis whose top is `top` cents.
fn y_of(value: i64, top: i64) -> f64 {
    let value = value.clamp(0, top);
    let fraction = value as f64 / top as f64;
    (TOP + PLOT_HEIGHT) as f64 - fraction * PLOT_HEIGHT as f64
}

/// A coordinate written with one decimal through integer formatting: `{:.1}` on an
/// `f64` takes the float printer's exact mode, which showed as a few per cent of the
/// dashboard page's time in a profile.
struct Tenths(f64);

impl fmt::Display for Tenths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The chart's coordinates are a few hundred units at most.
        let tenths = (self.0 * 10.0).round() as i64;
        let sign = if tenths < 0 { "-" } else { "" };
        let tenths = tenths.unsigned_abs();
        write!(f, "{sign}{}.{}", tenths / 10, tenths % 10)
    }
}

/// Draws the chart. `axis_label` formats a tick value (cents) for the value axis.
pub fn due_vs_collected(
    months: &[ChartMonth],
    text: &ChartText<'_>,
    axis_label: &dyn Fn(i64) -> String,
) -> String {
    let max = months
        .iter()
        .flat_map(|m| [m.due_cents, m.collected_cents])
        .max()
        .unwrap_or(0);
    let step = axis_step(max);
    let top = step * TICKS;
    let mut svg = String::with_capacity(4096);
    // Writing to a String cannot fail.
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title chart-desc"><title id="chart-title">{}</title><desc id="chart-desc">{}</desc>"#,
        escape(text.title),
        escape(text.desc)
    );
    // Legend.
    let _ = write!(
        svg,
        r#"<g class="legend"><rect class="bar-due" x="{LEFT}" y="10" width="12" height="12"/><text x="{}" y="20">{}</text><rect class="bar-collected" x="{}" y="10" width="12" height="12"/><text x="{}" y="20">{}</text></g>"#,
        LEFT + 18,
        escape(text.due),
        LEFT + 180,
        LEFT + 198,
        escape(text.collected)
    );
    // Value axis: gridlines and labels.
    svg.push_str(r#"<g class="axis">"#);
    for tick in 0..=TICKS {
        let value = step * tick;
        let y = y_of(value, top);
        let y_text = Tenths(y);
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{LEFT}" x2="{}" y1="{y_text}" y2="{y_text}"/><text x="{}" y="{}" text-anchor="end">{}</text>"#,
            WIDTH - RIGHT,
            LEFT - 6,
            Tenths(y + 4.0),
            escape(&axis_label(value))
        );
    }
    svg.push_str("</g>");
    // Bars, two per month.
    let slots = i64::try_from(months.len()).unwrap_or(1).max(1);
    let slot = PLOT_WIDTH as f64 / slots as f64;
    let bar = slot * 0.36;
    svg.push_str(r#"<g class="bars">"#);
    for (index, month) in months.iter().enumerate() {
        let x0 = LEFT as f64 + slot * index as f64 + slot * 0.12;
        for (offset, class, value, tooltip) in [
            (0.0, "bar-due", month.due_cents, &month.due_text),
            (
                bar + slot * 0.04,
                "bar-collected",
                month.collected_cents,
                &month.collected_text,
            ),
        ] {
            let y = y_of(value, top);
            let height = (TOP + PLOT_HEIGHT) as f64 - y;
            let _ = write!(
                svg,
                r#"<rect class="{class}" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>"#,
                Tenths(x0 + offset),
                Tenths(y),
                Tenths(bar),
                Tenths(height),
                escape(tooltip)
            );
        }
        let center = Tenths(LEFT as f64 + slot * (index as f64 + 0.5));
        let base = TOP + PLOT_HEIGHT;
        let _ = write!(
            svg,
            r#"<text class="month" x="{center}" y="{}" text-anchor="middle">{}</text>"#,
            base + 16,
            escape(&month.label)
        );
        if let Some(sublabel) = &month.sublabel {
            let _ = write!(
                svg,
                r#"<text class="year" x="{center}" y="{}" text-anchor="middle">{}</text>"#,
                base + 32,
                escape(sublabel)
            );
        }
    }
    let base = TOP + PLOT_HEIGHT;
    let _ = write!(
        svg,
        r#"</g><line class="baseline" x1="{LEFT}" x2="{}" y1="{base}" y2="{base}"/></svg>"#,
        WIDTH - RIGHT
    );
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenths_write_one_decimal_like_the_float_printer() {
        for (value, text) in [
            (0.0, "0.0"),
            (12.34, "12.3"),
            (12.36, "12.4"),
            (199.96, "200.0"),
            (-3.25, "-3.3"),
            (-0.04, "0.0"),
        ] {
            assert_eq!(Tenths(value).to_string(), text, "{value}");
        }
        for value in [0.0, 7.2, 59.9, 123.44, 480.0] {
            assert_eq!(Tenths(value).to_string(), format!("{value:.1}"));
        }
    }

    fn month(label: &str, due: i64, collected: i64) -> ChartMonth {
        ChartMonth {
            label: label.to_owned(),
            sublabel: None,
            due_cents: due,
            collected_cents: collected,
            due_text: format!("{label} due {due}"),
            collected_text: format!("{label} collected {collected}"),
        }
    }

    const TEXT: ChartText<'static> = ChartText {
        title: "Due & collected",
        desc: "Last <12> months",
        due: "Due",
        collected: "Collected",
    };

    fn attribute(element: &str, name: &str) -> f64 {
        let start = element
            .find(&format!(" {name}=\""))
            .expect("attribute present")
            + name.len()
            + 3;
        let end = element[start..].find('"').expect("closing quote") + start;
        element[start..end].parse().expect("number")
    }

    fn rects<'a>(svg: &'a str, class: &str) -> Vec<&'a str> {
        svg.split("<rect ")
            .skip(1)
            .filter(|r| r.starts_with(&format!("class=\"{class}\" x=\"")) && r.contains("<title>"))
            .collect()
    }

    #[test]
    fn axis_steps_are_round_and_cover_the_maximum() {
        assert_eq!(axis_step(0), 100);
        assert_eq!(axis_step(350), 100);
        assert_eq!(axis_step(401), 200);
        assert_eq!(axis_step(100_000), 25_000);
        assert_eq!(axis_step(100_001), 50_000);
        assert_eq!(axis_step(720_000), 200_000);
        for max in [1, 99, 12_345, 987_654_321] {
            assert!(axis_step(max) * TICKS >= max, "{max}");
        }
    }

    #[test]
    fn draws_two_bars_per_month_scaled_to_the_maximum() {
        let months = [
            month("jan", 100_000, 50_000),
            month("feb", 80_000, 100_000),
            month("mar", 0, 0),
        ];
        let svg = due_vs_collected(&months, &TEXT, &|cents| format!("{}", cents / 100));
        let due = rects(&svg, "bar-due");
        let collected = rects(&svg, "bar-collected");
        assert_eq!((due.len(), collected.len()), (3, 3));
        // The axis top is 4 x 25,000 cents = 100,000: the largest bars fill the plot.
        let full = PLOT_HEIGHT as f64;
        assert!((attribute(due[0], "height") - full).abs() < 0.05);
        assert!((attribute(collected[1], "height") - full).abs() < 0.05);
        assert!((attribute(collected[0], "height") - full / 2.0).abs() < 0.05);
        assert!((attribute(due[1], "height") - full * 0.8).abs() < 0.05);
        assert!(attribute(due[2], "height").abs() < 0.05);
        // Bars stand on the baseline.
        let bottom = attribute(due[1], "y") + attribute(due[1], "height");
        assert!((bottom - (TOP + PLOT_HEIGHT) as f64).abs() < 0.05);
        // Each month's due bar is left of its collected bar, months left to right.
        assert!(attribute(due[0], "x") < attribute(collected[0], "x"));
        assert!(attribute(collected[0], "x") < attribute(due[1], "x"));
        assert!(svg.contains(">jan due 100000</title>"));
    }

    #[test]
    fn is_accessible_and_escapes_every_text() {
        let mut january = month("janv.", 400, 0);
        january.sublabel = Some("2026".to_owned());
        let svg = due_vs_collected(&[january], &TEXT, &|cents| format!("{} <€>", cents / 100));
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=\"chart-title\">Due &amp; collected</title>"));
        assert!(svg.contains("<desc id=\"chart-desc\">Last &lt;12&gt; months</desc>"));
        assert!(svg.contains(">janv.</text>") && svg.contains(">2026</text>"));
        // Axis labels 0, 1, 2, 3, 4 euros (step 100 cents).
        for tick in 0..=4 {
            assert!(
                svg.contains(&format!(">{tick} &lt;€&gt;</text>")),
                "tick {tick}"
            );
        }
        assert!(svg.ends_with("</svg>"));
        assert!(!svg.contains("<€>"));
    }

    #[test]
    fn an_empty_year_still_draws_an_axis() {
        let svg = due_vs_collected(&[], &TEXT, &|cents| cents.to_string());
        assert!(rects(&svg, "bar-due").is_empty());
        assert!(svg.contains(">400</text>"));
        let negative = due_vs_collected(&[month("x", 0, -500)], &TEXT, &|c| c.to_string());
        assert!(attribute(rects(&negative, "bar-collected")[0], "height").abs() < 0.05);
    }
}
