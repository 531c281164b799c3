//! A seeded random source and English-like text for generated prompts and tool output.
//!
//! The generator must give the same bytes on every machine and every run, for canopy and for
//! the peers alike, so it uses its own tiny generator (SplitMix64) rather than a crate whose
//! stream might change between versions. Text is drawn from a fixed vocabulary, so it compresses
//! about as well as real prompts do (neither random bytes nor one repeated word).

/// SplitMix64: small, fast, and good enough to pick words and sizes.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// A generator for item `index` of stream `seed`, independent of every other item.
    pub fn for_item(seed: u64, stream: u64, index: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        r.0 ^= r.next_u64() ^ index.wrapping_mul(0xE703_7ED1_A0B4_28DB);
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }

    pub fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        for chunk in out.chunks_mut(8) {
            let v = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
        out
    }

    /// Prose of a length drawn uniformly from `lo..=hi` bytes.
    pub fn prose_between(&mut self, lo: u64, hi: u64) -> String {
        let len = self.range(lo, hi) as usize;
        self.prose(len)
    }

    /// Sentences of vocabulary words, about `len` bytes long.
    pub fn prose(&mut self, len: usize) -> String {
        let mut out = String::with_capacity(len + 16);
        let mut words_in_sentence = 0;
        while out.len() < len {
            let word = *self.pick(WORDS);
            if words_in_sentence == 0 {
                let mut c = word.chars();
                if let Some(first) = c.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(c.as_str());
                }
            } else {
                out.push_str(word);
            }
            words_in_sentence += 1;
            if words_in_sentence > 6 && self.chance(15) {
                out.push_str(". ");
                words_in_sentence = 0;
            } else {
                out.push(' ');
            }
        }
        out.truncate(out.trim_end().len());
        out.push('.');
        out
    }
}

/// The vocabulary: words an agent about travel, orders and code would use.
pub const WORDS: &[&str] = &[
    "the",
    "a",
    "to",
    "of",
    "and",
    "in",
    "for",
    "is",
    "on",
    "that",
    "with",
    "this",
    "it",
    "you",
    "be",
    "are",
    "as",
    "at",
    "from",
    "by",
    "or",
    "an",
    "can",
    "will",
    "not",
    "your",
    "we",
    "have",
    "if",
    "all",
    "which",
    "their",
    "there",
    "when",
    "would",
    "been",
    "more",
    "about",
    "then",
    "please",
    "check",
    "order",
    "refund",
    "weather",
    "forecast",
    "flight",
    "hotel",
    "booking",
    "customer",
    "account",
    "invoice",
    "shipping",
    "address",
    "status",
    "delivered",
    "delayed",
    "search",
    "results",
    "document",
    "policy",
    "returns",
    "days",
    "within",
    "window",
    "request",
    "user",
    "assistant",
    "tool",
    "call",
    "function",
    "arguments",
    "city",
    "temperature",
    "sunny",
    "cloudy",
    "rain",
    "tomorrow",
    "today",
    "week",
    "price",
    "total",
    "amount",
    "currency",
    "euro",
    "dollar",
    "available",
    "options",
    "cheapest",
    "fastest",
    "direct",
    "connection",
    "airport",
    "train",
    "station",
    "museum",
    "restaurant",
    "reservation",
    "confirm",
    "cancel",
    "update",
    "summary",
    "plan",
    "itinerary",
    "step",
    "next",
    "first",
    "finally",
    "because",
    "however",
    "therefore",
    "also",
    "only",
    "each",
    "every",
    "should",
    "could",
    "might",
    "need",
    "want",
    "find",
    "look",
    "give",
    "make",
    "know",
    "take",
    "see",
    "get",
    "use",
    "tell",
    "ask",
    "work",
    "seem",
    "feel",
    "try",
    "leave",
    "following",
    "information",
    "details",
    "answer",
    "question",
    "context",
    "retrieved",
    "passage",
    "source",
    "relevant",
    "score",
    "model",
    "response",
    "error",
    "timeout",
    "retry",
    "failed",
    "succeeded",
    "database",
    "query",
    "rows",
    "file",
    "function",
    "test",
    "build",
    "compile",
    "patch",
    "diff",
    "commit",
    "branch",
    "review",
    "comment",
    "issue",
    "fix",
    "bug",
    "feature",
    "release",
    "version",
    "deploy",
    "server",
    "client",
    "latency",
    "memory",
    "budget",
    "limit",
    "token",
    "cost",
    "session",
];
