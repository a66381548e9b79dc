"""Every internal link of the built sites leads somewhere: the demo, the fixture sites,
and the directory's cards followed to the community they name."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_fixture, run_build
from htmlcheck import parse_file
from linkcheck import broken_links, count_links


def test_the_checker_finds_broken_links_and_fragments(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">x</h2>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#here">ok</a><a href="b/">missing</a><a href="a/#gone">no anchor</a>'
        '<img src="/a/index.html"><img src="../outside.png"><a href="https://example.org/x">other host</a>'
        '<a href="#here">not on this page</a><img srcset="a/index.html 1x, nope.png 2x">',
        encoding="utf-8",
    )
    assert broken_links(tmp_path) == {"index.html": sorted(["b/", "a/#gone", "../outside.png", "#here", "nope.png"])}


def test_demo_has_no_broken_internal_link(demo_site):
    assert broken_links(demo_site.site) == {}
    assert count_links(demo_site.site) > 1000  # the check ran over real pages


@pytest.mark.parametrize("fixture", ["valid-minimal", "xss-site"])
def test_fixture_sites_have_no_broken_internal_link(tmp_path, fixture):
    result = run_build(copy_fixture(fixture, tmp_path), tmp_path)
    assert result.returncode == 0, result.output
    assert broken_links(result.site) == {}
    assert count_links(result.site) > 100


def _href_target(site: Path, page: Path, href: str) -> Path:
    target = (page.parent / href).resolve()
    return target / "index.html" if target.is_dir() else target


def test_directory_cards_open_the_community_they_name(demo_site):
    """Click through: each card of /communities/ opens the page of that community."""
    directory = demo_site.site / "communities/index.html"
    cards = parse_file(directory).with_class("sc-card__link")
    assert len(cards) == len([p for p in (demo_site.site.parent / "content/communities").iterdir() if p.is_dir()])
    for card in cards:
        target = _href_target(demo_site.site, directory, card.attrs["href"])
        assert target.is_file(), card.attrs["href"]
        heading = parse_file(target).find_all("h1")[0]
        assert heading.text.strip() == card.text.strip()


def test_every_link_resolves_without_directory_urls(tmp_path):
    """Links come from one place (showcase.urls through MkDocs' page URLs): the demo
    built with ``use_directory_urls: false`` (pages as ``x/index.html``, ``y.html``)
    has no broken link either."""
    from conftest import ROOT

    result = run_build(
        ROOT / "content", tmp_path, edit_config=lambda text: text.replace("use_directory_urls: true", "use_directory_urls: false")
    )
    assert result.returncode == 0, result.output
    assert (result.site / "communities" / "chayuan" / "index.html").is_file()
    assert (result.site / "search.html").is_file()
    assert broken_links(result.site) == {}
    directory = parse_file(result.site / "communities/index.html")
    assert {e.attrs["href"] for e in directory.with_class("sc-card__link")} >= {"chayuan/index.html"}


def test_no_template_links_by_folder_depth():
    from conftest import ROOT

    for template in sorted((ROOT / "theme_overrides").rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        assert "../" not in text, template
        assert "build." not in text, template
