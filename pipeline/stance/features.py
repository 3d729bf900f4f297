"""Target-dependent features for the stance model: what surrounds the target, not the whole bag.

Each feature is a name and a value. Groups:
- ``L3:word`` / ``R1:word``: words left/right of the target in distance buckets;
- ``W:word``: any word within the window; ``B:word``: any word of the sentence;
- ``C:word``: words of the target's clause;
- ``v*``: VADER valence of the clause, the window and the sentence, with side and negation;
- ``rule:*``: our lexicon rules (cue verbs, event nouns) as features, so the model weighs them;
- ``T:*``: the target's form (pronoun, possessive, sentence start, inside quotes).
"""

from __future__ import annotations

from .rules import RuleHit, rule_stance, vader_clause
from .text import PRONOUNS, Context, clause, negated

WINDOW = 8
# distance -> bucket name: 1, 2, 3, 4-5, 6-8
_BUCKETS = {1: "1", 2: "2", 3: "3", 4: "4", 5: "4", 6: "6", 7: "6", 8: "6"}
_QUOTES = frozenset('"“”')
# (distance, left prefix, right prefix): the keys' prefixes built once, not per word
_WINDOW_KEYS = tuple((d, f"L{_BUCKETS[d]}:", f"R{_BUCKETS[d]}:") for d in range(1, WINDOW + 1))


def features(ctx: Context) -> dict[str, float]:
    return features_given_rule(ctx, rule_stance(ctx))


def features_given_rule(ctx: Context, hit: RuleHit | None) -> dict[str, float]:
    """``features`` with the rule verdict the caller already has: ``predict`` falls back to
    the model only after ``rule_stance`` found nothing, and running the rules twice showed."""
    out: dict[str, float] = {"bias_t": 1.0}
    bounds = clause(ctx)  # once: three groups read it
    _window(ctx, out)
    _sentence_and_clause(ctx, bounds, out)
    _valence(ctx, bounds, out)
    _target_form(ctx, out)
    if hit:
        out[f"rule:{hit.label}"] = 1.0
    return out


def _window(ctx: Context, out: dict[str, float]) -> None:
    words = ctx.words
    first, last = ctx.first, ctx.last
    for dist, left_key, right_key in _WINDOW_KEYS:
        if first - dist >= 0:
            word = words[first - dist]
            out[left_key + word] = 1.0
            out["W:" + word] = 1.0
        if last + dist < len(words):
            word = words[last + dist]
            out[right_key + word] = 1.0
            out["W:" + word] = 1.0
    if first >= 2:
        out[f"L2g:{words[first - 2]}_{words[first - 1]}"] = 1.0
    if last + 2 < len(words):
        out[f"R2g:{words[last + 1]}_{words[last + 2]}"] = 1.0


def _sentence_and_clause(ctx: Context, bounds: tuple[int, int], out: dict[str, float]) -> None:
    lo, hi = bounds
    words = ctx.words
    first, last = ctx.first, ctx.last
    out.update(dict.fromkeys(["B:" + w for w in words[:first]], 1.0))
    out.update(dict.fromkeys(["B:" + w for w in words[last + 1:]], 1.0))
    out.update(dict.fromkeys(["C:" + w for w in words[lo:first]], 1.0))
    out.update(dict.fromkeys(["C:" + w for w in words[last + 1 : hi]], 1.0))


def _valence(ctx: Context, bounds: tuple[int, int], out: dict[str, float]) -> None:
    """Sums of VADER valences by region and side, negated words counted apart."""
    tokens = ctx.tokens
    first, last = ctx.first, ctx.last
    lo, hi = bounds
    sums: dict[str, float] = {}
    valences = tokens.valences
    for i in tokens.valenced:
        if first <= i <= last:
            continue
        valence = valences[i]
        side = "L" if i < first else "R"
        region = "c" if lo <= i < hi else "s"
        sign = "n" if negated(tokens, i, 3) else ""
        pole = "+" if valence > 0 else "-"
        for key in (f"v{region}{side}{pole}{sign}", f"v{pole}{sign}"):
            sums[key] = sums.get(key, 0.0) + abs(valence) / 4.0
        if min(abs(i - first), abs(i - last)) <= 3:
            sums[f"vnear{pole}{sign}"] = sums.get(f"vnear{pole}{sign}", 0.0) + abs(valence) / 4.0
    out.update(sums)
    clause_score = vader_clause(ctx, bounds)
    out["vclause"] = clause_score
    if abs(clause_score) >= 0.3:
        out["vclause:" + ("+" if clause_score > 0 else "-")] = 1.0


def _target_form(ctx: Context, out: dict[str, float]) -> None:
    words = ctx.words
    if ctx.first == ctx.last and words[ctx.first] in PRONOUNS:
        out["T:pronoun"] = 1.0
    if ctx.last + 1 < len(words) and words[ctx.last + 1] == "'s":
        out["T:poss"] = 1.0
    if ctx.first == 0 or words[ctx.first - 1] in _QUOTES:
        out["T:start"] = 1.0
    quotes_before = sum(1 for w in words[: ctx.first] if w in _QUOTES)
    if quotes_before % 2 == 1:
        out["T:quoted"] = 1.0
