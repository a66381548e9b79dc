"""CI and publishing files: GitHub Actions workflows and .gitlab-ci.yml.

They are parsed (not run) and checked for what would otherwise only fail on the CI
server: every script they call exists and is executable, checkouts are full (pages show
each file's last change from git), every ``mkdocs build`` is ``--strict`` and never
quiet, and the daily rebuild runs at 00:05 Asia/Shanghai. The sharded pipelines (a
province's showcase, README "building in shards") are checked at the end: the plan
job's steps are run with a fake ``scripts/shard.py``, and GitLab's generated child
pipeline is parsed.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from showcase import shards

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
GITLAB = ROOT / ".gitlab-ci.yml"
SHARDED = WORKFLOWS / "publish-sharded.yml"
GITLAB_SHARDED = ROOT / ".gitlab" / "sharded.yml"
CI_FILES = sorted(WORKFLOWS.glob("*.yml")) + [GITLAB, GITLAB_SHARDED]

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
    if path == SHARDED:
        # Its object-storage deploy reads rclone's settings from repository secrets, by
        # name, in one step (test_sharded_github_secrets_only_configure_rclone).
        text = SHARDED_SECRET.sub("", text)
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


# -- a province's showcase: publishing in shards -----------------------------------------
#
# .github/workflows/publish-sharded.yml and .gitlab/sharded.yml (README "A province's
# showcase: building in shards"). Both plan jobs are run here with a fake
# scripts/shard.py (a few lines of shell in a scratch git repository); the scripts the
# files call must exist for real.

SHARD_PY = "scripts/shard.py"
CACHED = {".cache/records", ".cache/images", ".cache/share", ".cache/badges"}
DATE = "2026-11-23"
# The only secrets publish-sharded.yml may read: rclone's remote "showcase" and where the
# site goes, each as `${{ secrets.NAME }}`.
SHARDED_SECRET = re.compile(r"\$\{\{ secrets\.(RCLONE_CONFIG_SHOWCASE_[A-Z_]+|SHOWCASE_BUCKET) \}\}")
PLAN_DATE = "${{ steps.plan.outputs.date }}"
NEEDS_DATE = "${{ needs.plan.outputs.date }}"

# Stands in for .venv/bin/python in the scratch repository: scripts/shard.py's count and
# matrix answer $FAKE_SHARDS, summary writes its file; every call is logged with the
# SHOWCASE_DATE it saw. Anything else (the date one-liner) runs the real Python on this
# repository's code.
FAKE_PYTHON = """#!/bin/sh
if [ "$1" = scripts/shard.py ]; then
  echo "$* SHOWCASE_DATE=$SHOWCASE_DATE" >> "$CALLS"
  case "$2" in
    count) echo "$FAKE_SHARDS" ;;
    matrix) printf '['; seq -s ', ' 1 "$FAKE_SHARDS" | tr -d '\\n'; echo ']' ;;
    summary) echo summary > "$3" ;;
    *) exit 9 ;;
  esac
  exit 0
