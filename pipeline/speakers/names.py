"""Find the names in an article: people, organisations and countries, from capitalised word runs.

One regex finds every run of capitalised words (with the connectors names and organisations use:
"Ministry of Foreign Affairs", "Ursula von der Leyen"); each run is then read word by word
against the gazetteer. Only runs, not every token, go through Python, which keeps this fast.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..nlp import gazetteer as gz
from .text import Mention

UPPER = "A-ZÀ-ÖØ-Þ"
ABBREV = r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Prof|Rev|St|Jr|Sr|Mme|Maj|Adm|Cmdr)\."
TOKEN = (
    rf"(?:[{UPPER}]\.){{2,}}|{ABBREV}|[{UPPER}]\.(?=[ ][{UPPER}])"
    rf"|[{UPPER}][\w’'\-]*\w|[{UPPER}]"
)
CONNECTOR = r"(?:of[ ]the|of|for[ ]the|for|de|du|da|del|der|van|von|al|bin|bint|la|le|&)"
RUN_BODY = re.compile(rf"(?:{TOKEN})(?:[ ]+(?:{CONNECTOR}[ ]+)?(?:{TOKEN}))*")
# A capital not glued to a word before it, where a run starts. The capital comes first and the
# glue test after it, as a look-behind over both: a pattern opening with the look-behind is
# tried at every position of the text (that search was most of ``find_names``), one opening
# with a character class skips ahead to the next capital.
RUN_START = re.compile(rf"[{UPPER}](?<![\w’'\-].)")
WORD = re.compile(rf"{TOKEN}|[a-z&]+(?:[ ]the)?")
POSSESSIVE = ("’s", "'s")
CONNECTORS = {"of", "for", "of the", "for the", "&"}
NAME_PARTICLES = {"de", "du", "da", "del", "der", "van", "von", "al", "bin", "bint", "la", "le"}

# Capitalised at the start of a sentence or as a function word, never part of a name.
STARTERS = set(
    """The A An This That These Those However But And Or So Yet In On At For From By With Without
    After Before Since During According Earlier Later Meanwhile Also Still Then When While If As
    Although Though Because Recent Last Next It He She They We I You His Her Their Our My Its
    There Here What Who Why How Where Some Many Most All Both Each Every Other Another Such Now
    Today Yesterday Tomorrow Monday Tuesday Wednesday Thursday Friday Saturday Sunday January
    February March April May June July August September October November December Speaking
    Asked Under Over Despite Among Between Following Instead Like Unlike Even Only Just Not No
    Yes Please Thank Thanks Dear Oh Well Why Whether Once Whatever Whoever One Two Three Several
    Few Any Last First Second Third New Neither Either Nor""".split()
)
# Words that may follow a role and are not a name ("President said").
NOT_NAMES = STARTERS - {"New"}


# The lower-case word after a run: "Black Christian students" is an adjective, not a person.
NEXT_WORD = re.compile(r"[ ]+([a-z]+)")


def find_names(text: str) -> list[Mention]:
    """Every person, organisation and country mention the capitalised runs give.

    Each run is read once per distinct string (``read_run_cached``): names recur within and
    across articles, and reading a run against the gazetteer was half the stage. Only whether
    a role word precedes a name (``role_before``) and whether a group noun follows the run
    (``modifies_noun``) depend on the text outside it; they are decided here, and the mentions
    made new (later steps modify them). One loop, not a call per run: the calls cost more than
    the reading."""
    mentions: list[Mention] = []
    end = 0
    for capital in RUN_START.finditer(text):
        start = capital.start()
        if start < end:
            continue  # inside the run just read
        end = RUN_BODY.match(text, start).end()  # its last alternative is any one capital
        read = read_run_cached(text[start:end])
        if not read:
            continue
        dropped = False  # a run before a group noun names no person: "Nebraska voters"
        for m in read:
            if m.type == "person" and (dropped or modifies_noun(text, end)):
                dropped = True
                continue
            strong, gender = m.strong, m.gender
            if strong is None:
                strong = role_before(text, start + m.start)
            elif m.kind == "surname" and text[start - 2 : start] == ", " \
                    and apposed_to_family_word(text, start, m.text):
                strong, gender = True, gz.first_name_gender(m.text)  # "his wife, Melania,"
            mentions.append(Mention(start + m.start, start + m.end, m.text, m.kind, m.type,
                                    gender=gender, country=m.country, strong=strong))
    return mentions


@lru_cache(maxsize=1 << 16)
def read_run_cached(run: str) -> tuple[Mention, ...]:
    return tuple(read_run(run, 0, len(run)))


def modifies_noun(text: str, end: int) -> bool:
    """The run is followed by a plural group noun ("Nebraska voters", "Christian students")."""
    match = NEXT_WORD.match(text, end)
    return bool(match) and gz.is_group_noun(match.group(1))


def words(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(m.group(), start + m.start(), start + m.end()) for m in WORD.finditer(text[start:end])]


# A party and state after a lawmaker's name: "(R-Utah)", "(D-Calif.)"; no one's name.
PARTY_STATE = re.compile(r"[DRI]-[A-Z][A-Za-z.]*")


def read_run(text: str, start: int, end: int) -> list[Mention]:
    toks = words(text, start, end)
    if len(toks) == 1 and PARTY_STATE.fullmatch(toks[0][0]):
        return []
    while toks and (leading_starter(toks) or not toks[0][0][0].isupper()
                    or len(toks) > 1 and is_member_noun(toks[0][0])
                    and gz.is_first_name(toks[1][0])):
        toks = toks[1:]  # also "Republican Donald Trump": the party, then the name
    if not toks:
        return []
    for i, tok in enumerate(toks[:-1]):  # "Azerbaijan's Foreign Ministry": owner, then owned
        if tok[0].endswith(POSSESSIVE):
            return read_part(text, toks[: i + 1]) + read_run(text, toks[i + 1][1], end)
    return read_part(text, toks)


def leading_starter(toks) -> bool:
    """A sentence-opening function word or gerund; "New" stays when a name follows ("New
    Mexico")."""
    word = toks[0][0]
    return leading_gerund(toks) or word in STARTERS and not (word == "New" and len(toks) > 1)


def leading_gerund(toks) -> bool:
    """"Bashing Trump may be job one": an -ing word before a name, unless it is a first name,
    a place or part of an organisation's name ("Reading Football Club")."""
    word = toks[0][0]
    return (len(toks) > 1 and word.endswith("ing") and word.isalpha()
            and not gz.is_first_name(word) and not gz.country_of(word)
            and not gz.is_place([word]) and not any(gz.is_org_head(t[0]) for t in toks[1:]))


def read_part(text: str, toks: list[tuple[str, int, int]]) -> list[Mention]:
    if toks[-1][0].endswith(POSSESSIVE):
        last = toks[-1]
        toks = [*toks[:-1], (last[0][:-2], last[1], last[2] - 2)]
    person = person_after_title(text, toks)
    if person:
        return [person]
    if organization_words(toks):
        return [make(text, toks, "organization", "organization")]
    country = gz.country_form(span_text(text, toks))
    if country and country.kind != "demonym":
        kind = "capital" if country.kind == "capital" else "country"
        return [make(text, toks, kind, "country", country=country.country)]
    if country and len(toks) == 1:  # a demonym alone is an adjective: "Russian peacekeepers"
        return []
    if any(t[0] in CONNECTORS for t in toks):
        return split_at_connectors(text, toks)
    return person_name(text, toks)


def span_text(text: str, toks) -> str:
    return text[toks[0][1] : toks[-1][2]]


def make(text: str, toks, kind: str, type_: str, **extra) -> Mention:
    return Mention(toks[0][1], toks[-1][2], span_text(text, toks), kind, type_, **extra)


def organization_words(toks) -> bool:
    if gz.is_news_outlet(" ".join(t[0] for t in toks)):
        return True
    return any(gz.is_org_head(t[0]) for t in toks[1:]) or (
        len(toks) == 1 and gz.is_org_head(toks[0][0]) and toks[0][0] in ("Kremlin", "Pentagon")
    )


def split_at_connectors(text: str, toks) -> list[Mention]:
    out, piece = [], []
    for tok in [*toks, ("of", -1, -1)]:
        if tok[0] in CONNECTORS:
            if piece:
                out.extend(read_part(text, piece))
            piece = []
        else:
            piece.append(tok)
    return out


def title_length(toks, i: int) -> int:
    """How many words from ``i`` on form a role or honorific ("Prime Minister" -> 2), or 0."""
    for n in range(min(4, len(toks) - i), 0, -1):
        if is_title_phrase(" ".join(t[0] for t in toks[i : i + n])):
            return n
    return 0


@lru_cache(maxsize=1 << 16)
def is_title_phrase(phrase: str) -> bool:
    """Cached: every run asks this of each of its words and word sequences."""
    return gz.is_title(phrase) or gz.is_honorific(phrase)


def person_after_title(text: str, toks) -> Mention | None:
    """"Russian President Vladimir Putin", "Mr. Putin": the name after the last title word.

    A title word closing the run after a first name is a surname: "TJ King", "Sen. Angus King"."""
    cut, gender, i = -1, None, 0
    limit = len(toks) - 1 if surname_is_title(toks) else len(toks)
    while i < limit:
        n = title_length(toks, i)
        if n:
            cut = i + n
            phrase = " ".join(t[0] for t in toks[i:cut])
            gender = gz.honorific_gender(phrase) or gz.role_gender(phrase) or gender
            i = cut
        else:
            i += 1
    name = toks[cut:] if cut >= 0 else []
    if not name or len(name) > 4 or not looks_like_name(name):
        return None
    kind = "name" if len(name) > 1 else "surname"
    return make(text, name, kind, "person", gender=gender or first_name_gender(name))


INITIALS = re.compile(r"[A-Z]{1,2}|[A-Z]\.")


def surname_is_title(toks) -> bool:
    """The last word is a title (or its plural) but follows a given name or initials: "TJ King",
    "J. Judge", "Dottie Deans"."""
    last = len(toks) - 1
    if len(toks) < 2 or not (title_length(toks, last) == 1 or is_role_word(toks[last][0])) \
            or title_length(toks, last - 1):
        return False
    given = toks[-2][0]
    return gz.is_first_name(given) or bool(INITIALS.fullmatch(given))


def looks_like_name(toks) -> bool:
    return all(
        t[0] in NAME_PARTICLES or (t[0][0].isupper() and t[0] not in NOT_NAMES)
        for t in toks
    ) and not any(gz.is_org_head(t[0]) or is_role_word(t[0]) for t in toks[:-1]) and (
        surname_is_title(toks) or not (gz.is_org_head(toks[-1][0]) or is_role_word(toks[-1][0]))
    )


def is_role_word(word: str) -> bool:
    """A title, singular or plural ("Ministers" in "Deputy Prime Ministers")."""
    return gz.is_title(word) or (word.endswith("s") and gz.is_title(word[:-1]))


def is_member_noun(word: str) -> bool:
    """One of a group the gazetteer lists: "Republican" (of "republicans"), "Democrat"."""
    return gz.is_group_noun(word + "s")


def given_name_start(toks) -> int:
    """Where the person starts in a longer run: after a country or place opening it
    ("Ambassador to the United States Hamdullah Mohib"), or at a given name that one or two
    words close when no word before it is a given name ("Governor of Washington Chris
    Gregoire", "Minister of Education Stefania Giannini", "Crooked Hillary Clinton"); else 0
    ("Mary Ann Smith", "George Washington Carver"). A given name that is also a place counts
    as the place, so the rare "Jordan Michael Smith" loses "Jordan"."""
    for j in range(1, len(toks) - 1):
        if len(toks) - j <= 3 and is_place_name([t[0] for t in toks[:j]]):
            return j
    for i in range(1, len(toks) - 1):
        word = toks[i][0]
        if not given(word):
            continue
        if len(toks) - i <= 3 and not any(given(t[0]) for t in toks[:i]):
            return i
        return 0
    return 0


def is_place_name(words: list[str]) -> bool:
    """A country by name or a place: "United States", "Washington", "Nebraska"."""
    form = gz.country_form(" ".join(words))
    return bool(form and form.kind != "demonym") or gz.is_place(words)


def given(word: str) -> bool:
    """A first name that is no place: "Washington" opening a run is the state."""
    return gz.is_first_name(word) and not gz.country_form(word) and not gz.is_place([word])


def is_plural_demonym(word: str) -> bool:
    """"Mexicans", "Americans": people of a country, a group."""
    form = gz.country_form(word[:-1]) if word.endswith("s") else None
    return bool(form) and form.kind == "demonym"


def first_name_gender(toks) -> str | None:
    return gz.first_name_gender(toks[0][0]) if len(toks) > 1 else None


def person_name(text: str, toks) -> list[Mention]:
    """A run with no title: a person if it starts with a known first name; else a weak one.
    Places ("San Jose", "Nebraska") and runs in capitals ("UPDATED", a byline) are no one."""
    toks = toks[given_name_start(toks):]
    names = [t[0] for t in toks]
    if len(toks) > 4 or not looks_like_name(toks) or gz.is_place(names):
        return []
    if is_member_noun(names[-1]) and not gz.is_first_name(names[0]) \
            or gz.is_group_noun(names[-1]) or is_plural_demonym(names[-1]):
        return []  # "Wisconsin Republican", "Democrat", "Virginia Democrats": a description
    if all(n.isupper() for n in names):
        return []
    if len(toks) == 1:
        return [make(text, toks, "surname", "person", strong=False)]
    # A name closing on a title word ("TJ King") never recurs as a bare surname mention, so
    # its own shape is the evidence. None: strong if a role word comes before the run
    # ("spokeswoman Leyla Abdullayeva"), which ``run_mentions`` looks up in the text.
    strong = gz.is_first_name(toks[0][0]) or surname_is_title(toks) or None
    return [make(text, toks, "name", "person", gender=first_name_gender(toks), strong=strong)]


# A capital after a small letter, as brands write themselves; not the surname prefixes
# ("McConnell", "MacArthur", "DeSantis", "DiCaprio", "LaGuardia", "VanDyke").
CAMEL_CASE = re.compile(r"(?!Mc|Mac|O'|O’|De|Di|Da|Du|La|Le|Van|Von)[A-Z][a-z]+[A-Z][A-Za-z]*")


def brand_case(word: str) -> bool:
    """"PolitiFact", "YouTube": written as a brand, not a surname."""
    return bool(CAMEL_CASE.fullmatch(word))


LOOK_BACK = 40  # characters before a name searched for the word in front of it


def role_before(text: str, start: int) -> bool:
    """"spokeswoman Leyla Abdullayeva", "friend Roger Clark": a lower-case title word before."""
    word = previous_word(text, start)
    return bool(word) and (gz.is_role(word) or word in RELATION_WORDS)


def apposed_to_family_word(text: str, start: int, name: str) -> bool:
    """A first name alone after a family word and a comma: "Trump's wife, Melania, said"."""
    comma = start - 2  # the caller has checked the ", " before the name
    first = comma
    while first > max(0, comma - LOOK_BACK) and "a" <= text[first - 1] <= "z":
        first -= 1
    return text[first:comma] in RELATION_WORDS and gz.is_first_name(name)


def previous_word(text: str, start: int) -> str | None:
    """The word before the spaces ending at ``start``, from its first lower-case ASCII letter
    ("co-chair" -> "co-chair", "Co-chair" -> "o-chair"); None without spaces or such a letter.

    A backward scan, not a regex ending in ``$``: searched, such a regex restarts at every
    word character and rereads the rest, quadratic on a long word."""
    lo = max(0, start - LOOK_BACK)
    start = line_end(text, start, lo)
    end = start
    while end > lo and text[end - 1] == " ":
        end -= 1
    if end == start:
        return None
    letters = range(word_start(text, end, lo, "_-"), end)
    first = next((i for i in letters if "a" <= text[i] <= "z"), None)
    return None if first is None else text[first:end]


def line_end(text: str, start: int, lo: int) -> int:
    """``start``, or the line break right before it: a name opening a line of hard-wrapped
    text has the words at the end of the line before in front of it."""
    return start - 1 if start > lo and text[start - 1] == "\n" else start


def word_start(text: str, end: int, lo: int, extra: str) -> int:
    """Where the run of word characters (letters, digits, and ``extra``) ending at ``end``
    begins, not before ``lo``."""
    i = end
    while i > lo and (text[i - 1].isalnum() or text[i - 1] in extra):
        i -= 1
    return i


RELATION_WORDS = {"friend", "colleague", "neighbor", "neighbour", "wife", "husband", "son",
                  "daughter", "mother", "father", "brother", "sister", "uncle", "aunt", "cousin"}


def title_surname_mentions(text: str, surname: str, taken: list[tuple[int, int]]) -> list[Mention]:
    """Each bare "King" of a person named "TJ King": the runs skip it as a title word.

    Not where it opens a longer name ("King Charles") or closes one ("Burger King")."""
    pattern = re.compile(rf"(?<![\w’'\-.]){re.escape(surname)}(?![\w\-]|[ ][{UPPER}])")
    out = []
    for match in pattern.finditer(text):
        start, end = match.span()
        if any(s < end and start < e for s, e in taken):
            continue
        if capitalised_word_before(text, start):
            continue
        out.append(Mention(start, end, surname, "surname", "person"))
    return out


UPPER_LETTER = re.compile(rf"[{UPPER}]")


def capitalised_word_before(text: str, start: int) -> bool:
    """One space, then a word with a capital in it, right before ``start`` ("Burger King")."""
    lo = max(0, start - LOOK_BACK)
    start = line_end(text, start, lo)
    if start <= lo or text[start - 1] != " ":
        return False
    first = word_start(text, start - 1, lo, "_’'.-")
    return UPPER_LETTER.search(text, first, start - 1) is not None
