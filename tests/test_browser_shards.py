"""A site built in shards (``scripts/build-sharded``) searched in a real browser: a
community of every shard is found by its name through the merged search."""
# ruff: noqa: F811

from __future__ import annotations

import os
import re
import subprocess
from urllib.parse import quote

import pytest

from tests.browser import assert_local_only, browser, context, page  # noqa: F401  (fixtures)
from tests.conftest import ROOT, write_config
from tests.test_browser_search import all_results
from tests.test_shards import DATE, SPLIT, gen_content

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served_sharded(tmp_path_factory):
    """150 generated communities in three districts, built in three shards by the
    one-machine script, and the communities each shard made."""
    from tests.browser import serve

    workdir = tmp_path_factory.mktemp("sharded")
    content = gen_content.generate(150, workdir / "gen", seed=5)
    config = write_config(workdir, content, workdir / "site")
    env = {**os.environ, "SHOWCASE_DATE": DATE, "SHOWCASE_SHARD_WORK": str(workdir / "parts"), **SPLIT}
    result = subprocess.run(
        [str(ROOT / "scripts" / "build-sharded"), "3", "-f", str(config)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    made = {}
    for k in (1, 2, 3):
        part = workdir / "parts" / f"part-{k}" / "communities"
        made[k] = sorted(p.name for p in part.iterdir() if (p / "index.html").is_file())
    with serve(workdir / "site") as url:
        yield url, content, made


def _field(content, slug: str, name: str) -> str:
    text = (content / "communities" / slug / "index.md").read_text(encoding="utf-8")
    return re.search(rf"^{name}:\s*(.+)$", text, re.M).group(1).strip().strip("\"'")


def _words(content, slug: str, name: str) -> str:
    """Ten Chinese characters of the community's narrative, from its name on."""
    body = (content / "communities" / slug / "index.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    start = body.index(name, body.index(name) + 1) if body.count(name) > 1 else body.index(name)
    return "".join(re.findall(r"[\u4e00-\u9fff]", body[start : start + 40]))[:10]


def _paths(locator) -> list[str]:
    locator.first.wait_for()
    return locator.evaluate_all("els => els.map(a => new URL(a.href).pathname)")


def test_a_community_of_every_shard_is_found_through_the_merged_search(page, served_sharded):
    base, content, made = served_sharded
    assert all(made.values()), made  # three districts, three shards: none empty
    for k, slugs in made.items():
        slug = slugs[len(slugs) // 2]
        name = _field(content, slug, "name")
        # By its name: the search box's table of names, which the shared run wrote.
        page.goto(f"{base}search/?q={quote(name)}")
        assert f"/communities/{slug}/" in _paths(page.locator("ol.sc-results--names > li a")), (k, name)
        # In full text (words of its narrative, which no name matches): from the
        # district bundle its shard wrote, merged with the main bundle the shared run wrote.
        page.sc_requests.clear()
        page.goto(f"{base}search/?q={quote(_words(content, slug, name))}")
        found = all_results(page)
        assert f"/communities/{slug}/" in found, (k, name, found[:5])
        assert [url for url in page.sc_requests if "/pagefind/d-" in url and url.endswith(".pf_meta")], (
            "no district bundle searched"
        )
        page.goto(f"{base}communities/{slug}/")
        assert page.locator("h1").first.inner_text().strip() == name
    assert_local_only(page.sc_requests)
