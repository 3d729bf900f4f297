"""Labelled runs to statements: each content run with the cue and source most plausibly linked.

As PolNeAR links them: a content takes the nearest cue of its paragraph (fewest tokens between
them; ``"A," he said, "B."`` gives both pieces to one cue, so they make one statement), and the
statement takes the source nearest to its cue (``X said``, ``said X``, ``X's claim that``). A
content without a cue takes the nearest source of its sentence, if any.
"""

from __future__ import annotations

from typing import NamedTuple

Run = tuple[str, int, int]  # kind, first token, stop token


class Group(NamedTuple):
    contents: tuple[Run, ...]
    cue: Run | None
    source: Run | None


def gap(a: Run, b: Run) -> int:
    """Tokens strictly between two runs (0 when adjacent or overlapping)."""
    return max(0, b[1] - a[2], a[1] - b[2])


def nearest(anchor: Run, options: list[Run]) -> Run | None:
    return min(options, key=lambda r: (gap(anchor, r), r[1]), default=None)


def group(runs: list[Run], sentence) -> list[Group]:
    """Statements of one paragraph's runs; ``sentence`` maps a token index to its sentence."""
    cues = [r for r in runs if r[0] == "CUE"]
    sources = [r for r in runs if r[0] == "SRC"]
    by_cue: dict[Run | None, list[Run]] = {}
    for content in (r for r in runs if r[0] == "CON"):
        by_cue.setdefault(nearest(content, cues), []).append(content)
    out = []
    for cue, contents in by_cue.items():
        if cue is not None:
            out.append(Group(tuple(contents), cue, nearest(cue, sources)))
            continue
        for content in contents:  # no cue in the paragraph: one statement per content
            same = [s for s in sources if sentence(s[1]) == sentence(content[1])]
            out.append(Group((content,), None, nearest(content, same)))
    return sorted(out, key=lambda g: g.contents[0][1])
