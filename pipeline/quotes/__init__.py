"""Quotation detection: quote marks, cue lexicon, speaker noun phrases and attribution rules.

The stage ``pipeline.stages.quotations`` glues these together; each module has one job:

- ``marks``: pair quote marks into quoted spans (paragraph by paragraph, never derailed);
- ``cues``: the cue lexicon (``resources/cues.tsv``) and its inflected forms;
- ``words``: tokens, lazily computed Penn tags and closed word classes;
- ``context``: one article as the rules see it, and the ``Statement`` record they return;
- ``speakers_np``: the noun phrase a cue attributes a statement to, past the ``asides``
  between it and the cue;
- ``direct``: rules driven by a quote (``"...," X said``, ``X: "..."``, quote chains);
- ``clauses``: rules driven by a cue (``X said (that) ...``), with ``according`` (``According
  to X, ...``) and ``unheld`` (statements no one is named as holding);
- ``extent``: how far a content reaches, what every rule shares;
- ``passive``: ``This opinion was expressed by X``; ``polls``: a poll as the source;
- ``patterns``: all rules over one article, in order;
- ``learned``, ``linker``, ``snap``, ``combine``: the span model's statements beside the rules';
  ``scorer``: every statement's confidence, and which to drop.
"""
