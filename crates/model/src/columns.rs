//! Observations laid out by column, the way the store writes them: a reader that produces
//! many rows fills these buffers straight from its parsed cells, without an owned
//! [`Observation`] (six `String`s) per row in between. The text columns are UTF-8 bytes with
//! Arrow's offsets, so the store hands the buffers to Arrow without copying them.
//!
//! The release id and ingest time are the store's to add; everything else an observation
//! says is here, one entry per row in every column.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::{Classification, Flow, Measure, Observation, Period, Quality, Source, Unit};

/// One text column: the rows' bytes end to end, and where each row starts (Arrow's `Utf8`
/// layout; `offsets` has one more entry than there are rows).
#[derive(Debug, Clone, PartialEq)]
pub struct Texts {
    pub bytes: Vec<u8>,
    pub offsets: Vec<i32>,
}

impl Default for Texts {
    fn default() -> Self {
        Texts {
            bytes: Vec::new(),
            offsets: vec![0],
        }
    }
}

impl Texts {
    /// Ends the current row (whatever was written into it since the last end).
    fn end(&mut self) {
        // Past 2 GiB the offset wraps; the store refuses such a column (its length says so)
        // before it reads a single offset.
        self.offsets.push(self.bytes.len() as i32);
    }

    fn push(&mut self, s: &str) {
        self.bytes.extend_from_slice(s.as_bytes());
        self.end();
    }

    /// Writes a number's decimal digits (what `Display` writes, without the formatter).
    fn digits(&mut self, mut n: u64, min_width: usize) {
        let mut buf = [b'0'; 20];
        let mut at = buf.len();
        while n > 0 || buf.len() - at < min_width.max(1) {
            at -= 1;
            buf[at] = b'0' + (n % 10) as u8;
            n /= 10;
        }
        self.bytes.extend_from_slice(&buf[at..]);
    }

    /// A period as `Display` writes it; a month (`2025-09`, the common case) without the
    /// formatter.
    fn period(&mut self, p: Period) {
        match p {
            Period::Month(m) if (0..=9999).contains(&m.year()) => {
                self.digits(m.year() as u64, 4);
                self.bytes.push(b'-');
                self.digits(u64::from(m.month()), 2);
            }
            other => {
                let _ = write!(self, "{other}");
            }
        }
        self.end();
    }

    /// The text of row `i`.
    pub fn get(&self, i: usize) -> &str {
        let (a, b) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
        // Only whole `&str`s and formatted text are ever written, so every row is UTF-8.
        std::str::from_utf8(&self.bytes[a..b]).unwrap_or_default()
    }
}

impl std::fmt::Write for Texts {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.bytes.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// Observations by column (see the module documentation). Every column has [`len`](Self::len)
/// rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ObservationColumns {
    pub source: Texts,
    pub reporter: Texts,
    pub partner: Texts,
    pub flow: Texts,
    pub classification: Texts,
    pub code: Texts,
    pub commodity: Texts,
    pub period: Texts,
    pub period_start: Vec<i32>,
    pub period_months: Vec<i32>,
    pub measure: Texts,
    pub value: Vec<f64>,
    pub unit: Texts,
    pub resolution: Vec<Option<f64>>,
    pub estimated: Vec<bool>,
    pub suppressed: Vec<bool>,
    pub quality: Texts,
    pub citation: Texts,
    pub published: Vec<Option<NaiveDate>>,
    pub note: Texts,
    pub line: Vec<i64>,
    /// The latest `published` among the rows.
    pub latest_published: Option<NaiveDate>,
}

/// One row to add, borrowed from wherever the reader keeps it.
#[derive(Debug, Clone, Copy)]
pub struct ObservationRef<'a> {
    pub source: Source,
    pub reporter: &'a str,
    pub partner: &'a str,
    pub flow: Flow,
    pub classification: Classification,
    pub code: &'a str,
    pub commodity: &'a str,
    pub period: Period,
    pub measure: Measure,
    pub value: f64,
    pub unit: Unit,
    pub resolution: Option<f64>,
    pub estimated: bool,
    pub suppressed: bool,
    pub quality: Quality,
    /// `None`: the citation is `<file>:<line>`, written straight into the column.
    pub citation: Option<&'a str>,
    pub file: &'a str,
    pub published: Option<NaiveDate>,
    pub note: &'a str,
    pub line: u64,
}

impl ObservationRef<'_> {
    /// The row as an owned observation (release left empty, as readers leave it). With no
    /// citation of its own, it is `file:line`, or empty when there is no file either.
    pub fn to_observation(&self) -> Observation {
        Observation {
            source: self.source,
            release: String::new(),
            reporter: self.reporter.to_string(),
            partner: self.partner.to_string(),
            flow: self.flow,
            classification: self.classification,
            code: self.code.to_string(),
            commodity: self.commodity.to_string(),
            period: self.period,
            measure: self.measure,
            value: self.value,
            unit: self.unit,
            resolution: self.resolution,
            estimated: self.estimated,
            suppressed: self.suppressed,
            quality: self.quality,
            citation: match self.citation {
                Some(c) => c.to_string(),
                None if self.file.is_empty() => String::new(),
                None => format!("{}:{}", self.file, self.line),
            },
            published: self.published,
            note: self.note.to_string(),
            line: self.line,
        }
    }
}

