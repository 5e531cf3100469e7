//! The JSON API handlers, each documented for the OpenAPI document.

use std::collections::BTreeSet;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{OriginalUri, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tradewatch_analysis::{Series, Subject, kernels};
use tradewatch_model::{Baskets, Countries, Flow, Measure, Month, Period, display};
use tradewatch_narrative::{BriefInput, partner_words, render, subject_words};
use tradewatch_sources::Options;
use tradewatch_store::{FactsQuery, NewRelease, Outcome, SeriesQuery, Store, WriterLock};

use crate::facts::StoreFacts;
use utoipa::{IntoParams, ToSchema};

use crate::query::{self, Page, Selector};
use crate::{
    ApiError, AppState, CachedBody, admit, cache_get, cache_put, cached_response, render_turn,
};

type ApiResult<T> = Result<T, ApiError>;

/// Serves a GET from the cache, or renders it as JSON with `make` and keeps it.
async fn cached<F, Fut, T>(
    state: &State<AppState>,
    uri: &OriginalUri,
    make: F,
) -> ApiResult<Response>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = ApiResult<T>>,
    T: Serialize,
{
    cached_page(
        state,
        uri,
        || async move { make().await.map(|v| (v, None)) },
    )
    .await
}

/// [`cached`] for one page of a list: `make` gives the page and the next page's cursor.
async fn cached_page<F, Fut, T>(
    state: &State<AppState>,
    uri: &OriginalUri,
    make: F,
) -> ApiResult<Response>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = ApiResult<(T, Option<String>)>>,
    T: Serialize,
{
    cached_body(state, uri, || async move {
        let (value, next_cursor) = make().await?;
        let body =
            serde_json::to_vec(&value).map_err(|e| ApiError::internal("encoding JSON", e))?;
        Ok(CachedBody {
            content_type: "application/json",
            body: Bytes::from(body),
            next_cursor,
        })
    })
    .await
}

/// Serves a GET from the cache, or renders it with `make` and, when the same URI has missed
/// before, keeps it (unless the store changed meanwhile).
async fn cached_body<F, Fut>(
    state: &State<AppState>,
    uri: &OriginalUri,
    make: F,
) -> ApiResult<Response>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = ApiResult<CachedBody>>,
{
    let key = uri.0.to_string();
    if let Ok(c) = cache_get(state, &key) {
        return Ok(cached_response(&c));
    }
    // A miss: one request renders, the others asking for the same URI meanwhile wait for it
    // and then find it in the cache.
    let _turn = render_turn(state, &key).await;
    let generation = match cache_get(state, &key) {
        Ok(c) => return Ok(cached_response(&c)),
        Err(generation) => generation,
    };
    let c = make().await?;
    if admit(state, &key) {
        cache_put(state, generation, key, c.clone());
    }
    Ok(cached_response(&c))
}

// ---------------------------------------------------------------------------------------------
// health

/// The server's health.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Health {
    /// Always `ok` when the store answers.
    status: String,
    version: String,
    /// Releases in the store.
    releases: usize,
    /// Whether `POST /api/v1/ingest` is enabled (a token was given at start).
    ingest: bool,
}

/// Health: the store answers, and how many releases it holds.
#[utoipa::path(get, path = "/health", tag = "meta",
    responses((status = 200, description = "The server and its store work", body = Health)))]
pub(crate) async fn health(State(state): State<AppState>) -> ApiResult<Json<Health>> {
    let store = state.store.read().await;
    let releases = store
        .releases()
        .await
        .map_err(|e| ApiError::internal("listing releases", e))?;
    Ok(Json(Health {
        status: "ok".to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        releases: releases.len(),
        ingest: state.config.token.is_some(),
    }))
}

// ---------------------------------------------------------------------------------------------
// series

/// One level of a series, ready to show.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PointOut {
    /// `2025-09`, or a span `2025-01..06`.
    pub period: String,
    /// In `unit`: tonnes for quantities, US dollars for values.
    pub value: f64,
    pub unit: String,
    /// As a person writes it ("420.5 t", "$1.02 billion").
    pub display: String,
    /// Percent change from the month before (months only; `null` without that month).
    pub mom: Option<f64>,
    /// Percent change from the same month a year earlier.
    pub yoy: Option<f64>,
    pub source: String,
    pub release: String,
    pub citation: String,
    pub published: Option<NaiveDate>,
    /// Line of the source file the figure was read from.
    pub line: Option<u64>,
}

/// A series.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SeriesOut {
    #[schema(value_type = Object)]
    subject: Subject,
    /// `t` or `USD`.
    unit: String,
    /// Monthly levels, oldest first.
    points: Vec<PointOut>,
    /// Levels of spans (year to date, quarters, years).
    spans: Vec<PointOut>,
    /// For a code subject (`code=850511`): the label the data carry for each code.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    labels: std::collections::BTreeMap<String, String>,
}

/// The unit a measure is shown in, and the factor from the stored unit.
pub fn shown_unit(measure: Measure) -> (&'static str, f64) {
    match measure {
        Measure::Quantity => ("t", 1000.0),
        _ => ("USD", 1.0),
    }
}

