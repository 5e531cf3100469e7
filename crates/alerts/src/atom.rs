//! The Atom feed of the alerts (RFC 4287): one entry per alert, its id the fingerprint (so
//! an entry keeps its id when a release revises what it says; `updated` moves instead).

use chrono::{DateTime, Utc};

use crate::alert::Alert;

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The feed of `alerts` (newest first), with links under `base` (`http://host:port`).
pub fn feed(alerts: &[&Alert], base: &str, generated: DateTime<Utc>) -> String {
    let updated = alerts
        .iter()
        .map(|a| a.updated_at)
        .max()
        .unwrap_or(generated);
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    x.push_str("  <id>urn:tradewatch:alerts</id>\n");
    x.push_str("  <title>tradewatch alerts</title>\n");
    x.push_str(&format!("  <updated>{}</updated>\n", updated.to_rfc3339()));
    x.push_str("  <author><name>tradewatch</name></author>\n");
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}/api/v1/alerts.atom\"/>\n",
        escape(base)
    ));
    for a in alerts {
        x.push_str("  <entry>\n");
        x.push_str(&format!(
            "    <id>urn:tradewatch:alert:{}</id>\n",
            escape(&a.id)
        ));
        x.push_str(&format!("    <title>{}</title>\n", escape(&a.title)));
        x.push_str(&format!(
            "    <published>{}</published>\n",
            a.fired_at.to_rfc3339()
        ));
        x.push_str(&format!(
            "    <updated>{}</updated>\n",
            a.updated_at.to_rfc3339()
        ));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"application/json\" href=\"{}/api/v1/alerts/{}\"/>\n",
            escape(base),
            escape(&a.id)
        ));
        x.push_str(&format!("    <category term=\"{}\"/>\n", escape(&a.kind)));
        let mut summary = format!("{} (rule {}: {})", a.display, a.rule, a.condition);
        for p in a.provenance() {
            summary.push_str(&format!(
                "\nsource: {} release {} line {} — {}",
                p.source.as_str(),
                p.release,
                p.line,
                p.citation
            ));
        }
        x.push_str(&format!("    <summary>{}</summary>\n", escape(&summary)));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}
