"""Throughput benchmark: the whole pipeline and each stage, one process and then N.

    python bench/run_bench.py [--articles 2000] [--texts DIR] [--workers N] [--out DIR]
                              [--json bench/results.json] [--profile]

Builds a corpus of ``--articles`` .txt files by repeating real news texts (default: the PolNeAR
texts in ../shared/eval/polnear, about 750 words each; any folder of .txt files with
``--texts``), each repeat made distinct by a closing line so de-duplication keeps it. Then:

1. single process: ingest, then each stage alone, then assemble, each phase in a fresh child
   process so its peak resident memory (``getrusage``) is that phase's own;
2. N processes: the whole run in one child with a pool of N workers; the children's peak RSS
   is the largest worker.

Rates are per core: articles (or words) divided by the seconds the stage spent on them,
summed over shards. Parallel efficiency is T1 / (N * TN) on the wall time of the stage chain.
Figures on a shared or busy machine are noisy: rerun before trusting a difference under ~20%.
``--profile`` runs the single-process chain under cProfile and prints the top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline import registry  # noqa: E402
from pipeline.config import SHARED, Config, Layout  # noqa: E402

DEFAULT_TEXTS = SHARED / "eval" / "polnear"
# The default pipeline on one worker must run at this share of NLTK Punkt's rate or faster.
PUNKT_FLOOR = 0.085


# --- corpus -------------------------------------------------------------------------------------


def source_texts(folder: Path) -> list[str]:
    files = sorted(folder.rglob("*.txt"))
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    texts = [t for t in texts if t.strip()]
    if not texts:
        sys.exit(f"run_bench: no .txt files with text below {folder}")
    return texts


def build_corpus(texts: list[str], n: int, folder: Path) -> dict:
    """Write ``n`` distinct articles as .txt; return their count and word count."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    words = 0
    for i in range(n):
        copy, base = divmod(i, len(texts))
        text = texts[base] if copy == 0 else f"{texts[base].rstrip()}\n\n(Copy {copy}.)\n"
        (folder / f"{i:06d}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
    return {"articles": n, "words": words}


# --- child processes: one phase each, so getrusage measures that phase ---------------------------


def _config(shard_rows: int, models: str = "default") -> Config:
    sections = Config().sections
    sections["ingest"] = {**sections["ingest"], "shard_rows": shard_rows, "languages": []}
    return Config(sections=sections).with_models(models)


def child(spec: dict) -> dict:
    """Run one phase described by ``spec``; return its timings and peak RSS."""
    from pipeline.assemble import assemble
    from pipeline.ingest import ingest
    from pipeline.engines import run_shards

    layout = Layout(Path(spec["out"]))
    config = _config(spec["shard_rows"], spec.get("models", "default"))
    out: dict = {"phases": {}, "stages": {}}
    if spec.get("ingest"):
        started = time.perf_counter()
        ingest([spec["corpus"]], layout, config)
        out["phases"]["ingest"] = time.perf_counter() - started
    if spec.get("stages"):
        started = time.perf_counter()
        reports = run_shards(
            layout.shards("articles"),
            layout.root,
            config,
            stages=tuple(spec["stages"]),
            engine=spec.get("engine", "local"),
            workers=spec["workers"],
        )
        out["phases"]["stages"] = time.perf_counter() - started
        for report in reports:
            for stage in report.stages:
                out["stages"][stage.stage] = out["stages"].get(stage.stage, 0.0) + stage.seconds
    if spec.get("assemble"):
        started = time.perf_counter()
        assemble(layout, config, layout.shards("articles"))
        out["phases"]["assemble"] = time.perf_counter() - started
    out["rss_self_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["rss_children_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return out


def spawn(spec: dict) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", json.dumps(spec)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        sys.exit(f"run_bench: child failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- the two runs ---------------------------------------------------------------------------------


def single_process(corpus: Path, out: Path, shard_rows: int, engine: str) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    base = {"corpus": str(corpus), "out": str(out), "shard_rows": shard_rows, "workers": 1}
    phases = {"ingest": spawn({**base, "ingest": True})}
    for stage in registry.STAGES:
        phases[stage.name] = spawn({**base, "stages": [stage.name], "engine": engine})
    phases["assemble"] = spawn({**base, "assemble": True})
    return phases


def n_processes(corpus: Path, out: Path, shard_rows: int, workers: int, engine: str) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    return spawn(
        {
            "corpus": str(corpus),
            "out": str(out),
            "shard_rows": shard_rows,
            "workers": workers,
            "engine": engine,
            "ingest": True,
            "stages": [s.name for s in registry.STAGES],
            "assemble": True,
        }
    )


# --- the neural extra: its whole pipeline on one worker, against NLTK Punkt alone ---------------


def neural_row(corpus: Path, out: Path, n: int, shard_rows: int) -> dict | None:
    """``--models neural`` on the first ``n`` articles (it is far slower than the default, so a
    smaller corpus keeps ``make bench`` short); None without the extra."""
    from pipeline.neural import available

    if not available() or n <= 0:
        return None
    subset = out / "corpus-neural"
    shutil.rmtree(subset, ignore_errors=True)
    subset.mkdir(parents=True)
    files = sorted(corpus.glob("*.txt"))[:n]
    for f in files:
        shutil.copy(f, subset / f.name)
    shutil.rmtree(out / "data-neural", ignore_errors=True)
    result = spawn({"corpus": str(subset), "out": str(out / "data-neural"), "shard_rows": shard_rows,
                    "workers": 1, "models": "neural", "ingest": True,
                    "stages": [s.name for s in registry.STAGES], "assemble": True})
    rate = len(files) / sum(result["phases"].values())
    punkt = punkt_rate([f.read_text(encoding="utf-8") for f in files])
    return {"articles": len(files), "articles_per_s": rate, "punkt_articles_per_s": punkt,
            "ratio_to_punkt": rate / punkt,
            "peak_rss_mb": max(result["rss_self_mb"], result["rss_children_mb"])}


def punkt_rate(texts: list[str], repeats: int = 3) -> float:
    """Articles a second that plain NLTK Punkt (the project's parameters, no cache) splits."""
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    from pipeline.nlp.sentences import tokenizer

    punkt = PunktSentenceTokenizer(tokenizer()._params)
    started = time.perf_counter()
    for _ in range(repeats):
        for text in texts:
            punkt.tokenize(text)
    return repeats * len(texts) / (time.perf_counter() - started)


def render_neural(row: dict) -> str:
    return (f"neural (--models neural, 1 worker, {row['articles']} articles): "
            f"{row['articles_per_s']:.1f} art/s; NLTK Punkt alone {row['punkt_articles_per_s']:,.0f} "
            f"art/s; ratio {row['ratio_to_punkt']:.3f}; peak RSS {row['peak_rss_mb']:.0f} MB")


# --- the table ------------------------------------------------------------------------------------


def summarise(size: dict, single: dict, parallel: dict, workers: int) -> list[dict]:
    n, words = size["articles"], size["words"]
    rows = []
    for phase, result in single.items():
        seconds = result["stages"].get(phase) or result["phases"].get(phase) or 0.0
        par = parallel["stages"].get(phase) or parallel["phases"].get(phase)
        rows.append(
            {
                "stage": phase,
                "seconds_1": seconds,
                "articles_per_s_core_1": _rate(n, seconds),
                "words_per_s_1": _rate(words, seconds),
                "peak_rss_mb_1": result["rss_self_mb"],
                "articles_per_s_core_n": _rate(n, par) if phase in parallel["stages"] else None,
                "peak_rss_mb_n": None,
            }
        )
    stages_1 = sum(r["phases"].get("stages", 0.0) for r in single.values())
    total_1 = sum(sum(r["phases"].values()) for r in single.values())
    total_n = sum(parallel["phases"].values())
    rows.append(
        {
            "stage": "PIPELINE",
            "seconds_1": total_1,
            "articles_per_s_core_1": _rate(n, total_1),
            "words_per_s_1": _rate(words, total_1),
            "peak_rss_mb_1": max(r["rss_self_mb"] for r in single.values()),
            "articles_per_s_core_n": _rate(n, total_n * workers),
            "peak_rss_mb_n": max(parallel["rss_self_mb"], parallel["rss_children_mb"]),
            "seconds_n": total_n,
            "stage_chain_efficiency": stages_1 / (workers * parallel["phases"]["stages"]),
        }
    )
    return rows


def _rate(count: int, seconds: float | None) -> float | None:
    return count / seconds if seconds else None


def render(rows: list[dict], size: dict, workers: int) -> str:
    head = (
        f"{'stage':<13}{'s (1p)':>9}{'art/s/core':>12}{'words/s':>11}{'RSS MB':>9}"
        f"{f'art/s/core ({workers}p)':>20}"
    )
    lines = [
        f"corpus: {size['articles']} articles, {size['words']} words; {workers} processes "
        f"on {os.cpu_count()} cores",
        head,
        "-" * len(head),
    ]
    for r in rows:
        lines.append(
            f"{r['stage']:<13}{r['seconds_1']:>9.2f}{_fmt(r['articles_per_s_core_1']):>12}"
            f"{_fmt(r['words_per_s_1']):>11}{r['peak_rss_mb_1']:>9.0f}"
            f"{_fmt(r['articles_per_s_core_n']):>20}"
        )
    total = rows[-1]
    lines.append(
        f"{workers} processes: {total['seconds_n']:.2f}s wall, peak RSS {total['peak_rss_mb_n']:.0f} MB "
        f"(largest process), stage-chain parallel efficiency {total['stage_chain_efficiency']:.0%}"
    )
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


# --- profile --------------------------------------------------------------------------------------


def profile(corpus: Path, out: Path, shard_rows: int, top: int = 25) -> str:
    from pipeline.assemble import assemble
    from pipeline.ingest import ingest
    from pipeline.engines import run_shards

    shutil.rmtree(out, ignore_errors=True)
    layout, config = Layout(out), _config(shard_rows)
    prof = cProfile.Profile()
    prof.enable()
    report = ingest([corpus], layout, config)
    run_shards(report.shards, layout.root, config, workers=1)
    assemble(layout, config, report.shards)
    prof.disable()
    stats_file = out.parent / "profile.pstats"
    prof.dump_stats(stats_file)
    lines = [f"cProfile of ingest + chain + assemble, single process ({stats_file}):"]
    for key in ("tottime", "cumulative"):
        stream = _Stream()
        pstats.Stats(prof, stream=stream).sort_stats(key).print_stats(top)
        lines.append(stream.text())
    return "\n".join(lines)


class _Stream:
    def __init__(self):
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def text(self) -> str:
        return "".join(self.parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--shard-rows", type=int, default=250)
    parser.add_argument("--engine", choices=["local", "dask"], default="local")
    parser.add_argument("--out", type=Path, default=Path("/tmp/sayso-bench"))
    parser.add_argument("--json", type=Path, default=None, help="default: OUT/results.json")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--neural-articles", type=int, default=200,
                        help="articles for the neural row (0 = skip; needs sayso[neural])")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return 0
    corpus = args.out / "corpus"
    size = build_corpus(source_texts(args.texts), args.articles, corpus)
    if args.profile:
        print(profile(corpus, args.out / "data-profile", args.shard_rows))
        return 0
    texts = [f.read_text(encoding="utf-8") for f in sorted(corpus.glob("*.txt"))]
    punkt_before = punkt_rate(texts, repeats=1)
    single = single_process(corpus, args.out / "data-1", args.shard_rows, args.engine)
    punkt = (punkt_before + punkt_rate(texts, repeats=1)) / 2  # around the run: same load
    parallel = n_processes(corpus, args.out / "data-n", args.shard_rows, args.workers, args.engine)
    rows = summarise(size, single, parallel, args.workers)
    print(render(rows, size, args.workers))
    ratio = rows[-1]["articles_per_s_core_1"] / punkt
    print(f"NLTK Punkt alone on the same texts: {punkt:,.0f} art/s; pipeline on one worker: "
          f"{rows[-1]['articles_per_s_core_1']:.1f} art/s; ratio {ratio:.3f} (floor {PUNKT_FLOOR})")
    neural = neural_row(corpus, args.out, args.neural_articles, args.shard_rows)
    if neural:
        print(render_neural(neural))
    result = {"corpus": size, "workers": args.workers, "engine": args.engine, "rows": rows,
              "punkt_articles_per_s": punkt, "ratio_to_punkt": ratio, "neural": neural}
    path = args.json or args.out / "results.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2))
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
