"""Loading content folders: a valid one into the model, and one invalid folder per
kind of mistake, each with the exact ``path:line: field: message`` lines it must give.

Each ``fixtures/invalid/<scenario>/`` holds a tiny ``content/`` folder with one mistake
(``many_errors`` has six) and ``expected.txt``, the sorted error lines with paths as
printed when the build runs next to ``content/``.
"""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from showcase.errors import ContentInvalid
from showcase.loader import count_files, load_site

FIXTURES = Path(__file__).resolve().parent / "fixtures"
INVALID = FIXTURES / "invalid"
SCENARIOS = sorted(p.name for p in INVALID.iterdir() if p.is_dir())

# Scenarios whose expected.txt shows the correct output that the loader does not give
# yet (see the reasons); strict, so a fix makes them fail until the mark is removed.
KNOWN_BUGS: dict[str, str] = {}  # scenario → reason, for bugs not fixed yet


def load_errors(fixture: Path, tmp_path: Path, monkeypatch) -> list[str]:
    """Copy ``fixture`` to tmp_path/content, load it from tmp_path, return the error lines."""
    shutil.copytree(fixture, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentInvalid) as caught:
        load_site("content")
    return sorted(str(e) for e in caught.value.errors)


def expected_lines(name: str) -> list[str]:
    text = (INVALID / name / "expected.txt").read_text(encoding="utf-8")
    return sorted(line for line in text.splitlines() if line)


# -- the valid folder ------------------------------------------------------------------


@pytest.fixture
def site(tmp_path, monkeypatch):
    shutil.copytree(FIXTURES / "valid-minimal", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return load_site("content")


def test_valid_minimal_loads(site):
    assert sorted(site.communities) == ["banchang-nanli", "chayuan"]
    assert sorted(site.policies) == ["banfa-2019", "banfa-2024"]
    assert sorted(site.notices) == ["chexiao-2024", "tuijian-2025"]
    assert site.frameworks == {}
    assert count_files(site) == {"communities": 2, "evaluations": 0, "frameworks": 0, "policies": 2, "notices": 2}


def test_full_profile(site):
    c = site.communities["banchang-nanli"]
    assert (c.name, c.district, c.street) == ("板厂南里社区", "东城区", "交道口街道")
    assert c.summary == "胡同里的老社区，邻里守望坚持了十年"
    assert c.area_km2 == Decimal("0.35") and isinstance(c.area_km2, Decimal)
    assert (c.households, c.population, c.buildings, c.founded) == (1086, 3120, 18, 1998)
    assert c.facilities == ["党群服务中心", "老年餐桌"]
    assert [(t.name, t.kind, t.members) for t in c.teams] == [
        ("胡同合唱团", "文体", 32),
        ("邻里守望队", "志愿服务", None),
    ]
    assert (c.contact.address, c.contact.phone, c.contact.email, c.contact.hours) == (
        "东城区板厂胡同12号",
        "010-6403 1234",
        "bcnl@example.org",
        "工作日 9:00—17:00",
    )
    assert c.cover == "photos/cover.jpg"
    assert c.slug == "banchang-nanli"
    assert c.path == "content/communities/banchang-nanli/index.md"
    assert c.body.strip().startswith("## 社区概况")
    assert c.evaluations == {}


def test_revoked_honour_is_kept(site):
    honors = site.communities["banchang-nanli"].honors
    assert [(h.title, h.level, h.year, h.issuer) for h in honors] == [
        ("北京市文明社区", "市级", 2023, "首都精神文明建设委员会"),
        ("东城区先进社区", "区级", 2020, "东城区人民政府"),
    ]
    assert honors[0].revoked is None
    assert honors[1].revoked.date == dt.date(2024, 3, 1)
    assert honors[1].revoked.reason == "发生安全责任事故"


def test_line_numbers_are_kept(site):
    c = site.communities["banchang-nanli"]
    # front matter lines are lines of the whole file: name is on line 2
    assert c.line == 2
    assert c.line_of("cover") == 23
    assert c.honors[1].revoked.line_of("date") == 34
    assert site.communities["banchang-nanli"].rectifications[1].line_of("id") == 10


def test_minimal_profile(site):
    c = site.communities["chayuan"]
    assert (c.name, c.district, c.street) == ("茶园社区", "临川区", "云溪镇")
    assert c.summary is None and c.area_km2 is None and c.households is None and c.founded is None
    assert c.cover is None and c.contact is None
    assert c.facilities == [] and c.teams == [] and c.honors == []
    assert c.achievements == [] and c.rectifications == []


def test_achievements(site):
    a = site.communities["banchang-nanli"].achievements
    assert len(a) == 2
    assert a[0].date == dt.date(2024, 10, 15) and type(a[0].date) is dt.date
    assert (a[0].title, a[0].category, a[0].participants) == ("垃圾分类入户宣传", "宣传教育", 86)
    assert a[0].photos == ["photos/cover.jpg"]
    assert (a[1].participants, a[1].summary, a[1].photos) == (None, None, [])


def test_rectifications(site):
    r = site.communities["banchang-nanli"].rectifications
    assert [e.id for e in r] == ["ZG-2024-001", "2"]  # a plain number id is read as its text
    assert (r[0].found, r[0].deadline, r[0].closed) == (
        dt.date(2024, 5, 10),
        dt.date(2024, 5, 20),
        dt.date(2024, 5, 18),
    )
    assert r[0].response == "已增加清运频次为每日两次。"
    assert (r[1].source, r[1].closed, r[1].response) == ("群众反映", None, None)


def test_policies(site):
    old, new = site.policies["banfa-2019"], site.policies["banfa-2024"]
    assert old.repealed == dt.date(2025, 1, 1) and old.supersedes == [] and old.effective is None
    assert old.doc_number == "某文明委〔2019〕2号"
    assert new.issued == dt.date(2024, 11, 20) and new.effective == dt.date(2025, 1, 1)
    assert new.repealed is None
    assert new.supersedes == ["banfa-2019"]
    assert new.tags == ["文明社区", "管理办法"]
    assert new.path == "content/policies/banfa-2024.md"
    assert "新办法全文" in new.body


def test_notices(site):
    n = site.notices["tuijian-2025"]
    assert (n.kind, n.start, n.end) == ("推荐名单", dt.date(2025, 11, 17), dt.date(2025, 11, 21))
    assert n.subjects == ["banchang-nanli", "chayuan"]
    assert (n.channels.phone, n.channels.email, n.channels.address) == (
        "010-6400 1234",
        "wmb@example.org",
        "东城区某路100号302室",
    )
    assert n.result == "公示期内未收到异议。"
    m = site.notices["chexiao-2024"]
    assert m.subjects == ["banchang-nanli"] and m.result is None
    assert (m.channels.phone, m.channels.email, m.channels.address) == (None, None, "东城区某路100号")


def _windows_copy(source: Path, target: Path) -> None:
    """Copy ``source`` as a Windows editor would save it: BOM and CRLF in every text file."""
    shutil.copytree(source, target)
    for path in target.rglob("*"):
        if path.suffix in (".md", ".yml"):
            text = path.read_text(encoding="utf-8")
            path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))


