"""Build the gazetteer tables in ``pipeline/resources/gazetteer/`` from ``../shared/ling``.

Run from the repository root::

    .venv/bin/python scripts/build_gazetteer.py [--shared ../shared]

Outputs (see the folder's README for sources and licences):

- ``countries.tsv``: form, iso2, iso3, country, kind (name | official | alt | demonym | capital)
- ``roles.tsv``: role, gender (f | m | empty), kind (political | news | occupation)
- ``honorifics.tsv``: form, gender
- ``org_heads.txt``, ``group_nouns.txt``, ``news_outlets.txt``: one entry a line
- ``places.tsv``: form, kind (region | prefix | head): places that are not countries
- ``first_names.tsv.gz``: name, gender (f | m | u), total births

The curated lists below are the part a human chose; the rest is read from the shared files.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
from pathlib import Path

import pandas as pd

OUT = Path(__file__).resolve().parents[1] / "pipeline" / "resources" / "gazetteer"

# Aliases news text uses that mledoze lists only as two-letter codes or not at all.
COUNTRY_ALIASES = {
    "US": ["U.S.", "US", "U.S.A.", "USA", "America", "United States of America", "Washington"],
    "GB": ["U.K.", "UK", "Britain", "Great Britain", "England", "Scotland", "Wales"],
    "TR": ["Turkey"],
    "AE": ["UAE", "U.A.E."],
    "CD": ["DRC", "Democratic Republic of Congo"],
    "CZ": ["Czech Republic"],
    "KP": ["Korea, North"],
    "MM": ["Burma"],
    "CI": ["Ivory Coast"],
}
# Adjectives mledoze does not list as demonyms.
EXTRA_DEMONYMS = {
    "AZ": ["Azeri"],
    "SA": ["Saudi"],
    "US": ["U.S.", "US"],
    "GB": ["UK", "U.K.", "English", "Scottish", "Welsh"],
    "PH": ["Philippine"],
    "NL": ["Netherlands"],
    "CN": ["Sino"],
}
# Capitals that are far more often a person's or another place's name in English news.
CAPITAL_STOPLIST = {
    "Victoria", "Kingston", "Georgetown", "Hamilton", "Washington D.C.", "Santiago", "Palikir",
    "Road Town", "King Edward Point", "The Valley", "Avarua", "Alofi", "Plymouth", "Jamestown",
    "Adamstown", "Basseterre", "Castries", "Kingstown", "Saint John's", "Saint Helier",
}

# Political and news titles, with a gender where the word carries one.
POLITICAL_ROLES = """
president|vice president|prime minister|deputy prime minister|minister|foreign minister
defence minister|defense minister|interior minister|finance minister|chancellor|premier
secretary|secretary of state|secretary-general|secretary general|undersecretary|deputy minister
senator|state senator|sen.|congressman|m|congresswoman|f|congressperson|representative|rep.
lawmaker|legislator|governor|gov.|lieutenant governor|mayor|deputy mayor|councillor|councilman|m
councilwoman|f|council member|councilmember|assemblyman|m|assemblywoman|f|assemblymember
speaker|majority leader|minority leader|leader|chairman|m|chairwoman|f|chair|chairperson
ambassador|envoy|diplomat|consul|attorney general|prosecutor|district attorney|judge|justice
chief justice|king|m|queen|f|prince|m|princess|f|emperor|m|sheikh|m|emir|m|pope|m|cardinal|m
general|gen.|admiral|colonel|col.|commander|lieutenant|captain|sergeant|major|marshal
chief of staff|commissioner|superintendent|sheriff|police chief|chief|director|deputy director
head|deputy head|deputy|aide|adviser|advisor|official|officer|spokesman|m|spokeswoman|f
spokesperson|press secretary|secretary of defense|secretary of education|president-elect
candidate|nominee|mp|mep|member of parliament|party leader|opposition leader|foreign secretary
home secretary|health secretary|treasury secretary|defense secretary|defence secretary
state secretary|deputy foreign minister|ombudsman|auditor|comptroller|regent|trustee
ceo|chief executive|chief executive officer|cfo|chief financial officer|coo|cto|founder
co-founder|cofounder|executive director|managing director|vice chair|vice-president
general manager|manager|analyst|economist|strategist|researcher|scientist|professor|lecturer
attorney|lawyer|counsel|general counsel|spokesperson|representative|partner|owner|editor
reporter|correspondent|journalist|columnist|anchor|activist|advocate|organizer|organiser
pastor|priest|rabbi|imam|bishop|archbishop|nurse|doctor|physician|surgeon|teacher|principal
student|coach|chancellor|provost|dean|president and ceo|inspector|detective|investigator
member|board member|supervisor|consultant|specialist|coordinator|administrator|expert
selectman|m|selectwoman|f|alderman|m|alderwoman|f|volunteer
""".replace("\n", "|")

HONORIFICS = {
    "Mr": "m", "Mr.": "m", "Mrs": "f", "Mrs.": "f", "Ms": "f", "Ms.": "f", "Miss": "f",
    "Sir": "m", "Dame": "f", "Lady": "f", "Lord": "m", "Madam": "f", "Madame": "f",
    "Mme": "f", "Mme.": "f", "Dr": "", "Dr.": "", "Prof": "", "Prof.": "", "Professor": "",
    "Rev": "", "Rev.": "", "Father": "m", "Sister": "f", "Brother": "m",
}

ORG_HEADS = """
Ministry Ministries Department Dept. Party Council Agency Agencies Inc. Inc Corp. Corp Corporation
Company Co. Ltd. Ltd LLC PLC plc Group Bank University College Institute School Academy Police
Commission Committee Court Army Navy Forces Force Guard Guards Service Services Office Bureau
Administration Authority Authorities Board Assembly Parliament Senate Congress Cabinet Government
Federation Union Association Foundation Fund Center Centre Coalition Alliance Organization
Organisation Society League Network Project Program Programme Trust Hospital Church Diocese
Network Times Post Journal News Agency Press Tribune Herald Gazette Reuters Ministry Kremlin
Pentagon Secretariat Directorate Command Council Tribunal Prosecutor's Staff Duma Knesset Majlis
Front Movement Brigade Brigades Battalion Militia Committee Senate Chamber District Institute
Laboratory Labs Research Partners Holdings Airlines Industries Systems Technologies Bloc
Legislature County House Conference
""".split()

GROUP_NOUNS = """
officials authorities activists residents protesters protestors demonstrators critics experts
analysts observers witnesses villagers citizens voters lawmakers legislators diplomats sources
leaders officers soldiers troops police investigators prosecutors researchers scientists doctors
nurses teachers parents students workers employees staff farmers landowners locals opponents
supporters members organizers organisers advocates economists historians politicians ministers
republicans democrats conservatives liberals militants rebels separatists insurgents refugees
migrants survivors families relatives neighbors neighbours campaigners environmentalists
delegates donors aides advisers advisors senators governors volunteers strategists pollsters
commentators journalists reporters executives negotiators judges hackers
""".split()


# Places that are not countries, read as no one's name: "Nebraska", "San Jose", "Story Road".
US_STATES = """
Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Hawaii|Idaho
Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota
Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York
North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina
South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington State|West Virginia|Wisconsin
Wyoming|District of Columbia|Puerto Rico|Guam|Alberta|British Columbia|Manitoba|New Brunswick
Newfoundland|Nova Scotia|Ontario|Quebec|Saskatchewan
"""
# First words of place names ("San Jose", "Fort Worth") and last words ("Coyote Creek"); not
# surnames a person is often called by (Park, Hill and Lake are left out for that reason).
PLACE_PREFIXES = "San Santa Los Las El Fort Port Mount Saint New North South East West Upper Lower"
PLACE_HEADS = """Road Street Avenue Boulevard Highway Freeway Parkway Creek River Valley Bay Area
Heights Springs Canyon Island Islands Peninsula Coast Desert Mountains Harbor Harbour Square
Plaza Bridge"""


def place_rows() -> list[tuple[str, str]]:
    """(form, kind): kind = region (a state or province) | prefix | head."""
    rows = [(s.strip(), "region") for s in US_STATES.replace("\n", "|").split("|") if s.strip()]
    rows += [(w, "prefix") for w in PLACE_PREFIXES.split()]
    rows += [(w, "head") for w in PLACE_HEADS.split()]
    return sorted(rows)


def load_demonyms(shared: Path) -> pd.DataFrame:
    path = shared / "ling" / "mledoze_countries" / "countries_demonyms.tsv"
    return pd.read_csv(path, sep="\t", keep_default_na=False, dtype=str)


def country_rows(countries: pd.DataFrame) -> list[tuple[str, str, str, str, str]]:
    """(form, iso2, iso3, country, kind) for every way news text names a country."""
    rows = []
    # Sovereign states first, so they claim shared forms ("American" is not the Mariana Islands).
    sovereign_first = countries["un_member"].ne("True").astype(int)
    countries = countries.assign(_order=sovereign_first).sort_values("_order", kind="stable")
    for rec in countries.itertuples(index=False):
        code, code3, name = rec.cca2, rec.cca3, rec.name_common
        rows.append((name, code, code3, name, "name"))
        rows.append((rec.name_official, code, code3, name, "official"))
        for alt in filter(None, rec.alt_names.split("|")):
            if alt.isascii() and len(alt) > 3 and "," not in alt:
                rows.append((alt, code, code3, name, "alt"))
        for alt in COUNTRY_ALIASES.get(code, []):
            rows.append((alt, code, code3, name, "alt"))
        demonyms = {rec.demonym_m, rec.demonym_f, *EXTRA_DEMONYMS.get(code, [])}
        for demonym in sorted(filter(None, demonyms)):
            rows.append((demonym, code, code3, name, "demonym"))
        sovereign = rec.independent == "True" or rec.un_member == "True"
        if rec.capital and sovereign and rec.capital not in CAPITAL_STOPLIST:
            rows.append((rec.capital, code, code3, name, "capital"))
    # First claim wins: a form names one country (e.g. "Congolese" stays with the first Congo).
    seen: set[str] = set()
    unique = []
    for row in rows:
        if row[0].lower() not in seen:
            seen.add(row[0].lower())
            unique.append(row)
    return unique


def role_rows(shared: Path) -> list[tuple[str, str, str]]:
    tokens = [t.strip() for t in POLITICAL_ROLES.split("|") if t.strip()]
    rows: dict[str, tuple[str, str, str]] = {}
    for i, token in enumerate(tokens):
        if token in ("m", "f"):
            continue
        gender = tokens[i + 1] if i + 1 < len(tokens) and tokens[i + 1] in ("m", "f") else ""
        rows.setdefault(token, (token, gender, "political"))
    occupations = json.loads((shared / "ling/dariusk_corpora/occupations.json").read_text())
    for occupation in occupations["occupations"]:
        rows.setdefault(occupation.lower(), (occupation.lower(), "", "occupation"))
    return sorted(rows.values())


def first_name_rows(shared: Path, min_births: int) -> list[tuple[str, str, int]]:
    """Names with at least ``min_births`` births; gender where one sex has >= 90% of them."""
    ssa = pd.read_csv(shared / "ling/ssa_first_names/ssa_name_gender_1880_2020.tsv", sep="\t")
    ssa["total"] = ssa["female"] + ssa["male"]
    ssa = ssa[ssa["total"] >= min_births]
    gender = ssa["p_female"].map(lambda p: "f" if p >= 0.9 else "m" if p <= 0.1 else "u")
    rows = {n: (n, g, int(t)) for n, g, t in zip(ssa["name"], gender, ssa["total"])}
    # Kantrowitz lists add names of other origins (Nikol, Leyla ...) the SSA counts miss.
    for sex, file in (("f", "female.txt"), ("m", "male.txt")):
        for line in (shared / "ling/nltk_names" / file).read_text().splitlines():
            name = line.strip()
            if name and not name.startswith("#") and name not in rows:
                rows[name] = (name, sex, 0)
    for name, sex in EXTRA_FIRST_NAMES.items():
        rows[name] = (name, sex, rows.get(name, (name, sex, 0))[2])
    return sorted(rows.values())


# International first names frequent in world news: missing from both lists, or given the
# US majority sex (SSA counts Nikol as female).
EXTRA_FIRST_NAMES = {
    "Nikol": "m", "Ilham": "m", "Vladimir": "m", "Sergei": "m", "Sergey": "m", "Dmitry": "m",
    "Dmitri": "m", "Leyla": "f", "Recep": "m", "Emmanuel": "m", "Volodymyr": "m", "Xi": "m",
    "Narendra": "m", "Benjamin": "m", "Olaf": "m", "Mevlut": "m", "Hikmet": "m", "Ursula": "f",
    "Yoshihide": "m", "Fumio": "m", "Shinzo": "m", "Jair": "m", "Nayib": "m", "Abiy": "m",
    "Barack": "m", "Bernie": "m",
}


def write_tsv(path: Path, header: list[str], rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_lines(path: Path, items) -> None:
    path.write_text("\n".join(sorted(set(items))) + "\n", encoding="utf-8")


def news_outlets(shared: Path) -> list[str]:
    papers = json.loads((shared / "ling/dariusk_corpora/newspapers.json").read_text())
    extra = ["Reuters", "Associated Press", "AP", "AFP", "Agence France-Presse", "BBC", "CNN",
             "TASS", "Interfax", "RIA Novosti", "Xinhua", "Bloomberg", "Al Jazeera", "NPR",
             "Fox News", "The Guardian", "The Times", "Politico", "Axios", "The Post",
             # outside the US list: Canada, the UK, Australia, wire and wiki news
             "Toronto Star", "Edmonton Sun", "Toronto Sun", "Ottawa Citizen", "National Post",
             "The Globe and Mail", "CBC", "CTV", "The Daily Telegraph", "The Independent",
             "Financial Times", "The Economist", "Sky News", "ABC News", "The Age",
             "Sydney Morning Herald", "Wikinews", "Yonhap", "Kyodo", "Anadolu"]
    return [*papers["newspapers"], *extra]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument("--min-births", type=int, default=500)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    countries = country_rows(load_demonyms(args.shared))
    write_tsv(OUT / "countries.tsv", ["form", "iso2", "iso3", "country", "kind"], countries)
    write_tsv(OUT / "roles.tsv", ["role", "gender", "kind"], role_rows(args.shared))
    write_tsv(OUT / "honorifics.tsv", ["form", "gender"], sorted(HONORIFICS.items()))
    write_lines(OUT / "org_heads.txt", ORG_HEADS)
    write_lines(OUT / "group_nouns.txt", GROUP_NOUNS)
    write_lines(OUT / "news_outlets.txt", news_outlets(args.shared))
    write_tsv(OUT / "places.tsv", ["form", "kind"], place_rows())
    names = first_name_rows(args.shared, args.min_births)
    body = "name\tgender\tbirths\n" + "".join(f"{n}\t{g}\t{t}\n" for n, g, t in names)
    # mtime=0 keeps the bytes, and so the stage fingerprints, identical across rebuilds.
    (OUT / "first_names.tsv.gz").write_bytes(gzip.compress(body.encode(), 9, mtime=0))
    print(f"countries {len(countries)} forms, first names {len(names)} -> {OUT}")


if __name__ == "__main__":
    main()
