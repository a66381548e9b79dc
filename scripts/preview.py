#!/usr/bin/env python3
"""The editor's preview: build the site, serve it, and after each saved edit rebuild
what the edit changed (``scripts/serve`` runs this).

    .venv/bin/python scripts/preview.py [--dev-addr 127.0.0.1:8000] [-f mkdocs.yml]

* The first build is a whole build (records from ``.cache/records`` when they are
  there). After it, an edit re-reads only the files that changed and renders again
  only the pages whose inputs changed (``hooks/showcase_preview.py``); the open data
  and the search index follow in the background.
* A content error is printed as ``path:line: field: message``; the browser keeps
  showing the last good site with the errors above every page, and recovers by itself
  when the file is fixed.
* Pages the server sends reload by themselves when a build has finished (MkDocs'
  livereload).

The site is built into a temporary folder that is removed at the end; ``mkdocs build``
makes the published site.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "hooks"))

from showcase.runtime import require_dependencies  # noqa: E402

require_dependencies("mkdocs", "material", "yaml", "PIL")

import showcase_preview  # noqa: E402
import watchdog.events  # noqa: E402
import watchdog.observers  # noqa: E402
import watchdog.observers.polling  # noqa: E402
from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.exceptions import Abort, ConfigurationError  # noqa: E402
from mkdocs.livereload import LiveReloadServer, _serve_url  # noqa: E402

log = logging.getLogger("mkdocs.preview")
# File events that are changes (not a file opened or read).
CHANGES = ("created", "deleted", "modified", "moved", "closed")
FOLDER_CHANGES = ("created", "deleted", "moved")
# Asked of the system, so that reads (the build reads every file) are not even queued:
# at 10,000 communities they overflowed inotify's queue, and watchdog's recovery from
# that re-adds every watch.
WATCHED_EVENTS = [
    watchdog.events.FileCreatedEvent,
    watchdog.events.FileDeletedEvent,
    watchdog.events.FileModifiedEvent,
    watchdog.events.FileMovedEvent,
    watchdog.events.FileClosedEvent,
    watchdog.events.DirCreatedEvent,
    watchdog.events.DirDeletedEvent,
    watchdog.events.DirMovedEvent,
]


class PreviewServer(LiveReloadServer):
    """MkDocs' livereload server, watching with the system's file events where it
    can (polling a large content folder costs a core), and showing the latest build's
    errors above every page."""

    def __init__(self, preview: showcase_preview.Preview, **kwargs):
        super().__init__(**kwargs)
        self.preview = preview
        self._handlers: list = []
        self.changed: set[str] = set()  # paths changed since the last build began
        try:
            native = watchdog.observers.Observer()
        except Exception:  # no inotify here: keep polling
            native = None
        if native is not None:
            self.observer = native

    def watch(self, path: str, func=None, *, recursive: bool = True) -> None:
        """As MkDocs' ``watch``, but only changes count: the system's events also say
        when a file is opened or read (by the build itself)."""
        path = os.path.abspath(path)
        if path in self._watched_paths:
            self._watched_paths[path] += 1
            return
        self._watched_paths[path] = 1

        def callback(event) -> None:
            # A folder moved or deleted as a whole gives one event for the folder.
            if event.event_type not in (FOLDER_CHANGES if event.is_directory else CHANGES):
                return
            log.debug(str(event))
            with self._rebuild_cond:
                self.changed.add(os.path.abspath(event.src_path))
                if getattr(event, "dest_path", ""):
                    self.changed.add(os.path.abspath(event.dest_path))
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = callback
        self._handlers.append((handler, path, recursive))
        self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive, event_filter=WATCHED_EVENTS)

    def serve(self, *, open_in_browser=False):
        if not isinstance(self.observer, watchdog.observers.polling.PollingObserver):
            try:
                self.observer.start()
            except OSError as exc:  # e.g. the system's limit of watched folders: poll instead
                log.info("改用轮询方式监视文件（%s）", exc)
                self.observer = watchdog.observers.polling.PollingObserver(timeout=0.5)
                for handler, path, recursive in self._handlers:
                    self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive, event_filter=WATCHED_EVENTS)
            else:
                self.observer.start = lambda: None  # started: MkDocs' serve starts it again
        super().serve(open_in_browser=open_in_browser)

    def take_changes(self) -> set[str]:
        with self._rebuild_cond:
            changed, self.changed = self.changed, set()
        return changed

    def _inject_js_into_html(self, content, epoch):
        content = super()._inject_js_into_html(content, epoch)
        errors = self.preview.errors
        if not errors:
            return content
        start = content.find(b"<body")
        start = content.find(b">", start) + 1 if start >= 0 else 0
        return content[:start] + showcase_preview.banner(errors) + content[start:]


class QuietDirtyWarning(logging.Filter):
    """MkDocs warns of every ``--dirty`` build; the preview's are exact."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "A 'dirty' build is being performed" not in record.getMessage()