fi
PYTHONPATH="$REPO" exec "$REAL_PYTHON" "$@"
"""


def gitlab_sharded() -> dict:
    return load(GITLAB_SHARDED)


def jobs_of(config: dict) -> dict[str, dict]:
    """GitLab jobs (hidden templates left out): those with a script or a trigger."""
    return {
        name: job
        for name, job in config.items()
        if not name.startswith(".") and isinstance(job, dict) and ("script" in job or "trigger" in job)
    }


def gitlab_commands(job: dict) -> list[str]:
    return command_lines([*job.get("before_script", []), *job.get("script", []), *job.get("after_script", [])])


def run_lines(job: dict) -> list[str]:
    return command_lines([step["run"] for step in job.get("steps", []) if "run" in step])


def uses(job: dict, action: str) -> list[dict]:
    return [step for step in job.get("steps", []) if str(step.get("uses", "")).startswith(f"{action}@")]


def step_named(job: dict, name: str) -> dict:
    (step,) = [s for s in job["steps"] if s.get("name") == name or s.get("id") == name]
    return step


def shard_calls(lines: list[str], command: str) -> list[list[str]]:
    """The arguments after `scripts/shard.py COMMAND` in each line that runs it (up to
    the end of a `$(…)` it is in)."""
    call = re.compile(rf"(?<![\w./-]){re.escape(SHARD_PY)}\s+{command}\b([^)]*)")
    return [shlex.split(match.group(1)) for line in lines for match in call.finditer(line)]


def needs_of(job: dict) -> list:
    needs = job.get("needs", [])
    return [needs] if isinstance(needs, str) else list(needs)


def sandbox(tmp_path: Path, shards: int) -> tuple[Path, dict[str, str]]:
    """A scratch git repository with a no-op scripts/bootstrap and the fake Python."""
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    (repo / ".venv" / "bin").mkdir(parents=True)
    bootstrap = repo / "scripts" / "bootstrap"
    bootstrap.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    python = repo / ".venv" / "bin" / "python"
    python.write_text(FAKE_PYTHON, encoding="utf-8")
    for path in (bootstrap, python):
        path.chmod(0o755)
    git = ["git", "-c", "user.name=CI", "-c", "user.email=ci@example.invalid"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "content"], cwd=repo, check=True)
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "CALLS": str(tmp_path / "calls.log"),
        "FAKE_SHARDS": str(shards),
        "REPO": str(ROOT),
        "REAL_PYTHON": sys.executable,
    }
    return repo, env


def run_shell(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    # GitHub's `run:` and GitLab's script both run in bash with -e and pipefail.
    return subprocess.run(
        ["bash", "-eo", "pipefail", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def calls(env: dict[str, str]) -> list[str]:
    path = Path(env["CALLS"])
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def run_gitlab_plan(tmp_path: Path, shards: int, **variables: str) -> tuple[subprocess.CompletedProcess, Path, dict]:
    """shard-plan's whole script, as GitLab runs it, in the sandbox."""
    repo, env = sandbox(tmp_path, shards)
    env.update(variables)
    script = "\n".join(gitlab_sharded()["shard-plan"]["script"])
    return run_shell(script, repo, env), repo, env


def child_pipeline(tmp_path: Path, shards: int, **variables: str) -> tuple[dict, list[str]]:
    proc, repo, env = run_gitlab_plan(tmp_path, shards, **variables)
    assert proc.returncode == 0, proc.stderr
    child = yaml.safe_load((repo / "shards.yml").read_text(encoding="utf-8"))
    assert isinstance(child, dict)
    return child, calls(env)


def run_github_plan(
    tmp_path: Path, shards: int, **inputs: str
) -> tuple[subprocess.CompletedProcess, dict[str, str], list[str]]:
    """publish-sharded.yml's plan step in the sandbox, its ${{ }} expressions given as
    the inputs would make them (the deploy target: input, else variable, else default)."""
    repo, env = sandbox(tmp_path, shards)
    step = step_named(github_jobs(SHARDED)["plan"], "plan")
    assert set(step["env"]) == {"SHOWCASE_DATE", "PER_SHARD", "DEPLOY"}
    assert step["env"]["SHOWCASE_DATE"] == "${{ inputs.date }}"
    assert step["env"]["PER_SHARD"] == "${{ inputs.per_shard }}"
    assert step["env"]["DEPLOY"] == "${{ inputs.deploy || vars.SHOWCASE_DEPLOY || 'object-storage' }}"
    output, summary = tmp_path / "output", tmp_path / "step-summary"
    env.update(
        SHOWCASE_DATE=inputs.get("date", ""),
        PER_SHARD=inputs.get("per_shard", ""),
        DEPLOY=inputs.get("deploy") or inputs.get("variable") or "object-storage",
        GITHUB_OUTPUT=str(output),
        GITHUB_STEP_SUMMARY=str(summary),
    )
    proc = run_shell(step["run"], repo, env)
    outputs = (
        dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines()) if output.exists() else {}
    )
    return proc, outputs, calls(env)


def all_sharded_commands(tmp_path: Path) -> list[tuple[str, str, list[str]]]:
    """(file, job, command lines) of both sharded pipelines, the generated child included."""
    found = [(SHARDED.name, name, run_lines(job)) for name, job in github_jobs(SHARDED).items()]
    found += [(GITLAB_SHARDED.name, name, gitlab_commands(job)) for name, job in jobs_of(gitlab_sharded()).items()]
    child, _ = child_pipeline(tmp_path, 3)
    found += [("shards.yml", name, gitlab_commands(job)) for name, job in jobs_of(child).items()]
    return found


