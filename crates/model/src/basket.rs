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

use std::collections::BTreeMap;
use std::sync::OnceLock;

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
}

impl Basket {
    /// Parses one basket file and checks every code against its classification.
    pub fn from_toml(name: &str, text: &str) -> Result<Self> {
        let basket: Basket = toml::from_str(text).map_err(|e| Error::Reference {
            name: name.to_string(),
            reason: e.to_string(),
        })?;
        for (class, codes) in &basket.codes {
            let class: Classification = class.parse().map_err(|e: Error| Error::Reference {
                name: name.to_string(),
                reason: e.to_string(),
            })?;
            for code in codes {
                class.check_prefix(code).map_err(|e| Error::Reference {
                    name: name.to_string(),
                    reason: e.to_string(),
                })?;
            }
        }
        Ok(basket)
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
            id,
        }
    }

    /// True when `code` of `class` belongs here: the basket lists it, or lists a prefix of
    /// it in the same classification, or (for HS codes) lists the HS6 it starts with.
    pub fn matches(&self, class: Classification, code: &str) -> bool {
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
                .map(|(name, text)| Basket::from_toml(name, text))
                .collect::<Result<Vec<_>>>();
            match baskets {
                Ok(baskets) => Baskets { baskets },
                // The files are part of the program and tested; a broken one is a build bug.
                Err(e) => panic!("embedded basket file is invalid: {e}"),
            }
        })
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

    /// The basket with this id or alias, or an error that lists the known ids (for a user's
    /// selector).
    pub fn lookup(&self, id_or_alias: &str) -> Result<&Basket, String> {
        self.get(id_or_alias).ok_or_else(|| {
            let known: Vec<&str> = self.baskets.iter().map(|b| b.id.as_str()).collect();
            format!(
                "unknown basket '{}' (known: {})",
                id_or_alias.trim(),
                known.join(", ")
            )
        })
    }

    /// The basket a commodity key names, or an ad-hoc basket made from the key.
    pub fn resolve(&self, key: &str) -> Basket {
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
    fn a_bad_code_in_a_basket_file_is_rejected() {
        let err = Basket::from_toml("x.toml", "id='x'\nname='x'\n[codes]\nHS=['85A5']\n")
            .expect_err("letters in an HS code");
        assert!(err.to_string().contains("x.toml"));
    }
}
