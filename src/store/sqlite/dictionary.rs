//! zstd dictionaries for the packed JSON columns (`super::packed`), trained on each database's
//! own values and stored in it.
//!
//! A packed value is about 1 KB, too short for zstd to learn much within one frame: alone it
//! compressed 1.84× at ~100 MB/s. The values of one deployment share most of their text (JSON
//! keys, semantic-convention names, system prompts, tool schemas), and a 32 KB dictionary
//! trained on a few thousand of them holds that text once: on values from a canopy database it
//! gave 4.9× at ~200 MB/s, and decompression ~3× as fast (docs/benchmarks.md). A dictionary
//! must come from the user's own data, so none is shipped: every database trains its own.
//!
//! How a database gets one:
//!
//! 1. While it has no dictionary, writes copy the values they pack ([`Packer`], at most
//!    [`MAX_SAMPLE`] bytes of each, [`SAMPLE_BYTES`] for all requests together) and the writer
//!    thread collects them ([`Trainer`]) up to [`SAMPLES_WANTED`] values or [`SAMPLE_BYTES`]
//!    bytes, whichever comes first.
//! 2. Then a thread of its own trains a [`DICT_SIZE`] dictionary (tens to hundreds of ms for
//!    4 MB), so neither the writer nor any acknowledgement waits for it.
//! 3. Between batches the writer stores it in `dictionaries` (`super::schema::V4`), and only
//!    after that commit publishes it here; writes pack with it from then on. Values packed
//!    before keep their dictionary-less frames, which read as before.
//!
//! A frame names its dictionary: zstd writes the dictionary's ID into every frame header, and
//! the table's key *is* that ID (zstd derives it from the dictionary's content), so a reader
//! looks the frame's ID up here ([`Dictionaries::decoder`]); ID 0 means no dictionary.
//! Dictionaries are never deleted: every frame that names one stays readable.
//!
//! A dictionary is trained once per database and not retrained. What it mostly holds is the
//! vocabulary that does not change while the same agents run (keys, conventions, prompts); a
//! new dictionary would only pay when the traffic changes wholesale, and each one stays in
//! the database and in every reader's memory for as long as one frame names it. Should a
//! database's traffic change, the values still compress at least about as well as without a
//! dictionary. Training that fails (values zstd cannot learn from) is not retried until the
//! store is opened again.
//!
//! The registry is per store, not per process: tests open many stores in one process, and a
//! dictionary ID means something only in the database that holds it. The writer is the only
//! one that adds dictionaries and the store opens one writer, so the registry loaded at open
//! plus what the writer publishes is all the database has.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;

use rusqlite::{Connection, params};
use zstd::dict::{DecoderDictionary, EncoderDictionary};

use super::packed::{LEVEL, MIN_PACKED, Packed};
use crate::store::StoreError;

/// The dictionary size. zstd's trainer defaults to 110 KB; 32 KB gave the same ratio on ~1 KB
/// values in the CLI measurement, and a smaller dictionary is cheaper to prepare and to keep
/// in every connection's cache.
pub const DICT_SIZE: usize = 32 * 1024;
/// Values to train on. zstd suggests a few thousand samples of ~100× the dictionary's size in
/// all; 2,000 values of this load trained a dictionary that compressed held-out values 5.2×, and
/// they arrive within the first ~1,000 spans.
pub const SAMPLES_WANTED: usize = 2_000;
/// The most sample bytes held at once (the memory training costs), reached first when values
/// are large.
pub const SAMPLE_BYTES: usize = 4 << 20;
/// The most of one value kept as a sample: a dictionary holds what values share, which a
/// value's first 16 KB show as well as the rest, and one huge value must not fill the budget.
pub const MAX_SAMPLE: usize = 16 << 10;

/// The dictionaries of one database: every one by its ID for reading, and the newest, prepared,
/// for writing.
#[derive(Default)]
pub struct Dictionaries {
    inner: RwLock<Inner>,
    /// Whether writes should copy values for training: while there is no dictionary and none is
    /// being trained.
    sampling: AtomicBool,
    /// Sample bytes requests may still copy, shared by all of them: concurrent requests while
    /// the store samples must not each copy a whole training set.
    budget: AtomicUsize,
}

