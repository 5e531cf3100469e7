//! A load driver that checks every answer: a mixed load of GETs and verify POSTs from many
//! connections, an ingest by token at an interval, and for every series answer a check that it
//! is wholly from one release — never half before an ingest and half after — and not older
//! than the last ingest that had finished when the request was sent.
//!
//! The short load test and the soak example (`examples/soak.rs`, driven by `bench/soak.sh`)
//! both run it: the test against a server in the same process, the soak against the release
//! binary, whose memory and descriptors it samples.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The series every ingest revises; the checks read it.
pub(crate) const WATCHED: &str =
    "/api/v1/series?reporter=CHN&partner=USA&basket=rare-earth-magnets";

/// How long a run lasts.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Until {
    Requests(u64),
    Elapsed(Duration),
}

/// What to run.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    pub connections: usize,
    pub until: Until,
    /// The bearer token of `POST /api/v1/ingest`.
    pub token: String,
    pub ingest_every: Duration,
    /// The most ingests in a run (`None`: no limit). Each ingest adds a vintage that facts
    /// answers list, so an unbounded cadence in a slow run makes bodies, and the run, grow.
    pub max_ingests: Option<u64>,
    /// A process to sample (resident memory, open descriptors), and how often.
    pub sample: Option<(u32, Duration)>,
    /// Longest a single request may take before it counts as failed.
    pub timeout: Duration,
    /// Every how many requests one misses the response cache.
    pub miss_every: u64,
}

/// One sample of the server process.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sample {
    pub at: Duration,
    pub rss_kib: u64,
    pub fds: u64,
    pub requests: u64,
}

/// One ingest: its generation, its release and when it was answered.
#[derive(Debug, Clone)]
pub(crate) struct Ingest {
    pub generation: u64,
    pub release: String,
    pub at: Duration,
    pub took: Duration,
}

/// What a run saw.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub requests: u64,
    pub failed: u64,
    /// The first failures, each with its request.
    pub failures: Vec<String>,
    /// Series answers checked against the ingests, and those that were mixed or stale.
    pub checked: u64,
    pub inconsistent: u64,
    /// Requests of each kind, and their mean latency in milliseconds.
    pub by_kind: BTreeMap<&'static str, (u64, f64)>,
    /// Latency percentiles in milliseconds: p50, p90, p99, max.
    pub latency_ms: [f64; 4],
    pub elapsed: Duration,
    pub ingests: Vec<Ingest>,
    pub samples: Vec<Sample>,
}

