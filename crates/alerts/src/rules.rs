//! The rule file: `[[rule]]` tables (scope + one condition + where to deliver), named
//! `[delivery.*]` channels and the release `[calendar.*]` of each source. Every error names the
//! file, the line and the field; a file with any error yields no rules at all.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};
use toml::Spanned;
use tradewatch_model::{Baskets, Countries, Flow, Measure, Source};

use crate::{Error, Result};

/// A comparison in a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = ">")]
    Gt,
    /// The value moved from one side of the level to the other since the month before.
    #[serde(rename = "crosses")]
    Crosses,
}

impl Op {
    /// True when `v` satisfies `v op level` (not for `crosses`).
    pub fn holds(self, v: f64, level: f64) -> bool {
        match self {
            Op::Le => v <= level,
            Op::Lt => v < level,
            Op::Ge => v >= level,
            Op::Gt => v > level,
            Op::Crosses => false,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Op::Le => "<=",
            Op::Lt => "<",
            Op::Ge => ">=",
            Op::Gt => ">",
            Op::Crosses => "crosses",
        }
    }
}

/// Which change a `change` condition reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeBasis {
    Mom,
    Yoy,
}

/// Rise or fall, for streaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Way {
    Rises,
    Falls,
}

/// High or low, for records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Extreme {
    High,
    Low,
}

/// A partner appearing or disappearing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    New,
    Gone,
}

/// One condition: what makes a rule fire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Condition {
    /// `mom_pct <= -20`, `yoy_pct >= 50`.
    Change {
        basis: ChangeBasis,
        op: Op,
        level: f64,
    },
    /// `streak_falls >= 3`.
    Streak { way: Way, at_least: u32 },
    /// `low_months >= 12`: the lowest (highest) level in at least that many months.
    Record { extreme: Extreme, at_least: u32 },
    /// `share_pct crosses 10`, `share_pct >= 25`: the partner's share of the world total.
    Share { op: Op, level: f64 },
    /// `partner = "new"` / `partner = "gone"`.
    Partner { presence: Presence },
    /// `anomaly` (the facts engine's flag), or `anomaly >= 5` for a stricter score.
    Anomaly { min_score: Option<f64> },
    /// `revision_pct >= 1`: a release changed an earlier figure by at least that much.
    Revision { at_least_pct: f64 },
    /// `late_days >= 5`: a release not in the store that many days after its calendar date.
    Late { days: i64 },
}

impl Condition {
    /// The condition's family, as alerts name it.
    pub fn kind(&self) -> &'static str {
        match self {
            Condition::Change { .. } => "change",
            Condition::Streak { .. } => "streak",
            Condition::Record { .. } => "record",
            Condition::Share { .. } => "share",
            Condition::Partner { .. } => "partner",
            Condition::Anomaly { .. } => "anomaly",
            Condition::Revision { .. } => "revision",
            Condition::Late { .. } => "late",
        }
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = |v: f64| {
            if v.fract() == 0.0 {
                format!("{v:.0}")
            } else {
                format!("{v}")
            }
        };
        match self {
            Condition::Change { basis, op, level } => {
                let m = match basis {
                    ChangeBasis::Mom => "mom_pct",
                    ChangeBasis::Yoy => "yoy_pct",
                };
                write!(f, "{m} {} {}", op.as_str(), n(*level))
            }
            Condition::Streak { way, at_least } => {
                let m = match way {
                    Way::Rises => "streak_rises",
                    Way::Falls => "streak_falls",
                };
                write!(f, "{m} >= {at_least}")
            }
            Condition::Record { extreme, at_least } => {
                let m = match extreme {
                    Extreme::High => "high_months",
                    Extreme::Low => "low_months",
                };
                write!(f, "{m} >= {at_least}")
            }
            Condition::Share { op, level } => write!(f, "share_pct {} {}", op.as_str(), n(*level)),
            Condition::Partner { presence } => write!(
                f,
                "partner = \"{}\"",
                match presence {
                    Presence::New => "new",
                    Presence::Gone => "gone",
                }
            ),
            Condition::Anomaly { min_score: None } => write!(f, "anomaly"),
            Condition::Anomaly { min_score: Some(s) } => write!(f, "anomaly >= {}", n(*s)),
            Condition::Revision { at_least_pct } => {
                write!(f, "revision_pct >= {}", n(*at_least_pct))
            }
            Condition::Late { days } => write!(f, "late_days >= {days}"),
        }
    }
}

