"""The corpus-wide speaker registry: one row per named speaker, built from the statements.

``unify_speaker_ids`` first gives a lone surname ("Putin", in an article that never gives the full
name) the identity of the one full name in the corpus with that surname ("Vladimir Putin").
``build_registry`` groups statements by ``speaker_id`` (descriptions such as "a source" have
none and stay out), keeping the name variants seen, the most frequent role, organisation and
country with their counts, the first and last publication dates and the statement and article
counts. An optional user registry CSV (``[speakers] registry``; format in ``docs/speakers.md``)
overrides and enriches rows: ``apply_user_registry`` fills the statements' role, organisation
and country from it with ``affiliation_source`` = registry.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import io
from ..config import stable_hash
from ..nlp import gazetteer as gz
from .text import NAME_SUFFIXES

USER_COLUMNS = ["name", "aliases", "type", "role", "organization", "country", "wikidata"]


@dataclass(frozen=True)
class SpeakerIdentity:
    """The corpus-wide facts that settle who a statement's speaker is: the people the corpus
    names in full, which unify lone surnames and variants across articles, and the user's
    registry. Built once from the whole corpus, then applied shard by shard."""

    people: "PersonIdentity" = field(default_factory=lambda: PersonIdentity({}, {}))
    user: pd.DataFrame | None = None

    @classmethod
    def from_corpus(cls, speakers: pd.DataFrame, registry_path: str = "") -> "SpeakerIdentity":
        """``speakers``: columns speaker, speaker_type, speaker_id (and speaker_gender, when
        known) for every statement."""
        user = load_user_registry(registry_path) if registry_path else None
        return cls(person_identity(speakers), user)

    def apply(self, statements: pd.DataFrame) -> pd.DataFrame:
        out = unify_speaker_ids(statements, self.people)
        return apply_user_registry(out, self.user) if self.user is not None else out


def unify_speaker_ids(
    statements: pd.DataFrame, people: "PersonIdentity | None" = None
) -> pd.DataFrame:
    """Give each person the one identity the corpus supports for them.

    Per article, the entities stage already joins "Putin" to "Vladimir Putin"; this does it
    across articles (``people`` from ``person_identity`` over the whole corpus; by default over
    ``statements``): a full name that differs only by middle initials ("Donald J. Trump") takes
    the plainest spelling ("Donald Trump"), and a single-word name takes the full name of the
    only person in the corpus with that surname, or of the only one of its gender ("Mr. Obama"
    where the corpus names Barack and Michelle Obama). Where two people share the surname and
    the gender ("George W. Bush", "Jeb Bush") the lone surname is ambiguous and keeps its own
    identity."""
    people = person_identity(statements) if people is None else people
    if people.empty:
        return statements
    out = statements.copy()
    genders = out["speaker_gender"] if "speaker_gender" in out else [None] * len(out)
    hits = [
        people.resolve(name, gender) if named_person(t, sid) else None
        for name, t, sid, gender in zip(out["speaker"], out["speaker_type"], out["speaker_id"],
                                        genders)
    ]
    found = [h is not None for h in hits]
    out.loc[found, "speaker"] = [h[0] for h in hits if h is not None]
    out.loc[found, "speaker_id"] = [h[1] for h in hits if h is not None]
    return out


def named_person(type_, speaker_id) -> bool:
    """A named person (descriptions have no ``speaker_id``)."""
    return type_ == "person" and isinstance(speaker_id, str)


def identity_key(name) -> tuple[str, str] | None:
    """("surname", x) for a one-word name, ("name", all its words) for a full one."""
    if not isinstance(name, str) or not name.split():
        return None
    words = name_words(name)
    return ("surname", words[0]) if len(words) == 1 else ("name", " ".join(words))


def name_words(name: str) -> list[str]:
    return [w.casefold() for w in name.split() if w.casefold() not in NAME_SUFFIXES]


def plain_and_initials(words: list[str]) -> tuple[str, str]:
    """("donald trump", "j") for "Donald J. Trump": the name without its middle initials, and
    the initials."""
    middle = [i for i in range(1, len(words) - 1) if len(words[i].rstrip(".")) == 1]
    plain = " ".join(w for i, w in enumerate(words) if i not in middle)
    return plain, " ".join(words[i].rstrip(".") for i in middle)


Person = tuple[str, str]  # (canonical name, speaker_id)


@dataclass(frozen=True)
class PersonIdentity:
    """The people the corpus names in full: ``names`` maps the identity_key of each spelling
    to the person; ``surnames`` lists, per surname, each person carrying it with their gender
    (None where unknown; the person None for a name shared by two people)."""

    names: dict[tuple[str, str], Person]
    surnames: dict[str, list[tuple[Person | None, str | None]]]

    @property
    def empty(self) -> bool:
        return not (self.names or self.surnames)

    def resolve(self, name, gender=None) -> Person | None:
        """The person a name stands for, or None. A lone surname takes the only person with
        it, unless their genders differ ("Mr. Clinton" is not Hillary Clinton), or else the
        only one of its own gender when no bearer's gender is unknown."""
        key = identity_key(name)
        if key is None:
            return None
        if key[0] == "name":
            return self.names.get(key)
        bearers = self.surnames.get(key[1], [])
        gender = gender if isinstance(gender, str) else None
        if len(bearers) == 1:
            person, their = bearers[0]
            return None if gender and their and gender != their else person
        if not gender or any(their is None for _, their in bearers):
            return None
        same = [person for person, their in bearers if their == gender]
        return same[0] if len(same) == 1 else None


