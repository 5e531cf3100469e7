//! Baskets: a product group named by the codes that make it up in each classification.
//!
//! Each basket is a TOML file (`crates/model/baskets/*.toml`) embedded in the binary:
//!
//! ```toml
//! id = "rare-earth-magnets"
//! name = "rare-earth permanent magnets"
//! aliases = ["rare_earth_magnets"]
//! [codes]
//! HS = ["850511"]
//! CN-CHINA-8 = ["85051110"]
//! ```
//!
//! A code in a basket matches itself and every longer code that starts with it, so HS
//! `850511` covers HTS10 `8505110070` only when the basket lists HTS10 lines or the rule is
//! asked for HS prefixes ([`Basket::matches`]).
//!
//! Besides the named baskets there are two more kinds of subject:
//! - **user baskets**: TOML files of the same schema in `<data dir>/baskets/`, added with
//!   [`Baskets::with_files`] and made the program's set with [`Baskets::install`];
//! - **code subjects**: any code or list of codes of any classification, keyed
//!   `code:850511` or `code:8505*,261590` ([`Basket::for_codes`]); a code matches itself, a
//!   code ending in `*` every code that starts with it. [`Baskets::lookup`] and
//!   [`Baskets::resolve`] understand these keys, so every place that takes a basket id takes a
//!   code subject too.

use std::collections::BTreeMap;
use std::sync::{OnceLock, RwLock};

use serde::{Deserialize, Serialize};

use crate::commodity::Classification;
use crate::error::{Error, Result};

/// A named product group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Basket {
    /// The id used everywhere (`rare-earth-magnets`).
    pub id: String,
    /// Name for prose ("rare-earth magnets").
    pub name: String,
    /// One line on what is in it and what is not.
    #[serde(default)]
    pub description: String,
    /// Other keys that mean this basket (the bundled data's `rare_earth_magnets`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// How stories name it ("rare earth magnets", "NdFeB magnets", "magnets"); the claim
    /// checker reads these, the longest phrase first. A phrase in capitals (`REE`) matches
    /// only in capitals.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Codes per classification (keys are classification names such as `HS`, `CN-CHINA-8`).
    #[serde(default)]
    pub codes: BTreeMap<String, Vec<String>>,
    /// Made from an unknown commodity key rather than a TOML file.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ad_hoc: bool,
    /// A code subject's codes, of any classification (empty for a basket file).
    #[serde(skip_deserializing, skip_serializing_if = "Vec::is_empty")]
    pub selectors: Vec<CodeSelector>,
    /// Where it comes from: `built-in`, the user basket file's path, or `codes`.
    #[serde(skip_deserializing)]
    pub origin: String,
}

/// One code of a code subject: the code itself, or (`prefix`) every code starting with it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct CodeSelector {
    pub code: String,
    pub prefix: bool,
}

/// The key prefix of a code subject (`code:850511`).
pub const CODE_KEY: &str = "code:";

impl CodeSelector {
    /// Parses `850511`, `8505.11` or `8505*`: 2 to 12 digits (dots and spaces dropped), with an
    /// optional trailing `*` for every code that starts with them.
    pub fn parse(text: &str) -> Result<Self> {
        let t = text.trim();
        let (body, prefix) = match t.strip_suffix('*') {
            Some(b) => (b, true),
            None => (t, false),
        };
        let code: String = body.chars().filter(|c| !matches!(c, '.' | ' ')).collect();
        if code.len() < 2 || code.len() > 12 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::Invalid {
                what: "commodity code",
                text: text.to_string(),
                reason: "a code is 2 to 12 digits, with a trailing * for every code that starts with them (8505*)".to_string(),
            });
        }
        Ok(CodeSelector { code, prefix })
    }

    /// True when `code` is this one (or starts with it, for a prefix).
    pub fn matches(&self, code: &str) -> bool {
        if self.prefix {
            code.starts_with(self.code.as_str())
        } else {
            code == self.code
        }
    }
}

impl std::fmt::Display for CodeSelector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.code, if self.prefix { "*" } else { "" })
    }
}