/// Parses a `when` expression. The error is a sentence without the location (the caller adds
/// file, line and field).
pub fn parse_condition(text: &str) -> std::result::Result<Condition, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("the condition is empty".to_string());
    }
    if t == "anomaly" {
        return Ok(Condition::Anomaly { min_score: None });
    }
    if let Some(rest) = t.strip_prefix("partner") {
        let rest = rest.trim_start();
        if let Some(v) = rest.strip_prefix("==").or_else(|| rest.strip_prefix('=')) {
            let v = v.trim().trim_matches(|c| c == '"' || c == '\'');
            return match v {
                "new" => Ok(Condition::Partner {
                    presence: Presence::New,
                }),
                "gone" => Ok(Condition::Partner {
                    presence: Presence::Gone,
                }),
                _ => Err(format!(
                    "partner conditions are `partner = \"new\"` or `partner = \"gone\"`, not '{v}'"
                )),
            };
        }
    }
    let mut parts = t.split_whitespace();
    let metric = parts.next().unwrap_or_default();
    let (op_text, value_text) = match (parts.next(), parts.next(), parts.next()) {
        (Some(o), Some(v), None) => (o, v),
        _ => {
            return Err(format!(
                "'{t}' is not a condition: write `METRIC OP NUMBER` (mom_pct <= -20, streak_falls >= 3, share_pct crosses 10), `partner = \"new\"`, or `anomaly`"
            ));
        }
    };
    let op = match op_text {
        "<=" => Op::Le,
        "<" => Op::Lt,
        ">=" => Op::Ge,
        ">" => Op::Gt,
        "crosses" => Op::Crosses,
        other => {
            return Err(format!(
                "'{other}' is not a comparison (use <=, <, >=, > or crosses)"
            ));
        }
    };
    let value: f64 = value_text
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| format!("{value_text} is not a number (in '{t}')"))?;
    let count = |what: &str| -> std::result::Result<u32, String> {
        if op != Op::Ge {
            return Err(format!("{what} takes `>= N`"));
        }
        if value < 1.0 || value.fract() != 0.0 || value > 600.0 {
            return Err(format!(
                "{what} needs a whole number of months from 1 to 600, not {value_text}"
            ));
        }
        Ok(value as u32)
    };
    let not_crosses = |what: &str| -> std::result::Result<(), String> {
        if op == Op::Crosses {
            Err(format!("`crosses` is for share_pct, not {what}"))
        } else {
            Ok(())
        }
    };
    match metric {
        "mom_pct" | "yoy_pct" => {
            not_crosses(metric)?;
            Ok(Condition::Change {
                basis: if metric == "mom_pct" {
                    ChangeBasis::Mom
                } else {
                    ChangeBasis::Yoy
                },
                op,
                level: value,
            })
        }
        "streak_falls" | "streak_rises" => Ok(Condition::Streak {
            way: if metric == "streak_falls" {
                Way::Falls
            } else {
                Way::Rises
            },
            at_least: count(metric)?,
        }),
        "low_months" | "high_months" => Ok(Condition::Record {
            extreme: if metric == "low_months" {
                Extreme::Low
            } else {
                Extreme::High
            },
            at_least: count(metric)?,
        }),
        "share_pct" => {
            if !(0.0..=100.0).contains(&value) {
                return Err(format!("a share is from 0 to 100, not {value_text}"));
            }
            Ok(Condition::Share { op, level: value })
        }
        "anomaly" => {
            if op != Op::Ge || value <= 0.0 {
                return Err("anomaly takes `>= SCORE` with a positive score".to_string());
            }
            Ok(Condition::Anomaly {
                min_score: Some(value),
            })
        }
        "revision_pct" => {
            if op != Op::Ge || value < 0.0 {
                return Err("revision_pct takes `>= PERCENT` (an absolute change)".to_string());
            }
            Ok(Condition::Revision {
                at_least_pct: value,
            })
        }
        "late_days" => {
            if op != Op::Ge || value < 0.0 || value.fract() != 0.0 || value > 3650.0 {
                return Err("late_days takes `>= DAYS` (a whole number)".to_string());
            }
            Ok(Condition::Late { days: value as i64 })
        }
        other => Err(format!(
            "'{other}' is not a metric (mom_pct, yoy_pct, streak_falls, streak_rises, low_months, high_months, share_pct, revision_pct, late_days, anomaly, partner)"
        )),
    }
}

/// What a rule watches: one reporter, a partner or every partner, one flow, one basket, one
/// measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    pub reporter: String,
    /// ISO3, `WLD`, or `*` for every partner the data holds.
    pub partner: String,
    pub flow: Flow,
    pub basket: String,
    pub measure: Measure,
    /// For `late` rules: the source whose release is awaited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

impl Scope {
    /// True when a partner code falls in the scope.
    pub fn covers_partner(&self, partner: &str) -> bool {
        self.partner == "*" || self.partner == partner
    }
}

/// One rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub id: String,
    pub scope: Scope,
    pub condition: Condition,
    /// Channel names: `stdout`, `atom`, or a `[delivery.NAME]` table.
    pub deliver: Vec<String>,
    /// The line of the rule's `[[rule]]` header, for messages.
    pub line: usize,
}

