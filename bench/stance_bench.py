"""Stance benchmark: targets scored per second on one core by ``pipeline.stance.predict``.

    python bench/stance_bench.py [--repeat 5] [--file ../shared/stance/newsmtsc/mt_dev.jsonl]

Scores every target of the NewsMTSC file ``--repeat`` times in this one process (so the figure
is per core) after one warm-up pass that loads the model and lexicons. Target: >= 2,000/s.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.config import SHARED  # noqa: E402
from pipeline.stance import predict  # noqa: E402
from pipeline.stance.newsmtsc import read  # noqa: E402

DEFAULT = SHARED / "stance" / "newsmtsc" / "mt_dev.jsonl"
TARGET_PER_SECOND = 2000


def run(examples, repeat: int) -> float:
    """Targets per second over ``repeat`` passes (after one warm-up pass)."""
    for ex in examples:
        predict(ex.sentence, ex.start, ex.end)
    started = time.process_time()
    for _ in range(repeat):
        for ex in examples:
            predict(ex.sentence, ex.start, ex.end)
    return repeat * len(examples) / (time.process_time() - started)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    examples = read(args.file)
    rate = run(examples, args.repeat)
    mean_len = sum(len(ex.sentence) for ex in examples) / len(examples)
    print(f"{len(examples)} targets x {args.repeat}, mean sentence {mean_len:.0f} chars: "
          f"{rate:,.0f} targets/s per core (CPU time; target >= {TARGET_PER_SECOND:,})")
    return 0 if rate >= TARGET_PER_SECOND else 1


if __name__ == "__main__":
    sys.exit(main())