# -- both files ---------------------------------------------------------------------------


def test_sharded_pipelines_parse_and_run_by_hand_or_when_called():
    workflow = load(SHARDED)
    # Never beside publish.yml's push and schedule: a province switches one for the other.
    assert set(triggers(workflow)) == {"workflow_dispatch", "workflow_call"}
    assert "switches publish.yml for it" in SHARDED.read_text(encoding="utf-8")
    assert set(workflow["jobs"]) == {"plan", "shard", "shared", "assemble", "pages"}
    for trigger in ("workflow_dispatch", "workflow_call"):
        assert set(triggers(workflow)[trigger]["inputs"]) == {"deploy", "date", "per_shard"}, trigger
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["cancel-in-progress"] is False
    assert workflow["concurrency"]["group"] != "pages"  # the caller's group: a deadlock

    gitlab = gitlab_sharded()
    assert set(jobs_of(gitlab)) == {"shard-plan", "shard-build"}
    assert "- local: .gitlab/sharded.yml" in GITLAB_SHARDED.read_text(encoding="utf-8")
    stages = load(GITLAB)["stages"]
    for name, job in jobs_of(gitlab).items():
        assert job["stage"] in stages, name
        assert job["rules"] == gitlab_jobs()["pages"]["rules"], name  # where `pages` ran
    assert gitlab["shard-plan"]["image"] == load(GITLAB)["default"]["image"] == "python:3.11-bookworm"


def test_sharded_pipelines_call_only_existing_scripts(tmp_path):
    """Every path under scripts/ that a job runs exists and is executable, and .venv/bin
    is used only after scripts/bootstrap; for the GitHub workflow, the GitLab jobs and
    the child pipeline GitLab's plan writes. scripts/shard.py must really be there."""
    called: set[str] = set()
    for file, job, lines in all_sharded_commands(tmp_path):
        seen: list[str] = []
        for line in lines:
            for rel in SCRIPT_PATH.findall(line):
                if rel.startswith(".venv/bin/"):
                    assert "scripts/bootstrap" in seen, f"{file}:{job}: {rel} before scripts/bootstrap"
                    assert rel == ".venv/bin/python", f"{file}:{job}: {rel}"
                else:
                    path = ROOT / rel
                    assert path.is_file(), f"{file}:{job}: {rel} does not exist"
                    assert os.access(path, os.X_OK), f"{file}:{job}: {rel} is not executable"
                called.add(rel)
                seen.append(rel)
    assert {"scripts/bootstrap", SHARD_PY} <= called


# -- GitHub -------------------------------------------------------------------------------


def test_sharded_github_plan_decides_date_shards_and_target(tmp_path):
    proc, outputs, log = run_github_plan(tmp_path, 3, date=DATE, per_shard="5000")
    assert proc.returncode == 0, proc.stderr
    assert outputs == {"date": DATE, "count": "3", "shards": "[1, 2, 3]", "deploy": "object-storage"}
    assert f"{SHARD_PY} count --per-shard 5000 SHOWCASE_DATE={DATE}" in log
    assert f"{SHARD_PY} matrix --per-shard 5000 SHOWCASE_DATE={DATE}" in log
    # No date given: today in Asia/Shanghai, as the build decides it.
    proc, outputs, log = run_github_plan(tmp_path / "today", 1, variable="pages")
    assert proc.returncode == 0, proc.stderr
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    assert dt.date.fromisoformat(outputs["date"]) in (today, today - dt.timedelta(days=1))
    assert (outputs["count"], outputs["shards"], outputs["deploy"]) == ("1", "[1]", "pages")
    assert f"{SHARD_PY} count SHOWCASE_DATE=" in log  # no --per-shard when none is given
    # A wrong date or target stops the run before anything is built.
    for inputs in ({"date": "2026-13-01"}, {"deploy": "ftp"}):
        proc, outputs, _ = run_github_plan(tmp_path / next(iter(inputs.values())), 3, **inputs)
        assert proc.returncode != 0 and not outputs, inputs