def test_bom_and_crlf_load_the_same(tmp_path, monkeypatch):
    """A folder saved by a Windows editor (BOM, CRLF) loads to the same model, lines included."""
    shutil.copytree(FIXTURES / "valid-minimal", tmp_path / "plain" / "content")
    _windows_copy(FIXTURES / "valid-minimal", tmp_path / "windows" / "content")
    monkeypatch.chdir(tmp_path / "plain")
    plain = load_site("content")
    monkeypatch.chdir(tmp_path / "windows")
    windows = load_site("content")
    assert windows == plain
    for slug, community in plain.communities.items():
        other = windows.communities[slug]
        assert other.lines == community.lines
        assert [h.line for h in other.honors] == [h.line for h in community.honors]
        assert [r.lines for r in other.rectifications] == [r.lines for r in community.rectifications]
    assert [p.lines for p in windows.policies.values()] == [p.lines for p in plain.policies.values()]
    assert "\r" not in windows.communities["banchang-nanli"].body


def test_bom_and_crlf_errors_keep_their_lines(tmp_path, monkeypatch):
    fixture = INVALID / "rectification_duplicate_id"
    _windows_copy(fixture / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentInvalid) as caught:
        load_site("content")
    assert sorted(str(e) for e in caught.value.errors) == expected_lines("rectification_duplicate_id")


# -- one scenario per mistake ------------------------------------------------------------


def _param(name: str):
    if name in KNOWN_BUGS:
        return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[name]))
    return name


@pytest.mark.parametrize("scenario", [_param(name) for name in SCENARIOS])
def test_invalid_scenario(scenario, tmp_path, monkeypatch):
    assert load_errors(INVALID / scenario / "content", tmp_path, monkeypatch) == expected_lines(scenario)


