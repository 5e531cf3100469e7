//! Countries and the pseudo-codes used for partners (`WLD`, `EUN`, continents), with the code
//! each agency uses for them: ISO 3166 alpha-3 (ours), UN M49 (Comtrade), the US Census
//! Schedule C code, and China customs' code and name.
//!
//! The table is `crates/model/data/countries.csv`, embedded in the binary; its README says
//! where each column comes from.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// One row of the country table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Country {
    /// ISO 3166-1 alpha-3, or a pseudo-code (`WLD`, `EUN`, `X_EUROPE`, …).
    pub iso3: String,
    /// ISO 3166-1 alpha-2 (empty for pseudo-codes).
    pub iso2: String,
    /// UN M49 numeric code as Comtrade uses it.
    pub m49: Option<u32>,
    /// English short name.
    pub name: String,
    /// US Census Bureau Schedule C code (4 digits, leading zeros kept).
    pub census: Option<String>,
    /// China customs (GACC) country code.
    pub gacc_code: Option<String>,
    /// China customs' Chinese name.
    pub gacc_name: Option<String>,
    /// How stories name it besides `name`: other names, demonyms, abbreviations. An alias
    /// written in capitals (`US`, `DE`, `EU`) is matched only in capitals ("us" is a pronoun).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// `country` or `aggregate`.
    pub kind: String,
}

impl Country {
    /// True for `WLD`, `EUN` and the continent pseudo-codes.
    pub fn is_aggregate(&self) -> bool {
        self.kind == "aggregate"
    }
}

/// The country table with its indexes.
#[derive(Debug)]
pub struct Countries {
    rows: Vec<Country>,
    by_iso3: HashMap<String, usize>,
    by_m49: HashMap<u32, usize>,
    by_census: HashMap<String, usize>,
    by_gacc: HashMap<String, usize>,
    by_iso2: HashMap<String, usize>,
}

#[derive(Deserialize)]
struct Row {
    iso3: String,
    iso2: String,
    m49: String,
    name: String,
    census: String,
    gacc_code: String,
    gacc_name: String,
    #[serde(default)]
    aliases: String,
    kind: String,
}

fn non_empty(s: String) -> Option<String> {
    let s = s.trim().to_string();
    (!s.is_empty()).then_some(s)
}

impl Countries {
    /// Loads a table in the `countries.csv` layout.
    pub fn from_csv(name: &str, text: &str) -> Result<Self> {
        let bad = |reason: String| Error::Reference {
            name: name.to_string(),
            reason,
        };
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let mut rows = Vec::new();
        for (i, row) in reader.deserialize::<Row>().enumerate() {
            let row = row.map_err(|e| bad(format!("line {}: {e}", i + 2)))?;
            let m49 = match row.m49.trim() {
                "" => None,
                m => Some(
                    m.parse::<u32>()
                        .map_err(|_| bad(format!("line {}: m49 '{m}' is not a number", i + 2)))?,
                ),
            };
            rows.push(Country {
                iso3: row.iso3.trim().to_string(),
                iso2: row.iso2.trim().to_string(),
                m49,
                name: row.name.trim().to_string(),
                census: non_empty(row.census),
                gacc_code: non_empty(row.gacc_code),
                gacc_name: non_empty(row.gacc_name),
                aliases: row
                    .aliases
                    .split(';')
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(str::to_string)
                    .collect(),
                kind: row.kind.trim().to_string(),
            });
        }
        let mut table = Countries {
            by_iso3: HashMap::new(),
            by_m49: HashMap::new(),
            by_census: HashMap::new(),
            by_gacc: HashMap::new(),
            by_iso2: HashMap::new(),
            rows,
        };
        for (i, c) in table.rows.iter().enumerate() {
            if table.by_iso3.insert(c.iso3.clone(), i).is_some() {
                return Err(bad(format!("iso3 {} appears twice", c.iso3)));
            }
            if !c.iso2.is_empty() {
                table.by_iso2.entry(c.iso2.clone()).or_insert(i);
            }
            if let Some(m) = c.m49 {
                table.by_m49.entry(m).or_insert(i);
            }
            if let Some(code) = &c.census {
                table.by_census.entry(code.clone()).or_insert(i);
            }
            if let Some(code) = &c.gacc_code {
                table.by_gacc.entry(code.clone()).or_insert(i);
            }
            if let Some(n) = &c.gacc_name {
                table.by_gacc.entry(n.clone()).or_insert(i);
            }
        }
        Ok(table)
    }

