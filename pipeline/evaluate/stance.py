"""Score the stance methods on NewsMTSC: macro-F1 over against/none/favor, and accuracy.

Every target of the file is scored by each method on its own, so the figures say what each
part contributes:

- ``majority``: always ``none`` (the floor);
- ``vader_sentence``: VADER's compound score of the whole sentence (target-blind);
- ``vader_clause``: VADER valences of the target's clause only (``rules.vader_clause``);
- ``rules``: the lexicon rules, scored only where they fire (``n`` says how often);
- ``model``: the logistic regression alone;
- ``combined``: what the stage uses (rules when they fire, else the model).

    sayso evaluate stance [FILE.jsonl]   (default: NewsMTSC rw_dev; also try mt_dev.jsonl)
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..config import SHARED
from ..neural.evaluate import neural_labels
from ..stance import from_model, predict
from ..stance.features import features
from ..stance.model import CLASSES
from ..stance.newsmtsc import Example, read
from ..stance.rules import rule_stance, vader_clause
from ..stance.text import locate
from . import report

DEFAULT = SHARED / "stance" / "newsmtsc" / "rw_dev.jsonl"
VADER_THRESHOLD = 0.05  # VADER's own neutral band for the compound score
METHODS = ("majority", "vader_sentence", "vader_clause", "rules", "model", "combined")


def polarity(score: float, threshold: float = VADER_THRESHOLD) -> str:
    return "favor" if score >= threshold else "against" if score <= -threshold else "none"


@lru_cache(maxsize=1)
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def predictions(ex: Example) -> dict[str, str | None]:
    """Each method's label for one target; None where a method abstains (rules only)."""
    ctx = locate(ex.sentence, ex.start, ex.end)
    hit = rule_stance(ctx)
    combined = predict(ex.sentence, ex.start, ex.end)
    return {
        "majority": "none",
        "vader_sentence": polarity(_analyzer().polarity_scores(ex.sentence)["compound"]),
        "vader_clause": polarity(vader_clause(ctx)),
        "rules": hit.label if hit else None,
        "model": from_model(features(ctx)).label,
        "combined": combined.label,
        "combined_method": combined.method,
        "combined_score": combined.score,
    }


def scores(gold: list[str], pred: list[str | None]) -> dict:
    """Macro-F1 and accuracy over the targets a method labelled, in percent."""
    pairs = [(g, p) for g, p in zip(gold, pred) if p is not None]
    per_class = {}
    for c in CLASSES:
        tp = sum(1 for g, p in pairs if g == c and p == c)
        n_pred = sum(1 for _, p in pairs if p == c)
        n_gold = sum(1 for g, _ in pairs if g == c)
        prec, rec = tp / n_pred if n_pred else 0.0, tp / n_gold if n_gold else 0.0
        per_class[c] = round(100 * (2 * prec * rec / (prec + rec) if prec + rec else 0.0), 1)
    correct = sum(1 for g, p in pairs if g == p)
    return {
        "n": len(pairs),
        "coverage": round(100 * len(pairs) / len(gold), 1) if gold else 0.0,
        "macro_f1": round(sum(per_class.values()) / len(CLASSES), 1),
        "accuracy": round(100 * correct / len(pairs), 1) if pairs else 0.0,
        "f1_per_class": per_class,
    }


def error_rows(examples: list[Example], preds: list[dict]) -> pd.DataFrame:
    rows = []
    for ex, pred in zip(examples, preds):
        if pred["combined"] != ex.label:
            rows.append({"sentence": ex.sentence, "target_text": ex.mention,
                         "target_start": ex.start, "target_end": ex.end, "gold": ex.label,
                         **{m: pred[m] for m in METHODS if m != "majority"},
                         "method": pred["combined_method"], "score": pred["combined_score"]})
    return pd.DataFrame(rows)


def main(path: str | Path | None = None, out_dir: str | Path = "data/eval/stance") -> dict:
    path = Path(path) if path else DEFAULT
    examples = read(path)
    preds = [predictions(ex) for ex in examples]
    gold = [ex.label for ex in examples]
    figures = {"file": str(path), "targets": len(examples)}
    figures.update({m: scores(gold, [p[m] for p in preds]) for m in METHODS})
    neural = neural_labels(examples)  # the neural extra's rows, when it is installed
    figures.update({m: scores(gold, labels) for m, labels in neural.items()})
    table = [(m, figures[m]["n"], f"{figures[m]['coverage']:.1f}", f"{figures[m]['macro_f1']:.1f}",
              f"{figures[m]['accuracy']:.1f}") for m in (*METHODS, *neural)]
    return report(f"stance ({path.name})", figures, out_dir, errors=error_rows(examples, preds),
                  table=table, header=("method", "n", "coverage", "macro-F1", "accuracy"))
