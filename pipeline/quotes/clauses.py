"""Cue-driven rules: a cue verb, the subject before it, and the clause it introduces.

Patterns (rule names in brackets):

- ``X said (that) CLAUSE``, ``X told reporters (that) ...``, ``X said: "..."`` [speaker_cue];
  with an ``object`` frame the whole rest is content (``X accused Y of ...``); a ``that`` frame
  takes ``that``, a quote or a clause (``X knows Trump is a risk``, ``X sees Y as Z``);
- ``CLAUSE, X said.`` [clause_speaker_cue] and ``CLAUSE, said X.`` [clause_cue_speaker];
- ``CLAUSE, X said, CLAUSE.`` [parenthetical]: two pieces around the attribution;
- ``According to X, CLAUSE`` and ``CLAUSE, according to X.`` [according_to] (``according``);
- ``..., adding that ...`` [participle] and ``X announced A and said B`` [coordinated]: the
  speaker of the sentence's previous statement, else the sentence's subject;
- ``X said:`` closing a paragraph whose next paragraph is a quote [speaker_cue_next].
- ``..., with X saying CLAUSE`` [with_speaker]: the noun phrase after ``with`` speaks.
- ``X is expected to ...`` [expected], ``X seems to ...`` [seeming] and ``Asked whether ...,
  X said`` [asked]: statements no one is named as holding (``unheld``).

Frames ``naming`` (``called it "a disgrace"``) and ``quote`` (``he continued: "..."``) need a
quote in the content; nothing else does.

Negated cues (``did not refute``) and nominal uses (``the said agreement``) give nothing.
"""

from __future__ import annotations

from . import unheld
from .context import Article, Statement, Window, trim, trim_inside
from .cues import Cue
from .according import according
from .extent import SENTENCE_END, at_end, forward, make, starts_circumstance
from .marks import OPENERS
from .speakers_np import Phrase, char_span, left_phrase, right_phrase
from .words import (BE, DETERMINERS, FINITE, OBJECT_PRONOUNS, PREPOSITIONS,
                    PRONOUN_DETERMINERS, RELATIVE_OPENERS, is_capitalised)

REPORTING_FRAMES = ("say", "tell", "that")  # frames that also work after their clause
THAT_LOOKAHEAD = 8  # tokens between a cue and its "that" (``said in a statement on Monday that``)
TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday yesterday today tonight "
    "earlier later again recently also".split()
)
_ADJUNCTS = TIME_WORDS | {"on", "last", "this", "morning", "afternoon", "evening", "night", "week",
                          "weekend", "month"}
# A cue after one of these is a noun ("the said", "in reports"), except after a determiner that
# stands for its noun ("Some say", "Many believe") with a clause after the cue.
FUNCTION_WORDS = DETERMINERS | PREPOSITIONS
_LONGEST_FUNCTION_WORD = max(map(len, FUNCTION_WORDS))
# A participle after these is an adjective: "the individual most reported", "least cited".
_SUPERLATIVES = frozenset({"most", "least"})
_RELATIVE_SUBJECTS = frozenset({"which", "that", "who", "whom"})  # before a finite cue
# "X said, as they bristled at ...": a clause after "CLAUSE, X said," that tells when or how it
# was said, not more of what was said.
_AFTER_THE_FACT = frozenset("as while when after before amid during".split())


def cue_statement(article: Article, cue: Cue, earlier: list[Statement]) -> Statement | None:
    sent = article.sentence_of(cue.start)
    if _after_function_word(article.text, article.sentences[sent][0], cue.start):
        return None  # what verb_use would say, without tokenizing the sentence
    win = article.window(sent)
    k = win.index_at(cue.start)
    if k is not None and cue.entry.lemma in ("expect", "expect to"):
        found = unheld.expected(article, sent, win, k, cue)
        if found is not None:
            return found
    if k is not None and cue.entry.lemma.split()[0] in ("seem", "appear"):
        return unheld.seeming(article, sent, win, k, cue)
    if k is not None and unheld.question_put(win, k, cue):
        return unheld.asked(article, sent, win, win.first_from(cue.end), cue)
    if k is None or not verb_use(win, k):
        return None
    k_end = win.first_from(cue.end)
    if cue.entry.frame == "according":
        return according(article, sent, win, k, k_end, cue)
    if cue.entry.frame == "quote" and not _utterance_follows(article, win, k_end):
        return None  # only beside words said (``he continued: "..."``), not a title
    subject = None if _reduced_relative(win, k) else left_phrase(win.tokens, win.tags, k)
    if subject is None and _reduced_relative(win, k):
        subject = _with_absolute(win, k)  # "..., with the campaign saying Cruz was ..."
        if subject is not None:
            start = _content_start(win, k_end, cue.entry.frame)
            if start is None or start >= len(win.tokens):
                return None
            content = forward(article, win.tokens[start].start, article.sentences[sent][1])
            return make(article, (content,), cue, char_span(win.tokens, subject), "with_speaker")
    if subject is None:
        return _inverted(article, sent, win, k, k_end, cue) or _participle(
            article, sent, win, k, k_end, cue, earlier
        )
    if subject.negated:
        return None
    return _with_subject(article, sent, win, subject, k_end, cue)


