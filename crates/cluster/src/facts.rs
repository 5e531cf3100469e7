//! `facts --all` on a cluster: the store's facts query ([`tradewatch_store::bulk::facts_sql`])
//! over the tables' pinned Parquet files, planned by our scheduler, run by our executors, and
//! streamed back into the store's `facts` table.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ballista::prelude::SessionContextExt;
use chrono::NaiveDate;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::listing::{
    ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl,
};
use datafusion::datasource::source_as_provider;
use datafusion::execution::SessionStateBuilder;
use datafusion::logical_expr::LogicalPlan;
use datafusion::prelude::SessionContext;
use tradewatch_store::{Store, TableFiles};

use crate::{Error, Result, config_with_version, query, window_functions};

/// Where `facts --all` runs: in this process, or on the cluster whose scheduler is at
/// `df://HOST:PORT`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Engine {
    Local,
    Cluster { host: String, port: u16 },
}

impl Engine {
    /// The scheduler's URL, as Ballista's client takes it.
    pub fn url(&self) -> Option<String> {
        match self {
            Engine::Local => None,
            Engine::Cluster { host, port } => Some(format!("df://{host}:{port}")),
        }
    }
}

impl std::str::FromStr for Engine {
    type Err = String;

    fn from_str(s: &str) -> Result<Engine, String> {
        if s == "local" {
            return Ok(Engine::Local);
        }
        let bad = || format!("engine '{s}': want `local` or `df://HOST:PORT` (a scheduler)");
        let rest = s.strip_prefix("df://").ok_or_else(bad)?;
        let rest = rest.trim_end_matches('/');
        let (host, port) = rest.rsplit_once(':').ok_or_else(bad)?;
        let port: u16 = port.parse().map_err(|_| bad())?;
        if host.is_empty() || port == 0 {
            return Err(bad());
        }
        Ok(Engine::Cluster {
            host: host.to_string(),
            port,
        })
    }
}

/// What a cluster run wrote, and what it read.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ClusterFacts {
    pub path: PathBuf,
    pub rows: u64,
    /// `df://HOST:PORT`.
    pub engine: String,
    /// Each table the cluster read, and the Delta version of its files (also recorded in
    /// the facts table's commit).
    pub read: BTreeMap<String, u64>,
    /// Parquet files the cluster was given to read.
    pub files: usize,
    /// Shuffle partitions: the window stage's tasks, each holding its series whole.
    pub partitions: usize,
}

/// Decoded bytes one shuffle partition should hold at most: the window operator keeps a
/// partition whole, so this bounds a task's memory, whatever the store's size. Measured at
/// 19.5 M observations (BENCHMARKS.md, "Cluster"): 8 partitions left each executor at
/// 2.2–2.4 GiB, 32 at about 600 MiB; an executor holds several times the estimate.
const PARTITION_BYTES: u64 = 128 << 20;

/// Decoded rows take about this many times their Parquet bytes (as in the local job).
const DECODED_PER_PARQUET_BYTE: u64 = 16;

/// Shuffle partitions for a store whose observations take `parquet_bytes`: enough that one
/// holds about [`PARTITION_BYTES`] decoded, at least 2.
pub fn shuffle_partitions(parquet_bytes: u64) -> usize {
    let wanted = (parquet_bytes.saturating_mul(DECODED_PER_PARQUET_BYTE)).div_ceil(PARTITION_BYTES);
    usize::try_from(wanted).map_or(4096, |n| n.clamp(2, 4096))
}

