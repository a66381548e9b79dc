"""Names first: the data the reader's search looks a query up in before full text.

Residents search for their community by its name, its short form (望湖西里, 望湖), its
street or district, or its pinyin (``wanghuxili``, ``whxl``); journalists search for a
policy by its 文号 and a notice by its title. Full-text search ranks those poorly (a
notice that mentions a name often outranks the community's page), so the search box
first looks the query up in a table of names made here from the model, and shows
full-text results below.

The table is split into buckets so the first query downloads little at any size: an
entry is filed under every character of its name (so a query may start anywhere in a
name) and under the first letter of its pinyin; the browser reads only the bucket of
the query's first character (``key % buckets``). A small manifest holds the bucket
count, the notices and policies (a few hundred at most) and the site's extra Pagefind
bundles. Everything depends on the content only: the same content, the same bytes.

How a query is normalised and which suffixes a name may drop are one table
(``browser_rules``), used here and written into ``assets/search.js``.
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from pypinyin import Style, lazy_pinyin
from pypinyin import pinyin as heteronyms

from .browser import with_rules
from .model import Site
from .search import HAN, INDEX_LANGUAGE
from .urls import DIRECTORY_URI, LOOKUP_FOLDER, LOOKUP_MANIFEST, community_uri, notice_uri, policy_uri
from .views import chinese_sort_key, directory

# What a name may drop and still be that name ("望湖西里社区" → "望湖西里"), longest first.
NAME_SUFFIXES = ("社区居民委员会", "社区居委会", "居民委员会", "村民委员会", "居委会", "村委会", "社区", "村")
PLACE_SUFFIXES = ("街道办事处", "街道", "新区", "镇", "乡", "区", "县", "市", "旗")
MIN_STRIPPED = 2  # "北村" stays "北村": a short form has at least two characters
# Brackets of a 文号 as editors and readers type them: 青文明委〔2026〕3号, [2026], (2026)…
OPENING = "〔[(【［（"
CLOSING = "〕])】］）"
# Dropped from names and queries: spaces, the apostrophe of pinyin (xi'an), dots and dashes.
DROPPED = " \t\r\n\u3000'’·・•-_."

PLACE_MEMBERS = 8  # a district's communities listed with it (the directory lists all)
BUCKET_ENTRIES = 300  # entries a bucket holds at most on average (about 15 KB)


def normalize(text: str) -> str:
    """What a name or a query is compared as (the browser does the same, from
    ``browser_rules``): NFKC (full-width letters and digits become ASCII), lower case,
    one kind of bracket, no spaces or separators."""
    text = unicodedata.normalize("NFKC", text).lower()
    table = {ord(c): "〔" for c in OPENING} | {ord(c): "〕" for c in CLOSING} | {ord(c): None for c in DROPPED}
    return text.translate(table)


def strip_suffix(text: str, suffixes: tuple[str, ...]) -> str:
    """``text`` without its first matching suffix, when at least two characters remain."""
    for suffix in suffixes:
        if text.endswith(suffix) and len(text) - len(suffix) >= MIN_STRIPPED:
            return text[: -len(suffix)]
    return text


def pinyin(text: str) -> tuple[str, str]:
    """Full pinyin without tones and its initials, for an already normalised name
    ("望湖西里" → ("wanghuxili", "whxl")); letters and digits stay as they are.

    A name whose first character has several readings gets each of them, after the
    reading in context, separated by "|": place names often begin with a surname
    read otherwise in words (曾家湾 is zēng: "cengjiawan|zengjiawan")."""
    syllables = [s for s in lazy_pinyin(text, style=Style.NORMAL, errors=lambda chars: list(chars)) if s]
    if not syllables:
        return "", ""
    firsts = [syllables[0]]
    if "\u4e00" <= text[0] <= "\u9fff":
        for reading in heteronyms(text[0], style=Style.NORMAL, heteronym=True)[0]:
            if reading not in firsts:
                firsts.append(reading)
    rest = "".join(syllables[1:])
    rest_initials = "".join(s[0] for s in syllables[1:])
    full = "|".join(first + rest for first in firsts)
    initials = "|".join(dict.fromkeys(first[0] + rest_initials for first in firsts))
    return full, initials


def suffix_pinyin() -> list[str]:
    """The pinyin (full and initials) of the name suffixes, which a query may end with
    ("wanghuxilishequ", "whxlsq")."""
    found: set[str] = set()
    for suffix in NAME_SUFFIXES:
        full, initials = pinyin(suffix)
        found.update((full.split("|")[0], initials.split("|")[0]))  # read in context only
    return sorted(found, key=lambda s: (-len(s), s))


def browser_rules() -> dict:
    return {
        "nameSuffixes": list(NAME_SUFFIXES),
        "placeSuffixes": list(PLACE_SUFFIXES),
        "pinyinSuffixes": suffix_pinyin(),
        "minStripped": MIN_STRIPPED,
        "opening": OPENING,
        "closing": CLOSING,
        "dropped": DROPPED,
        "han": HAN,  # full text: Chinese is indexed as pairs of characters (search.pairs)
        "indexLanguage": INDEX_LANGUAGE,
    }


RULES_PLACEHOLDER = "/*LOOKUP_RULES*/null"


def with_browser_rules(script: str) -> str:
    """``script`` (assets/search.js) with the rules written in for its placeholder."""
    return with_rules(script, RULES_PLACEHOLDER, browser_rules(), "assets/search.js")


# -- the table ---------------------------------------------------------------------------


@dataclass
class _Name:
    """A community, street or district as the lookup files it."""

    name: str
    keys: set[int] = field(default_factory=set)
    full: str = ""
    initials: str = ""

    def __post_init__(self) -> None:
        self.full, self.initials = pinyin(self.stripped)
        self.keys = {ord(c) for c in self.stripped} | {ord(reading[0]) for reading in self.full.split("|") if reading}

    @property
    def stripped(self) -> str:
        raise NotImplementedError


@dataclass
class _CommunityName(_Name):
    url: str = ""
    street: int = 0  # the street's number in ``_Table.streets``

    @property
    def stripped(self) -> str:
        return strip_suffix(normalize(self.name), NAME_SUFFIXES)


@dataclass
class _PlaceName(_Name):
    url: str = ""  # its section of the directory
    district: str = ""  # a street's district ("" for a district)
    members: list[int] = field(default_factory=list)  # numbers in ``_Table.communities``
    count: int = 0

    @property
    def stripped(self) -> str:
        return strip_suffix(normalize(self.name), PLACE_SUFFIXES)


@dataclass
class LookupTable:
    buckets: int
    files: dict[str, bytes]  # site path → bytes



def bucket_count(entries: int) -> int:
    """Buckets for ``entries`` filings: a power of two keeping each near ``BUCKET_ENTRIES``."""
    buckets = 1
    while entries > buckets * BUCKET_ENTRIES:
        buckets *= 2
    return buckets


def _dumps(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def lookup_table(site: Site, url_of: Callable[[str], str], bundles: list[str]) -> LookupTable:
    """The lookup files for ``site``. ``url_of(source URI)`` gives a page's address
    relative to the site root, as MkDocs publishes it; ``bundles`` are the site's extra
    Pagefind bundles (paths from the site root), which the browser merges.

    Bucket file layout (arrays, to keep the download small; ``assets/search.js`` reads it):

    - ``c``: communities ``[name, url, street, pinyin, initials]``, ``street`` a number in
      ``s``, the readings of ``pinyin`` and ``initials`` separated by "|" (see ``pinyin``);
    - ``s``: streets ``[name, district, url, pinyin, initials, members]``, ``members``
      numbers in ``c`` (``null`` when the street is only there to name a community's);
    - ``d``: districts ``[name, url, count, pinyin, initials, members]`` (the first
      ``PLACE_MEMBERS`` communities in the directory's order).
    """
    directory_url = url_of(DIRECTORY_URI)
    streets: list[_PlaceName] = []
    districts: list[_PlaceName] = []
    communities: list[_CommunityName] = []
    for district in directory(site):
        members: list[int] = []
        for street in district.streets:
            place = _PlaceName(street.name, url=f"{directory_url}#{street.anchor}", district=district.name, count=len(street.communities))
            for community in street.communities:
                place.members.append(len(communities))
                communities.append(_CommunityName(community.name, url=url_of(community_uri(community.slug)), street=len(streets)))
            members.extend(place.members)
            streets.append(place)
        districts.append(_PlaceName(district.name, url=f"{directory_url}#{district.anchor}", count=district.count, members=members[:PLACE_MEMBERS]))

    filings = sum(len(n.keys) for n in (*communities, *streets, *districts))
    buckets = bucket_count(filings)
    chosen: dict[int, dict[str, set[int]]] = defaultdict(lambda: {"c": set(), "s": set(), "d": set()})
    for kind, names in (("c", communities), ("s", streets), ("d", districts)):
        for number, name in enumerate(names):
            for key in name.keys:
                chosen[key % buckets][kind].add(number)

    files = {}
    for bucket in range(buckets):
        files[f"{LOOKUP_FOLDER}/{buckets}-{bucket}.json"] = _dumps(_bucket(chosen[bucket], communities, streets, districts))
    manifest = {
        "root": "../" * len(LOOKUP_FOLDER.split("/")),  # the site root, from the manifest
        "buckets": buckets,
        "bundles": bundles,
        "docs": _documents(site, url_of),
    }
    files[LOOKUP_MANIFEST] = _dumps(manifest)
    return LookupTable(buckets, files)


def _bucket(chosen: dict[str, set[int]], communities: list[_CommunityName], streets: list[_PlaceName], districts: list[_PlaceName]) -> dict:
    """One bucket: the names filed under it, the communities its places list, and the
    streets those communities lie in (to show beside each name)."""
    wanted_c = set(chosen["c"])
    for number in chosen["s"]:
        wanted_c.update(streets[number].members)
    for number in chosen["d"]:
        wanted_c.update(districts[number].members)
    wanted_s = set(chosen["s"]) | {communities[n].street for n in wanted_c}
    c_order = sorted(wanted_c)
    s_order = sorted(wanted_s)
    c_at = {n: i for i, n in enumerate(c_order)}
    s_at = {n: i for i, n in enumerate(s_order)}
    c_rows = [[communities[n].name, communities[n].url, s_at[communities[n].street], communities[n].full, communities[n].initials] for n in c_order]
    s_rows = []
    for n in s_order:
        s = streets[n]
        members = [c_at[m] for m in s.members] if n in chosen["s"] else None
        s_rows.append([s.name, s.district, s.url, s.full, s.initials, members])
    d_rows = []
    for n in sorted(chosen["d"]):
        d = districts[n]
        d_rows.append([d.name, d.url, d.count, d.full, d.initials, [c_at[m] for m in d.members]])
    return {"c": c_rows, "s": s_rows, "d": d_rows}


def _documents(site: Site, url_of: Callable[[str], str]) -> list[list[str]]:
    """Policies and notices: ``[title, url, kind, 文号]`` (kind "政策" or "公示")."""
    rows = []
    for slug, policy in sorted(site.policies.items(), key=lambda kv: (chinese_sort_key(kv[1].title), kv[0])):
        rows.append([policy.title, url_of(policy_uri(slug)), "政策", policy.doc_number or ""])
    for slug, notice in sorted(site.notices.items(), key=lambda kv: (chinese_sort_key(kv[1].title), kv[0])):
        rows.append([notice.title, url_of(notice_uri(slug)), "公示", ""])
    return rows