/// The levels of a series as shown: months with their m/m and y/y (the analysis kernels, the
/// same definition the facts use), and spans.
/// Levels before `from` are only there for the changes: they are left out.
pub fn points(series: &Series, from: Option<Month>) -> (Vec<PointOut>, Vec<PointOut>) {
    let shown = |k: &Period| from.is_none_or(|f| k.first() >= f);
    let (unit, factor) = shown_unit(series.subject.measure);
    let out = |period: &Period, p: &tradewatch_analysis::Point, mom, yoy| {
        let prov = p.provenance.first();
        PointOut {
            period: period.to_string(),
            value: p.value / factor,
            unit: unit.to_string(),
            display: display::amount(p.value, p.unit, p.resolution),
            mom,
            yoy,
            source: prov.map_or(String::new(), |x| x.source.to_string()),
            release: prov.map_or(String::new(), |x| x.release.clone()),
            citation: prov.map_or(String::new(), |x| x.citation.clone()),
            published: prov.and_then(|x| x.published),
            line: prov.map(|x| x.line),
        }
    };
    let months: Vec<(Month, &tradewatch_analysis::Point)> = series
        .levels
        .iter()
        .filter_map(|(k, p)| k.as_month().map(|m| (m, p)))
        .collect();
    let index: Vec<i32> = months.iter().map(|(m, _)| m.index()).collect();
    let values: Vec<f64> = months.iter().map(|(_, p)| p.value).collect();
    let mom = kernels::change_pct(&index, &values, 1);
    let yoy = kernels::change_pct(&index, &values, 12);
    let monthly = months
        .iter()
        .enumerate()
        .filter(|(_, (m, _))| shown(&Period::Month(*m)))
        .map(|(i, (m, p))| out(&Period::Month(*m), p, mom[i], yoy[i]))
        .collect();
    let spans = series
        .levels
        .iter()
        .filter(|(k, _)| k.as_month().is_none() && shown(k))
        .map(|(k, p)| out(k, p, None, None))
        .collect();
    (monthly, spans)
}

/// From/to bounds of a listing.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct Range {
    /// First period (`2025-01`).
    from: Option<String>,
    /// Last period.
    to: Option<String>,
}

impl Range {
    /// The checked bounds.
    fn periods(&self) -> ApiResult<(Option<Period>, Option<Period>)> {
        Ok((
            query::period("from", self.from.as_deref())?,
            query::period("to", self.to.as_deref())?,
        ))
    }
}

pub(crate) async fn load_series(
    store: &Store,
    subject: Subject,
    from: Option<Period>,
    to: Option<Period>,
    as_of: Option<NaiveDate>,
) -> ApiResult<Series> {
    let q = SeriesQuery {
        from,
        to,
        as_of,
        ..SeriesQuery::new(subject)
    };
    store
        .series(&q)
        .await
        .map_err(|e| ApiError::internal("reading a series", e))
}

/// A series: every level of a subject, each with its source, release and citation; monthly
/// levels carry m/m and y/y (a range's first months too: the year before `from` is read for
/// them, not shown).
#[utoipa::path(get, path = "/series", tag = "data", params(Selector, Range),
    responses(
        (status = 200, description = "The series", body = SeriesOut),
        (status = 400, description = "A bad selector (unknown basket, bad period)", body = crate::error::ErrorBody)))]
pub(crate) async fn series(
    state: State<AppState>,
    uri: OriginalUri,
    Query(sel): Query<Selector>,
    Query(range): Query<Range>,
) -> ApiResult<Response> {
    let subject = sel.subject()?;
    let as_of = sel.as_of()?;
    let (from, to) = range.periods()?;
    let st = state.clone();
    cached(&state, &uri, || async move {
        let store = st.store.read().await;
        // A year before `from` as well, so that its first months have their m/m and y/y.
        let first = from.map(|f| f.first());
        let lookback = first.map(|f| Period::Month(f.plus(-12)));
        // The labels of a code subject's codes: a second query, asked at the same time.
        let labels = async {
            match Baskets::current().lookup(&subject.basket) {
                Ok(b) => store
                    .labels(&b, &subject.reporter)
                    .await
                    .map_err(|e| ApiError::internal("reading the labels of codes", e)),
                Err(_) => Ok(Default::default()),
            }
        };
        let (series, labels) = futures::try_join!(
            load_series(&store, subject.clone(), lookback, to, as_of),
            labels
        )?;
        let (points, spans) = points(&series, first);
        Ok(SeriesOut {
            unit: shown_unit(subject.measure).0.to_string(),
            subject,
            points,
            spans,
            labels,
        })
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// baskets

/// The latest month of a basket (China's exports to the world).
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Latest {
    period: String,
    value: f64,
    unit: String,
    display: String,
    mom: Option<f64>,
    yoy: Option<f64>,
    citation: String,
}

/// A sparkline point.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SparkPoint {
    period: String,
    value: f64,
}

/// A basket, with its latest month and a sparkline.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct BasketOut {
    id: String,
    name: String,
    description: String,
    aliases: Vec<String>,
    /// Commodity codes by classification.
    #[schema(value_type = Object)]
    codes: serde_json::Value,
    /// `built-in`, or the file in the data dir's `baskets/` it comes from.
    origin: String,
    /// China's exports to the world, quantity: the latest month in the data.
    latest: Option<Latest>,
    /// The last 24 monthly levels.
    spark: Vec<SparkPoint>,
}

/// The baskets, each with the latest month of China's exports to the world (level, m/m, y/y)
/// and a sparkline of the last 24 months.
#[utoipa::path(get, path = "/baskets", tag = "data",
    responses((status = 200, description = "Every basket", body = Vec<BasketOut>)))]
