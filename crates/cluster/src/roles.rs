//! The scheduler and executor roles, and `cluster up` (both on loopback in one process).

use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use ballista_core::JobId;
use ballista_core::registry::BallistaFunctionRegistry;
use ballista_executor::execution_engine::{
    DefaultExecutionEngine, ExecutionEngine, QueryStageExecutor,
};
use ballista_executor::executor_process::{ExecutorProcessConfig, start_executor_process};
use ballista_scheduler::cluster::BallistaCluster;
use ballista_scheduler::config::SchedulerConfig;
use ballista_scheduler::scheduler_process::start_server;
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::physical_plan::ExecutionPlan;
use datafusion::prelude::SessionConfig;
use tokio::task::JoinHandle;

use crate::{Error, Result, ballista, check_version, io, role_config, state_builder};

/// How `tradewatch cluster scheduler` runs.
#[derive(Debug, Clone)]
pub struct SchedulerOptions {
    /// Where it listens for clients and executors (gRPC).
    pub bind: SocketAddr,
    /// The version it accepts sessions of (normally [`crate::VERSION`]).
    pub version: String,
}

/// Runs a scheduler until the process ends (or the task is aborted). Its sessions plan with
/// our window functions and refuse a client of another tradewatch version.
pub async fn scheduler(opts: SchedulerOptions) -> Result<()> {
    let version = opts.version.clone();
    let config = SchedulerConfig {
        bind_host: opts.bind.ip().to_string(),
        bind_port: opts.bind.port(),
        external_host: opts.bind.ip().to_string(),
        override_config_producer: Some(Arc::new(role_config)),
        override_session_builder: Some(Arc::new(move |config| {
            check_version(&config, "scheduler", &version)?;
            Ok(state_builder(config)
                .with_runtime_env(Arc::new(RuntimeEnvBuilder::new().build()?))
                .with_optimizer_rules(ballista_core::optimizer::ballista_default_optimizer_rules())
                .build())
        })),
        ..Default::default()
    };
    tracing::info!(bind = %opts.bind, version = opts.version, "cluster scheduler");
    let cluster = BallistaCluster::new_from_config(&config)
        .await
        .map_err(ballista("starting the scheduler"))?;
    start_server(cluster, opts.bind, Arc::new(config))
        .await
        .map_err(ballista(format!("the scheduler on {}", opts.bind)))
}

/// How `tradewatch cluster executor` runs.
#[derive(Debug, Clone)]
pub struct ExecutorOptions {
    /// The scheduler's address.
    pub scheduler: SocketAddr,
    /// The host it listens on, and tells the scheduler and other executors to reach it at.
    pub host: String,
    /// Its Arrow Flight port (shuffle data; 0: a free one).
    pub port: u16,
    /// Its gRPC port (tasks; 0: a free one).
    pub grpc_port: u16,
    /// Tasks it runs at once (0: one per core).
    pub vcores: usize,
    /// Bytes its tasks may hold between them before they spill (`None`: Ballista's default,
    /// a share of the machine's memory).
    pub memory: Option<u64>,
    /// Where its shuffle files go (`None`: a temporary directory, removed when it stops).
    pub work_dir: Option<PathBuf>,
    /// The version it accepts tasks of (normally [`crate::VERSION`]).
    pub version: String,
}

impl ExecutorOptions {
    /// An executor on loopback for the scheduler at `scheduler`, on free ports.
    pub fn loopback(scheduler: SocketAddr) -> ExecutorOptions {
        ExecutorOptions {
            scheduler,
            host: "127.0.0.1".to_string(),
            port: 0,
            grpc_port: 0,
            vcores: 0,
            memory: None,
            work_dir: None,
            version: crate::VERSION.to_string(),
        }
    }
}