/// Computes every fact of every monthly series on the cluster at `engine` (`df://HOST:PORT`)
/// and writes them as the facts table at `out` (default: the store's), replacing it only
/// when complete. `version` is what the client tells the cluster it runs (normally
/// [`crate::VERSION`]). `partitions` is the number of shuffle partitions (0: sized from the
/// store by [`shuffle_partitions`]).
pub async fn facts_all(
    store: &Store,
    engine: &Engine,
    out: Option<&Path>,
    as_of: Option<NaiveDate>,
    version: &str,
    partitions: usize,
) -> Result<ClusterFacts> {
    let url = engine
        .url()
        .ok_or_else(|| Error::Config("the local engine runs in the store, not here".to_string()))?;
    let tables = store.table_files().await?;
    if tables
        .iter()
        .any(|t| t.name == "observations" && t.files.is_empty())
    {
        return Err(Error::Config(
            "the store holds no observations: there is nothing to compute".to_string(),
        ));
    }
    let partitions = match partitions {
        0 => shuffle_partitions(
            tables
                .iter()
                .filter(|t| t.name == "observations")
                .map(|t| t.bytes)
                .sum(),
        ),
        n => n,
    };
    let state = SessionStateBuilder::new()
        .with_default_features()
        .with_config(config_with_version(version).with_target_partitions(partitions))
        .build();
    let ctx = SessionContext::remote_with_state(&url, state)
        .await
        .map_err(query(format!("connecting to the scheduler at {url}")))?;
    // Ballista's upgrade of the state sets its own function list; ours go in after.
    for f in window_functions() {
        ctx.register_udwf(f.as_ref().clone());
    }
    for table in &tables {
        register_files(&ctx, table)?;
    }
    check_rows(&ctx, &tables, &url).await?;
    let frame = ctx
        .sql(&tradewatch_store::bulk::facts_sql(as_of))
        .await
        .map_err(query("planning the facts query"))?;
    check_shippable(frame.logical_plan())?;
    let files = tables.iter().map(|t| t.files.len()).sum();
    tracing::info!(
        engine = url,
        files,
        "facts for every series, on the cluster"
    );
    let stream = frame
        .execute_stream()
        .await
        .map_err(query(format!("running the facts query on {url}")))?;
    let written = match store.facts_from_stream(out, stream, &tables).await {
        Ok(w) => w,
        Err(e) if e.to_string().contains(REJECTED) => {
            return Err(Error::Rejected(format!(
                "an executor of the cluster at {url} refused the job's tasks before running \
                 them ({e}). An executor that is not `tradewatch cluster executor` lacks \
                 tradewatch's window functions (a stock Ballista executor logs `There is no \
                 UDWF named \"tw_rank\"`); start every executor with `tradewatch cluster \
                 executor` of tradewatch {version}"
            )));
        }
        Err(e) => return Err(e.into()),
    };
    Ok(ClusterFacts {
        path: written.path,
        rows: written.rows,
        engine: url,
        read: tables.iter().map(|t| (t.name.clone(), t.version)).collect(),
        files,
        partitions,
    })
}

/// Counts each table's rows on the cluster and refuses to go on unless they are the rows the
/// Delta log records for the files sent. A scheduler that cannot see a file lists nothing in
/// its place (DataFusion turns a missing file into an empty listing): the job would succeed
/// with rows missing, and its facts would replace the good ones.
async fn check_rows(ctx: &SessionContext, tables: &[TableFiles], url: &str) -> Result<()> {
    for table in tables {
        let Some(expected) = table.rows else {
            tracing::warn!(table = table.name, "no row counts in the log: not checked");
            continue;
        };
        let batches = ctx
            .sql(&format!("SELECT count(*) AS n FROM {}", table.name))
            .await
            .map_err(query(format!("planning a count of {}", table.name)))?
            .collect()
            .await
            .map_err(query(format!("counting {} on {url}", table.name)))?;
        let found: i64 = batches
            .iter()
            .filter(|b| b.num_rows() > 0)
            .filter_map(|b| {
                b.column(0)
                    .as_any()
                    .downcast_ref::<datafusion::arrow::array::Int64Array>()
                    .map(|a| a.value(0))
            })
            .sum();
        if u64::try_from(found).ok() != Some(expected) {
            let dir = table
                .files
                .first()
                .and_then(|f| url::Url::parse(f).ok())
                .and_then(|u| u.to_file_path().ok())
                .and_then(|p| p.parent().map(|d| d.display().to_string()))
                .unwrap_or_default();
            return Err(Error::Unreadable(format!(
                "the cluster at {url} read {found} of the {expected} rows of {} from its {} \
                 files: the scheduler and every executor must see the data directory at the \
                 same path ({dir}); nothing was computed or written",
                table.name,
                table.files.len()
            )));
        }
    }
    Ok(())
}

/// What Ballista's scheduler says when an executor could not even decode a job's tasks; the
/// executor's own reason stays in its log.
const REJECTED: &str = "rejected by executor";

