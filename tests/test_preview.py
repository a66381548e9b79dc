"""The editor's preview (scripts/preview.py, hooks/showcase_preview.py): after each
edit it rebuilds only what changed, and what it serves equals a clean build."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_build, write_config

sys.path.insert(0, str(ROOT / "hooks"))

import showcase_preview  # noqa: E402
from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.exceptions import Abort  # noqa: E402

from showcase.loader import display_path  # noqa: E402

DATE = "2026-11-23"


class Session:
    """One preview session in this process, as scripts/preview.py runs it."""

    def __init__(self, content: Path, workdir: Path):
        self.content = content
        self.config = write_config(workdir, content, workdir / "unused")
        self.site = workdir / "preview-site"
        self.preview = showcase_preview.start(workdir / "cache")
        self.first = True
        self.seen = self.files()

    def files(self) -> dict[str, tuple]:
        return {str(p): (p.stat().st_mtime_ns, p.stat().st_size) for p in self.content.rglob("*")}

    def changed(self) -> set[str]:
        """What the watcher reports: every path created, deleted or modified since
        the previous build began."""
        now = self.files()
        changed = {path for path in now.keys() | self.seen.keys() if now.get(path) != self.seen.get(path)}
        self.seen = now
        return changed

    def build(self) -> str:
        """A build as the preview's server makes it after an edit of content: the quick
        way when it can; "quick" or "whole"."""
        changed = self.changed()
        try:
            if not self.first and self.preview.rebuild(changed):
                how = "quick"
            else:
                config = load_config(config_file=str(self.config), site_dir=str(self.site))
                if self.first:
                    config.plugins.on_startup(command="serve", dirty=False)
                build(config, serve_url="http://127.0.0.1:8000/", dirty=not self.first)
                how = "whole"
        except Abort as exc:
            self.preview.failed(str(exc))
            raise
        self.first = False
        self.preview.wait()
        return how

    def close(self) -> None:
        self.preview.stop()
        showcase_preview.ACTIVE = None


@pytest.fixture
def session(tmp_path, monkeypatch):
    monkeypatch.setenv("SHOWCASE_DATE", DATE)
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    made = Session(content, tmp_path)
    yield made
    made.close()


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_as_clean_build(session: Session, workdir: Path) -> None:
    clean = run_build(session.content, workdir)
    assert clean.returncode == 0, clean.output
    built, served = tree(clean.site), tree(session.site)
    assert sorted(served) == sorted(built), "files differ: " + repr(sorted(set(served) ^ set(built))[:20])
    differing = [rel for rel in built if built[rel] != served[rel]]
    assert not differing, f"{len(differing)} files differ from a clean build, e.g. {differing[:10]}"


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


@pytest.fixture(params=["one core for the directory", "second core for the directory"])
def large(request, monkeypatch):
    """Whether quick rebuilds plan and render the heaviest pages in a second process,
    as they do for a large site (``showcase_run.SECOND_CORE_BYTES``)."""
    import showcase_run

    aside: list[str] = []  # the pages each quick rebuild gave the second process
    second_core = showcase_run.BuildRun._second_core

    def spied(self, build, pages):
        chosen = second_core(self, build, pages)
        aside.append(",".join(f.src_uri for f in chosen))
        return chosen

    monkeypatch.setattr(showcase_run.BuildRun, "_second_core", spied)
    if request.param.startswith("second"):
        monkeypatch.setattr(showcase_run, "SECOND_CORE_BYTES", 0)
    return request.param, aside


def test_every_rebuild_equals_a_clean_build(session, tmp_path, large):
    session.build()
    assert_same_as_clean_build(session, tmp_path / "clean0")
    assert session.preview.rendered > 30  # the first build renders every page

    communities = session.content / "communities"
    # A name: the community's page, the directory, rankings, home, notices about it.
    edit(communities / "gulou-nanli" / "index.md", "name: 鼓楼南里社区", "name: 鼓楼南里新社区")
    assert session.build() == "quick"
    assert 0 < session.preview.rendered < 30, session.preview.rendered
    # A small site's quick rebuild does it all in one process; a large one's gives
    # its heaviest pages (the directory first) to a second.
    mode, aside = large
    assert aside and all(bool(shares) == mode.startswith("second") for shares in aside), aside
    assert "鼓楼南里新社区" in (session.site / "communities" / "gulou-nanli" / "index.html").read_text(encoding="utf-8")
    assert_same_as_clean_build(session, tmp_path / "clean1")

    # A score that changes ranks (other communities' pages do not show ranks; the
    # rankings and the open data do).
    evaluation = communities / "gulou-nanli" / "evaluations" / "2026.yml"
    assert session.build() == "quick"  # nothing changed: nothing is rendered
    assert session.preview.rendered == 0
    edit(evaluation, '"2": d', '"2": a')  # 0.3 → 1.0 of its points
    session.build()
    assert_same_as_clean_build(session, tmp_path / "clean2")

    # A framework: every page that shows a score.
    framework = sorted((session.content / "policies" / "frameworks").glob("*.yml"))[0]
    edit(framework, "\ntitle: ", "\ntitle: 修订版 ")
    assert session.build() == "quick"
    assert_same_as_clean_build(session, tmp_path / "clean3")

    # A notice's title and a photo, replaced by another one under the same name.
    notice = sorted((session.content / "notices").glob("*.md"))[0]
    edit(notice, "\ntitle: ", "\ntitle: 更正 ")
    photos = sorted(p for p in session.content.rglob("*.jpg"))
    if len(photos) >= 2:
        photos[0].write_bytes(photos[1].read_bytes())
    assert session.build() == "quick"
    assert_same_as_clean_build(session, tmp_path / "clean4")


def test_deleted_and_restored_community(session, tmp_path):
    session.build()
    folder = session.content / "communities" / "gulou-nanli"
    kept = tmp_path / "kept"
    shutil.move(folder, kept)
    # Notices that name it would now be errors: take it out of them too.
    notices = [p for p in (session.content / "notices").glob("*.md") if "gulou-nanli" in p.read_text(encoding="utf-8")]
    saved = {p: p.read_text(encoding="utf-8") for p in notices}
    for p in notices:
        p.unlink()
    assert session.build() == "whole"
    assert not (session.site / "communities" / "gulou-nanli").exists(), "a deleted community's page is still served"
    assert_same_as_clean_build(session, tmp_path / "clean-deleted")
    shutil.move(kept, folder)
    for p, text in saved.items():
        p.write_text(text, encoding="utf-8")
    assert session.build() == "whole"
    assert (session.site / "communities" / "gulou-nanli" / "index.html").is_file()
    assert_same_as_clean_build(session, tmp_path / "clean-restored")


def test_an_invalid_edit_keeps_the_last_good_site(session, tmp_path):
    session.build()
    before = tree(session.site)
    index = session.content / "communities" / "gulou-nanli" / "index.md"
    good = index.read_text(encoding="utf-8")
    edit(index, "district:", "distric:")
    with pytest.raises(Abort) as raised:
        session.build()
    message = str(raised.value)
    shown = display_path(index)
    assert re.search(rf"^{re.escape(shown)}:2: district: ", message, re.M), message
    assert session.preview.errors == message
    assert tree(session.site) == before, "a failed build changed the served site"
    banner = showcase_preview.banner(message).decode("utf-8")
    assert "预览未更新" in banner and "distric" in banner
    index.write_text(good, encoding="utf-8")
    session.build()
    assert session.preview.errors is None
    assert_same_as_clean_build(session, tmp_path / "clean")


@pytest.mark.parametrize("failing", ["communities/gulou-nanli/index.md", "communities/index.md"])
def test_a_page_that_fails_on_either_core_fails_the_rebuild(session, tmp_path, monkeypatch, failing, large):
    """The quick rebuild renders its pages on two cores: an error in either process's
    share stops the rebuild with its message, and the next build makes again what
    it left undone."""
    from mkdocs.commands import build as mkdocs_build

    session.build()
    before = tree(session.site)
    edit(session.content / "communities" / "gulou-nanli" / "index.md", "name: 鼓楼南里社区", "name: 鼓楼南里新社区")
    real = mkdocs_build._build_page

    def build_page(page, *args, **kwargs):
        if page.file.src_uri == failing and page.file.is_modified():
            raise Abort(f"模板出错：{failing}")
        return real(page, *args, **kwargs)

    monkeypatch.setattr(mkdocs_build, "_build_page", build_page)
    with pytest.raises(Abort, match=f"模板出错：{failing}"):
        session.build()
    assert session.preview.run is not None and session.preview.errors == f"模板出错：{failing}"
    monkeypatch.setattr(mkdocs_build, "_build_page", real)
    assert session.build() == "quick"
    assert_same_as_clean_build(session, tmp_path / "clean")
    assert tree(session.site) != before


def test_an_editors_swap_file_needs_no_whole_build(session, tmp_path):
    """Editors' programs leave debris beside the file they save (vim's ``.index.md.swp``,
    Office's ``~$``): never published, it does not make the next build a whole one."""
    session.build()
    folder = session.content / "communities" / "gulou-nanli"
    (folder / ".index.md.swp").write_bytes(b"b0VIM 9.0\0")
    edit(folder / "index.md", "name: 鼓楼南里社区", "name: 鼓楼南里新社区")
    assert session.build() == "quick"
    assert "鼓楼南里新社区" in (session.site / "communities" / "gulou-nanli" / "index.html").read_text(encoding="utf-8")
    (folder / ".index.md.swp").unlink()
    assert session.build() == "quick"
    assert not list(session.site.rglob("*.swp"))
    assert_same_as_clean_build(session, tmp_path / "clean")
