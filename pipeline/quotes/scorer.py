"""The statement scorer: how likely a found statement is real and right, learned on PolNeAR train.

Two logistic regressions over a few named features of the statement (the rule or model that
found it, its kind, its cue's lexicon entry and train cue rate, the speaker mention's form, the
content's length, the span model's margin): ``confidence``, the probability that the statement
is a real one (its content matches an annotator's), stored as the statement's confidence; and
``keep``, the probability that it is right end to end, content and source: statements under the
``threshold`` are dropped (a statement with the wrong speaker misleads more than a missing one).
Both are trained on train with cross-validated predictions (``scripts/train_statement_scorer.py``),
never on dev. Weights: ``resources/statement_scorer.json.gz``.
"""

from __future__ import annotations

import gzip
import json
import math
from functools import lru_cache
from itertools import repeat

from ..config import RESOURCES
from .context import Article, Statement, kind
from .words import PRONOUNS, is_capitalised

MODEL = RESOURCES / "statement_scorer.json.gz"
_LENGTHS = (20, 40, 80, 160, 320)  # content characters, bucketed
_RATES = (0.1, 0.25, 0.5, 0.75, 0.9)
_MARGINS = (1.0, 2.0, 4.0, 8.0, 16.0)


def features(
    article: Article,
    statement: Statement,
    method: str = "rule",
    margin: float | None = None,
    linked: float | None = None,
) -> list[str]:
    """Named features of one statement (each weighs 1); for the span model's statements,
    ``margin`` is its mean label margin and ``linked`` the linker's probability that the
    source is right."""
    text = article.text
    start, end = statement.spans[0][0], statement.spans[-1][1]
    cue, speaker = statement.cue, statement.speaker
    feats = [
        f"method={method}",
        f"rule={statement.rule}",
        f"kind={kind(article, statement.spans)}",
        f"pieces={min(len(statement.spans), 3)}",
        f"length={_bucket(end - start, _LENGTHS)}",
        f"speaker={_speaker_form(text, speaker)}",
    ]
    if cue is None:
        feats.append("cue=none")
    else:
        entry = cue.entry
        feats += [
            f"category={entry.category}",
            f"provenance={entry.provenance}",
            f"rate={_bucket(entry.cue_rate, _RATES)}",
            f"lemma={entry.lemma}",
            f"cue_ing={text[cue.start:cue.end].split(' ', 1)[0].lower().endswith('ing')}",
            f"cue_before={cue.start < start}",
        ]
    para = article.paragraph_of(start)
    feats.append(f"paragraph={min(para, 3)}")
    if margin is not None:
        feats.append(f"margin={_bucket(margin, _MARGINS)}")
    if linked is not None:
        feats.append(f"linked={_bucket(linked, _RATES)}")
        feats += [f"model_{f}" for f in feats if f.startswith(("speaker=", "kind=", "cue="))]
    return feats


def _bucket(value: float, edges: tuple) -> int:
    return sum(value >= edge for edge in edges)


def _speaker_form(text: str, speaker) -> str:
    if speaker is None:
        return "none"
    words = text[speaker[0] : speaker[1]].split()
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        return f"pronoun:{words[0].lower()}" if words[0].lower() in ("who", "it") else "pronoun"
    if is_capitalised(words[-1]):
        return "name" if len(words) <= 4 else "long_name"
    return "description"


class Logistic:
    def __init__(self, model: dict):
        self.weights: dict[str, float] = model["weights"]
        self.bias: float = model["bias"]

    def __call__(self, feats: list[str]) -> float:
        return 1.0 / (1.0 + math.exp(-self.logit(feats)))

    def logit(self, feats: list[str]) -> float:
        return self.bias + sum(map(self.weights.get, feats, repeat(0.0)))


class StatementScorer:
    def __init__(self, model: dict):
        self.confidence = Logistic(model["confidence"])
        self.keep = Logistic(model["keep"])
        self.threshold: float = model["threshold"]
        self._unlinked, self._best_link = _link_terms(self.keep.weights)

    def score(self, feats: list[str]) -> float | None:
        """The statement's confidence, or None when it is to be dropped."""
        if self.keep(feats) < self.threshold:
            return None
        return self.confidence(feats)

    def may_keep(self, article: Article, statement: Statement, margin: float) -> bool:
        """Whether a span-model statement not yet linked (``statement.speaker`` None) could be
        kept with the best source the linker might give it: the terms that depend on the
        source are replaced by their largest sum. Exact (the logit is a sum of weights), so a
        statement that fails is dropped before the linker's work with the same output."""
        feats = features(article, statement, "model", margin, 0.0)
        logit = self.keep.logit(feats) - self._unlinked + self._best_link
        return logit >= math.log(self.threshold / (1.0 - self.threshold)) - 1e-9


_FORMS = ("none", "pronoun:who", "pronoun:it", "pronoun", "name", "long_name", "description")


def _link_terms(weights: dict[str, float]) -> tuple[float, float]:
    """(the weight of the source-dependent features of an unlinked statement, the largest
    weight they can take once linked): no candidate gives speaker none with linked 0.0;
    otherwise any form with any linker probability."""
    def form(f: str) -> float:
        return weights.get(f"speaker={f}", 0.0) + weights.get(f"model_speaker={f}", 0.0)

    unlinked = form("none") + weights.get("linked=0", 0.0)
    best_rate = max(weights.get(f"linked={b}", 0.0) for b in range(len(_RATES) + 1))
    return unlinked, max(unlinked, max(form(f) for f in _FORMS[1:]) + best_rate)


@lru_cache(maxsize=1)
def scorer() -> StatementScorer:
    with gzip.open(MODEL, "rt", encoding="utf-8") as handle:
        return StatementScorer(json.load(handle))