impl Outcome {
    /// Requests per second over the run.
    pub(crate) fn rate(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// Growth of resident memory and of descriptors from the end of warm-up (the first
    /// `warmup` share of the samples) to the end: the median of the first five samples after
    /// warm-up against the median of the last five. `None` with too few samples.
    pub(crate) fn growth(&self, warmup: f64) -> Option<(f64, f64)> {
        let start = ((self.samples.len() as f64) * warmup).ceil() as usize;
        let after = self.samples.get(start..)?;
        if after.len() < 10 {
            return None;
        }
        let median = |xs: &[Sample], f: fn(&Sample) -> u64| {
            let mut v: Vec<u64> = xs.iter().map(f).collect();
            v.sort_unstable();
            v[v.len() / 2] as f64
        };
        let (first, last) = (&after[..5], &after[after.len() - 5..]);
        let rss = median(last, |s| s.rss_kib) / median(first, |s| s.rss_kib) - 1.0;
        let fds = median(last, |s| s.fds) / median(first, |s| s.fds).max(1.0) - 1.0;
        Some((rss, fds))
    }

    /// One paragraph for people.
    pub(crate) fn summary(&self) -> String {
        let kinds: Vec<String> = self
            .by_kind
            .iter()
            .map(|(k, (n, ms))| format!("{k} {n} ({ms:.1} ms)"))
            .collect();
        let mut s = format!(
            "requests {} in {:.1} s ({:.0}/s), failed {}, series answers checked {} \
             (mixed or stale {}), ingests {}, latency ms p50 {:.1} p90 {:.1} p99 {:.1} \
             max {:.1}\nmix (mean latency): {}",
            self.requests,
            self.elapsed.as_secs_f64(),
            self.rate(),
            self.failed,
            self.checked,
            self.inconsistent,
            self.ingests.len(),
            self.latency_ms[0],
            self.latency_ms[1],
            self.latency_ms[2],
            self.latency_ms[3],
            kinds.join(", ")
        );
        if let (Some(first), Some(last)) = (self.samples.first(), self.samples.last()) {
            s.push_str(&format!(
                "\nserver: RSS {} -> {} KiB, fds {} -> {} ({} samples)",
                first.rss_kib,
                last.rss_kib,
                first.fds,
                last.fds,
                self.samples.len()
            ));
        }
        for f in &self.failures {
            s.push_str("\nfailure: ");
            s.push_str(f);
        }
        s
    }
}

/// One request of the mix.
struct Req {
    kind: &'static str,
    path: String,
    /// A verify POST's body.
    body: Option<&'static str>,
}

const ARTICLE: &str = "China's exports of rare-earth magnets to the United States fell 28.7% \
in September from August to 420.5 tonnes, customs data showed. Shipments to Germany took \
38% of the total and Côte d’Ivoire a further 11%.";

/// The `i`th request of the mix: every `miss_every`th misses the response cache (a query
/// string of its own: series, facts, brief and chart in turn); the rest are cached reads of
/// every kind, lists and verify POSTs (which are never cached).
fn request(i: u64, miss_every: u64) -> Req {
    let magnets = "basket=rare-earth-magnets";
    let usa = format!("partner=USA&{magnets}");
    let (kind, path, body) = if i.is_multiple_of(miss_every.max(1)) {
        match (i / miss_every.max(1)) % 4 {
            0 => ("series-uncached", format!("{WATCHED}&nocache={i}"), None),
            1 => (
                "facts-uncached",
                format!("/api/v1/facts?{usa}&period=2025-09&nocache={i}"),
                None,
            ),
            2 => (
                "brief-uncached",
                format!("/api/v1/brief?{usa}&period=2025-09&nocache={i}"),
                None,
            ),
            _ => (
                "chart-uncached",
                format!("/api/v1/chart.svg?{usa}&nocache={i}"),
                None,
            ),
        }
    } else {
        match i % 50 {
            1 | 26 => (
                "verify",
                "/api/v1/verify?published=2025-10-20".into(),
                Some(ARTICLE),
            ),
            5..=14 => (
                "series",
                format!("/api/v1/series?partner=WLD&{magnets}"),
                None,
            ),
            15..=22 => ("facts", format!("/api/v1/facts?{usa}&period=2025-09"), None),
            27..=30 => ("brief", format!("/api/v1/brief?{usa}&period=2025-09"), None),
            31..=33 => ("chart", format!("/api/v1/chart.svg?{usa}"), None),
            34..=36 => ("partners", format!("/api/v1/partners?{magnets}"), None),
            37..=38 => ("baskets", "/api/v1/baskets".into(), None),
            39..=40 => ("releases", "/api/v1/releases?limit=50".into(), None),
            41..=42 => ("events", format!("/api/v1/events?{magnets}"), None),
            43 => ("alerts", "/api/v1/alerts".into(), None),
            44 => ("health", "/api/v1/health".into(), None),
            _ => ("series", WATCHED.into(), None),
        }
    };
    Req { kind, path, body }
}

/// What the checks know of the ingests.
pub(crate) struct Generations {
    /// The watched series' monthly values before any ingest, by period.
    base: BTreeMap<String, f64>,
    /// The generation of the last ingest answered, and of the last one sent.
    answered: AtomicU64,
    sent: AtomicU64,
    /// Release id of each generation (0 has none of its own).
    releases: Mutex<BTreeMap<String, u64>>,
}

impl Generations {
    /// Before any ingest, with the watched series' monthly values by period.
    pub(crate) fn new(base: BTreeMap<String, f64>) -> Self {
        Generations {
            base,
            answered: AtomicU64::new(0),
            sent: AtomicU64::new(0),
            releases: Mutex::new(BTreeMap::new()),
        }
    }

