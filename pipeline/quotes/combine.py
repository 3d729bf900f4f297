"""Every statement of an article, with the method that found it."""

from __future__ import annotations

from typing import NamedTuple

from .context import Article, Span, Statement
from .patterns import find_statements


class Found(NamedTuple):
    statement: Statement
    method: str  # rule | model
    margin: float | None = None


def find_all(text: str, sentences: list[Span]) -> tuple[Article, list[Found]]:
    article, found = find_statements(text, sentences)
    return article, [Found(statement, "rule") for statement in found]