/// A basket file's fields, strictly: a misspelt key is an error, not a silent default.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BasketFile {
    id: String,
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    codes: BTreeMap<String, Vec<String>>,
}

/// The 1-based line of a basket file that sets `key` (`key = …`), for errors. A line that
/// only mentions the key elsewhere (a description saying "HS 2504") does not count.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

/// The 1-based line of a basket file on which the quoted string `value` first appears.
fn line_of_value(text: &str, value: &str) -> Option<usize> {
    let (double, single) = (format!("\"{value}\""), format!("'{value}'"));
    text.lines()
        .position(|l| l.contains(&double) || l.contains(&single))
        .map(|i| i + 1)
}

impl Basket {
    /// Parses one basket file and checks every code against its classification. Errors name
    /// the file, the line and the field.
    pub fn from_toml(name: &str, text: &str) -> Result<Self> {
        let bad = |line: Option<usize>, field: &str, reason: String| Error::File {
            file: name.to_string(),
            line,
            field: field.to_string(),
            reason,
        };
        let file: BasketFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| {
                text.as_bytes()[..s.start.min(text.len())]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count()
                    + 1
            });
            let field = e
                .message()
                .split('`')
                .nth(1)
                .unwrap_or("(syntax)")
                .to_string();
            bad(line, &field, e.message().trim().to_string())
        })?;
        if file.id.trim().is_empty() || file.id.starts_with(CODE_KEY) || file.id.contains(',') {
            return Err(bad(
                line_of_key(text, "id"),
                "id",
                format!(
                    "'{}' cannot be a basket id (empty, or taken by code subjects)",
                    file.id
                ),
            ));
        }
        for (class_name, codes) in &file.codes {
            let field = format!("codes.{class_name}");
            let class: Classification = class_name
                .parse()
                .map_err(|e: Error| bad(line_of_key(text, class_name), &field, e.to_string()))?;
            for code in codes {
                class
                    .check_prefix(code)
                    .map_err(|e| bad(line_of_value(text, code), &field, e.to_string()))?;
            }
        }
        Ok(Basket {
            id: file.id,
            name: file.name,
            description: file.description,
            aliases: file.aliases,
            phrases: file.phrases,
            codes: file.codes,
            ad_hoc: false,
            selectors: Vec::new(),
            origin: name.to_string(),
        })
    }

    /// The subject of a list of codes of any classification (`850511`, `8505*`): its id is
    /// the key `code:…` that every selector accepts.
    pub fn for_codes<S: AsRef<str>>(codes: &[S]) -> Result<Self> {
        let mut selectors = codes
            .iter()
            .flat_map(|c| c.as_ref().split(','))
            .filter(|c| !c.trim().is_empty())
            .map(CodeSelector::parse)
            .collect::<Result<Vec<_>>>()?;
        if selectors.is_empty() {
            return Err(Error::Invalid {
                what: "commodity code",
                text: String::new(),
                reason: "no code given".to_string(),
            });
        }
        selectors.sort();
        selectors.dedup();
        let list: Vec<String> = selectors.iter().map(|s| s.to_string()).collect();
        let words = if list.len() == 1 && !selectors[0].prefix {
            format!("code {}", list[0])
        } else {
            format!("codes {}", list.join(", "))
        };
        Ok(Basket {
            id: format!("{CODE_KEY}{}", list.join(",")),
            name: words.clone(),
            description: format!("{words}, in any classification"),
            aliases: Vec::new(),
            phrases: Vec::new(),
            codes: BTreeMap::new(),
            ad_hoc: false,
            selectors,
            origin: "codes".to_string(),
        })
    }

    /// True when a code subject shares codes with a basket: one of its codes is listed by the
    /// basket (or lies under a listed prefix), or a prefix of it covers a listed code.
    pub fn overlaps(&self, basket: &Basket) -> bool {
        self.selectors.iter().any(|s| {
            basket.codes.values().flatten().any(|listed| {
                s.code.starts_with(listed.as_str())
                    || (s.prefix && listed.starts_with(s.code.as_str()))
            })
        })
    }

    /// True for a code subject (made by [`Basket::for_codes`]).
    pub fn is_codes(&self) -> bool {
        !self.selectors.is_empty()
    }

    /// A basket for a commodity key that fits no basket file, so its rows are kept rather
    /// than dropped: id is the key with `_` turned into `-`.
    pub fn ad_hoc(key: &str) -> Self {
        let id = key.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        Basket {
            name: id.replace('-', " "),
            description: format!("made from the commodity key '{key}', which fits no basket"),
            aliases: vec![key.to_string()],
            phrases: Vec::new(),
            codes: BTreeMap::new(),
            ad_hoc: true,
            selectors: Vec::new(),
            origin: "ingested data".to_string(),
            id,
        }
    }

    /// True when `code` of `class` belongs here: the basket lists it, or lists a prefix of
    /// it in the same classification, or (for HS codes) lists the HS6 it starts with.
    pub fn matches(&self, class: Classification, code: &str) -> bool {
        if self.is_codes() {
            return class != Classification::Basket
                && self.selectors.iter().any(|s| s.matches(code));
        }
        if class == Classification::Basket {
            return code == self.id || self.aliases.iter().any(|a| a == code);
        }
        let listed = |name: &str| {
            self.codes
                .get(name)
                .is_some_and(|codes| codes.iter().any(|c| code.starts_with(c.as_str())))
        };
        if listed(class.as_str()) {
            return true;
        }
        // HS codes of any vintage are listed once, under `HS`.
        class.is_hs() && listed("HS")
    }
}

