//! From an article as published (plain text or HTML) to the prose worth reading for claims:
//! the visible text, with every byte mapped back to its offset in the input (claims report
//! byte offsets into what the user gave), and the paragraphs that are not the story — ads,
//! cookie banners, "related posts", references, comments — marked so no claim comes from them.
//!
//! HTML is read by a WHATWG tokenizer (html5gum), which reports the span of every piece of
//! text; entities are decoded and each decoded character maps to the entity that wrote it.

use html5gum::{DefaultEmitter, Token, Tokenizer};

/// One paragraph (a line) of visible text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Byte range in [`Document::text`].
    pub start: usize,
    pub end: usize,
    /// Not part of the story (an ad, a banner, references, comments, a footer).
    pub boilerplate: bool,
}

/// The visible text of an article.
#[derive(Debug, Clone)]
pub struct Document {
    pub text: String,
    /// For each byte of `text`, its byte offset in the input.
    map: Vec<usize>,
    pub paragraphs: Vec<Paragraph>,
}

impl Document {
    /// Reads an article: HTML when it looks like HTML, plain text otherwise.
    pub fn read(input: &str) -> Document {
        let (text, map, hidden) = if looks_like_html(input) {
            visible_text(input)
        } else if let Some((text, map)) = subtitles(input) {
            (text, map, Vec::new())
        } else {
            let (text, map) = match without_tags(input) {
                Some((bare, bare_map)) => {
                    let (text, map) = unwrap_lines(&bare);
                    let map = map.into_iter().map(|k| bare_map[k]).collect();
                    (text, map)
                }
                None => unwrap_lines(input),
            };
            (text, map, Vec::new())
        };
        let paragraphs = paragraphs(&text, &hidden);
        Document {
            text,
            map,
            paragraphs,
        }
    }

    /// The input byte range of a range of `text`.
    pub fn input_range(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.map.get(start).copied().unwrap_or(0);
        let e = if end == 0 || end <= start {
            s
        } else {
            self.map.get(end - 1).map_or(s, |&e| {
                // The whole character (or entity) the last byte belongs to.
                e + 1
            })
        };
        (s, e.max(s))
    }

    /// The paragraphs of the story (boilerplate left out).
    pub fn story(&self) -> impl Iterator<Item = &Paragraph> {
        self.paragraphs.iter().filter(|p| !p.boilerplate)
    }

    /// A paragraph's text.
    pub fn slice(&self, p: &Paragraph) -> &str {
        &self.text[p.start..p.end]
    }
}

/// A subtitle file (SRT or WebVTT): its cue numbers and timecodes are no text, and its cues
/// are the lines of one running speech, split where a sentence ends. `None` when the input
/// is not one (fewer than two timecode lines).
fn subtitles(input: &str) -> Option<(String, Vec<usize>)> {
    let timecode = |line: &str| {
        let l = line.trim();
        l.contains("-->")
            && l.split("-->").all(|side| {
                let t = side.trim();
                let t = t.split_whitespace().next().unwrap_or("");
                t.len() >= 8
                    && t.chars()
                        .all(|c| c.is_ascii_digit() || matches!(c, ':' | ',' | '.'))
                    && t.contains(':')
            })
    };
    if input.lines().filter(|l| timecode(l)).take(2).count() < 2 {
        return None;
    }
    let mut text = String::with_capacity(input.len());
    let mut map: Vec<usize> = Vec::with_capacity(input.len());
    let mut offset = 0;
    let mut break_next = false;
    for line in input.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim();
        let index = !trimmed.is_empty() && trimmed.chars().all(|c| c.is_ascii_digit());
        if trimmed.is_empty() || index || timecode(body) || trimmed == "WEBVTT" {
            continue;
        }
        // A direction, not speech ("[MUSIC]", "[GRAPHIC: TOP BUYERS]", "(applause)"): it
        // ends what was said before it.
        let direction = trimmed.starts_with('[') && trimmed.ends_with(']')
            || trimmed.starts_with('(') && trimmed.ends_with(')');
        if direction {
            break_next = true;
            continue;
        }
        let lead = body.len() - body.trim_start().len();
        if !text.is_empty() {
            // A sentence ended: a new line; else the speech runs on.
            let ended =
                std::mem::take(&mut break_next) || text.trim_end().ends_with(['.', '!', '?', ':']);
            text.push(if ended { '\n' } else { ' ' });
            map.push(start.saturating_sub(1));
        }
        text.push_str(trimmed);
        map.extend(start + lead..start + lead + trimmed.len());
    }
    Some((text, map))
}

