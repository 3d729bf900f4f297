"""Rebuild pipeline/resources/punkt_news.json: Punkt parameters for news text.

Trains NLTK's unsupervised PunktTrainer on the text of UD English EWT train (CC BY-SA 4.0, see
pipeline/resources/README.md), then adds the curated news abbreviations in
pipeline/resources/lexicons/abbreviations.txt and the function words that open EWT train's
gold sentences (``gold_sentence_starters``). Stored as JSON (never pickle).

    python scripts/build_punkt.py [--ewt ../shared/ling/ud_english_ewt/en_ewt-ud-train.conllu]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from nltk.tokenize.punkt import PunktTrainer

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EWT = ROOT.parent / "shared/ling/ud_english_ewt/en_ewt-ud-train.conllu"
ABBREVIATIONS = ROOT / "pipeline/resources/lexicons/abbreviations.txt"
OUT = ROOT / "pipeline/resources/punkt_news.json"


def conllu_paragraphs(path: Path) -> list[str]:
    """Documents' text, one sentence per line (Punkt learns from running text)."""
    docs: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc") and docs[-1]:
            docs.append([])
        elif line.startswith("# text = "):
            docs[-1].append(line[len("# text = ") :])
    return [" ".join(doc) for doc in docs if doc]


def curated_abbreviations() -> list[str]:
    words = []
    for line in ABBREVIATIONS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.append(line.lower().rstrip("."))
    return words


# A word joins Punkt's sentence starters when it opens at least MIN_STARTS gold sentences of EWT
# train, is a function word there (its commonest UPOS below), and is capitalised mid-sentence
# at most MAX_CAPITAL_SHARE as often as it opens one (so not a name): after an abbreviation
# such a word opens a sentence ("entering the U.S. While Clinton ...").
MIN_STARTS = 10
MAX_CAPITAL_SHARE = 0.1
FUNCTION_UPOS = frozenset({"PRON", "DET", "SCONJ", "ADV", "CCONJ", "ADP"})


def gold_sentence_starters(path: Path) -> set[str]:
    starts, capital_mid, upos = Counter(), Counter(), defaultdict(Counter)
    first = True
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# text = "):
            first = True
        elif line and line[0].isdigit() and "\t" in line:
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            word = cols[1]
            upos[word.lower()][cols[3]] += 1
            if word.isalpha() and word[0].isupper():
                (starts if first else capital_mid)[word.lower()] += 1
            first = False
    return {
        word for word, n in starts.items()
        if n >= MIN_STARTS and capital_mid[word] <= MAX_CAPITAL_SHARE * n
        and upos[word].most_common(1)[0][0] in FUNCTION_UPOS
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ewt", type=Path, default=DEFAULT_EWT)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    trainer = PunktTrainer()
    trainer.INCLUDE_ALL_COLLOCS = True
    for doc in conllu_paragraphs(args.ewt):
        trainer.train(doc, finalize=False)
    trainer.finalize_training()
    params = trainer.get_params()
    abbrevs = set(params.abbrev_types) | set(curated_abbreviations())
    data = {
        "source": "UD English EWT train (CC BY-SA 4.0) + lexicons/abbreviations.txt",
        "abbrev_types": sorted(abbrevs),
        "collocations": sorted([list(c) for c in params.collocations]),
        "sent_starters": sorted(set(params.sent_starters) | gold_sentence_starters(args.ewt)),
        "ortho_context": dict(sorted(params.ortho_context.items())),
    }
    args.out.write_text(json.dumps(data, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"wrote {args.out}: {len(data['abbrev_types'])} abbreviations, "
        f"{len(data['collocations'])} collocations, {len(data['sent_starters'])} sentence starters"
    )


if __name__ == "__main__":
    main()