def test_every_scenario_has_expected_lines():
    assert len(SCENARIOS) >= 40
    for name in SCENARIOS:
        lines = expected_lines(name)
        assert lines, name
        for line in lines:
            assert line.startswith("content/"), (name, line)
    assert set(KNOWN_BUGS) <= set(SCENARIOS)


def test_many_errors_are_all_reported_at_once(tmp_path, monkeypatch):
    errors = load_errors(INVALID / "many_errors" / "content", tmp_path, monkeypatch)
    assert len(errors) == 6
    files = {line.split(":", 1)[0] for line in errors}
    assert len(files) == 3


def test_error_report_text(tmp_path, monkeypatch):
    """The exception's text is what the build prints: a count, then one error a line."""
    shutil.copytree(INVALID / "many_errors" / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentInvalid) as caught:
        load_site("content")
    text = str(caught.value)
    assert text.splitlines()[0] == "内容有 6 处错误："
    assert text.splitlines()[1:] == [str(e) for e in caught.value.errors]
    # reported in file order, then line order
    keys = [(e.path, e.line or 0) for e in caught.value.errors]
    assert keys == sorted(keys)


def test_paths_are_shown_relative_to_the_working_folder(tmp_path, monkeypatch):
    shutil.copytree(INVALID / "area_zero" / "content", tmp_path / "site-src" / "content")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentInvalid) as caught:
        load_site(Path("site-src/content"))
    assert [e.path for e in caught.value.errors] == ["site-src/content/communities/banchang-nanli/index.md"]


# -- known bugs outside the scenario folders -----------------------------------------------


def test_control_character_is_reported_not_raised(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(INVALID / "area_zero" / "content", content)
    index = content / "communities" / "banchang-nanli" / "index.md"
    index.write_text("---\nname: 板厂南里社区\ndistrict: 东城区\nstreet: 交道口\x0b街道\n---\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentInvalid) as caught:
        load_site("content")
    [error] = caught.value.errors
    assert (error.path, error.line) == ("content/communities/banchang-nanli/index.md", 4)


def test_decompression_bomb_message_gives_the_pixel_count(tmp_path, monkeypatch):
    [line] = load_errors(INVALID / "decompression_bomb" / "content", tmp_path, monkeypatch)
    assert "100000000" in line and "过多 像素" not in line


def test_backslash_path_is_not_called_outside(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(INVALID / "truncated_image" / "content", content)
    folder = content / "communities" / "banchang-nanli"
    (folder / "photos" / "cover.jpg").write_bytes(
        (FIXTURES / "valid-minimal" / "communities" / "banchang-nanli" / "photos" / "cover.jpg").read_bytes()
    )
    index = folder / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("photos/cover.jpg", "photos\\cover.jpg"), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentInvalid) as caught:
        load_site("content")
    [error] = caught.value.errors
    assert "之外" not in error.message and "/" in error.message


# -- what a content folder may hold (showcase.inventory) -----------------------------------


def _valid(tmp_path: Path, monkeypatch) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "valid-minimal", content)
    monkeypatch.chdir(tmp_path)
    return content


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("communities/banchang-nanli/passwd.txt", "/etc/passwd"),
        ("communities/banchang-nanli/photos/env.jpg", "/proc/self/environ"),
        ("communities/banchang-nanli/loop", "loop"),  # a link to itself: a loop
        ("about-link.md", "about.md"),
        ("policies/old", "/etc"),  # a folder
    ],
)
def test_a_symbolic_link_is_an_error_and_never_followed(tmp_path, monkeypatch, link, target):
    content = _valid(tmp_path, monkeypatch)
    (content / link).symlink_to(target)
    with pytest.raises(ContentInvalid) as caught:
        load_site("content")
    [error] = caught.value.errors
    assert (error.path, error.field) == (f"content/{link}", "文件")
    assert "符号链接" in error.message


def test_a_cover_through_a_symbolic_link_is_reported_once(tmp_path, monkeypatch):
    content = _valid(tmp_path, monkeypatch)
    photos = content / "communities/banchang-nanli/photos"
    (photos / "cover.jpg").rename(tmp_path / "outside.jpg")
    (photos / "cover.jpg").symlink_to(tmp_path / "outside.jpg")
    with pytest.raises(ContentInvalid) as caught:
        load_site("content")
    assert [(e.path, e.field) for e in caught.value.errors] == [("content/communities/banchang-nanli/photos/cover.jpg", "文件")]