def remember_theme_lookups() -> None:
    """MkDocs looks up the installed themes (reading every package's metadata) and
    lists every file of the theme (Material's thousands of icons) at each build. Within
    one preview neither changes, except our own templates folder, which is listed
    each time."""
    import jinja2
    import mkdocs.utils

    themes = mkdocs.utils.get_themes()

    def get_themes():
        return themes

    get_themes.cache_clear = lambda: None  # MkDocs clears it at each theme it loads
    mkdocs.utils.get_themes = get_themes
    installed = (sys.prefix, sys.base_prefix)
    listed: dict[tuple, list[str]] = {}
    list_templates = jinja2.FileSystemLoader.list_templates

    def remembered(self) -> list[str]:
        if not all(str(path).startswith(installed) for path in self.searchpath[1:]):
            return list_templates(self)
        first = jinja2.FileSystemLoader(self.searchpath[:1], self.encoding, self.followlinks)
        key = tuple(self.searchpath[1:])
        if key not in listed:
            listed[key] = list_templates(jinja2.FileSystemLoader(self.searchpath[1:], self.encoding, self.followlinks))
        return sorted(set(list_templates(first)) | set(listed[key]))

    jinja2.FileSystemLoader.list_templates = remembered


def setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.addFilter(QuietDirtyWarning())
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="本地预览：生成网站并在保存修改后只重新生成受影响的页面。")
    parser.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="地址:端口（默认 127.0.0.1:8000）")
    parser.add_argument("-f", "--config-file", default=str(ROOT / "mkdocs.yml"), help="mkdocs.yml 的位置")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    setup_logging(args.verbose)
    remember_theme_lookups()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    host, _, port = args.dev_addr.rpartition(":")
    site_dir = tempfile.mkdtemp(prefix="showcase-preview-")
    first = [True]

    def get_config():
        return load_config(config_file=args.config_file, site_dir=site_dir, dev_addr=args.dev_addr)

    try:
        config = get_config()
    except ConfigurationError as exc:  # a missing or broken mkdocs.yml: said, not a traceback
        shutil.rmtree(site_dir, ignore_errors=True)
        log.error("配置有误，预览没有启动：%s", exc)
        return 1
    preview = showcase_preview.start(ROOT / ".cache")
    config.plugins.on_startup(command="serve", dirty=False)
    url = _serve_url(host, int(port), "/")
    docs = os.path.abspath(config.docs_dir) + os.sep

    def builder(config=None) -> None:
        started = time.monotonic()
        changed = server.take_changes()
        try:
            # Only content changed: the quick way, unless the folder's files did.
            quick = not first[0] and changed and all(path.startswith(docs) for path in changed)
            if not (quick and preview.rebuild(changed)):
                config = config or get_config()
                build(config, serve_url=url, dirty=not first[0])
        except (Abort, ConfigurationError) as exc:
            message = str(exc) if isinstance(exc, Abort) else f"配置有误：{exc}"
            preview.failed(message)
            log.error("%s", message)
            log.error("预览仍显示上次成功生成的网站；改正并保存后会自动更新。")
            return
        except Exception as exc:  # a template or theme error: shown, and the server goes on
            preview.failed(f"生成失败：{type(exc).__name__}: {exc}")
            traceback.print_exc()
            return
        first[0] = False
        log.info("预览已更新：重新生成 %d 个页面，用时 %.2f 秒", preview.rendered, time.monotonic() - started)

    server = PreviewServer(preview, builder=builder, host=host, port=int(port), root=site_dir)
    signal.signal(signal.SIGTERM, _interrupt)  # stopped by a service manager: clean up as for Ctrl-C

    def error_page(code: int) -> bytes | None:
        """A missing page (or no site yet, when the first build failed): the errors."""
        if preview.errors:
            head = b'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>\xe9\xa2\x84\xe8\xa7\x88</title><body>'
            return head + showcase_preview.banner(preview.errors) + b"</body></html>"
        page = os.path.join(site_dir, f"{code}.html")
        return Path(page).read_bytes() if os.path.isfile(page) else None

    server.error_handler = error_page
    try:
        builder(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        for folder in config.theme.dirs[:1]:
            server.watch(folder)
        server.watch(str(ROOT / "EDITING.md"))
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("预览已停止")
        finally:
            server.shutdown()
    finally:
        preview.stop()
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
