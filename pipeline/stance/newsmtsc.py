"""Reading NewsMTSC (Hamborg & Donnay, EACL 2021; MIT): one example per (sentence, target).

Each JSONL line holds ``sentence_normalized`` and ``targets``; a target's ``from``/``to`` are
``[start, end)`` offsets (the readme says ``to`` is the last character, but the files slice
as end-exclusive: ``sentence[from:to] == mention`` for every target). Polarity 2/4/6 maps to
against/none/favor.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

POLARITY = {2.0: "against", 4.0: "none", 6.0: "favor"}


class Example(NamedTuple):
    sentence: str
    start: int
    end: int
    mention: str
    label: str


def read(path: str | Path) -> list[Example]:
    out = []
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            sentence = row["sentence_normalized"]
            for target in row["targets"]:
                start, end = int(target["from"]), int(target["to"])
                label = POLARITY[float(target["polarity"])]
                out.append(Example(sentence, start, end, sentence[start:end], label))
    return out
