"""CI and publishing files: GitHub Actions workflows and .gitlab-ci.yml.

They are parsed (not run) and checked for what would otherwise only fail on the CI
server: every script they call exists and is executable, checkouts are full (pages show
each file's last change from git), every ``mkdocs build`` is ``--strict`` and never
quiet, and the daily rebuild runs at 00:05 Asia/Shanghai.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
GITLAB = ROOT / ".gitlab-ci.yml"
CI_FILES = sorted(WORKFLOWS.glob("*.yml")) + [GITLAB]

# Paths a CI command may call; .venv/bin/* exists only after scripts/bootstrap.
SCRIPT_PATH = re.compile(r"(?<![\w./-])(?:\./)?((?:scripts|\.ci)/[\w./-]+|\.venv/bin/[\w.-]+)")
BOOTSTRAPPERS = ("scripts/bootstrap", "scripts/test", ".ci/run")
MKDOCS_BUILD = re.compile(r"\bmkdocs\s+build\b")
DAILY_CRON = "5 16 * * *"


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the key `on` as the boolean true.
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return on


def github_jobs(path: Path) -> dict[str, dict]:
    return load(path)["jobs"]


def gitlab_jobs() -> dict[str, dict]:
    return {name: job for name, job in load(GITLAB).items() if isinstance(job, dict) and "script" in job}


def job_commands() -> list[tuple[str, str, list[str]]]:
    """(file, job, commands in order) for every job of every CI file."""
    found = []
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for name, job in github_jobs(path).items():
            commands = [step["run"] for step in job.get("steps", []) if "run" in step]
            found.append((path.name, name, commands))
    for name, job in gitlab_jobs().items():
        commands = [*job.get("before_script", []), *job["script"], *job.get("after_script", [])]
        found.append((GITLAB.name, name, commands))
    return found


def command_lines(commands: list[str]) -> list[str]:
    lines = []
    for command in commands:
        for line in command.splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                lines.append(line)
    return lines


def test_ci_files_exist_and_parse():
    names = {p.name for p in WORKFLOWS.glob("*.yml")}
    assert {"ci.yml", "publish.yml", "preview.yml"} <= names
    for path in CI_FILES:
        assert isinstance(load(path), dict), path


def test_every_called_script_exists_and_is_executable():
    bootstrap = (ROOT / "scripts" / "bootstrap").read_text(encoding="utf-8")
    assert "-m venv .venv" in bootstrap
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    called = 0
    for file, job, commands in job_commands():
        seen: list[str] = []
        for line in command_lines(commands):
            for rel in SCRIPT_PATH.findall(line):
                called += 1
                if rel.startswith(".venv/bin/"):
                    tool = rel.removeprefix(".venv/bin/")
                    assert any(b in seen for b in BOOTSTRAPPERS), (
                        f"{file}:{job}: {rel} is used before scripts/bootstrap creates it"
                    )
                    assert tool in ("python", "pip") or re.search(
                        rf"^{re.escape(tool)}==", requirements, re.MULTILINE | re.IGNORECASE
                    ), f"{file}:{job}: {tool} is not installed by scripts/bootstrap (requirements.txt)"
                else:
                    path = ROOT / rel
                    assert path.is_file(), f"{file}:{job}: {rel} does not exist"
                    assert os.access(path, os.X_OK), f"{file}:{job}: {rel} is not executable"
                seen.append(rel)
    assert called >= 6


def test_ci_run_is_scripts_test():
    text = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^exec scripts/test\b", text, re.MULTILINE)


def test_checkouts_fetch_the_full_history():
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for name, job in github_jobs(path).items():
            steps = job.get("steps", [])
            checkouts = [s for s in steps if str(s.get("uses", "")).startswith("actions/checkout@")]
            if any("run" in s for s in steps):
                assert checkouts, f"{path.name}:{name} runs commands without a checkout"
            for step in checkouts:
                assert step.get("with", {}).get("fetch-depth") == 0, (
                    f"{path.name}:{name}: checkout must use fetch-depth: 0"
                )
    gitlab = load(GITLAB)
    assert str(gitlab["variables"]["GIT_DEPTH"]) == "0"
    for name, job in gitlab_jobs().items():
        depth = job.get("variables", {}).get("GIT_DEPTH", gitlab["variables"]["GIT_DEPTH"])
        assert str(depth) == "0", name


def test_every_mkdocs_build_is_strict_and_never_quiet():
    builds = 0
    for file, job, commands in job_commands():
        for line in command_lines(commands):
            match = MKDOCS_BUILD.search(line)
            if not match:
                continue
            builds += 1
            args = shlex.split(line[match.end() :])
            assert "--strict" in args, f"{file}:{job}: {line}"
            assert "--quiet" not in args, f"{file}:{job}: {line}"
            short = [a for a in args if re.fullmatch(r"-[A-Za-z]+", a)]
            assert not any("q" in a for a in short), f"{file}:{job}: -q hides the build's warnings: {line}"
    assert builds == 3  # publish, preview, GitLab pages


def test_actions_are_pinned_to_a_major_version():
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for name, job in github_jobs(path).items():
            for step in job.get("steps", []):
                if "uses" in step:
                    assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), f"{path.name}:{name}: {step['uses']}"


def test_python_is_3_11_everywhere():
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for name, job in github_jobs(path).items():
            for step in job.get("steps", []):
                if str(step.get("uses", "")).startswith("actions/setup-python@"):
                    # A string: YAML reads 3.11 unquoted as the float 3.11 and 3.10 as 3.1.
                    assert step["with"]["python-version"] == "3.11", f"{path.name}:{name}"
    assert load(GITLAB)["default"]["image"] == "python:3.11-bookworm"


# -- each workflow ----------------------------------------------------------------------


def test_ci_tests_every_push_and_pull_request():
    workflow = load(WORKFLOWS / "ci.yml")
    on = triggers(workflow)
    assert "push" in on and "pull_request" in on
    assert (on["push"] or {}).get("branches") is None  # every branch
    steps = workflow["jobs"]["test"]["steps"]
    assert [s["uses"].split("@")[0] for s in steps if "uses" in s][:2] == ["actions/checkout", "actions/setup-python"]
    runs = command_lines([s["run"] for s in steps if "run" in s])
    assert runs[-1] in ("scripts/test", ".ci/run")


def test_publish_builds_and_deploys_pages():
    workflow = load(WORKFLOWS / "publish.yml")
    on = triggers(workflow)
    assert on["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in on
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"] == "pages"
    assert workflow["concurrency"]["cancel-in-progress"] is False
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    runs = command_lines([s["run"] for s in build["steps"] if "run" in s])
    assert runs[0] == "scripts/bootstrap"
    assert runs[-1] == ".venv/bin/mkdocs build --strict"
    upload = [s for s in build["steps"] if str(s.get("uses", "")).startswith("actions/upload-pages-artifact@")]
    assert len(upload) == 1 and upload[0]["with"]["path"] == "site"
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert "steps.deployment.outputs.page_url" in deploy["environment"]["url"]
    (step,) = deploy["steps"]
    assert step["id"] == "deployment" and step["uses"].startswith("actions/deploy-pages@")


def test_publish_runs_daily_at_five_past_midnight_in_shanghai():
    schedule = triggers(load(WORKFLOWS / "publish.yml"))["schedule"]
    assert schedule == [{"cron": DAILY_CRON}]
    minute, hour, day, month, weekday = DAILY_CRON.split()
    assert (day, month, weekday) == ("*", "*", "*")
    utc = dt.datetime(2026, 11, 22, int(hour), int(minute), tzinfo=dt.UTC)
    assert (utc.hour, utc.minute) == (16, 5)
    shanghai = utc.astimezone(ZoneInfo("Asia/Shanghai"))
    assert (shanghai.date(), shanghai.hour, shanghai.minute) == (dt.date(2026, 11, 23), 0, 5)
    # GitLab keeps schedules outside the file: its note gives the same cron.
    assert f'"{DAILY_CRON}"' in GITLAB.read_text(encoding="utf-8")


def test_preview_uploads_the_site_for_pull_requests():
    workflow = load(WORKFLOWS / "preview.yml")
    assert set(triggers(workflow)) == {"pull_request"}
    (job,) = workflow["jobs"].values()
    runs = command_lines([s["run"] for s in job["steps"] if "run" in s])
    assert runs[0] == "scripts/bootstrap" and runs[-1] == ".venv/bin/mkdocs build --strict"
    upload = [s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
    assert len(upload) == 1
    assert upload[0]["with"]["name"] == "site-preview"
    assert upload[0]["with"]["path"] == "site"


def test_gitlab_tests_and_publishes_pages():
    jobs = gitlab_jobs()
    assert command_lines(jobs["test"]["script"]) in (["scripts/test"], [".ci/run"])
    pages = jobs["pages"]
    build = [line for line in command_lines(pages["script"]) if MKDOCS_BUILD.search(line)]
    assert len(build) == 1
    args = shlex.split(build[0])
    assert args[args.index("--site-dir") + 1] == "public"
    assert command_lines(pages["script"])[0] == "scripts/bootstrap"
    assert pages["artifacts"]["paths"] == ["public"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert load(GITLAB)["stages"] == ["test", "deploy"]


@pytest.mark.parametrize("path", CI_FILES, ids=lambda p: p.name)
def test_no_secrets_or_tokens_in_ci_files(path):
    text = path.read_text(encoding="utf-8")
    assert "secrets." not in text and "TOKEN" not in text


def test_publishing_restores_the_build_cache():
    """Both publishing pipelines keep `.cache/records` (validated records) and the
    drawn images between runs: the build reuses them (and is byte for byte the same,
    tests/test_records.py)."""
    wanted = {".cache/records", ".cache/images", ".cache/share", ".cache/badges"}
    steps = github_jobs(WORKFLOWS / "publish.yml")["build"]["steps"]
    cached = [s for s in steps if str(s.get("uses", "")).startswith("actions/cache@")]
    assert cached, "publish.yml restores no cache"
    assert wanted <= set(cached[0]["with"]["path"].split()), cached[0]
    names = [s.get("name") or s.get("uses") for s in steps]
    assert names.index(cached[0]["uses"]) < names.index("Build"), "the cache must be restored before the build"
    pages = gitlab_jobs()["pages"]
    paths = {p for entry in pages["cache"] for p in entry["paths"]}
    assert wanted <= paths, pages["cache"]