#[derive(Default)]
struct Inner {
    decoders: HashMap<u32, Arc<DecoderDictionary<'static>>>,
    current: Option<Arc<Encoder>>,
}

/// A dictionary prepared for compression at [`LEVEL`].
pub struct Encoder {
    pub dict: EncoderDictionary<'static>,
}

#[cfg(test)]
impl Encoder {
    /// The ID its frames carry.
    pub fn id(&self) -> u32 {
        self.dict.as_cdict().get_dict_id().map_or(0, |id| id.get())
    }
}

impl Dictionaries {
    /// Loads the database's dictionaries (the table must exist: after `schema::migrate`).
    ///
    /// A dictionary zstd cannot load is left out with a warning rather than refusing the whole
    /// database: the values that name it fail to read (an unknown dictionary), everything else
    /// reads and writes.
    pub fn load(&self, conn: &Connection) -> Result<(), StoreError> {
        let mut stmt = conn.prepare("SELECT id, dict FROM dictionaries ORDER BY created_ns, id")?;
        let mut rows = stmt.query([])?;
        let mut loaded = Inner::default();
        let mut newest = None;
        while let Some(r) = rows.next()? {
            let (id, dict): (i64, Vec<u8>) = (r.get(0)?, r.get(1)?);
            match prepare_decoder(id, &dict) {
                Ok((id, decoder)) => {
                    loaded.decoders.insert(id, decoder);
                    newest = Some((id, dict));
                }
                Err(e) => tracing::warn!(id, error = %e, "a stored zstd dictionary is unusable"),
            }
        }
        if let Some((id, dict)) = newest {
            match EncoderDictionary::try_copy(&dict, LEVEL) {
                Ok(dict) => loaded.current = Some(Arc::new(Encoder { dict })),
                Err(e) => tracing::warn!(id, error = %e, "a stored zstd dictionary is unusable"),
            }
        }
        self.sampling
            .store(loaded.current.is_none(), Ordering::Relaxed);
        self.budget.store(SAMPLE_BYTES, Ordering::Relaxed);
        *self.inner.write().unwrap_or_else(|p| p.into_inner()) = loaded;
        Ok(())
    }

    /// The dictionary new values are packed with, if the database has one yet.
    pub fn current(&self) -> Option<Arc<Encoder>> {
        self.inner
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .current
            .clone()
    }

    /// The dictionary with zstd ID `id`, if the database has it.
    pub fn decoder(&self, id: u32) -> Option<Arc<DecoderDictionary<'static>>> {
        self.inner
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .decoders
            .get(&id)
            .cloned()
    }

    /// Whether writes should copy the values they pack for training.
    pub fn sampling(&self) -> bool {
        self.sampling.load(Ordering::Relaxed)
    }

    /// Takes up to `wanted` bytes of the sample budget; how many it got.
    fn take_budget(&self, wanted: usize) -> usize {
        let mut got = 0;
        let _ = self
            .budget
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                got = left.min(wanted);
                Some(left - got)
            });
        got
    }

    /// Makes a stored dictionary readable and the one new values are packed with.
    fn publish(&self, dict: &[u8]) -> Result<u32, StoreError> {
        let (id, decoder) = prepare_decoder(i64::from(dict_id(dict)?), dict)?;
        let encoder = EncoderDictionary::try_copy(dict, LEVEL).map_err(unusable)?;
        let mut inner = self.inner.write().unwrap_or_else(|p| p.into_inner());
        inner.decoders.insert(id, decoder);
        inner.current = Some(Arc::new(Encoder { dict: encoder }));
        Ok(id)
    }
}