/// A webhook's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WebhookStyle {
    /// The alert as JSON, signed per the Standard Webhooks convention.
    Standard,
    /// A Slack-compatible `{"text": …}` body (also signed).
    Slack,
}

/// How an alert leaves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Channel {
    /// Printed by the command that evaluated the rules.
    Stdout,
    /// One JSON object a line, appended and fsynced.
    Jsonl { path: String },
    /// An HTTP POST, signed.
    Webhook {
        url: String,
        /// The environment variable holding the secret (`whsec_<base64>` or raw text).
        secret_env: String,
        style: WebhookStyle,
    },
    /// Mail through an SMTP server.
    Email {
        /// `host:port`.
        smtp: String,
        from: String,
        to: Vec<String>,
        /// One message per release instead of one per alert.
        digest: bool,
    },
    /// The Atom feed and the JSON list (nothing is sent: readers pull).
    Atom,
}

/// A named channel with its retry policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    pub name: String,
    pub channel: Channel,
    /// Attempts per delivery pass before the alert waits for the next pass.
    pub attempts: u32,
    /// The first wait between attempts, doubled each time.
    pub backoff_ms: u64,
}

/// When a source's release for a month is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Due {
    /// On this day of the month after the period (GACC's detailed tables: around the 20th).
    DayOfNextMonth(u32),
    /// This many days after the period's last day (Census about 35, Comext about 45).
    DaysAfter(u32),
}

/// A source's release calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    pub source: Source,
    pub due: Due,
}

impl Calendar {
    /// The date the release for `month` is due.
    pub fn due_date(&self, month: tradewatch_model::Month) -> Option<chrono::NaiveDate> {
        let next = month.plus(1);
        let first_next = chrono::NaiveDate::from_ymd_opt(next.year(), next.month(), 1)?;
        match self.due {
            Due::DayOfNextMonth(d) => {
                chrono::NaiveDate::from_ymd_opt(next.year(), next.month(), d.clamp(1, 28))
            }
            Due::DaysAfter(n) => {
                let last = first_next.pred_opt()?;
                last.checked_add_days(chrono::Days::new(u64::from(n)))
            }
        }
    }

    /// The months after `latest` whose release is due by `today` (at most twelve); without a
    /// `latest`, the last month due.
    pub fn due_months(
        &self,
        latest: Option<tradewatch_model::Month>,
        today: chrono::NaiveDate,
    ) -> Vec<tradewatch_model::Month> {
        let is_due = |m: tradewatch_model::Month| self.due_date(m).is_some_and(|d| d <= today);
        match latest {
            Some(l) => (1..=12)
                .map(|k| l.plus(k))
                .take_while(|m| is_due(*m))
                .collect(),
            None => {
                let this = tradewatch_model::Month::new(
                    chrono::Datelike::year(&today),
                    chrono::Datelike::month(&today),
                );
                this.ok()
                    .and_then(|m| (1..=3).map(|k| m.plus(-k)).find(|m| is_due(*m)))
                    .into_iter()
                    .collect()
            }
        }
    }

    /// The built-in calendars: GACC on the 20th of the next month, Census 35 days after the
    /// month, Eurostat Comext 45, UN Comtrade 60 (its availability varies by reporter).
    pub fn defaults() -> BTreeMap<Source, Calendar> {
        let mut m = BTreeMap::new();
        for (source, due) in [
            (Source::Gacc, Due::DayOfNextMonth(20)),
            (Source::Census, Due::DaysAfter(35)),
            (Source::Comext, Due::DaysAfter(45)),
            (Source::Comtrade, Due::DaysAfter(60)),
        ] {
            m.insert(source, Calendar { source, due });
        }
        m
    }
}

/// An agency query the watch runs when its source's calendar says a month is due and the
/// store does not hold it yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FetchSpec {
    /// The source whose API it asks: comtrade, census or comext.
    pub source: Source,
    pub reporter: String,
    pub partner: String,
    pub flow: Flow,
    /// A basket whose codes to ask for, or `codes`.
    pub basket: Option<String>,
    pub codes: Vec<String>,
    /// Another base URL for the API (a mirror, or a replay server in tests).
    pub base_url: Option<String>,
}

/// What the watch does besides evaluating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WatchSettings {
    /// Directory of files with no API (GACC downloads): each is ingested once, then moved to
    /// `done/` or `rejected/` beside it. Relative to the data dir.
    pub inbox: String,
    /// Seconds between passes.
    pub interval_secs: u64,
    /// Agency queries run when their months fall due.
    pub fetch: Vec<FetchSpec>,
}

impl Default for WatchSettings {
    fn default() -> Self {
        WatchSettings {
            inbox: "inbox".to_string(),
            interval_secs: 300,
            fetch: Vec::new(),
        }
    }
}

