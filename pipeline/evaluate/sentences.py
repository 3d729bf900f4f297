"""Score ``pipeline.nlp.sentences.split`` against gold sentence boundaries in a CoNLL-U file.

Each document's text is rebuilt from its ``# text =`` lines: paragraphs (``# newpar``) joined by
a newline, the sentences of a paragraph by a space. A boundary is the character offset where a
sentence other than the document's first starts, so document ends are never scored. Two rows are
reported: all boundaries, and those inside a paragraph (the hard ones: a paragraph break is a
newline, which the splitter always honours).

    sayso evaluate sentences [FILE.conllu]   (default: GUM news, evaluation only)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..config import SHARED
from ..nlp.sentences import split
from . import prf, report

DEFAULT = SHARED / "ling" / "gum_news" / "gum_news.conllu"
# "# newdoc id = x" or a bare "# newdoc", never "# newpar_block = ..."
_NEWDOC = re.compile(r"^# newdoc(?:\s|$)")
_NEWPAR = re.compile(r"^# newpar(?:\s|$)")
_TEXT = "# text = "
_CONTEXT = 40  # characters shown either side of an error


@dataclass
class Document:
    name: str
    paragraphs: list[list[str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(" ".join(p) for p in self.paragraphs)

    def boundaries(self) -> dict[int, bool]:
        """Gold boundary offsets -> whether the boundary is also a paragraph break."""
        out: dict[int, bool] = {}
        offset = 0
        for p_index, para in enumerate(self.paragraphs):
            for s_index, sentence in enumerate(para):
                if p_index or s_index:
                    out[offset] = s_index == 0
                offset += len(sentence) + 1  # the joining space or newline
        return out


def read_documents(path: Path) -> list[Document]:
    docs: list[Document] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if _NEWDOC.match(line):
            name = line.split("=", 1)[1].strip() if "=" in line else f"doc{len(docs)}"
            docs.append(Document(name))
        elif not docs:  # a file without document markers is one document
            docs.append(Document("doc0"))
        if _NEWPAR.match(line) or (line.startswith(_TEXT) and not docs[-1].paragraphs):
            docs[-1].paragraphs.append([])
        if line.startswith(_TEXT):
            docs[-1].paragraphs[-1].append(line[len(_TEXT) :].strip())
    return [d for d in docs if d.paragraphs and any(d.paragraphs)]


def predicted_boundaries(text: str) -> set[int]:
    return {s.start for s in split(text)[1:]}


def score_documents(docs: list[Document]) -> tuple[dict, list[dict]]:
    """Counts for all boundaries and within-paragraph ones, plus one row per error."""
    counts = {"all": [0, 0, 0], "within_paragraph": [0, 0, 0]}  # tp, predicted, gold
    errors: list[dict] = []
    for doc in docs:
        text = doc.text
        gold = doc.boundaries()
        pred = predicted_boundaries(text)
        for offset in gold.keys() | pred:
            is_par = gold.get(offset, offset > 0 and text[offset - 1] == "\n")
            hit = (offset in gold, offset in pred)
            for key in ("all",) if is_par else ("all", "within_paragraph"):
                counts[key][0] += hit == (True, True)
                counts[key][1] += hit[1]
                counts[key][2] += hit[0]
            if hit[0] != hit[1]:
                kind = "missed" if hit[0] else "spurious"
                errors.append(_error_row(doc.name, text, offset, kind))
    return counts, errors


def _error_row(doc: str, text: str, offset: int, kind: str) -> dict:
    left = text[max(0, offset - _CONTEXT) : offset].replace("\n", " ")
    right = text[offset : offset + _CONTEXT].replace("\n", " ")
    return {"doc": doc, "offset": offset, "error": kind, "context": f"{left.rstrip()} || {right}"}


def main(path: str | Path | None, out_dir: str | Path) -> dict:
    gold_path = Path(path) if path else DEFAULT
    docs = read_documents(gold_path)
    counts, errors = score_documents(docs)
    figures = {"file": str(gold_path), "documents": len(docs)}
    table = []
    for key, (tp, n_pred, n_gold) in counts.items():
        figures[key] = {**prf(tp, n_pred, n_gold), "gold": n_gold, "predicted": n_pred}
        table.append((key, *prf(tp, n_pred, n_gold).values(), n_gold))
    columns = ["doc", "offset", "error", "context"]
    return report(
        "sentences",
        figures,
        out_dir,
        errors=pd.DataFrame(errors, columns=columns),
        table=table,
        header=("boundaries", "P", "R", "F1", "gold"),
    )
