//! Observations ↔ Arrow record batches in the canonical schema.

use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, BooleanArray, Date32Array, Float64Array, Int32Array, Int64Array, RecordBatch,
    StringArray, TimestampMicrosecondArray,
};
use chrono::{DateTime, NaiveDate, Utc};
use tradewatch_model::schema;

use crate::{Error, Result};

const EPOCH: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(d) => d,
    None => panic!("1970-01-01 is a date"),
};

/// Days since 1970-01-01, Arrow's Date32.
pub(crate) fn to_date32(d: NaiveDate) -> i32 {
    (d - EPOCH).num_days() as i32
}

/// The date of a Date32 value.
pub(crate) fn from_date32(days: i32) -> NaiveDate {
    EPOCH + chrono::Duration::days(i64::from(days))
}

fn texts(t: tradewatch_model::Texts) -> Result<ArrayRef> {
    // Offsets are 32-bit: a longer column has wrapped ones, which Arrow would panic on.
    if i32::try_from(t.bytes.len()).is_err() {
        return Err(Error::Internal {
            what: "building the observations batch".to_string(),
            reason: format!("a text column of {} bytes (at most 2 GiB)", t.bytes.len()),
        });
    }
    let offsets = arrow::buffer::OffsetBuffer::new(arrow::buffer::ScalarBuffer::from(t.offsets));
    StringArray::try_new(offsets, arrow::buffer::Buffer::from_vec(t.bytes), None)
        .map(|a| Arc::new(a) as ArrayRef)
        .map_err(|e| Error::Internal {
            what: "building the observations batch".to_string(),
            reason: e.to_string(),
        })
}

/// Observations a reader laid out by column, as a record batch: the buffers move into Arrow
/// without a copy; the release id and ingest time are added here.
pub(crate) fn columns_batch(
    cols: tradewatch_model::ObservationColumns,
    release: &str,
    ingested_at: DateTime<Utc>,
) -> Result<RecordBatch> {
    let n = cols.len();
    let columns: Vec<ArrayRef> = vec![
        texts(cols.source)?,
        Arc::new(StringArray::from_iter_values(std::iter::repeat_n(
            release, n,
        ))),
        texts(cols.reporter)?,
        texts(cols.partner)?,
        texts(cols.flow)?,
        texts(cols.classification)?,
        texts(cols.code)?,
        texts(cols.commodity)?,
        texts(cols.period)?,
        Arc::new(Int32Array::from(cols.period_start)),
        Arc::new(Int32Array::from(cols.period_months)),
        texts(cols.measure)?,
        Arc::new(Float64Array::from(cols.value)),
        texts(cols.unit)?,
        Arc::new(Float64Array::from(cols.resolution)),
        Arc::new(BooleanArray::from(cols.estimated)),
        Arc::new(BooleanArray::from(cols.suppressed)),
        texts(cols.quality)?,
        texts(cols.citation)?,
        Arc::new(Date32Array::from_iter(
            cols.published.iter().map(|d| d.map(to_date32)),
        )),
        texts(cols.note)?,
        Arc::new(Int64Array::from(cols.line)),
        Arc::new(
            TimestampMicrosecondArray::from_iter_values(std::iter::repeat_n(
                ingested_at.timestamp_micros(),
                n,
            ))
            .with_timezone("UTC"),
        ),
    ];
    RecordBatch::try_new(schema::observations(), columns).map_err(|e| Error::Internal {
        what: "building the observations batch".to_string(),
        reason: e.to_string(),
    })
}

/// Typed access to a column of a batch read back from the store.
pub(crate) struct Cols<'a> {
    batch: &'a RecordBatch,
}

impl<'a> Cols<'a> {
    pub(crate) fn new(batch: &'a RecordBatch) -> Self {
        Cols { batch }
    }

    fn column(&self, name: &str) -> Result<&'a ArrayRef> {
        self.batch
            .column_by_name(name)
            .ok_or_else(|| Error::Internal {
                what: "reading a query result".to_string(),
                reason: format!("no column '{name}'"),
            })
    }

    fn typed<T: 'static>(&self, name: &str) -> Result<&'a T> {
        self.column(name)?
            .as_any()
            .downcast_ref::<T>()
            .ok_or_else(|| Error::Internal {
                what: "reading a query result".to_string(),
                reason: format!("column '{name}' has an unexpected type"),
            })
    }

    /// A text column as one `StringArray` (cast once, for reading every row).
    pub(crate) fn texts(&self, name: &str) -> Result<StringArray> {
        let cast = arrow::compute::cast(self.column(name)?, &arrow::datatypes::DataType::Utf8)
            .map_err(|e| Error::Internal {
                what: format!("reading column {name}"),
                reason: e.to_string(),
            })?;
        cast.as_any()
            .downcast_ref::<StringArray>()
            .cloned()
            .ok_or_else(|| Error::Internal {
                what: format!("reading column {name}"),
                reason: "not text".to_string(),
            })
    }

    pub(crate) fn str(&self, name: &str, row: usize) -> Result<String> {
        let a = self.texts(name)?;
        Ok(if a.is_null(row) {
            String::new()
        } else {
            a.value(row).to_string()
        })
    }

    pub(crate) fn f64(&self, name: &str, row: usize) -> Result<Option<f64>> {
        let a = self.typed::<Float64Array>(name)?;
        Ok((!a.is_null(row)).then(|| a.value(row)))
    }

    pub(crate) fn i64(&self, name: &str, row: usize) -> Result<Option<i64>> {
        let col = self.column(name)?;
        if let Some(a) = col.as_any().downcast_ref::<Int64Array>() {
            return Ok((!a.is_null(row)).then(|| a.value(row)));
        }
        if let Some(a) = col.as_any().downcast_ref::<arrow::array::UInt64Array>() {
            return Ok((!a.is_null(row)).then(|| a.value(row) as i64));
        }
        let a = self.typed::<Int32Array>(name)?;
        Ok((!a.is_null(row)).then(|| i64::from(a.value(row))))
    }

    pub(crate) fn bool(&self, name: &str, row: usize) -> Result<bool> {
        let a = self.typed::<arrow::array::BooleanArray>(name)?;
        Ok(!a.is_null(row) && a.value(row))
    }

    pub(crate) fn date(&self, name: &str, row: usize) -> Result<Option<NaiveDate>> {
        let a = self.typed::<Date32Array>(name)?;
        Ok((!a.is_null(row)).then(|| from_date32(a.value(row))))
    }

    pub(crate) fn timestamp(&self, name: &str, row: usize) -> Result<Option<DateTime<Utc>>> {
        let a = self.typed::<TimestampMicrosecondArray>(name)?;
        Ok((!a.is_null(row))
            .then(|| DateTime::from_timestamp_micros(a.value(row)))
            .flatten())
    }
}
