//! How numbers are written for people: thousands separators, tonnes for quantities, the
//! published precision kept (420.5 t stays 420.5 t, 590 t stays 590 t).

use crate::measure::Unit;

/// The text with its first letter upper-case ("the United States" → "The United States").
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Writes `value` with `decimals` decimals and thousands separators: `5774.0, 0` → `5,774`.
pub fn number(value: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (text, None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if value < 0.0 && text_is_nonzero(&grouped, frac.as_deref()) {
        "-"
    } else {
        ""
    };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

fn text_is_nonzero(int: &str, frac: Option<&str>) -> bool {
    int.chars()
        .chain(frac.unwrap_or("").chars())
        .any(|c| c.is_ascii_digit() && c != '0')
}

/// Decimals needed to show a number whose last published digit is `resolution` in units of
/// `scale` (e.g. resolution 100 kg shown in tonnes: 1 decimal).
pub fn decimals_for(resolution: Option<f64>, scale: f64) -> usize {
    match resolution {
        Some(r) if r > 0.0 => {
            let digits = -(r / scale).log10();
            if digits <= 0.0 {
                0
            } else {
                (digits.round() as usize).min(6)
            }
        }
        _ => 0,
    }
}

/// A stored amount written for people: kg as tonnes (`420.5 t`; below one tonne `721 kg`),
/// currencies as `$301.8 million`, percentages as `-28.7%`.
pub fn amount(value: f64, unit: Unit, resolution: Option<f64>) -> String {
    match unit {
        Unit::Kg | Unit::Tonne => {
            let kg = if unit == Unit::Tonne {
                value * 1000.0
            } else {
                value
            };
            if kg.abs() < 1000.0 && kg != 0.0 {
                format!("{} kg", number(kg, decimals_for(resolution, 1.0)))
            } else {
                format!(
                    "{} t",
                    number(kg / 1000.0, decimals_for(resolution, 1000.0))
                )
            }
        }
        Unit::Usd | Unit::Cny | Unit::Eur => money(value, unit),
        Unit::Pct => format!("{}%", signed(value, 1)),
    }
}

/// A currency amount: `$60 million`, `$1.02 billion`, `€12,345`.
pub fn money(value: f64, unit: Unit) -> String {
    let symbol = match unit {
        Unit::Usd => "$",
        Unit::Eur => "€",
        Unit::Cny => "CNY ",
        _ => "",
    };
    let a = value.abs();
    let (scaled, word) = if a >= 1e9 {
        (value / 1e9, " billion")
    } else if a >= 1e6 {
        (value / 1e6, " million")
    } else {
        (value, "")
    };
    let text = if word.is_empty() {
        number(scaled, 0)
    } else {
        let t = format!("{scaled:.2}");
        t.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    format!("{symbol}{text}{word}")
}

/// A change with its sign: `+17.5`, `-6.1`, `0.0`.
pub fn signed(value: f64, decimals: usize) -> String {
    let n = number(value, decimals);
    if n.starts_with('-') || n.chars().all(|c| c == '0' || c == '.' || c == ',') {
        n
    } else {
        format!("+{n}")
    }
}

/// The number as a word for small counts ("second", "three") used in prose.
pub fn ordinal(n: u32) -> String {
    const WORDS: [&str; 13] = [
        "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
        "ninth", "tenth", "eleventh", "twelfth",
    ];
    WORDS
        .get(n as usize)
        .map_or_else(|| format!("{n}th"), ToString::to_string)
}

/// A cardinal in words up to twelve ("three"), digits beyond.
pub fn cardinal(n: u32) -> String {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    WORDS
        .get(n as usize)
        .map_or_else(|| n.to_string(), ToString::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_keep_their_published_precision() {
        assert_eq!(amount(420_500.0, Unit::Kg, Some(100.0)), "420.5 t");
        assert_eq!(amount(590_000.0, Unit::Kg, Some(10_000.0)), "590 t");
        assert_eq!(amount(5_774_000.0, Unit::Kg, Some(1000.0)), "5,774 t");
        assert_eq!(amount(6_145_623.0, Unit::Kg, Some(1.0)), "6,145.623 t");
        assert_eq!(amount(721.0, Unit::Kg, Some(1.0)), "721 kg");
        assert_eq!(amount(39_817_000.0, Unit::Kg, None), "39,817 t");
    }

    #[test]
    fn money_and_changes() {
        assert_eq!(money(60_000_000.0, Unit::Usd), "$60 million");
        assert_eq!(money(1_020_000_000.0, Unit::Usd), "$1.02 billion");
        assert_eq!(money(301_800_000.0, Unit::Usd), "$301.8 million");
        assert_eq!(signed(-28.734, 1), "-28.7");
        assert_eq!(signed(17.48, 1), "+17.5");
        assert_eq!(number(-0.01, 1), "0.0");
        assert_eq!(number(1234567.891, 2), "1,234,567.89");
    }
}
