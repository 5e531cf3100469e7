//! The API in process (`router(state).oneshot`) on a real store holding the bundled dataset,
//! and once over a real socket.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;
use tradewatch_model::Timeline;
use tradewatch_server::{AppState, Config, router};

#[path = "support/setup.rs"]
mod setup;
use tradewatch_sources::{Options, bundled};
use tradewatch_store::{NewRelease, Store};

const ARTICLE: &str =
    include_str!("../../verify/tests/data/2025-10-us-imports-rare-earth-magnets-decline.txt");

async fn state(config: Config) -> (tempfile::TempDir, AppState) {
    let dir = tempfile::tempdir().unwrap();
    let store = setup::bundled_store(dir.path(), "api-test").await;
    let timeline = Timeline::new(bundled::events().unwrap());
    (dir, AppState::new(store, timeline, config))
}

/// Sends a request; returns the status, the content type and the body.
async fn send(app: &axum::Router, req: Request<Body>) -> (StatusCode, String, Vec<u8>) {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let ct = res
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, ct, body)
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, Value) {
    let (status, ct, body) = send(app, Request::get(uri).body(Body::empty()).unwrap()).await;
    assert!(ct.starts_with("application/json"), "{uri}: {ct}");
    (status, serde_json::from_slice(&body).unwrap())
}