    /// Ingest `k` was sent.
    fn sent(&self, k: u64) {
        self.sent.fetch_max(k, Ordering::SeqCst);
    }

    /// Ingest `k` was answered with `release` (it was sent, then).
    pub(crate) fn answered(&self, k: u64, release: &str) {
        self.sent(k);
        if let Ok(mut r) = self.releases.lock() {
            r.insert(release.to_string(), k);
        }
        self.answered.fetch_max(k, Ordering::SeqCst);
    }
}

/// The watched series' values at generation `k`: each month scaled by `1 + k/1000`.
pub(crate) fn scaled(base: f64, k: u64) -> f64 {
    ((base * (1.0 + k as f64 / 1000.0)) * 1000.0).round() / 1000.0
}

/// Checks one series answer of the watched series; `lo` is the generation answered before the
/// request was sent. `Err` says what was wrong.
pub(crate) fn check_series(body: &[u8], gens: &Generations, lo: u64) -> Result<(), String> {
    let v: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| format!("not JSON: {e}"))?;
    let points = v["points"].as_array().ok_or("no points")?;
    let mut seen: Option<(u64, String)> = None;
    for p in points {
        let period = p["period"].as_str().ok_or("a point without period")?;
        let Some(&base) = gens.base.get(period) else {
            continue;
        };
        let value = p["value"].as_f64().ok_or("a point without value")?;
        let release = p["release"].as_str().unwrap_or_default().to_string();
        // The generation the value is from: generation k scales every month by 1 + k/1000.
        let k = ((value / base - 1.0) * 1000.0).round();
        if !(0.0..1e9).contains(&k) || (scaled(base, k as u64) - value).abs() > 1e-6 {
            return Err(format!(
                "{period}: {value} from release {release} is no generation's value"
            ));
        }
        let k = k as u64;
        if k > 0
            && let Some(&known) = gens.releases.lock().map_err(|_| "poisoned")?.get(&release)
            && known != k
        {
            return Err(format!(
                "{period}: {value} is generation {k}'s, but release {release} is generation \
                 {known}'s"
            ));
        }
        match &seen {
            None => seen = Some((k, release)),
            Some((k0, r0)) if *k0 != k || *r0 != release => {
                return Err(format!(
                    "mixed: {period} is generation {k}'s (release {release}), an earlier \
                     month generation {k0}'s (release {r0})"
                ));
            }
            Some(_) => {}
        }
    }
    let (k, _) = seen.ok_or("none of the watched months in the answer")?;
    let hi = gens.sent.load(Ordering::SeqCst);
    if k < lo || k > hi {
        return Err(format!(
            "stale: generation {k}, but {lo} had been answered before the request (and {hi} \
             sent)"
        ));
    }
    Ok(())
}

/// The file of ingest generation `k`: the watched months in the tradewatch CSV format.
fn ingest_file(base: &BTreeMap<String, f64>, k: u64) -> String {
    let mut s = String::from(
        "source,reporter,partner,flow,commodity,hs_code,period,measure,value,unit,source_url,\
         published,quality,note\n",
    );
    for (period, v) in base {
        s.push_str(&format!(
            "press,CHN,USA,export,rare_earth_magnets,850511,{period},quantity,{:.3},t,\
             https://example.org/soak/{k},,ok,load generation {k}\n",
            scaled(*v, k)
        ));
    }
    s
}

/// Resident memory (KiB) and open descriptors of a process, from `/proc`.
fn sample_process(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let rss = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd")).ok()?.count() as u64;
    Some((rss, fds))
}

struct Shared {
    plan: Plan,
    client: reqwest::Client,
    started: Instant,
    next: AtomicU64,
    done: AtomicBool,
    gens: Generations,
    failed: AtomicU64,
    checked: AtomicU64,
    inconsistent: AtomicU64,
    failures: Mutex<Vec<String>>,
}

