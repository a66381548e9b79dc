"""The MkDocs layer: options, the guard on MkDocs' internals, and builds with ProperDocs."""

from __future__ import annotations

import os
import subprocess
import sys
import types

import pytest
from conftest import ROOT, copy_fixture, run_build, write_config

sys.path.insert(0, str(ROOT / "hooks"))

import mkdocs_parallel  # noqa: E402
from mkdocs.commands import build as mkdocs_build  # noqa: E402


def test_the_installed_mkdocs_is_the_one_the_parallel_build_knows():
    assert mkdocs_parallel.internals_problem() is None


def test_another_mkdocs_release_is_refused():
    assert "2.0.0" in mkdocs_parallel.internals_problem(version="2.0.0")


@pytest.mark.parametrize("name", ["_populate_page", "_build_page"])
def test_a_wrapped_function_with_other_parameters_is_refused(name):
    module = types.SimpleNamespace(_populate_page=mkdocs_build._populate_page, _build_page=mkdocs_build._build_page)
    setattr(module, name, lambda page, config, **kw: None)
    assert name in mkdocs_parallel.internals_problem(module=module, version="1.6.1")
    delattr(module, name)
    assert name in mkdocs_parallel.internals_problem(module=module, version="1.6.1")


def test_on_a_mismatch_the_build_runs_in_one_process_and_says_so(tmp_path):
    """MkDocs' _build_page replaced by one with other parameters, as a new release
    might: with helpers asked for, the site is still built, by this process alone."""
    content = copy_fixture("valid-minimal", tmp_path)
    config = write_config(tmp_path, content, tmp_path / "site")
    code = (
        "import sys, mkdocs.commands.build as b\n"
        "original = b._build_page\n"
        "def _build_page(page, config, doc_files, nav, env, dirty=False, excluded=False, extra=None):\n"
        "    return original(page, config, doc_files, nav, env, dirty, excluded)\n"
        "b._build_page = _build_page\n"
        "from mkdocs.__main__ import cli\n"
        "sys.argv = ['mkdocs', 'build', '--strict', '-f', sys.argv[1]]\n"
        "cli()\n"
    )
    env = {**os.environ, "SHOWCASE_DATE": "2026-11-23", "NO_MKDOCS_2_WARNING": "1", "SHOWCASE_WORKERS": "1"}
    proc = subprocess.run([sys.executable, "-c", code, str(config)], cwd=tmp_path, capture_output=True, text=True, env=env)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "页面在一个进程中生成（MkDocs 的 _build_page 与已验证的不同）" in output
    assert "辅助进程与主进程一起生成" not in output
    assert (tmp_path / "site" / "communities" / "chayuan" / "index.html").is_file()


@pytest.mark.parametrize(
    ("options", "env", "message"),
    [
        (("    workers: null", "    workers: many"), {}, "extra.showcase.workers"),
        (("    search_bundle_pages: 1000", "    search_bundle_pages: 0"), {}, "extra.showcase.search_bundle_pages 应为不小于 1 的整数"),
        (("", ""), {"SHOWCASE_SEARCH_SPLIT_AT": "-1"}, "SHOWCASE_SEARCH_SPLIT_AT 应为不小于 1 的整数"),
        (("    search: true", "    serch: false"), {}, "extra.showcase.serch"),
        (("", ""), {"SHOWCASE_WORKERS": "two"}, "SHOWCASE_WORKERS 应为不小于 0 的整数"),
        (("    report: jiandu@linchuan.example.org", "    report: javascript:alert(1)"), {}, "extra.showcase.report: 应为电子邮箱地址"),
    ],
)
def test_bad_options_are_plain_errors(tmp_path, options, env, message):
    content = copy_fixture("valid-minimal", tmp_path)

    old, new = options
    result = run_build(content, tmp_path, env=env, edit_config=lambda text: text.replace(old, new, 1) if old else text)
    assert result.returncode != 0
    assert "Traceback" not in result.output
    assert message in result.output


def test_options_in_mkdocs_yml_are_read(tmp_path):
    """search: false in mkdocs.yml builds without the index, as SHOWCASE_SEARCH=off does."""
    content = copy_fixture("valid-minimal", tmp_path)
    result = run_build(content, tmp_path, edit_config=lambda t: t.replace("    search: true", "    search: false"))
    assert result.returncode == 0, result.output
    assert (result.site / "index.html").is_file() and not (result.site / "pagefind").exists()


def test_properdocs_builds_the_same_site(tmp_path):
    """ProperDocs, the maintained fork of MkDocs 1.x, builds the demo byte for byte as
    MkDocs does, but for the generator tag."""
    env = {"SOURCE_DATE_EPOCH": "1763856000"}
    content = tmp_path / "content"
    import shutil

    shutil.copytree(ROOT / "content", content)
    with_mkdocs = run_build(content, tmp_path / "mkdocs", env=env)
    assert with_mkdocs.returncode == 0, with_mkdocs.output
    workdir = tmp_path / "properdocs"
    workdir.mkdir()
    config = write_config(workdir, content, workdir / "site")
    environ = {**os.environ, "SHOWCASE_DATE": "2026-11-23", "NO_MKDOCS_2_WARNING": "1", **env}
    proc = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(config)],
        cwd=workdir, capture_output=True, text=True, env=environ,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    ours = {p.relative_to(with_mkdocs.site).as_posix(): p.read_bytes() for p in with_mkdocs.site.rglob("*") if p.is_file()}
    theirs = {p.relative_to(workdir / "site").as_posix(): p.read_bytes() for p in (workdir / "site").rglob("*") if p.is_file()}
    assert sorted(ours) == sorted(theirs)
    generator = b'<meta name="generator" content="mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.1">'
    differing = [name for name in ours if ours[name] != theirs[name]]
    assert all(name.endswith(".html") for name in differing)
    for name in differing:
        assert theirs[name].replace(generator, b'<meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.1">') == ours[name], name
