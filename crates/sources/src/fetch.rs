//! Fetching from the agencies' APIs: UN Comtrade, US Census and Eurostat Comext.
//!
//! A request is planned as parts under each API's limits (Comtrade: 12 periods a call;
//! Census and Comext: a calendar year a call). Each part's raw answer is written under the
//! data dir's `raw/` before it is read, so nothing fetched is lost and re-ingesting works
//! offline; a part whose raw file exists is not fetched again, so a re-run after a crash
//! resumes. Transient failures (429, 5xx, timeouts, a connection cut mid-body) are retried
//! with exponential backoff and jitter, honouring `Retry-After`. API keys come from the
//! environment, travel in a header where the API allows it, and are redacted from every
//! message. China's customs portal has no API (a CAPTCHA guards each query): export files by
//! hand and `tradewatch ingest` them.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use tradewatch_model::{Baskets, Countries, Flow, Month};

use crate::{Format, Options};

/// The APIs tradewatch fetches from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    Comtrade,
    Census,
    Comext,
}

impl Api {
    /// `comtrade`, `census`, `comext`.
    pub fn as_str(self) -> &'static str {
        match self {
            Api::Comtrade => "comtrade",
            Api::Census => "census",
            Api::Comext => "comext",
        }
    }

    /// The public base URL.
    pub fn default_base_url(self) -> &'static str {
        match self {
            Api::Comtrade => "https://comtradeapi.un.org",
            Api::Census => "https://api.census.gov",
            Api::Comext => "https://ec.europa.eu/eurostat/api/comext/dissemination/sdmx/2.1",
        }
    }

    /// The environment variable holding the API key, if the API takes one.
    pub fn key_variable(self) -> Option<&'static str> {
        match self {
            Api::Comtrade => Some("COMTRADE_API_KEY"),
            Api::Census => Some("CENSUS_API_KEY"),
            Api::Comext => None,
        }
    }

    /// The format of the API's answers.
    pub fn format(self) -> Format {
        match self {
            Api::Comtrade => Format::ComtradeJson,
            Api::Census => Format::CensusJson,
            Api::Comext => Format::ComextSdmx,
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Api::Comext => "csv",
            _ => "json",
        }
    }
}

impl std::str::FromStr for Api {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "comtrade" => Ok(Api::Comtrade),
            "census" => Ok(Api::Census),
            "comext" => Ok(Api::Comext),
            other => Err(format!("unknown API '{other}' (comtrade, census, comext)")),
        }
    }
}

/// What to fetch.
#[derive(Debug, Clone)]
pub struct Request {
    pub reporter: String,
    pub partner: String,
    pub flow: Flow,
    /// A basket whose codes to ask for (used when `codes` is empty).
    pub basket: Option<String>,
    /// Codes to ask for (HS6 for Comtrade, HS6 or HTS10 for Census, CN8 or HS6 for Comext).
    pub codes: Vec<String>,
    pub from: Month,
    pub to: Month,
}

/// How to fetch.
#[derive(Debug, Clone)]
pub struct Config {
    pub api: Api,
    pub base_url: String,
    pub api_key: Option<String>,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Least time between two requests (politeness).
    pub min_interval: Duration,
    /// Retries after the first attempt.
    pub retries: u32,
    /// First backoff; doubles each retry (with jitter), capped at 30 s.
    pub backoff: Duration,
    /// Where raw answers are kept (`<data dir>/raw/<api>/`).
    pub raw_dir: PathBuf,
}

/// One call of a planned request.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// Stable id: the first 16 hex digits of the sha256 of the key-less URL.
    pub id: String,
    /// The URL without the API key.
    pub url: String,
    /// What the part covers, for progress messages.
    pub label: String,
}

impl Part {
    /// The raw file of this part.
    pub fn raw_path(&self, config: &Config) -> PathBuf {
        config.raw_dir.join(format!(
            "{}-{}.{}",
            config.api.as_str(),
            self.id,
            config.api.extension()
        ))
    }
}

/// Errors of a fetch. Messages never contain the API key.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("cannot plan the request: {0}")]
    Plan(String),
    #[error("{url}: HTTP {status} after {attempts} attempt(s): {detail}")]
    Http {
        url: String,
        status: u16,
        attempts: u32,
        detail: String,
    },
    #[error("{url}: {reason} after {attempts} attempt(s)")]
    Transport {
        url: String,
        reason: String,
        attempts: u32,
    },
    #[error("{url}: the answer is not usable data: {reason} (kept as {kept})")]
    Rejected {
        url: String,
        reason: String,
        kept: String,
    },
    #[error("{path}: {reason}")]
    Io { path: String, reason: String },
}

