//! The canonical Arrow schemas of the store's tables. Codes are strings, never integers.

use std::sync::Arc;

use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};

/// Columns of the `observations` table, in order.
pub fn observations() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("source", DataType::Utf8, false),
        Field::new("release", DataType::Utf8, false),
        Field::new("reporter", DataType::Utf8, false),
        Field::new("partner", DataType::Utf8, false),
        Field::new("flow", DataType::Utf8, false),
        Field::new("classification", DataType::Utf8, false),
        Field::new("code", DataType::Utf8, false),
        Field::new("commodity", DataType::Utf8, false),
        Field::new("period", DataType::Utf8, false),
        Field::new("period_start", DataType::Int32, false),
        Field::new("period_months", DataType::Int32, false),
        Field::new("measure", DataType::Utf8, false),
        Field::new("value", DataType::Float64, false),
        Field::new("unit", DataType::Utf8, false),
        Field::new("resolution", DataType::Float64, true),
        Field::new("estimated", DataType::Boolean, false),
        Field::new("suppressed", DataType::Boolean, false),
        Field::new("quality", DataType::Utf8, false),
        Field::new("citation", DataType::Utf8, false),
        Field::new("published", DataType::Date32, true),
        Field::new("note", DataType::Utf8, false),
        Field::new("line", DataType::Int64, false),
        Field::new(
            "ingested_at",
            DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
            false,
        ),
    ]))
}

/// Columns of the `releases` table, in order.
pub fn releases() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("id", DataType::Utf8, false),
        Field::new("seq", DataType::Int64, false),
        Field::new("source", DataType::Utf8, false),
        Field::new("format", DataType::Utf8, false),
        Field::new("file_name", DataType::Utf8, false),
        Field::new("sha256", DataType::Utf8, false),
        Field::new("published", DataType::Date32, true),
        Field::new(
            "ingested_at",
            DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
            false,
        ),
        Field::new("rows", DataType::Int64, false),
        Field::new("rows_rejected", DataType::Int64, false),
    ]))
}

/// Columns of the `facts` table `tradewatch facts --all` writes: one row per current monthly
/// observation with its m/m, y/y, streak and record, and the row it came from.
pub fn facts() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("reporter", DataType::Utf8, false),
        Field::new("partner", DataType::Utf8, false),
        Field::new("flow", DataType::Utf8, false),
        Field::new("classification", DataType::Utf8, false),
        Field::new("code", DataType::Utf8, false),
        Field::new("measure", DataType::Utf8, false),
        Field::new("unit", DataType::Utf8, false),
        Field::new("period", DataType::Utf8, false),
        Field::new("period_start", DataType::Int32, false),
        Field::new("value", DataType::Float64, false),
        Field::new("mom_pct", DataType::Float64, true),
        Field::new("yoy_pct", DataType::Float64, true),
        Field::new("streak", DataType::Int32, true),
        Field::new("record_months", DataType::Int32, true),
        Field::new("record_open", DataType::Boolean, true),
        Field::new("source", DataType::Utf8, false),
        Field::new("release", DataType::Utf8, false),
        Field::new("citation", DataType::Utf8, false),
        Field::new("line", DataType::Int64, false),
    ]))
}
