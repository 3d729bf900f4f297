"""Out-of-fold figures of the attribution on PolNeAR train: what the span model adds on news it
never saw, measured on ten times more articles than dev.

Each train article is read by the rules and by the span model of the folds that did not train
on it (``attribution_folds.py``: cached, or trained first), then scored and dropped by the
statement scorer as the quotations stage does. The scorer and the source linker were themselves
fitted on out-of-fold output of the same folds, so these figures are close to held-out ones;
the span model that ships is trained on all of train and should do a little better.

    python scripts/attribution_oof.py [--rules-only]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from attribution_folds import TRAIN, fold_models  # noqa: E402
from pipeline.evaluate import read_text  # noqa: E402
from pipeline.evaluate.polnear import annotation_files, parse_ann, score  # noqa: E402
from pipeline.evaluate.spans import from_found  # noqa: E402
from pipeline.nlp.sentences import split  # noqa: E402
from pipeline.quotes.combine import find_all  # noqa: E402
from pipeline.quotes.scorer import features, scorer  # noqa: E402


def predictions(learned: bool):
    """(texts, gold statements, predicted statements) over PolNeAR train."""
    models = fold_models() if learned else {}
    keep = scorer()
    texts, golds, preds = {}, [], []
    for doc, ann in annotation_files(TRAIN).items():
        text = texts[doc] = read_text(TRAIN / "text" / f"{doc}.txt")
        golds += parse_ann(ann.read_text(encoding="utf-8"), doc)
        sentences = [(s.start, s.end) for s in split(text)]
        article, found = find_all(text, sentences, models.get(doc), learned)
        for one in found:
            confidence = keep.score(features(article, *one))
            if confidence is None:
                continue
            preds.append(from_found(doc, one, confidence))
    return texts, golds, preds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rules-only", action="store_true", help="the rules alone, no span model")
    args = parser.parse_args()
    figs, _ = score(*predictions(not args.rules_only))
    print(f"PolNeAR train, out of fold ({'rules' if args.rules_only else 'rules + span model'})")
    print(f"{'':26}{'P':>6}{'R':>6}{'F1':>6}")
    for kind in ("all", "indirect"):
        for metric in ("content_exact", "content_cover30", "end_to_end"):
            f = figs[kind][metric]
            print(f"{kind + ' ' + metric:26}{f['precision']:6.1f}{f['recall']:6.1f}{f['f1']:6.1f}")
    source = figs["all"]["source_accuracy"]
    print(f"source accuracy {source['accuracy']:.1f} ({source['n']}); "
          f"ECE {figs['calibration']['ece']:.4f}")
    for method, f in figs["by_method"].items():
        print(f"method {method}: {f['n_pred']} statements, cover30 precision "
              f"{f['cover30_precision']}, end-to-end precision {f['end_to_end_precision']}")


if __name__ == "__main__":
    main()
