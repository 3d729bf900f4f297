"""Stage ``speakers`` (placeholder until the speakers issue lands)."""

import pandas as pd

from .. import io


def resolve_speakers(tables: dict[str, pd.DataFrame], settings: dict) -> pd.DataFrame:
    return io.empty("speakers")