pub(crate) async fn baskets(state: State<AppState>, uri: OriginalUri) -> ApiResult<Response> {
    let st = state.clone();
    cached(&state, &uri, || async move {
        let store = st.store.read().await;
        let mut out = Vec::new();
        for b in Baskets::current().all() {
            let subject = Subject {
                reporter: "CHN".to_string(),
                partner: "WLD".to_string(),
                flow: Flow::Export,
                basket: b.id.clone(),
                measure: Measure::Quantity,
            };
            let series = load_series(&store, subject, None, None, None).await?;
            let (monthly, _) = points(&series, None);
            let latest = monthly.last().map(|p| Latest {
                period: p.period.clone(),
                value: p.value,
                unit: p.unit.clone(),
                display: p.display.clone(),
                mom: p.mom,
                yoy: p.yoy,
                citation: p.citation.clone(),
            });
            let spark = monthly
                .iter()
                .skip(monthly.len().saturating_sub(24))
                .map(|p| SparkPoint {
                    period: p.period.clone(),
                    value: p.value,
                })
                .collect();
            out.push(BasketOut {
                id: b.id.clone(),
                name: b.name.clone(),
                description: b.description.clone(),
                aliases: b.aliases.clone(),
                codes: serde_json::to_value(&b.codes).unwrap_or_default(),
                origin: b.origin.clone(),
                latest,
                spark,
            });
        }
        Ok(out)
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// partners

/// One partner's levels and shares, aligned with `periods`.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PartnerOut {
    code: String,
    name: String,
    values: Vec<Option<f64>>,
    /// Percent of the world total (`null` where either is missing).
    shares: Vec<Option<f64>>,
}

/// The destination breakdown over time.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PartnersOut {
    unit: String,
    periods: Vec<String>,
    /// The world total per period.
    world: Vec<Option<f64>>,
    /// Partner countries, largest latest level first.
    partners: Vec<PartnerOut>,
}

/// The destination breakdown: each partner country's monthly levels and share of the world
/// total, aligned on the months any of them has.
#[utoipa::path(get, path = "/partners", tag = "data", params(Selector, Range),
    responses((status = 200, description = "Partners over time", body = PartnersOut),
        (status = 400, description = "A bad selector", body = crate::error::ErrorBody)))]
pub(crate) async fn partners(
    state: State<AppState>,
    uri: OriginalUri,
    Query(sel): Query<Selector>,
    Query(range): Query<Range>,
) -> ApiResult<Response> {
    let subject = sel.subject()?;
    let as_of = sel.as_of()?;
    let (from, to) = range.periods()?;
    let st = state.clone();
    cached(&state, &uri, || async move {
        let store = st.store.read().await;
        let q = SeriesQuery {
            from,
            to,
            as_of,
            ..SeriesQuery::new(subject.clone())
        };
        let panel = store
            .panel(&q)
            .await
            .map_err(|e| ApiError::internal("reading the partners", e))?;
        let (unit, factor) = shown_unit(subject.measure);
        let month_levels = |s: &Series| -> std::collections::BTreeMap<Month, f64> {
            s.levels
                .iter()
                .filter_map(|(k, p)| k.as_month().map(|m| (m, p.value / factor)))
                .collect()
        };
        let countries = Countries::builtin();
        let world = panel
            .partners
            .get("WLD")
            .map(month_levels)
            .unwrap_or_default();
        let mut rows: Vec<(String, std::collections::BTreeMap<Month, f64>)> = panel
            .partners
            .iter()
            .filter(|(code, _)| countries.get(code).is_some_and(|c| !c.is_aggregate()))
            .map(|(code, s)| (code.clone(), month_levels(s)))
            .filter(|(_, m)| !m.is_empty())
            .collect();
        let months: BTreeSet<Month> = rows
            .iter()
            .flat_map(|(_, m)| m.keys().copied())
            .chain(world.keys().copied())
            .collect();
        let latest = |m: &std::collections::BTreeMap<Month, f64>| {
            m.iter()
                .next_back()
                .map_or((0, 0.0), |(k, v)| (k.index(), *v))
        };
        rows.sort_by(|a, b| {
            let (ka, va) = latest(&a.1);
            let (kb, vb) = latest(&b.1);
            kb.cmp(&ka).then(vb.total_cmp(&va))
        });
        let partners = rows
            .iter()
            .map(|(code, m)| PartnerOut {
                code: code.clone(),
                name: countries.name(code),
                values: months.iter().map(|k| m.get(k).copied()).collect(),
                shares: months
                    .iter()
                    .map(|k| {
                        let (v, w) = (m.get(k)?, world.get(k)?);
                        (*w > 0.0).then(|| v / w * 100.0)
                    })
                    .collect(),
            })
            .collect();
        Ok(PartnersOut {
            unit: unit.to_string(),
            periods: months.iter().map(ToString::to_string).collect(),
            world: months.iter().map(|k| world.get(k).copied()).collect(),
            partners,
        })
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// facts

/// The period a fact or brief is about.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PeriodParam {
    /// The period (`2025-09`, `2025-01..09`).
    period: String,
    /// Only facts of this kind (`change_mom`, `rank`, `share`, …).
    kind: Option<String>,
}

/// Every fact of a subject for a period.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FactsOut {
    #[schema(value_type = Object)]
    subject: Subject,
    period: String,
    /// Facts with their provenance (the same JSON as `tradewatch facts --format json`).
    #[schema(value_type = Vec<Object>)]
    facts: Vec<tradewatch_analysis::Fact>,
}

/// Facts: every fact of a subject for a period (levels, changes, streaks, records, ranks,
/// shares, unit values, mirror gaps, anomalies, event windows), each with its rows and
/// release. `partner=*` gives the cross-partner facts only.
#[utoipa::path(get, path = "/facts", tag = "data", params(Selector, PeriodParam),
    responses((status = 200, description = "The facts", body = FactsOut),
        (status = 400, description = "A bad selector or period", body = crate::error::ErrorBody)))]
