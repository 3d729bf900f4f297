"""Offsets invariant, as a property: for any article text, every stored span lies inside the
text and slicing the text with it gives back the stored string."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_helpers import config, span_violations

from pipeline.orchestrate import run

FRAGMENTS = [
    "The minister said",
    "according to officials",
    "Mr. Smith told reporters",
    "she added",
    "We will not back down",
    "the U.S. Senate voted 52-48",
    "Dr. Jane O'Neil, a spokeswoman,",
    "“It is over,” he said.",
    '"No comment," said a spokesman.',
    "‘Scare quotes’",
    "«Nous verrons»",
    ". ",
    ", ",
    "? ",
    "! ",
    " — ",
    "…",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
]
QUOTES = ['"', "“", "”", "‘", "’", "'", "«", "»", "„", "‹", "›", "``", "''"]
ODD = ["\u200b", "\u200d", "\u00a0", "\ufeff", "\u202f", "\t", "👍🏽", "🇺🇸", "שלום", "مرحبا", "é", "e\u0301"]

piece = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.sampled_from(QUOTES),
    st.sampled_from(ODD),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=8),
)
article = st.lists(piece, min_size=1, max_size=40).map(" ".join)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(texts=st.lists(article, min_size=1, max_size=3))
def test_every_span_slices_its_text(texts):
    with tempfile.TemporaryDirectory(prefix="sayso-prop-") as tmp:
        raw = Path(tmp) / "raw"
        raw.mkdir()
        for i, text in enumerate(texts):
            (raw / f"{i}.txt").write_bytes(text.encode("utf-8"))
        out = Path(tmp) / "data"
        run([raw], out=out, config=config(), workers=1)
        assert span_violations(out) == []