def test_sharded_github_matrix_comes_from_the_plan():
    jobs = github_jobs(SHARDED)
    plan, shard = jobs["plan"], jobs["shard"]
    assert plan["outputs"] == {
        key: f"${{{{ steps.plan.outputs.{key} }}}}" for key in ("date", "count", "shards", "deploy")
    }
    step = step_named(plan, "plan")
    assert shard_calls(command_lines([step["run"]]), "matrix"), "the shard list comes from scripts/shard.py matrix"
    assert "shards=$shards" in step["run"] and '>> "$GITHUB_OUTPUT"' in step["run"]
    assert "plan" in needs_of(shard)
    assert shard["strategy"]["matrix"] == {"shard": "${{ fromJSON(needs.plan.outputs.shards) }}"}
    assert shard["strategy"]["fail-fast"] is False
    (args,) = shard_calls(run_lines(shard), "build")
    assert args[:2] == ["${{ matrix.shard }}", "${{ needs.plan.outputs.count }}"]


def test_sharded_github_parts_reach_the_assembly():
    jobs = github_jobs(SHARDED)
    plan, shard, shared, assemble = (jobs[name] for name in ("plan", "shard", "shared", "assemble"))
    # The summary: written by the plan, uploaded, downloaded by every shard, read by build.
    ((summary_file,),) = shard_calls(run_lines(plan), "summary")
    upload, upload_shared = uses(plan, "actions/upload-artifact")
    assert upload["with"]["path"] == summary_file
    (download,) = uses(shard, "actions/download-artifact")
    assert download["with"] == {"name": upload["with"]["name"]}  # into the working folder
    # The summary's shared folder (``shards.shared_folder``) goes to the shared job only,
    # back where the summary step wrote it, beside the summary.
    assert upload_shared["with"]["path"] == str(shards.shared_folder(Path(summary_file)))
    assert upload_shared["with"]["if-no-files-found"] == "error"
    assert [d["with"] for d in uses(shared, "actions/download-artifact")] == [
        {"name": upload["with"]["name"]},
        {"name": upload_shared["with"]["name"], "path": upload_shared["with"]["path"]},
    ]
    (build_args,) = shard_calls(run_lines(shard), "build")
    assert build_args[2] == summary_file
    # Each part is uploaded from the folder its step wrote, under a name the assembly's
    # pattern takes; each is downloaded into a folder of its own, all of which are merged.
    (shard_upload,) = uses(shard, "actions/upload-artifact")
    assert shard_upload["with"]["name"] == "part-${{ matrix.shard }}"
    assert shard_upload["with"]["path"] == build_args[3]
    ((option, given, shared_out),) = shard_calls(run_lines(shared), "shared")
    assert [option, given] == ["--summary", summary_file]  # no community is loaded again
    (shared_upload,) = uses(shared, "actions/upload-artifact")
    assert shared_upload["with"]["name"] == "part-shared"
    assert shared_upload["with"]["path"] == shared_out
    for upload in (shard_upload, shared_upload):
        assert upload["with"]["if-no-files-found"] == "error"
    (parts,) = uses(assemble, "actions/download-artifact")
    pattern = parts["with"]["pattern"]
    assert pattern == "part-*"
    for name in ("part-1", "part-12", "part-shared"):
        assert fnmatch.fnmatchcase(name, pattern), name
    assert not fnmatch.fnmatchcase("summary", pattern)
    assert not parts["with"].get("merge-multiple", False)
    assert {"plan", "shard", "shared"} <= set(needs_of(assemble))
    ((site, *merged),) = shard_calls(run_lines(assemble), "assemble")
    assert site == "site" and merged == [f"{parts['with']['path']}/*"]