/// Registers a table as a Parquet listing table over exactly its pinned files.
fn register_files(ctx: &SessionContext, table: &TableFiles) -> Result<()> {
    let what = || format!("registering the files of {}", table.name);
    if table.files.is_empty() {
        // A listing table needs a path; an empty table is a schema with no rows.
        let empty = datafusion::datasource::empty::EmptyTable::new(plain(&table.schema));
        ctx.register_table(&table.name, Arc::new(empty))
            .map_err(query(what()))?;
        return Ok(());
    }
    // Parsed as URLs, never as paths: a path is encoded again and may read as a glob, and a
    // file a listing cannot find turns into an empty directory listing, not an error.
    let mut urls = Vec::new();
    for f in &table.files {
        let url = url::Url::parse(f)
            .map_err(|e| Error::Config(format!("{}: file URL {f}: {e}", table.name)))?;
        urls.push(ListingTableUrl::try_new(url, None).map_err(query(what()))?);
    }
    let options =
        ListingOptions::new(Arc::new(ParquetFormat::default())).with_file_extension(".parquet");
    let config = ListingTableConfig::new_with_multi_paths(urls)
        .with_listing_options(options)
        .with_schema(plain(&table.schema));
    let provider = ListingTable::try_new(config).map_err(query(what()))?;
    ctx.register_table(&table.name, Arc::new(provider))
        .map_err(query(what()))?;
    Ok(())
}

/// The schema with plain strings where it has string views: Ballista ships batches over
/// Arrow Flight and keeps view types off for that.
fn plain(schema: &SchemaRef) -> SchemaRef {
    let fields: Vec<Field> = schema
        .fields()
        .iter()
        .map(|f| match f.data_type() {
            DataType::Utf8View => f.as_ref().clone().with_data_type(DataType::Utf8),
            _ => f.as_ref().clone(),
        })
        .collect();
    Arc::new(Schema::new(fields))
}