fn prepare_decoder(
    id: i64,
    dict: &[u8],
) -> Result<(u32, Arc<DecoderDictionary<'static>>), StoreError> {
    // The key must be the ID zstd wrote into the frames that use the dictionary.
    if i64::from(dict_id(dict)?) != id {
        return Err(StoreError::Backend(format!(
            "zstd dictionary {id} names itself {}",
            dict_id(dict)?
        )));
    }
    let decoder = DecoderDictionary::try_copy(dict).map_err(unusable)?;
    Ok((id as u32, Arc::new(decoder)))
}

/// The ID zstd wrote into a dictionary (and writes into each frame made with it).
fn dict_id(dict: &[u8]) -> Result<u32, StoreError> {
    zstd::zstd_safe::get_dict_id_from_dict(dict)
        .map(|id| id.get())
        .ok_or_else(|| StoreError::Backend("not a zstd dictionary (no dictionary ID)".into()))
}

fn unusable(e: std::io::Error) -> StoreError {
    StoreError::Backend(format!("zstd cannot load the dictionary: {e}"))
}

/// Packs one request's values with the dictionary current when the request arrived, and copies
/// some of them for training while the store is sampling.
pub struct Packer<'d> {
    dictionaries: &'d Dictionaries,
    encoder: Option<Arc<Encoder>>,
    sampling: bool,
    samples: Vec<Vec<u8>>,
}

impl<'d> Packer<'d> {
    pub fn new(dictionaries: &'d Dictionaries) -> Packer<'d> {
        Packer {
            dictionaries,
            encoder: dictionaries.current(),
            sampling: dictionaries.sampling(),
            samples: Vec::new(),
        }
    }

    pub fn pack(&mut self, json: String) -> Packed {
        // All requests together copy at most the store's byte budget (a request of 16k spans
        // arriving while the store samples would otherwise copy every payload it holds), and
        // one request at most a whole set's count.
        if self.sampling && json.len() >= MIN_PACKED && self.samples.len() < SAMPLES_WANTED {
            let got = self.dictionaries.take_budget(json.len().min(MAX_SAMPLE));
            if got == 0 {
                self.sampling = false;
            } else {
                self.samples.push(json.as_bytes()[..got].to_vec());
            }
        }
        Packed::new(json, self.encoder.as_deref())
    }

    /// The values copied for training.
    pub fn into_samples(self) -> Vec<Vec<u8>> {
        self.samples
    }
}

/// The writer's side of training: collects samples, trains off the writer thread, and stores
/// and publishes the result.
#[derive(Default)]
pub struct Trainer {
    samples: Vec<Vec<u8>>,
    bytes: usize,
    training: Option<JoinHandle<Trained>>,
}

/// A training's outcome, and how long it took (logged: it is the one cost of a dictionary that
/// grows with the samples).
type Trained = (std::io::Result<Vec<u8>>, std::time::Duration);

impl Trainer {
    /// Takes a batch's samples; once there are enough, stops sampling and starts training.
    pub fn offer(&mut self, dictionaries: &Dictionaries, samples: Vec<Vec<u8>>) {
        if !dictionaries.sampling() || self.training.is_some() {
            return;
        }
        for sample in samples {
            if self.samples.len() >= SAMPLES_WANTED || self.bytes + sample.len() > SAMPLE_BYTES {
                break;
            }
            self.bytes += sample.len();
            self.samples.push(sample);
        }
        let full = self.samples.len() >= SAMPLES_WANTED || self.bytes + MAX_SAMPLE > SAMPLE_BYTES;
        if !full {
            return;
        }
        dictionaries.sampling.store(false, Ordering::Relaxed);
        let samples = std::mem::take(&mut self.samples);
        self.bytes = 0;
        let spawned = std::thread::Builder::new()
            .name("canopy-zstd-train".into())
            .spawn(move || {
                let started = std::time::Instant::now();
                let dict = zstd::dict::from_samples(&samples, DICT_SIZE);
                (dict, started.elapsed())
            });
        match spawned {
            Ok(handle) => self.training = Some(handle),
            Err(e) => tracing::warn!(error = %e, "cannot start training a zstd dictionary"),
        }
    }