pub(crate) async fn facts(
    state: State<AppState>,
    uri: OriginalUri,
    Query(sel): Query<Selector>,
    Query(p): Query<PeriodParam>,
) -> ApiResult<Response> {
    let subject = sel.subject()?;
    let as_of = sel.as_of()?;
    let period = query::required_period("period", &p.period)?;
    let kind = p
        .kind
        .as_deref()
        .map(|k| {
            k.parse::<tradewatch_analysis::FactKind>()
                .map_err(|e| ApiError::BadRequest(format!("kind={k}: {e}")))
        })
        .transpose()?;
    let st = state.clone();
    cached(&state, &uri, || async move {
        let store = st.store.read().await;
        let mut q = FactsQuery::new(subject.clone(), period, (*st.timeline).clone());
        q.as_of = as_of;
        let mut facts = store
            .facts(&q)
            .await
            .map_err(|e| ApiError::internal("computing facts", e))?;
        if let Some(k) = kind {
            facts.retain(|f| f.kind == k);
        }
        Ok(FactsOut {
            subject,
            period: period.to_string(),
            facts,
        })
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// brief

/// How a brief is returned.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct BriefParams {
    /// The period (`2025-09`).
    period: String,
    /// `json` (default: title, Markdown, HTML and footnotes), `markdown` or `html`.
    format: Option<String>,
}

/// A brief.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct BriefOut {
    title: String,
    markdown: String,
    /// The same brief as an HTML fragment, footnotes as links.
    html: String,
    #[schema(value_type = Vec<Object>)]
    footnotes: Vec<tradewatch_narrative::Footnote>,
}

/// A brief's Markdown as HTML: footnotes become links, and the sources' addresses too.
pub(crate) fn brief_html(markdown: &str) -> String {
    static URL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"https?://[^\s<>()]+[^\s<>(),.;]").expect("url pattern")
    });
    let linked = URL.replace_all(markdown, "<$0>");
    let mut opts = pulldown_cmark::Options::empty();
    opts.insert(pulldown_cmark::Options::ENABLE_FOOTNOTES);
    let parser = pulldown_cmark::Parser::new_ext(&linked, opts);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    html
}

/// A brief: a short story for a period, every figure footnoted with its rows and release.
#[utoipa::path(get, path = "/brief", tag = "text", params(Selector, BriefParams),
    responses((status = 200, description = "The brief (JSON; `format=markdown` gives text/markdown, `format=html` text/html)", body = BriefOut),
        (status = 400, description = "A bad selector or period", body = crate::error::ErrorBody)))]