fn assert_error(status: StatusCode, body: &Value, want: StatusCode, detail_has: &str) {
    assert_eq!(status, want, "{body}");
    assert!(body["error"].is_string(), "{body}");
    let detail = body["detail"].as_str().unwrap();
    assert!(
        detail.contains(detail_has),
        "{detail:?} lacks {detail_has:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_data_endpoints_answer_with_traceable_figures() {
    let (_dir, state) = state(Config::default()).await;
    let app = router(state);

    let (s, health) = get(&app, "/api/v1/health").await;
    assert_eq!((s, health["status"].as_str()), (StatusCode::OK, Some("ok")));
    assert_eq!(health["releases"], 1);
    assert_eq!(health["ingest"], false);

    let (s, baskets) = get(&app, "/api/v1/baskets").await;
    assert_eq!(s, StatusCode::OK);
    let all = baskets.as_array().unwrap();
    assert_eq!(all.len(), tradewatch_model::Baskets::builtin().all().len());
    let magnets = all
        .iter()
        .find(|b| b["id"] == "rare-earth-magnets")
        .unwrap();
    assert_eq!(magnets["latest"]["unit"], "t");
    assert!(magnets["spark"].as_array().unwrap().len() >= 12);

    let (s, series) = get(
        &app,
        "/api/v1/series?reporter=CHN&partner=USA&basket=rare-earth-magnets",
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let sep = series["points"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["period"] == "2025-09")
        .unwrap();
    assert_eq!(sep["value"], 420.5);
    assert_eq!(sep["display"], "420.5 t");
    assert!((sep["mom"].as_f64().unwrap() + 28.7).abs() < 0.05, "{sep}");
    assert_eq!(sep["release"], "bundled");
    assert!(sep["citation"].as_str().unwrap().starts_with("https://"));
    assert!(sep["line"].as_u64().unwrap() > 1);

    // A range's first month still has its changes: the year before is read, not shown.
    let (s, from) = get(
        &app,
        "/api/v1/series?reporter=CHN&partner=USA&basket=rare-earth-magnets&from=2025-09",
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let first = &from["points"][0];
    assert_eq!(first["period"], "2025-09");
    assert_eq!(first["mom"], sep["mom"]);
    assert_eq!(first["yoy"], sep["yoy"]);

    let (s, partners) = get(&app, "/api/v1/partners?basket=rare-earth-magnets").await;
    assert_eq!(s, StatusCode::OK);
    let periods = partners["periods"].as_array().unwrap();
    let i = periods.iter().position(|p| p == "2025-09").unwrap();
    let deu = partners["partners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "DEU")
        .unwrap();
    assert_eq!(deu["values"][i], 1288.0);
    assert!((deu["shares"][i].as_f64().unwrap() - 1288.0 / 5774.0 * 100.0).abs() < 1e-9);

    let (s, facts) = get(
        &app,
        "/api/v1/facts?partner=USA&basket=rare-earth-magnets&period=2025-09",
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let mom = facts["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "change_mom")
        .unwrap();
    assert!(!mom["provenance"].as_array().unwrap().is_empty());
    let (_, only) = get(
        &app,
        "/api/v1/facts?partner=USA&basket=rare-earth-magnets&period=2025-09&kind=streak",
    )
    .await;
    assert!(
        only["facts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["kind"] == "streak")
    );

    let (s, brief) = get(
        &app,
        "/api/v1/brief?partner=USA&basket=rare-earth-magnets&period=2025-09",
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(brief["markdown"].as_str().unwrap().contains("420.5 t"));
    let html = brief["html"].as_str().unwrap();
    assert!(
        html.contains("<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>")
            || html.contains("footnote"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"https://prchief.com/?p=100605\">"),
        "sources are links"
    );
    let (s, ct, md) = send(
        &app,
        Request::get(
            "/api/v1/brief?partner=USA&basket=rare-earth-magnets&period=2025-09&format=markdown",
        )
        .body(Body::empty())
        .unwrap(),
    )
    .await;
    assert_eq!((s, ct.starts_with("text/markdown")), (StatusCode::OK, true));
    assert!(
        String::from_utf8(md)
            .unwrap()
            .starts_with("# China's exports")
    );

    let (s, releases) = get(&app, "/api/v1/releases").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(releases[0]["id"], "bundled");
    assert!(releases[0]["rows_in_store"].as_i64().unwrap() > 300);
    let (s, diff) = get(&app, "/api/v1/diff?release=bundled").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(diff["release"], "bundled");
    assert!(!diff["added"].as_array().unwrap().is_empty());

    let (s, events) = get(&app, "/api/v1/events?basket=rare-earth-magnets").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        events
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["date"] == "2025-04-04")
    );

    let (s, ct, svg) = send(
        &app,
        Request::get("/api/v1/chart.svg?partner=USA&basket=rare-earth-magnets")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!((s, ct.as_str()), (StatusCode::OK, "image/svg+xml"));
    assert!(String::from_utf8(svg).unwrap().contains("Tonnes (t)"));
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_takes_json_or_plain_text_and_gives_the_cli_contract() {
    let (_dir, state) = state(Config::default()).await;
    let app = router(state);
    let body = serde_json::json!({"text": ARTICLE, "published": "2025-10-20"});
    let (s, _, out) = send(
        &app,
        Request::post("/api/v1/verify")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let report: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(report["published"], "2025-10-20");
    let claims = report["claims"].as_array().unwrap();
    let mom = claims
        .iter()
        .find(|c| c["text"].as_str().unwrap().contains("28.7%"))
        .unwrap();
    assert_eq!(mom["verdict"], "supported");
    let (start, end) = (
        mom["start"].as_u64().unwrap() as usize,
        mom["end"].as_u64().unwrap() as usize,
    );
    assert!(
        ARTICLE[start..end].contains("28.7%"),
        "byte offsets into the text sent"
    );
    for k in ["supported", "rounding", "contradicted", "unverifiable"] {
        assert!(report["summary"][k].is_u64());
    }
    // The same article as text/plain, the date as a parameter.
    let (s, _, plain) = send(
        &app,
        Request::post("/api/v1/verify?published=2025-10-20")
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from(ARTICLE))
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let plain: Value = serde_json::from_slice(&plain).unwrap();
    assert_eq!(plain["claims"].as_array().unwrap().len(), claims.len());
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_requests_get_json_errors_with_the_right_status() {
    let (_dir, state) = state(Config {
        max_body_bytes: 1024 * 1024,
        ..Config::default()
    })
    .await;
    let app = router(state);
    let (s, b) = get(&app, "/api/v1/series?basket=unobtainium").await;
    assert_error(s, &b, StatusCode::BAD_REQUEST, "unknown basket");
    let (s, b) = get(&app, "/api/v1/facts?basket=gallium&period=2025-13").await;
    assert_error(s, &b, StatusCode::BAD_REQUEST, "period=2025-13");
    let (s, b) = get(&app, "/api/v1/series?basket=gallium&partner=ATLANTIS").await;
    assert_error(s, &b, StatusCode::BAD_REQUEST, "partner=ATLANTIS");
    let (s, b) = get(&app, "/api/v1/series?partner=USA").await;
    assert_error(s, &b, StatusCode::BAD_REQUEST, "basket");
    let (s, b) = get(&app, "/api/v1/diff?release=nope").await;
    assert_error(s, &b, StatusCode::NOT_FOUND, "no release 'nope'");
    let (s, b) = get(&app, "/api/v1/nothing-here").await;
    assert_error(s, &b, StatusCode::NOT_FOUND, "no such path");
    // A 10 MB body.
    let (s, ct, body) = send(
        &app,
        Request::post("/api/v1/verify")
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from(vec![b'a'; 10 * 1024 * 1024]))
            .unwrap(),
    )
    .await;
    assert!(ct.starts_with("application/json"));
    let b: Value = serde_json::from_slice(&body).unwrap();
    assert_error(s, &b, StatusCode::PAYLOAD_TOO_LARGE, "larger than");
    // Not UTF-8; JSON that does not parse.
    let (s, _, body) = send(
        &app,
        Request::post("/api/v1/verify")
            .body(Body::from(vec![0xff, 0xfe, 0x00]))
            .unwrap(),
    )
    .await;
    assert_error(
        s,
        &serde_json::from_slice(&body).unwrap(),
        StatusCode::BAD_REQUEST,
        "not UTF-8",
    );
    let (s, _, body) = send(
        &app,
        Request::post("/api/v1/verify")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{\"txt\": 1}"))
            .unwrap(),
    )
    .await;
    assert_error(
        s,
        &serde_json::from_slice(&body).unwrap(),
        StatusCode::BAD_REQUEST,
        "text",
    );
    // A wrong method.
    let (s, _, body) = send(
        &app,
        Request::delete("/api/v1/series")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::METHOD_NOT_ALLOWED);
    assert!(serde_json::from_slice::<Value>(&body).unwrap()["error"].is_string());
    // Read-only by default: no ingest route at all.
    let (s, _, body) = send(
        &app,
        Request::post("/api/v1/ingest?name=x.csv")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        s,
        StatusCode::NOT_FOUND,
        "{}",
        String::from_utf8_lossy(&body)
    );
    // And the server still answers.
    let (s, _) = get(&app, "/api/v1/health").await;
    assert_eq!(s, StatusCode::OK);
}

const NEW_ROWS: &str = "source,reporter,partner,flow,commodity,hs_code,period,measure,value,unit,source_url,published,quality,note
gacc,CHN,USA,export,rare_earth_magnets,850511,2026-01,quantity,512.3,t,https://example.org/api-test,2026-02-20,ok,api test row
";

#[tokio::test(flavor = "multi_thread")]
async fn ingest_needs_the_token_and_commits_all_or_nothing() {
    let (_dir, state) = state(Config {
        token: Some("s3cret".to_string()),
        ..Config::default()
    })
    .await;
    let app = router(state);
    let post = |auth: Option<&str>, name: &str, body: &str| {
        let mut r = Request::post(format!("/api/v1/ingest?name={name}"));
        if let Some(a) = auth {
            r = r.header(header::AUTHORIZATION, a);
        }
        r.body(Body::from(body.to_string())).unwrap()
    };
    let (s, _, b) = send(&app, post(None, "new.csv", NEW_ROWS)).await;
    assert_error(
        s,
        &serde_json::from_slice(&b).unwrap(),
        StatusCode::UNAUTHORIZED,
        "Bearer",
    );
    let (s, _, b) = send(&app, post(Some("Bearer wrong"), "new.csv", NEW_ROWS)).await;
    assert_error(
        s,
        &serde_json::from_slice(&b).unwrap(),
        StatusCode::UNAUTHORIZED,
        "Bearer",
    );
    // Warm the cache (a response is kept at its second miss), then ingest: the new month
    // must show.
    get(&app, "/api/v1/series?partner=USA&basket=rare-earth-magnets").await;
    let (_, before) = get(&app, "/api/v1/series?partner=USA&basket=rare-earth-magnets").await;
    assert!(
        !before["points"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["citation"] == "https://example.org/api-test")
    );
    let bad = NEW_ROWS.replace("512.3", "lots");
    let (s, _, b) = send(&app, post(Some("Bearer s3cret"), "bad.csv", &bad)).await;
    assert_error(
        s,
        &serde_json::from_slice(&b).unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "nothing committed",
    );
    let (_, h) = get(&app, "/api/v1/health").await;
    assert_eq!(h["releases"], 1, "a rejected file changes nothing");
    let (s, _, b) = send(&app, post(Some("Bearer s3cret"), "new.csv", NEW_ROWS)).await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
    let out: Value = serde_json::from_slice(&b).unwrap();
    assert_eq!(
        (out["outcome"].as_str(), out["rows"].as_i64()),
        (Some("committed"), Some(1))
    );
    let (_, after) = get(&app, "/api/v1/series?partner=USA&basket=rare-earth-magnets").await;
    let jan = after["points"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["period"] == "2026-01")
        .unwrap();
    assert_eq!(jan["citation"], "https://example.org/api-test");
}

/// The verdict of the one claim `text` makes, through the API.
async fn verdict(app: &axum::Router, text: &str) -> String {
    let (s, _, out) = send(
        app,
        Request::post("/api/v1/verify?published=2026-10-25")
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from(text.to_string()))
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let report: Value = serde_json::from_slice(&out).unwrap();
    let claims = report["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 1, "{report}");
    claims[0]["verdict"].as_str().unwrap().to_string()
}

/// A month the bundled data does not have.
const OTHER_ROWS: &str = "source,reporter,partner,flow,commodity,hs_code,period,measure,value,unit,source_url,published,quality,note
gacc,CHN,USA,export,rare_earth_magnets,850511,2026-09,quantity,377.7,t,https://example.org/other-process,2026-10-20,ok,api test row
";

/// Commits `OTHER_ROWS` through a second handle on the store in `dir`, as another process
/// (`tradewatch ingest`) would.
async fn commit_elsewhere(dir: &std::path::Path) {
    let mut other = Store::open(dir).await.unwrap();
    let parsed =
        tradewatch_sources::parse("other.csv", OTHER_ROWS.as_bytes(), &Options::default()).unwrap();
    other
        .ingest(NewRelease {
            id: None,
            source: parsed.source,
            format: parsed.format.as_str().into(),
            file_name: "other.csv".into(),
            sha256: "other-process".into(),
            published: parsed.published,
            observations: parsed.observations,
        })
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_commit_by_another_process_is_seen_and_clears_every_cache() {
    let (dir, state) = state(Config::default()).await;
    let app = router(state.clone());
    let claim =
        "China exported 377.7 tonnes of rare-earth magnets to the United States in September 2026.";
    let has_september = |v: &Value| {
        v["points"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["period"] == "2026-09")
    };
    let series = "/api/v1/series?partner=USA&basket=rare-earth-magnets";
    // Warm both caches while September 2026 is not in the store (a response is kept at its
    // second miss).
    assert_eq!(verdict(&app, claim).await, "unverifiable");
    get(&app, series).await;
    let (_, before) = get(&app, series).await;
    assert!(!has_september(&before));
    assert!(!state.refresh_if_stale().await.unwrap(), "nothing new yet");

    // Another process (here: another handle on the same directory) commits a release.
    commit_elsewhere(dir.path()).await;

    assert!(
        state.refresh_if_stale().await.unwrap(),
        "the commit is seen"
    );
    assert!(!state.refresh_if_stale().await.unwrap(), "and only once");
    let (_, after) = get(&app, series).await;
    let sep = after["points"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["period"] == "2026-09")
        .unwrap();
    assert_eq!(sep["value"], 377.7);
    // verify's shared facts were forgotten too: the same claim now has its figure.
    assert_eq!(verdict(&app, claim).await, "supported");
    let (_, h) = get(&app, "/api/v1/health").await;
    assert_eq!(h["releases"], 2);
}

/// Every `$ref` in `v` must name a schema in `components`.
fn refs_resolve(v: &Value, doc: &Value, bad: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref") {
                let name = r.trim_start_matches("#/components/schemas/");
                if doc["components"]["schemas"].get(name).is_none() {
                    bad.push(r.clone());
                }
            }
            m.values().for_each(|x| refs_resolve(x, doc, bad));
        }
        Value::Array(a) => a.iter().for_each(|x| refs_resolve(x, doc, bad)),
        _ => {}
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_openapi_document_lists_every_route_and_its_refs_resolve() {
    let (_dir, state) = state(Config {
        token: Some("t".to_string()),
        ..Config::default()
    })
    .await;
    let app = router(state);
    let (s, doc) = get(&app, "/api/v1/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert!(doc["info"]["title"].is_string());
    let paths: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for want in [
        "/api/v1/health",
        "/api/v1/baskets",
        "/api/v1/series",
        "/api/v1/partners",
        "/api/v1/facts",
        "/api/v1/brief",
        "/api/v1/verify",
        "/api/v1/releases",
        "/api/v1/diff",
        "/api/v1/events",
        "/api/v1/chart.svg",
        "/api/v1/ingest",
        "/api/v1/alerts",
        "/api/v1/alerts/{id}",
        "/api/v1/alerts.atom",
    ] {
        assert!(paths.contains(&want), "{want} missing from {paths:?}");
    }
    // Every documented operation exists on the router (no path the server does not serve) and
    // says what it answers.
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            assert!(op["responses"]["200"].is_object(), "{method} {path}");
            // A path parameter gets a value no resource has: the route must answer, with its
            // own 404 at most (not the router's "no such path").
            let templated = path.contains('{');
            let uri = path.replace("{id}", "tw-000000000000");
            let req = Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(uri.as_str())
                .body(Body::empty())
                .unwrap();
            let (s, _, body) = send(&app, req).await;
            let routed = !String::from_utf8_lossy(&body).contains("no such path");
            assert!(
                s != StatusCode::NOT_FOUND || (templated && routed),
                "{method} {path} is documented but not served"
            );
            assert_ne!(s, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        }
    }
    let mut bad = Vec::new();
    refs_resolve(&doc, &doc, &mut bad);
    assert!(bad.is_empty(), "unresolved $refs: {bad:?}");
    // The docs page is served from the binary.
    let (s, ct, page) = send(
        &app,
        Request::get("/api/v1/docs/").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!((s, ct.starts_with("text/html")), (StatusCode::OK, true));
    assert!(
        !String::from_utf8_lossy(&page).contains("://unpkg")
            && !String::from_utf8_lossy(&page).contains("cdn.")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn over_a_real_socket_the_server_survives_an_oversized_body() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (dir, state) = state(Config {
        max_body_bytes: 64 * 1024,
        watch: Some(Duration::from_millis(100)),
        ..Config::default()
    })
    .await;
    let (tx, rx) = tokio::sync::oneshot::channel();
    tokio::spawn(tradewatch_server::serve(
        "127.0.0.1:0".parse().unwrap(),
        state,
        move |addr| {
            let _ = tx.send(addr);
        },
    ));
    let addr = tokio::time::timeout(Duration::from_secs(10), rx)
        .await
        .unwrap()
        .unwrap();
    let request = |head: String, body: Vec<u8>| async move {
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        s.write_all(head.as_bytes()).await.unwrap();
        // The server may answer 413 and close before reading all of it.
        let _ = s.write_all(&body).await;
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out).await;
        String::from_utf8_lossy(&out).to_string()
    };
    let big = vec![b'x'; 1024 * 1024];
    let r = request(
        format!(
            "POST /api/v1/verify HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            big.len()
        ),
        big,
    )
    .await;
    assert!(r.starts_with("HTTP/1.1 413"), "{}", &r[..r.len().min(200)]);
    assert!(r.contains("\"error\":\"payload_too_large\""));
    let r = request(
        "GET /api/v1/series?partner=USA&basket=rare-earth-magnets HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".to_string(),
        Vec::new(),
    )
    .await;
    assert!(r.starts_with("HTTP/1.1 200"), "{}", &r[..r.len().min(200)]);
    assert!(r.contains("\"display\":\"420.5 t\""));
    // The dashboard, from the binary.
    let r = request(
        "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".to_string(),
        Vec::new(),
    )
    .await;
    assert!(r.starts_with("HTTP/1.1 200") && r.contains("/assets/app.js"));
    // No CORS headers unless configured.
    assert!(!r.to_lowercase().contains("access-control-allow-origin"));

    // A commit by another process shows within a few watch periods, with no request to
    // trigger it.
    let health = || {
        request(
            "GET /api/v1/health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".to_string(),
            Vec::new(),
        )
    };
    assert!(health().await.contains("\"releases\":1"));
    commit_elsewhere(dir.path()).await;
    let mut seen = false;
    for _ in 0..100 {
        if health().await.contains("\"releases\":2") {
            seen = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(seen, "the server never saw the other process's commit");
}

#[tokio::test(flavor = "multi_thread")]
async fn ingest_while_another_writer_holds_the_lock_is_503_and_commits_nothing() {
    let (dir, state) = state(Config {
        token: Some("t".to_string()),
        request_timeout: std::time::Duration::from_secs(3),
        ..Config::default()
    })
    .await;
    let app = router(state);
    // Another writer (a CLI ingest, say) holds the data directory.
    let held = tradewatch_store::WriterLock::try_acquire(dir.path())
        .unwrap()
        .expect("free");
    let post = Request::post("/api/v1/ingest?name=new.csv")
        .header(header::AUTHORIZATION, "Bearer t")
        .body(Body::from(NEW_ROWS.to_string()))
        .unwrap();
    let (s, _, b) = send(&app, post).await;
    let body: Value = serde_json::from_slice(&b).unwrap();
    assert_error(
        s,
        &body,
        StatusCode::SERVICE_UNAVAILABLE,
        "locked by another writer",
    );
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains(&format!("pid {}", std::process::id())),
        "{body}"
    );
    let (_, h) = get(&app, "/api/v1/health").await;
    assert_eq!(h["releases"], 1);
    // Once it lets go, the same request goes through.
    drop(held);
    let post = Request::post("/api/v1/ingest?name=new.csv")
        .header(header::AUTHORIZATION, "Bearer t")
        .body(Body::from(NEW_ROWS.to_string()))
        .unwrap();
    let (s, _, b) = send(&app, post).await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
}

#[tokio::test(flavor = "multi_thread")]
async fn any_code_is_a_subject_of_series_facts_and_events() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = setup::bundled_store(dir.path(), "api-codes").await;
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../sources/tests/data/comtrade/final-monthly.json"
    );
    let bytes = std::fs::read(path).unwrap();
    let parsed = tradewatch_sources::parse(path, &bytes, &Options::default()).unwrap();
    store
        .ingest(NewRelease {
            id: Some("comtrade-fixture".into()),
            source: parsed.source,
            format: parsed.format.as_str().into(),
            file_name: "final-monthly.json".into(),
            sha256: "comtrade-fixture".into(),
            published: parsed.published,
            observations: parsed.observations,
        })
        .await
        .unwrap();
    let timeline = Timeline::new(bundled::events().unwrap());
    let app = router(AppState::new(store, timeline, Config::default()));

    for code in ["850511", "8505*", "8505.11,2504*"] {
        let uri = format!(
            "/api/v1/series?partner=USA&code={}",
            code.replace('*', "%2A")
        );
        let (s, series) = get(&app, &uri).await;
        assert_eq!(s, StatusCode::OK, "{uri}: {series}");
        let points = series["points"].as_array().unwrap();
        assert_eq!(points.len(), 1, "{uri}: {series}");
        assert_eq!(points[0]["period"], "2025-03");
        assert_eq!(points[0]["value"], 612.345, "{series}");
        assert!(
            series["labels"]["850511"]
                .as_str()
                .unwrap()
                .starts_with("Magnets; permanent magnets"),
            "{series}"
        );
    }
    let (s, facts) = get(&app, "/api/v1/facts?partner=USA&code=850511&period=2025-03").await;
    assert_eq!(s, StatusCode::OK, "{facts}");
    assert!(facts.to_string().contains("612"), "{facts}");
    let (s, events) = get(&app, "/api/v1/events?code=850511").await;
    assert_eq!(s, StatusCode::OK);
    let events = events.as_array().unwrap();
    assert!(
        events
            .iter()
            .any(|e| e["baskets"].to_string().contains("rare-earth-magnets")),
        "{events:?}"
    );
    let (s, none) = get(&app, "/api/v1/events?code=2504").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        none.as_array()
            .unwrap()
            .iter()
            .all(|e| e["baskets"].to_string().contains("\"*\"")),
        "2504 alone is in no basket: only the all-goods events, {none}"
    );

    let (s, b) = get(&app, "/api/v1/series?partner=USA&code=85x").await;
    assert_error(s, &b, StatusCode::BAD_REQUEST, "code=85x");
    let (s, b) = get(
        &app,
        "/api/v1/series?partner=USA&code=850511&basket=gallium",
    )
    .await;
    assert_error(s, &b, StatusCode::BAD_REQUEST, "not both");
    let (s, b) = get(&app, "/api/v1/series?partner=USA").await;
    assert_error(s, &b, StatusCode::BAD_REQUEST, "basket or code");
    let (s, b) = get(&app, "/api/v1/events?kind=embargo").await;
    assert_error(s, &b, StatusCode::BAD_REQUEST, "kind=embargo");
}
