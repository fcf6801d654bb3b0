//! `/dashboard`: "who owes what" at a glance. The organization's totals, the billing
//! table (one row per co-tenant of a lease, largest debt first, of one property when
//! filtered), paging, and the chart of due vs collected over the last 12 months.

use askama::Template;
use rentmark_domain::ids::PropertyId;
use rentmark_domain::ports::{AccountRow, MonthTotals};
use rentmark_domain::services::Dashboard;
use rocket::{Route, State, get, routes};

use crate::html::Html;
use crate::i18n::Translator;
use crate::pages::chart::{ChartMonth, ChartText, due_vs_collected};
use crate::pages::context::{Layout, Member, PageError, PageResult};
use crate::pages::forms::Choice;
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
    /// The property filter's options (first: every property).
    pub properties: Vec<Choice>,
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

#[get("/dashboard?<property_id>&<page>")]
async fn dashboard(
    app: &State<App>,
    member: Member,
    property_id: Option<&str>,
    page: Option<u32>,
) -> PageResult<Html<DashboardPage>> {
    let tr = &member.tr;
    let actor = &member.actor;
    let filter = match property_id.map(str::trim).filter(|p| !p.is_empty()) {
        None => None,
        Some(text) => {
            let id: PropertyId = text
                .parse()
                .map_err(|_| PageError::not_found("property.not_found"))?;
            // A property of another organization is "not found", whatever the store's
            // list query would answer.
            Some(app.services.property(actor, id).await?.id)
        }
    };
    let now = app.now();
    let dashboard = app
        .services
        .dashboard(actor, filter, page_request(page), now)
        .await?;
    let properties = app.services.property_names(actor).await?;
    let selected = filter.map(|id| id.to_string()).unwrap_or_default();
    let mut choices = vec![Choice::new(
        "",
        tr.t("dashboard-all-properties"),
        &[selected.as_str()],
    )];
    choices.extend(
        properties
            .into_iter()
            .map(|p| Choice::new(p.id.to_string(), p.name, &[selected.as_str()])),
    );
    let base = filter.map_or_else(
        || "/dashboard".to_owned(),
        |id| format!("/dashboard?property_id={id}"),
    );
    let lang = tr.lang();
    Ok(Html(DashboardPage {
        figures: figures(tr, &dashboard),
        properties: choices,
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