impl<'a> From<&'a Observation> for ObservationRef<'a> {
    fn from(o: &'a Observation) -> Self {
        ObservationRef {
            source: o.source,
            reporter: &o.reporter,
            partner: &o.partner,
            flow: o.flow,
            classification: o.classification,
            code: &o.code,
            commodity: &o.commodity,
            period: o.period,
            measure: o.measure,
            value: o.value,
            unit: o.unit,
            resolution: o.resolution,
            estimated: o.estimated,
            suppressed: o.suppressed,
            quality: o.quality,
            citation: Some(&o.citation),
            file: "",
            published: o.published,
            note: &o.note,
            line: o.line,
        }
    }
}

impl ObservationColumns {
    /// Rows held.
    pub fn len(&self) -> usize {
        self.value.len()
    }

    /// True when no row is held.
    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    /// Adds one row.
    pub fn push(&mut self, o: ObservationRef<'_>) {
        self.source.push(o.source.as_str());
        self.reporter.push(o.reporter);
        self.partner.push(o.partner);
        self.flow.push(o.flow.as_str());
        self.classification.push(o.classification.as_str());
        self.code.push(o.code);
        self.commodity.push(o.commodity);
        self.period.period(o.period);
        self.period_start.push(o.period.first().index());
        self.period_months.push(o.period.len_months());
        self.measure.push(o.measure.as_str());
        self.value.push(o.value);
        self.unit.push(o.unit.as_str());
        self.resolution.push(o.resolution);
        self.estimated.push(o.estimated);
        self.suppressed.push(o.suppressed);
        self.quality.push(o.quality.as_str());
        match o.citation {
            Some(c) => self.citation.push(c),
            None => {
                self.citation.bytes.extend_from_slice(o.file.as_bytes());
                self.citation.bytes.push(b':');
                self.citation.digits(o.line, 1);
                self.citation.end();
            }
        }
        self.published.push(o.published);
        if o.published > self.latest_published {
            self.latest_published = o.published;
        }
        self.note.push(o.note);
        self.line.push(o.line as i64);
    }

    /// Row `i` as an owned observation (release left empty, as readers leave it).
    pub fn observation(&self, i: usize) -> Option<Observation> {
        if i >= self.len() {
            return None;
        }
        Some(Observation {
            source: self.source.get(i).parse().ok()?,
            release: String::new(),
            reporter: self.reporter.get(i).to_string(),
            partner: self.partner.get(i).to_string(),
            flow: self.flow.get(i).parse().ok()?,
            classification: self.classification.get(i).parse().ok()?,
            code: self.code.get(i).to_string(),
            commodity: self.commodity.get(i).to_string(),
            period: self.period.get(i).parse().ok()?,
            measure: self.measure.get(i).parse().ok()?,
            value: self.value[i],
            unit: self.unit.get(i).parse().ok()?,
            resolution: self.resolution[i],
            estimated: self.estimated[i],
            suppressed: self.suppressed[i],
            quality: self.quality.get(i).parse().ok()?,
            citation: self.citation.get(i).to_string(),
            published: self.published[i],
            note: self.note.get(i).to_string(),
            line: u64::try_from(self.line[i]).ok()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(line: u64, note: &str) -> Observation {
        Observation {
            source: Source::Comtrade,
            release: String::new(),
            reporter: "CHN".to_string(),
            partner: "USA".to_string(),
            flow: Flow::Export,
            classification: Classification::Hs2022,
            code: "850511".to_string(),
            commodity: "850511 Permanent magnets".to_string(),
            period: Period::month(2025, 9).unwrap(),
            measure: Measure::Quantity,
            value: 420_500.0,
            unit: Unit::Kg,
            resolution: Some(1.0),
            estimated: true,
            suppressed: false,
            quality: Quality::Ok,
            citation: format!("bulk.tsv:{line}"),
            published: NaiveDate::from_ymd_opt(2025, 10, 20),
            note: note.to_string(),
            line,
        }
    }

    #[test]
    fn rows_come_back_as_they_went_in() {
        let mut cols = ObservationColumns::default();
        let a = sample(2, "");
        let b = sample(3, "sum of 2 rows");
        cols.push((&a).into());
        // The citation written from the file name and line, not given.
        cols.push(ObservationRef {
            citation: None,
            file: "bulk.tsv",
            ..(&b).into()
        });
        assert_eq!(cols.len(), 2);
        assert_eq!(cols.observation(0), Some(a.clone()));
        assert_eq!(cols.observation(1), Some(b));
        assert_eq!(cols.observation(2), None);
        assert_eq!(ObservationRef::from(&a).to_observation(), a);
        assert_eq!(cols.period.get(1), "2025-09");
        assert_eq!(cols.citation.offsets, vec![0, 10, 20]);
        assert_eq!(cols.latest_published, NaiveDate::from_ymd_opt(2025, 10, 20));
    }

    #[test]
    fn periods_and_lines_are_written_as_display_writes_them() {
        let mut cols = ObservationColumns::default();
        let periods = [
            Period::month(2025, 9).unwrap(),
            Period::month(1999, 12).unwrap(),
            Period::Year(2024),
            Period::Span(
                Period::month(2025, 1).unwrap().first(),
                Period::month(2025, 3).unwrap().first(),
            ),
        ];
        for (i, p) in periods.iter().enumerate() {
            let mut o = sample([0, 7, 10, 12_345_678_901][i], "");
            o.period = *p;
            cols.push(ObservationRef {
                citation: None,
                file: "f",
                ..(&o).into()
            });
        }
        for (i, p) in periods.iter().enumerate() {
            assert_eq!(cols.period.get(i), p.to_string());
        }
        let lines: Vec<&str> = (0..4).map(|i| cols.citation.get(i)).collect();
        assert_eq!(lines, ["f:0", "f:7", "f:10", "f:12345678901"]);
    }
}
