//! The ClickHouse schema, created when missing and migrated by version.
//!
//! Every statement is idempotent (`IF NOT EXISTS`), so several `canopy serve` processes may start
//! against one database at once: each applies the migrations it finds missing and records them
//! in `schema_version`. A database written by a newer canopy is refused rather than guessed at.
//!
//! Times are stored as `Int64` Unix nanoseconds (`start_ns`, `end_ns`), exactly as the model
//! holds them, so keyset cursors and durations are plain integer arithmetic and every `i64` is
//! representable; `start_time` is a `DateTime64(9)` alias for people querying the tables by hand.
//! Partitions are UTC days of the start time. Why the tables are ordered as they are is told in
//! the module doc of [`super`].
//!
//! Durability: like the SQLite store (`synchronous=FULL`), an acknowledged span must survive a
//! power loss, so every table fsyncs its new parts before ClickHouse answers an insert
//! (`fsync_after_insert`). A replicated setup that relies on `insert_quorum` instead may turn it
//! off with `ALTER TABLE … MODIFY SETTING fsync_after_insert = 0`.

use super::http::Http;
use super::sql::Sql;
use crate::store::StoreError;

/// The newest schema this build knows.
pub const VERSION: u32 = 2;

/// Migration 1: the three tables and the view that feeds `trace_windows`. `{db}` is replaced by
/// the quoted database name.
const V1: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS {db}.spans (
        trace_id            String CODEC(ZSTD(1)),
        span_id             String CODEC(ZSTD(1)),
        parent_span_id      String CODEC(ZSTD(1)),
        name                String CODEC(ZSTD(1)),
        kind                LowCardinality(String),
        otel_kind           LowCardinality(String),
        start_ns            Int64 CODEC(Delta, ZSTD(1)),
        end_ns              Int64 CODEC(Delta, ZSTD(1)),
        start_time          DateTime64(9, 'UTC') ALIAS fromUnixTimestamp64Nano(start_ns, 'UTC'),
        status_code         LowCardinality(String),
        status_message      Nullable(String) CODEC(ZSTD(1)),
        service             LowCardinality(Nullable(String)),
        model               LowCardinality(Nullable(String)),
        provider            LowCardinality(Nullable(String)),
        input_tokens        Nullable(UInt64),
        output_tokens       Nullable(UInt64),
        total_tokens        Nullable(UInt64),
        cache_read_tokens   Nullable(UInt64),
        cache_write_tokens  Nullable(UInt64),
        reasoning_tokens    Nullable(UInt64),
        cost_usd            Nullable(Float64),
        cost_source         LowCardinality(Nullable(String)),
        session_id          Nullable(String) CODEC(ZSTD(1)),
        user_id             Nullable(String) CODEC(ZSTD(1)),
        agent_name          LowCardinality(Nullable(String)),
        attributes          Map(LowCardinality(String), String) CODEC(ZSTD(1)),
        attributes_json     Array(LowCardinality(String)),
        resource_attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
        resource_json       Array(LowCardinality(String)),
        scope_name          LowCardinality(String),
        scope_version       LowCardinality(Nullable(String)),
        scope_attributes    String CODEC(ZSTD(1)),
        events              String CODEC(ZSTD(1)),
        links               String CODEC(ZSTD(1)),
        batch               UInt64,
        first_seen          UInt64,
        INDEX trace_id_bloom trace_id TYPE bloom_filter(0.001) GRANULARITY 1,
        INDEX attribute_keys mapKeys(attributes) TYPE bloom_filter(0.01) GRANULARITY 1,
        INDEX attribute_values mapValues(attributes) TYPE bloom_filter(0.01) GRANULARITY 1,
        INDEX resource_keys mapKeys(resource_attributes) TYPE bloom_filter(0.01) GRANULARITY 1,
        INDEX resource_values mapValues(resource_attributes) TYPE bloom_filter(0.01) GRANULARITY 1
    ) ENGINE = ReplacingMergeTree(first_seen)
    PARTITION BY toDate(fromUnixTimestamp64Nano(start_ns, 'UTC'))
    ORDER BY (intDiv(start_ns, 3600000000000), trace_id, span_id)
    SETTINGS fsync_after_insert = 1, fsync_part_directory = 1",
    "CREATE TABLE IF NOT EXISTS {db}.trace_windows (
        trace_id    String,
        first_start SimpleAggregateFunction(min, Int64),
        last_start  SimpleAggregateFunction(max, Int64)
    ) ENGINE = AggregatingMergeTree
    ORDER BY trace_id
    SETTINGS fsync_after_insert = 1, fsync_part_directory = 1",
    "CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.trace_windows_mv TO {db}.trace_windows AS
        SELECT trace_id, min(start_ns) AS first_start, max(start_ns) AS last_start
        FROM {db}.spans GROUP BY trace_id",
    "CREATE TABLE IF NOT EXISTS {db}.trace_summaries (
        trace_id            String,
        start_ns            Int64,
        end_ns              Int64,
        start_time          DateTime64(9, 'UTC') ALIAS fromUnixTimestamp64Nano(start_ns, 'UTC'),
        root_span_id        Nullable(String),
        root_name           String CODEC(ZSTD(1)),
        service             LowCardinality(Nullable(String)),
        span_count          UInt64,
        error_count         UInt64,
        input_tokens        UInt64,
        output_tokens       UInt64,
        total_tokens        UInt64,
        cache_read_tokens   UInt64,
        cache_write_tokens  UInt64,
        reasoning_tokens    UInt64,
        cost_usd            Nullable(Float64),
        cost_estimated      Bool,
        llm_count           UInt64,
        session_id          Nullable(String),
        user_id             Nullable(String),
        agents              Array(String),
        inherited_agents    Map(String, String) CODEC(ZSTD(1)),
        version             UInt64,
        deleted             UInt8,
        INDEX session_bloom session_id TYPE bloom_filter(0.01) GRANULARITY 1,
        INDEX user_bloom user_id TYPE bloom_filter(0.01) GRANULARITY 1
    ) ENGINE = ReplacingMergeTree(version)
    PARTITION BY toDate(fromUnixTimestamp64Nano(start_ns, 'UTC'))
    ORDER BY trace_id
    SETTINGS fsync_after_insert = 1, fsync_part_directory = 1",
];

