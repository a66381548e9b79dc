"""The editor's preview as an editor runs it (scripts/preview.py, the server): rapid
saves, a folder deleted and restored, a mistake shown in the browser and fixed, and no
process left behind."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, write_config

DATE = "2026-11-23"
WAIT = 120  # seconds: a build of the demo takes a few on this machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> set[int]:
    """Every descendant process of ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        for child, parent in parents.items():
            if parent == current and child not in found:
                found.add(child)
                todo.append(child)
    return found


class Server:
    def __init__(self, workdir: Path):
        self.content = workdir / "content"
        shutil.copytree(ROOT / "content", self.content)
        config = write_config(workdir, self.content, workdir / "unused")
        self.port = free_port()
        env = {**os.environ, "SHOWCASE_DATE": DATE, "NO_MKDOCS_2_WARNING": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "preview.py"), "-f", str(config), "-a", f"127.0.0.1:{self.port}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        self.log: list[str] = []
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        assert self.ready.wait(WAIT), "the preview did not start:\n" + "".join(self.log)

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.log.append(line)
            if "Serving on" in line:
                self.ready.set()

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=WAIT) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def until(self, path: str, test, what: str) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            status, body = self.get(path)
            if test(status, body):
                return body
            time.sleep(0.1)
        raise AssertionError(f"{path}: {what} never happened\n" + "".join(self.log[-30:]))

    def stop(self) -> set[int]:
        """Stop as a terminal's Ctrl-C or a service manager would; the processes the
        preview had started that are still alive."""
        started = children(self.proc.pid)
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(WAIT)
        time.sleep(0.5)
        return {pid for pid in started if Path(f"/proc/{pid}").exists() and "zombie" not in _state(pid)}


def _state(pid: int) -> str:
    try:
        return "zombie" if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z" else "alive"
    except OSError:
        return "gone"


@pytest.fixture
def server(tmp_path):
    made = Server(tmp_path)
    yield made
    if made.proc.poll() is None:
        made.proc.kill()
        made.proc.wait()


def test_rapid_saves_delete_restore_and_a_mistake(server, tmp_path):
    page = "/communities/chayuan/"
    status, body = server.get(page)
    assert status == 200 and "茶园" in body

    # 50 saves in quick succession: the last one is what is served, and stays.
    index = server.content / "communities" / "chayuan" / "index.md"
    original = index.read_text(encoding="utf-8")
    name = re.search(r"^name: (.*)$", original, re.M).group(1)
    for n in range(50):
        index.write_text(original.replace(f"name: {name}", f"name: {name}第{n}版", 1), encoding="utf-8")
        time.sleep(0.02)
    server.until(page, lambda s, b: f"{name}第49版" in b, "the last save shown")
    server.until("/communities/", lambda s, b: f"{name}第49版" in b and f"{name}第48版" not in b, "the directory following")
    time.sleep(2)
    assert f"{name}第49版" in server.get(page)[1], "a later build served an older save"
    assert server.proc.poll() is None

    # A community folder deleted: its page goes; restored: it comes back.
    folder = server.content / "communities" / "qiaotou"
    kept = tmp_path / "qiaotou"
    shutil.move(folder, kept)
    server.until("/communities/qiaotou/", lambda s, b: s == 404, "the deleted community's page removed")
    assert "qiaotou" not in server.get("/communities/")[1]
    shutil.move(kept, folder)
    server.until("/communities/qiaotou/", lambda s, b: s == 200, "the restored community's page back")

    # A mistake: shown above every page, with path, line and field; the last good
    # page is still served under it. Fixed: gone, without a restart.
    index.write_text(original.replace("district:", "distric:", 1), encoding="utf-8")
    body = server.until(page, lambda s, b: "sc-preview-errors" in b, "the error banner")
    assert re.search(r"communities/chayuan/index\.md:\d+: district: ", body), body[:3000]
    assert f"{name}第49版" in body, "the last good page is no longer served under the banner"
    other = server.until("/communities/xikou/", lambda s, b: "sc-preview-errors" in b, "the banner on other pages")
    assert "预览未更新" in other
    assert any("communities/chayuan/index.md" in line and "district" in line for line in server.log), "the terminal did not print the error"
    index.write_text(original, encoding="utf-8")
    server.until(page, lambda s, b: "sc-preview-errors" not in b and f"{name}第49版" not in b and name in b, "recovery")

    left = server.stop()
    assert server.proc.returncode in (0, -signal.SIGTERM), server.proc.returncode
    assert not left, f"processes left running after the preview stopped: {left}"


def test_a_missing_config_file_is_said_plainly(tmp_path):
    """A mistyped ``-f``: one line in Chinese and status 1, no traceback, no folder
    left behind."""
    before = set(Path(tempfile.gettempdir()).glob("showcase-preview-*"))
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "preview.py"), "-f", str(tmp_path / "nowhere.yml"), "-a", f"127.0.0.1:{free_port()}"],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=WAIT,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "Traceback" not in output
    assert "配置有误，预览没有启动" in output and "nowhere.yml" in output
    assert set(Path(tempfile.gettempdir()).glob("showcase-preview-*")) == before
