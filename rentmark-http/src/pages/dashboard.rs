//! `/dashboard`: "who owes what" at a glance. The organization's totals, the billing
//! table (one row per co-tenant of a lease, largest debt first, of one property when
//! filtered), paging, and the chart of due vs collected over the last 12 months.
//!
//! The property filter is a search field, not a list of every property: an
//! organization may have thousands. `?property=<text>` finds the properties whose
//! name contains the text; one match (or one whose whole name it is) filters the
//! table, several are offered as links to `?property_id=<id>`.

use askama::Template;
use rentmark_domain::ids::PropertyId;
use rentmark_domain::ports::{AccountRow, MonthTotals};
use rentmark_domain::services::Dashboard;
use rocket::{Route, State, get, routes};

use crate::html::Html;
use crate::i18n::Translator;
use crate::pages::chart::{ChartMonth, ChartText, due_vs_collected};
use crate::pages::context::{Layout, Member, PageError, PageResult};
use crate::pages::pager::{Pager, page_request};
use crate::pages::{Link, format};
use crate::state::App;

/// The routes of this module.
pub fn routes() -> Vec<Route> {
    routes![dashboard]
}

/// A headline figure.
#[derive(Debug, Clone)]
pub struct Figure {
    /// What it is.
    pub label: String,
    /// Its value, formatted.
    pub value: String,
    /// A detail under the value.
    pub detail: Option<String>,
}

/// One row of the billing table.
#[derive(Debug, Clone)]
pub struct BillingRow {
    /// The tenant.
    pub tenant: Link,
    /// The unit.
    pub unit: Link,
    /// The property.
    pub property: Link,
    /// What they owe, formatted.
    pub outstanding: String,
    /// `owes`, `credit` or `settled`, for the style.
    pub state: &'static str,
    /// The oldest unpaid due date.
    pub oldest_unpaid: String,
    /// The last payment date.
    pub last_payment: String,
}

/// The property filter: the search field and what the last search found.
#[derive(Debug, Clone, Default)]
pub struct PropertyFilter {
    /// The field's value: the filtered property's name, or the text searched.
    pub text: String,
    /// Whether the table shows one property (a link then clears the filter).
    pub active: bool,
    /// The properties a search found, when it found several.
    pub matches: Vec<Link>,
    /// What to say about the search: nothing matched, or more than the links shown.
    pub note: Option<String>,
}

/// How many properties a search offers as links.
const SEARCH_MATCHES: u32 = 20;

/// The longest search text taken, in characters (a property name is at most 200).
const SEARCH_MAX_CHARS: usize = 200;

/// One month of the table that repeats the chart's figures.
#[derive(Debug, Clone)]
pub struct MonthRow {
    /// The month.
    pub period: String,
    /// Due that month.
    pub due: String,
    /// Collected that month.
    pub collected: String,
}

/// The dashboard page.
#[derive(Debug, Template)]
#[template(path = "pages/dashboard.html")]
pub struct DashboardPage {
    /// The translator.
    pub tr: Translator,
    /// The chrome.
    pub layout: Layout,
    /// Headline figures.
    pub figures: Vec<Figure>,
    /// The property filter.
    pub filter: PropertyFilter,
    /// The billing rows.
    pub rows: Vec<BillingRow>,
    /// Paging links.
    pub pager: Pager,
    /// The chart (SVG markup built by [`due_vs_collected`], texts escaped).
    pub chart: String,
    /// The chart's figures as a table.
    pub months: Vec<MonthRow>,
    /// The organization's today.
    pub today: String,
}

fn billing_row(tr: &Translator, row: &AccountRow) -> BillingRow {
    let outstanding = row.outstanding();
    BillingRow {
        tenant: Link::new(
            format!("/tenants/{}", row.tenant_id),
            row.tenant_name.clone(),
        ),
        unit: Link::new(format!("/units/{}", row.unit_id), row.unit_name.clone()),
        property: Link::new(
            format!("/properties/{}", row.property_id),
            row.property_name.clone(),
        ),
        outstanding: format::money(&outstanding, tr.lang()),
        state: if outstanding.is_positive() {
            "owes"
        } else if outstanding.is_negative() {
            "credit"
        } else {
            "settled"
        },
        oldest_unpaid: format::date_or_dash(tr, row.oldest_unpaid_on),
        last_payment: format::date_or_dash(tr, row.last_payment_on),
    }
}