/// Ballista's execution engine behind a check of the task's tradewatch version.
///
/// The check is here, when a task starts, and not where the executor decodes the tasks it is
/// sent: a task that fails to decode is reported to the scheduler without its reason (the job
/// fails with "task could not be prepared or was rejected by executor"), while a task that
/// fails here is reported with its error, which reaches the client.
struct VersionedEngine {
    version: String,
    inner: DefaultExecutionEngine,
}

impl ExecutionEngine for VersionedEngine {
    fn create_query_stage_exec(
        &self,
        job_id: JobId,
        stage_id: usize,
        task_id: usize,
        global_output_partition_ids: Vec<usize>,
        plan: Arc<dyn ExecutionPlan>,
        work_dir: &str,
        config: &SessionConfig,
    ) -> datafusion::error::Result<Arc<dyn QueryStageExecutor>> {
        check_version(config, "executor", &self.version)?;
        self.inner.create_query_stage_exec(
            job_id,
            stage_id,
            task_id,
            global_output_partition_ids,
            plan,
            work_dir,
            config,
        )
    }
}

/// The function registry our executors run tasks with: Ballista's defaults and ours.
fn functions() -> BallistaFunctionRegistry {
    let mut registry = BallistaFunctionRegistry::default();
    for f in crate::window_functions() {
        registry.window_functions.insert(f.name().to_string(), f);
    }
    registry
}

/// A free TCP port on `host` (bound and released: another process may take it in between,
/// which only makes the role fail to start, with the address in the message).
pub fn free_port(host: &str) -> Result<u16> {
    let listener =
        TcpListener::bind((host, 0)).map_err(io(format!("finding a free port on {host}")))?;
    let port = listener
        .local_addr()
        .map_err(io(format!("finding a free port on {host}")))?
        .port();
    Ok(port)
}

/// Runs an executor until the process ends (or the task is aborted): it registers with the
/// scheduler, runs tasks with our window functions and refuses tasks of a client of another
/// tradewatch version.
pub async fn executor(opts: ExecutorOptions) -> Result<()> {
    let port = match opts.port {
        0 => free_port(&opts.host)?,
        p => p,
    };
    let grpc_port = match opts.grpc_port {
        0 => free_port(&opts.host)?,
        p => p,
    };
    // A temporary directory is held for the executor's life: dropping it removes the
    // shuffle files.
    let (work_dir, temp) = match &opts.work_dir {
        Some(dir) => (dir.clone(), None),
        None => {
            let t = tempfile::tempdir().map_err(io("creating the executor's work directory"))?;
            (t.path().to_path_buf(), Some(t))
        }
    };
    std::fs::create_dir_all(&work_dir).map_err(io(format!(
        "creating the executor's work directory {}",
        work_dir.display()
    )))?;
    let version = opts.version.clone();
    let spill_dir = work_dir.clone();
    let config = ExecutorProcessConfig {
        bind_host: opts.host.clone(),
        external_host: Some(opts.host.clone()),
        port,
        grpc_port,
        scheduler_host: opts.scheduler.ip().to_string(),
        scheduler_port: opts.scheduler.port(),
        scheduler_connect_timeout_seconds: 30,
        vcores: opts.vcores,
        memory_pool_size: opts.memory,
        work_dir: Some(work_dir.display().to_string()),
        print_thread_info: false,
        override_function_registry: Some(Arc::new(functions())),
        override_config_producer: Some(Arc::new(role_config)),
        override_execution_engine: Some(Arc::new(VersionedEngine {
            version,
            inner: DefaultExecutionEngine::new(),
        })),
        override_runtime_producer: Some(Arc::new(move |_config| {
            Ok(Arc::new(
                RuntimeEnvBuilder::new()
                    .with_temp_file_path(spill_dir.clone())
                    .build()?,
            ))
        })),
        ..Default::default()
    };
    tracing::info!(
        scheduler = %opts.scheduler,
        host = opts.host,
        port,
        grpc_port,
        version = opts.version,
        "cluster executor"
    );
    let what = format!("the executor on {}:{port}", opts.host);
    let done = start_executor_process(Arc::new(config))
        .await
        .map_err(ballista(what));
    drop(temp);
    done
}