def person_identity(statements: pd.DataFrame) -> PersonIdentity:
    """The corpus's people, from rows with columns speaker, speaker_type, speaker_id (and
    speaker_gender, optional).

    Spellings that differ only by middle initials are one person when at most one set of
    initials occurs ("Donald Trump", "Donald J. Trump"); two sets ("George W. Bush",
    "George H. W. Bush") are two people. A full name with a word in front that is no given
    name ("Rival Hillary Clinton" at the start of a sentence, "Crooked Hillary Clinton") is
    a spelling of the person the rest names, and a common word before a surname that a person
    with a given name carries ("Against Obama") is that surname, read by its gender. A
    person's gender is the one their rows give most, else their given name's."""
    named = statements.dropna(subset=["speaker_id", "speaker"])
    named = named[named["speaker_type"] == "person"]
    genders = named["speaker_gender"] if "speaker_gender" in named else [None] * len(named)
    counts = named["n"] if "n" in named else [1] * len(named)  # the aggregate's row counts
    people: dict[str, dict[str, set[tuple[str, str]]]] = {}  # plain -> initials -> spellings
    seen_genders: dict[str, Counter] = {}
    for name, sid, gender, n in zip(named["speaker"], named["speaker_id"], genders, counts):
        words = name_words(name)
        if len(words) > 1:
            plain, initials = plain_and_initials(words)
            people.setdefault(plain, {}).setdefault(initials, set()).add((name, sid))
            if isinstance(gender, str):
                seen_genders.setdefault(plain, Counter())[gender] += int(n)
    given_surnames = {plain.split()[-1] for plain in people
                      if _given_or_initial(plain.split()[0])}
    described = {plain: _described(plain, people, given_surnames) for plain in people}
    spelled_as: dict[str, list[str]] = {}  # person -> the described names that are theirs
    for plain, owner in described.items():
        if owner:
            spelled_as.setdefault(owner, []).append(plain)
    names: dict[tuple[str, str], Person] = {}
    surnames: dict[str, list] = {}
    gender_of: dict[str, str | None] = {}
    for plain, variants in people.items():
        seen = seen_genders.get(plain)
        gender_of[plain] = most_frequent(seen)[0] if seen else gz.first_name_gender(
            plain.split()[0].capitalize())
        if described[plain]:
            continue
        spellings = set().union(*variants.values())
        initialled = [i for i in variants if i]
        if len(initialled) > 1:  # different people sharing first and last name
            surnames.setdefault(plain.split()[-1], []).extend([(None, None)] * len(initialled))
            continue
        # the plainest spelling speaks for all: "Donald Trump" rather than "Donald J. Trump"
        canonical = min(spellings, key=lambda n: (len(n[0]), _odd_capitals(n[0]), n))
        for variant in (plain, *spelled_as.get(plain, ())):
            for name, _ in set().union(*people[variant].values()):
                names[identity_key(name)] = canonical
        surnames.setdefault(plain.split()[-1], []).append((canonical, gender_of[plain]))
    identity = PersonIdentity(names, surnames)
    for plain, owner in described.items():  # "Against Obama": the surname's, by its gender
        person = identity.resolve(owner, gender_of[plain]) if owner == plain.split()[-1] else None
        for name, _ in set().union(*people[plain].values()) if person else ():
            names[identity_key(name)] = person
    return identity


