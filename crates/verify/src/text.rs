//! From an article as published (plain text or HTML) to the prose worth reading for claims:
//! the visible text, with every byte mapped back to its offset in the input (claims report
//! byte offsets into what the user gave), and the paragraphs that are not the story — ads,
//! cookie banners, "related posts", references, comments — marked so no claim comes from them.

/// One paragraph of visible text.
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
        let (text, map) = if looks_like_html(input) {
            strip_html(input)
        } else {
            (input.to_string(), (0..input.len()).collect())
        };
        let paragraphs = paragraphs(&text);
        Document {
            text,
            map,
            paragraphs,
        }
    }

    /// The input byte range of a range of `text`.
    pub fn input_range(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.map.get(start).copied().unwrap_or(0);
        let e = if end == 0 {
            s
        } else {
            self.map.get(end - 1).map_or(s, |&e| e + 1)
        };
        (s, e)
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

/// Elements whose content is never visible prose.
const HIDDEN: [&str; 9] = [
    "script", "style", "noscript", "template", "svg", "nav", "footer", "aside", "form",
];

/// Elements that end a line of text.
const BLOCKS: [&str; 22] = [
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
    "td",
    "th",
    "section",
    "article",
    "header",
    "blockquote",
    "figcaption",
    "table",
    "hr",
];

fn entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        "hellip" => '…',
        "minus" => '−',
        "times" => '×',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "deg" => '°',
        "middot" => '·',
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code)?
        }
    })
}

/// The visible text of an HTML page and the input offset of each of its bytes.
fn strip_html(input: &str) -> (String, Vec<usize>) {
    let bytes = input.as_bytes();
    let lower = input.to_ascii_lowercase();
    let mut text = String::with_capacity(input.len() / 2);
    let mut map = Vec::with_capacity(input.len() / 2);
    let push = |text: &mut String, map: &mut Vec<usize>, c: char, at: usize| {
        let mut buf = [0u8; 4];
        for _ in c.encode_utf8(&mut buf).bytes() {
            map.push(at);
        }
        text.push(c);
    };
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'<' {
            if lower[i..].starts_with("<!--") {
                i = lower[i..].find("-->").map_or(bytes.len(), |e| i + e + 3);
                continue;
            }
            let end = lower[i..].find('>').map_or(bytes.len(), |e| i + e + 1);
            let tag = &lower[i + 1..end.saturating_sub(1).max(i + 1)];
            let closing = tag.starts_with('/');
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if !closing && HIDDEN.contains(&name.as_str()) && !tag.ends_with('/') {
                let close = format!("</{name}");
                i = lower[end..].find(&close).map_or(bytes.len(), |e| {
                    let at = end + e;
                    lower[at..].find('>').map_or(bytes.len(), |g| at + g + 1)
                });
                push(
                    &mut text,
                    &mut map,
                    '\n',
                    i.min(bytes.len().saturating_sub(1)),
                );
                continue;
            }
            if BLOCKS.contains(&name.as_str()) {
                push(&mut text, &mut map, '\n', i);
                if matches!(name.as_str(), "p" | "h1" | "h2" | "h3" | "h4" | "li") && closing {
                    push(&mut text, &mut map, '\n', i);
                }
            }
            i = end;
            continue;
        }
        if bytes[i] == b'&'
            && let Some(semi) = input[i..].find(';').filter(|&s| s <= 10)
            && let Some(c) = entity(&input[i + 1..i + semi])
        {
            push(&mut text, &mut map, c, i);
            i += semi + 1;
            continue;
        }
        let c = input[i..].chars().next().unwrap_or(' ');
        let width = c.len_utf8();
        let c = if c == '\n' || c == '\r' || c == '\t' {
            ' '
        } else {
            c
        };
        for k in 0..width {
            map.push(i + k);
        }
        text.push(c);
        i += width;
    }
    (text, map)
}

/// Markers of paragraphs that are not the story.
const NOISE: [&str; 16] = [
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
];

/// Headings after which the rest of the page is not the story.
const TAIL: [&str; 10] = [
    "references",
    "further reading",
    "related posts",
    "related articles",
    "you may also like",
    "comments",
    "one thought on",
    "thoughts on",
    "read more",
    "sources:",
];

/// Splits the text into paragraphs at blank lines (or single newlines in HTML-derived text)
/// and marks the boilerplate.
fn paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut tail = false;
    let mut chunks: Vec<(usize, usize)> = Vec::new();
    for (i, _) in text.match_indices('\n') {
        chunks.push((start, i));
        start = i + 1;
    }
    chunks.push((start, text.len()));
    for (s, e) in chunks {
        let raw = &text[s..e];
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        let lead = raw.len() - raw.trim_start().len();
        let (s, e) = (s + lead, s + lead + trimmed.len());
        let lower = trimmed.to_lowercase();
        let heading_like = trimmed.split_whitespace().count() <= 12;
        if heading_like && TAIL.iter().any(|t| lower.starts_with(t)) {
            tail = true;
        }
        let noise = NOISE.iter().any(|n| lower.contains(n))
            || lower.starts_with("leave a reply")
            || lower.starts_with("share this")
            || lower.starts_with("tags:")
            || lower.starts_with("copyright")
            || lower.starts_with('©');
        out.push(Paragraph {
            start: s,
            end: e,
            boilerplate: tail || noise,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_stripped_with_offsets_into_the_input() {
        let html = "<html><head><style>p{}</style><script>var x = 42;</script></head>\
                    <body><p>Exports fell 28.7% to 420.5&nbsp;tonnes.</p>\
                    <aside>Ad: 50% off</aside><p>Next.</p></body></html>";
        let d = Document::read(html);
        assert!(!d.text.contains("42;"), "{}", d.text);
        assert!(!d.text.contains("50% off"));
        let at = d.text.find("28.7%").unwrap();
        let (s, e) = d.input_range(at, at + "28.7%".len());
        assert_eq!(&html[s..e], "28.7%");
        let t = d.text.find("420.5 tonnes").unwrap();
        let (s, e) = d.input_range(t, t + "420.5 tonnes".len());
        assert_eq!(&html[s..e], "420.5&nbsp;tonnes");
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
        let at = d.text.find("5,774").unwrap();
        assert_eq!(d.input_range(at, at + 5), (at, at + 5));
    }
}
