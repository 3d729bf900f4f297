"""Statements against PolNeAR (political news, brat standoff attributions), document level.

Gold: every ``E`` line of ``attributions/NAME_ANNOTATOR.ann`` (the first annotator in sorted
order where there are several) with its Content, Cue and optional Source spans. Predictions: the
pipeline run on ``text/``. Figures (see docs/evaluation.md): content exact, cover30 and cover80
P/R/F1; source accuracy and cue exact accuracy on cover30 pairs; end-to-end P/R/F1; each overall
and by gold kind (direct, mixed, indirect). Calibration of ``confidence``: a reliability table
(confidence bins: count, mean confidence, share matched at cover30) and the expected calibration
error; and the figures by ``method`` (rule or model) that found the statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..config import SHARED
from . import accuracy, predict, prf_split, read_text, report, sentence_text, show_accuracy
from . import sources
from .calibration import expected_calibration_error, reliability
from .spans import (
    Span,
    Statement,
    exact_match,
    greedy_match,
    overlaps,
    quote_kind,
    quoted_regions,
    span,
    text_of,
    trim,
)

DEFAULT = SHARED / "eval" / "polnear" / "dev"
KINDS = ("direct", "mixed", "indirect")


# --- gold -------------------------------------------------------------------------------------

def parse_ann(ann: str, doc: str) -> list[Statement]:
    """The attributions of one brat standoff file as gold statements (content, cue, source)."""
    spans: dict[str, Span] = {}
    links: list[dict[str, list[str]]] = []
    for line in ann.splitlines():
        fields = line.split("\t")
        if fields[0].startswith("T") and len(fields) >= 2:
            spans[fields[0]] = _offsets(fields[1])
        elif fields[0].startswith("E") and len(fields) >= 2:
            links.append(_roles(fields[1]))
    return [_attribution(doc, i, roles, spans) for i, roles in enumerate(links) if roles.get("Content")]


def _offsets(field: str) -> Span:
    """``Content 852 944;954 1048`` -> ((852, 944), (954, 1048))."""
    pieces = field.split(" ", 1)[1].split(";")
    return span(tuple(int(x) for x in piece.split()) for piece in pieces)


def _roles(field: str) -> dict[str, list[str]]:
    """``Attribution:T4 Content:T3 Content2:T9`` -> {"Content": ["T3", "T9"], ...}."""
    roles: dict[str, list[str]] = {}
    for arg in field.split():
        role, _, ref = arg.partition(":")
        roles.setdefault(re.sub(r"\d+$", "", role), []).append(ref)
    return roles


def _attribution(doc: str, index: int, roles: dict, spans: dict[str, Span]) -> Statement:
    def union(role: str) -> Span:
        return span(p for ref in roles.get(role, []) for p in spans.get(ref, ()))

    return Statement(doc=doc, content=union("Content"), cue=union("Cue"), speaker=union("Source"),
                     id=f"E{index + 1}")


def annotation_files(folder: Path) -> dict[str, Path]:
    """One annotation file per article that has a text: the first annotator in sorted order."""
    chosen: dict[str, Path] = {}
    for path in sorted((folder / "attributions").glob("*.ann")):
        doc = path.stem.rsplit("_", 1)[0]
        if doc not in chosen and (folder / "text" / f"{doc}.txt").exists():
            chosen[doc] = path
    return chosen


def load_gold(folder: Path) -> tuple[dict[str, str], list[Statement]]:
    texts, golds = {}, []
    for doc, ann in annotation_files(folder).items():
        texts[doc] = read_text(folder / "text" / f"{doc}.txt")
        golds.extend(parse_ann(ann.read_text(encoding="utf-8"), doc))
    return texts, golds


# --- scoring ----------------------------------------------------------------------------------

@dataclass
class Outcome:
    """What happened to one gold or one predicted statement."""

    kind: str
    confidence: float | None = None  # predicted: the pipeline's confidence
    method: str | None = None  # predicted: rule | model
    exact: bool = False
    cover30: bool = False
    cover80: bool = False
    end_to_end: bool = False
    source: bool | None = None  # on cover30 pairs whose gold has a source
    cue: bool | None = None  # on cover30 pairs whose gold has a cue


def score(texts: dict[str, str], golds: list[Statement], preds: list[Statement]):
    """(figures, errors frame) for predictions against gold over the documents in ``texts``."""
    gold_out, pred_out, errors = [], [], []
    for doc, text in texts.items():
        g = [s for s in golds if s.doc == doc]
        p = [s for s in preds if s.doc == doc]
        go, po, errs = score_document(text, g, p)
        gold_out += go
        pred_out += po
        errors += errs
    return figures(gold_out, pred_out), pd.DataFrame(errors, columns=ERROR_COLUMNS)


def score_document(text: str, golds: list[Statement], preds: list[Statement]):
    """Outcomes of each gold and predicted statement of one document, and its error rows."""
    quoted = quoted_regions(text)
    gold_spans = [trim(text, s.content) for s in golds]
    pred_spans = [trim(text, s.content) for s in preds]
    gold_out = [Outcome(quote_kind(c, text, quoted)) for c in gold_spans]
    pred_out = [Outcome(quote_kind(c, text, quoted), s.confidence, s.method)
                for c, s in zip(pred_spans, preds)]
    for attr, pairs in (
        ("exact", exact_match(gold_spans, pred_spans)),
        ("cover80", greedy_match(gold_spans, pred_spans, 0.8)),
    ):
        for gi, pi in pairs:
            setattr(gold_out[gi], attr, True)
            setattr(pred_out[pi], attr, True)
    pairs = greedy_match(gold_spans, pred_spans, 0.3)
    for gi, pi in pairs:
        judge_pair(text, golds[gi], preds[pi], gold_out[gi], pred_out[pi])
    return gold_out, pred_out, error_rows(text, golds, preds, gold_out, pred_out, pairs)


def judge_pair(text: str, gold: Statement, pred: Statement, g: Outcome, p: Outcome) -> None:
    """Source and cue verdicts for a cover30 pair."""
    g.cover30 = p.cover30 = True
    if gold.speaker:
        g.source = overlaps(gold.speaker, pred.speaker)
    g.end_to_end = p.end_to_end = bool(g.source) or (not gold.speaker and not pred.speaker)
    if gold.cue:
        g.cue = trim(text, gold.cue) == trim(text, pred.cue)


def figures(gold: list[Outcome], pred: list[Outcome]) -> dict:
    out = {"all": _figures(gold, pred)}
    for kind in KINDS:
        out[kind] = _figures([o for o in gold if o.kind == kind], [o for o in pred if o.kind == kind])
    out["calibration"] = calibration(pred)
    out["by_method"] = {
        method: {"n_pred": len(outs), "cover30_precision": round(100 * sum(o.cover30 for o in outs) / len(outs), 1),
                 "end_to_end_precision": round(100 * sum(o.end_to_end for o in outs) / len(outs), 1)}
        for method in sorted({o.method for o in pred if o.method})
        for outs in [[o for o in pred if o.method == method]]
    }
    return out


def calibration(pred: list[Outcome]) -> dict:
    """Reliability of ``confidence`` against the cover30 match, and the ECE."""
    scored = [o for o in pred if o.confidence is not None]
    confidence = [o.confidence for o in scored]
    right = [o.cover30 for o in scored]
    return {"ece": round(expected_calibration_error(confidence, right), 4),
            "reliability": reliability(confidence, right)}


def _figures(gold: list[Outcome], pred: list[Outcome]) -> dict:
    def split(attr: str) -> dict:
        return prf_split(sum(getattr(o, attr) for o in pred), len(pred),
                         sum(getattr(o, attr) for o in gold), len(gold))

    return {
        "n_gold": len(gold),
        "n_pred": len(pred),
        "content_exact": split("exact"),
        "content_cover30": split("cover30"),
        "content_cover80": split("cover80"),
        "end_to_end": split("end_to_end"),
        "source_accuracy": accuracy([o.source for o in gold]),
        "cue_exact_accuracy": accuracy([o.cue for o in gold]),
    }



# --- errors -----------------------------------------------------------------------------------

ERROR_COLUMNS = [
    "doc", "error", "kind", "gold_id", "gold_content", "gold_text", "gold_source", "gold_cue",
    "pred_id", "pred_content", "pred_text", "pred_speaker", "pred_name", "pred_cue", "sentence",
]


def error_rows(text, golds, preds, gold_out, pred_out, pairs) -> list[dict]:
    """Missed gold, spurious predictions and cover30 pairs with the wrong source."""
    rows = [_row(text, "missed", o.kind, gold=s) for s, o in zip(golds, gold_out) if not o.cover30]
    rows += [_row(text, "spurious", o.kind, pred=s) for s, o in zip(preds, pred_out) if not o.cover30]
    rows += [
        _row(text, "wrong source", gold_out[gi].kind, gold=golds[gi], pred=preds[pi])
        for gi, pi in pairs
        if not gold_out[gi].end_to_end
    ]
    return rows


def _row(text: str, error: str, kind: str, gold: Statement | None = None,
         pred: Statement | None = None) -> dict:
    anchor = (gold or pred).content
    row = {"doc": (gold or pred).doc, "error": error, "kind": kind,
           "sentence": sentence_text(text, anchor)}
    if gold:
        row |= {"gold_id": gold.id, "gold_content": _offsets_text(gold.content),
                "gold_text": text_of(text, gold.content), "gold_source": text_of(text, gold.speaker),
                "gold_cue": text_of(text, gold.cue)}
    if pred:
        row |= {"pred_id": pred.id, "pred_content": _offsets_text(pred.content),
                "pred_text": text_of(text, pred.content), "pred_speaker": text_of(text, pred.speaker),
                "pred_name": pred.name, "pred_cue": text_of(text, pred.cue)}
    return row


def _offsets_text(a: Span) -> str:
    return ";".join(f"{s}-{e}" for s, e in a)


# --- command ----------------------------------------------------------------------------------

def table(figs: dict) -> list[tuple]:
    """Rows: metric, then the figure for all statements and for each gold kind."""
    cols = ("all", *KINDS)
    rows = [
        ("gold statements", *(figs[c]["n_gold"] for c in cols)),
        ("predicted", *(figs[c]["n_pred"] for c in cols)),
        ("content exact F1", *(figs[c]["content_exact"]["f1"] for c in cols)),
        ("content cover30 P", *(figs[c]["content_cover30"]["precision"] for c in cols)),
        ("content cover30 R", *(figs[c]["content_cover30"]["recall"] for c in cols)),
        ("content cover30 F1", *(figs[c]["content_cover30"]["f1"] for c in cols)),
        ("content cover80 F1", *(figs[c]["content_cover80"]["f1"] for c in cols)),
        ("end-to-end F1", *(figs[c]["end_to_end"]["f1"] for c in cols)),
        ("source accuracy", *(show_accuracy(figs[c]["source_accuracy"]) for c in cols)),
        ("cue exact accuracy", *(show_accuracy(figs[c]["cue_exact_accuracy"]) for c in cols)),
    ]
    return rows


def calibration_table(figs: dict) -> list[tuple]:
    """Reliability rows, the ECE, then the predictions of each method and their precision."""
    cal = figs["calibration"]
    rows = [(f"confidence {b}", n, conf, right) for b, n, conf, right in cal["reliability"]]
    rows.append(("expected calibration error", "", "", cal["ece"]))
    rows += [(f"method {m}", f["n_pred"], f["cover30_precision"], f["end_to_end_precision"])
             for m, f in figs["by_method"].items()]
    return rows



def main(path: str | Path | None = None, out_dir: str | Path = "data/eval/polnear",
         config=None) -> dict:
    """``config``: the settings the pipeline runs with; with the defaults (None) the neural
    mode's figures follow when the extra is installed (``neural_rows``)."""
    folder = Path(path or DEFAULT)
    texts, golds = load_gold(folder)
    docs = [folder / "text" / f"{doc}.txt" for doc in texts]
    _, preds = predict(docs, config=config)
    figs, errors = score(texts, golds, preds)
    figs["articles"] = len(texts)
    figs["source_by_type"] = sources.by_type(texts, golds, preds)
    record = report("polnear", figs, out_dir, errors, table(figs), header=("metric", "all", *KINDS),
                    config=config)
    sources.show(figs["source_by_type"])
    report("polnear calibration", figs, out_dir, None, calibration_table(figs),
           header=("predicted statements", "n", "confidence", "matched / e2e"), config=config)
    if config is None:
        neural_rows(docs, texts, golds, out_dir)
    return record


def neural_rows(docs, texts, golds, out_dir) -> dict | None:
    """The same figures with ``[models] mode = "neural"`` and ``neural_attribution = true``
    (the neural attribution labeller in place of the perceptron span model), when the neural
    extra and its attribution model are here."""
    from ..config import Config
    from ..neural import available
    from ..neural.attribution import MODEL_DIR, MODEL_FILE

    if not available() or not (MODEL_DIR / MODEL_FILE).exists():
        return None
    _, preds = predict(docs, config=Config().with_models("neural", neural_attribution=True))
    figs, errors = score(texts, golds, preds)
    figs["articles"] = len(texts)
    return report("polnear neural (--models neural, neural_attribution = true)", figs, Path(out_dir) / "neural", errors,
                  table(figs), header=("metric", "all", *KINDS))
