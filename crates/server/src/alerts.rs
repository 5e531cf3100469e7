//! Alerts over HTTP: the JSON list and one alert, the Atom feed, and the evaluation an ingest
//! through the API runs (the same catch-up as the CLI's, under the same log lock).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;
use tradewatch_alerts::{AlertLog, RuleSet, deliver, run};
use utoipa::{IntoParams, ToSchema};

use crate::query::Page;
use crate::{ApiError, AppState};

type ApiResult<T> = Result<T, ApiError>;

/// The rule file the server evaluates: `--rules`, else `alerts.toml` in the data dir. `None`
/// when there is none.
fn rules(state: &AppState, dir: &std::path::Path) -> Result<Option<RuleSet>, String> {
    tradewatch_alerts::rules_for(dir, state.config.rules.as_deref()).map_err(|e| e.to_string())
}

/// After a release was committed through the API: evaluates it (and any release not yet
/// evaluated) and records the alerts; delivery runs in the background. Returns the ids that
/// fired.
pub(crate) async fn after_ingest(state: &AppState, release: &str) -> Result<Vec<String>, String> {
    let store = state.store.read().await;
    let dir = store.dir().to_path_buf();
    let Some(rules) = rules(state, &dir)? else {
        return Ok(Vec::new());
    };
    let open_dir = dir.clone();
    let mut log = tokio::task::spawn_blocking(move || AlertLog::open(&open_dir))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    let caught = run::catch_up(&store, &rules, &mut log, &[release.to_string()], Utc::now())
        .await
        .map_err(|e| e.to_string())?;
    drop(store);
    tokio::spawn(async move {
        let today = Utc::now().date_naive();
        let mut sink = |a: &tradewatch_alerts::Alert| {
            tracing::info!(alert = %a.id, rule = %a.rule, title = %a.title, "alert");
            Ok(())
        };
        match deliver::deliver(&mut log, &rules, &dir, today, &mut sink).await {
            Ok(d) => {
                for (id, channel, error) in d.failed {
                    tracing::warn!(alert = %id, channel = %channel, error = %error, "alert not delivered; kept in the outbox");
                }
            }
            Err(e) => tracing::error!(error = %e, "delivering alerts"),
        }
    });
    Ok(caught.fired)
}

async fn state_of(state: &AppState) -> ApiResult<tradewatch_alerts::State> {
    let dir = state.store.read().await.dir().to_path_buf();
    tokio::task::spawn_blocking(move || tradewatch_alerts::log::read(&dir))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(|e| ApiError::Internal(format!("reading the alert log: {e}")))
}

/// Which alerts.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct AlertParams {
    /// Only this rule's alerts.
    rule: Option<String>,
    /// `change`, `streak`, `record`, `share`, `partner`, `anomaly`, `revision` or `late`.
    kind: Option<String>,
}

/// An alert (the JSON of `tradewatch alerts show --format json`).
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub(crate) struct AlertDoc {
    /// The fingerprint: rule, subject, period (and the release, for revisions).
    id: String,
    rule: String,
    kind: String,
    condition: String,
    period: String,
    title: String,
    display: String,
    /// The facts behind it, each with its source rows.
    facts: Vec<serde_json::Value>,
    fired_at: String,
    updated_at: String,
}

/// Alerts that fired, newest first.
#[utoipa::path(get, path = "/alerts", tag = "data", params(AlertParams, Page),
    responses((status = 200, description = "A page of the alerts, newest first; `x-next-cursor` names the next page", body = Vec<AlertDoc>),
        (status = 400, description = "A bad limit or cursor", body = crate::error::ErrorBody)))]
pub(crate) async fn list(
    State(state): State<AppState>,
    Query(p): Query<AlertParams>,
    Query(page): Query<Page>,
) -> ApiResult<Response> {
    let log = state_of(&state).await?;
    let all: Vec<tradewatch_alerts::Alert> = log
        .newest_first()
        .into_iter()
        .filter(|a| p.rule.as_ref().is_none_or(|r| &a.rule == r))
        .filter(|a| p.kind.as_ref().is_none_or(|k| &a.kind == k))
        .cloned()
        .collect();
    page.json(all)
}

/// One alert with its deliveries.
#[utoipa::path(get, path = "/alerts/{id}", tag = "data",
    params(("id" = String, Path, description = "The fingerprint, or a unique prefix of at least 6 characters")),
    responses((status = 200, description = "The alert", body = AlertDoc),
        (status = 404, description = "No such alert", body = crate::error::ErrorBody)))]
pub(crate) async fn one(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let log = state_of(&state).await?;
    let a = log
        .find(&id)
        .ok_or_else(|| ApiError::NotFound(format!("no alert '{id}'")))?;
    let deliveries: Vec<serde_json::Value> = log
        .deliveries
        .get(&a.id)
        .into_iter()
        .flatten()
        .map(|(channel, attempts, at)| {
            serde_json::json!({"channel": channel, "attempts": attempts, "at": at})
        })
        .collect();
    let mut v = serde_json::to_value(a).map_err(|e| ApiError::Internal(e.to_string()))?;
    if let Some(o) = v.as_object_mut() {
        o.insert(
            "deliveries".to_string(),
            serde_json::Value::Array(deliveries),
        );
    }
    Ok(Json(v).into_response())
}

/// The alerts as an Atom feed (stable entry ids: an alert a release revises keeps its id and
/// moves `updated`).
#[utoipa::path(get, path = "/alerts.atom", tag = "data",
    responses((status = 200, description = "Atom 1.0", content_type = "application/atom+xml", body = String)))]
pub(crate) async fn atom(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    let log = state_of(&state).await?;
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".:-[]".contains(c))
        })
        .unwrap_or("localhost");
    let alerts: Vec<&tradewatch_alerts::Alert> = log.newest_first().into_iter().take(500).collect();
    let body = tradewatch_alerts::atom::feed(&alerts, &format!("http://{host}"), Utc::now());
    let mut res = body.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/atom+xml; charset=utf-8"),
    );
    Ok(res)
}