    /// Stores and publishes a dictionary whose training has finished; with `wait`, waits for
    /// one still training (when the writer stops, so a trained dictionary is not lost).
    pub fn poll(&mut self, conn: &Connection, dictionaries: &Dictionaries, wait: bool) {
        if !wait && !self.training.as_ref().is_some_and(|t| t.is_finished()) {
            return;
        }
        let Some(training) = self.training.take() else {
            return;
        };
        let (outcome, took) = match training.join() {
            Ok((Ok(dict), took)) => (
                store(conn, &dict).and_then(|_| dictionaries.publish(&dict)),
                took,
            ),
            Ok((Err(e), took)) => (
                Err(StoreError::Backend(format!("training failed: {e}"))),
                took,
            ),
            Err(_) => (
                Err(StoreError::Backend("training panicked".into())),
                Default::default(),
            ),
        };
        let took_ms = took.as_millis() as u64;
        match outcome {
            Ok(id) => tracing::info!(
                id,
                took_ms,
                "trained a zstd dictionary for the JSON columns"
            ),
            Err(e) => tracing::warn!(
                error = %e,
                "no zstd dictionary; values are compressed without one"
            ),
        }
    }
}

/// Stores a dictionary under its zstd ID (one statement, so one transaction of its own). It is
/// published only after this commits: no frame may name a dictionary the database lacks.
fn store(conn: &Connection, dict: &[u8]) -> Result<(), StoreError> {
    let id = dict_id(dict)?;
    let created = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
    let inserted = conn
        .prepare_cached(
            "INSERT INTO dictionaries (id, created_ns, dict) VALUES (?1, ?2, ?3)
             ON CONFLICT (id) DO NOTHING",
        )?
        .execute(params![id, created, dict])?;
    if inserted == 0 {
        // zstd's IDs hash the dictionary's content: another dictionary with this ID is
        // astronomically unlikely, and adopting this one would make the old frames unreadable.
        return Err(StoreError::Backend(format!(
            "the database already has a zstd dictionary {id}"
        )));
    }
    Ok(())
}

/// Values like a store's, and a dictionary trained on them, for tests.
#[cfg(test)]
pub(super) mod testing {
    use super::*;

    /// `n` span attribute sets of an LLM call, varied the way real ones are (a few models,
    /// prompts drawn from a vocabulary), starting at `seed`.
    pub fn values(n: usize, seed: u64) -> Vec<String> {
        const WORDS: &[&str] = &[
            "incident",
            "report",
            "summarize",
            "deploy",
            "rollback",
            "latency",
            "customer",
            "invoice",
            "search",
            "database",
            "timeout",
            "retry",
            "refund",
            "order",
            "shipping",
            "weather",
            "forecast",
            "translate",
            "schedule",
            "meeting",
            "budget",
            "quarter",
        ];
        let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        let mut next = move |m: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize % m
        };
        (0..n)
            .map(|_| {
                let prompt: Vec<&str> = (0..20 + next(40)).map(|_| WORDS[next(WORDS.len())]).collect();
                let model = ["gpt-4o", "claude-sonnet-4", "gemini-2.5-pro"][next(3)];
                serde_json::json!({
                    "llm.model_name": model,
                    "llm.input_messages.0.message.role": "system",
                    "llm.input_messages.0.message.content": "You are a helpful assistant for the operations team.",
                    "llm.input_messages.1.message.role": "user",
                    "llm.input_messages.1.message.content": prompt.join(" "),
                    "llm.token_count.prompt": next(5_000),
                    "llm.token_count.completion": next(1_000),
                    "session.id": format!("session-{}", next(100)),
                })
                .to_string()
            })
            .collect()
    }