pub(crate) async fn brief(
    state: State<AppState>,
    uri: OriginalUri,
    Query(sel): Query<Selector>,
    Query(p): Query<BriefParams>,
) -> ApiResult<Response> {
    let subject = sel.subject()?;
    let as_of = sel.as_of()?;
    let period = query::required_period("period", &p.period)?;
    let format = p.format.unwrap_or_else(|| "json".to_string());
    if !matches!(format.as_str(), "json" | "markdown" | "html") {
        return Err(ApiError::BadRequest(format!(
            "format={format}: use json, markdown or html"
        )));
    }
    let st = state.clone();
    // Rendered once per store state, like every other GET.
    cached_body(&state, &uri, || async move {
        let store = st.store.read().await;
        let mut q = FactsQuery::new(subject.clone(), period, (*st.timeline).clone());
        q.as_of = as_of;
        let facts = store
            .facts(&q)
            .await
            .map_err(|e| ApiError::internal("computing facts", e))?;
        let input = BriefInput {
            subject_words: subject_words(&subject.reporter, subject.flow, &subject.basket),
            partner_words: partner_words(&subject.partner),
            period,
            facts,
        };
        let b = render(&input);
        let (content_type, body) = match format.as_str() {
            "markdown" => ("text/markdown; charset=utf-8", b.markdown.into_bytes()),
            "html" => (
                "text/html; charset=utf-8",
                brief_html(&b.markdown).into_bytes(),
            ),
            _ => (
                "application/json",
                serde_json::to_vec(&BriefOut {
                    html: brief_html(&b.markdown),
                    title: b.title,
                    markdown: b.markdown,
                    footnotes: b.footnotes,
                })
                .map_err(|e| ApiError::internal("encoding JSON", e))?,
            ),
        };
        Ok(CachedBody {
            content_type,
            body: Bytes::from(body),
            next_cursor: None,
        })
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// verify

/// An article to check.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct VerifyRequest {
    /// Plain text or HTML.
    text: String,
    /// Publication date (`YYYY-MM-DD`); default: the date found in the text.
    published: Option<String>,
    /// Judge against the store as it stood on this date.
    as_of: Option<String>,
}

/// Query parameters for a text/plain body.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct VerifyParams {
    /// Publication date, for a `text/plain` body.
    published: Option<String>,
    /// The store as of this date, for a `text/plain` body.
    as_of: Option<String>,
}

/// The report (the JSON contract of `tradewatch verify --format json`).
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub(crate) struct VerifyReport {
    published: Option<String>,
    /// Each claim: text, start, end (byte offsets into the text sent), kind, subject, claimed,
    /// computed, verdict, reason, evidence.
    #[schema(value_type = Vec<Object>)]
    claims: Vec<()>,
    /// Counts of supported, rounding, contradicted, unverifiable.
    #[schema(value_type = Object)]
    summary: (),
}

/// Verify: every checkable trade claim in an article, judged against the data with its
/// evidence. Send JSON `{text, published?, as_of?}` or the text itself as `text/plain`.
#[utoipa::path(post, path = "/verify", tag = "text", params(VerifyParams),
    request_body(content = VerifyRequest, description = "The article (or a text/plain body)"),
    responses((status = 200, description = "The claims and verdicts", body = VerifyReport),
        (status = 400, description = "A body that is not UTF-8 or JSON that does not parse", body = crate::error::ErrorBody),
        (status = 413, description = "A body over the limit", body = crate::error::ErrorBody)))]
pub(crate) async fn verify(
    State(state): State<AppState>,
    Query(params): Query<VerifyParams>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let req = if is_json {
        serde_json::from_slice::<VerifyRequest>(&body)
            .map_err(|e| ApiError::BadRequest(format!("body: {e}")))?
    } else {
        let text = String::from_utf8(body.to_vec()).map_err(|e| {
            ApiError::BadRequest(format!(
                "body: not UTF-8 text (byte {})",
                e.utf8_error().valid_up_to()
            ))
        })?;
        VerifyRequest {
            text,
            published: params.published,
            as_of: params.as_of,
        }
    };
    let published = query::date("published", req.published.as_deref())?;
    let as_of = query::date("as_of", req.as_of.as_deref())?;
    let store = state.store.read().await;
    let source = StoreFacts::with_cache(
        &store,
        (*state.timeline).clone(),
        as_of,
        state.facts.clone(),
    );
    let report = tradewatch_verify::verify(&req.text, published, &source)
        .await
        .map_err(|e| ApiError::internal("reading the facts for a claim", e))?;
    Ok(Json(report).into_response())
}

// ---------------------------------------------------------------------------------------------
// releases, diff

/// A release (vintage) in the store.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ReleaseOut {
    id: String,
    seq: i64,
    source: String,
    format: String,
    file_name: String,
    sha256: String,
    published: Option<NaiveDate>,
    #[schema(value_type = String)]
    ingested_at: chrono::DateTime<chrono::Utc>,
    rows: i64,
    rows_in_store: i64,
}

/// Releases: every file ingested, oldest first, with its row count; paged.
#[utoipa::path(get, path = "/releases", tag = "data", params(Page),
    responses((status = 200, description = "A page of the releases; `x-next-cursor` names the next page when there is one", body = Vec<ReleaseOut>),
        (status = 400, description = "A bad limit or cursor", body = crate::error::ErrorBody)))]
pub(crate) async fn releases(
    state: State<AppState>,
    uri: OriginalUri,
    Query(page): Query<Page>,
) -> ApiResult<Response> {
    let st = state.clone();
    cached_page(&state, &uri, || async move {
        let store = st.store.read().await;
        let releases = store
            .releases()
            .await
            .map_err(|e| ApiError::internal("listing releases", e))?;
        let counts = store
            .row_counts()
            .await
            .map_err(|e| ApiError::internal("counting rows", e))?;
        Ok(releases
            .into_iter()
            .map(|r| ReleaseOut {
                rows_in_store: counts.get(&r.id).copied().unwrap_or(0),
                id: r.id,
                seq: r.seq,
                source: r.source,
                format: r.format,
                file_name: r.file_name,
                sha256: r.sha256,
                published: r.published,
                ingested_at: r.ingested_at,
                rows: r.rows,
            })
            .collect::<Vec<_>>())
        .and_then(|all| page.slice(all))
    })
    .await
}

/// Which releases to compare.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct DiffParams {
    /// The release to look at.
    release: String,
    /// The release to compare it with; default: everything ingested before it.
    base: Option<String>,
}

