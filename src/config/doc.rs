//! Changing the config file while keeping what its owner wrote: comments, order and spacing
//! stay (toml_edit), and the file is replaced atomically, readable by its owner alone.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use toml_edit::{DocumentMut, InlineTable, Item, Table, TableLike};

use super::keys::{Key, Raw, join};

/// The config file as its owner wrote it.
#[derive(Debug)]
pub struct ConfigDoc {
    path: PathBuf,
    doc: DocumentMut,
}

impl ConfigDoc {
    /// Reads the file; a missing one starts as the commented default.
    pub fn open(path: &Path) -> anyhow::Result<ConfigDoc> {
        let text = match fs_err::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => super::DEFAULT_CONFIG.into(),
            Err(e) => return Err(e.into()),
        };
        let doc = text.parse::<DocumentMut>().map_err(|e| {
            anyhow::anyhow!(
                "config file {} is not valid TOML: {}",
                path.display(),
                e.message()
            )
        })?;
        Ok(ConfigDoc {
            path: path.to_path_buf(),
            doc,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The item at a path, if the file sets it.
    pub fn get(&self, path: &[String]) -> Option<&Item> {
        let mut item = self.doc.as_item();
        for name in path {
            item = item.as_table_like()?.get(name)?;
        }
        Some(item)
    }

    /// Every value at or under `path`, with its full path, in file order.
    pub fn values(&self, path: &[String]) -> Vec<(Vec<String>, toml_edit::Value)> {
        let mut out = Vec::new();
        if let Some(item) = self.get(path) {
            collect(&mut path.to_vec(), item, &mut out);
        }
        out
    }

    /// Sets a key, creating the tables above it: `[profiles.NAME]` and `[serve]` as tables,
    /// a model's prices as an inline table, as in the shipped price list. A value that
    /// replaces another keeps its comment.
    pub fn set(&mut self, key: &Key, raw: Raw<'_>) -> anyhow::Result<()> {
        let path = key.path();
        let (last, parents) = path.split_last().expect("a key has a name");
        // How deep the first entry this call creates sits: a new table, or the value itself.
        let mut created_at = None;
        let mut table: &mut dyn TableLike = self.doc.as_table_mut();
        for (depth, name) in parents.iter().enumerate() {
            let above = &path[..=depth];
            if created_at.is_none() && table.get(name).is_none() {
                created_at = Some(depth);
            }
            table = table
                .entry(name)
                .or_insert_with(|| new_table(above))
                .as_table_like_mut()
                .with_context(|| format!("`{}` is not a table; unset it first", join(above)))?;
        }
        let mut value = match raw {
            Raw::Str(s) => toml_edit::Value::from(s.trim()),
            Raw::Int(i) => toml_edit::Value::from(i),
            Raw::Float(f) => toml_edit::Value::from(f),
            Raw::Other(kind) => anyhow::bail!("cannot write {kind}"),
        };
        let old = table.get(last).and_then(Item::as_value);
        let first_top_level_value =
            parents.is_empty() && old.is_none() && !table.iter().any(|(_, item)| item.is_value());
        if old.is_none() && created_at.is_none() {
            created_at = Some(parents.len());
        }
        if let Some(old) = old {
            *value.decor_mut() = old.decor().clone();
        }
        match table.get_mut(last) {
            // In place, so the key keeps its own decor (the comment lines above it).
            Some(slot) => *slot = Item::Value(value),
            None => {
                table.insert(last, Item::Value(value));
            }
        }
        if let Some(inline) = self.inline_table_mut(parents) {
            // `{ input = 2.0, output = 8.0 }` however the entries arrived.
            inline.fmt();
        }
        if first_top_level_value {
            self.keep_opening_comments_first(last);
        }
        if let Some(depth) = created_at {
            self.claim_trailing_comments(&path[..depth], &path[depth]);
        }
        Ok(())
    }

    fn inline_table_mut(&mut self, path: &[String]) -> Option<&mut InlineTable> {
        let mut item = self.doc.as_item_mut();
        for name in path {
            item = item.as_table_like_mut()?.get_mut(name)?;
        }
        item.as_inline_table_mut()
    }

    /// Comments after the last table's last value (or a file of comments alone) are the
    /// document's trailing text, which TOML prints after everything. An entry added to that
    /// last table would land above them; it takes them as its own prefix instead, so
    /// `[serve]` + `# keep` + a new `retention` reads in the order it was written.
    fn claim_trailing_comments(&mut self, parents: &[String], new_key: &str) {
        let trailing = match self.doc.trailing().as_str() {
            Some(t) if t.trim_start().starts_with('#') => t.to_string(),
            _ => return,
        };
        let last = last_header(self.doc.as_table(), &mut Vec::new()).map(|(_, p)| p);
        if last.as_deref().unwrap_or_default() != parents {
            return;
        }
        let mut table = self.doc.as_table_mut();
        for name in parents {
            match table.get_mut(name).and_then(Item::as_table_mut) {
                Some(inner) => table = inner,
                None => return,
            }
        }
        if let Some(mut key) = table.key_mut(new_key) {
            key.leaf_decor_mut().set_prefix(trailing);
            self.doc.set_trailing("");
        }
    }

    /// TOML prints top-level values before the first table, so the file's opening comments,
    /// which belong to that table's header, would end up below a new first value. Move the
    /// comments above the table's own paragraph to the new value instead.
    fn keep_opening_comments_first(&mut self, new_key: &str) {
        let Some(first) = first_header(self.doc.as_table(), &mut Vec::new()).map(|(_, p)| p) else {
            return;
        };
        let mut table = self.doc.as_table_mut();
        for name in &first {
            match table.get_mut(name).and_then(Item::as_table_mut) {
                Some(inner) => table = inner,
                None => return,
            }
        }
        let Some(prefix) = table.decor().prefix().and_then(|p| p.as_str()) else {
            return;
        };
        let Some(split) = prefix.rfind("\n\n") else {
            return;
        };
        let (opening, own) = (
            prefix[..=split].to_string(),
            prefix[split + 1..].to_string(),
        );
        table.decor_mut().set_prefix(own);
        if let Some(mut key) = self.doc.as_table_mut().key_mut(new_key) {
            key.leaf_decor_mut().set_prefix(opening);
        }
    }

    /// Removes a key or a whole table; false when the file did not set it.
    pub fn unset(&mut self, path: &[String]) -> bool {
        let Some((last, parents)) = path.split_last() else {
            return false;
        };
        let mut table: &mut dyn TableLike = self.doc.as_table_mut();
        for name in parents {
            match table.get_mut(name).and_then(Item::as_table_like_mut) {
                Some(inner) => table = inner,
                None => return false,
            }
        }
        table.remove(last).is_some()
    }

    /// Writes the file atomically (a temporary file renamed over it, so a crash leaves the
    /// old file or the new one) with mode 0600. A symlinked config (dotfile managers) is
    /// written through the link.
    pub fn save(&self) -> anyhow::Result<()> {
        let target = match fs_err::canonicalize(&self.path) {
            Ok(real) => real,
            Err(_) => self.path.clone(),
        };
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs_err::create_dir_all(&dir)?;
        let write = || -> std::io::Result<()> {
            // tempfile creates the file 0600 on Unix, before anything is written to it.
            let mut tmp = tempfile::Builder::new()
                .prefix(".config.toml.")
                .tempfile_in(&dir)?;
            tmp.write_all(self.doc.to_string().as_bytes())?;
            tmp.as_file().sync_all()?;
            tmp.persist(&target).map_err(|e| e.error)?;
            Ok(())
        };
        write().with_context(|| format!("writing the config file {}", target.display()))
    }

    pub fn text(&self) -> String {
        self.doc.to_string()
    }
}

/// The table a key creates when it is missing.
fn new_table(path: &[String]) -> Item {
    match path {
        [top] if top == "profiles" => {
            // `[profiles.prod]` alone, without an empty `[profiles]` above it.
            let mut t = Table::new();
            t.set_implicit(true);
            Item::Table(t)
        }
        [top, _] if top == "prices" => Item::Value(InlineTable::new().into()),
        _ => Item::Table(Table::new()),
    }
}

/// The path of the table whose header comes first in the file, with its position.
fn first_header(table: &Table, path: &mut Vec<String>) -> Option<(isize, Vec<String>)> {
    header_by(table, path, &|candidate, best| candidate < best)
}

/// The path of the table whose header comes last in the file, with its position.
fn last_header(table: &Table, path: &mut Vec<String>) -> Option<(isize, Vec<String>)> {
    header_by(table, path, &|candidate, best| candidate > best)
}

/// The header whose position `better` prefers over every other.
fn header_by(
    table: &Table,
    path: &mut Vec<String>,
    better: &dyn Fn(isize, isize) -> bool,
) -> Option<(isize, Vec<String>)> {
    let mut best: Option<(isize, Vec<String>)> = None;
    for (name, item) in table.iter() {
        let Item::Table(inner) = item else { continue };
        path.push(name.to_string());
        let own = match (inner.is_implicit() || inner.is_dotted(), inner.position()) {
            (false, Some(pos)) => Some((pos, path.clone())),
            _ => None,
        };
        for candidate in own.into_iter().chain(header_by(inner, path, better)) {
            if best.as_ref().is_none_or(|(b, _)| better(candidate.0, *b)) {
                best = Some(candidate);
            }
        }
        path.pop();
    }
    best
}

fn collect(path: &mut Vec<String>, item: &Item, out: &mut Vec<(Vec<String>, toml_edit::Value)>) {
    match item {
        Item::Value(toml_edit::Value::InlineTable(t)) => {
            for (name, value) in t.iter() {
                path.push(name.to_string());
                collect(path, &Item::Value(value.clone()), out);
                path.pop();
            }
        }
        Item::Value(v) => out.push((path.clone(), v.clone())),
        Item::Table(t) => {
            for (name, inner) in t.iter() {
                path.push(name.to_string());
                collect(path, inner, out);
                path.pop();
            }
        }
        Item::ArrayOfTables(_) | Item::None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::keys::split;

    fn doc(text: &str) -> ConfigDoc {
        ConfigDoc {
            path: "config.toml".into(),
            doc: text.parse().unwrap(),
        }
    }

    fn set(doc: &mut ConfigDoc, key: &str, text: &str) {
        let key = Key::parse(key).unwrap();
        let raw = key.raw_from_text(text);
        doc.set(&key, raw).unwrap();
    }

    #[test]
    fn setting_keeps_comments_and_the_replaced_values_comment() {
        let mut d = doc("# mine\nendpoint = \"http://a:1\" # work\n\n[serve]\n# keep\n");
        set(&mut d, "endpoint", "http://b:2");
        set(&mut d, "limit", "20");
        set(&mut d, "serve.retention", "7d");
        insta::assert_snapshot!(d.text(), @r#"
        # mine
        endpoint = "http://b:2" # work
        limit = 20

        [serve]
        # keep
        retention = "7d"
        "#);
    }

    #[test]
    fn new_profiles_and_prices_look_like_the_shipped_files() {
        let mut d = doc("");
        set(&mut d, "profiles.prod.endpoint", "https://c.example.com");
        set(&mut d, "profiles.prod.token", "t0k");
        set(&mut d, "prices.\"gpt-4.1\".input", "2");
        set(&mut d, "prices.\"gpt-4.1\".output", "8.5");
        insta::assert_snapshot!(d.text(), @r#"
        [profiles.prod]
        endpoint = "https://c.example.com"
        token = "t0k"

        [prices]
        "gpt-4.1" = { input = 2.0, output = 8.5 }
        "#);
    }

    #[test]
    fn a_price_added_under_the_templates_examples_comes_after_them() {
        let mut d = doc("[prices]\n# \"gpt-4o\" = { input = 2.50, output = 10.00 }\n");
        set(&mut d, "prices.m.input", "1.5");
        // Saved and read back between the two, as two `config set` commands do.
        let mut d = doc(&d.text());
        set(&mut d, "prices.m.output", "3");
        set(&mut d, "profiles.p.limit", "3");
        insta::assert_snapshot!(d.text(), @r#"
        [prices]
        # "gpt-4o" = { input = 2.50, output = 10.00 }
        m = { input = 1.5, output = 3.0 }

        [profiles.p]
        limit = 3
        "#);
    }

    #[test]
    fn dotted_keys_stay_dotted() {
        let mut d = doc("profiles.dev.endpoint = \"http://a:1\"\n");
        set(&mut d, "profiles.dev.limit", "5");
        let values: Vec<(String, String)> = d
            .values(&[])
            .into_iter()
            .map(|(path, v)| (join(&path), v.to_string().trim().to_string()))
            .collect();
        assert_eq!(
            values,
            [
                (
                    "profiles.dev.endpoint".to_string(),
                    "\"http://a:1\"".to_string()
                ),
                ("profiles.dev.limit".to_string(), "5".to_string())
            ]
        );
        assert!(d.text().contains("profiles.dev.limit = 5"), "{}", d.text());
    }

    #[test]
    fn unset_removes_keys_and_whole_tables() {
        let mut d =
            doc("endpoint = \"http://a:1\"\n[profiles.a]\nlimit = 1\n[profiles.b]\nlimit = 2\n");
        assert!(d.unset(&split("endpoint").unwrap()));
        assert!(d.unset(&split("profiles.a").unwrap()));
        assert!(!d.unset(&split("profiles.a.limit").unwrap()));
        assert!(!d.unset(&split("serve.listen").unwrap()));
        assert_eq!(d.text(), "[profiles.b]\nlimit = 2\n");
    }

    #[test]
    fn a_value_where_a_table_belongs_is_an_error_not_a_loss() {
        let mut d = doc("profiles = 3\n");
        let key = Key::parse("profiles.p.limit").unwrap();
        let err = d.set(&key, Raw::Int(1)).unwrap_err();
        assert!(
            err.to_string().contains("`profiles` is not a table"),
            "{err}"
        );
        assert_eq!(d.text(), "profiles = 3\n");
    }

    #[cfg(unix)]
    #[test]
    fn saving_writes_0600_atomically_and_through_symlinks() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("dotfiles/canopy.toml");
        fs_err::create_dir_all(real.parent().unwrap()).unwrap();
        fs_err::write(&real, "# mine\n").unwrap();
        let link = dir.path().join("config.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();

        let mut d = ConfigDoc::open(&link).unwrap();
        set(&mut d, "limit", "9");
        d.save().unwrap();
        assert!(
            fs_err::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            fs_err::read_to_string(&real).unwrap(),
            "# mine\nlimit = 9\n"
        );
        let mode = fs_err::metadata(&real).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);

        let fresh = dir.path().join("new/dir/config.toml");
        let mut d = ConfigDoc::open(&fresh).unwrap();
        set(&mut d, "limit", "9");
        d.save().unwrap();
        let text = fs_err::read_to_string(&fresh).unwrap();
        assert!(text.starts_with("# canopy's config file."), "{text}");
        assert!(
            text.contains("# range = \"1h\"\nlimit = 9\n\n# Settings of `canopy serve`"),
            "the new value goes below the opening comments: {text}"
        );
        let leftovers = fs_err::read_dir(fresh.parent().unwrap()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary files stay behind");
    }
}
