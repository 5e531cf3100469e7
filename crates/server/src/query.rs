//! Query parameters: the same selectors as the CLI, each checked with an error that names the
//! parameter and says what would do.

use chrono::NaiveDate;
use serde::Deserialize;
use tradewatch_analysis::Subject;
use tradewatch_model::{Baskets, Countries, Flow, Measure, Period};
use utoipa::IntoParams;

use crate::ApiError;

/// A series: reporter, partner, flow, basket, measure, and the store as of a date.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct Selector {
    /// Reporting country, ISO3 (default `CHN`).
    pub(crate) reporter: Option<String>,
    /// Partner, ISO3; `WLD` the world (default), `EUN` the EU-27, `X_EUROPE` Europe.
    pub(crate) partner: Option<String>,
    /// Basket id or alias (see `/api/v1/baskets`); or give `code`.
    pub(crate) basket: Option<String>,
    /// Instead of a basket, commodity codes of any classification, comma-separated
    /// (`850511`, `850511,850519`; `8505*` takes every code that starts with 8505): their
    /// figures summed.
    pub(crate) code: Option<String>,
    /// `export` (default) or `import`.
    pub(crate) flow: Option<String>,
    /// `quantity` (default) or `value`.
    pub(crate) measure: Option<String>,
    /// The store as it stood on this date (`YYYY-MM-DD`): releases published by then.
    pub(crate) as_of: Option<String>,
}

impl Selector {
    /// The checked subject.
    pub(crate) fn subject(&self) -> Result<Subject, ApiError> {
        Ok(Subject {
            reporter: country("reporter", self.reporter.as_deref().unwrap_or("CHN"))?,
            partner: partner(self.partner.as_deref().unwrap_or("WLD"))?,
            flow: flow(self.flow.as_deref())?,
            basket: subject_key(self.basket.as_deref(), self.code.as_deref())?.ok_or_else(
                || ApiError::BadRequest("basket or code: give one of them".to_string()),
            )?,
            measure: measure(self.measure.as_deref())?,
        })
    }

    pub(crate) fn as_of(&self) -> Result<Option<NaiveDate>, ApiError> {
        date("as_of", self.as_of.as_deref())
    }
}

/// A checked ISO3 country code.
pub(crate) fn country(param: &str, s: &str) -> Result<String, ApiError> {
    Countries::builtin()
        .check(s)
        .map(|c| c.iso3.clone())
        .map_err(|e| {
            ApiError::BadRequest(format!(
                "{param}={s}: {e} (use ISO3 codes such as CHN, USA, DEU, or WLD for the world)"
            ))
        })
}

/// A partner: a country code, or `*` for every partner (the facts endpoint's cross-partner
/// facts).
pub(crate) fn partner(s: &str) -> Result<String, ApiError> {
    if s == "*" {
        return Ok(s.to_string());
    }
    country("partner", s)
}

pub(crate) fn basket(s: &str) -> Result<String, ApiError> {
    Baskets::current()
        .lookup(s)
        .map(|b| b.id)
        .map_err(|e| ApiError::BadRequest(format!("basket={s}: {e}")))
}

/// The subject key of a `basket` or `code` parameter (at most one of them).
pub(crate) fn subject_key(
    basket_param: Option<&str>,
    code: Option<&str>,
) -> Result<Option<String>, ApiError> {
    match (basket_param, code) {
        (Some(_), Some(_)) => Err(ApiError::BadRequest(
            "basket and code: give one of them, not both".to_string(),
        )),
        (Some(b), None) => basket(b).map(Some),
        (None, Some(c)) => tradewatch_model::Basket::for_codes(&[c])
            .map(|b| Some(b.id))
            .map_err(|e| ApiError::BadRequest(format!("code={c}: {e}"))),
        (None, None) => Ok(None),
    }
}

pub(crate) fn flow(s: Option<&str>) -> Result<Flow, ApiError> {
    let s = s.unwrap_or("export");
    s.parse()
        .map_err(|e: tradewatch_model::Error| ApiError::BadRequest(format!("flow={s}: {e}")))
}

pub(crate) fn measure(s: Option<&str>) -> Result<Measure, ApiError> {
    let s = s.unwrap_or("quantity");
    match s.parse::<Measure>() {
        Ok(m @ (Measure::Quantity | Measure::Value)) => Ok(m),
        _ => Err(ApiError::BadRequest(format!(
            "measure={s}: not a level measure (quantity or value)"
        ))),
    }
}

pub(crate) fn period(param: &str, s: Option<&str>) -> Result<Option<Period>, ApiError> {
    s.filter(|s| !s.is_empty())
        .map(|s| {
            s.parse().map_err(|e: tradewatch_model::Error| {
                ApiError::BadRequest(format!(
                    "{param}={s}: {e} (periods look like 2025-09, 2025-01..06 or 2025)"
                ))
            })
        })
        .transpose()
}

/// A period the request must give.
pub(crate) fn required_period(param: &str, s: &str) -> Result<Period, ApiError> {
    period(param, Some(s))?.ok_or_else(|| ApiError::BadRequest(format!("{param}: required")))
}

pub(crate) fn date(param: &str, s: Option<&str>) -> Result<Option<NaiveDate>, ApiError> {
    s.filter(|s| !s.is_empty())
        .map(|s| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| ApiError::BadRequest(format!("{param}={s}: not a YYYY-MM-DD date")))
        })
        .transpose()
}

/// One page of a list that grows with the store: `limit` items (default
/// [`DEFAULT_PAGE`], at most [`MAX_PAGE`]) from `cursor` (the `x-next-cursor` header of the
/// page before; opaque). A page that is not the last says where the next starts in its
/// `x-next-cursor` header.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct Page {
    /// Items on the page (default 500, at most 1000).
    pub(crate) limit: Option<usize>,
    /// Where the page starts: the `x-next-cursor` header of the page before.
    pub(crate) cursor: Option<String>,
}

/// Items on a page unless `limit` says otherwise.
pub(crate) const DEFAULT_PAGE: usize = 500;
/// The most items a page holds.
pub(crate) const MAX_PAGE: usize = 1000;

impl Page {
    /// The page of `items` as a JSON answer, the next page's cursor in `x-next-cursor`.
    pub(crate) fn json<T: serde::Serialize>(
        &self,
        items: Vec<T>,
    ) -> Result<axum::response::Response, ApiError> {
        use axum::response::IntoResponse;
        let (items, next) = self.slice(items)?;
        let mut res = axum::Json(items).into_response();
        crate::set_next_cursor(&mut res, next.as_deref());
        Ok(res)
    }

    /// The page's items, and the cursor of the next page when there are more.
    pub(crate) fn slice<T>(&self, items: Vec<T>) -> Result<(Vec<T>, Option<String>), ApiError> {
        let limit = self.limit.unwrap_or(DEFAULT_PAGE);
        if limit == 0 || limit > MAX_PAGE {
            return Err(ApiError::BadRequest(format!(
                "limit must be between 1 and {MAX_PAGE}, not {limit}"
            )));
        }
        let start = match self.cursor.as_deref() {
            None | Some("") => 0,
            Some(c) => c
                .strip_prefix('o')
                .and_then(|n| n.parse::<usize>().ok())
                .ok_or_else(|| {
                    ApiError::BadRequest(format!(
                        "cursor '{c}' is not one this server gave (use the x-next-cursor header of the page before)"
                    ))
                })?,
        };
        let total = items.len();
        let page: Vec<T> = items.into_iter().skip(start).take(limit).collect();
        let next = (start + limit < total).then(|| format!("o{}", start + limit));
        Ok((page, next))
    }
}
