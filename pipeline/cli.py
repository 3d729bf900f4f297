"""The ``sayso`` command line: run, stage, evaluate, inspect, report, make-rules."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import time
from pathlib import Path

from . import __version__, errors, io, registry
from .config import DEFAULT_DATA_ROOT, DEFAULT_RAW, Config, Layout

INTERRUPTED = 130  # the shell's code for a process stopped by SIGINT
# Evaluations: name -> module in pipeline.evaluate exposing ``main(path, out_dir) -> dict``.
EVALUATIONS = ("sentences", "tagger", "polnear", "scu", "seed", "stance")
# Those that run the whole pipeline, so --config and --models apply (``main(..., config=)``).
PIPELINE_EVALUATIONS = ("polnear", "scu", "seed")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sayso", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--version", action="version", version=f"sayso {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the whole pipeline on input files or folders")
    run.add_argument("inputs", nargs="*", type=Path, help=f"files or folders (default {DEFAULT_RAW})")
    run.add_argument("--out", type=Path, default=DEFAULT_DATA_ROOT, help="data root (default data/)")
    run.add_argument("--config", type=Path, help="TOML settings (see sayso.toml)")
    run.add_argument("--only", metavar="STAGE", help="run the chain up to and including STAGE")
    run.add_argument("--force", action="store_true", help="rerun stages even if up to date")
    run.add_argument("--engine", choices=["local", "dask"], help="default: config [run] engine")
    run.add_argument("--workers", type=int, help="processes (default: number of cores)")
    run.add_argument("--scheduler", help="dask scheduler address, e.g. tcp://host:8786")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.add_argument("--models", choices=["default", "neural"],
                     help="default: config [models] mode; neural needs pip install 'sayso[neural]'")
    add_ingest_options(run)

    ing = sub.add_parser("ingest", help="only read inputs into article shards (for make)")
    ing.add_argument("inputs", nargs="*", type=Path)
    ing.add_argument("--out", type=Path, default=DEFAULT_DATA_ROOT)
    ing.add_argument("--config", type=Path)
    add_ingest_options(ing)

    asm = sub.add_parser("assemble", help="only build data/processed from the interim shards (for make)")
    asm.add_argument("--out", type=Path, default=DEFAULT_DATA_ROOT)
    asm.add_argument("--config", type=Path)

    stage = sub.add_parser("stage", help="run one stage on one shard")
    stage.add_argument("name", choices=[s.name for s in registry.STAGES])
    stage.add_argument("--in", dest="input", type=Path, required=True,
                       help="a shard of a table the stage requires: ROOT/interim/TABLE/SHARD.parquet")
    stage.add_argument("--out", type=Path, required=True, help="where to write the stage's shard")
    stage.add_argument("--config", type=Path)

    ev = sub.add_parser("evaluate", help="score a stage against a gold set")
    ev.add_argument("name", choices=EVALUATIONS)
    ev.add_argument("path", nargs="?", type=Path, help="gold file or folder (default: the dev set)")
    ev.add_argument("--out", type=Path, help="folder for the figures JSON and errors CSV")
    ev.add_argument("--config", type=Path,
                    help="TOML settings the pipeline runs with (polnear, scu, seed)")
    ev.add_argument("--models", choices=["default", "neural"],
                    help="as sayso run --models (polnear, scu, seed)")

    ins = sub.add_parser("inspect", help="show what would be read from INPUT, run nothing")
    ins.add_argument("inputs", nargs="+", type=Path)
    add_ingest_options(ins)

    rep = sub.add_parser("report", help="write a self-contained HTML overview of a dataset")
    rep.add_argument("--data", type=Path, default=DEFAULT_DATA_ROOT / "processed")
    rep.add_argument("--out", type=Path, default=Path("report.html"))

    sub.add_parser("make-rules", help="print the Makefile rules derived from the stage registry")
    return parser


def add_ingest_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("ingest")
    group.add_argument("--format", help="reader to use instead of guessing from the extension")
    for col in ("text", "id", "title", "date", "url", "source"):
        group.add_argument(f"--{col}-col", help=f"column holding the article's {col}")


def ingest_options(args) -> dict:
    opts = {"format": args.format}
    for col in ("text", "id", "title", "date", "url", "source"):
        opts[f"{col}_col"] = getattr(args, f"{col}_col")
    return {k: v for k, v in opts.items() if v}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return COMMANDS[args.command](args) or 0
    except errors.Interrupted as exc:
        print(f"sayso: {exc}", file=sys.stderr)
        return INTERRUPTED
    except KeyboardInterrupt:  # outside the shard loop (ingest, assemble): nothing half-written
        print("sayso: interrupted; run the same command again to resume.", file=sys.stderr)
        return INTERRUPTED
    except errors.SaysoError as exc:
        print(f"sayso: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader went away (`sayso run | head`): not a failure of the run
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def cmd_run(args) -> int:
    from .orchestrate import run

    config = Config.load(args.config).with_models(args.models)
    summary = run(
        args.inputs or [DEFAULT_RAW],
        out=args.out,
        config=config,
        only=args.only,
        force=args.force,
        engine=args.engine,
        workers=args.workers,
        scheduler=args.scheduler,
        quiet=args.quiet,
        **ingest_options(args),
    )
    print(summary.text())
    return 0


def cmd_ingest(args) -> int:
    from .ingest import ingest

    layout = Layout(args.out)
    report = ingest(args.inputs or [DEFAULT_RAW], layout, Config.load(args.config), **ingest_options(args))
    print(report.summary())
    return 0


def cmd_assemble(args) -> int:
    from .assemble import assemble

    layout = Layout(args.out)
    counts = assemble(layout, Config.load(args.config), layout.shards("articles"))
    print(", ".join(f"{k}: {v}" for k, v in counts.items()), f"-> {layout.processed}")
    return 0


def cmd_stage(args) -> int:
    from .runner import apply_stage, fingerprint

    stage = registry.get(args.name)
    config = Config.load(args.config)
    shard = args.input.stem
    layout = Layout(args.input.resolve().parents[2])
    tables = {t: io.read_table(layout.shard(t, shard), t) for t in stage.tables}
    inputs = {t: io.content_of(layout.shard(t, shard)) or "" for t in stage.tables}
    result, rejects = apply_stage(stage, tables, config.section(stage.name))
    fp = fingerprint(stage, config, inputs)
    io.write_table(rejects, "rejects", layout.shard(f"rejects/{stage.name}", shard), fp)
    io.write_table(result, stage.assigns, args.out, fingerprint=fp)
    print(f"{stage.name}: {len(result)} rows -> {args.out}")
    return 0


def cmd_evaluate(args) -> int:
    module = importlib.import_module(f"pipeline.evaluate.{args.name}")
    out = args.out or DEFAULT_DATA_ROOT / "eval" / args.name
    chosen = args.config is not None or args.models is not None
    if chosen and args.name not in PIPELINE_EVALUATIONS:
        raise errors.ConfigError(errors.E_EVALUATE_CONFIG.format(
            name=args.name, runs=", ".join(PIPELINE_EVALUATIONS)))
    started = time.perf_counter()
    if chosen:
        module.main(args.path, out, config=Config.load(args.config).with_models(args.models))
    else:
        module.main(args.path, out)
    print(f"({time.perf_counter() - started:.1f}s; figures and errors in {out})")
    return 0


def cmd_inspect(args) -> int:
    from .ingest.inspect import inspect

    print(inspect(args.inputs, **ingest_options(args)))
    return 0


def cmd_report(args) -> int:
    from .report import write_report

    path = write_report(args.data, args.out)
    print(f"report written to {path}")
    return 0


def cmd_make_rules(args) -> int:
    from .makerules import rules

    print(rules())
    return 0


COMMANDS = {
    "run": cmd_run,
    "ingest": cmd_ingest,
    "assemble": cmd_assemble,
    "stage": cmd_stage,
    "evaluate": cmd_evaluate,
    "inspect": cmd_inspect,
    "report": cmd_report,
    "make-rules": cmd_make_rules,
}

if __name__ == "__main__":
    sys.exit(main())