/// A diff (the JSON of `tradewatch diff --format json`).
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub(crate) struct DiffDoc {
    release: String,
    base: Option<String>,
    /// Keys whose value changed: old, new, change, change_pct, the release that had it.
    #[schema(value_type = Vec<Object>)]
    revised: Vec<()>,
    /// Keys new in this release.
    #[schema(value_type = Vec<Object>)]
    added: Vec<()>,
    unchanged: u64,
}

/// Diff: what a release revised and what it added; paged over the revised keys, then the
/// added ones (`unchanged` counts the whole release).
#[utoipa::path(get, path = "/diff", tag = "data", params(DiffParams, Page),
    responses((status = 200, description = "Revisions and additions", body = DiffDoc),
        (status = 404, description = "No such release", body = crate::error::ErrorBody)))]
pub(crate) async fn diff(
    state: State<AppState>,
    uri: OriginalUri,
    Query(p): Query<DiffParams>,
    Query(page): Query<Page>,
) -> ApiResult<Response> {
    let st = state.clone();
    cached_page(&state, &uri, || async move {
        let store = st.store.read().await;
        let known = store
            .releases()
            .await
            .map_err(|e| ApiError::internal("listing releases", e))?;
        for id in std::iter::once(&p.release).chain(p.base.iter()) {
            if !known.iter().any(|r| &r.id == id) {
                return Err(ApiError::NotFound(format!(
                    "no release '{id}' (see /api/v1/releases)"
                )));
            }
        }
        let mut diff = store
            .diff(p.base.as_deref(), &p.release)
            .await
            .map_err(|e| ApiError::internal("comparing releases", e))?;
        // One list of the revised then the added keys, paged, and split again.
        let tagged: Vec<(bool, tradewatch_store::Change)> = std::mem::take(&mut diff.revised)
            .into_iter()
            .map(|c| (true, c))
            .chain(
                std::mem::take(&mut diff.added)
                    .into_iter()
                    .map(|c| (false, c)),
            )
            .collect();
        let (items, next) = page.slice(tagged)?;
        for (is_revised, c) in items {
            if is_revised {
                diff.revised.push(c);
            } else {
                diff.added.push(c);
            }
        }
        Ok((diff, next))
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// events

/// Which events.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct EventParams {
    /// Events concerning this basket (naming it, or all goods).
    basket: Option<String>,
    /// Instead of a basket, commodity codes (comma-separated, `8505*` for a prefix): events
    /// naming a basket that holds one of them.
    code: Option<String>,
    /// `export_control`, `licensing`, `suspension`, `tariff`, `talks`, `other`.
    kind: Option<String>,
    /// From this date (`YYYY-MM-DD`).
    from: Option<String>,
    /// To this date.
    to: Option<String>,
}

/// A policy event.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub(crate) struct EventDoc {
    date: String,
    kind: String,
    actor: String,
    description: String,
    source_url: String,
    /// Basket ids it names; `*` for all goods.
    baskets: Vec<String>,
}

/// Events: the policy timeline (export controls, licensing, tariffs, talks), each cited.
#[utoipa::path(get, path = "/events", tag = "data", params(EventParams, Page),
    responses((status = 200, description = "A page of the events, oldest first; `x-next-cursor` names the next page when there is one", body = Vec<EventDoc>),
        (status = 400, description = "A bad basket, date, limit or cursor", body = crate::error::ErrorBody)))]
pub(crate) async fn events(
    State(state): State<AppState>,
    Query(p): Query<EventParams>,
    Query(page): Query<Page>,
) -> ApiResult<Response> {
    let basket = query::subject_key(p.basket.as_deref(), p.code.as_deref())?;
    if let Some(k) = p.kind.as_deref()
        && !tradewatch_model::event::EVENT_KINDS.contains(&k)
    {
        return Err(ApiError::BadRequest(format!(
            "kind={k}: not an event kind (one of: {})",
            tradewatch_model::event::EVENT_KINDS.join(", ")
        )));
    }
    let from = query::date("from", p.from.as_deref())?;
    let to = query::date("to", p.to.as_deref())?;
    let all: Vec<tradewatch_model::Event> = state
        .timeline
        .events
        .iter()
        .filter(|e| basket.as_ref().is_none_or(|b| e.concerns(b)))
        .filter(|e| p.kind.as_ref().is_none_or(|k| &e.kind == k))
        .filter(|e| from.is_none_or(|d| e.date >= d))
        .filter(|e| to.is_none_or(|d| e.date <= d))
        .cloned()
        .collect();
    page.json(all)
}

// ---------------------------------------------------------------------------------------------
// chart

/// Chart options.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ChartParams {
    /// Draw the policy events naming the basket (default true).
    events: Option<bool>,
}

/// A chart of a series as SVG: title, axes with units, source line, event markers (the same
/// drawing as `tradewatch chart`).
#[utoipa::path(get, path = "/chart.svg", tag = "data", params(Selector, Range, ChartParams),
    responses((status = 200, description = "An SVG image", content_type = "image/svg+xml", body = String),
        (status = 400, description = "A bad selector", body = crate::error::ErrorBody)))]