/// Text that is not an HTML page but carries markup (an RSS or Atom feed, an XML export,
/// stray tags): each tag ends a line, and CDATA brackets are no text, so "<title>July rare
/// earth exports fall 22.6% from June</title>" is a line of its own. `None` when the text
/// has fewer than two tags. The map gives each byte's offset in the input.
fn without_tags(input: &str) -> Option<(String, Vec<usize>)> {
    let tag_at = |k: usize| -> Option<usize> {
        let rest = &input[k..];
        let name = rest.strip_prefix("</").or_else(|| rest.strip_prefix('<'))?;
        if !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '!' || c == '?') {
            return None;
        }
        let end = rest.find('>')?;
        (!rest[1..end].contains(['\n', '<']) || rest.starts_with("<![CDATA[")).then_some(end + 1)
    };
    let tags = input
        .match_indices('<')
        .filter(|(k, _)| tag_at(*k).is_some())
        .take(2)
        .count();
    if tags < 2 {
        return None;
    }
    let mut text = String::with_capacity(input.len());
    let mut map: Vec<usize> = Vec::with_capacity(input.len());
    let mut k = 0;
    while k < input.len() {
        if input[k..].starts_with("<![CDATA[") {
            k += "<![CDATA[".len();
            continue;
        }
        if input[k..].starts_with("]]>") {
            k += 3;
            continue;
        }
        if input.as_bytes()[k] == b'<'
            && let Some(n) = tag_at(k)
        {
            text.push('\n');
            map.push(k);
            k += n;
            continue;
        }
        k = copy_char(input, k, &mut text, &mut map);
    }
    Some((text, map))
}

/// Copies the character of `input` at byte `k` to `text`, each of its bytes mapped to its
/// offset in the input; returns where the next character starts.
fn copy_char(input: &str, k: usize, text: &mut String, map: &mut Vec<usize>) -> usize {
    let c = input[k..].chars().next().unwrap_or(' ');
    text.push(c);
    map.extend(k..k + c.len_utf8());
    k + c.len_utf8()
}

/// Plain text laid out in lines (a PDF's extract, a wrapped e-mail): a word broken with a
/// hyphen at a line's end ("ship-\nments", "Jan-\nuary") is joined, and a line that goes on
/// in lower case after a line ending in a letter, a digit or a comma ("… to 6,146\ntonnes in
/// August") is the same line. Every byte keeps its offset in the input.
fn unwrap_lines(input: &str) -> (String, Vec<usize>) {
    let mut text = String::with_capacity(input.len());
    let mut map: Vec<usize> = Vec::with_capacity(input.len());
    let bytes = input.as_bytes();
    let mut k = 0;
    while k < bytes.len() {
        if bytes[k] == b'\n' {
            // The line before, as written so far (trailing spaces aside), and the next one.
            let kept = text.trim_end_matches([' ', '\t', '\r']).len();
            let before = &text[..kept];
            let mut next = k + 1;
            while next < bytes.len() && matches!(bytes[next], b' ' | b'\t') {
                next += 1;
            }
            let next_lower = input[next..].chars().next().is_some_and(char::is_lowercase);
            let last = before.chars().last();
            let prev = before.chars().rev().nth(1);
            if next_lower && last == Some('-') && prev.is_some_and(char::is_lowercase) {
                // "ship-\nments": drop the hyphen and the break.
                let cut = kept - 1;
                text.truncate(cut);
                map.truncate(cut);
                k = next;
                continue;
            }
            // (Never rows of a table drawn with bars: "Europe | 2,821.4 | n/a" and "  of which
            // Germany | 1,341.1" are two rows.)
            let line_before = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
            let line_after = input[next..].split('\n').next().unwrap_or_default();
            // (Nor rows of one drawn with spaces: "Rare earths, October    3,604    4,291"
            // and "  change on Oct a year earlier    n/a    +19.1".)
            let table = line_before.contains('|') && line_after.contains('|')
                || spaced_cells(line_before) && spaced_cells(line_after);
            if next_lower && !table && last.is_some_and(|c| c.is_alphanumeric() || c == ',') {
                text.truncate(kept);
                map.truncate(kept);
                text.push(' ');
                map.push(k);
                k = next;
                continue;
            }
        }
        k = copy_char(input, k, &mut text, &mut map);
    }
    (text, map)
}