def test_sharded_github_builds_use_the_plans_date():
    """The date is decided once, in the plan, and every later job builds with it."""
    jobs = github_jobs(SHARDED)
    plan = jobs["plan"]
    summary_step = next(s for s in plan["steps"] if shard_calls(command_lines([s.get("run", "")]), "summary"))
    assert summary_step["env"]["SHOWCASE_DATE"] == PLAN_DATE
    assert plan["outputs"]["date"] == PLAN_DATE
    decided = [name for name, job in jobs.items() for line in run_lines(job) if "build_date" in line]
    assert decided == ["plan"]
    for name, job in jobs.items():
        if name == "plan" or not any(SHARD_PY in line for line in run_lines(job)):
            continue
        assert "plan" in needs_of(job), name
        assert job["env"]["SHOWCASE_DATE"] == NEEDS_DATE, name
        for step in job["steps"]:
            assert "SHOWCASE_DATE" not in step.get("env", {}), f"{name}: {step}"
    assert {"shard", "shared", "assemble"} <= {
        n for n, j in jobs.items() if j.get("env", {}).get("SHOWCASE_DATE") == NEEDS_DATE
    }


def test_sharded_github_jobs_check_out_everything_and_restore_the_cache():
    jobs = github_jobs(SHARDED)
    for name, job in jobs.items():
        if not run_lines(job):
            continue
        (checkout,) = uses(job, "actions/checkout")
        assert checkout["with"]["fetch-depth"] == 0, name
        (python,) = uses(job, "actions/setup-python")
        assert python["with"] == {
            "python-version": "3.11",
            "cache": "pip",
            "cache-dependency-path": "requirements.txt",
        }, name
        assert run_lines(job)[0] == "scripts/bootstrap", name
    for name, paths, command in (
        ("plan", {".cache/records"}, "summary"),
        ("shard", CACHED, "build"),
        ("shared", CACHED, "shared"),
    ):
        steps = jobs[name]["steps"]
        (cache,) = uses(jobs[name], "actions/cache")
        assert set(cache["with"]["path"].split()) == paths, name
        assert cache["with"]["key"].endswith("${{ github.sha }}"), name
        building = next(s for s in steps if shard_calls(command_lines([s.get("run", "")]), command))
        assert steps.index(cache) < steps.index(building), f"{name}: the cache must be restored before the build"
    # One cache per shard, so that the matrix's jobs do not race for one key.
    assert "${{ matrix.shard }}" in uses(jobs["shard"], "actions/cache")[0]["with"]["key"]


def test_sharded_github_deploys_with_rclone_or_to_pages():
    jobs = github_jobs(SHARDED)
    assemble = jobs["assemble"]
    steps = assemble["steps"]
    merge = next(s for s in steps if shard_calls(command_lines([s.get("run", "")]), "assemble"))
    after = steps[steps.index(merge) + 1 :]
    storage = [s for s in after if s.get("if") == "needs.plan.outputs.deploy == 'object-storage'"]
    pages = [s for s in after if s.get("if") == "needs.plan.outputs.deploy == 'pages'"]
    assert len(storage) + len(pages) == len(after), "every deploy step is guarded by the target"
    install, sync = storage
    assert re.search(r"^sudo apt-get install -y\b.*\brclone$", install["run"], re.MULTILINE)
    (line,) = [line for line in command_lines([sync["run"]]) if line.startswith("rclone ")]
    words = shlex.split(line)
    assert words[:4] == ["rclone", "sync", "site", "showcase:$SHOWCASE_BUCKET"]
    assert "--checksum" in words  # every build rewrites every file: compare contents
    assert any(key.startswith("RCLONE_CONFIG_SHOWCASE_") for key in sync["env"])
    check, upload = pages
    assert "1024 * 1024 * 1024" in check["run"]  # GitHub Pages takes at most 1 GB
    assert upload["uses"].startswith("actions/upload-pages-artifact@") and upload["with"]["path"] == "site"
    deploy = jobs["pages"]
    assert deploy["if"] == "needs.plan.outputs.deploy == 'pages'"
    assert "assemble" in needs_of(deploy)
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][-1]["id"] == "deployment"
    assert deploy["steps"][-1]["uses"].startswith("actions/deploy-pages@")