/// Replaces every occurrence of the key in a text.
pub fn redact(text: &str, key: Option<&str>) -> String {
    match key {
        Some(k) if !k.is_empty() => text.replace(k, "***"),
        _ => text.to_string(),
    }
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'*' | b',' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn part(url: String, label: String) -> Part {
    let id = hex::encode(Sha256::digest(url.as_bytes()))[..16].to_string();
    Part { id, url, label }
}

fn codes_for(request: &Request, classes: &[&str]) -> Result<Vec<String>, FetchError> {
    if !request.codes.is_empty() {
        return Ok(request.codes.clone());
    }
    let Some(id) = &request.basket else {
        return Err(FetchError::Plan("name a --basket or --code".to_string()));
    };
    let basket = Baskets::current()
        .get(id)
        .ok_or_else(|| FetchError::Plan(format!("unknown basket '{id}'")))?;
    for class in classes {
        if let Some(codes) = basket.codes.get(*class)
            && !codes.is_empty()
        {
            return Ok(codes.clone());
        }
    }
    Err(FetchError::Plan(format!(
        "basket '{id}' lists no {} codes; name them with --code",
        classes.join(" or ")
    )))
}

fn months(from: Month, to: Month) -> Vec<Month> {
    (from.index()..=to.index()).map(Month::from_index).collect()
}

/// Splits a request into parts under the API's limits.
pub fn plan(config: &Config, request: &Request) -> Result<Vec<Part>, FetchError> {
    if request.to < request.from {
        return Err(FetchError::Plan("--to is before --from".to_string()));
    }
    let countries = Countries::builtin();
    let base = config.base_url.trim_end_matches('/');
    let all = months(request.from, request.to);
    let mut parts = Vec::new();
    match config.api {
        Api::Comtrade => {
            let m49 = |iso: &str| {
                countries
                    .get(iso)
                    .and_then(|c| c.m49)
                    .ok_or_else(|| FetchError::Plan(format!("no M49 code for '{iso}'")))
            };
            let (reporter, partner) = (m49(&request.reporter)?, m49(&request.partner)?);
            let flow = match request.flow {
                Flow::Export => "X",
                Flow::Import => "M",
                Flow::ReExport => "RX",
                Flow::ReImport => "RM",
            };
            let codes = codes_for(request, &["HS"])?;
            let endpoint = if config.api_key.is_some() {
                "data/v1/get"
            } else {
                "public/v1/preview"
            };
            // At most 12 periods per call.
            for chunk in all.chunks(12) {
                let periods: Vec<String> = chunk
                    .iter()
                    .map(|m| format!("{:04}{:02}", m.year(), m.month()))
                    .collect();
                let url = format!(
                    "{base}/{endpoint}/C/M/HS?reporterCode={reporter}&period={}&partnerCode={partner}&partner2Code=0&cmdCode={}&flowCode={flow}&customsCode=C00&motCode=0&includeDesc=true",
                    periods.join(","),
                    encode(&codes.join(","))
                );
                let label = format!("{}..{}", chunk[0], chunk[chunk.len() - 1]);
                parts.push(part(url, label));
            }
        }
        Api::Census => {
            if request.reporter != "USA" {
                return Err(FetchError::Plan(
                    "the Census API has US trade only: --reporter USA".to_string(),
                ));
            }
            let cty = if request.partner == "WLD" {
                None
            } else {
                Some(
                    countries
                        .get(&request.partner)
                        .and_then(|c| c.census.clone())
                        .ok_or_else(|| {
                            FetchError::Plan(format!("no Census code for '{}'", request.partner))
                        })?,
                )
            };
            let (endpoint, vars, code_var) = match request.flow {
                Flow::Import | Flow::ReImport => (
                    "imports",
                    "CTY_CODE,CTY_NAME,I_COMMODITY,I_COMMODITY_SDESC,GEN_VAL_MO,CON_VAL_MO,GEN_QY1_MO,CON_QY1_MO,UNIT_QY1,GEN_VAL_YR,CON_VAL_YR,GEN_QY1_YR",
                    "I_COMMODITY",
                ),
                Flow::Export | Flow::ReExport => (
                    "exports",
                    "CTY_CODE,CTY_NAME,E_COMMODITY,E_COMMODITY_SDESC,ALL_VAL_MO,QTY_1_MO,UNIT_QY1,ALL_VAL_YR,QTY_1_YR,DF",
                    "E_COMMODITY",
                ),
            };
            let codes = codes_for(request, &["HTS10", "HS"])?;
            for year in request.from.year()..=request.to.year() {
                let first = all.iter().filter(|m| m.year() == year).min();
                let last = all.iter().filter(|m| m.year() == year).max();
                let (Some(first), Some(last)) = (first, last) else {
                    continue;
                };
                for code in &codes {
                    // HTS10 lines as they are; a shorter code as a prefix at the HS10 level.
                    let pattern = if code.len() == 10 {
                        code.clone()
                    } else {
                        format!("{code}*")
                    };
                    let mut url = format!(
                        "{base}/data/timeseries/intltrade/{endpoint}/hs?get={vars}&time=from+{first}+to+{last}&COMM_LVL=HS10&{code_var}={}",
                        encode(&pattern)
                    );
                    if let Some(c) = &cty {
                        url.push_str(&format!("&CTY_CODE={c}"));
                    }
                    parts.push(part(url, format!("{year} {code}")));
                }
            }
        }
        Api::Comext => {
            let iso2 = |iso: &str| -> Result<String, FetchError> {
                match iso {
                    "EUN" => Ok("EU27_2020".to_string()),
                    "WLD" => Ok(String::new()),
                    _ => countries
                        .get(iso)
                        .map(|c| c.iso2.clone())
                        .filter(|c| !c.is_empty())
                        .ok_or_else(|| FetchError::Plan(format!("no ISO2 code for '{iso}'"))),
                }
            };
            let (reporter, partner) = (iso2(&request.reporter)?, iso2(&request.partner)?);
            let flow = match request.flow {
                Flow::Import | Flow::ReImport => "1",
                Flow::Export | Flow::ReExport => "2",
            };
            let codes = codes_for(request, &["CN8", "HS"])?;
            for year in request.from.year()..=request.to.year() {
                let first = all.iter().filter(|m| m.year() == year).min();
                let last = all.iter().filter(|m| m.year() == year).max();
                let (Some(first), Some(last)) = (first, last) else {
                    continue;
                };
                let url = format!(
                    "{base}/data/DS-045409/M.{reporter}.{partner}.{}.{flow}.VALUE_IN_EUROS+QUANTITY_IN_100KG?startPeriod={first}&endPeriod={last}&format=SDMX-CSV",
                    codes.join("+")
                );
                parts.push(part(url, year.to_string()));
            }
        }
    }
    Ok(parts)
}

/// A fetched (or already present) part.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub part: Part,
    pub path: PathBuf,
    /// True when the raw file was already there (a resumed run).
    pub cached: bool,
    pub attempts: u32,
}

