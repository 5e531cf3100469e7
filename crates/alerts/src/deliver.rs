//! The outbox: every (alert, channel) the log has not seen acknowledged is sent, with
//! retries and a doubling backoff, and recorded `sent` only after the receiver accepted it.
//! A crash between the two sends it again with the same id (at least once; receivers
//! deduplicate on `webhook-id` / `Message-ID`).

use std::path::Path;
use std::time::Duration;

use chrono::{NaiveDate, Utc};
use tracing::{info, warn};

use crate::alert::Alert;
use crate::log::{AlertLog, Record};
use crate::rules::{Channel, Delivery, RuleSet, WebhookStyle};
use crate::{Result, sign};

/// What a delivery pass did.
#[derive(Debug, Clone, Default)]
pub struct Delivered {
    pub sent: usize,
    pub suppressed: usize,
    /// (alert id, channel, last error): left for the next pass.
    pub failed: Vec<(String, String, String)>,
}

/// Where `stdout` alerts go: the command that evaluated them prints them.
pub type StdoutSink<'a> = dyn FnMut(&Alert) -> std::io::Result<()> + Send + 'a;

/// The body a webhook receives.
pub fn webhook_body(alert: &Alert, style: WebhookStyle) -> Vec<u8> {
    match style {
        WebhookStyle::Standard => serde_json::to_vec(&serde_json::json!({
            "type": format!("alert.{}", alert.kind),
            "timestamp": alert.updated_at,
            "data": alert,
        }))
        .unwrap_or_default(),
        WebhookStyle::Slack => {
            let mut text = format!("*{}* — {}", alert.rule, alert.title);
            for p in alert.provenance() {
                text.push_str(&format!(
                    "\n• {} ({}, release {})",
                    p.citation,
                    p.source.as_str(),
                    p.release
                ));
            }
            serde_json::to_vec(&serde_json::json!({ "text": text })).unwrap_or_default()
        }
    }
}

/// The text of an alert in a mail.
fn mail_text(alert: &Alert) -> String {
    let mut t = format!(
        "{}\n\nRule {} ({}), fingerprint {}\n",
        alert.title, alert.rule, alert.condition, alert.id
    );
    if let Some(r) = &alert.release {
        t.push_str(&format!("Release: {r}\n"));
    }
    t.push_str("Sources:\n");
    for p in alert.provenance() {
        t.push_str(&format!(
            "  - {} {}: {} (release {}, line {})\n",
            p.period, p.measure, p.citation, p.release, p.line
        ));
    }
    t
}

async fn send_webhook(
    client: &reqwest::Client,
    alert: &Alert,
    url: &str,
    secret_env: &str,
    style: WebhookStyle,
) -> std::result::Result<(), String> {
    let secret = std::env::var(secret_env)
        .map_err(|_| format!("the webhook secret variable {secret_env} is not set"))?;
    let body = webhook_body(alert, style);
    let ts = Utc::now().timestamp();
    let sig = sign::signature(&secret, &alert.id, ts, &body);
    let resp = client
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", &alert.id)
        .header("webhook-timestamp", ts.to_string())
        .header("webhook-signature", sig)
        .body(body)
        .send()
        .await
        .map_err(|e| format!("POST {url}: {e}"))?;
    let status = resp.status();
    if status.is_success() {
        Ok(())
    } else {
        Err(format!("POST {url}: HTTP {status}"))
    }
}

async fn send_mail(
    alerts: &[&Alert],
    smtp: &str,
    from: &str,
    to: &[String],
) -> std::result::Result<(), String> {
    use lettre::message::{Mailbox, header::ContentType};
    use lettre::{Message, SmtpTransport, Transport};
    use sha2::Digest;
    let (host, port) = match smtp.rsplit_once(':') {
        Some((h, p)) => (
            h.to_string(),
            p.parse::<u16>()
                .map_err(|_| format!("'{smtp}': bad SMTP port"))?,
        ),
        None => (smtp.to_string(), 25),
    };
    let parse = |a: &str| {
        a.parse::<Mailbox>()
            .map_err(|e| format!("'{a}' is not a mail address: {e}"))
    };
    let (subject, body, message_id) = match alerts {
        [one] => (
            format!("tradewatch: {}", one.title),
            mail_text(one),
            format!("<{}@tradewatch>", one.id),
        ),
        many => {
            let release = many
                .first()
                .and_then(|a| a.release.clone())
                .unwrap_or_else(|| "no release".to_string());
            let ids: Vec<&str> = many.iter().map(|a| a.id.as_str()).collect();
            let digest = hex::encode(sha2::Sha256::digest(ids.join(",").as_bytes()));
            (
                format!("tradewatch: {} alerts after release {release}", many.len()),
                many.iter()
                    .map(|a| mail_text(a))
                    .collect::<Vec<_>>()
                    .join("\n----\n\n"),
                format!("<digest-{}@tradewatch>", &digest[..24]),
            )
        }
    };
    let mut builder = Message::builder()
        .from(parse(from)?)
        .subject(subject)
        .message_id(Some(message_id))
        .header(ContentType::TEXT_PLAIN);
    for t in to {
        builder = builder.to(parse(t)?);
    }
    let message = builder.body(body).map_err(|e| e.to_string())?;
    let smtp = smtp.to_string();
    tokio::task::spawn_blocking(move || {
        let transport = SmtpTransport::builder_dangerous(host)
            .port(port)
            .timeout(Some(Duration::from_secs(20)))
            .build();
        transport
            .send(&message)
            .map(|_| ())
            .map_err(|e| format!("SMTP {smtp}: {e}"))
    })
    .await
    .map_err(|e| e.to_string())?
}