/// Refuses a plan that reads anything but Parquet file lists (a Delta scan, a table in
/// memory) or holds an extension node: a cluster could not decode it, and would fail deep
/// inside an executor instead of here.
pub fn check_shippable(plan: &LogicalPlan) -> Result<()> {
    let mut refused: Option<String> = None;
    plan.apply_with_subqueries(|node| {
        match node {
            LogicalPlan::TableScan(scan) => {
                let provider = source_as_provider(&scan.source)?;
                let listing = provider.is::<ListingTable>();
                let empty = provider.is::<datafusion::datasource::empty::EmptyTable>();
                if !listing && !empty {
                    refused = Some(format!(
                        "table {} is not a list of Parquet files (a {:?} table of another \
                         kind); tradewatch sends a cluster only the files of a pinned version",
                        scan.table_name,
                        provider.table_type()
                    ));
                    return Ok(TreeNodeRecursion::Stop);
                }
            }
            LogicalPlan::Extension(ext) => {
                refused = Some(format!(
                    "the plan holds a {} node, which the cluster cannot decode",
                    ext.node.name()
                ));
                return Ok(TreeNodeRecursion::Stop);
            }
            _ => {}
        }
        Ok(TreeNodeRecursion::Continue)
    })
    .map_err(query("checking the plan"))?;
    match refused {
        Some(why) => Err(Error::NotShippable(why)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engines_parse_and_bad_ones_say_what_is_wanted() {
        assert_eq!("local".parse::<Engine>(), Ok(Engine::Local));
        assert_eq!(
            "df://127.0.0.1:50050".parse::<Engine>(),
            Ok(Engine::Cluster {
                host: "127.0.0.1".into(),
                port: 50050
            })
        );
        assert_eq!(
            "df://sched.example:7000/"
                .parse::<Engine>()
                .map(|e| e.url()),
            Ok(Some("df://sched.example:7000".into()))
        );
        for bad in [
            "",
            "remote",
            "df://",
            "df://host",
            "df://:50050",
            "df://h:0",
            "http://h:1",
        ] {
            let e = bad.parse::<Engine>().expect_err(bad);
            assert!(e.contains("df://HOST:PORT"), "{bad}: {e}");
        }
    }

    #[test]
    fn a_larger_store_gets_more_shuffle_partitions_so_one_stays_bounded() {
        assert_eq!(shuffle_partitions(0), 2);
        assert_eq!(shuffle_partitions(1 << 20), 2);
        // 1.5 GB of Parquet, about 24 GB decoded: 179 partitions of at most 128 MiB.
        let n = shuffle_partitions(1_500_000_000);
        assert_eq!(n, 179);
        assert!(1_500_000_000 * DECODED_PER_PARQUET_BYTE / n as u64 <= PARTITION_BYTES);
        assert_eq!(shuffle_partitions(u64::MAX), 4096);
    }

    #[tokio::test]
    async fn a_plan_over_a_table_in_memory_is_refused_before_it_is_sent() {
        let ctx = SessionContext::new();
        let schema = Arc::new(Schema::new(vec![Field::new(
            "value",
            DataType::Float64,
            true,
        )]));
        let table = datafusion::datasource::MemTable::try_new(schema, vec![vec![]]).expect("table");
        ctx.register_table("observations", Arc::new(table))
            .expect("register");
        let plan = ctx
            .sql("SELECT sum(value) FROM (SELECT value FROM observations WHERE value > 0)")
            .await
            .expect("plan");
        let e = check_shippable(plan.logical_plan()).expect_err("refused");
        assert!(e.to_string().contains("observations"), "{e}");
        assert!(e.to_string().starts_with("cannot run on a cluster"), "{e}");
    }

    /// A one-column Parquet file written by `select` into `dir` as `name`, as the table
    /// `observations` of `rows` rows.
    async fn parquet_table(dir: &Path, name: &str, select: &str, rows: u64) -> TableFiles {
        SessionContext::new()
            .sql(&format!("COPY ({select}) TO '{}/{name}'", dir.display()))
            .await
            .expect("copy")
            .collect()
            .await
            .expect("write");
        TableFiles {
            name: "observations".into(),
            version: 1,
            schema: Arc::new(Schema::new(vec![Field::new(
                "value",
                DataType::Float64,
                true,
            )])),
            files: vec![
                url::Url::from_file_path(dir.join(name))
                    .expect("url")
                    .to_string(),
            ],
            bytes: 0,
            rows: Some(rows),
        }
    }

    #[tokio::test]
    async fn a_plan_over_parquet_file_lists_passes() {
        let dir = tempfile::tempdir().expect("dir");
        let ctx = SessionContext::new();
        let files = parquet_table(dir.path(), "a.parquet", "SELECT 1.5 AS value", 1).await;
        register_files(&ctx, &files).expect("register");
        let frame = ctx
            .sql("SELECT sum(value) AS s FROM observations")
            .await
            .expect("plan");
        check_shippable(frame.logical_plan()).expect("a file list ships");
        let batches = frame.collect().await.expect("run");
        let text = datafusion::arrow::util::pretty::pretty_format_batches(&batches)
            .expect("format")
            .to_string();
        assert!(text.contains("1.5"), "{text}");
        check_rows(&ctx, std::slice::from_ref(&files), "local")
            .await
            .expect("all rows read");

        // A reader that finds fewer rows than the log records is refused, however it came to
        // miss them: here the file is gone, which DataFusion lists as an empty directory.
        std::fs::remove_file(dir.path().join("a.parquet")).expect("remove");
        let e = check_rows(&ctx, &[files], "local")
            .await
            .expect_err("refused");
        let text = e.to_string();
        assert!(
            text.contains("read 0 of the 1 rows of observations"),
            "{text}"
        );
        assert!(text.contains(&dir.path().display().to_string()), "{text}");
    }

    #[tokio::test]
    async fn a_data_directory_with_a_space_and_a_percent_in_its_path_is_read_whole() {
        let dir = tempfile::Builder::new()
            .prefix("tw store 100% ")
            .tempdir()
            .expect("dir");
        let ctx = SessionContext::new();
        let files = parquet_table(
            dir.path(),
            "b.parquet",
            "SELECT 2.5 AS value UNION ALL SELECT 4.0",
            2,
        )
        .await;
        register_files(&ctx, &files).expect("register");
        check_rows(&ctx, &[files], "local")
            .await
            .expect("both rows read");
    }
}
