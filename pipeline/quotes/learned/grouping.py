"""Labelled runs to statements: each content run with the cue and source most plausibly linked.

As PolNeAR links them: a content takes the nearest cue of its paragraph (fewest tokens between
them; ``"A," he said, "B."`` gives both pieces to one cue, so they make one statement), and the
statement takes the source nearest to its cue (``X said``, ``said X``, ``X's claim that``). A
content without a cue takes the nearest source of its sentence, if any. A source is only
sought in the sentence of its cue.
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


def group_article(paragraphs: list[list[Run]], stops: list[int], sentence) -> list[Group]:
    """Statements of an article's runs, paragraph by paragraph (``stops``: each paragraph's
    stop token). A paragraph without a cue takes the one that ends the paragraph before it
    (``He said:`` then a quoted paragraph)."""
    out, before = [], None
    for runs, stop in zip(paragraphs, stops):
        out += group(runs, sentence, before)
        before = _trailing(runs, stop, sentence)
    return out


def group(runs: list[Run], sentence, before: Group | None = None) -> list[Group]:
    """Statements of one paragraph's runs; ``sentence`` maps a token index to its sentence;
    ``before``: the cue (and source) ending the paragraph before, if any."""
    cues = [r for r in runs if r[0] == "CUE"]
    sources = [r for r in runs if r[0] == "SRC"]
    contents = [r for r in runs if r[0] == "CON"]
    if not cues and before is not None and contents:
        return [Group(tuple(contents), before.cue, before.source)]
    by_cue: dict[Run | None, list[Run]] = {}
    for content in contents:
        by_cue.setdefault(nearest(content, cues), []).append(content)
    out = []
    for cue, linked in by_cue.items():
        if cue is not None:
            out.append(Group(tuple(linked), cue, _source(cue, sources, sentence)))
            continue
        for content in linked:  # no cue in the paragraph: one statement per content
            out.append(Group((content,), None, _source(content, sources, sentence)))
    return sorted(out, key=lambda g: g.contents[0][1])


def _source(anchor: Run, sources: list[Run], sentence) -> Run | None:
    """The source nearest the cue (or the content) in its sentence: a source further away
    belongs to another statement more often than not."""
    return nearest(anchor, [s for s in sources if sentence(s[1]) == sentence(anchor[1])])


def _trailing(runs: list[Run], stop: int, sentence) -> Group | None:
    """The paragraph's last run, if it is a cue at its very end (at most a colon after)."""
    if runs and runs[-1][0] == "CUE" and stop - runs[-1][2] <= 1:
        cue = runs[-1]
        return Group((), cue, _source(cue, [r for r in runs if r[0] == "SRC"], sentence))
    return None
