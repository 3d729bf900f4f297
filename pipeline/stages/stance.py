"""Stage ``stance`` (placeholder until the stance issue lands)."""

import pandas as pd

from .. import io


def find_stances(tables: dict[str, pd.DataFrame], settings: dict) -> pd.DataFrame:
    return io.empty("stances")