def test_sharded_github_secrets_only_configure_rclone():
    """Secrets reach one step, the rclone upload, each under its own name; the workflow
    declares them for a caller that passes them one by one."""
    text = SHARDED.read_text(encoding="utf-8")
    workflow = load(SHARDED)
    sync = next(s for s in workflow["jobs"]["assemble"]["steps"] if "rclone sync" in s.get("run", ""))
    from_secrets = {key: value for key, value in sync["env"].items() if "secrets." in value}
    assert from_secrets, "rclone is configured from repository secrets"
    for key, value in from_secrets.items():
        assert value == f"${{{{ secrets.{key} }}}}", key
        assert SHARDED_SECRET.fullmatch(value), key
    assert text.count("secrets.") == len(from_secrets), "secrets are read by the rclone step only"
    assert set(triggers(workflow)["workflow_call"]["secrets"]) == set(from_secrets)
    assert {
        "RCLONE_CONFIG_SHOWCASE_ACCESS_KEY_ID",
        "RCLONE_CONFIG_SHOWCASE_SECRET_ACCESS_KEY",
        "SHOWCASE_BUCKET",
    } <= set(from_secrets)


# -- GitLab -------------------------------------------------------------------------------


def test_gitlab_sharded_plan_triggers_its_child_pipeline():
    jobs = jobs_of(gitlab_sharded())
    plan, trigger = jobs["shard-plan"], jobs["shard-build"]
    ((summary_file,),) = shard_calls(gitlab_commands(plan), "summary")
    # The summary, and beside it what the shared job reads (``shards.shared_folder``).
    assert set(plan["artifacts"]["paths"]) == {summary_file, f"{shards.shared_folder(Path(summary_file))}/", "shards.yml"}
    assert trigger["needs"] == ["shard-plan"]
    assert trigger["trigger"] == {"include": [{"artifact": "shards.yml", "job": "shard-plan"}], "strategy": "depend"}
    # For the child's `needs: pipeline:` (the summary).
    assert trigger["variables"]["PARENT_PIPELINE_ID"] == "$CI_PIPELINE_ID"
    depth = plan.get("variables", {}).get("GIT_DEPTH", load(GITLAB)["variables"]["GIT_DEPTH"])
    assert str(depth) == "0"
    cached = {p for entry in plan["cache"] for p in entry["paths"]}
    assert ".cache/records" in cached


@pytest.mark.parametrize("shards", [1, 3])
def test_gitlab_child_pipeline_has_one_job_per_shard(tmp_path, shards):
    child, log = child_pipeline(tmp_path, shards, SHOWCASE_DATE=DATE, SHOWCASE_PER_SHARD="5000")
    assert child["variables"] == {
        "SHOWCASE_DATE": DATE,
        "SHARD_COUNT": str(shards),
        "SHOWCASE_DEPLOY": "object-storage",
    }
    jobs = jobs_of(child)
    assert set(jobs) == {"shard", "shared", "assemble", "pages"}
    shard, shared, assemble, pages = (jobs[name] for name in ("shard", "shared", "assemble", "pages"))
    assert shard["parallel"] == {"matrix": [{"SHARD": list(range(1, shards + 1))}]}
    # The plan ran count (with the per-shard setting) and the summary, with the date the
    # child pipeline builds with.
    assert f"{SHARD_PY} count --per-shard 5000 SHOWCASE_DATE={DATE}" in log
    ((summary_file,),) = shard_calls(gitlab_commands(gitlab_sharded()["shard-plan"]), "summary")
    assert f"{SHARD_PY} summary {summary_file} SHOWCASE_DATE={DATE}" in log
    # Every shard gets the summary from the parent's plan job and builds its part.
    assert shard["needs"] == [{"pipeline": "$PARENT_PIPELINE_ID", "job": "shard-plan"}]
    (args,) = shard_calls(gitlab_commands(shard), "build")
    assert args[:3] == ["$SHARD", "$SHARD_COUNT", summary_file]
    ((option, given, shared_out),) = shard_calls(gitlab_commands(shared), "shared")
    assert [option, given] == ["--summary", summary_file]  # no community is loaded again
    assert shared["needs"] == shard["needs"]  # the plan's artifacts, beside the shards
    # Parts travel as artifacts into the assembling jobs' `parts/`, one folder each.
    for job, out in ((shard, args[3]), (shared, shared_out)):
        (folder,) = job["artifacts"]["paths"]
        assert folder == "parts/" and out.startswith(folder) and out != folder
    assert args[3].endswith("$SHARD")
    for job, site in ((assemble, "public"), (pages, "public")):
        assert set(job["needs"]) == {"shard", "shared"}
        assert shard_calls(gitlab_commands(job), "assemble") == [[site, "parts/*"]]
    assert pages["artifacts"]["paths"] == ["public"]
    assert assemble["rules"] == [{"if": '$SHOWCASE_DEPLOY != "pages"'}]
    assert pages["rules"] == [{"if": '$SHOWCASE_DEPLOY == "pages"'}]
    assert child["stages"].index(shard["stage"]) < child["stages"].index(assemble["stage"])
    assert shared["stage"] == shard["stage"] and pages["stage"] == assemble["stage"]


