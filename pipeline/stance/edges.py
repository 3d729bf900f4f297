"""Who opposes whom: the statements' stances folded into one edge per (speaker, target).

- ``target_identity`` / ``unify_targets``: a person target takes the corpus-wide identity the
  speaker registry gives names ("Donald J. Trump" and "Trump" -> "Donald Trump"), so every name
  variant of a person is one ``target_id``, the same as their ``speaker_id``;
- ``partial(statements)`` counts one shard's stances; ``merge(partials)`` adds them up into
  ``processed/stance_edges.parquet`` (``schemas.STANCE_EDGES``). Statements without a
  ``speaker_id`` (a description such as "a source") and self-references are left out: an edge
  joins two identities;
- ``to_graphml`` / ``to_edge_list`` write the edges for network tools (Gephi, networkx, igraph)
  with the standard library only.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import quoteattr

import pandas as pd

from .. import io
from ..schemas import STANCE_EDGES
from ..speakers.registry import PersonIdentity, person_identity

LABELS = ("favor", "against", "none")
MAX_EXAMPLES = 3


def target_identity(speakers: pd.DataFrame, stances: pd.DataFrame) -> PersonIdentity:
    """The corpus's people, from the speakers (columns speaker, speaker_type, speaker_id,
    speaker_gender) and the person targets (target, target_type, target_id, target_gender)."""
    people = stances[stances["target_type"] == "person"]
    genders = people["target_gender"] if "target_gender" in people else None
    speaker_columns = [c for c in ("speaker", "speaker_type", "speaker_id", "speaker_gender")
                       if c in speakers]
    names = pd.concat([
        speakers[speaker_columns],
        pd.DataFrame({"speaker": people["target"].tolist(), "speaker_type": "person",
                      "speaker_id": people["target_id"].tolist(),
                      "speaker_gender": None if genders is None else genders.tolist()}),
    ], ignore_index=True)
    return person_identity(names)


TARGET_NAME_COLUMNS = ["target", "target_type", "target_id", "target_gender"]


def target_names(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One shard's person targets (name, type, id, gender), once each: the partial aggregate
    behind ``target_identity``, a few rows per person instead of one per stance."""
    stances = tables["stances"]
    people = stances.loc[stances["target_type"] == "person", TARGET_NAME_COLUMNS]
    return people.drop_duplicates().sort_values(TARGET_NAME_COLUMNS).reset_index(drop=True)


def merge_target_names(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in TARGET_NAME_COLUMNS})
    df = pd.concat(frames, ignore_index=True).drop_duplicates()
    return df.sort_values(TARGET_NAME_COLUMNS).reset_index(drop=True)


def unify_targets(stances: pd.DataFrame, people: PersonIdentity) -> pd.DataFrame:
    """Person targets renamed and re-keyed by ``people`` (from ``target_identity``)."""
    if stances.empty or people.empty:
        return stances
    genders = stances["target_gender"] if "target_gender" in stances else [None] * len(stances)
    hits = [people.resolve(name, gender) if kind == "person" else None
            for name, kind, gender in zip(stances["target"], stances["target_type"], genders)]
    found = [h is not None for h in hits]
    out = stances.copy()
    out.loc[found, "target"] = [h[0] for h in hits if h is not None]
    out.loc[found, "target_id"] = [h[1] for h in hits if h is not None]
    return out


class EdgeTable:
    """Stance edges added up row by row in plain Python: one small record per (speaker,
    target), so folding a shard costs its rows, not the table so far (a pandas groupby with a
    Python aggregate per group cost assemble a second a shard)."""

    def __init__(self):
        self.edges: dict[tuple[str, str], dict] = {}

    def add_statements(self, statements: pd.DataFrame) -> None:
        columns = ("statement_id", "speaker_id", "speaker", "published", "stances")
        for rec in io.records(statements, columns):
            if rec["speaker_id"] is None or rec["stances"] is None:
                continue
            when = _timestamp(rec["published"])
            for stance in rec["stances"]:
                if stance["self_reference"] or stance["target_id"] is None:
                    continue
                label = stance["label"]
                self._add({
                    "speaker_id": rec["speaker_id"], "speaker": rec["speaker"],
                    "target_id": stance["target_id"], "target": stance["target"],
                    "target_type": stance["target_type"],
                    **{f"n_{x}": int(label == x) for x in LABELS}, "n_statements": 1,
                    "first_published": when, "last_published": when,
                    "example_statement_ids": [rec["statement_id"]],
                })

    def add_edges(self, edges: pd.DataFrame) -> None:
        for rec in io.records(edges, STANCE_EDGES.names):
            rec["first_published"] = _timestamp(rec["first_published"])
            rec["last_published"] = _timestamp(rec["last_published"])
            self._add(rec)

    def _add(self, rec: dict) -> None:
        key = (rec["speaker_id"], rec["target_id"])
        edge = self.edges.get(key)
        if edge is None:
            self.edges[key] = {**rec, "example_statement_ids": sorted(
                set(rec["example_statement_ids"] or ()))[:MAX_EXAMPLES]}
            return
        for count in COUNTS:
            edge[count] += rec[count]
        edge["first_published"] = _earliest(edge["first_published"], rec["first_published"])
        edge["last_published"] = _latest(edge["last_published"], rec["last_published"])
        ids = set(edge["example_statement_ids"]) | set(rec["example_statement_ids"] or ())
        edge["example_statement_ids"] = sorted(ids)[:MAX_EXAMPLES]

    def table(self) -> pd.DataFrame:
        if not self.edges:
            return io.empty("stance_edges")
        rows = [self.edges[key] for key in sorted(self.edges)]
        df = pd.DataFrame(rows, columns=STANCE_EDGES.names)
        for column in ("first_published", "last_published"):
            df[column] = pd.to_datetime(df[column], utc=True)
        return df


