"""Rebuild pipeline/resources/cues.tsv: the curated cue lexicon merged with cues mined from
PolNeAR train.

1. Every gold Cue span of ``../shared/eval/polnear/train`` is reduced to a phrase key: leading
   auxiliaries, modals and adverbs dropped (``has also said`` -> ``said``), the head word
   lemmatised with the lemmas of UD English EWT train, the words after it kept (``took offense
   at`` -> ``take offense at``), a closing colon dropped. Keys whose head is a function word or
   not a word (``in``, ``:``) are left out: the colon rules and ``according to`` cover those.
2. Every key seen ``--min-count`` times or more becomes a candidate; its surface forms are matched
   in the train texts with the pipeline's own matcher, and ``n_text`` counts the matches,
   ``n_cue`` those that overlap a gold cue. Candidates whose rate ``n_cue / n_text`` is under
   ``--min-rate`` only make noise and are dropped (curated rows always stay).
3. Curated rows keep their category, polarity and frame; ``provenance`` says ``curated``,
   ``polnear-train`` or both. A mined row's frame comes from the data: ``say`` when at least
   ``REPORTING_SHARE`` of its gold contents stand before the cue (``CLAUSE, X said``), else
   ``object`` (the content follows: ``took offense at X``); its category is that of the curated
   row with the same head verb (``say in a statement``: speech), else ``other``; its polarity
   ``neutral``.

Only counts and lemmas are taken from PolNeAR (research use; no text ships).

    python scripts/mine_cues.py [--min-count 2] [--min-rate 0.25] [--out pipeline/resources/cues.tsv]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.evaluate.polnear import load_gold  # noqa: E402
from pipeline.nlp.tagger import tag  # noqa: E402
from pipeline.nlp.tokens import tokenize  # noqa: E402
from pipeline.quotes.cues import CUES_TSV, CueMatcher, inflections, read_rows, surface_forms  # noqa: E402
from pipeline.quotes.clauses import TIME_WORDS  # noqa: E402
from pipeline.quotes.words import AUXILIARIES, DETERMINERS, NEGATIONS, PREPOSITIONS  # noqa: E402

TRAIN = ROOT.parent / "shared/eval/polnear/train"
EWT_TRAIN = ROOT.parent / "shared/ling/ud_english_ewt/en_ewt-ud-train.conllu"
COLUMNS = ["lemma", "category", "polarity", "frame", "forms", "provenance", "n_cue", "n_text"]
REPORTING_SHARE = 0.2
UNCATEGORISED = "other"  # PolNeAR does not say whether a cue is speech, belief or intention
MAX_KEY_WORDS = 4  # longer cue spans are one-off paraphrases, not reusable cues
_SKIP_TAGS = ("MD", "RB", "TO")
_BE_HAVE_DO = frozenset("be have do get will".split())
_NOT_HEADS = PREPOSITIONS | DETERMINERS | frozenset("as like than so and or but".split())


def ewt_lemmas(path: Path) -> dict[str, str]:
    """Lower-case form -> its most frequent lemma in EWT train (verbs and nouns first)."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) == 10 and cols[0].isdigit():
            weight = 2 if cols[3] in ("VERB", "NOUN") else 1
            counts[cols[1].lower()][cols[2].lower()] += weight
    return {form: c.most_common(1)[0][0] for form, c in counts.items()}


def phrase_key(words: list[str], lemmas: dict[str, str]) -> tuple[str, str] | None:
    """(lemma key, head surface form) of a gold cue's words, or None when it has no head."""
    words = [w for w in words if w not in (":", ",", '"', "\u201c", "\u201d")]
    if not words:
        return None
    tags = tag(words)
    i = 0
    while i < len(words) - 1:
        low = words[i].lower()
        lemma = lemmas.get(low, low)
        if low in AUXILIARIES or low in NEGATIONS or tags[i] in _SKIP_TAGS or lemma in _BE_HAVE_DO:
            i += 1
            continue
        break
    head, rest = words[i].lower(), [w.lower() for w in words[i + 1 :]]
    if not head.isalpha() or head in _NOT_HEADS or len(rest) + 1 > MAX_KEY_WORDS:
        return None
    if any(w in TIME_WORDS for w in rest):
        return None  # "said Tuesday": the verb is the cue, the day an adjunct
    return " ".join([lemmas.get(head, head), *rest]), head


