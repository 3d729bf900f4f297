"""Corpus-scale benchmark: memory per process, an unchanged rerun, the report, HTML in a WARC.

    python bench/scale_bench.py [--sizes 2000 20000] [--workers 2] [--out /tmp/sayso-scale]
                                [--warc 2000] [--json bench/scale_results.json]

For each size, a corpus of .txt articles is built from the PolNeAR texts (``run_bench``: each
repeat made distinct by a closing line), then ``sayso run --workers N`` runs in a child process
while every process of its tree is sampled from ``/proc`` (``VmHWM``, the kernel's own peak RSS
of each process, so a short peak between two samples is not missed; only growth in the last
sampling interval before a process exits is). Printed per size: wall time, articles/s, the peak
RSS of the main process and of each worker, the time of an unchanged rerun (same command
again) and the peak RSS of ``sayso report`` on the output. With ``--warc N``, the first N
articles are also written as HTML pages in one ``.warc.gz`` and run the same way, to compare the
rate with the .txt run of the same size.

The targets (issue 17): the peak of every process at the largest size at most 1.2x its peak at
the smallest; the unchanged rerun under 5% of the first run; the report under 600 MB; the WARC
rate at least 0.8x the .txt rate. Figures on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run_bench import DEFAULT_TEXTS, build_corpus, source_texts  # noqa: E402

SAYSO = [sys.executable, "-m", "pipeline.cli"]
SAMPLE_SECONDS = 0.1


# --- measuring a process tree ----------------------------------------------------------------


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _peak_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def measured(cmd: list[str], env: dict | None = None) -> dict:
    """Run ``cmd``; return its wall time, exit code and the peak RSS of every process in its
    tree (``main`` and ``workers``, the descendants)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    peaks: dict[int, float] = {}
    while proc.poll() is None:
        tree, todo = [], [proc.pid]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(_children(pid))
        for pid in tree:
            peak = _peak_mb(pid)
            if peak is not None:
                peaks[pid] = max(peaks.get(pid, 0.0), peak)
        time.sleep(SAMPLE_SECONDS)
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"scale_bench: {' '.join(cmd)} failed:\n{stderr[-3000:]}")
    workers = sorted((mb for pid, mb in peaks.items() if pid != proc.pid), reverse=True)
    return {
        "seconds": round(seconds, 2),
        "main_peak_mb": round(peaks.get(proc.pid, 0.0), 1),
        "worker_peaks_mb": [round(mb, 1) for mb in workers],
        "stdout": stdout,
    }


# --- corpora -----------------------------------------------------------------------------------


def page(title: str, text: str, published: str) -> bytes:
    """A news page: its publication time in the head (as news sites give it), navigation, the
    article's paragraphs, a footer."""
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
    return (
        "<!doctype html><html><head><meta charset=\"utf-8\">"
        f"<meta property=\"article:published_time\" content=\"{published}\">"
        f"<title>{html.escape(title)}</title></head><body>"
        "<nav><a href=\"/\">Home</a> <a href=\"/politics\">Politics</a></nav>"
        f"<article><h1>{html.escape(title)}</h1>\n{paragraphs}\n</article>"
        "<footer>Copyright The Example Times</footer></body></html>"
    ).encode("utf-8")


