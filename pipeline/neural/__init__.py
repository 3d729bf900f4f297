"""The optional neural models (``pip install 'sayso[neural]'``): onnxruntime + tokenizers.

Nothing here is imported by the default pipeline; ``require()`` is called at start-up when
``--models neural`` (or ``[models] mode = "neural"``) is chosen, so a missing extra fails
before any work with one line saying what to install.
"""

from __future__ import annotations

import importlib.util

from .. import errors

MODES = ("default", "neural")
PACKAGES = ("onnxruntime", "tokenizers")


def available() -> bool:
    return all(importlib.util.find_spec(name) is not None for name in PACKAGES)


def require(mode: str) -> None:
    """Fail early when ``mode`` is unknown or needs the neural extra and it is missing."""
    if mode not in MODES:
        raise errors.ConfigError(errors.E_MODELS_UNKNOWN.format(mode=mode, known=list(MODES)))
    if mode == "neural" and not available():
        missing = [name for name in PACKAGES if importlib.util.find_spec(name) is None]
        raise errors.ConfigError(errors.E_NEURAL_MISSING.format(missing=", ".join(missing)))
