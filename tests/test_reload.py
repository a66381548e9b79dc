"""Loading again after an edit (``loader.reload_site``, ``Build.reload``; the editor's
preview): only the community folders named are read again, and the site is the one a
whole load makes."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from showcase.build import Build
from showcase.errors import ContentInvalid
from showcase.inventory import edited_communities
from showcase.loader import load_site, reload_site
from showcase.records import RecordCache

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def content(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    # Editors' debris, in a folder that will be read again and in one that will not.
    (folder / "communities" / "gulou-nanli" / ".DS_Store").write_bytes(b"\0")
    (folder / "communities" / "xikou" / "~$notes.docx").write_bytes(b"\0")
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def assert_same(reloaded, whole) -> None:
    assert list(reloaded.communities) == list(whole.communities)
    for slug, community in whole.communities.items():
        assert reloaded.communities[slug] == community, slug
    assert reloaded.policies == whole.policies
    assert reloaded.notices == whole.notices
    assert reloaded.frameworks == whole.frameworks
    for name in ("communities", "policies", "frameworks", "notices", "ordinary_pages", "kinds", "rejected", "skipped", "unread"):
        assert getattr(reloaded.files, name) == getattr(whole.files, name), name


def test_edits_in_named_folders_and_outside_them(content):
    before = load_site(content, today=TODAY)
    gulou = before.communities["gulou-nanli"]
    edit(content / "communities" / "gulou-nanli" / "index.md", "name: 鼓楼南里社区", "name: 鼓楼南里新社区")
    edit(content / "communities" / "gulou-nanli" / "evaluations" / "2026.yml", '"2": d', '"2": a')
    notice = sorted((content / "notices").glob("*.md"))[0]
    edit(notice, "\ntitle: ", "\ntitle: 更正 ")
    changed = {str(content / "communities" / "gulou-nanli" / "index.md"), str(content / "communities" / "gulou-nanli" / "evaluations" / "2026.yml"), str(notice)}
    slugs = edited_communities(content, changed)
    assert slugs == {"gulou-nanli"}

    reloaded = reload_site(before, content, slugs, today=TODAY)
    whole = load_site(content, today=TODAY)
    assert_same(reloaded, whole)
    assert reloaded.communities["gulou-nanli"].name == "鼓楼南里新社区"
    assert reloaded.communities["gulou-nanli"] is not gulou
    # The others are the earlier load's, not read again.
    others = [slug for slug in whole.communities if slug != "gulou-nanli"]
    assert others and all(reloaded.communities[slug] is before.communities[slug] for slug in others)
    assert reloaded.notices[notice.stem].title.startswith("更正 ")


def test_an_error_is_reported_as_a_whole_load_reports_it(content):
    before = load_site(content, today=TODAY)
    index = content / "communities" / "gulou-nanli" / "index.md"
    edit(index, "district:", "distric:")
    with pytest.raises(ContentInvalid) as whole:
        load_site(content, today=TODAY)
    with pytest.raises(ContentInvalid) as reloaded:
        reload_site(before, content, {"gulou-nanli"}, today=TODAY)
    assert str(reloaded.value) == str(whole.value)
    assert "index.md:2: district: " in str(reloaded.value)


def test_a_notice_naming_an_unread_community_is_fine_and_an_unknown_one_is_not(content):
    before = load_site(content, today=TODAY)
    notice = next(p for p in sorted((content / "notices").glob("*.md")) if "xikou" not in p.read_text(encoding="utf-8"))
    text = notice.read_text(encoding="utf-8")
    assert "subjects:" in text
    edit(notice, "subjects:\n", "subjects:\n  - xikou\n")
    assert_same(reload_site(before, content, set(), today=TODAY), load_site(content, today=TODAY))
    notice.write_text(text.replace("subjects:\n", "subjects:\n  - no-such-place\n", 1), encoding="utf-8")
    with pytest.raises(ContentInvalid, match="no-such-place"):
        reload_site(before, content, set(), today=TODAY)


def test_folders_that_come_and_go(content, tmp_path):
    before = load_site(content, today=TODAY)
    shutil.copytree(content / "communities" / "gulou-nanli", content / "communities" / "gulou-beili")
    edit(content / "communities" / "gulou-beili" / "index.md", "name: 鼓楼南里社区", "name: 鼓楼北里社区")
    shutil.move(content / "communities" / "xikou", tmp_path / "xikou")
    for notice in (content / "notices").glob("*.md"):  # it would be an unknown community there
        if "xikou" in notice.read_text(encoding="utf-8"):
            notice.unlink()
    changed = {str(content / "communities" / "gulou-beili"), str(content / "communities" / "xikou")}
    slugs = edited_communities(content, changed)
    assert slugs == {"gulou-beili", "xikou"}
    reloaded = reload_site(before, content, slugs, today=TODAY)
    whole = load_site(content, today=TODAY)
    assert_same(reloaded, whole)
    assert "gulou-beili" in reloaded.communities and "xikou" not in reloaded.communities


def test_a_framework_changed_needs_a_whole_load(content):
    before = load_site(content, today=TODAY)
    framework = sorted((content / "policies" / "frameworks").glob("*.yml"))[0]
    assert edited_communities(content, {str(framework)}) is None
    edit(framework, "\ntitle: ", "\ntitle: 修订版 ")
    # Told wrongly that only a community changed, the reload still sees it.
    assert reload_site(before, content, {"gulou-nanli"}, today=TODAY) is None


def test_edited_communities():
    root = Path("/site/content")
    assert edited_communities(root, []) == set()
    assert edited_communities(root, ["/site/content/communities/a/index.md", "/site/content/communities/b/photos/x.jpg", "/site/content/about.md"]) == {"a", "b"}
    assert edited_communities(root, ["/site/content/communities/a"]) == {"a"}
    assert edited_communities(root, ["/site/content/communities"]) is None
    assert edited_communities(root, ["/site/content/policies"]) is None  # the frameworks' folder moved with it
    assert edited_communities(root, ["/site/content/policies/frameworks/2026.yml"]) is None
    assert edited_communities(root, ["/site/content/policies/civilized-family.md"]) == set()
    assert edited_communities(root, ["/site/mkdocs.yml"]) == set()


def test_build_reload_equals_a_whole_load_with_the_record_cache(content, tmp_path):
    cache = RecordCache(tmp_path / "records")
    before = Build.load(content, TODAY, cache=cache, score_memo={})
    edit(content / "communities" / "gulou-nanli" / "evaluations" / "2026.yml", '"2": d', '"2": a')
    reloaded = before.reload(content, {"gulou-nanli"}, before.history, cache=RecordCache(tmp_path / "records"))
    whole = Build.load(content, TODAY, cache=RecordCache(tmp_path / "records"), score_memo={})
    assert_same(reloaded.site, whole.site)
    assert reloaded.scores["gulou-nanli"][-1].total != before.scores["gulou-nanli"][-1].total
    assert reloaded.scores == whole.scores
    assert [v.ranking for v in reloaded.rankings] == [v.ranking for v in whole.rankings]
    assert sorted(reloaded.pages) == sorted(whole.pages)