def build_warc(corpus: Path, path: Path, n: int) -> None:
    """The first ``n`` articles of a .txt corpus as HTML responses in one .warc.gz."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i, txt in enumerate(sorted(corpus.glob("*.txt"))[:n]):
            text = txt.read_text(encoding="utf-8")
            published = f"2016-{1 + i % 12:02d}-{1 + i % 28:02d}T10:00:00+00:00"
            body = page(f"Article {txt.stem}", text, published)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.0")
            record = writer.create_warc_record(
                f"https://news.example.com/{txt.stem}.html", "response",
                payload=io.BytesIO(body), http_headers=headers,
            )
            writer.write_record(record)


# --- one size ----------------------------------------------------------------------------------


def run_size(corpus: Path, out: Path, workers: int, config: Path, articles: int) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    cmd = [*SAYSO, "run", str(corpus), "--out", str(out), "--workers", str(workers),
           "--quiet", "--config", str(config)]
    first = measured(cmd)
    rerun = measured(cmd)
    report = measured([*SAYSO, "report", "--data", str(out / "processed"),
                       "--out", str(out / "report.html")])
    return {
        "articles": articles,
        "seconds": first["seconds"],
        "articles_per_s": round(articles / first["seconds"], 1),
        "main_peak_mb": first["main_peak_mb"],
        "worker_peaks_mb": first["worker_peaks_mb"],
        "rerun_seconds": rerun["seconds"],
        "rerun_share": round(rerun["seconds"] / first["seconds"], 4),
        "rerun_says": [line for line in rerun["stdout"].splitlines()
                       if line.startswith(("shards", "assemble"))],
        "report_seconds": report["seconds"],
        "report_peak_mb": report["main_peak_mb"],
        "summary": first["stdout"],
    }


def write_config(folder: Path) -> Path:
    """Every language kept: the copies' closing line must not make langid reject any."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "bench.toml"
    path.write_text("[ingest]\nlanguages = []\n", encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--warc", type=int, default=2000, help="articles as HTML in a WARC (0: skip)")
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS)
    parser.add_argument("--out", type=Path, default=Path("/tmp/sayso-scale"))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    config = write_config(args.out)
    texts = source_texts(args.texts)
    results: dict = {"workers": args.workers, "cpus": os.cpu_count(), "sizes": {}}
    corpus = args.out / "corpus"
    for n in sorted(args.sizes):
        build_corpus(texts, n, corpus)
        res = run_size(corpus, args.out / f"data-{n}", args.workers, config, n)
        results["sizes"][n] = res
        _print_size(n, res)
        if n == args.warc:
            warc = args.out / "warc" / "pages.warc.gz"
            build_warc(corpus, warc, n)
            wres = run_size(warc, args.out / f"data-warc-{n}", args.workers, config, n)
            wres["rate_vs_txt"] = round(wres["articles_per_s"] / res["articles_per_s"], 2)
            results["warc"] = wres
            _print_size(n, wres, label="warc.gz")
            print(f"  warc rate / txt rate: {wres['rate_vs_txt']:.2f} (target >= 0.8)")
    _print_ratios(results)
    if args.json:
        for res in [*results["sizes"].values(), results.get("warc", {})]:
            res.pop("summary", None)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def _print_size(n: int, r: dict, label: str = "txt") -> None:
    workers = ", ".join(f"{mb:.0f}" for mb in r["worker_peaks_mb"]) or "none"
    print(f"{n} articles ({label}): {r['seconds']:.1f}s, {r['articles_per_s']:.1f} articles/s")
    print(f"  peak RSS: main {r['main_peak_mb']:.0f} MB; workers {workers} MB")
    print(f"  unchanged rerun: {r['rerun_seconds']:.2f}s ({100 * r['rerun_share']:.1f}% of the "
          f"first run): {' | '.join(r['rerun_says'])}")
    print(f"  sayso report: {r['report_seconds']:.1f}s, peak RSS {r['report_peak_mb']:.0f} MB")


def _print_ratios(results: dict) -> None:
    sizes = sorted(results["sizes"])
    if len(sizes) < 2:
        return
    small, large = results["sizes"][sizes[0]], results["sizes"][sizes[-1]]
    main = large["main_peak_mb"] / small["main_peak_mb"]
    worker = max(large["worker_peaks_mb"] or [0]) / max(small["worker_peaks_mb"] or [1])
    print(f"peak RSS {sizes[-1]} / {sizes[0]}: main {main:.2f}x, largest worker {worker:.2f}x "
          f"(target <= 1.2x)")


if __name__ == "__main__":
    sys.exit(main())
