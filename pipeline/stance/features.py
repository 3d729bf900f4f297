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

from .lexicon import rules_lexicon, vader
from .rules import RuleHit, rule_stance, vader_clause
from .text import PRONOUNS, Context, clause

WINDOW = 8
# distance -> bucket name: 1, 2, 3, 4-5, 6-8
_BUCKETS = {1: "1", 2: "2", 3: "3", 4: "4", 5: "4", 6: "6", 7: "6", 8: "6"}
_QUOTES = frozenset('"“”')


def features(ctx: Context) -> dict[str, float]:
    return features_given_rule(ctx, rule_stance(ctx))


def features_given_rule(ctx: Context, hit: RuleHit | None) -> dict[str, float]:
    """``features`` with the rule verdict the caller already has: ``predict`` falls back to
    the model only after ``rule_stance`` found nothing, and running the rules twice showed."""
    out: dict[str, float] = {"bias_t": 1.0}
    _window(ctx, out)
    _sentence_and_clause(ctx, out)
    _valence(ctx, out)
    _target_form(ctx, out)
    if hit:
        out[f"rule:{hit.label}"] = 1.0
    return out


def _window(ctx: Context, out: dict[str, float]) -> None:
    toks = ctx.tokens
    for dist in range(1, WINDOW + 1):
        bucket = _BUCKETS[dist]
        if ctx.first - dist >= 0:
            word = toks[ctx.first - dist].lower
            out[f"L{bucket}:{word}"] = 1.0
            out[f"W:{word}"] = 1.0
        if ctx.last + dist < len(toks):
            word = toks[ctx.last + dist].lower
            out[f"R{bucket}:{word}"] = 1.0
            out[f"W:{word}"] = 1.0
    if ctx.first >= 2:
        out[f"L2g:{toks[ctx.first - 2].lower}_{toks[ctx.first - 1].lower}"] = 1.0
    if ctx.last + 2 < len(toks):
        out[f"R2g:{toks[ctx.last + 1].lower}_{toks[ctx.last + 2].lower}"] = 1.0


def _sentence_and_clause(ctx: Context, out: dict[str, float]) -> None:
    lo, hi = clause(ctx)
    for i, tok in enumerate(ctx.tokens):
        if ctx.first <= i <= ctx.last:
            continue
        out[f"B:{tok.lower}"] = 1.0
        if lo <= i < hi:
            out[f"C:{tok.lower}"] = 1.0


def _valence(ctx: Context, out: dict[str, float]) -> None:
    """Sums of VADER valences by region and side, negated words counted apart."""
    lex, negators = vader(), rules_lexicon().negators
    lo, hi = clause(ctx)
    sums: dict[str, float] = {}
    for i, tok in enumerate(ctx.tokens):
        valence = lex.get(tok.lower)
        if valence is None or ctx.first <= i <= ctx.last:
            continue
        side = "L" if i < ctx.first else "R"
        region = "c" if lo <= i < hi else "s"
        negated = any(t.lower in negators for t in ctx.tokens[max(0, i - 3) : i])
        sign = "n" if negated else ""
        pole = "+" if valence > 0 else "-"
        for key in (f"v{region}{side}{pole}{sign}", f"v{pole}{sign}"):
            sums[key] = sums.get(key, 0.0) + abs(valence) / 4.0
        if min(abs(i - ctx.first), abs(i - ctx.last)) <= 3:
            sums[f"vnear{pole}{sign}"] = sums.get(f"vnear{pole}{sign}", 0.0) + abs(valence) / 4.0
    out.update(sums)
    clause_score = vader_clause(ctx)
    out["vclause"] = clause_score
    if abs(clause_score) >= 0.3:
        out["vclause:" + ("+" if clause_score > 0 else "-")] = 1.0


def _target_form(ctx: Context, out: dict[str, float]) -> None:
    toks = ctx.tokens
    if ctx.first == ctx.last and toks[ctx.first].lower in PRONOUNS:
        out["T:pronoun"] = 1.0
    if ctx.last + 1 < len(toks) and toks[ctx.last + 1].lower == "'s":
        out["T:poss"] = 1.0
    if ctx.first == 0 or toks[ctx.first - 1].lower in _QUOTES:
        out["T:start"] = 1.0
    quotes_before = sum(1 for t in toks[: ctx.first] if t.lower in _QUOTES)
    if quotes_before % 2 == 1:
        out["T:quoted"] = 1.0