    /// A store's registry holding one dictionary trained on [`values`].
    pub fn trained() -> Arc<Dictionaries> {
        let dict = zstd::dict::from_samples(&values(1_000, 1), DICT_SIZE).unwrap();
        let dictionaries = Arc::new(Dictionaries::default());
        dictionaries.publish(&dict).unwrap();
        dictionaries
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn database() -> (Connection, Arc<Dictionaries>) {
        let mut conn = Connection::open_in_memory().unwrap();
        let dictionaries = Arc::new(Dictionaries::default());
        super::super::schema::configure(&conn, true, &dictionaries).unwrap();
        super::super::schema::migrate(&mut conn).unwrap();
        dictionaries.load(&conn).unwrap();
        (conn, dictionaries)
    }

    /// Samples are capped per request and in the trainer, by count and by bytes, and training
    /// starts (and sampling stops) once the set is complete.
    #[test]
    fn sampling_is_bounded_and_ends_in_a_stored_dictionary() {
        let (conn, dictionaries) = database();
        assert!(dictionaries.sampling(), "a new database samples");

        // One request larger than the whole training set copies no more than it.
        let mut packer = Packer::new(&dictionaries);
        for value in testing::values(SAMPLES_WANTED + 500, 7) {
            packer.pack(value);
        }
        let huge = format!("{{\"a\":\"{}\"}}", "y".repeat(MAX_SAMPLE * 2));
        packer.pack(huge);
        let samples = packer.into_samples();
        assert_eq!(samples.len(), SAMPLES_WANTED);
        assert!(dictionaries.budget.load(Ordering::Relaxed) < SAMPLE_BYTES);

        let mut trainer = Trainer::default();
        // Half the set: still sampling, nothing trained.
        trainer.offer(&dictionaries, samples[..SAMPLES_WANTED / 2].to_vec());
        assert!(dictionaries.sampling() && trainer.training.is_none());
        trainer.offer(&dictionaries, samples);
        assert!(trainer.samples.len() <= SAMPLES_WANTED && trainer.bytes <= SAMPLE_BYTES);
        assert!(!dictionaries.sampling(), "the set is complete");
        assert!(trainer.training.is_some());

        trainer.poll(&conn, &dictionaries, true);
        let id = dictionaries.current().expect("published").id();
        assert!(dictionaries.decoder(id).is_some());
        let stored: i64 = conn
            .query_row("SELECT id FROM dictionaries", [], |r| r.get(0))
            .unwrap();
        assert_eq!(stored, i64::from(id));

        // Another registry on the same database loads it.
        let reopened = Dictionaries::default();
        reopened.load(&conn).unwrap();
        assert_eq!(reopened.current().map(|e| e.id()), Some(id));
        assert!(!reopened.sampling());
    }

    #[test]
    fn large_values_fill_the_byte_budget_before_the_count() {
        let (_conn, dictionaries) = database();
        let big = format!("{{\"a\":\"{}\"}}", "z".repeat(MAX_SAMPLE));
        // Concurrent requests share the budget: together they copy no more than it.
        let mut samples = Vec::new();
        for _ in 0..3 {
            let mut packer = Packer::new(&dictionaries);
            for _ in 0..SAMPLE_BYTES / MAX_SAMPLE {
                packer.pack(big.clone());
            }
            samples.extend(packer.into_samples());
        }
        assert!(samples.iter().all(|s| s.len() == MAX_SAMPLE));
        let bytes: usize = samples.iter().map(Vec::len).sum();
        assert_eq!(bytes, SAMPLE_BYTES);

        let mut trainer = Trainer::default();
        trainer.offer(&dictionaries, samples);
        assert!(trainer.bytes <= SAMPLE_BYTES);
        assert!(
            trainer.training.is_some(),
            "the byte budget completes the set"
        );
        assert!(!dictionaries.sampling());
    }

    #[test]
    fn a_dictionary_stored_under_another_id_is_not_used() {
        let (conn, dictionaries) = database();
        let dict = zstd::dict::from_samples(&testing::values(1_000, 3), DICT_SIZE).unwrap();
        conn.execute(
            "INSERT INTO dictionaries (id, created_ns, dict) VALUES (?1, 0, ?2)",
            params![i64::from(dict_id(&dict).unwrap()) + 1, dict],
        )
        .unwrap();
        dictionaries.load(&conn).unwrap();
        assert!(dictionaries.current().is_none());
    }
}