/// The chart of the last months, texts in the request's language.
pub fn chart(tr: &Translator, months: &[MonthTotals]) -> String {
    let lang = tr.lang();
    let due_label = tr.t("chart-due");
    let collected_label = tr.t("chart-collected");
    let colon = format::colon(lang);
    let bars: Vec<ChartMonth> = months
        .iter()
        .enumerate()
        .map(|(index, month)| {
            let name = format::period(tr, month.period);
            ChartMonth {
                label: format::month_short(tr, month.period.month()),
                sublabel: (index == 0 || month.period.month() == 1)
                    .then(|| month.period.year().to_string()),
                due_cents: month.due.cents(),
                collected_cents: month.collected.cents(),
                due_text: format!(
                    "{name} · {due_label}{colon}{}",
                    format::money(&month.due, lang)
                ),
                collected_text: format!(
                    "{name} · {collected_label}{colon}{}",
                    format::money(&month.collected, lang)
                ),
            }
        })
        .collect();
    let span = match (months.first(), months.last()) {
        (Some(first), Some(last)) => format!(
            " ({} – {})",
            format::period(tr, first.period),
            format::period(tr, last.period)
        ),
        _ => String::new(),
    };
    let title = tr.t("chart-title");
    let desc = format!("{}{span}", tr.t("chart-desc"));
    let currency = months.first().map(|m| m.due.currency()).unwrap_or_default();
    let text = ChartText {
        title: &title,
        desc: &desc,
        due: &due_label,
        collected: &collected_label,
    };
    due_vs_collected(&bars, &text, &|cents| format::whole(cents, currency, lang))
}

fn figures(tr: &Translator, dashboard: &Dashboard) -> Vec<Figure> {
    let lang = tr.lang();
    let totals = &dashboard.totals;
    vec![
        Figure {
            label: tr.t("dashboard-outstanding"),
            value: format::money(&dashboard.outstanding, lang),
            detail: None,
        },
        Figure {
            label: tr.t("dashboard-collected"),
            value: format::money(&dashboard.collected_this_month, lang),
            detail: None,
        },
        Figure {
            label: tr.t("dashboard-due"),
            value: format::money(&dashboard.due_this_month, lang),
            detail: None,
        },
        Figure {
            label: tr.t("dashboard-occupancy"),
            value: format::percent(dashboard.occupancy_rate, lang),
            detail: Some(format!(
                "{} / {} {}",
                totals.occupied_units,
                totals.units,
                tr.t("dashboard-units-occupied")
            )),
        },
    ]
}