fn append_jsonl(path: &Path, alert: &Alert) -> std::result::Result<(), String> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    let mut line = serde_json::to_vec(alert).map_err(|e| e.to_string())?;
    line.push(b'\n');
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    f.write_all(&line)
        .and_then(|()| f.sync_data())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Sends everything pending. `stdout` alerts go to `stdout`; the rest by their channel.
pub async fn deliver(
    log: &mut AlertLog,
    rules: &RuleSet,
    data_dir: &Path,
    today: NaiveDate,
    stdout: &mut StdoutSink<'_>,
) -> Result<Delivered> {
    let mut out = Delivered::default();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(15))
        .build()
        .unwrap_or_default();
    let pending: Vec<(Alert, String)> = log
        .state()
        .pending()
        .into_iter()
        .map(|(a, c)| (a.clone(), c.to_string()))
        .collect();
    // Digest mail channels take every pending alert of one release at once.
    let mut digested: std::collections::BTreeSet<(String, String)> = Default::default();
    for (alert, channel) in &pending {
        if digested.contains(&(alert.id.clone(), channel.clone())) {
            continue;
        }
        let now = Utc::now();
        if let Some(until) = log.state().silenced(alert, today) {
            log.append(vec![Record::Suppressed {
                id: alert.id.clone(),
                channel: channel.clone(),
                reason: format!("silenced until {until}"),
                at: now,
            }])?;
            out.suppressed += 1;
            continue;
        }
        let Some(delivery) = rules.delivery(channel) else {
            let e = format!("no channel '{channel}' in {}", rules.file);
            log.append(vec![Record::Failed {
                id: alert.id.clone(),
                channel: channel.clone(),
                error: e.clone(),
                at: now,
            }])?;
            out.failed.push((alert.id.clone(), channel.clone(), e));
            continue;
        };
        let group: Vec<&Alert> = match &delivery.channel {
            Channel::Email { digest: true, .. } => pending
                .iter()
                .filter(|(a, c)| c == channel && a.release == alert.release)
                .filter(|(a, _)| log.state().silenced(a, today).is_none())
                .map(|(a, _)| a)
                .collect(),
            _ => vec![alert],
        };
        let result = attempt(&client, &delivery, &group, data_dir, stdout).await;
        match result {
            Ok(attempts) => {
                crate::crash_point("after-send");
                let at = Utc::now();
                let records: Vec<Record> = group
                    .iter()
                    .map(|a| Record::Sent {
                        id: a.id.clone(),
                        channel: channel.clone(),
                        attempts,
                        at,
                    })
                    .collect();
                log.append(records)?;
                for a in &group {
                    digested.insert((a.id.clone(), channel.clone()));
                    info!(alert = %a.id, channel = %channel, attempts, "alert delivered");
                }
                out.sent += group.len();
            }
            Err(e) => {
                warn!(alert = %alert.id, channel = %channel, error = %e, "alert not delivered; it stays in the outbox");
                let at = Utc::now();
                let records: Vec<Record> = group
                    .iter()
                    .map(|a| Record::Failed {
                        id: a.id.clone(),
                        channel: channel.clone(),
                        error: e.clone(),
                        at,
                    })
                    .collect();
                log.append(records)?;
                for a in &group {
                    digested.insert((a.id.clone(), channel.clone()));
                    out.failed.push((a.id.clone(), channel.clone(), e.clone()));
                }
            }
        }
    }
    Ok(out)
}

/// Sends one group through a channel, retrying; the number of attempts it took.
async fn attempt(
    client: &reqwest::Client,
    delivery: &Delivery,
    group: &[&Alert],
    data_dir: &Path,
    stdout: &mut StdoutSink<'_>,
) -> std::result::Result<u32, String> {
    let mut wait = delivery.backoff_ms;
    let mut last = String::new();
    for n in 1..=delivery.attempts.max(1) {
        let r = match &delivery.channel {
            Channel::Stdout => group
                .iter()
                .try_for_each(|a| stdout(a))
                .map_err(|e| format!("stdout: {e}")),
            Channel::Atom => Ok(()),
            Channel::Jsonl { path } => {
                let p = data_dir.join(path);
                group.iter().try_for_each(|a| append_jsonl(&p, a))
            }
            Channel::Webhook {
                url,
                secret_env,
                style,
            } => {
                let mut r = Ok(());
                for a in group {
                    r = send_webhook(client, a, url, secret_env, *style).await;
                    if r.is_err() {
                        break;
                    }
                }
                r
            }
            Channel::Email { smtp, from, to, .. } => send_mail(group, smtp, from, to).await,
        };
        match r {
            Ok(()) => return Ok(n),
            Err(e) => {
                last = e;
                if n < delivery.attempts {
                    tokio::time::sleep(Duration::from_millis(wait)).await;
                    wait = wait.saturating_mul(2);
                }
            }
        }
    }
    Err(last)
}
