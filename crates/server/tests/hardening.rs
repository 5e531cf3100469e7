//! The server under clients that misbehave and handlers that fail, over real sockets: a
//! slow-header client is closed in time while others are served, a panic is a JSON 500 on a
//! connection that stays usable, shutdown finishes the request in flight, and the lists
//! that grow with the store are paged.
#![allow(clippy::unwrap_used)]

#[path = "support/setup.rs"]
mod setup;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tower::ServiceExt;
use tradewatch_model::Timeline;
use tradewatch_server::{AppState, Config};
use tradewatch_sources::bundled;
use tradewatch_store::Store;

async fn store_with(dir: &std::path::Path, releases: usize) -> Store {
    let mut store = Store::open(dir).await.unwrap();
    for i in 0..releases {
        let mut release = setup::bundled_release(&format!("r{i}"), &format!("hardening-{i}"));
        release.file_name = format!("r{i}.csv");
        // Each release a revision of the first row, so that each is a release of its own.
        release.observations[0].value += i as f64;
        store.ingest(release).await.unwrap();
    }
    store
}

/// A server on a free loopback port; returns its address, the shutdown trigger and the task.
async fn start(
    config: Config,
    releases: usize,
) -> (
    tempfile::TempDir,
    SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<std::io::Result<()>>,
) {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with(dir.path(), releases).await;
    let state = AppState::new(store, Timeline::new(bundled::events().unwrap()), config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(tradewatch_server::serve_on(listener, state, async move {
        let _ = stopped.await;
    }));
    (dir, addr, stop, task)
}

/// One request with `Connection: close`; the whole answer as text.
async fn request(addr: SocketAddr, head: &str) -> String {
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(head.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out).await;
    String::from_utf8_lossy(&out).to_string()
}

fn get(path: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slow_header_client_is_closed_in_time_while_others_are_served() {
    let timeout = Duration::from_secs(2);
    let (_dir, addr, _stop, _task) = start(
        Config {
            header_timeout: timeout,
            watch: None,
            ..Config::default()
        },
        1,
    )
    .await;
    let mut slow = TcpStream::connect(addr).await.unwrap();
    let opened = Instant::now();
    slow.write_all(b"GET /api/v1/health HTTP/1.1\r\n")
        .await
        .unwrap();
    // One header line every 400 ms, never the blank line that ends them; meanwhile ordinary
    // requests are answered.
    let dripper = tokio::spawn(async move {
        let mut n = 0;
        loop {
            tokio::time::sleep(Duration::from_millis(400)).await;
            if slow
                .write_all(format!("X-Drip-{n}: {n}\r\n").as_bytes())
                .await
                .is_err()
            {
                break;
            }
            n += 1;
            // Closed by the server: a read gives end of file (or an error).
            let mut buf = [0u8; 256];
            match tokio::time::timeout(Duration::from_millis(10), slow.read(&mut buf)).await {
                Ok(Ok(0)) | Ok(Err(_)) => break,
                Ok(Ok(_)) | Err(_) => {}
            }
            if n > 100 {
                break;
            }
        }
        opened.elapsed()
    });
    for _ in 0..5 {
        let r = request(addr, &get("/api/v1/health")).await;
        assert!(r.starts_with("HTTP/1.1 200"), "{r}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let closed_after = dripper.await.unwrap();
    assert!(
        closed_after <= timeout + Duration::from_secs(1),
        "the slow client was closed only after {closed_after:?}"
    );
    assert!(
        closed_after >= timeout - Duration::from_millis(500),
        "closed after {closed_after:?}: before the timeout, so not by it"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_panicking_handler_answers_500_in_json_and_the_connection_lives_on() {
    // The server's own layers around a route that panics (the test build's panic route).
    let app = tradewatch_server::harden(
        Router::new()
            .route(
                "/boom",
                axum::routing::get(|| async {
                    if true {
                        panic!("a bug in a handler");
                    }
                    "unreachable"
                }),
            )
            .route("/fine", axum::routing::get(|| async { "fine" })),
        &Config::default(),
    );
    let res = app
        .clone()
        .oneshot(Request::get("/boom").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(res.headers().contains_key("x-request-id"));
    let body: serde_json::Value =
        serde_json::from_slice(&res.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_eq!(body["error"], "internal");
    assert!(body["detail"].as_str().unwrap().contains("internal error"));
    // Over a socket, on one keep-alive connection: the 500, then an ordinary answer.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"GET /boom HTTP/1.1\r\nHost: t\r\n\r\nGET /fine HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    let out = String::from_utf8_lossy(&out);
    assert!(out.starts_with("HTTP/1.1 500"), "{out}");
    assert!(out.contains("\"error\":\"internal\""), "{out}");
    assert!(
        out.matches("HTTP/1.1 200").count() == 1 && out.ends_with("fine"),
        "{out}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn shutdown_finishes_the_request_in_flight_then_stops_accepting() {
    let (_dir, addr, stop, task) = start(
        Config {
            watch: None,
            shutdown_grace: Duration::from_secs(10),
            ..Config::default()
        },
        1,
    )
    .await;
    // A verify request whose body is half sent when the shutdown comes.
    let text = "China's exports of rare-earth magnets to the US fell 28.7% to 420.5 tonnes in September 2025.";
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(
        format!(
            "POST /api/v1/verify HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
            text.len(),
            &text[..20]
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    // No new connections are served.
    let refused = match TcpStream::connect(addr).await {
        Err(_) => true,
        Ok(mut c) => {
            let _ = c.write_all(get("/api/v1/health").as_bytes()).await;
            let mut out = Vec::new();
            let _ = tokio::time::timeout(Duration::from_secs(2), c.read_to_end(&mut out)).await;
            !String::from_utf8_lossy(&out).starts_with("HTTP/1.1 200")
        }
    };
    assert!(refused, "a new connection was served after shutdown began");
    // The request in flight completes.
    s.write_all(&text.as_bytes()[20..]).await.unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    let out = String::from_utf8_lossy(&out);
    assert!(out.starts_with("HTTP/1.1 200"), "{out}");
    assert!(out.contains("\"verdict\""), "{out}");
    // And the server returns.
    let done = tokio::time::timeout(Duration::from_secs(10), task).await;
    assert!(matches!(done, Ok(Ok(Ok(())))), "{done:?}");
}

/// The `x-next-cursor` header of an answer, if any.
fn next_cursor(answer: &str) -> Option<String> {
    answer
        .lines()
        .take_while(|l| !l.is_empty())
        .find_map(|l| l.strip_prefix("x-next-cursor: "))
        .map(|c| c.trim().to_string())
}

fn json_body(answer: &str) -> serde_json::Value {
    let body = answer.split("\r\n\r\n").nth(1).unwrap();
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn lists_that_grow_with_the_store_are_paged() {
    let (_dir, addr, _stop, _task) = start(
        Config {
            watch: None,
            ..Config::default()
        },
        3,
    )
    .await;
    // Releases two at a time: r0 r1, then r2 and no further cursor.
    let first = request(addr, &get("/api/v1/releases?limit=2")).await;
    let ids: Vec<String> = json_body(&first)
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["r0", "r1"]);
    let cursor = next_cursor(&first).expect("a cursor to the next page");
    let second = request(
        addr,
        &get(&format!("/api/v1/releases?limit=2&cursor={cursor}")),
    )
    .await;
    assert_eq!(json_body(&second)[0]["id"], "r2");
    assert_eq!(json_body(&second).as_array().unwrap().len(), 1);
    assert_eq!(next_cursor(&second), None);
    // Without a limit, everything (three is under the default page).
    let all = request(addr, &get("/api/v1/releases")).await;
    assert_eq!(json_body(&all).as_array().unwrap().len(), 3);
    // The hard maximum and a forged cursor are the caller's mistakes.
    let r = request(addr, &get("/api/v1/releases?limit=100000")).await;
    assert!(
        r.starts_with("HTTP/1.1 400") && r.contains("limit must be between"),
        "{r}"
    );
    let r = request(addr, &get("/api/v1/releases?cursor=zzz")).await;
    assert!(r.starts_with("HTTP/1.1 400") && r.contains("cursor"), "{r}");
    // Events: pages that add up to the whole list, in order.
    let whole = json_body(&request(addr, &get("/api/v1/events")).await);
    let mut paged = Vec::new();
    let mut cursor = String::new();
    loop {
        let r = request(
            addr,
            &get(&format!("/api/v1/events?limit=3&cursor={cursor}")),
        )
        .await;
        paged.extend(json_body(&r).as_array().unwrap().iter().cloned());
        match next_cursor(&r) {
            Some(c) => cursor = c,
            None => break,
        }
    }
    assert!(whole.as_array().unwrap().len() > 3);
    assert_eq!(serde_json::Value::Array(paged), whole);
    // Diff: r2 against r1 revises one key; a page of one holds it.
    let d = request(addr, &get("/api/v1/diff?release=r2&base=r1&limit=1")).await;
    let doc = json_body(&d);
    assert_eq!(doc["revised"].as_array().unwrap().len(), 1, "{doc}");
    assert_eq!(doc["added"].as_array().unwrap().len(), 0, "{doc}");
}
