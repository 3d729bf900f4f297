"""The one place that builds an onnxruntime session (as fastembed's ``onnx_model.py`` does).

One intra-op thread per session: parallelism comes from worker processes (``--workers``), and a
session that spread over every core would fight the other workers for them. CPU only; the
provider actually in use is checked, so a build that silently fell back elsewhere is caught.
"""

from __future__ import annotations

from pathlib import Path

PROVIDER = "CPUExecutionProvider"


def inference_session(path: str | Path, threads: int = 1):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(str(path), sess_options=options, providers=[PROVIDER])
    if session.get_providers()[0] != PROVIDER:
        raise RuntimeError(f"{path}: onnxruntime chose {session.get_providers()}, not {PROVIDER}")
    return session