/// Every basket known to the program.
#[derive(Debug, Clone)]
pub struct Baskets {
    baskets: Vec<Basket>,
}

/// The set [`Baskets::install`] made current (none: the built-in set).
static INSTALLED: RwLock<Option<&'static Baskets>> = RwLock::new(None);

const BUILTIN: &[(&str, &str)] = &[
    (
        "rare-earth-magnets.toml",
        include_str!("../baskets/rare-earth-magnets.toml"),
    ),
    (
        "rare-earths.toml",
        include_str!("../baskets/rare-earths.toml"),
    ),
    ("gallium.toml", include_str!("../baskets/gallium.toml")),
    ("germanium.toml", include_str!("../baskets/germanium.toml")),
    ("antimony.toml", include_str!("../baskets/antimony.toml")),
    (
        "antimony-metal.toml",
        include_str!("../baskets/antimony-metal.toml"),
    ),
    (
        "antimony-oxide.toml",
        include_str!("../baskets/antimony-oxide.toml"),
    ),
    ("graphite.toml", include_str!("../baskets/graphite.toml")),
    (
        "graphite-flake.toml",
        include_str!("../baskets/graphite-flake.toml"),
    ),
    (
        "graphite-spherical.toml",
        include_str!("../baskets/graphite-spherical.toml"),
    ),
    (
        "dysprosium.toml",
        include_str!("../baskets/dysprosium.toml"),
    ),
    ("terbium.toml", include_str!("../baskets/terbium.toml")),
    (
        "permanent-magnets.toml",
        include_str!("../baskets/permanent-magnets.toml"),
    ),
];

