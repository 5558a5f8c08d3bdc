//! The files of a backup and of the store: listed, hashed, copied privately and synced,
//! with a line of progress now and then.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

pub(super) fn is_hash(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A line on standard error every few seconds of a long run; nothing for a short one.
pub(super) struct Progress {
    last: Instant,
}

impl Progress {
    const EVERY: Duration = Duration::from_secs(2);

    pub(super) fn new() -> Progress {
        Progress {
            last: Instant::now(),
        }
    }

    pub(super) fn tick(&mut self, line: impl FnOnce() -> String) {
        if self.last.elapsed() >= Self::EVERY {
            eprintln!("{}", line());
            self.last = Instant::now();
        }
    }
}

/// The stored files, `root/ab/ab…` (64 hex characters), sorted; temporary files left out.
pub(super) fn list_stored_files(root: &Path) -> io::Result<Vec<String>> {
    let mut names = vec![];
    let shards = match fs::read_dir(root) {
        Ok(d) => d,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(names),
        Err(e) => return Err(e),
    };
    for shard in shards {
        let shard = shard?;
        let shard_name = shard.file_name().to_string_lossy().into_owned();
        if shard_name.len() != 2 || !shard.file_type()?.is_dir() {
            continue;
        }
        for file in fs::read_dir(shard.path())? {
            let name = file?.file_name().to_string_lossy().into_owned();
            if is_hash(&name) && name.starts_with(&shard_name) {
                names.push(name);
            }
        }
    }
    names.sort();
    Ok(names)
}

/// The SHA-256 and size of a file.
pub(super) fn hash_file(path: &Path) -> io::Result<(String, u64)> {
    hash_copy(File::open(path)?, io::sink())
}

/// Copies a file (new, readable by its owner only, synced) and returns the copy's SHA-256.
pub(super) fn copy_hashing(from: &Path, to: &Path) -> io::Result<(String, u64)> {
    let input = File::open(from)?;
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut out = options.open(to)?;
    let hashed = hash_copy(input, &mut out)?;
    out.sync_all()?;
    Ok(hashed)
}

/// Reads `input` to its end, writing it to `out`: its SHA-256 and size.
fn hash_copy(mut input: impl Read, mut out: impl Write) -> io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut size = 0u64;
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        out.write_all(&buf[..n])?;
        size += n as u64;
    }
    Ok((hex::encode(hasher.finalize()), size))
}

pub(super) fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

pub(super) fn set_private(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

pub(super) fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}
