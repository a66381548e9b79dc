"""Editors' tools: scripts/new_community.py, scripts/check_content.py and the pre-commit
hook, used the way a new editor would use them."""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT, run_build

from showcase.errors import ContentInvalid
from showcase.loader import load_site

SCRIPTS = ROOT / "scripts"
NEW = SCRIPTS / "new_community.py"
CHECK = SCRIPTS / "check_content.py"
INVALID = FIXTURES / "invalid"
SCENARIOS = sorted(p.name for p in INVALID.iterdir() if p.is_dir()) if INVALID.is_dir() else []


def load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


new_community = load_script("new_community")
check_content = load_script("check_content")


def run(
    script: Path, *args, cwd: Path, env: dict | None = None, stdin=subprocess.DEVNULL, timeout: float | None = None
) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "SHOWCASE_DATE"}
    return subprocess.run(
        [sys.executable, str(script), *map(str, args)],
        cwd=cwd,
        env={**environ, **(env or {})},
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=timeout or 60,
    )


@pytest.fixture
def demo(tmp_path) -> Path:
    """A copy of the demo content, as an editor's working copy."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    return content


# -- slugs ------------------------------------------------------------------------------


def test_slug_of_the_issue_example():
    assert new_community.propose_slug("板厂南里社区") == "banchang-nanli"
    assert new_community.propose_slug("板厂南里") == "banchang-nanli"


def test_slugs_of_the_demo_communities_follow_the_same_rule():
    for index in sorted((ROOT / "content" / "communities").glob("*/index.md")):
        name = re.search(r"^name:\s*(.+)$", index.read_text(encoding="utf-8"), re.MULTILINE).group(1)
        assert new_community.propose_slug(name) == index.parent.name, name


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("茶园社区", "chayuan"),
        ("望江苑社区", "wangjiang-yuan"),
        ("绿荫里社区", "lvyin-li"),
        ("重庆路社区", "chongqing-lu"),
        ("A区社区", "a-qu"),
        ("第1社区", "di-1"),
        ("花园·东区", "huayuan-dongqu"),
        ("社区", "shequ"),
        ("·", ""),
    ],
)
def test_slug_rules(name, slug):
    assert new_community.propose_slug(name) == slug


# -- YAML values written by the template -------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "东城区",
        "2024",
        "no",
        "010-6403 1234",
        "01062345678",
        "东城: 北区",
        "#1 街道",
        '引号"和\\反斜杠',
        "null",
        "[甲]",
    ],
)
def test_template_values_read_back_as_the_same_text(value, tmp_path):
    target = new_community.create(tmp_path, "banchang-nanli", value, value, value)
    site = load_site(tmp_path)
    community = site.communities["banchang-nanli"]
    assert (community.name, community.district, community.street) == (value, value, value)
    assert target == tmp_path / "communities" / "banchang-nanli"


# -- new_community.py on the command line ------------------------------------------------


def test_scaffold_writes_a_commented_template(demo, tmp_path):
    proc = run(NEW, "板厂南里社区", "--district", "东城区", "--street", "交道口街道", "--content", demo, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    folder = demo / "communities" / "banchang-nanli"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == [
        "achievements.yml",
        "index.md",
        "photos",
        "photos/.gitkeep",
        "rectifications.yml",
    ]
    index = (folder / "index.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(index.split("---")[1])
    assert meta == {"name": "板厂南里社区", "district": "东城区", "street": "交道口街道"}
    for key in (
        "summary",
        "area_km2",
        "households",
        "population",
        "buildings",
        "founded",
        "facilities",
        "teams",
        "contact",
        "cover",
        "honors",
        "revoked",
    ):
        assert re.search(rf"^#\s+(- )?(#\s+)?{key}:", index, re.MULTILINE), f"index.md lacks a commented {key}"
    for name, kind in (("achievements.yml", "achievements"), ("rectifications.yml", "rectifications")):
        text = (folder / name).read_text(encoding="utf-8")
        first = text.splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        schema = folder / first.removeprefix("# yaml-language-server: $schema=")
        assert schema.resolve() == (ROOT / "schemas" / f"{kind}.schema.json").resolve()
        assert yaml.safe_load(text) == []
        assert "# - " in text  # a commented example
    assert "已创建 content/communities/banchang-nanli/" in proc.stdout


def test_modelines_point_at_the_schemas_in_the_repository(tmp_path):
    """In the repository's own content/ the modeline is ../../../schemas/…; elsewhere it
    is still the right relative path."""
    folder = tmp_path / "content" / "communities" / "x"
    line = new_community.schema_line(folder, "achievements")
    rel = line.removeprefix("# yaml-language-server: $schema=")
    assert (folder / rel).resolve() == (ROOT / "schemas" / "achievements.schema.json").resolve()
    assert new_community.schema_line(ROOT / "content" / "communities" / "x", "achievements").endswith(
        "$schema=../../../schemas/achievements.schema.json"
    )


def test_refuses_an_existing_slug(demo, tmp_path):
    proc = run(NEW, "鼓楼南里社区", "--district", "临川区", "--street", "鼓楼街道", "--content", demo, cwd=tmp_path)
    assert proc.returncode == 1
    assert "content/communities/gulou-nanli 已经存在" in proc.stderr
    assert "--slug gulou-nanli-2" in proc.stderr
    assert (demo / "communities" / "gulou-nanli" / "index.md").read_text(encoding="utf-8") == (
        ROOT / "content" / "communities" / "gulou-nanli" / "index.md"
    ).read_text(encoding="utf-8")


def test_slug_option_chooses_another_slug(demo, tmp_path):
    proc = run(
        NEW,
        "鼓楼南里社区",
        "--slug",
        "gulou-nanli-2",
        "--district",
        "临川区",
        "--street",
        "鼓楼街道",
        "--content",
        demo,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert (demo / "communities" / "gulou-nanli-2" / "index.md").is_file()


@pytest.mark.parametrize("slug", ["Banchang_Nanli", "-x", "板厂", "", "a b"])
def test_refuses_a_bad_slug(slug, demo, tmp_path):
    proc = run(
        NEW,
        "板厂南里社区",
        f"--slug={slug}",
        "--district",
        "东城区",
        "--street",
        "交道口街道",
        "--content",
        demo,
        cwd=tmp_path,
    )
    assert proc.returncode == 1
    assert "不能用作网址标识" in proc.stderr
    assert not (demo / "communities" / slug).is_dir() or slug == ""
    assert sorted(p.name for p in (demo / "communities").iterdir()) == sorted(
        p.name for p in (ROOT / "content" / "communities").iterdir()
    )


@pytest.mark.parametrize(
    ("args", "missing"),
    [
        ([], "--district 和 --street"),
        (["--district", "东城区"], "--street"),
        (["--street", "交道口街道"], "--district"),
    ],
)
def test_without_a_terminal_missing_answers_fail_instead_of_hanging(args, missing, demo, tmp_path):
    # A prompt waiting for an answer would hang: the run is cut off after 30 s.
    proc = run(NEW, "板厂南里社区", *args, "--content", demo, cwd=tmp_path, timeout=30)
    assert proc.returncode == 1
    assert f"缺少 {missing}" in proc.stderr and "不是在终端中运行" in proc.stderr
    assert not (demo / "communities" / "banchang-nanli").exists()


def test_missing_content_folder(tmp_path):
    proc = run(
        NEW,
        "板厂南里社区",
        "--district",
        "东城区",
        "--street",
        "交道口街道",
        "--content",
        tmp_path / "nope",
        cwd=tmp_path,
    )
    assert proc.returncode == 1
    assert "找不到内容文件夹" in proc.stderr


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_asks_on_a_terminal(demo, tmp_path):
    """On a terminal the slug is proposed (Enter accepts it) and district and street are asked."""
    master, slave = os.openpty()
    try:
        os.write(master, "\n东城区\n交道口街道\n".encode())
        proc = run(NEW, "板厂南里社区", "--content", demo, cwd=tmp_path, stdin=slave)
    finally:
        os.close(slave)
        os.close(master)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "直接回车使用 banchang-nanli" in proc.stdout
    assert "所属区/县（已有：临川区）" in proc.stdout
    meta = yaml.safe_load(
        (demo / "communities" / "banchang-nanli" / "index.md").read_text(encoding="utf-8").split("---")[1]
    )
    assert meta == {"name": "板厂南里社区", "district": "东城区", "street": "交道口街道"}


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_on_a_terminal_a_taken_slug_is_asked_again(demo, tmp_path):
    master, slave = os.openpty()
    try:
        os.write(master, b"\ngulou-nanli-2\n")
        proc = run(
            NEW,
            "鼓楼南里社区",
            "--district",
            "临川区",
            "--street",
            "鼓楼街道",
            "--content",
            demo,
            cwd=tmp_path,
            stdin=slave,
        )
    finally:
        os.close(slave)
        os.close(master)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "已经存在" in proc.stdout
    assert (demo / "communities" / "gulou-nanli-2" / "index.md").is_file()


def test_runs_from_the_repository_root_with_the_default_content():
    assert new_community.DEFAULT_CONTENT == ROOT / "content"
    assert check_content.DEFAULT_CONTENT == ROOT / "content"
    proc = run(NEW, "--help", cwd=ROOT)
    assert proc.returncode == 0 and "--district" in proc.stdout


# -- check_content.py ---------------------------------------------------------------------


SUMMARY = re.compile(
    r"^内容检查通过：(\d+) 个社区、(\d+) 份测评、(\d+) 个测评体系、(\d+) 份政策文件、(\d+) 条公示，未发现错误。$"
)


@pytest.mark.parametrize("where", ["root", "elsewhere"])
def test_check_passes_the_demo_with_a_one_line_summary(where, tmp_path):
    cwd = ROOT if where == "root" else tmp_path
    proc = run(CHECK, cwd=cwd)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1
    counts = load_site(ROOT / "content")
    match = SUMMARY.match(lines[0])
    assert match, lines[0]
    assert tuple(map(int, match.groups())) == (
        len(counts.communities),
        sum(len(c.evaluations) for c in counts.communities.values()),
        len(counts.frameworks),
        len(counts.policies),
        len(counts.notices),
    )


@pytest.mark.parametrize("name", SCENARIOS)
def test_check_prints_exactly_the_validators_errors(name, tmp_path, monkeypatch, capsys):
    shutil.copytree(INVALID / name / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SHOWCASE_DATE", raising=False)
    with pytest.raises(ContentInvalid) as caught:
        load_site("content")
    assert check_content.main(["content"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [str(e) for e in caught.value.errors]
    assert f"共发现 {len(caught.value.errors)} 处错误" in err
    for line in out.splitlines():
        assert re.match(r"^content/\S+?(:\d+)?: .+?: .+$", line), line


@pytest.mark.parametrize("value", ["2026-02-30", "2026/11/23", "明天"])
def test_check_validates_showcase_date(value, tmp_path):
    proc = run(CHECK, ROOT / "content", cwd=tmp_path, env={"SHOWCASE_DATE": value})
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        f"环境变量: SHOWCASE_DATE: SHOWCASE_DATE 应为 YYYY-MM-DD 格式的真实日期，实际为「{value}」"
    ]


def test_check_reports_showcase_date_and_content_errors_together(tmp_path):
    proc = run(CHECK, INVALID / "area_zero" / "content", cwd=INVALID / "area_zero", env={"SHOWCASE_DATE": "2026-13-01"})
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "环境变量: SHOWCASE_DATE: SHOWCASE_DATE 应为 YYYY-MM-DD 格式的真实日期，实际为「2026-13-01」",
        "content/communities/banchang-nanli/index.md:5: area_km2: 应为大于 0 的数字，实际为 0",
    ]


def test_check_accepts_a_valid_showcase_date(tmp_path):
    proc = run(CHECK, ROOT / "content", cwd=tmp_path, env={"SHOWCASE_DATE": "2026-11-23"})
    assert proc.returncode == 0 and SUMMARY.match(proc.stdout.strip())


def test_check_a_missing_folder(tmp_path):
    proc = run(CHECK, tmp_path / "nope", cwd=tmp_path)
    assert proc.returncode == 2
    assert "找不到内容文件夹" in proc.stderr


# -- the pre-commit hook -------------------------------------------------------------------


def test_pre_commit_hook_runs_the_checker_on_content_changes():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    local = [r for r in config["repos"] if r["repo"] == "local"]
    assert len(local) == 1
    hooks = {h["id"]: h for h in local[0]["hooks"]}
    hook = hooks["check-content"]
    assert hook["pass_filenames"] is False
    assert hook["language"] == "system"
    assert "scripts/check_content.py" in hook["entry"]
    files = re.compile(hook["files"])
    assert files.search("content/communities/banchang-nanli/index.md")
    assert files.search("content/notices/x.md")
    assert not files.search("showcase/loader.py") and not files.search("tests/fixtures/invalid/x/content/index.md")
    # The entry works as pre-commit runs it: from the repository root, no file names.
    proc = subprocess.run(shlex.split(hook["entry"]), cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for other in hooks.values():
        program = shlex.split(other["entry"])[0]
        assert (ROOT / program).exists() or shutil.which(program), other


# -- the whole workflow, as a new editor ----------------------------------------------------


def test_new_editor_workflow(demo, tmp_path):
    """Scaffold, check, break a field, read the error, fix it, add a record, build."""
    work = demo.parent
    proc = run(NEW, "板厂南里社区", "--district", "临川区", "--street", "鼓楼街道", "--content", "content", cwd=work)
    assert proc.returncode == 0, proc.stderr

    proc = run(CHECK, "content", cwd=work)
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.startswith("内容检查通过：15 个社区")

    # Uncomment an optional field the wrong way: a thousands separator.
    index = demo / "communities" / "banchang-nanli" / "index.md"
    text = index.read_text(encoding="utf-8")
    lines = text.split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith("# households:"))
    lines[number] = "households: 1,086"
    index.write_text("\n".join(lines), encoding="utf-8")
    proc = run(CHECK, "content", cwd=work)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        f"content/communities/banchang-nanli/index.md:{number + 1}: households: 应为整数（不带逗号、空格和单位），实际为「1,086」"
    ]

    # Fix it, and add the first activity record as the template says.
    lines[number] = "households: 1086"
    index.write_text("\n".join(lines), encoding="utf-8")
    achievements = demo / "communities" / "banchang-nanli" / "achievements.yml"
    text = achievements.read_text(encoding="utf-8")
    example = re.findall(r"^# (-.*|  .*)$", text, re.MULTILINE)
    body = "\n".join(line for line in example if "photos" not in line)
    achievements.write_text(text.replace("\n[]\n", "\n") + body + "\n", encoding="utf-8")
    proc = run(CHECK, "content", cwd=work)
    assert proc.returncode == 0, proc.stdout
    assert load_site(demo).communities["banchang-nanli"].achievements[0].title == "学雷锋志愿服务日"

    (tmp_path / "build").mkdir()
    result = run_build(demo, tmp_path / "build", date="2026-11-23")
    assert result.returncode == 0, result.output
    assert "WARNING" not in result.output
    page = result.html("communities/banchang-nanli/index.html")
    assert "板厂南里社区" in page and "学雷锋志愿服务日" in page
    assert not (result.site / "communities" / "banchang-nanli" / "photos" / ".gitkeep").exists()


def test_fresh_template_builds_at_once(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "valid-minimal", content)
    shutil.rmtree(content / "communities" / "banchang-nanli")
    new_community.create(content, "banchang-nanli", "板厂南里社区", "东城区", "交道口街道")
    (tmp_path / "build").mkdir()
    result = run_build(content, tmp_path / "build", date="2026-11-23")
    assert result.returncode == 0, result.output
    assert "板厂南里社区" in result.html("communities/banchang-nanli/index.html")


def test_scripts_restart_themselves_in_the_project_venv(tmp_path):
    """Started by a Python without the dependencies (here: without site-packages), a
    script re-runs itself with .venv/bin/python instead of failing on an import."""
    for script, args in ((CHECK, []), (SCRIPTS / "export_schemas.py", ["--check"])):
        proc = subprocess.run(
            [sys.executable, "-S", str(script), *args],
            cwd=tmp_path,
            env={k: v for k, v in os.environ.items() if k not in ("SHOWCASE_DATE", "SHOWCASE_REEXEC")},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr


def test_check_content_on_a_large_site_uses_helpers_and_reports_the_same(tmp_path):
    """From 100 communities the checker loads them with helper processes (as the
    build does); every error is still reported, in the same order, as in one process."""
    sys.path.insert(0, str(SCRIPTS))
    import gen_content

    content = gen_content.generate(120, tmp_path / "site", seed=5)
    broken = sorted((content / "communities").iterdir())
    (broken[3] / "index.md").write_text("---\nname: 缺少区县\n---\n正文\n", encoding="utf-8")
    (broken[90] / "achievements.yml").write_text("- title: x\n  date: 2026-13-01\n", encoding="utf-8")
    environ = {"SHOWCASE_DATE": "2026-11-23"}
    if check_content.can_fork() and check_content.available_cpus() > 1:
        assert check_content.helper_count(content) >= 1
    errors, _ = check_content.check(content, environ)
    with pytest.raises(ContentInvalid) as one_process:
        load_site(content, workers=0, today=gen_content.BUILD_DATE)
    assert [str(e) for e in errors] == [str(e) for e in one_process.value.errors]
    assert any(broken[3].name in str(e) for e in errors) and any(broken[90].name in str(e) for e in errors)
