"""Word lists for people, roles, organisations and countries (``resources/gazetteer/``).

Loaded once per process on first use, so stages that import this module pickle cheaply to
worker processes. Built by ``scripts/build_gazetteer.py``; sources and licences in the folder's
README (the country table is derived from mledoze/countries, ODbL 1.0).

Lookups take the phrase as written in the text. Country lookups are case-sensitive except for
all-capitals input, so the pronoun "us" is never the United States.
"""

from __future__ import annotations

import csv
import gzip
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from ..config import RESOURCES

FOLDER = RESOURCES / "gazetteer"
GENDER = {"f": "female", "m": "male"}


class Country(NamedTuple):
    name: str  # common English name, e.g. "Russia"
    code: str  # ISO 3166-1 alpha-2, e.g. "RU"


class CountryForm(NamedTuple):
    country: Country
    kind: str  # name | official | alt | demonym | capital


@dataclass(frozen=True)
class Gazetteer:
    countries: dict[str, CountryForm]
    roles: dict[str, str]  # lower-case role phrase -> "f" | "m" | ""
    titles: frozenset[str]  # the political and news roles: capitalised, they precede a name
    honorifics: dict[str, str]  # form -> "f" | "m" | ""
    first_names: dict[str, str]  # name -> "f" | "m" | "u"
    org_heads: frozenset[str]
    group_nouns: frozenset[str]
    news_outlets: frozenset[str]
    places: dict[str, str]  # form -> region | prefix | head
    never_persons: frozenset[str]  # capitalised words that are no one's name (learned: EWT tags)
    document_nouns: frozenset[str]  # poll, report, records ...: a document as a source


def _rows(name: str) -> list[dict[str, str]]:
    path = FOLDER / name
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _lines(name: str) -> frozenset[str]:
    text = (FOLDER / name).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


@cache
def load() -> Gazetteer:
    roles = _rows("roles.tsv")
    countries = {
        r["form"]: CountryForm(Country(r["country"], r["iso2"]), r["kind"])
        for r in _rows("countries.tsv")
    }
    return Gazetteer(
        countries=countries,
        roles={r["role"]: r["gender"] for r in roles},
        titles=frozenset(r["role"] for r in roles if r["kind"] == "political"),
        honorifics={r["form"]: r["gender"] for r in _rows("honorifics.tsv")},
        first_names={r["name"]: r["gender"] for r in _rows("first_names.tsv.gz")},
        org_heads=_lines("org_heads.txt"),
        group_nouns=_lines("group_nouns.txt"),
        news_outlets=_lines("news_outlets.txt"),
        places={r["form"]: r["kind"] for r in _rows("places.tsv")},
        never_persons=_lines("never_persons.txt"),
        document_nouns=_lines("document_nouns.txt"),
    )


@cache
def _countries_upper() -> dict[str, CountryForm]:
    return {form.upper(): entry for form, entry in load().countries.items()}


@lru_cache(maxsize=1 << 16)
def country_form(phrase: str) -> CountryForm | None:
    """The country a name, alternative name, demonym or capital denotes, with which it is.
    Cached: every capitalised word run of every article is looked up."""
    phrase = phrase.strip()
    if phrase.startswith("the ") or phrase.startswith("The "):
        phrase = phrase[4:]
    if phrase.endswith(("'s", "’s")):
        phrase = phrase[:-2]
    found = load().countries.get(phrase)
    if found is None and phrase.isupper():
        found = _countries_upper().get(phrase)
    return found


def country_of(phrase: str) -> Country | None:
    """``country_of("Azerbaijani")`` -> Country("Azerbaijan", "AZ"); also names and capitals."""
    found = country_form(phrase)
    return found.country if found else None


@cache
def _demonyms() -> dict[str, str]:
    out: dict[str, str] = {}
    for form, entry in load().countries.items():
        if entry.kind == "demonym" and form[0].isupper() and "." not in form:
            out.setdefault(entry.country.code, form)
    return out


def demonym_of(country: Country) -> str | None:
    """Country("Azerbaijan", "AZ") -> "Azerbaijani" (the adjective news text uses)."""
    return _demonyms().get(country.code)


def country_forms() -> list[str]:
    """Every form, longest first (the order a regex alternation needs)."""
    return sorted(load().countries, key=len, reverse=True)


def is_role(phrase: str) -> bool:
    return phrase.lower().strip() in load().roles


@cache
def _role_words() -> frozenset[str]:
    words = {w for role in load().roles for w in role.split()}
    return frozenset(words - {"of", "the", "and", "for", "to", "in", "on"})


def is_role_word(word: str) -> bool:
    """A word of some role phrase ("foreign" of "foreign minister")."""
    return word.lower() in _role_words()


def is_title(phrase: str) -> bool:
    """A political or news title ("President", "Prime Minister"), not an occupation like "Baker"."""
    return phrase.lower().strip() in load().titles


def role_gender(word: str) -> str | None:
    """"spokeswoman" -> "female"; "spokesman" -> "male"; "minister" -> None."""
    return GENDER.get(load().roles.get(word.lower().strip(), ""))


def honorific_gender(word: str) -> str | None:
    return GENDER.get(load().honorifics.get(word.strip(), ""))


# A title's abbreviation and the role it stands for: "Gov. Chris Christie" is "the governor".
ROLE_ABBREVIATIONS = {
    "gov.": "governor", "sen.": "senator", "rep.": "representative", "pres.": "president",
    "sec.": "secretary", "gen.": "general", "lt.": "lieutenant", "col.": "colonel",
    "capt.": "captain", "sgt.": "sergeant", "prof.": "professor", "adm.": "admiral",
    "maj.": "major", "cmdr.": "commander",
}


def role_written_out(word: str) -> str:
    """The lower-case role word, abbreviation expanded: "Gov." -> governor."""
    word = word.lower()
    return ROLE_ABBREVIATIONS.get(word, word)


def is_honorific(word: str) -> bool:
    return word.strip() in load().honorifics


def is_first_name(name: str) -> bool:
    return name in load().first_names


def first_name_gender(name: str) -> str | None:
    """"Leyla" -> "female"; None when unknown or used for both sexes."""
    return GENDER.get(load().first_names.get(name, ""))


def is_org_head(word: str) -> bool:
    return word in load().org_heads


def is_group_noun(word: str) -> bool:
    return word.lower() in load().group_nouns


def is_news_outlet(phrase: str) -> bool:
    return phrase in load().news_outlets


def is_place(words: list[str]) -> bool:
    """A place that is not a country: a state or province ("Nebraska"), or a name opening with a
    place prefix ("San Jose", "New Mexico") or closing with a place head ("Coyote Creek")."""
    places = load().places
    if places.get(" ".join(words)) == "region":
        return True
    return len(words) > 1 and (places.get(words[0]) == "prefix" or places.get(words[-1]) == "head")


def is_never_person(word: str) -> bool:
    """"Headline", "Campaign", "Bay": a capitalised word that is no one's name on its own
    (``scripts/build_never_persons.py``: common words of the EWT treebank that are neither first
    names nor surnames, places, section labels)."""
    return word in load().never_persons


def is_document_noun(word: str) -> bool:
    """"poll", "report", "records": the head of a document cited as a source."""
    return word.lower() in load().document_nouns
