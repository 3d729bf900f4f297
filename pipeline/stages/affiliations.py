"""Stage ``affiliations`` (placeholder until the speakers issue lands)."""

import pandas as pd

from .. import io


def find_affiliations(tables: dict[str, pd.DataFrame], settings: dict) -> pd.DataFrame:
    return io.empty("affiliations")