def verb_use(win: Window, k: int) -> bool:
    """Not ``the said agreement``, ``his claims``, ``in reports``, nor a capitalised name.

    The tests on words come first: they settle many nominal uses without tagging the
    sentence, and tagging is what costs."""
    token = win.tokens[k]
    prev = win.tokens[k - 1].text.lower() if k > 0 else ""
    if prev in PRONOUN_DETERMINERS and (_subject_follows(win, k) or _next_word(win, k) == "that"):
        return True
    if prev in _RELATIVE_SUBJECTS and win.tags[k] in FINITE:
        return True  # "Monsanto, which opposed the bill", "an organization that endorsed"
    if prev in FUNCTION_WORDS or prev in _SUPERLATIVES:
        return False
    if is_capitalised(token.text) and k > 0 and not _title_case(win):
        return False
    tag_ = win.tags[k]
    if tag_.startswith("NN") and not is_capitalised(token.text):
        if k > 0 and _subject_follows(win, k):
            return True  # a subject pronoun follows: "Nearly a third say they don't know"
        # a tagger's noun is still a verb after a name or pronoun ("the Center estimates that")
        if k == 0 or win.tags[k - 1] not in ("NNP", "NNPS", "PRP"):
            return False
        nxt = win.tokens[k + 1].text if k + 1 < len(win.tokens) else ""
        if nxt.lower() not in ("that", "to") and nxt[:1] not in OPENERS + ":,":
            return False  # ("Clinton plans to make her proposal")
    if k > 0 and win.tags[k - 1] == "POS":
        return False
    return not (prev in BE and tag_ == "VBN")  # passive: "is expected to", "were charged fees"


def _next_word(win: Window, k: int) -> str:
    return win.tokens[k + 1].text.lower() if k + 1 < len(win.tokens) else ""


def _subject_follows(win: Window, k: int) -> bool:
    """A subject pronoun right after the cue opens its clause: "Some say they ..."."""
    return _next_word(win, k) in ("he", "she", "they", "it", "we", "i", "there")


def _after_function_word(text: str, s_start: int, pos: int) -> bool:
    """The token before ``pos`` (in the sentence from ``s_start``) is a determiner or a
    preposition, read from the text: a plain word between white space is one token."""
    end = pos
    while end > s_start and text[end - 1].isspace():
        end -= 1
    start, floor = end, max(s_start, end - _LONGEST_FUNCTION_WORD - 1)
    while start > floor and _ascii_letter(text[start - 1]):
        start -= 1
    if end == pos or (start > s_start and not text[start - 1].isspace()):
        return False
    word = text[start:end].lower()
    return word in FUNCTION_WORDS and word not in PRONOUN_DETERMINERS and word != "that"


def _ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _reduced_relative(win: Window, k: int) -> bool:
    """``candidates seeking the White House``, ``Additional reporting by``: an -ing form right
    after a noun or adjective, with no auxiliary."""
    word = win.tokens[k].text.lower()
    return word.endswith("ing") and k > 0 and win.tags[k - 1].startswith(("NN", "PRP", "JJ"))


def _with_absolute(win: Window, k: int) -> Phrase | None:
    """``with the campaign of the former senator saying``: the noun phrase between ``with``
    and the -ing cue is its speaker."""
    phrase = left_phrase(win.tokens, win.tags, k)
    if phrase is None or phrase.negated or phrase.first == 0:
        return None
    return phrase if win.tokens[phrase.first - 1].text.lower() == "with" else None


def _title_case(win: Window) -> bool:
    words = [t.text for t in win.tokens if t.text[:1].isalpha()]
    return bool(words) and sum(is_capitalised(w) for w in words) * 2 > len(words)


