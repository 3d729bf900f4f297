"""A synthetic corpus written as interim shards, for testing assembly and exploration before the
quotation, speaker and stance stages produce statements.

The articles are real text with the statements inside them, so every offset is true and
``explore.context`` can find the neighbouring sentences. Speakers repeat their lines across
articles (sometimes re-cased, re-punctuated or one word shorter), as wire copy does.
"""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd

from pipeline import io
from pipeline.assemble import assemble
from pipeline.config import Config, Layout, stable_hash
from pipeline.nlp import sentences

COUNTRIES = [
    ("Russia", "RU"), ("Ukraine", "UA"), ("United States", "US"), ("Armenia", "AM"),
    ("Azerbaijan", "AZ"), ("France", "FR"), ("Germany", "DE"), ("China", "CN"),
    ("United Kingdom of Great Britain and Northern Ireland", "GB"), ("Turkey", "TR"),
    ("Brazil", "BR"), ("India", "IN"), ("Japan", "JP"), ("Kenya", "KE"), ("Iran", "IR"),
    ("Democratic Republic of the Congo", "CD"),
]
ROLES = ["President", "Foreign Minister", "spokesperson", "Prime Minister", "analyst", "senator"]
ORGS = [
    "Ministry of Foreign Affairs", "United Nations", "Kremlin", "White House",
    "International Committee of the Red Cross and Red Crescent", "European Commission",
    "Organization for Security and Co-operation in Europe", None,
]
TARGETS = [c for c, _ in COUNTRIES[:10]] + ["Russian peacekeeping", "sanctions", "NATO"]
CUES = [("said", "speech"), ("told", "speech"), ("warned", "speech"), ("added", "speech"),
        ("stated", "speech"), ("believes", "belief"), ("thinks", "belief")]
OPENERS = ["We will", "Nobody should", "The government must", "Our people will never",
           "It is time to", "The international community has to", "I do not think we can"]
VERBS = ["support", "reject", "defend", "question", "welcome", "condemn", "rebuild", "protect"]
OBJECTS = ["the ceasefire", "the new sanctions", "the peacekeeping mission", "the border talks",
           "the energy agreement", "the election results", "the humanitarian corridor",
           "the trade deal"]
CLOSERS = ["in the coming months", "without further delay", "for the sake of our children",
           "whatever the cost", "as soon as possible", "together with our partners"]
FILLER = ["The meeting took place in the capital on Tuesday.",
          "Officials did not give further details.",
          "The talks are expected to continue next week.",
          "Observers described the atmosphere as tense.",
          "Several delegations left early."]


