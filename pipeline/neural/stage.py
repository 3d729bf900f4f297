"""The stance stage's neural mode: every mention of a shard scored in one batch.

The stage gathers its statements and their target candidates first; ``shard_scorer`` labels
all their mentions with the neural stance model in one call (one tokeniser batch; each target
then runs alone, see ``StanceModel.predict``), and hands the stage a scorer that looks the
answers up. A target named twice in one sentence of the content is scored once: the network
reads the whole sentence either way (8% of the runs on the bench corpus, the same stance-target
cases pass). Where the statement's cue governs the target, the cue rule decides instead (and
the context rules, if ``CONTEXT_RULES``: see ``pipeline.neural.stance``); the ``method``
column says which did (``rules_v1:...`` or ``neural_v2``).
"""

from __future__ import annotations

from ..stance import Prediction
from .encode import Target
from .stance import decide, default_model


def shard_scorer(found: list, mention_context):
    """``found`` holds ``(text, statement, candidates)``; ``mention_context(text, quote, cand)``
    gives the sentence ``[a, b)`` around a mention and the cue lemma that governs it."""
    keys, targets, cues = [], [], []
    same: dict[tuple, tuple] = {}  # a later mention -> the first of its target in its sentence
    for text, statement, cands in found:
        quote = statement["quote"]
        first: dict[tuple, tuple] = {}
        for cand in cands:
            a, b, cue = mention_context(text, quote, cand)
            key = _key(quote, cand)
            sentence = (cand.target_id, a, b)
            if sentence in first:
                same[key] = first[sentence]
                continue
            first[sentence] = key
            keys.append(key)
            targets.append(Target(text[a:b], cand.start - a, cand.end - a))
            cues.append(cue)
    scored = dict(zip(keys, decide(default_model(), targets, cues))) if targets else {}
    scored.update({key: scored[to] for key, to in same.items()})

    def score(text: str, quote: dict, cand) -> Prediction:
        return scored[_key(quote, cand)]

    return score


def _key(quote: dict, cand) -> tuple:
    return quote["statement_id"], cand.target_id, cand.start, cand.end
