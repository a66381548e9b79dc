"""Building into a staging folder: the site is replaced only by a build that succeeded."""

from __future__ import annotations

from conftest import no_leftovers

from showcase.sitedir import StagedSite


def _site(tmp_path):
    site = tmp_path / "site"
    (site / "old").mkdir(parents=True)
    (site / "old" / "page.html").write_text("old", encoding="utf-8")
    (site / ".git").mkdir()
    (site / ".nojekyll").write_text("", encoding="utf-8")
    return site


def test_publish_replaces_the_site_and_keeps_dot_entries(tmp_path):
    site = _site(tmp_path)
    staged = StagedSite.start(site)
    assert staged.staging.parent == tmp_path and staged.staging.name.startswith(".showcase-staging-site-")
    (staged.staging / "index.html").write_text("new", encoding="utf-8")
    staged.publish()
    assert sorted(p.name for p in site.iterdir()) == [".git", ".nojekyll", "index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
    assert no_leftovers(tmp_path)


def test_discard_leaves_the_site_as_it_was(tmp_path):
    site = _site(tmp_path)
    staged = StagedSite.start(site)
    (staged.staging / "index.html").write_text("half-written", encoding="utf-8")
    staged.discard()
    assert sorted(p.name for p in site.iterdir()) == [".git", ".nojekyll", "old"]
    assert (site / "old" / "page.html").read_text(encoding="utf-8") == "old"
    assert no_leftovers(tmp_path)


def test_first_build_has_no_site_to_replace(tmp_path):
    staged = StagedSite.start(tmp_path / "out" / "site")
    (staged.staging / "index.html").write_text("new", encoding="utf-8")
    staged.publish()
    assert (tmp_path / "out" / "site" / "index.html").is_file()


def test_leftovers_of_stopped_builds_are_removed_but_not_those_of_running_ones(tmp_path):
    site = _site(tmp_path)
    dead = tmp_path / ".showcase-staging-site-999999999"
    dead.mkdir()
    (tmp_path / ".showcase-previous-site-999999998").mkdir()
    running = tmp_path / ".showcase-staging-site-1"  # pid 1 always runs
    running.mkdir()
    other_site = tmp_path / ".showcase-staging-site-2-999999999"  # the folder "site-2"'s
    other_site.mkdir()
    staged = StagedSite.start(site)
    names = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".showcase-"))
    assert names == sorted([running.name, other_site.name, staged.staging.name])