/// How `tradewatch cluster up` runs.
#[derive(Debug, Clone)]
pub struct UpOptions {
    /// The scheduler's address.
    pub bind: SocketAddr,
    pub executors: usize,
    /// Tasks each executor runs at once (0: one per core).
    pub vcores: usize,
    /// Each executor's memory (see [`ExecutorOptions::memory`]).
    pub memory: Option<u64>,
}

/// A scheduler and its executors running in this process. Dropping it aborts their tasks;
/// the services Ballista spawns for them end with the runtime (the process, for the CLI).
pub struct Up {
    /// The scheduler's address (`df://` + this is the engine URL).
    pub scheduler: SocketAddr,
    tasks: Vec<JoinHandle<Result<()>>>,
}

impl Up {
    /// Waits until a role stops (they run until the process ends, so this is an error).
    pub async fn wait(mut self) -> Result<()> {
        let (done, _, _) = futures::future::select_all(self.tasks.iter_mut()).await;
        match done {
            Ok(Ok(())) => Err(Error::Config("a cluster role stopped".to_string())),
            Ok(Err(e)) => Err(e),
            Err(e) => Err(Error::Config(format!("a cluster role failed: {e}"))),
        }
    }
}

impl Drop for Up {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// Starts a scheduler at `opts.bind` and `opts.executors` executors on loopback, and returns
/// once the scheduler takes connections and every executor's ports are listening.
pub async fn up(opts: UpOptions) -> Result<Up> {
    let mut tasks = Vec::new();
    let bind = match opts.bind.port() {
        0 => SocketAddr::new(opts.bind.ip(), free_port(&opts.bind.ip().to_string())?),
        _ => opts.bind,
    };
    tasks.push(tokio::spawn(scheduler(SchedulerOptions {
        bind,
        version: crate::VERSION.to_string(),
    })));
    // Executors and the readiness checks reach the scheduler on loopback when it listens on
    // every interface.
    let ip = if bind.ip().is_unspecified() {
        IpAddr::from(Ipv4Addr::LOCALHOST)
    } else {
        bind.ip()
    };
    let host = ip.to_string();
    let scheduler_addr = SocketAddr::new(ip, bind.port());
    let mut up = Up {
        scheduler: bind,
        tasks,
    };
    listening(scheduler_addr, &mut up).await?;
    for _ in 0..opts.executors {
        let port = free_port(&host)?;
        let grpc_port = free_port(&host)?;
        let executor_opts = ExecutorOptions {
            port,
            grpc_port,
            vcores: opts.vcores,
            memory: opts.memory,
            ..ExecutorOptions::loopback(scheduler_addr)
        };
        up.tasks.push(tokio::spawn(executor(executor_opts)));
        listening(SocketAddr::new(scheduler_addr.ip(), grpc_port), &mut up).await?;
        listening(SocketAddr::new(scheduler_addr.ip(), port), &mut up).await?;
    }
    Ok(up)
}

/// Waits (up to 30 s) until `addr` takes connections, failing early if a role stopped.
async fn listening(addr: SocketAddr, up: &mut Up) -> Result<()> {
    for _ in 0..300 {
        if tokio::net::TcpStream::connect(addr).await.is_ok() {
            return Ok(());
        }
        if let Some(i) = up.tasks.iter().position(|t| t.is_finished()) {
            let task = up.tasks.remove(i);
            return match task.await {
                Ok(Err(e)) => Err(e),
                Ok(Ok(())) => Err(Error::Config(format!(
                    "a cluster role stopped before {addr} listened"
                ))),
                Err(e) => Err(Error::Config(format!("a cluster role failed: {e}"))),
            };
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(Error::Config(format!(
        "nothing listened on {addr} after 30 s"
    )))
}