def _with_subject(article, sent, win, subject: Phrase, k_end: int, cue: Cue) -> Statement | None:
    tokens = win.tokens
    s_start, s_end = article.sentences[sent]
    speaker = char_span(tokens, subject)
    before = subject.first - 1
    comma_before = before >= 0 and tokens[before].text == ","
    reporting = cue.entry.frame in REPORTING_FRAMES and comma_before
    opener = _quote_after_cue(article, win, k_end)
    if opener is not None:
        # (a clause before "X said, "..."" is mostly circumstance: "Asked about it, X said, "...")
        content = forward(article, tokens[opener].start, s_end)
        return make(article, (content,), cue, speaker, "speaker_cue")
    after = _skip_adjuncts(win, k_end)
    if reporting and cue.entry.frame == "tell":
        after = _past_addressee(win, after)  # "..., a spokesman told The Wall Street Journal."
    if reporting and not at_end(win, after):
        after = _past_circumstance(win, after)  # "..., Hollande said in Paris, noting"
    if reporting and _attribution_ends(win, after):
        content = trim(article.text, s_start, tokens[before].start)
        more = article.quotes_from(s_end, article.paragraph_of(s_start))  # ..., Schiff said. "B."
        pieces = (content, *(trim_inside(article.text, q.start, q.end) for q in more))
        return make(article, pieces, cue, speaker, "clause_speaker_cue")
    if reporting and after < len(tokens) and tokens[after].text == ",":
        first = trim(article.text, s_start, tokens[before].start)
        if after + 1 < len(tokens) and _no_more_content(win, after + 1):
            return make(article, (first,), cue, speaker, "clause_speaker_cue")
        second = trim(article.text, tokens[after].end, s_end)
        return make(article, (first, second), cue, speaker, "parenthetical")
    start = _content_start(win, k_end, cue.entry.frame)
    if start is None:
        return None
    if at_end(win, start) and not starts_circumstance(win, start):
        return _next_paragraph_quote(article, cue, speaker)
    if starts_circumstance(win, start) and not any(t.startswith("VB") for t in win.tags[start:]):
        return None
    content = forward(article, tokens[start].start, s_end)
    if cue.entry.frame == "naming" and not article.holds_quote((content,)) \
            and not _names_its_object(win, start):
        return None  # "called a meeting": a naming cue needs the quoted name or an object
    return make(article, (content,), cue, speaker, "speaker_cue")


def _attribution_ends(win: Window, i: int) -> bool:
    """After ``CLAUSE, X said``: the sentence end or a circumstance (``_at_end``), a semicolon
    (``analysts say; in 2012, ...``) or a clause of when it was said (``told his advisers as
    he labored over ...``)."""
    if at_end(win, i):
        return True
    word = win.tokens[i].text.lower()
    return word == ";" or word in _AFTER_THE_FACT


def _names_its_object(win: Window, i: int) -> bool:
    """``called him a kind, loving person``: a pronoun or name, then the noun phrase naming it
    (an article or possessive opens it)."""
    tokens, tags = win.tokens, win.tags
    return i + 1 < len(tokens) and tags[i] in ("PRP", "NNP") \
        and tokens[i + 1].text.lower() in ("a", "an", "the", "his", "her", "their", "its")


def _quote_after_cue(article: Article, win: Window, i: int) -> int | None:
    """Token index of a quote opening right after the cue or after its ``,``/``:`` within a few
    words (``says of Clinton, "..."``, ``told CNN: "..."``)."""
    tokens = win.tokens
    for j in range(i, min(len(tokens), i + 7)):
        word = tokens[j].text
        opens = article.quote_at(tokens[j].start) is not None
        if opens and (j == i or tokens[j - 1].text in ",:"):
            return j
        if word in SENTENCE_END or word in ";" or word.lower() == "that":
            return None
        if j > i and win.tags[j] == "VBG" and tokens[j - 1].text == ",":
            return None  # 'Spicer said, adding, "..."': the quote is the participle's
    return None


def _utterance_follows(article: Article, win: Window, k_end: int) -> bool:
    """A quote follows the cue and reads as words said: three words or closing punctuation."""
    j = _quote_after_cue(article, win, k_end)
    if j is None:
        return False
    quote = article.quote_at(win.tokens[j].start)
    words = article.text[quote.start : quote.end].strip()
    return len(words.split()) >= 3 or words[-1:] in ".!?,"