/// A parsed rule file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleSet {
    /// Where the rules came from.
    pub file: String,
    pub rules: Vec<Rule>,
    pub deliveries: BTreeMap<String, Delivery>,
    pub calendars: BTreeMap<Source, Calendar>,
    pub watch: WatchSettings,
}

impl RuleSet {
    /// The channels a rule delivers to, resolved.
    pub fn channels(&self, rule: &Rule) -> Vec<Delivery> {
        rule.deliver
            .iter()
            .filter_map(|n| self.delivery(n))
            .collect()
    }

    /// A channel by name (`stdout` and `atom` always exist).
    pub fn delivery(&self, name: &str) -> Option<Delivery> {
        if let Some(d) = self.deliveries.get(name) {
            return Some(d.clone());
        }
        let channel = match name {
            "stdout" => Channel::Stdout,
            "atom" => Channel::Atom,
            _ => return None,
        };
        Some(Delivery {
            name: name.to_string(),
            channel,
            attempts: 1,
            backoff_ms: 0,
        })
    }

    /// The rule with an id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}

// ---- the TOML shape, with spans ----

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    rule: Vec<Spanned<RawRule>>,
    #[serde(default)]
    delivery: BTreeMap<String, Spanned<RawDelivery>>,
    #[serde(default)]
    calendar: BTreeMap<String, Spanned<RawCalendar>>,
    #[serde(default)]
    watch: Option<RawWatch>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    reporter: Option<Spanned<String>>,
    partner: Option<Spanned<String>>,
    flow: Option<Spanned<String>>,
    basket: Option<Spanned<String>>,
    codes: Option<Spanned<Vec<String>>>,
    measure: Option<Spanned<String>>,
    source: Option<Spanned<String>>,
    when: Spanned<String>,
    #[serde(default)]
    deliver: Option<Spanned<Vec<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDelivery {
    kind: Spanned<String>,
    url: Option<Spanned<String>>,
    secret_env: Option<String>,
    style: Option<Spanned<String>>,
    path: Option<Spanned<String>>,
    smtp: Option<Spanned<String>>,
    from: Option<Spanned<String>>,
    to: Option<Spanned<Vec<String>>>,
    digest: Option<bool>,
    attempts: Option<Spanned<u32>>,
    backoff_ms: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    day_of_next_month: Option<Spanned<u32>>,
    days_after_month: Option<Spanned<u32>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWatch {
    inbox: Option<String>,
    interval_secs: Option<u64>,
    #[serde(default)]
    fetch: Vec<Spanned<RawFetch>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFetch {
    source: Spanned<String>,
    reporter: Spanned<String>,
    partner: Option<Spanned<String>>,
    flow: Option<Spanned<String>>,
    basket: Option<Spanned<String>>,
    codes: Option<Vec<String>>,
    base_url: Option<Spanned<String>>,
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The key written on a line (`when = …` → `when`), for messages about TOML syntax errors.
fn key_on_line(text: &str, line: usize) -> Option<String> {
    let l = text.lines().nth(line.checked_sub(1)?)?;
    let (k, _) = l.split_once('=')?;
    let k = k.trim().trim_matches('"');
    (!k.is_empty() && !k.starts_with('[') && !k.contains(char::is_whitespace))
        .then(|| k.to_string())
}

struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
}

impl Ctx<'_> {
    fn err(&self, span: Range<usize>, field: &str, reason: impl Into<String>) -> Error {
        Error::Rules {
            file: self.file.to_string(),
            line: line_of(self.text, span.start),
            field: field.to_string(),
            reason: reason.into(),
        }
    }
}

/// An example rule file, every form commented.
pub const EXAMPLE: &str = include_str!("../alerts.example.toml");

/// Parses a rule file. `file` names it in errors.
pub fn parse(file: &str, text: &str) -> Result<RuleSet> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(0, |s| line_of(text, s.start));
        let message = e.message().trim().to_string();
        let field = e
            .span()
            .and_then(|_| key_on_line(text, line))
            .unwrap_or_else(|| "-".to_string());
        Error::Rules {
            file: file.to_string(),
            line,
            field,
            reason: message,
        }
    })?;
    let cx = Ctx { file, text };

    let mut deliveries = BTreeMap::new();
    for (name, d) in &raw.delivery {
        let span = d.span();
        let d = d.get_ref();
        if matches!(name.as_str(), "stdout" | "atom") {
            return Err(cx.err(
                span,
                &format!("delivery.{name}"),
                "`stdout` and `atom` are built in; give the channel another name",
            ));
        }
        let need = |v: &Option<Spanned<String>>, what: &str| -> Result<String> {
            v.as_ref()
                .map(|s| s.get_ref().clone())
                .filter(|s| !s.trim().is_empty())
                .ok_or_else(|| {
                    cx.err(
                        span.clone(),
                        &format!("delivery.{name}.{what}"),
                        format!("a {} channel needs `{what}`", d.kind.get_ref()),
                    )
                })
        };
        let channel = match d.kind.get_ref().as_str() {
            "webhook" => {
                let url = need(&d.url, "url")?;
                if !(url.starts_with("http://") || url.starts_with("https://")) {
                    return Err(cx.err(
                        d.url.as_ref().map_or(span.clone(), |u| u.span()),
                        &format!("delivery.{name}.url"),
                        format!("'{url}' is not an http(s) URL"),
                    ));
                }
                let style = match d.style.as_ref().map(|s| s.get_ref().as_str()) {
                    None | Some("standard") => WebhookStyle::Standard,
                    Some("slack") => WebhookStyle::Slack,
                    Some(other) => {
                        return Err(cx.err(
                            d.style.as_ref().map_or(span.clone(), |s| s.span()),
                            &format!("delivery.{name}.style"),
                            format!("'{other}' is not a webhook style (standard or slack)"),
                        ));
                    }
                };
                Channel::Webhook {
                    url,
                    secret_env: d
                        .secret_env
                        .clone()
                        .unwrap_or_else(|| "TRADEWATCH_WEBHOOK_SECRET".to_string()),
                    style,
                }
            }
            "email" => {
                let smtp = need(&d.smtp, "smtp")?;
                let from = need(&d.from, "from")?;
                let to: Vec<String> =
                    d.to.as_ref()
                        .map(|t| t.get_ref().clone())
                        .unwrap_or_default();
                if to.is_empty() {
                    return Err(cx.err(
                        span,
                        &format!("delivery.{name}.to"),
                        "an email channel needs `to = [\"someone@example.org\"]`",
                    ));
                }
                for a in to.iter().chain(std::iter::once(&from)) {
                    if !a.contains('@') {
                        return Err(cx.err(
                            span,
                            &format!("delivery.{name}"),
                            format!("'{a}' is not a mail address"),
                        ));
                    }
                }
                Channel::Email {
                    smtp,
                    from,
                    to,
                    digest: d.digest.unwrap_or(false),
                }
            }
            "jsonl" => Channel::Jsonl {
                path: need(&d.path, "path")?,
            },
            other => {
                return Err(cx.err(
                    d.kind.span(),
                    &format!("delivery.{name}.kind"),
                    format!("'{other}' is not a channel kind (webhook, email, jsonl)"),
                ));
            }
        };
        let attempts = d.attempts.as_ref().map_or(4, |a| *a.get_ref());
        if attempts == 0 || attempts > 20 {
            return Err(cx.err(
                d.attempts.as_ref().map_or(span.clone(), |a| a.span()),
                &format!("delivery.{name}.attempts"),
                "attempts is from 1 to 20",
            ));
        }
        deliveries.insert(
            name.clone(),
            Delivery {
                name: name.clone(),
                channel,
                attempts,
                backoff_ms: d.backoff_ms.unwrap_or(500).min(60_000),
            },
        );
    }

    let mut calendars = Calendar::defaults();
    for (name, c) in &raw.calendar {
        let source: Source = name.parse().map_err(|_| {
            cx.err(
                c.span(),
                &format!("calendar.{name}"),
                format!("'{name}' is not a source (gacc, census, comext, comtrade)"),
            )
        })?;
        let c = c.get_ref();
        let due = match (&c.day_of_next_month, &c.days_after_month) {
            (Some(d), None) => {
                let v = *d.get_ref();
                if !(1..=28).contains(&v) {
                    return Err(cx.err(
                        d.span(),
                        &format!("calendar.{name}.day_of_next_month"),
                        "a day from 1 to 28",
                    ));
                }
                Due::DayOfNextMonth(v)
            }
            (None, Some(n)) => {
                let v = *n.get_ref();
                if v > 400 {
                    return Err(cx.err(
                        n.span(),
                        &format!("calendar.{name}.days_after_month"),
                        "at most 400 days",
                    ));
                }
                Due::DaysAfter(v)
            }
            _ => {
                return Err(Error::Rules {
                    file: file.to_string(),
                    line: 0,
                    field: format!("calendar.{name}"),
                    reason: "give exactly one of day_of_next_month or days_after_month".to_string(),
                });
            }
        };
        calendars.insert(source, Calendar { source, due });
    }

    let mut rules: Vec<Rule> = Vec::new();
    for r in &raw.rule {
        let header = r.span();
        let r = r.get_ref();
        let id = r.id.get_ref().trim().to_string();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
        {
            return Err(cx.err(
                r.id.span(),
                "id",
                format!("'{id}' is not a rule id (letters, digits, '-', '_', '.')"),
            ));
        }
        if rules.iter().any(|x| x.id == id) {
            return Err(cx.err(r.id.span(), "id", format!("rule '{id}' is defined twice")));
        }
        let condition =
            parse_condition(r.when.get_ref()).map_err(|e| cx.err(r.when.span(), "when", e))?;
        let country = |v: &Option<Spanned<String>>, field: &str, default: &str, star: bool| match v
        {
            None => Ok(default.to_string()),
            Some(s) if star && s.get_ref() == "*" => Ok("*".to_string()),
            Some(s) => Countries::builtin()
                .check(s.get_ref())
                .map(|c| c.iso3.clone())
                .map_err(|e| cx.err(s.span(), field, e.to_string())),
        };
        let reporter = country(&r.reporter, "reporter", "CHN", false)?;
        let partner = country(&r.partner, "partner", "*", true)?;
        let flow = match &r.flow {
            None => Flow::Export,
            Some(f) => f
                .get_ref()
                .parse()
                .map_err(|e: tradewatch_model::Error| cx.err(f.span(), "flow", e.to_string()))?,
        };
        let measure = match &r.measure {
            None => Measure::Quantity,
            Some(m) => match m.get_ref().parse::<Measure>() {
                Ok(x @ (Measure::Quantity | Measure::Value)) => x,
                _ => {
                    return Err(cx.err(
                        m.span(),
                        "measure",
                        format!("'{}' is not quantity or value", m.get_ref()),
                    ));
                }
            },
        };
        let basket = match (&r.basket, &r.codes) {
            (Some(b), None) => Baskets::current()
                .lookup(b.get_ref())
                .map(|b| b.id.clone())
                .map_err(|e| cx.err(b.span(), "basket", e))?,
            (None, Some(c)) => {
                let codes = c.get_ref();
                if codes.is_empty()
                    || codes
                        .iter()
                        .any(|x| x.len() < 2 || !x.chars().all(|ch| ch.is_ascii_digit()))
                {
                    return Err(cx.err(
                        c.span(),
                        "codes",
                        "codes are HS codes of 2 to 10 digits, at least one",
                    ));
                }
                // The narrowest basket that holds every code (a code may sit in a narrow and
                // a broad basket: 850511 in rare-earth-magnets and permanent-magnets).
                let hs = tradewatch_model::Classification::Hs;
                let mut holding: Vec<&tradewatch_model::Basket> = Baskets::current()
                    .all()
                    .iter()
                    .filter(|b| !b.ad_hoc && codes.iter().all(|code| b.matches(hs, code)))
                    .collect();
                let size =
                    |b: &tradewatch_model::Basket| b.codes.get("HS").map_or(usize::MAX, Vec::len);
                holding.sort_by_key(|b| size(b));
                match holding.as_slice() {
                    [one] => one.id.clone(),
                    [a, b, ..] if size(a) < size(b) => a.id.clone(),
                    [] => {
                        return Err(cx.err(
                            c.span(),
                            "codes",
                            format!(
                                "no basket holds all of {} (see `tradewatch baskets`)",
                                codes.join(", ")
                            ),
                        ));
                    }
                    many => {
                        let names: Vec<&str> = many.iter().map(|b| b.id.as_str()).collect();
                        return Err(cx.err(
                            c.span(),
                            "codes",
                            format!(
                                "{} sit in {} alike; name the `basket`",
                                codes.join(", "),
                                names.join(" and ")
                            ),
                        ));
                    }
                }
            }
            (Some(b), Some(_)) => {
                return Err(cx.err(b.span(), "basket", "give `basket` or `codes`, not both"));
            }
            (None, None) => {
                if !matches!(condition, Condition::Late { .. }) {
                    return Err(cx.err(
                        header,
                        "basket",
                        format!("rule '{id}' needs a `basket` (or `codes`)"),
                    ));
                }
                "*".to_string()
            }
        };
        let source = match &r.source {
            None => None,
            Some(s) => Some(s.get_ref().parse::<Source>().map_err(|_| {
                cx.err(
                    s.span(),
                    "source",
                    format!(
                        "'{}' is not a source (gacc, census, comext, comtrade)",
                        s.get_ref()
                    ),
                )
            })?),
        };
        if let Condition::Late { .. } = condition {
            let Some(src) = source else {
                return Err(cx.err(
                    header,
                    "source",
                    "a `late_days` rule needs the `source` whose release it awaits",
                ));
            };
            if !calendars.contains_key(&src) {
                return Err(cx.err(
                    r.source.as_ref().map_or(header.clone(), |s| s.span()),
                    "source",
                    format!("no release calendar for '{src}' (add [calendar.{src}])"),
                ));
            }
        }
        if matches!(condition, Condition::Share { .. }) && partner == "WLD" {
            return Err(cx.err(
                r.partner.as_ref().map_or(header.clone(), |p| p.span()),
                "partner",
                "a share is of the world total: pick a partner or '*'",
            ));
        }
        let deliver: Vec<String> = r
            .deliver
            .as_ref()
            .map(|d| d.get_ref().clone())
            .unwrap_or_else(|| vec!["stdout".to_string()]);
        for name in &deliver {
            if name != "stdout" && name != "atom" && !deliveries.contains_key(name) {
                return Err(cx.err(
                    r.deliver.as_ref().map_or(header.clone(), |d| d.span()),
                    "deliver",
                    format!("no channel '{name}' (stdout, atom, or a [delivery.{name}] table)"),
                ));
            }
        }
        rules.push(Rule {
            id,
            scope: Scope {
                reporter,
                partner,
                flow,
                basket,
                measure,
                source,
            },
            condition,
            deliver,
            line: line_of(text, header.start),
        });
    }
    let mut watch = WatchSettings::default();
    if let Some(w) = raw.watch {
        watch.inbox = w.inbox.unwrap_or_else(|| "inbox".to_string());
        watch.interval_secs = w.interval_secs.unwrap_or(300).max(1);
        for f in &w.fetch {
            let span = f.span();
            let f = f.get_ref();
            let source = match f.source.get_ref().as_str() {
                "comtrade" => Source::Comtrade,
                "census" => Source::Census,
                "comext" => Source::Comext,
                other => {
                    return Err(cx.err(
                        f.source.span(),
                        "watch.fetch.source",
                        format!("'{other}' has no API to fetch from (comtrade, census, comext)"),
                    ));
                }
            };
            let country = |v: &Spanned<String>, field: &str| {
                Countries::builtin()
                    .check(v.get_ref())
                    .map(|c| c.iso3.clone())
                    .map_err(|e| cx.err(v.span(), field, e.to_string()))
            };
            let reporter = country(&f.reporter, "watch.fetch.reporter")?;
            let partner = match &f.partner {
                Some(p) => country(p, "watch.fetch.partner")?,
                None => "WLD".to_string(),
            };
            let flow = match &f.flow {
                None => Flow::Export,
                Some(x) => x.get_ref().parse().map_err(|e: tradewatch_model::Error| {
                    cx.err(x.span(), "watch.fetch.flow", e.to_string())
                })?,
            };
            let basket = match &f.basket {
                Some(b) => Some(
                    Baskets::current()
                        .lookup(b.get_ref())
                        .map(|b| b.id.clone())
                        .map_err(|e| cx.err(b.span(), "watch.fetch.basket", e))?,
                ),
                None => None,
            };
            let codes = f.codes.clone().unwrap_or_default();
            if basket.is_none() && codes.is_empty() {
                return Err(cx.err(span, "watch.fetch.basket", "give a `basket` or `codes`"));
            }
            watch.fetch.push(FetchSpec {
                source,
                reporter,
                partner,
                flow,
                basket,
                codes,
                base_url: f.base_url.as_ref().map(|u| u.get_ref().clone()),
            });
        }
    }
    Ok(RuleSet {
        file: file.to_string(),
        rules,
        deliveries,
        calendars,
        watch,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_parse_and_print_back() {
        for text in [
            "mom_pct <= -20",
            "yoy_pct >= 50",
            "streak_falls >= 3",
            "streak_rises >= 2",
            "low_months >= 12",
            "high_months >= 24",
            "share_pct crosses 10",
            "share_pct >= 25.5",
            "partner = \"new\"",
            "partner = \"gone\"",
            "anomaly",
            "anomaly >= 5",
            "revision_pct >= 1",
            "late_days >= 5",
        ] {
            let c = parse_condition(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(c.to_string(), text);
        }
        assert_eq!(
            parse_condition("partner = new"),
            parse_condition("partner = \"new\"")
        );
    }

    #[test]
    fn bad_conditions_say_why() {
        for (text, needle) in [
            ("mom_pct <= \"x\"", "not a number"),
            ("mom_pct <= NaN", "not a number"),
            ("mom_pct crosses 10", "crosses"),
            ("streak_falls >= 2.5", "whole number"),
            ("streak_falls <= 3", ">= N"),
            ("bananas >= 3", "not a metric"),
            ("mom_pct = -20", "not a comparison"),
            ("share_pct >= 140", "0 to 100"),
            ("partner = \"maybe\"", "new"),
            ("", "empty"),
            ("mom_pct <= -20 and more", "not a condition"),
        ] {
            let e = parse_condition(text).expect_err(text);
            assert!(e.contains(needle), "{text}: {e}");
        }
    }

    #[test]
    fn the_issue_example_parses() {
        let text = r#"
[[rule]]
id = "us-magnets-drop"
reporter = "CHN"
partner = "USA"
flow = "export"
basket = "rare-earth-magnets"
measure = "quantity"
when = "mom_pct <= -20"          # also: yoy_pct, streak_falls >= 3
deliver = ["stdout"]             # or webhook / email / atom names
"#;
        let set = parse("alerts.toml", text).expect("parses");
        assert_eq!(set.rules.len(), 1);
        let r = &set.rules[0];
        assert_eq!(r.scope.partner, "USA");
        assert_eq!(r.line, 2);
        assert_eq!(
            r.condition,
            Condition::Change {
                basis: ChangeBasis::Mom,
                op: Op::Le,
                level: -20.0
            }
        );
    }

    #[test]
    fn the_example_file_parses() {
        let set = parse("alerts.example.toml", EXAMPLE).expect("the example parses");
        assert!(set.rules.len() >= 8, "{}", set.rules.len());
        let kinds: std::collections::BTreeSet<&str> =
            set.rules.iter().map(|r| r.condition.kind()).collect();
        assert_eq!(kinds.len(), 8, "{kinds:?}");
    }

    #[test]
    fn errors_name_file_line_and_field() {
        let cases = [
            // A TOML syntax error: quotes inside a basic string.
            (
                "[[rule]]\nid = \"a\"\nbasket = \"gallium\"\n\n\n\nwhen = \"mom_pct <= \"x\"\"\n",
                7,
                "when",
            ),
            // The same written as a literal string: a condition error.
            (
                "[[rule]]\nid = \"a\"\nbasket = \"gallium\"\n\n\n\nwhen = 'mom_pct <= \"x\"'\n",
                7,
                "when",
            ),
            (
                "[[rule]]\nid = \"a\"\nbasket = \"plutonium\"\nwhen = \"anomaly\"\n",
                3,
                "basket",
            ),
            (
                "[[rule]]\nid = \"a\"\nbasket = \"gallium\"\npartner = \"XXX\"\nwhen = \"anomaly\"\n",
                4,
                "partner",
            ),
            (
                "[[rule]]\nid = \"a\"\nbasket = \"gallium\"\nwhen = \"anomaly\"\ncolour = 3\n",
                5,
                "colour",
            ),
            (
                "[[rule]]\nid = \"a\"\nbasket = \"gallium\"\nwhen = \"anomaly\"\ndeliver = [\"pager\"]\n",
                5,
                "deliver",
            ),
            (
                "[[rule]]\nid = \"a\"\nwhen = \"late_days >= 3\"\n",
                1,
                "source",
            ),
            (
                "[delivery.h]\nkind = \"webhook\"\nurl = \"ftp://x\"\n",
                3,
                "delivery.h.url",
            ),
        ];
        for (text, line, field) in cases {
            match parse("rules.toml", text) {
                Err(Error::Rules {
                    file,
                    line: l,
                    field: f,
                    reason,
                }) => {
                    assert_eq!(file, "rules.toml");
                    assert_eq!((l, f.as_str()), (line, field), "{text}\n→ {reason}");
                }
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_file_with_every_table_parses() {
        let text = include_str!("../tests/data/full.toml");
        let set = parse("full.toml", text).expect("parses");
        assert_eq!(set.rules.len(), 3);
        assert_eq!(set.rules[1].scope.basket, "rare-earth-magnets");
        assert_eq!(set.rules[1].scope.measure, Measure::Value);
        assert_eq!(set.deliveries.len(), 3);
        assert_eq!(set.calendars[&Source::Gacc].due, Due::DayOfNextMonth(18));
        assert_eq!(set.watch.inbox, "drop");
        assert_eq!(set.watch.fetch.len(), 1);
        assert_eq!(set.watch.fetch[0].partner, "CHN");
        assert_eq!(set.channels(&set.rules[0]).len(), 5);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
        #[test]
        fn never_panics_on_arbitrary_text(text in "\\PC{0,400}") {
            let _ = parse("p.toml", &text);
            let _ = parse_condition(&text);
        }

        #[test]
        fn never_panics_on_mangled_rule_files(cut in 0usize..1200, junk in "[\\[\\]=\"'a-z0-9 \\n.<>-]{0,12}") {
            let text = include_str!("../tests/data/full.toml");
            let mut at = cut.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mangled = format!("{}{junk}{}", &text[..at], &text[at..]);
            if let Err(Error::Rules { line, .. }) = parse("m.toml", &mangled) {
                proptest::prop_assert!(line <= mangled.lines().count() + 1);
            }
        }
    }

    #[test]
    fn calendars_give_due_dates() {
        let cal = Calendar::defaults();
        let m = tradewatch_model::Month::new(2025, 9).expect("month");
        let d = |s: Source| cal[&s].due_date(m).expect("date").to_string();
        assert_eq!(d(Source::Gacc), "2025-10-20");
        assert_eq!(d(Source::Census), "2025-11-04");
        assert_eq!(d(Source::Comext), "2025-11-14");
        let dec = tradewatch_model::Month::new(2025, 12).expect("month");
        assert_eq!(
            cal[&Source::Gacc].due_date(dec).expect("date").to_string(),
            "2026-01-20"
        );
    }
}