pub(crate) async fn chart_svg(
    state: State<AppState>,
    uri: OriginalUri,
    Query(sel): Query<Selector>,
    Query(range): Query<Range>,
    Query(p): Query<ChartParams>,
) -> ApiResult<Response> {
    let subject = sel.subject()?;
    let as_of = sel.as_of()?;
    let (from, to) = range.periods()?;
    let st = state.clone();
    cached_body(&state, &uri, || async move {
        let store = st.store.read().await;
        let series = load_series(&store, subject, from, to, as_of).await?;
        let timeline = p.events.unwrap_or(true).then_some(&*st.timeline);
        let svg = crate::chart::svg(&crate::chart::ChartInput::from_series(&series, timeline));
        Ok(CachedBody {
            content_type: "image/svg+xml",
            body: Bytes::from(svg),
            next_cursor: None,
        })
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// ingest

/// How to read an uploaded file.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct IngestParams {
    /// The file name (its extension and header decide the format).
    name: String,
    /// Publication date of the release (`YYYY-MM-DD`).
    published: Option<String>,
}

/// What an ingest did.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct IngestOut {
    /// `committed` or `already_ingested` (same sha256).
    outcome: String,
    release: String,
    rows: i64,
    /// Fingerprints of the alerts the release fired (see `/alerts`).
    alerts: Vec<String>,
    /// Why the alert rules could not be evaluated (the release is committed regardless).
    #[serde(skip_serializing_if = "Option::is_none")]
    alerts_error: Option<String>,
}

/// Ingest a file as a new release (all rows or none). Exists only when the server was started
/// with a token, and needs `Authorization: Bearer <token>`.
#[utoipa::path(post, path = "/ingest", tag = "meta", params(IngestParams),
    request_body(content = String, description = "The file's bytes", content_type = "application/octet-stream"),
    responses((status = 200, description = "Committed, or already there", body = IngestOut),
        (status = 401, description = "No or wrong bearer token", body = crate::error::ErrorBody),
        (status = 422, description = "Rejected rows: nothing committed", body = crate::error::ErrorBody),
        (status = 503, description = "Another process holds the data directory's writer lock: nothing committed", body = crate::error::ErrorBody)),
    security(("bearer" = [])))]