def _skip_adjuncts(win: Window, i: int) -> int:
    """Step over time words (``said on Monday``) before checking what follows a cue; an ``on``
    that no time word follows opens a circumstance (``said on "Meet the Press."``) and stays."""
    tokens = win.tokens
    while i < len(tokens) and tokens[i].text.lower() in _ADJUNCTS:
        if tokens[i].text.lower() == "on" and not (
            i + 1 < len(tokens) and tokens[i + 1].text.lower() in _ADJUNCTS
        ):
            break
        i += 1
    return i


def _no_more_content(win: Window, i: int) -> bool:
    """What follows ``CLAUSE, X said,`` is no second piece: a clause of when it was said, a
    participle (``adding that``: a statement of its own) or a new coordinated clause."""
    word = win.tokens[i].text.lower()
    return word in _AFTER_THE_FACT or word in ("and", "but") or win.tags[i] == "VBG"


def _past_circumstance(win: Window, i: int) -> int:
    """The comma closing a circumstance that opens at ``i`` (``in Paris,``), else ``i``."""
    if not starts_circumstance(win, i):
        return i
    for j in range(i + 1, min(len(win.tokens), i + 9)):
        if win.tokens[j].text == ",":
            return j
        if win.tags[j].startswith(("VB", "MD")) or win.tokens[j].text in ";:":
            break
    return i


def _past_addressee(win: Window, i: int) -> int:
    """After a tell cue, the index past whom it was told ("Reuters", "The Huffington Post
    earlier this week", "reporters"), when only that and time words are left."""
    phrase = right_phrase(win.tokens, win.tags, i)
    if phrase is None:
        return i
    after = _skip_adjuncts(win, phrase.last)
    return after if _attribution_ends(win, after) else i


def _content_start(win: Window, i: int, frame: str) -> int | None:
    """Token index where the content begins after the cue, or None if the frame needs more."""
    tokens, tags = win.tokens, win.tags
    for j in range(i, min(len(tokens), i + THAT_LOOKAHEAD)):
        word = tokens[j].text
        if word.lower() == "that":
            # PolNeAR keeps the complementizer in the content (exact F1 on train 41.6 -> 48.7
            # with it), but not before a quote: ``said that "..."`` stays a direct quote
            quote_next = j + 1 < len(tokens) and tokens[j + 1].text[0] in OPENERS
            return j + 1 if quote_next else j
        if word in ",;:" or word[0] in OPENERS or tags[j].startswith(("VB", "MD")):
            break
    if frame == "that":
        if i < len(tokens) and (tokens[i].text == ":" or tokens[i].text[0] in OPENERS):
            return i
        return i if _clause_follows(win, i) else None
    i = _skip_adjuncts(win, i)
    if frame == "tell" and i < len(tokens) and tokens[i].text[0] not in OPENERS + ",:":
        if tokens[i].text.lower() in OBJECT_PRONOUNS:
            i += 1  # "told me he's had a relatively tragedy-free life"
        else:
            obj = right_phrase(tokens, tags, i)
            if obj is not None:
                i = obj.last
    while i < len(tokens) and tokens[i].text in ",:":
        i += 1
    return i


def _clause_follows(win: Window, i: int) -> bool:
    """No "that", but a clause: a subject and its finite verb (``know Trump is a risk``), or
    an object and "as" or a participle that says what is held of it (``see golf courses as
    wasted space``, ``found Clinton leading Trump``)."""
    phrase = right_phrase(win.tokens, win.tags, i)
    if phrase is None or phrase.last >= len(win.tokens):
        return False
    tag = win.tags[phrase.last]
    return tag in FINITE or tag == "VBG" or win.tokens[phrase.last].text.lower() == "as"


def _next_paragraph_quote(article: Article, cue: Cue, speaker) -> Statement | None:
    """``He said:`` at a paragraph's end, the quote opening the next one."""
    para = article.paragraph_of(cue.start)
    rest = article.text[cue.end : article.paragraphs[para][1]].strip()
    if rest not in (":", ",", "") or para + 1 >= len(article.paragraphs):
        return None
    quote = article.quote_at(article.paragraphs[para + 1][0])
    if quote is None:
        return None
    content = trim_inside(article.text, quote.start, quote.end)
    return make(article, (content,), cue, speaker, "speaker_cue_next")


