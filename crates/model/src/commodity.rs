//! Commodity classifications and codes. Codes are strings: leading zeros are kept.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The nomenclature a commodity code belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Classification {
    /// Harmonized System, vintage not stated (6 digits, or 2/4 for chapters and headings).
    #[serde(rename = "HS")]
    Hs,
    #[serde(rename = "HS2017")]
    Hs2017,
    #[serde(rename = "HS2022")]
    Hs2022,
    /// EU Combined Nomenclature, 8 digits.
    #[serde(rename = "CN8")]
    Cn8,
    /// China's 8-digit statistical tariff line.
    #[serde(rename = "CN-CHINA-8")]
    CnChina8,
    /// China's 10-digit declaration code.
    #[serde(rename = "CN-CHINA-10")]
    CnChina10,
    /// US Harmonized Tariff Schedule, 10 digits (imports).
    #[serde(rename = "HTS10")]
    Hts10,
    /// US Schedule B, 10 digits (exports).
    #[serde(rename = "SCHEDB10")]
    ScheduleB10,
    /// A figure published for a basket as a whole (an agency's headline line such as China's
    /// "rare earths"), with the basket id as its code.
    #[serde(rename = "BASKET")]
    Basket,
}

impl Classification {
    /// The canonical name, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Classification::Hs => "HS",
            Classification::Hs2017 => "HS2017",
            Classification::Hs2022 => "HS2022",
            Classification::Cn8 => "CN8",
            Classification::CnChina8 => "CN-CHINA-8",
            Classification::CnChina10 => "CN-CHINA-10",
            Classification::Hts10 => "HTS10",
            Classification::ScheduleB10 => "SCHEDB10",
            Classification::Basket => "BASKET",
        }
    }

    /// Every classification.
    pub const ALL: &'static [Classification] = &[
        Classification::Hs,
        Classification::Hs2017,
        Classification::Hs2022,
        Classification::Cn8,
        Classification::CnChina8,
        Classification::CnChina10,
        Classification::Hts10,
        Classification::ScheduleB10,
        Classification::Basket,
    ];

    /// True for the Harmonized System at the international (≤ 6 digit) level.
    pub fn is_hs(self) -> bool {
        matches!(
            self,
            Classification::Hs | Classification::Hs2017 | Classification::Hs2022
        )
    }

    /// Checks that `code` has a shape this classification allows (digits and length), and
    /// returns it normalised (dots and spaces removed).
    pub fn check_code(self, code: &str) -> Result<String> {
        let cleaned: String = code.chars().filter(|c| !matches!(c, '.' | ' ')).collect();
        let bad = |reason: String| Error::Invalid {
            what: "commodity code",
            text: code.to_string(),
            reason,
        };
        if self == Classification::Basket {
            return if cleaned.is_empty() {
                Err(bad("empty basket id".to_string()))
            } else {
                Ok(cleaned)
            };
        }
        if cleaned.is_empty() || !cleaned.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(format!("{} codes are digits", self.as_str())));
        }
        let lengths: &[usize] = match self {
            Classification::Hs | Classification::Hs2017 | Classification::Hs2022 => &[2, 4, 6],
            Classification::Cn8 | Classification::CnChina8 => &[8],
            Classification::CnChina10 | Classification::Hts10 | Classification::ScheduleB10 => {
                &[10]
            }
            Classification::Basket => &[],
        };
        if !lengths.contains(&cleaned.len()) {
            return Err(bad(format!(
                "{} codes have {} digits, this has {}",
                self.as_str(),
                lengths
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(" or "),
                cleaned.len()
            )));
        }
        Ok(cleaned)
    }

    /// Checks a code prefix as used in basket files: digits, no longer than a full code.
    pub fn check_prefix(self, code: &str) -> Result<String> {
        let cleaned: String = code.chars().filter(|c| !matches!(c, '.' | ' ')).collect();
        let max = match self {
            Classification::Hs | Classification::Hs2017 | Classification::Hs2022 => 6,
            Classification::Cn8 | Classification::CnChina8 => 8,
            Classification::CnChina10 | Classification::Hts10 | Classification::ScheduleB10 => 10,
            Classification::Basket => usize::MAX,
        };
        if cleaned.len() < 2
            || cleaned.len() > max
            || (self != Classification::Basket && !cleaned.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(Error::Invalid {
                what: "commodity code prefix",
                text: code.to_string(),
                reason: format!("{} prefixes are 2 to {max} digits", self.as_str()),
            });
        }
        Ok(cleaned)
    }

    /// Guesses the classification of a bare code from its length, for files that give a code
    /// without saying which nomenclature it is in. `reporter` picks the national nomenclature
    /// for 8- and 10-digit codes.
    pub fn guess(code: &str, reporter: &str) -> Option<Classification> {
        let digits: String = code.chars().filter(|c| !matches!(c, '.' | ' ')).collect();
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        match (digits.len(), reporter) {
            (2 | 4 | 6, _) => Some(Classification::Hs),
            (8, "CHN") => Some(Classification::CnChina8),
            (8, _) => Some(Classification::Cn8),
            (10, "CHN") => Some(Classification::CnChina10),
            (10, "USA") => Some(Classification::Hts10),
            _ => None,
        }
    }
}

impl fmt::Display for Classification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Classification {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let upper = s.trim().to_ascii_uppercase();
        Classification::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == upper)
            .ok_or_else(|| Error::Unknown {
                what: "classification",
                text: s.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_keep_leading_zeros_and_check_length() {
        assert_eq!(Classification::Hs.check_code("0101").unwrap(), "0101");
        assert_eq!(Classification::Hs.check_code("8505.11").unwrap(), "850511");
        assert_eq!(
            Classification::CnChina8.check_code("85051110").unwrap(),
            "85051110"
        );
        assert!(Classification::CnChina8.check_code("8505111").is_err());
        assert!(Classification::Hs.check_code("85A511").is_err());
    }

    #[test]
    fn guesses_national_lines_by_reporter() {
        assert_eq!(
            Classification::guess("85051110", "CHN"),
            Some(Classification::CnChina8)
        );
        assert_eq!(
            Classification::guess("85051110", "DEU"),
            Some(Classification::Cn8)
        );
        assert_eq!(
            Classification::guess("2805.30+2846", "CHN"),
            None,
            "composite code lists are not a single code"
        );
    }
}