def _given_or_initial(word: str) -> bool:
    """A given name or an initial ("hillary", "j.")."""
    return len(word.rstrip(".")) == 1 or gz.is_first_name(word.capitalize())


def _described(plain: str, people: dict, given_surnames: set[str]) -> str | None:
    """What ``plain`` names with a word in front that is no given name or initial: a person
    named in full ("rival hillary clinton" -> "hillary clinton"), or, after a common word
    (``gazetteer.is_never_person``: "Against Trump" opening a sentence), a surname that a person
    with a given name carries; else None. A rare given name stays a name ("Jeh Johnson")."""
    first, _, rest = plain.partition(" ")
    if _given_or_initial(first):
        return None
    if len(rest.split()) >= 2:
        return rest if rest in people and _given_or_initial(rest.split()[0]) else None
    return rest if rest in given_surnames and gz.is_never_person(first.capitalize()) else None


def _odd_capitals(name: str) -> int:
    """Words with a capital second letter in a mixed-case word ("HIllary", a typo)."""
    return sum(len(w) > 2 and w[1].isupper() and not w.isupper() for w in name.split())


# ---------------------------------------------------------------------------------------------
# The partial aggregate behind the identity: who is named how, shard by shard.

NAME_COLUMNS = ["speaker", "speaker_type", "speaker_id", "speaker_gender", "n"]


