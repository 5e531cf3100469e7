//! Trade flows.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Direction of trade as the reporter records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flow {
    Export,
    Import,
    ReExport,
    ReImport,
}

impl Flow {
    /// The canonical name: `export`, `import`, `re_export`, `re_import`.
    pub fn as_str(self) -> &'static str {
        match self {
            Flow::Export => "export",
            Flow::Import => "import",
            Flow::ReExport => "re_export",
            Flow::ReImport => "re_import",
        }
    }

    /// The verb a sentence uses for the flow ("exports", "imports").
    pub fn noun_plural(self) -> &'static str {
        match self {
            Flow::Export => "exports",
            Flow::Import => "imports",
            Flow::ReExport => "re-exports",
            Flow::ReImport => "re-imports",
        }
    }
}

impl fmt::Display for Flow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Flow {
    type Err = Error;

    /// Accepts the canonical names, Comtrade's `X`/`M`/`RX`/`RM` and common spellings.
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "export" | "exports" | "x" => Ok(Flow::Export),
            "import" | "imports" | "m" => Ok(Flow::Import),
            "re_export" | "re_exports" | "reexport" | "rx" => Ok(Flow::ReExport),
            "re_import" | "re_imports" | "reimport" | "rm" => Ok(Flow::ReImport),
            _ => Err(Error::Unknown {
                what: "flow",
                text: s.to_string(),
            }),
        }
    }
}