def test_a_symbolic_link_loop_of_folders_ends(tmp_path, monkeypatch):
    content = _valid(tmp_path, monkeypatch)
    folder = content / "communities/banchang-nanli/photos"
    (folder / "a").symlink_to(folder / "b")
    (folder / "b").symlink_to(folder / "a")
    with pytest.raises(ContentInvalid) as caught:
        load_site("content")
    assert sorted(e.path.rsplit("/", 1)[1] for e in caught.value.errors) == ["a", "b"]


def test_debris_is_skipped_and_listed(tmp_path, monkeypatch):
    content = _valid(tmp_path, monkeypatch)
    for name in (".DS_Store", "Thumbs.db", "~$notes.docx", "index.md~", "._cover.jpg"):
        (content / "communities/banchang-nanli" / name).write_bytes(b"\x00\x05\x16\x07junk")
    site = load_site("content")
    assert sorted(site.files.skipped) == sorted(
        f"communities/banchang-nanli/{n}" for n in (".DS_Store", "Thumbs.db", "~$notes.docx", "index.md~", "._cover.jpg")
    )
    assert all(site.files.kind(rel) is None for rel in site.files.skipped)


def test_inventory_says_how_each_file_is_published(tmp_path, monkeypatch):
    content = _valid(tmp_path, monkeypatch)
    (content / "about").mkdir()
    (content / "about" / "rules.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    site = load_site("content")
    kinds = site.files.kinds
    assert kinds["communities/banchang-nanli/index.md"] == "page"
    assert kinds["communities/banchang-nanli/photos/cover.jpg"] == "image"
    assert kinds["communities/banchang-nanli/rectifications.yml"] == "data"
    assert kinds["about/rules.pdf"] == "attachment"
    assert kinds["about.md"] == kinds["index.md"] == kinds["notices/tuijian-2025.md"] == "page"
    assert site.files.kind("communities/banchang-nanli/nothing.txt") is None


def test_rectification_closed_after_the_build_date_is_an_error(tmp_path, monkeypatch):
    content = _valid(tmp_path, monkeypatch)
    # The first entry was closed on 2024-05-18: on 2024-05-17 that has not happened yet.
    load_site("content", today=dt.date(2024, 5, 18))
    with pytest.raises(ContentInvalid) as caught:
        load_site("content", today=dt.date(2024, 5, 17))
    [error] = caught.value.errors
    assert str(error) == (
        "content/communities/banchang-nanli/rectifications.yml:8: [0].closed: 销号日期 closed（2024-05-18）"
        "晚于网站生成日期（2024-05-17）：尚未完成的整改不能登记为已销号"
    )
    assert content.is_dir()


def test_a_supersedes_cycle_of_two_is_reported_once(tmp_path, monkeypatch):
    content = _valid(tmp_path, monkeypatch)
    old = content / "policies/banfa-2019.md"
    old.write_text(old.read_text(encoding="utf-8").replace("issued:", "supersedes: [banfa-2024]\nissued:", 1), encoding="utf-8")
    with pytest.raises(ContentInvalid) as caught:
        load_site("content")
    assert [e.field for e in caught.value.errors] == ["supersedes"]
    assert "banfa-2019 → banfa-2024 → banfa-2019" in caught.value.errors[0].message


def test_a_custom_domain_and_site_images_under_assets_are_content(tmp_path, monkeypatch):
    """CNAME and robots.txt at the root are published as they are; a logo under
    assets/ is an image; only the theme's own files there are reserved."""
    content = _valid(tmp_path, monkeypatch)
    (content / "CNAME").write_text("wenming.example.org\n", encoding="utf-8")
    (content / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    (content / "assets" / "images").mkdir(parents=True)
    shutil.copy(content / "communities/banchang-nanli/photos/cover.jpg", content / "assets/images/logo.jpg")
    site = load_site("content")
    assert [site.files.kind(p) for p in ("CNAME", "robots.txt", "assets/images/logo.jpg")] == ["attachment", "attachment", "image"]
    (content / "assets" / "showcase.css").write_text("body{}", encoding="utf-8")  # the theme's
    (content / "sub").mkdir()
    (content / "sub" / "CNAME").write_text("x", encoding="utf-8")  # only at the root
    with pytest.raises(ContentInvalid) as caught:
        load_site("content")
    assert sorted((e.path, e.field) for e in caught.value.errors) == [
        ("content/assets/showcase.css", "文件"),
        ("content/sub/CNAME", "文件"),
    ]
    assert "网站自动生成" in caught.value.errors[0].message