impl Baskets {
    /// The baskets embedded in the binary.
    pub fn builtin() -> &'static Baskets {
        static CELL: OnceLock<Baskets> = OnceLock::new();
        CELL.get_or_init(|| {
            let baskets = BUILTIN
                .iter()
                .map(|(name, text)| {
                    Basket::from_toml(name, text).map(|b| Basket {
                        origin: "built-in".to_string(),
                        ..b
                    })
                })
                .collect::<Result<Vec<_>>>();
            match baskets {
                Ok(baskets) => Baskets { baskets },
                // The files are part of the program and tested; a broken one is a build bug.
                Err(e) => panic!("embedded basket file is invalid: {e}"),
            }
        })
    }

    /// The program's baskets: the built-in ones, plus the user baskets of the data directory
    /// once [`Baskets::install`] has been called.
    pub fn current() -> &'static Baskets {
        match INSTALLED.read() {
            Ok(guard) => guard.unwrap_or_else(Baskets::builtin),
            Err(poisoned) => poisoned.into_inner().unwrap_or_else(Baskets::builtin),
        }
    }

    /// Makes `baskets` the program's set ([`Baskets::current`]). Meant for once at start-up,
    /// after the data directory is known; each call keeps its set for the life of the process.
    pub fn install(baskets: Baskets) -> &'static Baskets {
        let leaked: &'static Baskets = Box::leak(Box::new(baskets));
        match INSTALLED.write() {
            Ok(mut guard) => *guard = Some(leaked),
            Err(poisoned) => *poisoned.into_inner() = Some(leaked),
        }
        leaked
    }

    /// The built-in baskets plus user basket files, given as (path shown in errors, text), in
    /// the order given. A file that does not parse, or whose id or alias is already taken, is
    /// an error naming the file, line and field.
    pub fn with_files(files: &[(String, String)]) -> Result<Baskets> {
        let mut set = Baskets::builtin().clone();
        for (name, text) in files {
            let b = Basket::from_toml(name, text)?;
            for key in std::iter::once(&b.id).chain(&b.aliases) {
                if let Some(other) = set.get(key) {
                    return Err(Error::File {
                        file: name.clone(),
                        line: line_of_value(text, key),
                        field: if *key == b.id { "id" } else { "aliases" }.to_string(),
                        reason: format!(
                            "'{key}' is already a basket ({}, {})",
                            other.id, other.origin
                        ),
                    });
                }
            }
            set.baskets.push(b);
        }
        Ok(set)
    }

    /// All baskets, in file order.
    pub fn all(&self) -> &[Basket] {
        &self.baskets
    }

    /// The basket with this id or alias.
    pub fn get(&self, id_or_alias: &str) -> Option<&Basket> {
        let key = id_or_alias.trim();
        self.baskets
            .iter()
            .find(|b| b.id == key || b.aliases.iter().any(|a| a == key))
    }

    /// The basket with this id or alias, or the code subject of a `code:…` key, or an error
    /// that lists the known ids (for a user's selector).
    pub fn lookup(&self, id_or_alias: &str) -> Result<Basket, String> {
        if let Some(codes) = id_or_alias.trim().strip_prefix(CODE_KEY) {
            return Basket::for_codes(&[codes]).map_err(|e| e.to_string());
        }
        self.get(id_or_alias).cloned().ok_or_else(|| {
            let known: Vec<&str> = self.baskets.iter().map(|b| b.id.as_str()).collect();
            format!(
                "unknown basket '{}' (known: {})",
                id_or_alias.trim(),
                known.join(", ")
            )
        })
    }

    /// The basket a commodity key names (a `code:…` key its code subject), or an ad-hoc basket
    /// made from the key.
    pub fn resolve(&self, key: &str) -> Basket {
        if key.trim().starts_with(CODE_KEY)
            && let Ok(b) = self.lookup(key)
        {
            return b;
        }
        self.get(key)
            .cloned()
            .unwrap_or_else(|| Basket::ad_hoc(key))
    }

    /// The baskets a code belongs to (a code may sit in a narrow and a broad basket).
    pub fn containing(&self, class: Classification, code: &str) -> Vec<&Basket> {
        self.baskets
            .iter()
            .filter(|b| b.matches(class, code))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_baskets_load_and_name_the_issue_codes() {
        let b = Baskets::builtin();
        for id in [
            "rare-earth-magnets",
            "rare-earths",
            "gallium",
            "germanium",
            "antimony",
            "graphite",
            "graphite-flake",
            "graphite-spherical",
        ] {
            assert!(b.get(id).is_some(), "missing basket {id}");
        }
        let magnets = b.get("rare_earth_magnets").unwrap();
        assert_eq!(magnets.id, "rare-earth-magnets");
        assert!(magnets.matches(Classification::Hs, "850511"));
        assert!(magnets.matches(Classification::Hs2022, "850511"));
        assert!(magnets.matches(Classification::CnChina8, "85051110"));
        assert!(magnets.matches(Classification::Hts10, "8505110070"));
        assert!(!magnets.matches(Classification::CnChina8, "85051190"));
        let flake = b.get("graphite_flake").unwrap();
        assert!(flake.matches(Classification::CnChina8, "25041010"));
        assert!(!flake.matches(Classification::CnChina8, "25041091"));
    }

    #[test]
    fn unknown_commodity_becomes_its_own_basket() {
        let b = Baskets::builtin().resolve("tungsten_apt");
        assert_eq!(b.id, "tungsten-apt");
        assert!(b.ad_hoc);
        assert!(b.matches(Classification::Basket, "tungsten_apt"));
    }

    #[test]
    fn code_subjects_match_codes_of_any_classification() {
        let one = Baskets::builtin().lookup("code:8505.11").unwrap();
        assert_eq!(one.id, "code:850511");
        assert_eq!(one.name, "code 850511");
        assert!(one.matches(Classification::Hs2022, "850511"));
        assert!(one.matches(Classification::CnChina8, "850511"));
        assert!(
            !one.matches(Classification::CnChina8, "85051110"),
            "exact without *"
        );
        assert!(!one.matches(Classification::Basket, "850511"));
        let some = Basket::for_codes(&["8505*", "261590", "8505*"]).unwrap();
        assert_eq!(some.id, "code:261590,8505*");
        assert!(some.matches(Classification::Hts10, "8505110070"));
        assert!(some.matches(Classification::Hs, "261590"));
        assert!(!some.matches(Classification::Hs, "261510"));
        assert_eq!(Baskets::builtin().resolve(&some.id), some);
        let magnets = Baskets::builtin().get("rare-earth-magnets").unwrap();
        assert!(one.overlaps(magnets));
        assert!(some.overlaps(magnets), "8505* covers 850511");
        assert!(!Basket::for_codes(&["2504*"]).unwrap().overlaps(magnets));
        for bad in ["code:", "code:85a5", "code:8", "code:1234567890123"] {
            assert!(Baskets::builtin().lookup(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn user_baskets_join_the_builtin_ones_and_bad_files_name_line_and_field() {
        let good = (
            "/data/baskets/tungsten.toml".to_string(),
            "id = \"tungsten\"\nname = \"tungsten ores\"\n[codes]\nHS = [\"2611\"]\n".to_string(),
        );
        let set = Baskets::with_files(std::slice::from_ref(&good)).unwrap();
        let w = set.get("tungsten").unwrap();
        assert_eq!(w.origin, "/data/baskets/tungsten.toml");
        assert!(w.matches(Classification::Hs, "261100"));
        assert_eq!(set.get("gallium").unwrap().origin, "built-in");

        let cases = [
            (
                "id = \"x\"\nname = \"x\"\n[codes]\nHS = [\"85A5\"]\n",
                "line 4, field codes.HS",
            ),
            (
                "id = \"x\"\nname = \"x\"\nphrase = [\"x\"]\n",
                "line 3, field phrase",
            ),
            ("id = \"x\"\n[codes]\nHS = [\"8505\"]\n", "field name"),
            (
                "id = \"x\"\nname = \"x\"\n[codes]\nHX = [\"8505\"]\n",
                "line 4, field codes.HX",
            ),
            ("id = \"gallium\"\nname = \"x\"\n", "line 1, field id"),
            (
                "id = \"x\"\nname = \"x\"\naliases = [\"graphite_natural\"]\n",
                "line 3, field aliases",
            ),
            ("id = \"x\"\nname = [\n", "line 2"),
            (
                "id = \"x\"\nname = \"x\"\ndescription = \"not HX\"\n[codes]\nHX = [\"8505\"]\n",
                "line 5, field codes.HX",
            ),
        ];
        for (text, want) in cases {
            let err = Baskets::with_files(&[("b.toml".to_string(), text.to_string())])
                .expect_err(text)
                .to_string();
            assert!(err.starts_with("b.toml"), "{err}");
            assert!(err.contains(want), "{text:?}: {err} lacks {want}");
        }
    }

    #[test]
    fn a_bad_code_in_a_basket_file_is_rejected() {
        let err = Basket::from_toml("x.toml", "id='x'\nname='x'\n[codes]\nHS=['85A5']\n")
            .expect_err("letters in an HS code");
        assert!(err.to_string().contains("x.toml"));
    }
}