/// Whether a line is cut into cells by two or more runs of at least three spaces.
fn spaced_cells(line: &str) -> bool {
    line.trim()
        .split("   ")
        .filter(|cell| !cell.trim().is_empty())
        .count()
        >= 3
}

fn looks_like_html(input: &str) -> bool {
    let head: String = input
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    head.contains("<html")
        || head.contains("<!doctype html")
        || head.contains("<body")
        || head.contains("<p>")
        || head.contains("<div")
}

/// Elements whose content is never visible prose (or never the story).
const HIDDEN: [&str; 14] = [
    "script", "style", "noscript", "template", "svg", "nav", "footer", "aside", "form", "title",
    "head", "button", "select", "iframe",
];

/// Elements that end a line of text.
const BLOCKS: [&str; 24] = [
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "section",
    "article",
    "header",
    "blockquote",
    "figcaption",
    "table",
    "hr",
    "dt",
    "dd",
    "pre",
    "figure",
];

/// Elements that never hold content (no end tag).
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Words in a `class` or `id` that mark an element as not the story.
const NOT_STORY: [&str; 34] = [
    "ad",
    "ads",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "sponsor",
    "sponsored",
    "promo",
    "promoted",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "related",
    "comment",
    "comments",
    "sidebar",
    "newsletter",
    "subscribe",
    "share",
    "sharing",
    "social",
    "ticker",
    "footer",
    "nav",
    "navigation",
    "breadcrumb",
    "breadcrumbs",
    "popup",
    "modal",
    "outbrain",
    "taboola",
    "recommended",
];

fn marks_boilerplate(attr: &str) -> bool {
    attr.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| NOT_STORY.contains(&w.to_ascii_lowercase().as_str()))
}

/// Appends decoded text, mapping each byte of it to the input: characters the input wrote
/// as themselves map to themselves, characters an entity wrote map to the entity's `&`.
fn push_decoded(text: &mut String, map: &mut Vec<usize>, raw: &str, at: usize, decoded: &str) {
    let raw_b = raw.as_bytes();
    let mut i = 0;
    for c in decoded.chars() {
        let mut buf = [0u8; 4];
        let enc = c.encode_utf8(&mut buf).as_bytes();
        // Where the character was written in the input: [from, to).
        let (from, to) = if raw_b.get(i..i + enc.len()) == Some(enc) {
            i += enc.len();
            (at + i - enc.len(), at + i)
        } else if raw_b.get(i) == Some(&b'&') {
            // An entity: it ends at its ';', or where a name without one ends.
            let rest = &raw[i..];
            let len = rest
                .char_indices()
                .skip(1)
                .take(40)
                .find(|&(_, ch)| ch == ';' || !(ch.is_ascii_alphanumeric() || ch == '#'))
                .map_or(rest.len(), |(k, ch)| if ch == ';' { k + 1 } else { k })
                .max(1);
            i += len;
            (at + i - len, at + i)
        } else if raw_b.get(i) == Some(&b'\r') {
            // CR LF read as LF.
            let len = if raw_b.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
            i += len;
            (at + i - len, at + i)
        } else {
            // Whatever the tokenizer replaced (a NUL, a bad byte): one input byte.
            let here = at + i.min(raw.len().saturating_sub(1));
            i += 1;
            (here, here + 1)
        };
        let c = if matches!(c, '\n' | '\r' | '\t' | '\u{a0}') {
            ' '
        } else {
            c
        };
        let n = c.len_utf8();
        for k in 0..n {
            // Every byte maps into the input; the last one to the last byte written, so a
            // range ending at this character ends where the input's does.
            map.push(if k + 1 == n {
                to - 1
            } else {
                (from + k).min(to - 1)
            });
        }
        text.push(c);
    }
}

/// Adds marks of the reader's own (a table's bars) to the text, mapped to the tag at `at`.
fn push_mark(text: &mut String, map: &mut Vec<usize>, mark: &str, at: usize) {
    text.push_str(mark);
    map.extend(std::iter::repeat_n(at, mark.len()));
}

fn push_break(text: &mut String, map: &mut Vec<usize>, at: usize) {
    if !text.ends_with('\n') {
        text.push('\n');
        map.push(at);
    }
}