/// Migration 2: what each span adds to its trace's totals (for usage reports), annotations and
/// log records. Why contributions live on the summary row is told in the module doc of [`super`].
const V2: &[&str] = &[
    "ALTER TABLE {db}.trace_summaries ADD COLUMN IF NOT EXISTS usage Array(Tuple(
        span_id             String,
        start_ns            Int64,
        model               Nullable(String),
        provider            Nullable(String),
        service             Nullable(String),
        agent               Nullable(String),
        session_id          Nullable(String),
        input_tokens        UInt64,
        output_tokens       UInt64,
        total_tokens        UInt64,
        cache_read_tokens   UInt64,
        cache_write_tokens  UInt64,
        reasoning_tokens    UInt64,
        cost_usd            Nullable(Float64),
        cost_estimated      Bool,
        llm_count           UInt64
    )) CODEC(ZSTD(1))",
    // Few rows, always read by trace: no partitions. `key` makes a span's feedback idempotent
    // (see `annotations`); `first_seen` falls with time, so the first copy is kept.
    "CREATE TABLE IF NOT EXISTS {db}.annotations (
        trace_id    String,
        key         String,
        span_id     String,
        label       String,
        score       Nullable(Float64),
        note        Nullable(String) CODEC(ZSTD(1)),
        source      LowCardinality(String),
        time_ns     Int64,
        first_seen  UInt64
    ) ENGINE = ReplacingMergeTree(first_seen)
    ORDER BY (trace_id, key)
    SETTINGS fsync_after_insert = 1, fsync_part_directory = 1",
    // The key is SQLite's unique index: a re-sent record collapses onto the first copy.
    "CREATE TABLE IF NOT EXISTS {db}.logs (
        trace_id    String,
        span_id     String,
        time_ns     Int64,
        name        String,
        severity    LowCardinality(Nullable(String)),
        body        String CODEC(ZSTD(1)),
        attributes  String CODEC(ZSTD(1)),
        first_seen  UInt64
    ) ENGINE = ReplacingMergeTree(first_seen)
    PARTITION BY toDate(fromUnixTimestamp64Nano(time_ns, 'UTC'))
    ORDER BY (trace_id, span_id, time_ns, name)
    SETTINGS fsync_after_insert = 1, fsync_part_directory = 1",
];

