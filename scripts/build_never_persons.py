"""Build ``pipeline/resources/gazetteer/never_persons.txt`` and ``document_nouns.txt``.

Run from the repository root (after ``scripts/build_gazetteer.py``, whose first names it reads)::

    .venv/bin/python scripts/build_never_persons.py [--shared ../shared]

``never_persons.txt``: capitalised words that are never a person's name, learned from data: a
word the UD English EWT treebank (train split) tags as a common word (noun, verb, adjective,
adverb, ...) in at least ``--min-count`` tokens and as a proper noun in at most ``--max-propn``
of them, that is neither a first name (``first_names.tsv.gz``: SSA and NLTK names), a surname
(dariusk/corpora ``lastNames.json``) nor a country name or demonym (``countries.tsv``); plus the
one-word places of ``places.tsv`` and a short curated list of section labels ("Headline"). A
capitalised run of one such word ("Campaign", "Video", "Headline") is no person.

``document_nouns.txt``: the nouns whose noun phrase is a document as a source ("a Reuters/Ipsos
poll", "the report", "court records"): curated below.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
from collections import Counter
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "pipeline" / "resources" / "gazetteer"
COMMON_POS = {"NOUN", "VERB", "ADJ", "ADV", "ADP", "AUX", "CCONJ", "SCONJ", "DET", "PRON",
              "NUM", "PART", "INTJ"}
# Labels that open a line in scraped news and are read as a speaker before a colon.
SECTION_LABELS = """Headline Byline Caption Photo Update Updated Correction Clarification Editor
Editors Note Source Sources Subhead Summary Dateline Transcript Advertisement""".split()
DOCUMENT_NOUNS = """
poll polls survey surveys report reports study studies filing filings record records statement
statements letter letters draft memo memos document documents analysis analyses data figures
estimate estimates projection projections website site email emails tweet tweets post posts
release releases audit audits review reviews complaint complaints lawsuit lawsuits suit ruling
rulings indictment affidavit transcript transcripts footage video videos ad ads editorial
editorials article articles paper papers research census notice order orders opinion opinions
filing guidance guidelines bulletin newsletter petition proposal plan budget forecast
investigation investigations findings minutes agenda testimony documents charter manifesto
""".split()


def ewt_counts(conllu: Path) -> tuple[Counter, Counter]:
    """(common-word tokens, proper-noun tokens) per lower-cased form."""
    common, proper = Counter(), Counter()
    with conllu.open(encoding="utf-8") as fh:
        for line in fh:
            fields = line.split("\t")
            if len(fields) < 4 or not fields[0].isdigit():
                continue
            form, upos = fields[1].lower(), fields[3]
            if upos == "PROPN":
                proper[form] += 1
            elif upos in COMMON_POS:
                common[form] += 1
    return common, proper


def first_names() -> set[str]:
    with gzip.open(OUT / "first_names.tsv.gz", "rt", encoding="utf-8") as fh:
        return {row["name"].lower() for row in csv.DictReader(fh, delimiter="\t")}


def country_forms() -> set[str]:
    """Country names and demonyms ("Cuban"): the country table reads them, and as surnames
    ("Mark Cuban") they must stay open."""
    with (OUT / "countries.tsv").open(encoding="utf-8") as fh:
        return {row["form"].lower() for row in csv.DictReader(fh, delimiter="\t")}


def places() -> set[str]:
    with (OUT / "places.tsv").open(encoding="utf-8") as fh:
        return {row["form"] for row in csv.DictReader(fh, delimiter="\t") if " " not in row["form"]}


def never_persons(shared: Path, min_count: int, max_propn: float) -> list[str]:
    common, proper = ewt_counts(shared / "ling/ud_english_ewt/en_ewt-ud-train.conllu")
    surnames = {n.lower() for n in json.loads(
        (shared / "ling/dariusk_corpora/lastNames.json").read_text())["lastNames"]}
    names = first_names() | surnames | country_forms()
    words = {
        form.capitalize()
        for form, n in common.items()
        if form.isalpha() and len(form) > 2 and n >= min_count
        and proper[form] <= max_propn * (n + proper[form]) and form not in names
    }
    return sorted(words | places() | set(SECTION_LABELS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    shared = Path(__file__).resolve().parents[2] / "shared"
    parser.add_argument("--shared", type=Path, default=shared)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--max-propn", type=float, default=0.1)
    args = parser.parse_args()
    words = never_persons(args.shared, args.min_count, args.max_propn)
    (OUT / "never_persons.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    (OUT / "document_nouns.txt").write_text("\n".join(sorted(set(DOCUMENT_NOUNS))) + "\n",
                                            encoding="utf-8")
    print(f"never persons {len(words)}, document nouns {len(set(DOCUMENT_NOUNS))} -> {OUT}")


if __name__ == "__main__":
    main()