def speaker_names(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One shard's named speakers (name, type, id, gender) with their statement counts: all that
    ``SpeakerIdentity.from_corpus`` needs, a few rows per speaker instead of one per statement."""
    named = tables["speakers"].dropna(subset=["speaker_id"])
    keys = NAME_COLUMNS[:-1]
    return named.groupby(keys, dropna=False, sort=True).size().rename("n").reset_index()


def merge_speaker_names(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in NAME_COLUMNS})
    df = pd.concat(frames, ignore_index=True)
    return df.groupby(NAME_COLUMNS[:-1], dropna=False, sort=True)["n"].sum().reset_index()


# ---------------------------------------------------------------------------------------------
# The registry, built statement batch by statement batch.


@dataclass
class _Speaker:
    names: Counter = field(default_factory=Counter)
    types: Counter = field(default_factory=Counter)
    genders: Counter = field(default_factory=Counter)
    roles: Counter = field(default_factory=Counter)
    organizations: Counter = field(default_factory=Counter)
    countries: Counter = field(default_factory=Counter)
    codes: Counter = field(default_factory=Counter)  # (country, code)
    variants: set = field(default_factory=set)
    first: pd.Timestamp | None = None
    last: pd.Timestamp | None = None
    n_statements: int = 0
    n_articles: int = 0


class RegistryTable:
    """Statements in, one row per named speaker out, in memory bounded by the number of
    speakers. Counts are summed and ties broken by count, then by the value itself, so the
    registry does not depend on how the statements were split into batches.

    Each batch must hold whole articles (a shard does): articles are counted per batch."""

    def __init__(self):
        self.speakers: dict[str, _Speaker] = {}

    def add(self, statements: pd.DataFrame) -> None:
        named = statements.dropna(subset=["speaker_id"])
        named = named.assign(published=pd.to_datetime(named["published"], utc=True))
        articles: dict[str, set] = {}
        for r in io.records(named):  # one pass in plain Python: per-group pandas calls were slow
            sid = r["speaker_id"]
            s = self.speakers.setdefault(sid, _Speaker())
            s.n_statements += 1
            articles.setdefault(sid, set()).add(r["article_id"])
            for counter, value in (
                (s.names, r["speaker"]),
                (s.types, r["speaker_type"]),
                (s.genders, r["speaker_gender"]),
                (s.roles, r["role"]),
                (s.organizations, r["organization"]),
                (s.countries, r["country"]),
            ):
                if value is not None:
                    counter[value] += 1
            if r["country"] is not None and r["country_code"]:
                s.codes[(r["country"], r["country_code"])] += 1
            if r["speaker_mention"]:
                s.variants.add(r["speaker_mention"])
            if r["published"] is not None:
                s.first = min(s.first or r["published"], r["published"])
                s.last = max(s.last or r["published"], r["published"])
        for sid, ids in articles.items():
            self.speakers[sid].n_articles += len(ids)

    def table(self, user: pd.DataFrame | None = None) -> pd.DataFrame:
        if not self.speakers:
            return io.empty("speaker_registry")
        rows = [registry_row(sid, self.speakers[sid]) for sid in sorted(self.speakers)]
        registry = pd.DataFrame(rows)
        return override(registry, user) if user is not None else registry


def build_registry(statements: pd.DataFrame, user: pd.DataFrame | None = None) -> pd.DataFrame:
    """The registry of ``statements`` in one go (see ``RegistryTable``)."""
    table = RegistryTable()
    table.add(statements)
    return table.table(user)


def registry_row(speaker_id: str, s: _Speaker) -> dict:
    role, role_n = most_frequent(s.roles)
    org, org_n = most_frequent(s.organizations)
    country, country_n = most_frequent(s.countries)
    codes = Counter({code: n for (c, code), n in s.codes.items() if c == country})
    return {
        "speaker_id": speaker_id,
        "name": most_frequent(s.names)[0],
        "type": most_frequent(s.types)[0],
        "gender": most_frequent(s.genders)[0],
        "variants": sorted(s.variants),
        "role": role,
        "role_count": role_n,
        "organization": org,
        "organization_count": org_n,
        "country": country,
        "country_code": most_frequent(codes)[0],
        "country_count": country_n,
        "first_published": s.first,
        "last_published": s.last,
        "n_statements": s.n_statements,
        "n_articles": s.n_articles,
    }


def most_frequent(counts: Counter) -> tuple[str | None, int]:
    """The commonest value and its count; ties go to the smallest value (a total order, so
    the answer does not depend on the order the values were seen in)."""
    if not counts:
        return None, 0
    value, n = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return value, n


def load_user_registry(path: str | Path) -> pd.DataFrame:
    """The user's CSV with one ``key`` per name and alias (casefolded) for matching."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False).reindex(columns=USER_COLUMNS)
    df = df.fillna("")
    df["type"] = df["type"].replace("", "person")
    df["speaker_id"] = [speaker_key(n, t) for n, t in zip(df["name"], df["type"])]
    return df


@lru_cache(maxsize=1 << 16)  # names recur within and across articles; hashing each cost
def speaker_key(name: str, type_: str) -> str:
    """The corpus-wide key of a named entity (``speaker_id``, ``target_id``): its type and its
    name, case and spacing normalised. The entities stage, stance targets and the user registry
    all key entities this way, so they join."""
    return stable_hash(f"{type_}|{' '.join(name.casefold().split())}")


def user_lookup(user: pd.DataFrame) -> dict[str, dict]:
    """Name or alias (casefolded) -> user row."""
    lookup = {}
    for row in user.to_dict("records"):
        for alias in [row["name"], *row["aliases"].split("|")]:
            if alias.strip():
                lookup[" ".join(alias.casefold().split())] = row
    return lookup


def override(registry: pd.DataFrame, user: pd.DataFrame) -> pd.DataFrame:
    lookup = user_lookup(user)
    out = registry.copy()
    for i, name in enumerate(out["name"]):
        row = lookup.get(" ".join(str(name).casefold().split()))
        if row is None:
            continue
        out.loc[out.index[i], "name"] = row["name"]
        for column in ("role", "organization", "country"):
            if row[column]:
                out.loc[out.index[i], column] = row[column]
        country = gz.country_of(row["country"]) if row["country"] else None
        if country:
            out.loc[out.index[i], "country_code"] = country.code
        if row["wikidata"]:
            out.loc[out.index[i], "wikidata"] = row["wikidata"]
    return out


def apply_user_registry(statements: pd.DataFrame, user: pd.DataFrame) -> pd.DataFrame:
    """Statements whose speaker the user registry knows take its name, role, organisation and
    country (``affiliation_source`` = registry)."""
    lookup = user_lookup(user)
    out = statements.copy()
    for i, name in enumerate(out["speaker"]):
        row = lookup.get(" ".join(str(name).casefold().split())) if isinstance(name, str) else None
        if row is None:
            continue
        idx = out.index[i]
        out.loc[idx, "speaker"] = row["name"]
        out.loc[idx, "speaker_id"] = row["speaker_id"]
        for column in ("role", "organization", "country"):
            if row[column]:
                out.loc[idx, column] = row[column]
        country = gz.country_of(row["country"]) if row["country"] else None
        out.loc[idx, "country_code"] = country.code if country else out.loc[idx, "country_code"]
        out.loc[idx, "affiliation_source"] = "registry"
    return out