/// The visible text of an HTML page, the input offset of each of its bytes, and the byte
/// ranges of the text that sit in elements marked as not the story.
fn visible_text(input: &str) -> (String, Vec<usize>, Vec<(usize, usize)>) {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // <script> and <style> content is raw text, not markup.
    emitter.naively_switch_states(true);
    let mut text = String::with_capacity(input.len() / 2);
    let mut map = Vec::with_capacity(input.len() / 2);
    // Open elements: (name, hidden, boilerplate).
    let mut open: Vec<(String, bool, bool)> = Vec::new();
    let mut hidden_ranges: Vec<(usize, usize)> = Vec::new();
    let mut boiler_start: Option<usize> = None;
    for token in Tokenizer::new_with_emitter(input, emitter).flatten() {
        let hidden = open.iter().any(|(_, h, _)| *h);
        let boiler = open.iter().any(|(_, _, b)| *b);
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if BLOCKS.contains(&name.as_str()) {
                    push_break(&mut text, &mut map, tag.span.start);
                }
                // A table's cells stay on their row's line, parted by bars, as a text table
                // draws them ("| Apr | 4,784.8 | -15.6% |").
                if matches!(name.as_str(), "td" | "th") && !hidden {
                    let bar = if text.is_empty() || text.ends_with('\n') {
                        "| "
                    } else {
                        " | "
                    };
                    push_mark(&mut text, &mut map, bar, tag.span.start);
                }
                if VOID.contains(&name.as_str()) || tag.self_closing {
                    continue;
                }
                let marked = ["class", "id", "role"].iter().any(|a| {
                    tag.attributes
                        .get(a.as_bytes())
                        .is_some_and(|v| marks_boilerplate(&String::from_utf8_lossy(&v.value)))
                });
                // A box inside the story ("<aside class=\"box\">Data box: …") is the story's
                // own, unless marked as something else; an aside beside it is not.
                let in_story = open.iter().any(|(n, _, _)| n == "article");
                let hides = HIDDEN.contains(&name.as_str()) && !(name == "aside" && in_story);
                if marked && !boiler {
                    boiler_start = Some(text.len());
                }
                open.push((name, hides, marked));
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if let Some(k) = open.iter().rposition(|(n, _, _)| *n == name) {
                    open.truncate(k);
                }
                if name == "tr" && !hidden && text.ends_with(|c: char| c != '\n') {
                    push_mark(&mut text, &mut map, " |", tag.span.start);
                }
                if BLOCKS.contains(&name.as_str()) {
                    push_break(&mut text, &mut map, tag.span.start);
                    if matches!(name.as_str(), "p" | "h1" | "h2" | "h3" | "h4" | "li") {
                        text.push('\n');
                        map.push(tag.span.start);
                    }
                }
                let still = open.iter().any(|(_, _, b)| *b);
                if boiler
                    && !still
                    && let Some(s) = boiler_start.take()
                {
                    hidden_ranges.push((s, text.len()));
                }
            }
            Token::String(s) if !hidden => {
                let (a, b) = (s.span.start, s.span.end.min(input.len()));
                let raw = input.get(a..b).unwrap_or("");
                let decoded = String::from_utf8_lossy(&s.value);
                push_decoded(&mut text, &mut map, raw, a, &decoded);
            }
            _ => {}
        }
    }
    if let Some(s) = boiler_start {
        hidden_ranges.push((s, text.len()));
    }
    (text, map, hidden_ranges)
}

/// Markers of paragraphs that are not the story.
const NOISE: [&str; 18] = [
    "advertisement",
    "sponsored",
    "special offer",
    "we use cookies",
    "accept all cookies",
    "subscribe to our newsletter",
    "sign up for",
    "is the premier",
    "is the top choice",
    "is the #1",
    "all trademarks",
    "featured image is for illustrative",
    "your email address will not be published",
    "leave a reply",
    "click here",
    "buy now",
    "use code ",
    "brought to you by",
];

/// Headings after which the rest of the page is not the story.
const TAIL: [&str; 11] = [
    "references",
    "further reading",
    "related posts",
    "related articles",
    "related reading",
    "you may also like",
    "comments",
    "one thought on",
    "thoughts on",
    "read more",
    "sources:",
];