def mine(texts: dict[str, str], golds, lemmas: dict[str, str], min_count: int):
    """Candidate keys -> (count, head forms seen, share of contents before the cue)."""
    counts: Counter = Counter()
    heads: dict[str, set[str]] = defaultdict(set)
    before: Counter = Counter()
    for gold in golds:
        if not gold.cue or not gold.content:
            continue
        text = texts[gold.doc]
        start, end = gold.cue[0][0], gold.cue[-1][1]
        found = phrase_key([t.text for t in tokenize(text, start, end)], lemmas)
        if found is None:
            continue
        key, head = found
        counts[key] += 1
        heads[key].add(head)
        before[key] += gold.content[0][0] < start
    return {
        key: (n, heads[key], before[key] / n) for key, n in counts.items() if n >= min_count
    }


def matched_counts(rows: list[dict], texts: dict[str, str], golds) -> dict[str, tuple[int, int]]:
    """lemma -> (matches overlapping a gold cue, all matches) over the train texts."""
    matcher = CueMatcher(surface_forms(rows))
    cues_by_doc: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for gold in golds:
        cues_by_doc[gold.doc].extend(gold.cue)
    hits: Counter = Counter()
    total: Counter = Counter()
    for doc, text in texts.items():
        gold_cues = cues_by_doc[doc]
        for cue in matcher.find(text):
            total[cue.entry.lemma] += 1
            hits[cue.entry.lemma] += any(s < cue.end and cue.start < e for s, e in gold_cues)
    return {lemma: (hits[lemma], total[lemma]) for lemma in total}


def mined_row(key: str, head_forms: set[str], before_share: float, categories: dict) -> dict:
    head = key.split(" ", 1)[0]
    irregular = sorted(f for f in head_forms if f != head and f not in inflections(head))
    return {
        "lemma": key,
        "category": categories.get(head, UNCATEGORISED),
        "polarity": "neutral",
        "frame": "say" if before_share >= REPORTING_SHARE else "object",
        "forms": ",".join(irregular),
        "provenance": "polnear-train",
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--min-rate", type=float, default=0.25)
    ap.add_argument("--out", type=Path, default=CUES_TSV)
    args = ap.parse_args()

    texts, golds = load_gold(TRAIN)
    lemmas = ewt_lemmas(EWT_TRAIN)
    curated = [r for r in read_rows() if r.get("provenance", "curated").startswith("curated")]
    for row in curated:
        row["provenance"] = "curated"
    mined = mine(texts, golds, lemmas, args.min_count)
    known = {r["lemma"] for r in curated}
    for row in curated:
        if row["lemma"] in mined:
            row["provenance"] = "curated+polnear-train"
    categories = {r["lemma"]: r["category"] for r in curated}
    new = [
        mined_row(key, heads, share, categories)
        for key, (_, heads, share) in sorted(mined.items())
        if key not in known
    ]
    rows = curated + new
    counts = matched_counts(rows, texts, golds)
    kept = []
    for row in rows:
        n_cue, n_text = counts.get(row["lemma"], (0, 0))
        row["n_cue"], row["n_text"] = str(n_cue), str(n_text)
        if row["provenance"] != "polnear-train" or (n_text and n_cue / n_text >= args.min_rate):
            kept.append(row)
    with open(args.out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        for row in kept:
            writer.writerow({c: row.get(c, "") for c in COLUMNS})
    n_mined = sum(r["provenance"] == "polnear-train" for r in kept)
    print(f"{len(golds)} gold statements, {len(mined)} keys seen >= {args.min_count} times")
    print(f"wrote {args.out}: {len(kept)} rows ({len(curated)} curated, {n_mined} mined; "
          f"{len(new) - n_mined} mined keys dropped under rate {args.min_rate})")
    coverage(kept, texts, golds)


def coverage(rows: list[dict], texts: dict[str, str], golds) -> None:
    """Share of gold cue spans of train holding a form of the lexicon."""
    matcher = CueMatcher(surface_forms(rows))
    with_cue = [g for g in golds if g.cue]
    covered = 0
    for gold in with_cue:
        start, end = gold.cue[0][0], gold.cue[-1][1]
        covered += bool(matcher.find(texts[gold.doc], start, end))
    print(f"gold cue spans of train holding a lexicon form: {100 * covered / len(with_cue):.1f}%")


if __name__ == "__main__":
    main()
