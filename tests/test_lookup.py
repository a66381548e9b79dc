"""The search box's table of names (showcase/lookup.py), without a browser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from showcase.loader import load_site
from showcase.lookup import (
    BUCKET_ENTRIES,
    NAME_SUFFIXES,
    PLACE_SUFFIXES,
    browser_rules,
    bucket_count,
    lookup_table,
    normalize,
    pinyin,
    strip_suffix,
    suffix_pinyin,
    with_browser_rules,
)
from showcase.urls import LOOKUP_FOLDER, LOOKUP_MANIFEST
from tests.conftest import ROOT

CITY = Path(__file__).parent / "fixtures" / "search-city"


def url_of(uri: str) -> str:
    """As MkDocs publishes with use_directory_urls."""
    return uri.removesuffix("index.md").removesuffix(".md") + ("/" if uri.endswith(".md") and not uri.endswith("index.md") else "")


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("望湖西里 社区", "望湖西里社区"),
        ("ＷＡＮＧ Hu", "wanghu"),  # full-width letters, case, spaces
        ("xi'an", "xian"),
        ("青文明委（2026）３号", "青文明委〔2026〕3号"),
        ("青文明委[2026]3号", "青文明委〔2026〕3号"),
        ("青文明委【2026】3号", "青文明委〔2026〕3号"),
    ],
)
def test_normalize(text, normal):
    assert normalize(text) == normal


def test_short_forms_keep_two_characters():
    assert strip_suffix("望湖西里社区", NAME_SUFFIXES) == "望湖西里"
    assert strip_suffix("盐仓居委会", NAME_SUFFIXES) == "盐仓"
    assert strip_suffix("桃园村", NAME_SUFFIXES) == "桃园"
    assert strip_suffix("北村", NAME_SUFFIXES) == "北村"  # "北" alone is no name
    assert strip_suffix("临波街道", PLACE_SUFFIXES) == "临波"
    assert strip_suffix("湖滨区", PLACE_SUFFIXES) == "湖滨"


def test_pinyin_reads_names_in_context_and_surnames_both_ways():
    assert pinyin("望湖西里") == ("wanghuxili", "whxl")
    assert pinyin("长乐里")[0].split("|")[0] == "changleli"
    assert pinyin("重阳")[0].split("|")[0] == "chongyang"
    full, initials = pinyin("曾家湾")
    assert "zengjiawan" in full.split("|") and "zjw" in initials.split("|")
    assert pinyin("") == ("", "")
    assert "shequ" in suffix_pinyin() and "sq" in suffix_pinyin()


def test_bucket_count_grows_with_the_content():
    assert bucket_count(0) == 1
    assert bucket_count(BUCKET_ENTRIES) == 1
    assert bucket_count(BUCKET_ENTRIES + 1) == 2
    assert bucket_count(40 * BUCKET_ENTRIES) == 64


def test_rules_are_written_into_the_script():
    script = "var RULES = /*LOOKUP_RULES*/null;"
    written = with_browser_rules(script)
    rules = json.loads(written.removeprefix("var RULES = ").removesuffix(";"))
    assert rules == json.loads(json.dumps(browser_rules()))
    with pytest.raises(ValueError):
        with_browser_rules("no placeholder")


@pytest.fixture(scope="module")
def city():
    return load_site(CITY)


def test_every_name_is_in_the_bucket_of_each_of_its_characters(city):
    table = lookup_table(city, url_of, ["pagefind/d-x/"])
    manifest = json.loads(table.files[LOOKUP_MANIFEST])
    assert manifest["root"] == "../../" and manifest["bundles"] == ["pagefind/d-x/"]
    buckets = manifest["buckets"]
    assert set(table.files) == {LOOKUP_MANIFEST} | {f"{LOOKUP_FOLDER}/{buckets}-{k}.json" for k in range(buckets)}
    for slug, community in city.communities.items():
        short = strip_suffix(normalize(community.name), NAME_SUFFIXES)
        full = pinyin(short)[0]
        for key in {*short, *(reading[0] for reading in full.split("|"))}:
            bucket = json.loads(table.files[f"{LOOKUP_FOLDER}/{buckets}-{ord(key) % buckets}.json"])
            rows = [row for row in bucket["c"] if row[1] == f"communities/{slug}/"]
            assert len(rows) == 1, (community.name, key)
            name, _, street, readings, _ = rows[0]
            assert name == community.name and readings == full
            assert bucket["s"][street][:2] == [community.street, community.district]


def test_places_list_their_communities_and_documents_their_numbers(city):
    table = lookup_table(city, url_of, [])
    bucket = json.loads(table.files[f"{LOOKUP_FOLDER}/1-0.json"])  # a small city: one bucket
    streets = {row[0]: row for row in bucket["s"]}
    members = {bucket["c"][n][0] for n in streets["临波街道"][5]}
    assert members == {c.name for c in city.communities.values() if c.street == "临波街道"}
    assert streets["临波街道"][2].startswith("communities/#d-")
    districts = {row[0]: row for row in bucket["d"]}
    assert districts["湖滨区"][2] == sum(1 for c in city.communities.values() if c.district == "湖滨区")
    docs = json.loads(table.files[LOOKUP_MANIFEST])["docs"]
    numbers = {row[3]: row[1] for row in docs if row[3]}
    assert numbers["青文明委〔2026〕3号"].startswith("policies/")
    assert {row[2] for row in docs} == {"政策", "公示"}


def test_the_same_content_gives_the_same_bytes():
    site = load_site(ROOT / "content")
    assert lookup_table(site, url_of, []).files == lookup_table(load_site(ROOT / "content"), url_of, []).files