pub(crate) async fn ingest(
    State(state): State<AppState>,
    Query(p): Query<IngestParams>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<IngestOut>> {
    let want =
        state.config.token.as_deref().ok_or_else(|| {
            ApiError::NotFound("ingest is not enabled on this server".to_string())
        })?;
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if !given.is_some_and(|g| constant_time_eq(g.as_bytes(), want.as_bytes())) {
        return Err(ApiError::Unauthorized(
            "ingest needs the header Authorization: Bearer <token>".to_string(),
        ));
    }
    let published = query::date("published", p.published.as_deref())?;
    let parsed = tradewatch_sources::parse(&p.name, &body, &Options::default())
        .map_err(|e| ApiError::Unprocessable(format!("{e}; nothing committed")))?;
    if !parsed.report.is_clean() {
        let problems: Vec<String> = parsed
            .report
            .rejected
            .iter()
            .take(20)
            .map(ToString::to_string)
            .collect();
        return Err(ApiError::Unprocessable(format!(
            "{}: {} rows rejected, nothing committed: {}",
            p.name,
            parsed.report.rejected.len(),
            problems.join("; ")
        )));
    }
    // The data directory's writer lock first, without stopping the readers: another
    // process (a CLI ingest, a watch) may be writing.
    let (dir, mut wait) = {
        let store = state.store.read().await;
        (store.dir().to_path_buf(), store.lock_wait())
    };
    let limit = state
        .config
        .request_timeout
        .saturating_sub(std::time::Duration::from_secs(1));
    wait.timeout = Some(wait.timeout.map_or(limit, |t| t.min(limit)));
    let lock = WriterLock::acquire(&dir, &wait)
        .await
        .map_err(|e| match e {
            tradewatch_store::Error::Locked { .. } => {
                ApiError::Unavailable(format!("{e}; nothing committed, try again later"))
            }
            e => ApiError::internal("taking the writer lock", e),
        })?;
    let mut store = state.store.write().await;
    let outcome = store
        .ingest_locked(
            NewRelease {
                id: None,
                source: parsed.source,
                format: parsed.format.as_str().to_string(),
                file_name: p.name.clone(),
                sha256: sha256(&body),
                published: published.or(parsed.published),
                observations: parsed.observations,
            },
            lock,
        )
        .await
        .map_err(|e| ApiError::internal("committing a release", e))?;
    // While the write lock is held: no request can render from the old store after this.
    state.invalidate();
    drop(store);
    Ok(Json(match outcome {
        Outcome::Committed(r) => {
            let (alerts, alerts_error) = match crate::alerts::after_ingest(&state, &r.id).await {
                Ok(ids) => (ids, None),
                Err(e) => {
                    tracing::error!(release = %r.id, error = %e, "alert rules not evaluated");
                    (Vec::new(), Some(e))
                }
            };
            IngestOut {
                outcome: "committed".to_string(),
                release: r.id,
                rows: r.rows,
                alerts,
                alerts_error,
            }
        }
        Outcome::AlreadyIngested(r) => IngestOut {
            outcome: "already_ingested".to_string(),
            release: r.id,
            rows: r.rows,
            alerts: Vec::new(),
            alerts_error: None,
        },
    }))
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

/// Compares without stopping at the first difference (a token check).
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Anything else under the server.
pub(crate) async fn not_found(uri: OriginalUri) -> ApiError {
    ApiError::NotFound(format!("no such path: {}", uri.0.path()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// A server's state over an empty store (the store's directory goes with the first value).
    async fn empty_state() -> (tempfile::TempDir, State<AppState>) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).await.unwrap();
        let state = State(AppState::new(
            store,
            tradewatch_model::Timeline::new(Vec::new()),
            crate::Config::default(),
        ));
        (dir, state)
    }

    /// Twenty requests that miss the cache for one URI at once render it twice: the first
    /// rendering is not kept (the URI had not missed before), the second is, and the other
    /// eighteen get it. A request for another URI renders its own.
    #[tokio::test(flavor = "multi_thread")]
    async fn concurrent_misses_for_one_uri_render_it_once() {
        let (_dir, state) = empty_state().await;
        let renders = Arc::new(AtomicUsize::new(0));
        let ask = |path: &'static str| {
            let state = state.clone();
            let renders = renders.clone();
            tokio::spawn(async move {
                let uri = OriginalUri(path.parse().unwrap());
                let res = cached(&state, &uri, || async move {
                    renders.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    Ok(path.to_string())
                })
                .await
                .unwrap();
                axum::body::to_bytes(res.into_body(), 1 << 20)
                    .await
                    .unwrap()
            })
        };
        let same: Vec<_> = (0..20).map(|_| ask("/api/v1/series?a=1")).collect();
        let other = ask("/api/v1/series?a=2");
        for t in same {
            assert_eq!(t.await.unwrap(), "\"/api/v1/series?a=1\"");
        }
        assert_eq!(other.await.unwrap(), "\"/api/v1/series?a=2\"");
        assert_eq!(renders.load(Ordering::SeqCst), 3);
        // Nothing is left waiting behind.
        assert!(state.rendering.lock().unwrap().is_empty());
    }

    /// The response cache keeps to its byte budget whatever the size of the bodies, and a
    /// body too large for it is served but not kept.
    #[tokio::test]
    async fn the_response_cache_keeps_to_its_byte_budget() {
        let (_dir, state) = empty_state().await;
        let body = |n: usize| crate::CachedBody {
            content_type: "application/json",
            body: axum::body::Bytes::from(vec![b'x'; n]),
            next_cursor: None,
        };
        let held = |state: &State<AppState>| {
            let c = state.cache.read().unwrap();
            let sum: usize = c.map.iter().map(|(k, v)| k.len() + v.body.len()).sum();
            assert_eq!(c.bytes, sum, "the byte count matches the entries");
            (c.map.len(), c.bytes)
        };
        let Err(generation) = crate::cache_get(&state, "/none") else {
            panic!("an empty cache answered");
        };
        let big = crate::CACHE_BYTES / 20;
        for i in 0..100 {
            crate::cache_put(&state, generation, format!("/k{i}"), body(big));
            let (_, bytes) = held(&state);
            assert!(bytes <= crate::CACHE_BYTES, "{bytes} bytes after {i} puts");
        }
        // The newest entries are kept; a replaced key is counted once.
        assert!(crate::cache_get(&state, "/k99").is_ok());
        crate::cache_put(&state, generation, "/k99".into(), body(10));
        let (entries, bytes) = held(&state);
        assert!(entries > 1 && bytes < crate::CACHE_BYTES);
        // Too large to keep: not cached, and nothing else is dropped for it.
        crate::cache_put(
            &state,
            generation,
            "/huge".into(),
            body(crate::CACHE_BYTES / 8),
        );
        assert!(crate::cache_get(&state, "/huge").is_err());
        assert_eq!(held(&state).0, entries);
    }

    /// A response is kept only when its URI misses a second time, and the record of first
    /// misses outlives an ingest: the URIs in use are kept again at once.
    #[tokio::test]
    async fn a_response_is_kept_when_its_uri_is_asked_for_again() {
        let (_dir, state) = empty_state().await;
        let app = crate::router(state.0.clone());
        let uri = "/api/v1/baskets?once=1";
        let ask = || async {
            let res = tower::ServiceExt::oneshot(
                app.clone(),
                axum::http::Request::get(uri)
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
            assert_eq!(res.status(), axum::http::StatusCode::OK);
        };
        ask().await;
        assert!(
            crate::cache_get(&state, uri).is_err(),
            "asked once: not kept"
        );
        ask().await;
        assert!(crate::cache_get(&state, uri).is_ok(), "asked twice: kept");
        state.invalidate();
        assert!(
            crate::cache_get(&state, uri).is_err(),
            "forgotten on a change"
        );
        ask().await;
        assert!(
            crate::cache_get(&state, uri).is_ok(),
            "asked before the change: kept at the first miss after it"
        );
        assert!(!crate::admit(&state, "/api/v1/baskets?other=1"));
        assert!(crate::admit(&state, "/api/v1/baskets?other=1"));
    }
}