/// The property filter of a request: `property_id` (a link) wins over `property` (the
/// search field's text).
async fn property_filter(
    app: &App,
    member: &Member,
    property_id: Option<&str>,
    search: Option<&str>,
) -> PageResult<(Option<PropertyId>, PropertyFilter)> {
    let tr = &member.tr;
    let actor = &member.actor;
    if let Some(text) = property_id.map(str::trim).filter(|p| !p.is_empty()) {
        let id: PropertyId = text
            .parse()
            .map_err(|_| PageError::not_found("property.not_found"))?;
        // A property of another organization is "not found", whatever the store's
        // list query would answer.
        let property = app.services.property(actor, id).await?;
        let filter = PropertyFilter {
            text: property.details.name,
            active: true,
            ..PropertyFilter::default()
        };
        return Ok((Some(property.id), filter));
    }
    let Some(text) = search.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok((None, PropertyFilter::default()));
    };
    let text: String = text.chars().take(SEARCH_MAX_CHARS).collect();
    let found = app
        .services
        .find_properties(actor, &text, SEARCH_MATCHES + 1)
        .await?;
    let wanted = text.to_lowercase();
    let mut whole_names = found.iter().filter(|p| p.name.to_lowercase() == wanted);
    let chosen = match (found.as_slice(), whole_names.next(), whole_names.next()) {
        ([only], _, _) | (_, Some(only), None) => Some(only.clone()),
        _ => None,
    };
    let note = if found.is_empty() {
        Some(tr.t1("dashboard-search-none", "text", &text))
    } else if found.len() > SEARCH_MATCHES as usize {
        Some(tr.t1("dashboard-search-more", "count", &SEARCH_MATCHES))
    } else {
        None
    };
    let matches = if found.len() > 1 {
        found
            .iter()
            .take(SEARCH_MATCHES as usize)
            .map(|p| Link::new(format!("/dashboard?property_id={}", p.id), p.name.clone()))
            .collect()
    } else {
        Vec::new()
    };
    Ok(match chosen {
        Some(property) => (
            Some(property.id),
            PropertyFilter {
                text: property.name,
                active: true,
                matches,
                note,
            },
        ),
        None => (
            None,
            PropertyFilter {
                text,
                active: false,
                matches,
                note,
            },
        ),
    })
}

#[get("/dashboard?<property_id>&<property>&<page>")]
async fn dashboard(
    app: &State<App>,
    member: Member,
    property_id: Option<&str>,
    property: Option<&str>,
    page: Option<u32>,
) -> PageResult<Html<DashboardPage>> {
    let tr = &member.tr;
    let actor = &member.actor;
    let (filter, property_filter) = property_filter(app, &member, property_id, property).await?;
    let now = app.now();
    let dashboard = app
        .services
        .dashboard(actor, filter, page_request(page), now)
        .await?;
    let base = filter.map_or_else(
        || "/dashboard".to_owned(),
        |id| format!("/dashboard?property_id={id}"),
    );
    let lang = tr.lang();
    Ok(Html(DashboardPage {
        figures: figures(tr, &dashboard),
        filter: property_filter,
        rows: dashboard
            .rows
            .results
            .iter()
            .map(|row| billing_row(tr, row))
            .collect(),
        pager: Pager::new(tr, &dashboard.rows, &base),
        chart: chart(tr, &dashboard.months),
        months: dashboard
            .months
            .iter()
            .map(|m| MonthRow {
                period: format::period(tr, m.period),
                due: format::money(&m.due, lang),
                collected: format::money(&m.collected, lang),
            })
            .collect(),
        today: format!(
            "{} {}",
            tr.t("dashboard-as-of"),
            format::date(tr, dashboard.today)
        ),
        layout: member.layout("dashboard"),
        tr: member.tr.clone(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Catalogs, Lang};
    use rentmark_domain::calendar::Period;
    use rentmark_domain::money::{Currency, Money};

    #[test]
    fn the_chart_speaks_the_request_language() {
        let catalogs = std::sync::Arc::new(Catalogs::load().expect("catalogs"));
        let months: Vec<MonthTotals> = (1..=12)
            .map(|m| MonthTotals {
                period: Period::new(2026, m).expect("period"),
                due: Money::from_cents(i64::from(m) * 10_000, Currency::Eur),
                collected: Money::from_cents(i64::from(m) * 5_000, Currency::Eur),
            })
            .collect();
        let fr = chart(&Translator::new(catalogs.clone(), Lang::Fr), &months);
        assert!(fr.contains(">janv.</text>"), "{fr}");
        assert!(
            fr.contains("déc. 2026 · Dû\u{a0}: 1\u{a0}200,00\u{a0}€"),
            "{fr}"
        );
        let en = chart(&Translator::new(catalogs, Lang::En), &months);
        assert!(en.contains(">Jan</text>") && en.contains(">2026</text>"));
        assert!(en.contains("Dec 2026 · Due: €1,200.00"), "{en}");
        assert_eq!(
            en.matches("class=\"bar-due\" x=").count(),
            13,
            "12 bars and the legend"
        );
    }
}
