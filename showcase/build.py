"""One build of the showcase: the loaded site, the build date and the pages to generate.

The MkDocs hooks hold one ``Build`` per build (``mkdocs serve`` rebuilds start a new
one). Everything here is plain Python so scripts and tests can use it without MkDocs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from . import views
from .dates import format_date
from .images import RESIZE_VERSION, web_image
from .loader import load_site
from .model import Community, Notice, Policy, Site

# Generated pages: source URI → template. Their Markdown is empty; templates render
# the view models.
DIRECTORY_URI = "communities/index.md"
SEARCH_URI = "search.md"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}


@dataclass
class Page:
    """What a page shows: its template, its title and its view model."""

    template: str
    title: str
    view: object = None
    description: str | None = None
    searchable: bool = True


@dataclass
class Build:
    site: Site
    today: dt.date
    pages: dict[str, Page] = field(default_factory=dict)

    @classmethod
    def load(cls, content_dir: Path, today: dt.date) -> "Build":
        build = cls(load_site(content_dir), today)
        build.plan_pages()
        return build

    @property
    def today_text(self) -> str:
        return format_date(self.today)

    def plan_pages(self) -> None:
        """Decide every page's template and view; generated pages included."""
        for slug, community in self.site.communities.items():
            self.pages[f"communities/{slug}/index.md"] = self.community_page(community)
        for slug, policy in self.site.policies.items():
            self.pages[f"policies/{slug}.md"] = Page("showcase/policy.html", policy.title, policy)
        for slug, notice in self.site.notices.items():
            self.pages[f"notices/{slug}.md"] = Page("showcase/notice.html", notice.title, notice)
        self.pages[DIRECTORY_URI] = Page("showcase/directory.html", "社区名录", views.directory(self.site), searchable=False)
        self.pages[SEARCH_URI] = Page("showcase/search.html", "搜索", None, searchable=False)

    def community_page(self, community: Community) -> Page:
        return Page("showcase/community.html", community.name, views.community_view(community, self.today), community.summary)

    def generated_uris(self) -> list[str]:
        """Pages that exist only in the build, not as files in the content folder."""
        return [DIRECTORY_URI, SEARCH_URI]

    def page(self, src_uri: str) -> Page | None:
        return self.pages.get(src_uri)


def is_community_image(src_uri: str) -> bool:
    parts = src_uri.split("/")
    return len(parts) >= 3 and parts[0] == "communities" and Path(src_uri).suffix.lower() in IMAGE_SUFFIXES


def cached_web_image(path: Path, cache_dir: Path) -> bytes:
    """The web version of an image, re-encoded only when the file or the encoder changed."""
    data = path.read_bytes()
    key = hashlib.sha256(data + RESIZE_VERSION.encode()).hexdigest()
    cached = cache_dir / f"{key}{path.suffix.lower()}"
    if cached.exists():
        return cached.read_bytes()
    out, _, _ = web_image(path)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(".tmp")
    tmp.write_bytes(out)
    tmp.replace(cached)
    return out


__all__ = ["Build", "Page", "Community", "Notice", "Policy"]
