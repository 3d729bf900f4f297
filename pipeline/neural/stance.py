"""The neural stance method: the fine-tuned MiniLM in ONNX int8, scored with onnxruntime.

``StanceModel.predict`` labels a list of targets (tokenised together, each run on its own);
``default_model()`` loads the shipped model once per process.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from ..config import RESOURCES
from ..stance import Prediction, from_rule
from ..stance.model import CLASSES
from ..stance.rules import cue_stance, rule_stance
from ..stance.text import locate
from .encode import Target, load_tokenizer, pad, token_ids
from .session import inference_session

MODEL_DIR = RESOURCES / "neural"
MODEL_FILE = "stance.onnx"
TOKENIZER_FILE = "tokenizer.json"
INPUTS = ("input_ids", "attention_mask", "span_mask")
VERSION = "v2"  # v1: six layers, 2 epochs; v2: see resources/neural/stance_card.md


class StanceModel:
    def __init__(self, folder: str | Path = MODEL_DIR):
        folder = Path(folder)
        self.session = inference_session(folder / MODEL_FILE)
        self.tokenizer = load_tokenizer(folder / TOKENIZER_FILE)
        self.method = f"neural_{VERSION}"

    def predict(self, targets: Sequence[Target]) -> list[Prediction]:
        # One target per run, never padded batches: int8 dynamic quantisation scales the
        # activations by the whole input tensor, so a target's label would depend on which
        # other targets shared its batch (and so on how the corpus was sharded). Unpadded
        # single runs cost no more on one thread (measured on rw_dev: ~25 targets/s either way
        # on the shared CPU); the stage still gathers a shard's targets into one call.
        return [self.prediction(self.proba([ids])[0]) for ids in token_ids(self.tokenizer, targets)]

    def proba(self, encoded) -> np.ndarray:
        batch = pad(encoded)
        (logits,) = self.session.run(None, dict(zip(INPUTS, batch)))
        logits = logits - logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def prediction(self, proba: np.ndarray) -> Prediction:
        best = int(np.argmax(proba))
        score = float(proba[CLASSES.index("favor")] - proba[CLASSES.index("against")])
        return Prediction(CLASSES[best], round(score, 4), round(float(proba[best]), 4), self.method)


@lru_cache(maxsize=1)
def default_model() -> StanceModel:
    return StanceModel(MODEL_DIR)


# The cue rule decides where the statement's cue governs the target ("accused Azerbaijan of
# ..."): the network sees only the content, never the cue (NewsMTSC has no cues, so this is
# not measured). The context rules (event nouns, polar phrases near the target) do not: with
# the v2 model they lowered macro-F1 from 82.8 to 82.6 on rw_dev and 74.9 to 74.3 on mt_dev
# (``sayso evaluate stance``, rows neural and neural+rules; resources/neural/README.md).
CONTEXT_RULES = False


def decide(model: StanceModel, targets: Sequence[Target], cues: Sequence[str | None],
           context_rules: bool = CONTEXT_RULES) -> list[Prediction]:
    ruled = [rule_prediction(t, cue, context_rules) for t, cue in zip(targets, cues)]
    todo = [i for i, hit in enumerate(ruled) if hit is None]
    for i, pred in zip(todo, model.predict([targets[i] for i in todo])):
        ruled[i] = pred
    return ruled


def rule_prediction(target: Target, cue: str | None, context_rules: bool = True) -> Prediction | None:
    ctx = locate(target.text, target.start, target.end)
    hit = cue_stance(cue, ctx) or (rule_stance(ctx) if context_rules else None)
    return from_rule(hit) if hit is not None else None
