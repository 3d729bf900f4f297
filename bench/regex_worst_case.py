"""Time every compiled regex in the ``pipeline`` package on adversarial inputs of growing size
and flag those whose time grows faster than linearly (catastrophic backtracking, or the
quadratic rescans of an unanchored search that fails late, such as an unclosed quote).

    python bench/regex_worst_case.py [--sizes 1000 4000] [--limit 2.5]

For each pattern the inputs are made of repeated *units*: each literal character the pattern
mentions, pairs of them, and generic troublemakers (quote marks of every kind, spaces, dots,
capitals, newlines), each followed by a character that makes the match fail at the end. Every
pattern is timed with the methods its module calls on it (``match``, ``search``, ``finditer``,
``sub``, ...; all of them when the source does not say). The growth
ratio is time(largest) / time(smallest) divided by the size ratio: about 1 for linear work,
about the size ratio for quadratic work. A pattern is flagged when it exceeds ``--limit``.
The test suite calls ``check`` with small sizes: it bounds input size, never wall time.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

try:  # the third-party ``regex`` module, if any pipeline module uses it
    import regex as _regex_module
except ImportError:  # pragma: no cover - only the standard library is then in play
    _regex_module = None

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

MAX_LITERALS, MAX_PAIRS = 16, 12  # per pattern: enough to hit its alternatives, few enough to be quick
GENERIC_UNITS = [
    "a", " ", ".", "A", "A.", "\n", "\r\n", '"', "'", "\u201c", "\u201d", "\u2018", "\u2019",
    "\u00ab", '"a', "\u201ca ", "a, ", "Mr. ", " said", "\u00a0", "\u200b", "-", "(", ")",
]
METHODS = ("match", "fullmatch", "search", "finditer", "findall", "sub", "split")
FAIL_TAIL = ["", "\x00"]  # after the repeats: nothing, or a character no pattern expects


@dataclass
class Finding:
    name: str  # module.attribute
    pattern: str
    unit: str
    tail: str
    method: str
    seconds: list[float]
    growth: float  # time ratio / size ratio: ~1 linear, ~size ratio quadratic


def pipeline_patterns() -> dict[str, re.Pattern]:
    """Every compiled pattern reachable from a ``pipeline`` module's globals (one level deep)."""
    import pipeline

    found: dict[str, re.Pattern] = {}
    for info in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional dependency missing: its patterns cannot be reached
            continue
        for attr, value in vars(module).items():
            for key, pattern in _patterns_in(value):
                found.setdefault(f"{info.name}.{attr}{key}", pattern)
    return found


def _is_pattern(value) -> bool:
    if isinstance(value, re.Pattern):
        return True
    return _regex_module is not None and isinstance(value, _regex_module.Pattern)


def _patterns_in(value):
    if _is_pattern(value):
        yield "", value
    elif isinstance(value, dict):
        for key, item in value.items():
            if _is_pattern(item):
                yield f"[{key!r}]", item
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            if _is_pattern(item):
                yield f"[{i}]", item
    elif isinstance(value, type) and value.__module__.startswith("pipeline"):
        for attr, item in vars(value).items():
            if _is_pattern(item):
                yield f".{attr}", item


def units_for(pattern) -> list[str]:
    """Generic units plus the literal characters of the pattern, alone and in pairs."""
    source = pattern.pattern if isinstance(pattern.pattern, str) else pattern.pattern.decode("latin-1")
    literals = sorted({c for c in re.sub(r"\\[A-Za-z]", "", source) if c.isprintable()} - set("\\^$|?*+()[]{}"))
    literals = literals[:MAX_LITERALS]
    pairs = [a + b for a in literals for b in literals if a != b][:MAX_PAIRS]
    return list(dict.fromkeys([*GENERIC_UNITS, *literals, *pairs]))


def _run(pattern, method: str, text: str) -> None:
    if method in ("match", "fullmatch", "search"):
        getattr(pattern, method)(text)
    elif method == "finditer":
        for _ in pattern.finditer(text):
            pass
    elif method == "sub":
        pattern.sub("", text)
    else:
        getattr(pattern, method)(text)


def _time(pattern, method: str, text: str, repeat: int = 2) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        _run(pattern, method, text)
        best = min(best, time.perf_counter() - started)
    return best


def _input(pattern, unit: str, tail: str, size: int):
    text = (unit * (size // len(unit) + 1))[:size] + tail
    return text if isinstance(pattern.pattern, str) else text.encode("utf-8")


def _growth(pattern, method: str, unit: str, tail: str, sizes: list[int], repeat: int = 2):
    seconds = [_time(pattern, method, _input(pattern, unit, tail, n), repeat) for n in sizes]
    return (seconds[-1] / max(seconds[0], 1e-9)) / (sizes[-1] / sizes[0]), seconds


def methods_used(module_name: str, attr: str) -> list[str]:
    """The methods the module calls on the pattern (``match`` is anchored: linear where
    ``search`` may rescan); all of them when the source does not say."""
    module = sys.modules.get(module_name)
    source = Path(module.__file__).read_text(encoding="utf-8") if module else ""
    used = set(re.findall(rf"\b{re.escape(attr)}\.(\w+)\(", source)) & set(METHODS)
    return sorted(used) or list(METHODS)


def worst_growth(name: str, pattern, sizes: list[int], limit: float) -> Finding:
    """The unit, tail and method with the fastest-growing time for this pattern; stops at the
    first case that stays super-linear when timed again more carefully."""
    module_name, _, attr = name.partition("[")[0].rpartition(".")
    worst = Finding(name, str(pattern.pattern), "", "", "", [0.0], 0.0)
    for unit in units_for(pattern):
        for tail in FAIL_TAIL:
            for method in methods_used(module_name, attr):
                growth, seconds = _growth(pattern, method, unit, tail, sizes)
                if growth > limit:  # noise on a busy machine? time it again, best of three
                    growth, seconds = _growth(pattern, method, unit, tail, sizes, repeat=3)
                if growth > worst.growth:
                    worst = Finding(name, str(pattern.pattern), unit, tail, method, seconds, growth)
                if growth > limit:
                    return worst
    return worst


def check(sizes: list[int], limit: float) -> tuple[list[Finding], list[Finding]]:
    """All patterns' worst cases, and those growing super-linearly beyond ``limit``."""
    patterns = sorted(pipeline_patterns().items())
    findings = [worst_growth(name, pat, sizes, limit) for name, pat in patterns]
    return findings, [f for f in findings if f.growth > limit]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 4_000])
    parser.add_argument("--limit", type=float, default=2.5)
    args = parser.parse_args(argv)
    findings, flagged = check(args.sizes, args.limit)
    print(f"{len(findings)} patterns; sizes {args.sizes}; flag when growth > {args.limit}")
    for f in sorted(findings, key=lambda f: -f.growth):
        mark = "SUPER-LINEAR" if f in flagged else "ok"
        times = " ".join(f"{s * 1000:.2f}" for s in f.seconds)
        print(f"{mark:<13}{f.growth:6.1f}x  {f.name}  {f.method} unit={f.unit!r} tail={f.tail!r} ms=[{times}]")
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
