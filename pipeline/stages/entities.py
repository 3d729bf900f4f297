"""Stage ``entities`` (placeholder until the speakers issue lands)."""

import pandas as pd

from .. import io


def find_entities(tables: dict[str, pd.DataFrame], settings: dict) -> pd.DataFrame:
    return io.empty("entities")
