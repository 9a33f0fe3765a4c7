#!/usr/bin/env python3
"""The alternative a user would otherwise write: MinHash LSH (PyPI datasketch) and sqlite3.

Reads the files listed (one path per line) in arrival order, takes the title and body of
wire text or JSON, normalises (NFKC, case fold, words), and classifies each body as an
exact duplicate (same normalised SHA-256), a near-duplicate (MinHashLSH candidate with
estimated Jaccard >= the threshold) or new; stores it the way Tidings does (articles with
raw bytes, an FTS5 index, a journal) in WAL mode with synchronous=FULL, committing every
256 files. Prints one tab-separated line per file: name, outcome, id, of.

usage: datasketch_ingest.py LIST STORE [THRESHOLD]
"""
import hashlib
import json
import os
import re
import sqlite3
import sys
import unicodedata

from datasketch import MinHash, MinHashLSH

SHINGLE = 5
PERMUTATIONS = 128
BATCH = 256
WORD = re.compile(r"\w+")


def title_and_body(raw):
    text = raw.decode("utf-8", "replace")
    if text.lstrip().startswith("{"):
        article = json.loads(text)
        return article.get("title"), article.get("body", "")
    title, _, body = text.partition("\n\n")
    return title, body


def main():
    listing, store = sys.argv[1], sys.argv[2]
    threshold = float(sys.argv[3]) if len(sys.argv) > 3 else 0.5
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
    lsh = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
    sketches, canonical, by_hash = {}, {}, {}
    out = []
    for start in range(0, len(paths), BATCH):
        db.execute("BEGIN")
        for path in paths[start:start + BATCH]:
            raw = open(path, "rb").read()
            title, body = title_and_body(raw)
            words = WORD.findall(unicodedata.normalize("NFKC", body).casefold())
            digest = hashlib.sha256(" ".join(words).encode()).hexdigest()
            name = os.path.basename(path)
            if digest in by_hash:
                db.execute("INSERT INTO journal (file, outcome, duplicate_of) VALUES (?, 'duplicate', ?)", (name, by_hash[digest]))
                out.append(f"{name}\tduplicate\t\t{by_hash[digest]}")
                continue
            sketch = MinHash(num_perm=PERMUTATIONS)
            sketch.update_batch([" ".join(words[i:i + SHINGLE]).encode() for i in range(max(1, len(words) - SHINGLE + 1))])
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
