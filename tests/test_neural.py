"""The neural extra: selecting it, failing clearly without it, its encoder and its real model.

The model tests load the shipped ONNX model once per session (``make test`` installs the
extra, so CI runs them); without the extra they skip.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

import pipeline
import pipeline.config
from pipeline import errors
from pipeline.cli import main
from pipeline.config import Config
from pipeline.neural import available
from pipeline.neural.encode import CLOSE, CLS, MAX_LENGTH, MAX_MENTION, OPEN, SEP, marked

needs_extra = pytest.mark.skipif(not available(), reason="pip install 'sayso[neural]'")

ARTICLE = (
    "Mayor John Smith spoke on Monday. "
    '"Senator Mary Jones has betrayed this city and lied to every voter," Smith said.'
)


@pytest.fixture
def without_extra(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "onnxruntime" else real(name, *a))


# --- selection and the missing extra ----------------------------------------------------------

def test_default_mode_is_default():
    assert Config().section("models") == {"mode": "default", "neural_attribution": False}


def test_models_choice_is_part_of_the_config_stance_and_quotations_hashes():
    default, neural = Config(), Config().with_models("neural") if available() else None
    if neural is None:
        pytest.skip("needs the neural extra")
    assert default.hash != neural.hash
    assert default.section_hash("stance") != neural.section_hash("stance")
    assert default.section_hash("quotations") != neural.section_hash("quotations")
    assert default.section_hash("speakers") == neural.section_hash("speakers")


def test_unknown_mode_is_a_config_error(tmp_path):
    path = tmp_path / "sayso.toml"
    path.write_text('[models]\nmode = "huge"\n')
    with pytest.raises(errors.ConfigError, match="Unknown models mode 'huge'"):
        Config.load(path)


@pytest.mark.parametrize("select", [
    lambda tmp: Config().with_models("neural"),
    lambda tmp: Config.load(_toml(tmp, '[models]\nmode = "neural"\n')),
    lambda tmp: pipeline.extract(ARTICLE, models="neural"),
])
def test_neural_without_the_extra_fails_at_start_up(without_extra, tmp_path, select):
    with pytest.raises(errors.ConfigError, match=r"pip install 'sayso\[neural\]'"):
        select(tmp_path)


def test_cli_without_the_extra_prints_one_line(without_extra, tmp_path, capsys):
    code = main(["run", str(tmp_path / "nothing"), "--out", str(tmp_path / "d"), "--models", "neural"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and err.count("\n") == 0 and "onnxruntime missing" in err
    assert not (tmp_path / "d").exists()  # failed before any work


def test_default_pipeline_never_imports_the_model_libraries():
    code = ("import sys, pipeline; pipeline.extract(%r); "
            "print(sorted(m for m in ('onnxruntime', 'tokenizers', 'torch') if m in sys.modules))"
            % ARTICLE)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _toml(tmp_path, text: str):
    path = tmp_path / "sayso.toml"
    path.write_text(text)
    return path


# --- the encoder --------------------------------------------------------------------------------

@pytest.mark.parametrize("left, mention, right", [
    ([10, 11], [20], [30, 31, 32]),
    ([], [20, 21], []),
    (list(range(1000, 1300)), [20], list(range(2000, 2005))),  # long left context is cropped
    (list(range(1000, 1005)), [20], list(range(2000, 2300))),  # long right context
    (list(range(1000, 1300)), list(range(5000, 5100)), list(range(2000, 2300))),  # long mention
])
def test_marked_input_keeps_the_target_between_markers(left, mention, right):
    ids, first, last = marked(left, mention, right)
    assert len(ids) <= MAX_LENGTH and ids[0] == CLS and ids[-1] == SEP
    assert ids[first] == OPEN and ids[last - 1] == CLOSE
    assert ids[first + 1 : last - 1] == mention[:MAX_MENTION]


@pytest.mark.parametrize("left, right, kept_left, kept_right", [
    (list(range(300)), list(range(300)), 61, 62),  # both long: the budget is shared
    (list(range(300)), [7, 8], 121, 2),  # the short side's spare room goes to the other
])
def test_cropping_keeps_the_words_nearest_the_target(left, right, kept_left, kept_right):
    ids, first, last = marked(left, [5], right)
    assert ids[1:first] == left[len(left) - kept_left :]
    assert ids[last:-1] == right[:kept_right]


# --- the shipped model (loaded once per session) -------------------------------------------------

@pytest.fixture(scope="session")
def model():
    if not available():
        pytest.skip("pip install 'sayso[neural]'")
    from pipeline.neural.stance import default_model

    return default_model()


def test_session_uses_one_cpu_thread(model):
    assert model.session.get_providers()[0] == "CPUExecutionProvider"
    assert model.session.get_session_options().intra_op_num_threads == 1


@pytest.mark.parametrize("sentence, target, label", [
    ("Critics accused Smith of lying to voters and stealing millions.", "Smith", "against"),
    ("Fans praised Smith for her brilliant, generous leadership.", "Smith", "favor"),
    ("Smith will travel to Paris on Tuesday.", "Smith", "none"),
])
def test_model_labels_clear_sentences(model, sentence, target, label):
    from pipeline.neural.encode import Target

    start = sentence.index(target)
    (pred,) = model.predict([Target(sentence, start, start + len(target))])
    assert pred.label == label and pred.method == "neural_v2"


def test_a_targets_label_does_not_depend_on_the_others_scored_with_it(model):
    from pipeline.neural.encode import Target

    sentence = "Jones thanked Brown but blamed Green for the long and costly delay."
    targets = [Target(sentence, sentence.index(w), sentence.index(w) + len(w))
               for w in ("Jones", "Brown", "Green")]
    batch = model.predict(targets)
    single = [model.predict([t])[0] for t in targets]
    assert [p.label for p in batch] == [p.label for p in single]
    assert [p.score for p in batch] == [p.score for p in single]


@needs_extra
def test_extract_in_neural_mode_says_which_method_decided():
    rows = pipeline.extract(ARTICLE, models="neural")
    methods = {s["method"].split(":")[0] for stances in rows["stances"] for s in stances}
    assert methods and methods <= {"neural_v2", "rules_v1"}


@needs_extra
def test_in_neural_mode_the_cue_rule_still_decides_where_the_cue_governs_the_target():
    text = ('John Smith criticised Mary Jones on Monday. '
            '"Jones has betrayed this city," Smith said.')
    rows = pipeline.extract(text, models="neural")
    methods = sorted(s["method"] for stances in rows["stances"] for s in stances)
    assert methods == ["neural_v2", "rules_v1:cue:criticize"]


@needs_extra
def test_a_target_named_twice_in_one_sentence_is_scored_once(monkeypatch):
    from pipeline.neural import stance

    runs = []
    real = stance.StanceModel.predict
    monkeypatch.setattr(stance.StanceModel, "predict",
                        lambda self, targets: runs.append(len(targets)) or real(self, targets))
    text = ('Tom Jones spoke on Sunday. '
            '"Jones lied, and Jones knows it. Jones should resign," Mary Smith said on Monday.')
    rows = pipeline.extract(text, models="neural")
    (stance_row,) = [s for stances in rows["stances"] for s in stances if s["target"] == "Tom Jones"]
    assert sum(runs) == 2  # "Jones ... Jones" once, the second sentence's "Jones" once
    assert text[stance_row["target_start"]:stance_row["target_end"]] == "Jones"


def test_training_refuses_base_weights_with_another_hash(tmp_path):
    pytest.importorskip("torch")  # the train extra; CI installs only the neural one
    sys.path.insert(0, str(pipeline.config.REPO_ROOT / "scripts"))
    import train_stance_neural

    fake = tmp_path / "model.safetensors"
    fake.write_bytes(b"not the weights")
    with pytest.raises(SystemExit, match="refusing to train on it"):
        train_stance_neural.checked(fake, train_stance_neural.BASE_SHA256)