COUNTS = [f"n_{label}" for label in LABELS] + ["n_statements"]


def _timestamp(value):
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    return pd.Timestamp(value)


def _earliest(a, b):
    return b if a is None else a if b is None else min(a, b)


def _latest(a, b):
    return b if a is None else a if b is None else max(a, b)


def partial(statements: pd.DataFrame) -> pd.DataFrame:
    """One shard's edges (columns of ``STANCE_EDGES``) from statements with a ``stances`` list."""
    table = EdgeTable()
    table.add_statements(statements)
    return table.table()


def merge(partials: list[pd.DataFrame]) -> pd.DataFrame:
    """The shards' edges added up: counts summed, dates widened, the first examples kept."""
    table = EdgeTable()
    for part in partials:
        table.add_edges(part)
    return table.table()


def to_edge_list(edges: pd.DataFrame, path: str | Path) -> Path:
    """A CSV edge list (source, target, weights and names): what Gephi and igraph read."""
    path = Path(path)
    table = edges.rename(columns={"speaker_id": "source", "target_id": "target_node"})
    with io.atomic_path(path) as tmp:
        table.drop(columns=["example_statement_ids"]).to_csv(tmp, index=False)
    return path


def to_graphml(edges: pd.DataFrame, path: str | Path) -> Path:
    """GraphML: a node per speaker or target (label = name), an edge per row with its counts."""
    nodes: dict[str, tuple[str, str]] = {}
    for sid, name in zip(edges["speaker_id"], edges["speaker"]):
        nodes.setdefault(sid, (name or sid, "speaker"))
    for tid, name, kind in zip(edges["target_id"], edges["target"], edges["target_type"]):
        nodes.setdefault(tid, (name or tid, kind or "target"))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
             '<key id="label" for="node" attr.name="label" attr.type="string"/>',
             '<key id="kind" for="node" attr.name="kind" attr.type="string"/>',
             *[f'<key id="{c}" for="edge" attr.name="{c}" attr.type="long"/>'
               for c in ("n_favor", "n_against", "n_none", "n_statements")],
             '<graph id="stance" edgedefault="directed">']
    for node, (label, kind) in nodes.items():
        lines.append(f'<node id={quoteattr(node)}><data key="label">{_xml(label)}</data>'
                     f'<data key="kind">{_xml(kind)}</data></node>')
    for rec in io.records(edges):
        data = "".join(f'<data key="{c}">{int(rec[c])}</data>'
                       for c in ("n_favor", "n_against", "n_none", "n_statements"))
        lines.append(f'<edge source={quoteattr(rec["speaker_id"])} '
                     f'target={quoteattr(rec["target_id"])}>{data}</edge>')
    lines += ["</graph>", "</graphml>"]
    path = Path(path)
    with io.atomic_path(path) as tmp:
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _xml(value: str) -> str:
    return quoteattr(str(value))[1:-1]


def plot_network(edges: pd.DataFrame, n: int = 25):
    """Speakers (left) joined to their targets (right) by their ``n`` busiest edges: green for
    more favour than against, red for the reverse, grey for neither; width by statements.
    A two-column layout needs no graph library (matplotlib only, extra ``notebook``)."""
    from matplotlib.figure import Figure

    top = edges.sort_values(["n_statements", "speaker_id", "target_id"], ascending=[False, True, True]).head(n)
    fig = Figure(figsize=(9, max(3.0, 0.32 * max(top["speaker_id"].nunique(),
                                                  top["target_id"].nunique(), 1))))
    ax = fig.add_subplot()
    ax.set_axis_off()
    if top.empty:
        ax.text(0.5, 0.5, "No stance edges", ha="center", va="center")
        return fig
    left = _column(top, "speaker_id", "speaker")
    right = _column(top, "target_id", "target")
    for rec in io.records(top):
        net = rec["n_favor"] - rec["n_against"]
        colour = "tab:green" if net > 0 else "tab:red" if net < 0 else "0.6"
        ax.plot([0, 1], [left[rec["speaker_id"]][0], right[rec["target_id"]][0]], color=colour,
                linewidth=0.8 + 1.5 * rec["n_statements"] ** 0.5, alpha=0.7)
    for x, column, align in ((0, left, "right"), (1, right, "left")):
        for y, label in column.values():
            ax.text(x + (-0.02 if align == "right" else 0.02), y, label[:32], ha=align,
                    va="center", fontsize=8)
    ax.set_xlim(-0.6, 1.6)
    ax.set_title(f"Who is for or against whom (top {len(top)} speaker-target pairs)")
    return fig


def _column(edges: pd.DataFrame, key: str, name: str) -> dict[str, tuple[float, str]]:
    """Node id -> (y position, label), busiest first from the top."""
    order = edges.groupby(key)["n_statements"].sum().sort_values(ascending=False, kind="stable")
    names = dict(zip(edges[key], edges[name]))
    count = len(order)
    return {node: (1 - (i + 0.5) / count, names[node] or node) for i, node in enumerate(order.index)}
