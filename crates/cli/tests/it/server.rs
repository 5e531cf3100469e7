//! A real HTTP/1.1 server on 127.0.0.1 that replays scripted answers in the agencies'
//! formats: rate limits with `Retry-After`, server errors, bodies cut off mid-way, slow
//! answers, HTML error pages, 204 No Content. It records every request it receives.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// One scripted answer.
#[derive(Clone, Debug)]
pub(crate) enum Reply {
    /// Status, extra headers, body.
    Send(u16, Vec<(String, String)>, Vec<u8>),
    /// A 200 whose Content-Length promises the whole body but only the first half is sent
    /// before the connection closes.
    CutOff(Vec<u8>),
    /// Wait, then answer.
    Slow(Duration, Box<Reply>),
}

/// A request as the server saw it.
#[derive(Clone, Debug)]
pub(crate) struct Seen {
    pub(crate) target: String,
    pub(crate) headers: Vec<(String, String)>,
}

type Script = dyn Fn(&str, usize) -> Reply + Send + Sync;

pub(crate) struct Server {
    pub(crate) base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    /// Starts a server; `script(target, n)` answers the n-th (0-based) request for a target
    /// (path and query, with any `key=` parameter removed so parts are recognisable).
    pub(crate) fn start(script: impl Fn(&str, usize) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let script: Arc<Script> = Arc::new(script);
        let log = Arc::clone(&seen);
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let log = Arc::clone(&log);
                let script = Arc::clone(&script);
                thread::spawn(move || serve(stream, &log, &*script));
            }
        });
        Server { base, seen }
    }

    pub(crate) fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("log").clone()
    }

    /// How many requests reached targets containing `needle`.
    pub(crate) fn count(&self, needle: &str) -> usize {
        self.seen()
            .iter()
            .filter(|s| s.target.contains(needle))
            .count()
    }
}

fn strip_key(target: &str) -> String {
    match target.split_once('?') {
        Some((path, query)) => {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|p| !p.starts_with("key="))
                .collect();
            format!("{path}?{}", kept.join("&"))
        }
        None => target.to_string(),
    }
}

fn serve(stream: TcpStream, log: &Mutex<Vec<Seen>>, script: &Script) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    let target = first.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((k, v)) = line.trim_end().split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let key = strip_key(&target);
    let n = {
        let mut log = log.lock().expect("log");
        let n = log.iter().filter(|s| strip_key(&s.target) == key).count();
        log.push(Seen {
            target: target.clone(),
            headers,
        });
        n
    };
    respond(stream, script(&key, n));
}

fn respond(mut stream: TcpStream, reply: Reply) {
    match reply {
        Reply::Slow(wait, inner) => {
            thread::sleep(wait);
            return respond(stream, *inner);
        }
        Reply::Send(status, headers, body) => {
            let mut head = format!("HTTP/1.1 {status} X\r\nConnection: close\r\n");
            for (k, v) in headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            if status != 204 {
                head.push_str(&format!("Content-Length: {}\r\n", body.len()));
            }
            head.push_str("\r\n");
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
        Reply::CutOff(body) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body[..body.len() / 2]);
        }
    }
    let _ = stream.flush();
}

/// A JSON 200.
pub(crate) fn ok_json(body: &str) -> Reply {
    Reply::Send(
        200,
        vec![("Content-Type".into(), "application/json".into())],
        body.as_bytes().to_vec(),
    )
}
