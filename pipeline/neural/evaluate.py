"""The neural rows of ``sayso evaluate stance``, when the neural extra is installed.

``neural`` is the network alone; ``neural+rules`` lets the context rules decide where they fire
(what the stage does when ``CONTEXT_RULES``). Both label every target, like ``combined``.
"""

from __future__ import annotations

from . import available


def neural_labels(examples) -> dict[str, list[str]]:
    if not available():
        return {}
    from .encode import Target
    from .stance import default_model, rule_prediction

    targets = [Target(ex.sentence, ex.start, ex.end) for ex in examples]
    neural = default_model().predict(targets)
    # NewsMTSC sentences come without a quotation cue: only the context rules can fire.
    ruled = [rule_prediction(t, None) or pred for t, pred in zip(targets, neural)]
    return {"neural": [p.label for p in neural], "neural+rules": [p.label for p in ruled]}
