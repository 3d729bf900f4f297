"""Read a speaker's role, organisation and country from the words around a mention.

Patterns, in the order ``describe`` tries them:

- pre-modifiers: "Russian President Vladimir Putin", "Foreign Ministry spokeswoman Leyla
  Abdullayeva", "Azerbaijan's Foreign Ministry", "Meta's chief financial officer Susan Li";
- appositives: "X, a spokesman for the Pentagon,", "X, the head of Y,", "X, Azerbaijan's
  foreign minister,"; and before the name: "An outreach specialist with Y, X said";
- of-phrases after a person's name: "Steve Smith of Civic Nebraska";
- an organisation's own name: "Azerbaijani Defence Ministry", "Ministry of Defence of Armenia".

A description never crosses a quote mark, so a country named inside a quote is not the speaker's.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..nlp import gazetteer as gz
from .names import NOT_NAMES, STARTERS
from .text import Affiliation

DESCRIPTOR_WORD = re.compile(r"[\w’'.\-&]+")
WORD_MARKS = "_’'.-&"  # the characters besides letters and digits in a DESCRIPTOR_WORD
# Words that belong to a role without being one: "deputy foreign minister", "former president".
ROLE_MODIFIERS = {
    "deputy", "acting", "former", "senior", "chief", "top", "executive", "assistant", "vice",
    "associate", "interim", "state", "general", "first", "lead", "principal", "longtime", "then",
    "outgoing", "incoming", "co", "regional", "national", "local", "independent", "staff",
    "emeritus", "major", "lt.", "lt", "lieutenant",
}
# Party adjectives belong to the office they qualify: "former Democratic state representative".
PARTY_WORDS = {"democratic", "republican", "gop", "democrat", "libertarian", "conservative",
               "labour", "liberal", "progressive"}
# The party each party word names: "Democratic" and "Democrat" agree, "GOP" is "Republican".
PARTIES = {"democratic": "democratic", "democrat": "democratic", "republican": "republican",
           "gop": "republican", "libertarian": "libertarian"}
# Honorifics that are titles in their own right ("the Rev. Dr. William Barber"), unlike Mr./Ms.
TITLE_HONORIFICS = {"Dr", "Dr.", "Prof", "Prof.", "Professor", "Rev", "Rev.", "Father", "Sister",
                    "Brother", "Dame", "Sir", "Lord", "Lady"}
PREPOSITIONS = {"of", "for", "at", "with", "from", "in"}
DETERMINERS = {"a", "an", "the", "its", "his", "her", "their", "this", "that"}
APPOSITIVE = re.compile(
    r",[ ]+((?:a|an|the)[ ]+)?([^,;:“”\"()\n]{2,160}?)"
    r"(?=,|;|\.(?:\s|$)|$|[ ](?:said|says|told|added|who|which|whose)\b)"
)
# Where a description placed before a name begins: "said UC’s top academic officer, Katherine
# Newman", "(start of sentence) An outreach specialist with the Nebraska AIDS Project, King".
CLAUSE_EDGE = re.compile(r"[,;:“”\"()\n—]|\b(?:said|says|told|added|wrote)\b")
CAPITALISED = r"[A-Z][\w’'&.\-]*"
OF_PHRASE = re.compile(
    rf"[ ]+of[ ]+(?:the[ ]+)?({CAPITALISED}(?:[ ]+(?:of[ ]+|for[ ]+|&[ ]+)?{CAPITALISED})*)"
)
FREE_WORDS = 2  # lower-case words a role may carry before it ("outreach specialist")
WINDOW = 100  # characters looked at before a mention for its pre-modifiers


def premodifier_words(text: str, start: int, floor: int) -> list[str]:
    """The title-like words right before ``start`` ("Foreign Ministry spokeswoman ")."""
    # A backward scan word by word: the first word that is no descriptor ends it, and finding
    # every word of the window first cost more than the rest of ``describe``.
    lo = max(floor, start - WINDOW)
    out: list[str] = []
    i = start
    while True:
        end = i
        while end > lo and text[end - 1].isspace():
            end -= 1
        i = end
        while i > lo and (text[i - 1].isalnum() or text[i - 1] in WORD_MARKS):
            i -= 1
        if i == end or not descriptor_word(text[i:end]):
            break
        out.append(text[i:end])
    out.reverse()
    # "New" stays when a word follows: "New Zealand's Prime Minister", "New Jersey Gov."
    while out and out[0] in STARTERS and not (out[0] == "New" and len(out) > 1):
        out = out[1:]
    return out


def descriptor_word(word: str) -> bool:
    lower = word.lower()
    return (
        word[0].isupper()
        or gz.is_role_word(lower)
        or lower in ROLE_MODIFIERS
        or lower.endswith(("’s", "'s"))
    ) and lower not in DETERMINERS


def describe_words(words: list[str]) -> Affiliation:
    """Role, organisation and country in a descriptor's words, e.g. ["Azerbaijan's", "foreign",
    "minister"] -> minister of Azerbaijan, or ["Foreign", "Ministry", "spokeswoman"]."""
    # a copy, as callers fill it in (built from its fields: copy.copy of a dataclass is slow)
    return Affiliation(**vars(_describe_words(tuple(words))))


@lru_cache(maxsize=1 << 16)
def _describe_words(words: tuple[str, ...]) -> Affiliation:
    """Cached: the same few descriptors ("President", "White House press secretary") recur."""
    words = list(words)
    role_at, role_len = head_role(words)
    found = Affiliation(source="text")
    if role_at < 0:
        role_at, role_len = honorific_chain(words)
    if role_at >= 0:
        first = role_at
        while first > 0 and words[first - 1].lower() in ROLE_MODIFIERS | PARTY_WORDS:
            first -= 1
        last = role_at + role_len + of_common_noun(words[role_at + role_len :])
        found.role = " ".join(words[first:last])
        before, after = words[:first], words[last:]
    else:
        before, after = words, []
    read_owner(before, found)
    read_prepositional(after, found)
    if found.role or found.organization:
        found.title = " ".join(words)
    return found


def of_common_noun(words: list[str]) -> int:
    """How many words after a role continue it as "of" + a lower-case noun ("director of
    advocacy"): "X of Y" is one title; a capitalised object is the organisation instead."""
    n = 2 if words[1:2] == ["the"] else 1
    if len(words) <= n or words[0] != "of" or not words[n][0].islower():
        return 0
    while n < len(words) and words[n][0].islower() and words[n] not in PREPOSITIONS | DETERMINERS:
        n += 1
    return n


def honorific_chain(words: list[str]) -> tuple[int, int]:
    """(index, length) of the title honorifics closing the words ("Rev. Dr."), or (-1, 0)."""
    at = len(words)
    while at > 0 and words[at - 1] in TITLE_HONORIFICS:
        at -= 1
    return (at, len(words) - at) if at < len(words) else (-1, 0)


def head_role(words: list[str]) -> tuple[int, int]:
    """The role that heads the words: the rightmost before the first preposition ("senior
    attorney for Institute for Justice" -> attorney, not Justice), else the rightmost."""
    prep = next((i for i, w in enumerate(words) if w.lower() in PREPOSITIONS), len(words))
    found = find_role(words[:prep])
    return found if found[0] >= 0 else find_role(words)


def find_role(words: list[str]) -> tuple[int, int]:
    """(index, length) of the rightmost role phrase, longest first ("Prime Minister", not
    "Minister"); (-1, 0) if none."""
    lowered = [w.lower() for w in words]
    for end in range(len(words), 0, -1):
        for start in range(max(0, end - 4), end):
            if gz.is_role(" ".join(lowered[start:end])):
                return start, end - start
    return -1, 0


def read_owner(words: list[str], found: Affiliation) -> None:
    """Words before a role: countries ("New Zealand's"), demonyms and the organisation
    ("Anthropic", "Meta's"); never an honorific ("Mr.") or a sentence opener ("Recent")."""
    org: list[str] = []
    i = 0
    while i < len(words):
        length, country = country_at(words, i)
        if country and not org:
            found.country = found.country or country
        elif words[i][0].isupper() and not not_owner(words[i]):
            org.append(strip_possessive(words[i]))
        i += length
    if org:
        found.organization = " ".join(org)


def country_at(words: list[str], i: int):
    """(words read, country) for the longest country name opening at ``i``; (1, None) if none."""
    for length in range(min(3, len(words) - i), 0, -1):
        country = gz.country_of(strip_possessive(" ".join(words[i : i + length])))
        if country:
            return length, country
    return 1, None


def not_owner(word: str) -> bool:
    """"New" stays: "New Jersey Gov. Chris Christie"."""
    return gz.is_honorific(word) or word in NOT_NAMES or word in QUANTITIES


QUANTITIES = {"Hundreds", "Thousands", "Dozens", "Millions", "Scores"}


def read_prepositional(words: list[str], found: Affiliation) -> None:
    """"of Foreign Affairs of Azerbaijan", "for the Pentagon": organisation, then country.

    With two organisations the first belongs to the role: "director of Social Emotional
    Learning at the Alum Rock district"."""
    organizations = []
    for phrase in prepositional_phrases(words):
        country = gz.country_of(phrase)
        if country:
            found.country = found.country or country
        else:
            organizations.append(phrase)
    if len(organizations) > 1 and found.role:
        found.role = f"{found.role} of {organizations[0]}"
        organizations = organizations[1:]
    if organizations and not found.organization:
        found.organization = organizations[0]


def prepositional_phrases(words: list[str]) -> list[str]:
    """The capitalised object of each preposition: "for the Pentagon" -> "Pentagon"."""
    phrases, i = [], 0
    while i < len(words):
        if words[i].lower() not in PREPOSITIONS:
            i += 1
            continue
        j = i + 1
        while j < len(words) and words[j].lower() in DETERMINERS:
            j += 1
        k = j
        while k < len(words) and (words[k][0].isupper() or words[k] in ("&", "and", "of")
                                  or inside_name(words, j, k)):
            k += 1
        phrase = " ".join(words[j:k]).strip(" &")
        for tail in (" and", " of"):
            phrase = phrase.removesuffix(tail)
        head, _, tail = phrase.rpartition(" of ")
        if head and gz.country_of(tail):  # "Foreign Affairs of Azerbaijan"
            phrases.extend([head, tail])
        elif phrase:
            phrases.append(strip_possessive(phrase))
        i = max(k, i + 1)
    return phrases


def inside_name(words: list[str], j: int, k: int) -> bool:
    """"for" inside a capitalised name: "Institute for Justice", "Center for American Progress"."""
    return (words[k] in ("for", "on") and k > j and k + 1 < len(words)
            and words[k + 1][0].isupper())


def strip_possessive(word: str) -> str:
    return word[:-2] if word.endswith(("’s", "'s")) else word


RELATIVE_COPULA = re.compile(r"^(?:who|which)[ ]+(?:is|was|are|were)(?:[ ]+also)?[ ]+"
                             r"(?:(?:the|a|an)[ ]+)?")


def appositive(text: str, end: int) -> Affiliation:
    """"X, a spokesman for the Pentagon," -> spokesman, Pentagon. Empty when there is no role."""
    match = APPOSITIVE.match(text, end)
    if not match:
        return Affiliation()
    words = DESCRIPTOR_WORD.findall(match.group(2))
    found = describe_words(words)
    if not found.role:
        return Affiliation()
    found.title = RELATIVE_COPULA.sub("", match.group(2).strip())
    if not found.organization:
        organization_after_comma(text, match.end(), found)
    return found


# "Maria Lopez, organizer, Communities for a Better Environment": the organisation in a second
# comma piece, a capitalised name (with its connectors) closing at punctuation or the line end.
ORG_PIECE = re.compile(
    rf",[ ]+((?:the[ ]+|The[ ]+)?{CAPITALISED}(?:[ ]+(?:of|for|and|on|in|the|a|&|{CAPITALISED}))*)"
    r"(?=[.,;:)]|[ ]*\n|[ ]*$)"
)


def organization_after_comma(text: str, end: int, found: Affiliation) -> None:
    match = ORG_PIECE.match(text, end)
    if not match:
        return
    name = match.group(1).removesuffix(".")
    first = name.split()[0]
    if first in STARTERS - {"The"} or gz.is_first_name(first):
        return
    country = gz.country_of(name)
    if country:
        found.country = found.country or country
    else:
        found.organization = name.removeprefix("the ").removeprefix("The ")
    found.title = f"{found.title}, {name}"


def preposed(text: str, start: int, floor: int) -> Affiliation:
    """"An outreach specialist with the Nebraska AIDS Project, King came": a noun phrase headed
    by a role, ending in a comma right before the name. Empty unless it is one."""
    # Tested in place before slicing: most mentions have no comma right before them.
    if not (2 <= start - floor <= 200 and text.startswith((", ", ",\n"), start - 2)):
        return Affiliation()
    segment = text[floor:start].rstrip()[:-1]
    edges = list(CLAUSE_EDGE.finditer(segment))
    words = DESCRIPTOR_WORD.findall(segment[edges[-1].end() :] if edges else segment)
    while words and words[0].lower() in DETERMINERS:
        words = words[1:]
    if not words or words[0] in STARTERS or not role_headed(words):
        return Affiliation()
    return describe_words(words)


def role_headed(words: list[str]) -> bool:
    """The words are a noun phrase whose head is a role: nothing before the role but owners,
    modifiers and at most two adjectives, and nothing after it but a prepositional phrase."""
    at, length = find_role(words)
    if at < 0:
        return False
    after = words[at + length :]
    if after and after[0].lower() not in PREPOSITIONS:
        return False
    free = [w for w in words[:at] if not descriptor_word(w)]
    return len(free) <= FREE_WORDS and not any(w.lower() in PREPOSITIONS for w in words[:at])


def of_phrase(text: str, end: int) -> Affiliation:
    """"Steve Smith of Civic Nebraska": an organisation, or a country, right after a name."""
    match = OF_PHRASE.match(text, end)
    if not match:
        return Affiliation()
    place = match.group(1).removesuffix(".")
    country = gz.country_of(place)
    if country:
        return Affiliation(country=country, source="text")
    return Affiliation(organization=strip_possessive(place), source="text")


def organization_parts(name: str) -> Affiliation:
    """"Azerbaijani Defence Ministry" -> Defence Ministry of Azerbaijan."""
    words = name.split()
    found = Affiliation(source="text")
    while words and gz.country_of(strip_possessive(words[0])):
        found.country = found.country or gz.country_of(strip_possessive(words[0]))
        words = words[1:]
    for i in range(len(words) - 1, 0, -1):  # "Ministry of Defence of Armenia"
        if words[i - 1] == "of" and gz.country_of(" ".join(words[i:])):
            found.country = found.country or gz.country_of(" ".join(words[i:]))
            words = words[: i - 1]
            break
    found.organization = " ".join(words) or None
    return found


def describe(text: str, start: int, end: int, floor: int) -> Affiliation:
    """Everything the text says around one mention: pre-modifiers first, then an appositive."""
    words = premodifier_words(text, start, floor)
    # No words before: what describe_words([]) gives, without its cache look-up and copy.
    found = describe_words(words) if words else Affiliation(source="text")
    # Each pattern needs a comma beside the mention: most mentions have none, so the test is
    # made here before a call that would make and return an empty Affiliation.
    if text.startswith(",", end):
        found.fill(appositive(text, end))
    if text.startswith(",", start - 2):
        found.fill(preposed(text, start, floor))
    return found


def party_of(found: Affiliation) -> str | None:
    """The party an affiliation's title, role or organisation names, if one."""
    words = " ".join(filter(None, (found.title, found.role, found.organization))).lower().split()
    return next((PARTIES[w] for w in words if w in PARTIES), None)
