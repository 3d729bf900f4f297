"""Stage ``quotations`` (placeholder until the quotation issue lands): finds nothing yet."""

import pandas as pd

from .. import io


def find_quotations(tables: dict[str, pd.DataFrame], settings: dict) -> pd.DataFrame:
    return io.empty("quotations")