impl Shared {
    fn fail(&self, what: String) {
        self.failed.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut f) = self.failures.lock()
            && f.len() < 20
        {
            f.push(what);
        }
    }

    /// The next request's index, or `None` when the run is over.
    fn take(&self) -> Option<u64> {
        if self.done.load(Ordering::SeqCst) {
            return None;
        }
        let i = self.next.fetch_add(1, Ordering::SeqCst);
        let over = match self.plan.until {
            Until::Requests(n) => i >= n,
            Until::Elapsed(d) => self.started.elapsed() >= d,
        };
        if over {
            self.done.store(true, Ordering::SeqCst);
            return None;
        }
        Some(i)
    }
}

/// One connection's loop: requests one after another until the run is over.
async fn worker(shared: Arc<Shared>) -> (Vec<u32>, BTreeMap<&'static str, (u64, f64)>) {
    let mut latencies = Vec::new();
    let mut kinds = BTreeMap::new();
    while let Some(i) = shared.take() {
        let req = request(i, shared.plan.miss_every);
        let url = format!("{}{}", shared.plan.base, req.path);
        let lo = shared.gens.answered.load(Ordering::SeqCst);
        let t = Instant::now();
        let sent = match req.body {
            Some(text) => {
                shared
                    .client
                    .post(&url)
                    .header("content-type", "text/plain; charset=utf-8")
                    .body(text)
                    .send()
                    .await
            }
            None => shared.client.get(&url).send().await,
        };
        let answer = match sent {
            Ok(r) => {
                let status = r.status();
                r.bytes().await.map(|b| (status, b))
            }
            Err(e) => Err(e),
        };
        let took = t.elapsed();
        latencies.push(took.as_micros().min(u128::from(u32::MAX)) as u32);
        let kind = kinds.entry(req.kind).or_insert((0, 0.0));
        kind.0 += 1;
        kind.1 += took.as_secs_f64() * 1000.0;
        match answer {
            Err(e) => shared.fail(format!("{} {}: {e}", req.kind, req.path)),
            Ok((status, _)) if !status.is_success() => {
                shared.fail(format!("{} {}: status {status}", req.kind, req.path));
            }
            Ok((_, body)) => {
                if req.path.starts_with(WATCHED) {
                    shared.checked.fetch_add(1, Ordering::SeqCst);
                    if let Err(why) = check_series(&body, &shared.gens, lo) {
                        shared.inconsistent.fetch_add(1, Ordering::SeqCst);
                        shared.fail(format!("{} {}: {why}", req.kind, req.path));
                    }
                } else if req.kind != "chart"
                    && req.kind != "chart-uncached"
                    && serde_json::from_slice::<serde_json::Value>(&body).is_err()
                {
                    shared.fail(format!("{} {}: the body is not JSON", req.kind, req.path));
                }
            }
        }
    }
    (latencies, kinds)
}

