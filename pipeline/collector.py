"""How the Python garbage collector runs during shard work.

The stages allocate millions of short-lived tuples and lists (tokens, spans, rows). At Python's
default setting a young collection runs every 700 allocations, and every older collection walks
all long-lived objects, among them the millions the loaded models, lexicons and caches are
made of: a fifth to a quarter of the attribution stage's time went there. Nearly all of this
garbage is freed by reference counting the moment it is dropped; the collector is only needed
for reference cycles, which are rare here and are still collected, just less often.
"""

from __future__ import annotations

import gc

# young collections every 100,000 net allocations instead of 700; older ones as rarely
THRESHOLDS = (100_000, 50, 100)


def less_often() -> None:
    """Collect less often (idempotent; called where a process starts working on shards)."""
    if gc.get_threshold() != THRESHOLDS:
        gc.set_threshold(*THRESHOLDS)


_settled = False


def settle_once() -> None:
    """After a process's first shard: collect once, then keep everything alive now (the models
    and lexicons the stages loaded, which live as long as the process) out of every later
    collection. Once only, between shards: objects frozen while in use, were they in a cycle,
    would never be collected."""
    global _settled
    if not _settled:
        _settled = True
        gc.collect()
        gc.freeze()