/// Splits the text into paragraphs at line ends and marks the boilerplate.
fn paragraphs(text: &str, hidden: &[(usize, usize)]) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut tail = false;
    let mut start = 0;
    let mut chunks: Vec<(usize, usize)> = Vec::new();
    for (i, _) in text.match_indices('\n') {
        chunks.push((start, i));
        start = i + 1;
    }
    chunks.push((start, text.len()));
    // A heading's words without its marks ("== References ==", "## References", "References"),
    // so that a table of contents' entry can be told from the heading it points to.
    let bare = |t: &str| -> String {
        t.trim()
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    for (n, &(s, e)) in chunks.iter().enumerate() {
        let raw = &text[s..e];
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        let lead = raw.len() - raw.trim_start().len();
        let (s, e) = (s + lead, s + lead + trimmed.len());
        let lower = trimmed.to_lowercase();
        let heading_like = trimmed.split_whitespace().count() <= 12;
        // A contents list names the tail's heading before the story: the heading itself,
        // further down, is where the tail begins.
        let listed_again = || {
            let me = bare(trimmed);
            chunks[n + 1..]
                .iter()
                .any(|&(a, b)| bare(&text[a..b]) == me)
        };
        // A heading in marks ("== References ==", "## Further reading") is one too.
        let marked = || {
            let me = bare(trimmed);
            me != lower && TAIL.iter().any(|t| me == t.trim_end_matches(':'))
        };
        // "Sources: GACC monthly releases" under a table is a note on that table, not the
        // heading of the page's end matter: only the line itself is not the story.
        // So is "Read more: November exports jump 26% as truce holds", a link box between
        // paragraphs: a tail word with a colon and words after it on its own line.
        let note = TAIL.iter().any(|t| {
            let head = t.trim_end_matches(':');
            lower.starts_with(head)
                && lower[head.len()..].trim_start().starts_with(':')
                && !lower[head.len()..]
                    .trim_start()
                    .trim_start_matches(':')
                    .trim()
                    .is_empty()
        });
        if heading_like
            && !note
            && (TAIL.iter().any(|t| lower.starts_with(t)) || marked())
            && !listed_again()
        {
            tail = true;
        }
        let noise = note
            || NOISE.iter().any(|n| lower.contains(n))
            || lower.starts_with("share this")
            || lower.starts_with("tags:")
            || lower.starts_with("copyright")
            || lower.starts_with('©')
            || lower.starts_with("[ad")
            || lower.starts_with("(ad");
        let in_hidden = hidden.iter().any(|&(a, b)| a <= s && e <= b);
        out.push(Paragraph {
            start: s,
            end: e,
            boilerplate: tail || noise || in_hidden,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A subtitle file's cues are one running speech: no cue number or timecode is text,
    /// and a sentence split over cues is whole.
    #[test]
    fn subtitle_cues_are_one_speech() {
        let input = "1\n00:00:07,700 --> 00:00:11,400\nExports fell 6.1% in September\nfrom \
                     August, to 5,774 tonnes.\n\n2\n00:00:11,500 --> 00:00:15,200\nCompared with \
                     September last year\n\n3\n00:00:15,300 --> 00:00:19,000\nUS shipments were \
                     off about 30%.\n";
        let doc = Document::read(input);
        assert_eq!(
            doc.text,
            "Exports fell 6.1% in September from August, to 5,774 tonnes.\nCompared with \
             September last year US shipments were off about 30%."
        );
        let at = doc.text.find("5,774 tonnes").unwrap();
        let (s, e) = doc.input_range(at, at + "5,774 tonnes".len());
        assert_eq!(&input[s..e], "5,774 tonnes");
        // A direction ("[MUSIC]") is no speech, and ends what was said before it.
        let input = "1\n00:00:01,000 --> 00:00:02,000\nVietnam's volume nearly doubled\n\n2\n\
                     00:00:02,100 --> 00:00:03,000\n[MUSIC]\n\n3\n00:00:03,100 --> 00:00:04,000\n\
                     Now the wider rare earths category\n";
        assert_eq!(
            Document::read(input).text,
            "Vietnam's volume nearly doubled\nNow the wider rare earths category"
        );
        // Text that only mentions an arrow is no subtitle file.
        assert_eq!(
            Document::read("A --> B\nC --> D\n").text,
            "A --> B\nC --> D\n"
        );
    }

    /// A contents list names "References" before the story: the tail begins at the heading
    /// itself, further down, not at its entry in the list.
    #[test]
    fn a_contents_entry_is_not_the_tail() {
        let input = "Magnet trade\n\nContents\n  History\n  References\n\n== History ==\n\
                     In 2024 China exported 58,152 tonnes of magnets.\n\n== References ==\n\
                     1. ^ Adamas. Market note, 2025. 12 pages.\n";
        let doc = Document::read(input);
        let story = |part: &str| {
            let at = doc.text.find(part).unwrap();
            doc.paragraphs
                .iter()
                .any(|p| p.start <= at && at < p.end && !p.boilerplate)
        };
        assert!(story("58,152"));
        assert!(!story("12 pages"));
    }

    /// "Sources: …" under a table is a note on the table, "Read more: …" between paragraphs
    /// a link box: the prose after either is the story. A "Sources" heading alone still
    /// begins the end matter.
    #[test]
    fn a_sources_note_is_not_the_tail() {
        let story = |input: &str, part: &str| {
            let doc = Document::read(input);
            let at = doc.text.find(part).unwrap();
            doc.paragraphs
                .iter()
                .any(|p| p.start <= at && at < p.end && !p.boilerplate)
        };
        let input = "  Jun    7,742.2\n\n  Sources: GACC monthly releases.\n\nJune stands out at \
                     7,742.2 tonnes.\n";
        assert!(story(input, "June stands out"));
        assert!(!story(input, "GACC monthly"));
        let input = "June stands out at 7,742.2 tonnes.\n\nSources:\n1. GACC, 12 pages.\n";
        assert!(story(input, "June stands out"));
        assert!(!story(input, "12 pages"));
        // A link box between paragraphs.
        let input = "<p>Exports fell.</p><div>Read more: November exports jump 26%</div>\
                     <p>Magnet exports totalled 57,392 tonnes in 2025.</p>";
        assert!(story(input, "57,392"));
        assert!(!story(input, "jump 26%"));
    }

    /// The document's text as its non-empty lines, trimmed.
    fn visible_lines(doc: &Document) -> Vec<&str> {
        doc.text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    }

    /// An HTML table's row is one line, its cells parted by bars as a text table draws them,
    /// each figure mapped back to its place in the page.
    #[test]
    fn an_html_tables_rows_are_lines_of_cells() {
        let input = "<html><body><table>\n<tr><th>Month</th><th>2025 (t)</th><th>m/m</th></tr>\n\
                     <tr><td>Apr</td><td>4,784.8</td><td>-15.6%</td></tr>\n</table></body></html>";
        let doc = Document::read(input);
        let lines = visible_lines(&doc);
        assert_eq!(
            lines,
            ["| Month | 2025 (t) | m/m |", "| Apr | 4,784.8 | -15.6% |"]
        );
        let at = doc.text.find("4,784.8").unwrap();
        let (s, e) = doc.input_range(at, at + "4,784.8".len());
        assert_eq!(&input[s..e], "4,784.8");
    }

    /// A feed (RSS, Atom) read as text: each tag ends a line and CDATA brackets go, so an
    /// item's title is a line of its own; a "<" before a number is no tag.
    #[test]
    fn a_feeds_tags_end_lines() {
        let input = "<rss><item>\n<title>July rare earth exports fall 22.6% from June</title>\n\
                     <description><![CDATA[Exports of <5 t went to Estonia.]]></description>\n\
                     </item></rss>\n";
        let doc = Document::read(input);
        let lines = visible_lines(&doc);
        assert_eq!(
            lines,
            [
                "July rare earth exports fall 22.6% from June",
                "Exports of <5 t went to Estonia."
            ]
        );
        let at = doc.text.find("22.6%").unwrap();
        let (s, e) = doc.input_range(at, at + "22.6%".len());
        assert_eq!(&input[s..e], "22.6%");
    }

    /// A PDF's extract: a word broken with a hyphen at a line's end is joined, a line that
    /// goes on in lower case joins the one before, and every byte still maps to the input.
    #[test]
    fn lines_laid_out_by_a_pdf_are_unwrapped() {
        let input = "Key points\n- Exports rose 10.2% to 6,146\ntonnes in August.\n- Ship-\n  ments \
                     were higher.\nTable 1\nEurope\n2,821.4\n";
        let doc = Document::read(input);
        assert!(
            doc.text.contains("to 6,146 tonnes in August."),
            "{}",
            doc.text
        );
        assert!(
            doc.text.contains("- Shipments were higher."),
            "{}",
            doc.text
        );
        // Lines that open with a capital or a digit stay lines.
        assert!(
            doc.text.contains("Table 1\nEurope\n2,821.4"),
            "{}",
            doc.text
        );
        let at = doc.text.find("6,146 tonnes").unwrap();
        let (s, e) = doc.input_range(at, at + "6,146 tonnes".len());
        assert_eq!(&input[s..e], "6,146\ntonnes");
        let at = doc.text.find("Shipments").unwrap();
        let (s, e) = doc.input_range(at, at + "Shipments".len());
        assert_eq!(&input[s..e], "Ship-\n  ments");
        // Rows of a table drawn with bars stay rows, even in lower case.
        let input = "Europe | 2,821.4 | n/a\n  of which Germany | 1,341.1 | +20.2\n";
        assert_eq!(Document::read(input).text, input);
    }

    /// A box inside the story is read; an aside beside the story, or a box marked as an ad,
    /// is not the story.
    #[test]
    fn a_box_inside_the_story_is_read() {
        let html = "<html><body><article><p>Magnet exports rose to 6,146 tonnes.</p>\
                    <aside class=\"box\"><h3>Data box</h3><ul><li>Terbium exports: 5.5 t</li>\
                    </ul></aside><aside class=\"ad\">Save 30% today</aside></article>\
                    <aside>Most read: 12 stories</aside></body></html>";
        let d = Document::read(html);
        let story: String = d.story().map(|p| d.slice(p)).collect::<Vec<_>>().join("|");
        assert!(story.contains("Terbium exports: 5.5 t"), "{story}");
        assert!(!story.contains("Save 30%"), "{story}");
        assert!(!d.text.contains("Most read"), "{}", d.text);
    }

    #[test]
    fn html_is_read_with_offsets_into_the_input() {
        let html = "<html><head><title>Site</title><style>p{}</style><script>var x = 42;</script></head>\
                    <body><p>Exports fell 28.7% to 420.5&nbsp;tonnes.</p>\
                    <aside>Ad: 50% off</aside><p>Next.</p></body></html>";
        let d = Document::read(html);
        assert!(!d.text.contains("42;"), "{}", d.text);
        assert!(!d.text.contains("50% off"));
        assert!(!d.text.contains("Site"));
        let at = d.text.find("28.7%").unwrap_or(0);
        let (s, e) = d.input_range(at, at + "28.7%".len());
        assert_eq!(&html[s..e], "28.7%");
        let t = d.text.find("420.5 tonnes").unwrap_or(0);
        let (s, e) = d.input_range(t, t + "420.5 tonnes".len());
        assert_eq!(&html[s..e], "420.5&nbsp;tonnes");
    }

    #[test]
    fn elements_marked_as_ads_or_comments_are_boilerplate() {
        let html = "<html><body><h1>Magnet exports fall</h1>\
                    <div class=\"ad-slot top\"><p>Buy magnets 20% off</p></div>\
                    <p>Exports fell 6.1%.</p>\
                    <section id=\"comments\"><p>I think it fell 50%</p></section></body></html>";
        let d = Document::read(html);
        let story: Vec<&str> = d.story().map(|p| d.slice(p)).collect();
        assert_eq!(story, ["Magnet exports fall", "Exports fell 6.1%."]);
    }

    #[test]
    fn ads_references_and_comments_are_boilerplate() {
        let text = "Exports fell 28.7%.\n\nSpecial Offer Banner\n\nIndustrial Monitor Direct is the premier maker of 24-inch panels.\n\nThe rebound began in June.\n\nReferences & Further Reading\n\nReuters, 20 October 2025: 420.5 tonnes\n\nOne thought on “this”\n\n1. Great post, 100% agree!";
        let d = Document::read(text);
        let story: Vec<&str> = d.story().map(|p| d.slice(p)).collect();
        assert_eq!(story, ["Exports fell 28.7%.", "The rebound began in June."]);
    }

    #[test]
    fn plain_text_maps_to_itself() {
        let d = Document::read("China’s exports — 5,774 t.");
        let at = d.text.find("5,774").unwrap_or(0);
        assert_eq!(d.input_range(at, at + 5), (at, at + 5));
    }

    #[test]
    fn broken_html_never_panics_and_keeps_offsets_in_bounds() {
        for html in [
            "<html><p>unclosed &amp &#xZZ; &#99999999; <b>bold",
            "<div class=><p>5% &nbsp",
            "<html><body>€ 12% <p>Côte d’Ivoire",
        ] {
            let d = Document::read(html);
            for p in &d.paragraphs {
                let (s, e) = d.input_range(p.start, p.end);
                assert!(s <= e && e <= html.len(), "{html}");
            }
        }
    }
}
