"""Stage ``sentences``: requires articles.text; assigns the ``sentences`` table.

One row per sentence: ``article_id, sent_index, paragraph_index, start, end``. The sentence text
is not stored (slice it from the article), so offsets are the only copy.
"""

from __future__ import annotations

import pandas as pd

from ..nlp import sentences


def split_sentences(tables: dict[str, pd.DataFrame], settings: dict) -> pd.DataFrame:
    rows = []
    for article_id, text in zip(tables["articles"]["article_id"], tables["articles"]["text"]):
        for i, sent in enumerate(sentences.split(text)):
            rows.append((article_id, i, sent.paragraph, sent.start, sent.end))
    return pd.DataFrame(
        rows, columns=["article_id", "sent_index", "paragraph_index", "start", "end"]
    )
