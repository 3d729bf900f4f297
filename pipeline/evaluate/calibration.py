"""Calibration of a confidence: reliability table and expected calibration error (ECE).

A confidence is calibrated when, of the statements given confidence ``c``, a share ``c`` is
right. Ten equal-width bins of confidence; ECE is the bins' mean gap between mean confidence
and the share right, weighted by their counts.
"""

from __future__ import annotations

import numpy as np

BINS = 10


def _bins(confidence: np.ndarray) -> np.ndarray:
    return np.minimum((np.asarray(confidence) * BINS).astype(int), BINS - 1)


def reliability(confidence, right) -> list[tuple]:
    """Rows (bin, count, mean confidence, share right) of the non-empty bins, in percent."""
    confidence, right = np.asarray(confidence, float), np.asarray(right, float)
    which = _bins(confidence)
    rows = []
    for b in range(BINS):
        mask = which == b
        if mask.any():
            rows.append((f"{b / BINS:.1f}-{(b + 1) / BINS:.1f}", int(mask.sum()),
                         round(100 * confidence[mask].mean(), 1), round(100 * right[mask].mean(), 1)))
    return rows


def expected_calibration_error(confidence, right) -> float:
    confidence, right = np.asarray(confidence, float), np.asarray(right, float)
    if len(confidence) == 0:
        return 0.0
    which = _bins(confidence)
    gap = 0.0
    for b in range(BINS):
        mask = which == b
        if mask.any():
            gap += mask.sum() * abs(confidence[mask].mean() - right[mask].mean())
    return float(gap / len(confidence))