def speakers(n: int = 60, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        country, code = COUNTRIES[i % len(COUNTRIES)]
        first = rng.choice(["Anna", "Vladimir", "Maria", "Jean-Baptiste", "Li", "Kofi", "Olena"])
        last = rng.choice(["Petrova", "Smith", "Aliyev", "Dubois", "Wang", "Mensah", "Kovalenko"])
        name = f"{first} {last} {i}" if i % 9 else f"{first} Alexandrovich {last}-Montgomery {i}"
        out.append({
            "speaker": name,
            "speaker_id": f"person:{name.lower().replace(' ', '_')}",
            "speaker_type": "person",
            "speaker_gender": "female" if first in ("Anna", "Maria", "Olena") else "male",
            "role": ROLES[i % len(ROLES)],
            "organization": ORGS[i % len(ORGS)],
            "country": country,
            "country_code": code,
        })
    return out


def _line(rng: random.Random) -> str:
    return " ".join([rng.choice(OPENERS), rng.choice(VERBS), rng.choice(OBJECTS),
                     rng.choice(CLOSERS)])


def _variant(line: str, rng: random.Random) -> str:
    """How another outlet may print the same words."""
    choice = rng.random()
    if choice < 0.2:
        return line.upper()
    if choice < 0.4:
        return line.replace(" ", "  ") + "!"
    return line


def corpus(n_statements: int, seed: int = 1, per_article: int = 4) -> dict[str, pd.DataFrame]:
    """The interim tables of a corpus with ``n_statements`` statements."""
    rng = random.Random(seed)
    people = speakers()
    weights = [1 / (i + 1) for i in range(len(people))]  # a few speakers say most
    repertoire = {p["speaker_id"]: [_line(rng) for _ in range(6)] for p in people}
    tables: dict[str, list] = {t: [] for t in ("articles", "quotations", "speakers",
                                               "affiliations", "stances")}
    n_articles = -(-n_statements // per_article)
    for a in range(n_articles):
        k = min(per_article, n_statements - a * per_article)
        picks = [rng.choices(people, weights)[0] for _ in range(k)]
        _article(a, picks, repertoire, rng, tables)
    return {name: pd.DataFrame(rows) for name, rows in tables.items()}


def _article(a: int, picks: list[dict], repertoire: dict, rng: random.Random, tables) -> None:
    parts, quotes = [f"Talks resume, report {a}", ""], []
    offset = len(parts[0]) + 1
    for person in picks:
        line = _variant(rng.choice(repertoire[person["speaker_id"]]), rng)
        cue, attribution = rng.choice(CUES)
        filler = rng.choice(FILLER) + " "
        if rng.random() < 0.6:
            head, tail, kind = '"', f'," {person["speaker"]} {cue}. ', "direct"
        else:
            head, tail, kind = f'{person["speaker"]} {cue} that ', ". ", "indirect"
        start = offset + len(filler) + len(head)
        quotes.append((person, line, start, cue, attribution, kind))
        sentence = filler + head + line + tail
        parts.append(sentence)
        offset += len(sentence)
    text = parts[0] + "\n" + "".join(parts[2:]).rstrip()
    published = None if a % 17 == 0 else pd.Timestamp("2020-01-01", tz="UTC") + pd.Timedelta(
        days=rng.randrange(4 * 365))
    article_id = stable_hash(text)
    tables["articles"].append({
        "article_id": article_id, "doc_name": f"synthetic-{a:05d}", "source": rng.choice(
            ["Wire A", "Daily B", "Gazette C"]), "url": f"https://example.org/{a}",
        "title": parts[0], "published": published, "text": text, "n_chars": len(text),
        "lang": "en", "input_path": "synthetic", "input_row": a,
    })
    bounds = sentences.split(text)
    for q, quote in enumerate(quotes):
        _statement(article_id, q, text, bounds, *quote, rng, tables)


def _statement(article_id, q, text, bounds, person, line, start, cue, attribution, kind, rng,
               tables) -> None:
    end = start + len(line)
    assert text[start:end] == line
    sid = stable_hash(f"{article_id}:{q}")
    sent = next(i for i, s in enumerate(bounds) if s.start <= start < s.end)
    cue_start = text.index(f" {cue}", end if kind == "direct" else start - len(cue) - 10) + 1
    mention_start = text.rindex(person["speaker"], 0, cue_start)
    tables["quotations"].append({
        "statement_id": sid, "article_id": article_id, "kind": kind,
        "attribution_type": attribution, "content": line, "content_start": start,
        "content_end": end, "content_spans": [{"start": start, "end": end}], "cue": cue,
        "cue_start": cue_start, "cue_end": cue_start + len(cue), "cue_lemma": cue,
        "speaker_mention": person["speaker"], "speaker_start": mention_start,
        "speaker_end": mention_start + len(person["speaker"]), "sent_start_index": sent,
        "sent_end_index": sent, "confidence": round(rng.uniform(0.5, 1.0), 2), "rule": "synthetic",
    })
    tables["speakers"].append({
        "statement_id": sid, "article_id": article_id, "entity_id": "e0",
        "resolution": "name", **{k: person[k] for k in (
            "speaker_id", "speaker", "speaker_type", "speaker_gender")},
    })
    tables["affiliations"].append({
        "statement_id": sid, "article_id": article_id, "affiliation_source": "text",
        "affiliation": person["organization"] or person["country"],
        **{k: person[k] for k in ("role", "organization", "country", "country_code")},
    })
    for target in rng.sample(TARGETS, rng.randrange(0, 3)):
        score = round(rng.uniform(-1, 1), 2)
        tables["stances"].append({
            "statement_id": sid, "article_id": article_id, "target": target,
            "target_id": f"target:{target.lower()}", "target_text": None,
            "label": "favor" if score > 0.2 else "against" if score < -0.2 else "none",
            "score": score, "confidence": abs(score), "method": "synthetic",
            "self_reference": False,
        })


def write_interim(
    root: Path, tables: dict[str, pd.DataFrame], shard_articles: int = 500
) -> list[str]:
    """Write the tables as interim shards of ``shard_articles`` articles; return shard names."""
    layout = Layout(Path(root))
    articles = tables["articles"]
    shards = []
    for i, first in enumerate(range(0, max(len(articles), 1), shard_articles)):
        shard = f"part-{i:05d}"
        ids = set(articles["article_id"].iloc[first:first + shard_articles])
        for name, df in tables.items():
            rows = df[df["article_id"].isin(ids)] if len(df) else df
            io.write_table(rows, name, layout.shard(name, shard))
        shards.append(shard)
    io.write_table(pd.DataFrame(), "rejects", layout.shard("rejects/ingest", "ingest"))
    return shards


def processed(
    root: Path, n_statements: int = 200, seed: int = 1, shard_articles: int = 5000
) -> Path:
    """Build a processed dataset of ``n_statements`` synthetic statements under ``root``."""
    layout = Layout(Path(root))
    shards = write_interim(root, corpus(n_statements, seed), shard_articles)
    assemble(layout, Config(), shards)
    return layout.processed
