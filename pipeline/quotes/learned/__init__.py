"""A trained attribution span model: cue, source and content spans for what the rules miss.

A structured perceptron (averaged, Collins 2002) labels the tokens of each paragraph that holds
a quote mark or a cue candidate with ``B-``/``I-`` cue, source and content labels (``O`` else),
decoded by Viterbi with first-order transitions; the runs are grouped into statements. Trained
on PolNeAR train by ``scripts/train_attribution.py``; see ``resources/attribution_model.md``.

- ``bio``: the labels, their allowed transitions, spans to labels and back;
- ``cuetable``: cue phrases mined from training with their strength, and their matching;
- ``features``: lexical features per word type and context features per token;
- ``decode``: Viterbi over the candidate paragraphs of many articles at once;
- ``model``: the weights, the word-type cache, emissions;
- ``grouping``: runs to statements;
- ``statements``: the entry point, ``predict(text, sentences) -> list[SpanStatement]``
  (``predict_many`` for a shard's articles at once).
"""

from .statements import SpanStatement, predict, predict_many

__all__ = ["SpanStatement", "predict", "predict_many"]