/// Migrations in order; entry `i` takes the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&[&str]] = &[V1, V2];

/// The TTL expression of each table, keyed by name, for `?ttl_days=N`.
const TTL_COLUMNS: &[(&str, &str)] = &[
    ("spans", "start_ns"),
    ("trace_summaries", "end_ns"),
    ("trace_windows", "last_start"),
    ("annotations", "time_ns"),
    ("logs", "time_ns"),
];

fn statement(db: &str, text: &str) -> Sql {
    Sql::new(text.replace("{db}", db))
}

/// Creates the database and schema when missing, and migrates an older one to [`VERSION`].
pub async fn migrate(http: &Http, db: &str) -> Result<(), StoreError> {
    http.execute(&Sql::new(format!("CREATE DATABASE IF NOT EXISTS {db}")))
        .await?;
    http.execute(&statement(
        db,
        "CREATE TABLE IF NOT EXISTS {db}.schema_version (
            version    UInt32,
            applied_at DateTime DEFAULT now()
        ) ENGINE = MergeTree ORDER BY version",
    ))
    .await?;
    let rows: Vec<(Option<u32>,)> = http
        .fetch(&statement(
            db,
            "SELECT if(count() = 0, NULL, max(version)) FROM {db}.schema_version",
        ))
        .await?;
    let current = rows.first().and_then(|r| r.0).unwrap_or(0);
    if current > VERSION {
        return Err(StoreError::Backend(format!(
            "the ClickHouse database {db} was written by a newer canopy (schema {current}, this build knows {VERSION}); upgrade canopy"
        )));
    }
    for (from, steps) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        for text in *steps {
            http.execute(&statement(db, text)).await?;
        }
        let mut record = statement(db, "INSERT INTO {db}.schema_version (version) SELECT ");
        let version = record.bind(&(from as u64 + 1));
        record.push(&version);
        http.execute(&record).await?;
    }
    Ok(())
}

/// Sets (or removes) the retention TTL of every table, where it differs. Changing it does not
/// rewrite existing parts at once: ClickHouse applies the TTL as it merges them.
pub async fn set_ttl(http: &Http, db: &str, days: Option<u32>) -> Result<(), StoreError> {
    for (table, column) in TTL_COLUMNS {
        let mut sql = Sql::new("SELECT engine_full FROM system.tables WHERE database = ");
        let d = sql.bind(db.trim_matches('`'));
        let t = sql.bind(*table);
        sql.push(&format!("{d} AND name = {t}"));
        let engine = http
            .fetch::<(String,)>(&sql)
            .await?
            .pop()
            .map(|(e,)| e)
            .unwrap_or_default();
        // ClickHouse shows `INTERVAL 30 DAY` as `toIntervalDay(30)`.
        let current = engine.contains(" TTL ");
        let text = match days {
            Some(days) if current && engine.contains(&format!("toIntervalDay({days})")) => continue,
            // The expression is structure: `days` is a validated integer.
            Some(days) => format!(
                "ALTER TABLE {db}.{table} MODIFY TTL toDateTime(intDiv({column}, 1000000000)) + INTERVAL {days} DAY \
                 SETTINGS materialize_ttl_after_modify = 0"
            ),
            None if current => format!("ALTER TABLE {db}.{table} REMOVE TTL"),
            None => continue,
        };
        http.execute(&Sql::new(text)).await?;
    }
    Ok(())
}
