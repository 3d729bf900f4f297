"""Hand-written stance rules: cue verbs, negative event nouns, negation, VADER on the clause.

A rule either fires (a label, a score and the rule's name) or returns None, so the caller can
fall back to the model. Word lists live in ``resources/stance_lexicon.tsv``.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from .lexicon import Entry, rules_lexicon
from .text import Context, clause, lemmas, negated

# Words allowed between a trigger and its target: "accused the Azerbaijani army",
# "provocations by the Armenian side".
_FILLERS = frozenset("the a an its their his her our this that these those armed".split())
_AGENT_PREPS = frozenset(("by", "of", "from"))
_SUBJECT_PRONOUNS = frozenset(("he", "she", "they", "we", "i", "you", "it"))
_NEGATION_REACH = 3  # a negator this many tokens before a trigger negates it
_VADER_NEGATION = -0.74  # VADER's own damping of a negated word
_VADER_ALPHA = 15.0  # VADER's normalisation constant: x / sqrt(x^2 + alpha)
SCORES = {"favor": 1.0, "against": -1.0, "none": 0.0}


class RuleHit(NamedTuple):
    label: str
    score: float
    rule: str  # e.g. "verb:accuse", "event:provocation", "negated:verb:accuse"


def rule_stance(ctx: Context) -> RuleHit | None:
    """The first lexicon rule that fires for the target: a verb before it, an event noun near it."""
    return _verb_before(ctx) or _event_before(ctx) or _event_after(ctx)


def cue_stance(cue_lemma: str | None, ctx: Context) -> RuleHit | None:
    """The statement's cue speaks about the content's first target: "accused [Azerbaijan of ...]"."""
    if not cue_lemma or ctx.first > 2:
        return None
    entry = _lookup(rules_lexicon().verbs, cue_lemma.lower())
    if entry is None or entry[1].polarity == "none":
        return None
    return RuleHit(entry[1].polarity, SCORES[entry[1].polarity], f"cue:{entry[0]}")


def _verb_before(ctx: Context) -> RuleHit | None:
    idx = _skip_back(ctx, ctx.first - 1)
    if idx < 0:
        return None
    return _hit(ctx, idx, rules_lexicon().verbs, "verb")


def _event_before(ctx: Context) -> RuleHit | None:
    """"provocations by Armenia", "aggression of the Azerbaijani army"."""
    idx = _skip_back(ctx, ctx.first - 1)
    if idx < 1 or ctx.words[idx] not in _AGENT_PREPS:
        return None
    return _hit(ctx, idx - 1, rules_lexicon().events, "event")


def _event_after(ctx: Context) -> RuleHit | None:
    """"Armenia's provocations", "Azerbaijani aggression", "Armenian armed provocations"; not
    after a subject pronoun, whose next word is its verb ("he supports")."""
    words = ctx.words
    if ctx.first == ctx.last and words[ctx.first].lower() in _SUBJECT_PRONOUNS:
        return None
    idx = ctx.last + 1
    if idx < len(words) and words[idx] == "'s":
        idx += 1
    for j in range(idx, min(idx + 3, len(words))):
        hit = _hit(ctx, j, rules_lexicon().events, "event")
        if hit or not words[j].isalpha():
            return hit
    return None


def _skip_back(ctx: Context, idx: int) -> int:
    """Step left over at most two filler words."""
    for _ in range(2):
        if idx >= 0 and ctx.words[idx] in _FILLERS:
            idx -= 1
    return idx


def _hit(ctx: Context, idx: int, table: dict[str, Entry], kind: str) -> RuleHit | None:
    found = _lookup(table, ctx.words[idx])
    if found is None:
        return None
    lemma, entry = found
    if negated(ctx.tokens, idx, _NEGATION_REACH):
        label, rule = entry.negated, f"negated:{kind}:{lemma}"
    elif entry.polarity == "none":  # "allowed X" says nothing; only "not allowed X" does
        return None
    else:
        label, rule = entry.polarity, f"{kind}:{lemma}"
    return RuleHit(label, SCORES[label], rule)


def _lookup(table: dict[str, Entry], word: str) -> tuple[str, Entry] | None:
    for lemma in lemmas(word):
        if lemma in table:
            return lemma, table[lemma]
    return None


def vader_clause(ctx: Context, bounds: tuple[int, int] | None = None) -> float:
    """VADER valence of the target's clause, target words excluded, negation damped; in [-1, 1].
    ``bounds``: the clause, where the caller has it already."""
    tokens = ctx.tokens
    valences = tokens.valences
    lo, hi = bounds or clause(ctx)
    total = 0.0
    for i in tokens.valenced:
        if not lo <= i < hi or ctx.first <= i <= ctx.last:
            continue
        valence = valences[i]
        if negated(tokens, i, _NEGATION_REACH, lo):
            valence *= _VADER_NEGATION
        total += valence
    return total / math.sqrt(total * total + _VADER_ALPHA)
