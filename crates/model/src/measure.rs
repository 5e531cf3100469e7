//! What a number measures, its unit, its source and its quality.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident => $text:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// The canonical lower-case name.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                match s.trim().to_ascii_lowercase().as_str() {
                    $($text $(| $alias)* => Ok($name::$variant),)+
                    _ => Err(Error::Unknown { what: $what, text: s.to_string() }),
                }
            }
        }
    };
}

string_enum!(
    /// The quantity measured by an observation.
    Measure, "measure" {
        /// Physical quantity; kept in kg.
        Quantity => "quantity",
        /// Trade value in a currency (for US imports: general imports, `GEN_VAL_MO`).
        Value => "value",
        /// US imports for consumption (`CON_VAL_MO`), kept apart from general imports.
        ValueConsumption => "value_consumption",
        /// A month-on-month change as published, in percent.
        ChangeMomPct => "change_mom_pct",
        /// A year-on-year change as published, in percent (on a year-to-date span: the
        /// year-to-date change).
        ChangeYoyPct => "change_yoy_pct",
    }
);

impl Measure {
    /// True for the published-change measures.
    pub fn is_change(self) -> bool {
        matches!(self, Measure::ChangeMomPct | Measure::ChangeYoyPct)
    }
}

string_enum!(
    /// The unit a stored value is in. Quantities are stored in kg; tonnes exist only on input
    /// and display.
    Unit, "unit" {
        Kg => "kg" | "kilogram" | "kilograms" | "千克",
        Tonne => "t" | "tonne" | "tonnes" | "ton" | "tons" | "mt",
        Usd => "usd" | "us$" | "$",
        Cny => "cny" | "rmb" | "yuan" | "人民币",
        Eur => "eur" | "euro" | "euros",
        Pct => "pct" | "%" | "percent",
    }
);

impl Unit {
    /// Converts `value` in this unit to the stored unit: tonnes become kg, everything else is
    /// unchanged. Returns the stored unit and the factor applied.
    pub fn to_stored(self) -> (Unit, f64) {
        match self {
            Unit::Tonne => (Unit::Kg, 1000.0),
            other => (other, 1.0),
        }
    }

    /// True for a currency.
    pub fn is_currency(self) -> bool {
        matches!(self, Unit::Usd | Unit::Cny | Unit::Eur)
    }

    /// The measure a value in this unit can belong to.
    pub fn fits(self, measure: Measure) -> bool {
        match measure {
            Measure::Quantity => matches!(self, Unit::Kg | Unit::Tonne),
            Measure::Value | Measure::ValueConsumption => self.is_currency(),
            Measure::ChangeMomPct | Measure::ChangeYoyPct => self == Unit::Pct,
        }
    }
}

string_enum!(
    /// Who published the number.
    Source, "source" {
        /// China's General Administration of Customs.
        Gacc => "gacc",
        /// UN Comtrade.
        Comtrade => "comtrade",
        /// US Census Bureau.
        Census => "census",
        /// Eurostat Comext.
        Comext => "comext",
        /// A figure from a news or trade-press report of an agency's data.
        Press => "press",
        /// A user's own file.
        User => "user",
    }
);

impl Source {
    /// Preference rank when several sources give the same figure: lower wins. The agencies
    /// come first (the reporter's own customs before the UN's re-publication), then a user's
    /// own figures, then press reports.
    pub fn rank(self) -> u8 {
        match self {
            Source::Gacc | Source::Census | Source::Comext => 0,
            Source::Comtrade => 1,
            Source::User => 2,
            Source::Press => 3,
        }
    }

    /// True for a statistical agency.
    pub fn is_official(self) -> bool {
        self.rank() <= 1
    }
}

string_enum!(
    /// How far a row can be trusted.
    Quality, "quality" {
        /// Nothing known against it.
        Ok => "ok",
        /// Another source gives a different number for the same thing; both are kept.
        Conflict => "conflict",
        /// Known to be wrong (e.g. the page mislabelled the commodity); never in `current`.
        Suspect => "suspect",
    }
);