/// The ingests: one every `ingest_every` until the run is over (or `max_ingests` are done).
async fn ingester(shared: Arc<Shared>) -> Vec<Ingest> {
    let mut out = Vec::new();
    let mut k = 0;
    loop {
        if shared.plan.max_ingests.is_some_and(|m| k >= m) {
            return out;
        }
        let wake = shared.started + shared.plan.ingest_every * (k as u32 + 1);
        while Instant::now() < wake {
            if shared.done.load(Ordering::SeqCst) {
                return out;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        k += 1;
        let file = ingest_file(&shared.gens.base, k);
        let url = format!("{}/api/v1/ingest?name=soak-{k}.csv", shared.plan.base);
        shared.gens.sent(k);
        let t = Instant::now();
        let answer = shared
            .client
            .post(&url)
            .bearer_auth(&shared.plan.token)
            .body(file)
            .send()
            .await;
        let release = match answer {
            Ok(r) if r.status().is_success() => r
                .bytes()
                .await
                .ok()
                .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
                .and_then(|v| v["release"].as_str().map(str::to_string)),
            Ok(r) => {
                let status = r.status();
                let text = r.text().await.unwrap_or_default();
                shared.fail(format!("ingest {k}: status {status}: {text}"));
                None
            }
            Err(e) => {
                shared.fail(format!("ingest {k}: {e}"));
                None
            }
        };
        let Some(release) = release else {
            // Without its release id no later answer can be checked: stop ingesting.
            return out;
        };
        shared.gens.answered(k, &release);
        out.push(Ingest {
            generation: k,
            release,
            at: shared.started.elapsed(),
            took: t.elapsed(),
        });
    }
}

/// Samples the server process until the run is over.
async fn sampler(shared: Arc<Shared>, pid: u32, every: Duration) -> Vec<Sample> {
    let mut out = Vec::new();
    loop {
        if let Some((rss_kib, fds)) = sample_process(pid) {
            out.push(Sample {
                at: shared.started.elapsed(),
                rss_kib,
                fds,
                requests: shared.next.load(Ordering::SeqCst),
            });
        }
        let wake = Instant::now() + every;
        while Instant::now() < wake {
            if shared.done.load(Ordering::SeqCst) {
                return out;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// Runs the plan against a server that holds the bundled data.
pub(crate) async fn run(plan: Plan) -> Result<Outcome, String> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(plan.connections)
        .timeout(plan.timeout)
        .build()
        .map_err(|e| format!("an HTTP client: {e}"))?;
    let first = client
        .get(format!("{}{WATCHED}", plan.base))
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(|e| format!("the watched series: {e}"))?
        .bytes()
        .await
        .map_err(|e| format!("the watched series: {e}"))?;
    let first: serde_json::Value =
        serde_json::from_slice(&first).map_err(|e| format!("the watched series: {e}"))?;
    let base: BTreeMap<String, f64> = first["points"]
        .as_array()
        .ok_or("the watched series has no points")?
        .iter()
        .filter_map(|p| Some((p["period"].as_str()?.to_string(), p["value"].as_f64()?)))
        .collect();
    if base.is_empty() {
        return Err("the watched series has no months".into());
    }
    let shared = Arc::new(Shared {
        plan: plan.clone(),
        client,
        started: Instant::now(),
        next: AtomicU64::new(0),
        done: AtomicBool::new(false),
        gens: Generations::new(base),
        failed: AtomicU64::new(0),
        checked: AtomicU64::new(0),
        inconsistent: AtomicU64::new(0),
        failures: Mutex::new(Vec::new()),
    });
    let workers: Vec<_> = (0..plan.connections)
        .map(|_| tokio::spawn(worker(shared.clone())))
        .collect();
    let ingests = tokio::spawn(ingester(shared.clone()));
    let samples = plan
        .sample
        .map(|(pid, every)| tokio::spawn(sampler(shared.clone(), pid, every)));
    let mut latencies = Vec::new();
    let mut by_kind = BTreeMap::new();
    for w in workers {
        let (l, k) = w.await.map_err(|e| format!("a connection's task: {e}"))?;
        latencies.extend(l);
        for (kind, (n, ms)) in k {
            let e = by_kind.entry(kind).or_insert((0, 0.0));
            e.0 += n;
            e.1 += ms;
        }
    }
    let elapsed = shared.started.elapsed();
    shared.done.store(true, Ordering::SeqCst);
    let ingests = ingests.await.map_err(|e| format!("the ingest task: {e}"))?;
    let samples = match samples {
        Some(s) => s.await.map_err(|e| format!("the sampler: {e}"))?,
        None => Vec::new(),
    };
    for (n, ms) in by_kind.values_mut() {
        *ms /= (*n).max(1) as f64;
    }
    latencies.sort_unstable();
    let pct = |q: f64| {
        latencies
            .get(((latencies.len() as f64 - 1.0) * q).round() as usize)
            .map_or(0.0, |&us| f64::from(us) / 1000.0)
    };
    Ok(Outcome {
        requests: latencies.len() as u64,
        failed: shared.failed.load(Ordering::SeqCst),
        failures: shared
            .failures
            .lock()
            .map(|f| f.clone())
            .unwrap_or_default(),
        checked: shared.checked.load(Ordering::SeqCst),
        inconsistent: shared.inconsistent.load(Ordering::SeqCst),
        by_kind,
        latency_ms: [pct(0.5), pct(0.9), pct(0.99), pct(1.0)],
        elapsed,
        ingests,
        samples,
    })
}
