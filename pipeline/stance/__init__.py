"""Stance of a statement towards a target: rules when they fire, else the learned model.

``predict(text, start, end, cue_lemma)`` scores one target span of one context string
(``predict_many`` many at once: the stage's way, one model call for a whole shard). The
rules (``rules.py``) decide when a cue verb or event noun speaks about the target directly
("accused Azerbaijan", "provocations by Armenia", negated or not); otherwise the logistic
regression trained on NewsMTSC (``model.py``) labels the target from its surroundings.
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

import numpy as np

from .features import features_given_rule
from .model import Model, default_model
from .rules import RuleHit, cue_stance, rule_stance
from .text import locate

RULES_VERSION = "v1"
# A rule that names a polarity is trusted more than one that only neutralises ("did not accuse").
RULE_CONFIDENCE = {"cue": 0.9, "polar": 0.85, "none": 0.6}


class Prediction(NamedTuple):
    label: str  # favor | against | none
    score: float  # [-1, 1], positive = favor
    confidence: float  # [0, 1]
    method: str  # "rules_v1:event:provocation" or "model_v1"


def predict(text: str, start: int, end: int, cue_lemma: str | None = None) -> Prediction:
    return predict_many([(text, start, end, cue_lemma)])[0]


def predict_many(targets: Sequence[tuple[str, int, int, str | None]]) -> list[Prediction]:
    """``predict`` of many ``(text, start, end, cue_lemma)`` targets: the rules one by one, the
    model on all the others in one vectorised call (the stage scores a shard at once)."""
    out: list[Prediction | None] = [None] * len(targets)
    todo, rows = [], []
    for k, (text, start, end, cue_lemma) in enumerate(targets):
        ctx = locate(text, start, end)
        hit = cue_stance(cue_lemma, ctx) or rule_stance(ctx)
        if hit is not None:
            out[k] = from_rule(hit)
        else:
            todo.append(k)
            rows.append(features_given_rule(ctx, None))  # no rule fired: no rule feature
        if len(rows) == BATCH or (k == len(targets) - 1 and rows):
            model = default_model()
            for i, pred in zip(todo, _from_probas(model, model.proba_many(rows))):
                out[i] = pred
            todo, rows = [], []
    return out


# Mentions per model call: enough to spread numpy's per-call cost, few enough that a shard's
# feature dicts are not all held at once (a whole shard's added ~50 MB to the stage's peak).
BATCH = 512


def from_rule(hit: RuleHit) -> Prediction:
    if hit.rule.startswith("cue:"):
        confidence = RULE_CONFIDENCE["cue"]
    else:
        confidence = RULE_CONFIDENCE["none" if hit.label == "none" else "polar"]
    return Prediction(hit.label, hit.score, confidence, f"rules_{RULES_VERSION}:{hit.rule}")


def from_model(feats: dict[str, float]) -> Prediction:
    model = default_model()
    return _from_proba(model, model.proba(feats))


def _from_proba(model: Model, proba: np.ndarray) -> Prediction:
    return _from_probas(model, proba[None, :])[0]


def _from_probas(model: Model, proba: np.ndarray) -> list[Prediction]:
    """One prediction per row of class probabilities (arrays first: a shard's rows at once)."""
    best = proba.argmax(axis=1)
    score = proba[:, model.classes.index("favor")] - proba[:, model.classes.index("against")]
    confidence = proba[np.arange(len(proba)), best]
    method, classes = f"model_{model.version}", model.classes
    return [Prediction(classes[b], round(s, 4), round(c, 4), method)
            for b, s, c in zip(best.tolist(), score.tolist(), confidence.tolist())]