    /// The table embedded in the binary.
    pub fn builtin() -> &'static Countries {
        static CELL: OnceLock<Countries> = OnceLock::new();
        CELL.get_or_init(|| {
            match Countries::from_csv("countries.csv", include_str!("../data/countries.csv")) {
                Ok(t) => t,
                // The file is part of the program and tested; a broken one is a build bug.
                Err(e) => panic!("embedded country table is invalid: {e}"),
            }
        })
    }

    /// Every row.
    pub fn all(&self) -> &[Country] {
        &self.rows
    }

    /// By ISO3 or pseudo-code (case-insensitive).
    pub fn get(&self, iso3: &str) -> Option<&Country> {
        self.by_iso3
            .get(&iso3.trim().to_ascii_uppercase())
            .map(|&i| &self.rows[i])
    }

    /// Checks a code is in the table and returns its canonical spelling.
    pub fn check(&self, iso3: &str) -> Result<&Country> {
        self.get(iso3).ok_or_else(|| Error::Unknown {
            what: "country code",
            text: iso3.to_string(),
        })
    }

    /// By UN M49 number (Comtrade `reporterCode`/`partnerCode`).
    pub fn by_m49(&self, m49: u32) -> Option<&Country> {
        self.by_m49.get(&m49).map(|&i| &self.rows[i])
    }

    /// By ISO 3166-1 alpha-2 (Comext's partner codes; `GR` and Eurostat's `EL` are Greece,
    /// `UK` the United Kingdom).
    pub fn by_iso2(&self, iso2: &str) -> Option<&Country> {
        let code = match iso2.trim() {
            "EL" => "GR",
            "UK" => "GB",
            other => other,
        };
        self.by_iso2.get(code).map(|&i| &self.rows[i])
    }

    /// By US Census Schedule C code.
    pub fn by_census(&self, code: &str) -> Option<&Country> {
        self.by_census.get(code.trim()).map(|&i| &self.rows[i])
    }

    /// By China customs code or Chinese name.
    pub fn by_gacc(&self, code_or_name: &str) -> Option<&Country> {
        self.by_gacc
            .get(code_or_name.trim())
            .map(|&i| &self.rows[i])
    }

    /// The English name for a code, or the code itself when unknown.
    pub fn name(&self, iso3: &str) -> String {
        self.get(iso3)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| iso3.to_string())
    }

    /// The name as it reads inside a sentence: "the United States", "the Netherlands",
    /// "Germany".
    pub fn sentence_name(&self, iso3: &str) -> String {
        let name = self.name(iso3);
        if matches!(
            iso3,
            "USA"
                | "GBR"
                | "NLD"
                | "ARE"
                | "PHL"
                | "CZE"
                | "EUN"
                | "DOM"
                | "CAF"
                | "COM"
                | "BHS"
                | "GMB"
                | "MDV"
                | "MHL"
                | "SLB"
        ) {
            format!("the {name}")
        } else {
            name
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_holds_the_data_countries_and_the_pseudo_codes() {
        let t = Countries::builtin();
        for code in [
            "CHN",
            "USA",
            "DEU",
            "JPN",
            "KOR",
            "VNM",
            "IND",
            "MEX",
            "THA",
            "ITA",
            "NLD",
            "POL",
            "RUS",
            "WLD",
            "EUN",
            "X_EUROPE",
            "X_ASIA",
            "X_NAMERICA",
            "X_SAMERICA",
            "X_AFRICA",
            "X_OCEANIA",
        ] {
            assert!(t.get(code).is_some(), "missing {code}");
        }
        assert!(t.all().len() >= 80, "only {} rows", t.all().len());
        assert!(t.get("WLD").unwrap().is_aggregate());
    }

    #[test]
    fn agency_codes_map_to_iso3() {
        let t = Countries::builtin();
        assert_eq!(t.by_m49(842).unwrap().iso3, "USA");
        assert_eq!(t.by_m49(156).unwrap().iso3, "CHN");
        assert_eq!(t.by_m49(0).unwrap().iso3, "WLD");
        assert_eq!(t.by_census("5700").unwrap().iso3, "CHN");
        assert_eq!(t.by_census("4280").unwrap().iso3, "DEU");
        assert_eq!(t.by_gacc("美国").unwrap().iso3, "USA");
        assert_eq!(t.get("usa").unwrap().name, "United States");
    }
}