def _inverted(article, sent, win, k, k_end, cue) -> Statement | None:
    """``CLAUSE, said X.``"""
    tokens = win.tokens
    if k == 0 or tokens[k - 1].text != "," or cue.entry.frame not in REPORTING_FRAMES:
        return None
    if win.tags[k] == "VBG":
        return None  # "..., adding a plug for himself": a participle's object is no speaker
    phrase = right_phrase(tokens, win.tags, k_end)
    if phrase is None or not (at_end(win, phrase.last) or _appositive_to_end(win, phrase.last)):
        return None
    s_start = article.sentences[sent][0]
    content = trim(article.text, s_start, tokens[k - 1].start)
    return make(article, (content,), cue, char_span(tokens, phrase), "clause_cue_speaker")


def _appositive_to_end(win: Window, i: int) -> bool:
    """``..., said Jeffrey N. Trimble, a senior official.``: a comma, then a phrase with no verb
    of its own (one in a relative clause is the appositive's) to the sentence end."""
    tokens, tags = win.tokens, win.tags
    if i >= len(tokens) or tokens[i].text != ",":
        return False
    for j in range(i + 1, len(tokens)):
        word = tokens[j].text.lower()
        if word in RELATIVE_OPENERS:
            return True
        if word == "," and j + 1 < len(tokens) and tokens[j + 1].text.lower() in RELATIVE_OPENERS:
            return True  # ", the director of SITE, which tracks ...": the relative is its own
        if tags[j] in FINITE or word in (",", ";", ":"):
            return False
    return True


def _participle(article, sent, win, k, k_end, cue, earlier) -> Statement | None:
    """``..., adding that ...`` and ``X announced A and said B``: the content follows; the
    speaker is the subject of the sentence (the speaker of its previous statement if any)."""
    tokens = win.tokens
    if k == 0:
        return None
    gerund = tokens[k].text.lower().endswith("ing")
    participle = tokens[k - 1].text == "," and gerund
    coordinated = tokens[k - 1].text.lower() in ("and", "but") and not gerund
    if not (participle or coordinated):
        return None
    start = _content_start(win, k_end, cue.entry.frame)
    if start is None or start >= len(tokens):
        return None
    s_start, s_end = article.sentences[sent]
    same = [s for s in earlier if s.speaker and s_start <= s.speaker[0] < tokens[k].start]
    # not a speaker inside another's content: "X said he did not believe A, arguing B" is X's
    outer = [s for s in same if not any(a <= s.speaker[0] < b for o in same for a, b in o.spans)]
    speaker = outer[-1].speaker if outer else None
    if speaker is None and coordinated:
        speaker = _conjunct_subject(win, k)
    if speaker is None:
        speaker = _sentence_subject(win, k)
    content = forward(article, tokens[start].start, s_end)
    return make(article, (content,), cue, speaker, "participle" if participle else "coordinated")


def _conjunct_subject(win, k: int) -> tuple[int, int] | None:
    """``... such as when Cruz knocked Rubio on trade and called him a "moderate"``: the
    subject of the nearest finite verb before the coordinated cue at ``k``."""
    for j in range(k - 2, 0, -1):
        if win.tokens[j].text in (";", ":"):
            return None
        if win.tags[j] in FINITE:
            return _subject_of(win, j)
    return None


def _subject_of(win: Window, j: int) -> tuple[int, int] | None:
    """The subject the cue reader finds before the verb at ``j``, unless negated."""
    phrase = left_phrase(win.tokens, win.tags, j)
    return None if phrase is None or phrase.negated else char_span(win.tokens, phrase)


def _sentence_subject(win, k: int) -> tuple[int, int] | None:
    """The subject of the sentence that a participle or coordinated cue at ``k`` shares: the
    noun phrase opening it and followed by its verb ("The attorney general of the state of New
    York is suing ..., claiming")."""
    tokens, tags = win.tokens, win.tags
    for with_of in (False, True):
        subject = right_phrase(tokens, tags, 0, with_of=with_of)
        after = subject.last if subject else len(tokens)
        while after < k and tags[after].startswith("RB"):
            after += 1  # "Mr. Schultz generally supported ... and said"
        if after < k and tags[after].startswith(("VB", "MD")):
            return char_span(tokens, subject)
    # a dateline or an appositive before the verb ("PARIS (Reuters) - The party's leader,
    # Marine Le Pen, voiced ..."): the cue reader's subject of the first finite verb
    for j in range(1, k):
        if tags[j] in FINITE:
            return _subject_of(win, j)
    return None
