"""The benchmark's content generator writes content that looks real and is valid."""

from __future__ import annotations

import filecmp
import re
import statistics
import sys

from showcase.loader import load_site
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import gen_content  # noqa: E402


def _same_tree(a, b) -> bool:
    compared = filecmp.dircmp(a, b)
    if compared.left_only or compared.right_only or compared.diff_files or compared.funny_files:
        return False
    return all(_same_tree(a / name, b / name) for name in compared.common_dirs)


def test_generated_content_is_valid_realistic_and_deterministic(tmp_path):
    first = gen_content.generate(60, tmp_path / "a", seed=3)
    again = gen_content.generate(60, tmp_path / "b", seed=3)
    assert _same_tree(first, again)
    site = load_site(first, today=gen_content.BUILD_DATE)  # raises on any content error
    assert len(site.communities) == 60
    sizes = []
    for community in site.communities.values():
        body = community.body.encode("utf-8")
        sizes.append(len(body))
        text = community.body
        assert re.search(r"^## ", text, re.M) and re.search(r"^([-*] |\d+\. )", text, re.M) and re.search(r"^\| ", text, re.M)
        assert 2 <= len(community.achievements) <= 8
        assert len(community.rectifications) <= 6
    assert 3000 <= min(sizes) and max(sizes) <= 6000 and 4000 <= statistics.median(sizes) <= 5500
    evaluated = [c for c in site.communities.values() if c.evaluations]
    assert 0.6 <= len(evaluated) / 60 <= 0.95
    assert len({c.district for c in site.communities.values()}) >= 3
    assert site.notices
