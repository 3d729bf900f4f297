"""Ingest benchmark: build a large JSON-lines file, ingest it, print peak memory and time.

    python bench/ingest_bench.py [--mb 200] [--work /tmp/sayso-ingest-bench] [--gzip]

The file repeats the PolNeAR training texts (../shared/eval/polnear/train/text) with distinct
ids; each copy gets a closing line naming its copy number, so that every record is a distinct
article and reaches the shard writer instead of stopping at the duplicate check. The point is
that peak memory stays flat however large the input is (target: under 1 GB for 200 MB).
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.config import SHARED, Config, Layout  # noqa: E402
from pipeline.ingest import ingest  # noqa: E402

TEXTS = SHARED / "eval" / "polnear" / "train" / "text"


def build(path: Path, megabytes: int, compress: bool) -> int:
    """Write JSON lines until the file holds ``megabytes`` of text; return the record count."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(TEXTS.glob("*.txt"))]
    target = megabytes * 1_000_000
    written = n = 0
    with _open(path, compress) as fh:
        while written < target:
            text = texts[n % len(texts)]
            copy = n // len(texts)
            text = f"{text}\nCopy {copy}."
            line = json.dumps({"id": f"doc-{n:07d}", "title": f"Copy {copy}", "text": text})
            fh.write(line + "\n")
            written += len(line) + 1
            n += 1
    return n


def _open(path: Path, compress: bool):
    if compress:
        return gzip.open(path, "wt", encoding="utf-8", compresslevel=6)  # 9 is slow for little gain
    return path.open("w", encoding="utf-8")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=200, help="size of the generated JSON lines")
    parser.add_argument("--work", type=Path, default=Path("/tmp/sayso-ingest-bench"))
    parser.add_argument("--gzip", action="store_true", help="write and read news.jsonl.gz")
    args = parser.parse_args()

    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    data = args.work / ("news.jsonl.gz" if args.gzip else "news.jsonl")
    started = time.perf_counter()
    records = build(data, args.mb, args.gzip)
    print(f"built {data}: {records} records, {data.stat().st_size / 1e6:.0f} MB on disk "
          f"in {time.perf_counter() - started:.1f}s")
    before = peak_rss_mb()

    started = time.perf_counter()
    report = ingest([data], Layout(args.work / "out"), Config())
    seconds = time.perf_counter() - started
    print(report.summary())
    print(f"ingest time: {seconds:.1f}s ({report.read / seconds:.0f} records/s, "
          f"{args.mb / seconds:.1f} MB/s)")
    print(f"peak RSS: {peak_rss_mb():.0f} MB (before ingest: {before:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