def test_gitlab_child_jobs_build_alike(tmp_path):
    child, _ = child_pipeline(tmp_path, 2, SHOWCASE_DATE=DATE)
    assert child["default"]["image"] == "python:3.11-bookworm"
    for name, job in jobs_of(child).items():
        variables = {**child.get("variables", {}), **job.get("variables", {})}
        assert str(variables["GIT_DEPTH"]) == "0", name  # full history, in the child too
        assert variables["GIT_STRATEGY"] == "clone", name
        assert variables["SHOWCASE_DATE"] == DATE, name  # the plan's date, not set again
        assert gitlab_commands(job)[0] == "scripts/bootstrap", name
    for name in ("shard", "shared"):
        cached = {p for entry in jobs_of(child)[name]["cache"] for p in entry["paths"]}
        assert CACHED <= cached, name


def test_gitlab_child_deploys_with_rclone_or_to_pages(tmp_path):
    child, _ = child_pipeline(tmp_path, 2, SHOWCASE_DATE=DATE, SHOWCASE_DEPLOY="pages")
    assert child["variables"]["SHOWCASE_DEPLOY"] == "pages"
    jobs = jobs_of(child)
    deploy = "\n".join(jobs["assemble"]["script"])
    assert 'if [ "$SHOWCASE_DEPLOY" = object-storage ]; then' in deploy
    assert re.search(r"^\s*apt-get install -y\b.*\brclone$", deploy, re.MULTILINE)
    (line,) = [line for line in command_lines([deploy]) if line.startswith("rclone ")]
    assert shlex.split(line)[:4] == ["rclone", "sync", "public", "showcase:$SHOWCASE_BUCKET"]
    assert "--checksum" in shlex.split(line)
    assert "1024 * 1024 * 1024" in "\n".join(jobs["pages"]["script"])


@pytest.mark.parametrize(
    "variables",
    [{"SHOWCASE_DATE": "2026-13-01"}, {"SHOWCASE_DATE": DATE, "SHOWCASE_DEPLOY": "ftp"}],
    ids=["bad-date", "bad-target"],
)
def test_gitlab_plan_stops_on_a_bad_date_or_target(tmp_path, variables):
    proc, repo, env = run_gitlab_plan(tmp_path, 3, **variables)
    assert proc.returncode != 0
    assert not (repo / "shards.yml").exists()
    assert not any(" summary " in call for call in calls(env))


# -- README -------------------------------------------------------------------------------


def test_readme_explains_the_sharded_build():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    heading = "## A province's showcase: building in shards"
    assert text.count(heading) == 1
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    for needed in (
        "scripts/bench.py --shards",  # and the figures it measured
        "| summary |",
        "| shared |",
        "scripts/build-sharded",
        SHARDED.relative_to(ROOT).as_posix(),
        GITLAB_SHARDED.relative_to(ROOT).as_posix(),
        "rclone",
        "1 GB",
    ):
        assert needed in section, needed
    for name in ("OSS", "COS", "OBS", "CDN"):
        assert name in section, name
    for rel in set(re.findall(r"(?<![\w./-])(scripts/[\w.-]+|\.github/workflows/[\w.-]+|\.gitlab/[\w.-]+)", section)):
        path = ROOT / rel
        assert path.is_file(), f"README names {rel}, which does not exist"
        if rel.startswith("scripts/") and not rel.endswith(".py"):  # Python ones run with .venv/bin/python
            assert os.access(path, os.X_OK), f"README names {rel}, which is not executable"
