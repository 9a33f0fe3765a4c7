#!/usr/bin/env python3
"""The alternative a user would otherwise write: MinHash LSH (PyPI datasketch or rensa)
and sqlite3.

Reads the files listed (one path per line) in arrival order, takes the title and body of
wire text or JSON, normalises (NFKC, case fold, words), and classifies each body as an
exact duplicate (same normalised SHA-256), a near-duplicate (MinHashLSH candidate with
estimated Jaccard >= the threshold) or new; stores it the way Tidings does (articles with
raw bytes, an FTS5 index, a journal) in WAL mode with synchronous=FULL, committing every
BATCH files. Prints one tab-separated line per file: name, outcome, id, of.

usage: peer_ingest.py LIBRARY LIST STORE [THRESHOLD] [BATCH]
  LIBRARY: datasketch (pure Python) or rensa (Rust, PyPI `rensa`); BATCH defaults to 256
"""
import hashlib
import json
import os
import re
import sqlite3
import sys
import unicodedata

SHINGLE = 5
PERMUTATIONS = 128
WORD = re.compile(r"\w+")


def title_and_body(raw):
    text = raw.decode("utf-8", "replace")
    if text.lstrip().startswith("{"):
        article = json.loads(text)
        return article.get("title"), article.get("body", "")
    title, _, body = text.partition("\n\n")
    return title, body


class Sketches:
    """One MinHash library behind the three calls the script makes."""

    def __init__(self, library, threshold):
        self.library = library
        if library == "datasketch":
            from datasketch import MinHash, MinHashLSH
            self.make = lambda shingles: self._datasketch(MinHash, shingles)
            self.lsh = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
        elif library == "rensa":
            from rensa import RMinHash, RMinHashLSH
            self.make = lambda shingles: self._rensa(RMinHash, shingles)
            self.lsh = RMinHashLSH(threshold=threshold, num_perm=PERMUTATIONS, num_bands=16)
        else:
            raise SystemExit(f"unknown MinHash library {library!r}: datasketch or rensa")

    @staticmethod
    def _datasketch(MinHash, shingles):
        sketch = MinHash(num_perm=PERMUTATIONS)
        sketch.update_batch([shingle.encode() for shingle in shingles])
        return sketch

    @staticmethod
    def _rensa(RMinHash, shingles):
        sketch = RMinHash(num_perm=PERMUTATIONS, seed=42)
        sketch.update(shingles)
        return sketch


def main():
    library, listing, store = sys.argv[1], sys.argv[2], sys.argv[3]
    threshold = float(sys.argv[4]) if len(sys.argv) > 4 else 0.5
    batch = int(sys.argv[5]) if len(sys.argv) > 5 else 256
    paths = [line for line in open(listing, encoding="utf-8").read().split("\n") if line]
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(store + suffix):
            os.remove(store + suffix)
    db = sqlite3.connect(store, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.executescript("""
        CREATE TABLE articles (id INTEGER PRIMARY KEY, canonical_id INTEGER, body_sha256 TEXT UNIQUE,
            title TEXT, body TEXT NOT NULL, raw BLOB NOT NULL, file TEXT NOT NULL);
        CREATE TABLE journal (seq INTEGER PRIMARY KEY AUTOINCREMENT, file TEXT NOT NULL, outcome TEXT NOT NULL,
            article_id INTEGER, duplicate_of INTEGER);
        CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content='articles', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2');
        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
        END;
    """)
    minhash = Sketches(library, threshold)
    lsh = minhash.lsh
    sketches, canonical, by_hash = {}, {}, {}
    out = []
    for start in range(0, len(paths), batch):
        db.execute("BEGIN")
        for path in paths[start:start + batch]:
            raw = open(path, "rb").read()
            title, body = title_and_body(raw)
            words = WORD.findall(unicodedata.normalize("NFKC", body).casefold())
            digest = hashlib.sha256(" ".join(words).encode()).hexdigest()
            name = os.path.basename(path)
            if digest in by_hash:
                db.execute("INSERT INTO journal (file, outcome, duplicate_of) VALUES (?, 'duplicate', ?)", (name, by_hash[digest]))
                out.append(f"{name}\tduplicate\t\t{by_hash[digest]}")
                continue
            sketch = minhash.make([" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))])
            best, score = None, -1.0
            for candidate in lsh.query(sketch):
                estimate = sketch.jaccard(sketches[candidate])
                if estimate >= threshold and estimate > score:
                    best, score = candidate, estimate
            of = canonical[best] if best is not None else None
            article = db.execute(
                "INSERT INTO articles (canonical_id, body_sha256, title, body, raw, file) VALUES (?, ?, ?, ?, ?, ?)",
                (of, digest, title, body, raw, name)).lastrowid
            outcome = "near-duplicate" if of is not None else "new"
            db.execute("INSERT INTO journal (file, outcome, article_id, duplicate_of) VALUES (?, ?, ?, ?)", (name, outcome, article, of))
            by_hash[digest] = article
            canonical[article] = of if of is not None else article
            sketches[article] = sketch
            lsh.insert(article, sketch)
            out.append(f"{name}\t{outcome}\t{article}\t{of if of is not None else ''}")
        db.execute("COMMIT")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