/// Fetches parts politely, one at a time.
pub struct Fetcher {
    client: reqwest::Client,
    config: Config,
    last_request: Option<Instant>,
    seed: u64,
}

enum Attempt {
    Done(u16, Vec<u8>),
    Retry(String, Option<Duration>, Option<u16>),
    Fail(u16, String),
}

impl Fetcher {
    /// A fetcher for one API.
    pub fn new(config: Config) -> Result<Fetcher, FetchError> {
        let client = reqwest::Client::builder()
            .timeout(config.timeout)
            .user_agent(concat!("tradewatch/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| FetchError::Plan(format!("cannot build the HTTP client: {e}")))?;
        std::fs::create_dir_all(&config.raw_dir).map_err(|e| FetchError::Io {
            path: config.raw_dir.display().to_string(),
            reason: e.to_string(),
        })?;
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0x9E37_79B9, |d| d.as_nanos() as u64)
            | 1;
        Ok(Fetcher {
            client,
            config,
            last_request: None,
            seed,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    fn jitter(&mut self) -> f64 {
        // xorshift64: jitter need not be cryptographic.
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        0.5 + (self.seed % 1000) as f64 / 2000.0
    }

    fn backoff(&mut self, retry: u32) -> Duration {
        let base = self.config.backoff.as_secs_f64() * 2f64.powi(retry as i32);
        Duration::from_secs_f64((base * self.jitter()).min(30.0))
    }

    fn key(&self) -> Option<&str> {
        self.config.api_key.as_deref()
    }

    async fn attempt(&mut self, part: &Part) -> Attempt {
        if let Some(last) = self.last_request {
            let wait = self.config.min_interval.saturating_sub(last.elapsed());
            if !wait.is_zero() {
                tokio::time::sleep(wait).await;
            }
        }
        self.last_request = Some(Instant::now());
        let mut req = self.client.get(&part.url);
        match (self.config.api, self.key()) {
            (Api::Comtrade, Some(k)) => req = req.header("Ocp-Apim-Subscription-Key", k),
            (Api::Census, Some(k)) => req = req.query(&[("key", k)]),
            _ => {}
        }
        let response = match req.send().await {
            Ok(r) => r,
            Err(e) => {
                let what = if e.is_timeout() {
                    "timed out"
                } else if e.is_connect() {
                    "could not connect"
                } else {
                    "request failed"
                };
                return Attempt::Retry(format!("{what}: {}", e.without_url()), None, None);
            }
        };
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(|s| Duration::from_secs(s.min(300)));
        let body = match response.bytes().await {
            Ok(b) => b.to_vec(),
            Err(e) => {
                return Attempt::Retry(
                    format!("the answer was cut off: {}", e.without_url()),
                    None,
                    Some(status),
                );
            }
        };
        let head: String = String::from_utf8_lossy(&body[..body.len().min(200)]).to_string();
        match status {
            200..=299 => Attempt::Done(status, body),
            429 | 503 => Attempt::Retry(
                format!("rate limited: {}", head.trim()),
                retry_after,
                Some(status),
            ),
            500..=599 => Attempt::Retry(
                format!("server error: {}", head.trim()),
                retry_after,
                Some(status),
            ),
            _ => Attempt::Fail(status, head.trim().to_string()),
        }
    }

    /// Fetches a part (or finds its raw file from an earlier run), checks that the answer
    /// reads as data, and keeps it under `raw/`.
    pub async fn fetch(&mut self, part: &Part) -> Result<Fetched, FetchError> {
        let path = part.raw_path(&self.config);
        if path.exists() {
            return Ok(Fetched {
                part: part.clone(),
                path,
                cached: true,
                attempts: 0,
            });
        }
        let url = redact(&part.url, self.key());
        let mut attempts = 0;
        let (status, body) = loop {
            attempts += 1;
            match self.attempt(part).await {
                Attempt::Done(status, body) => break (status, body),
                Attempt::Fail(status, detail) => {
                    return Err(FetchError::Http {
                        url,
                        status,
                        attempts,
                        detail: redact(&detail, self.key()),
                    });
                }
                Attempt::Retry(reason, wait, status) => {
                    if attempts > self.config.retries {
                        let reason = redact(&reason, self.key());
                        return Err(match status {
                            Some(status) => FetchError::Http {
                                url,
                                status,
                                attempts,
                                detail: reason,
                            },
                            None => FetchError::Transport {
                                url,
                                reason,
                                attempts,
                            },
                        });
                    }
                    let wait = wait.unwrap_or_else(|| self.backoff(attempts - 1));
                    tokio::time::sleep(wait).await;
                }
            }
        };
        // Keep the answer first, then read it: an answer that does not read as data is kept
        // aside (never lost) and the part fails; it is fetched again on the next run.
        let tmp = path.with_extension("part");
        write(&tmp, &body)?;
        let name = path.display().to_string();
        let options = Options {
            format: Some(self.config.api.format()),
            ..Options::default()
        };
        let check = crate::parse(&name, &body, &options);
        let problem = match &check {
            Err(e) => Some(e.to_string()),
            Ok(p) if !p.report.is_clean() => Some(format!(
                "{} rejected row(s), first: {}",
                p.report.rejected.len(),
                p.report.rejected[0]
            )),
            Ok(_) => None,
        };
        if let Some(reason) = problem {
            let kept = path.with_extension(format!("rejected-{}", std::process::id()));
            rename(&tmp, &kept)?;
            return Err(FetchError::Rejected {
                url,
                reason: redact(&format!("HTTP {status}: {reason}"), self.key()),
                kept: kept.display().to_string(),
            });
        }
        rename(&tmp, &path)?;
        Ok(Fetched {
            part: part.clone(),
            path,
            cached: false,
            attempts,
        })
    }
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), FetchError> {
    std::fs::write(path, bytes).map_err(|e| FetchError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

fn rename(from: &Path, to: &Path) -> Result<(), FetchError> {
    std::fs::rename(from, to).map_err(|e| FetchError::Io {
        path: to.display().to_string(),
        reason: e.to_string(),
    })
}

/// The months of `months` for which UN Comtrade's data-availability endpoint lists a monthly
/// HS dataset of the reporter (`data/v1/getDa` with a key, `public/v1/getDA` without): what
/// the watch asks before it fetches a month the calendar says should be out.
pub async fn comtrade_available(
    base_url: &str,
    api_key: Option<&str>,
    reporter: &str,
    months: &[Month],
    timeout: std::time::Duration,
) -> Result<Vec<Month>, FetchError> {
    let m49 = Countries::builtin()
        .get(reporter)
        .and_then(|c| c.m49)
        .ok_or_else(|| FetchError::Plan(format!("no M49 code for '{reporter}'")))?;
    let endpoint = if api_key.is_some() {
        "data/v1/getDa"
    } else {
        "public/v1/getDA"
    };
    let client = reqwest::Client::builder()
        .timeout(timeout)
        .user_agent(concat!("tradewatch/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| FetchError::Plan(format!("cannot build the HTTP client: {e}")))?;
    let mut found = Vec::new();
    for chunk in months.chunks(12) {
        let periods: Vec<String> = chunk
            .iter()
            .map(|m| format!("{:04}{:02}", m.year(), m.month()))
            .collect();
        let url = format!(
            "{}/{endpoint}/C/M/HS?reporterCode={m49}&period={}",
            base_url.trim_end_matches('/'),
            periods.join(",")
        );
        let mut req = client.get(&url);
        if let Some(k) = api_key {
            req = req.header("Ocp-Apim-Subscription-Key", k);
        }
        let transport = |e: reqwest::Error| FetchError::Transport {
            url: url.clone(),
            reason: e.to_string(),
            attempts: 1,
        };
        let resp = req.send().await.map_err(transport)?;
        let status = resp.status().as_u16();
        let body = resp.bytes().await.map_err(transport)?;
        if !(200..300).contains(&status) {
            return Err(FetchError::Http {
                url,
                status,
                attempts: 1,
                detail: String::from_utf8_lossy(&body[..body.len().min(200)]).to_string(),
            });
        }
        let v: serde_json::Value =
            serde_json::from_slice(&body).map_err(|e| FetchError::Rejected {
                url: url.clone(),
                reason: format!("not JSON: {e}"),
                kept: "nothing".to_string(),
            })?;
        for d in v["data"].as_array().into_iter().flatten() {
            let period = match &d["period"] {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Number(n) => n.to_string(),
                _ => continue,
            };
            if let Some(m) = chunk
                .iter()
                .find(|m| format!("{:04}{:02}", m.year(), m.month()) == period)
                && !found.contains(m)
            {
                found.push(*m);
            }
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(api: Api) -> Config {
        Config {
            api,
            base_url: "http://127.0.0.1:1".to_string(),
            api_key: Some("SECRET-KEY-123".to_string()),
            timeout: Duration::from_secs(1),
            min_interval: Duration::ZERO,
            retries: 0,
            backoff: Duration::from_millis(1),
            raw_dir: std::env::temp_dir(),
        }
    }

    fn request(reporter: &str, partner: &str, from: &str, to: &str) -> Request {
        let m = |s: &str| match s.parse::<tradewatch_model::Period>() {
            Ok(tradewatch_model::Period::Month(m)) => m,
            _ => panic!("month"),
        };
        Request {
            reporter: reporter.into(),
            partner: partner.into(),
            flow: Flow::Export,
            basket: Some("rare-earth-magnets".into()),
            codes: vec![],
            from: m(from),
            to: m(to),
        }
    }

    #[test]
    fn comtrade_is_split_into_twelve_period_parts_without_the_key_in_the_url() {
        let parts = plan(
            &config(Api::Comtrade),
            &request("CHN", "USA", "2024-01", "2025-06"),
        )
        .unwrap();
        assert_eq!(parts.len(), 2);
        assert!(parts[0].url.contains("period=202401,202402"));
        assert!(
            parts[0].url.contains("reporterCode=156") && parts[0].url.contains("partnerCode=842")
        );
        assert!(parts[0].url.contains("cmdCode=850511"));
        assert!(parts.iter().all(|p| !p.url.contains("SECRET")));
        assert_ne!(parts[0].id, parts[1].id);
    }

    #[test]
    fn census_and_comext_are_split_by_year() {
        let census = plan(
            &config(Api::Census),
            &Request {
                flow: Flow::Import,
                ..request("USA", "CHN", "2024-11", "2025-02")
            },
        )
        .unwrap();
        assert_eq!(census.len(), 2);
        assert!(census[0].url.contains("time=from+2024-11+to+2024-12"));
        assert!(census[0].url.contains("CTY_CODE=5700"));
        let comext = plan(
            &config(Api::Comext),
            &request("DEU", "CHN", "2025-01", "2025-03"),
        )
        .unwrap();
        assert_eq!(comext.len(), 1);
        assert!(comext[0].url.contains("M.DE.CN.85051110.2."));
    }

    #[test]
    fn keys_are_redacted() {
        assert_eq!(redact("a?key=SECRET&b", Some("SECRET")), "a?key=***&b");
    }
}
