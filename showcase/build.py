"""One build of the showcase: the loaded site, the build date, and every page and file
it publishes.

The MkDocs hooks hold one ``Build`` per build (``mkdocs serve`` rebuilds start a new
one). Everything here is plain Python so scripts and tests can use it without MkDocs.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import ledger, notices, opendata, policies, share, urls, views
from .areas import AreaFigures, AreaSection, area_figures, area_sections
from .badges import BadgeCache, badge_for, badge_json, render_svg
from .dates import format_date
from .feed import community_feed, notices_feed
from .history import History
from .images import RESIZE_VERSION, web_image
from .inventory import IMAGE, Inventory
from .loader import load_site, reload_site
from .model import Community, Framework, Site
from .records import RecordCache
from .scoreviews import (
    UNEVALUATED,
    FrameworkView,
    RankingTop,
    RankingView,
    ScorePanel,
    framework_views,
    ranking_links,
    ranking_tops,
    ranking_views,
    score_panel,
)
from .scoring import VETO_LABEL, Score, build_rankings, community_scores
from .urls import (
    AREAS_URI,
    COMPARE_URI,
    DATA_URI,
    DIRECTORY_URI,
    FEED_URI,
    NOTICES_URI,
    POLICIES_URI,
    RANKINGS_URI,
    SEARCH_URI,
)

HOME_TOP = 5
SHEET_NOTICES = 5  # notices on a community's printed sheet; the QR code leads to all


@dataclass
class Page:
    """What a page shows: its template, its title and its view model.

    A community page's view is made when the page is rendered (``make_view``) and not
    kept: at 10,000 communities, holding every one at once took hundreds of MB."""

    template: str
    title: str
    view: object = None
    description: str | None = None
    updated: dt.date | None = None  # last commit touching the page's own files
    make_view: Callable[[], object] | None = None

    def current_view(self) -> object:
        return self.make_view() if self.make_view is not None else self.view


@dataclass(frozen=True)
class CommunityInputs:
    """What a community's page is made from (``Build.page_inputs``)."""

    source: str  # the key of its files (``Community.source``), when a record cache loaded it
    community: Community
    notices: list[notices.NoticeEntry]
    updated: dt.date | None


@dataclass
class HomeView:
    figures: list[views.Fact]
    live_notices: list[notices.NoticeEntry]
    top: list[RankingTop]  # the latest year's rankings, their first ``top_n`` rows
    top_n: int
    today: str  # ISO
    today_text: str  # as readers write it


@dataclass
class CommunityPage:
    """The community page's view: profile, score panel and notices."""

    profile: views.CommunityView
    score: ScorePanel
    notices: list[notices.NoticeEntry]
    badge_base: str  # e.g. badges/banchang-nanli
    today: str  # the build date, ISO
    feed: str  # its Atom feed, from the site's root
    live_notices: list[notices.NoticeEntry] = field(default_factory=list)  # open and to come, most urgent first
    sheet_notices: list[notices.NoticeEntry] = field(default_factory=list)  # the printed sheet's: open and to come, most urgent first
    sheet_more: int = 0  # open and to come, not on the sheet (it stays one A4 page)


@dataclass
class NoticePage:
    """A notice's page: the notice and its status, and the communities it concerns."""

    entry: notices.NoticeEntry
    subjects: list[views.Link]
    today: str
    tel: str | None  # the objection phone as a tel: link, when it can be dialled


@dataclass
class PoliciesView:
    policies: list[policies.PolicyView]
    frameworks: list[Framework]  # by id (the index lists them; each framework's page, its communities)
    today_text: str


@dataclass
class AreasView:
    areas: list[AreaFigures]  # the site, then each district followed by its streets
    sections: list[AreaSection]  # per year and framework, newest first
    today_text: str


@dataclass
class CompareView:
    most: int  # communities side by side
    data_folder: str  # where each community's JSON is, from the site's root
    contents: str  # the framework contents' JSON (item and indicator titles)
    frameworks: str  # the frameworks' JSON (their titles)


@dataclass
class Build:
    site: Site
    today: dt.date
    site_url: str = ""
    history: History = field(default_factory=History)
    site_name: str = ""  # mkdocs.yml site_name and site_description: the share images show them
    site_description: str = ""
    pages: dict[str, Page] = field(default_factory=dict)
    scores: dict[str, list[Score]] = field(default_factory=dict)
    rankings: list[RankingView] = field(default_factory=list)
    # A generated file made by a function (``static_files``) → the page whose inputs
    # make it (the preview makes it again when they change).
    file_pages: dict[str, str] = field(default_factory=dict)
    score_memo: dict | None = None
    # A shard of a sharded build holds only its own communities: every community's
    # ranks come from the summary (``shards.Summary.ranks``).
    ranks: dict | None = None
    # A sharded build's shared run: its communities, whole, on disk (``shards.Spill``).
    spill: object = None
    # Each community's badges, feed, share image and data file (``static_files``):
    # not in a sharded build's shared run, whose shards make them.
    community_files: bool = True

    @classmethod
    def load(
        cls,
        content_dir: Path,
        today: dt.date,
        site_url: str = "",
        history: History | None = None,
        workers: int = 0,
        cache: RecordCache | None = None,
        score_memo: dict | None = None,
        only: set[str] | None = None,
    ) -> Build:
        """``cache``: community folders loaded before (``records``); ``score_memo``: a
        dict kept between builds (the preview's), where scores of communities loaded
        from the cache are kept by their key and the frameworks'; ``only``: the
        communities to load (a shard's, ``load_site``)."""
        build = cls(load_site(content_dir, workers, today, cache, only), today, site_url, history or History())
        build.score_memo = score_memo
        build.compute()
        build.plan_pages()
        return build

    def reload(
        self, content_dir: Path, slugs: set[str], history: History, workers: int = 0, cache: RecordCache | None = None
    ) -> Build | None:
        """This build made again after an edit that changed, of the community folders,
        only ``slugs`` (``loader.reload_site``): the other communities are not read
        again. The same as ``Build.load`` would make; None when a whole load is needed."""
        site = reload_site(self.site, content_dir, slugs, workers, self.today, cache)
        if site is None:
            return None
        build = type(self)(site, self.today, self.site_url, history)
        build.score_memo = self.score_memo
        build.compute()
        build.plan_pages()
        return build

    @property
    def today_text(self) -> str:
        return format_date(self.today)

    @classmethod
    def from_parts(cls, site: Site, scores: dict[str, list[Score]], today: dt.date, site_url: str = "", history: History | None = None) -> Build:
        """A build of a site whose scores are already made (a sharded build's shared
        run, ``shards.load_shared``: its communities are light, their scores made
        before); it makes no community's own files."""
        build = cls(site, today, site_url, history or History(), community_files=False)
        build.compute(scores)
        build.plan_pages()
        return build

    def compute(self, scores: dict[str, list[Score]] | None = None) -> None:
        """Scores once per evaluation; every page, badge and ranking reads these."""
        memo = self.score_memo
        if scores is not None:
            self.scores = dict(sorted(scores.items()))
        elif memo is None:
            self.scores = {slug: community_scores(c, self.site) for slug, c in sorted(self.site.communities.items())}
        else:
            frameworks = hashlib.blake2b(pickle.dumps(self.site.frameworks, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()
            self.scores = {}
            for slug, c in sorted(self.site.communities.items()):
                key = (c.source, frameworks)
                if not c.source or key not in memo:
                    memo[key] = community_scores(c, self.site)
                self.scores[slug] = memo[key]
        self.rankings = ranking_views(build_rankings(self.site, self.scores))
        self.notice_index = notices.notice_index(list(self.site.notices.values()), self.today)
        self.notice_entries = notices.entries(list(self.site.notices.values()), self.today)
        # Each community's notices, in the order of ``notices.entries``.
        self.notices_about: dict[str, list[notices.NoticeEntry]] = {}
        for entry in self.notice_entries:
            for slug in entry.notice.subjects:
                self.notices_about.setdefault(slug, []).append(entry)
        self.policy_views = policies.policy_views(self.site.policies, self.today)
        self.framework_views: dict[str, FrameworkView] = framework_views(self.site, self.scores)
        self.directory = views.directory(self.site)
        self.areas: list[AreaFigures] = area_figures(self.directory, [v.ranking for v in self.rankings], self.notice_entries, self.today)

    def plan_pages(self) -> None:
        """Decide every page's template and view, generated pages included."""
        for slug, community in self.site.communities.items():
            self.pages[urls.community_uri(slug)] = Page(
                "showcase/community.html",
                community.name,
                None,
                community.summary,
                self.history.folder(f"communities/{slug}"),
                functools.partial(self.community_page, community),
            )
        for view in self.policy_views:
            uri = urls.policy_uri(view.policy.slug)
            self.pages[uri] = Page("showcase/policy.html", view.policy.title, view, updated=self.history.file(uri))
        for entry in notices.entries(list(self.site.notices.values()), self.today):
            uri = urls.notice_uri(entry.notice.slug)
            self.pages[uri] = Page("showcase/notice.html", entry.notice.title, self.notice_page(entry), updated=self.history.file(uri))
        for framework_id, view in self.framework_views.items():
            self.pages[urls.framework_uri(framework_id)] = Page("showcase/framework.html", view.framework.title, view)
        for view in self.rankings:
            self.pages[urls.ranking_uri(view.slug)] = Page("showcase/ranking.html", f"{view.title} 排名", view)
        # Made when first asked for (a large site's preview makes it on its second core).
        self.pages[DIRECTORY_URI] = Page("showcase/directory.html", "社区名录", make_view=functools.cache(self.directory_view))
        self.pages[RANKINGS_URI] = Page("showcase/rankings.html", "测评排名", ranking_links(self.rankings))
        self.pages[NOTICES_URI] = Page("showcase/notices.html", "公示公告", self.notice_index)
        self.pages[POLICIES_URI] = Page("showcase/policies.html", "政策文件", PoliciesView(self.policy_views, [f for _, f in sorted(self.site.frameworks.items())], self.today_text))
        self.pages[SEARCH_URI] = Page("showcase/search.html", "搜索")
        self.pages[DATA_URI] = Page("showcase/data.html", "开放数据", make_view=self.data_view)
        self.pages[AREAS_URI] = Page("showcase/districts.html", "区县与街道统计", AreasView(self.areas, area_sections(self.areas), self.today_text))
        self.pages[COMPARE_URI] = Page("showcase/compare.html", "社区对比", CompareView(opendata.COMPARE_MAX, opendata.COMMUNITY_FOLDER, opendata.json_uri(opendata.FRAMEWORK_CONTENTS), opendata.json_uri(opendata.FRAMEWORKS)))
        self.pages["index.md"] = Page("showcase/home.html", "", self.home_view())

    def community_page(self, community: Community) -> CommunityPage:
        mine = self.notices_about.get(community.slug, [])
        # Open and upcoming first (most urgent first), then closed ones, newest first:
        # a resident sees what can still be objected to, and every result.
        urgent = notices.urgent_first(mine)
        live = urgent + notices.in_order(mine, notices.CLOSED)
        return CommunityPage(
            profile=views.community_view(community, self.today),
            score=score_panel(self.scores[community.slug]),
            notices=live,
            badge_base=f"badges/{community.slug}",
            today=self.today.isoformat(),
            feed=urls.community_feed_path(community.slug),
            live_notices=urgent,
            sheet_notices=urgent[:SHEET_NOTICES],
            sheet_more=max(0, len(urgent) - SHEET_NOTICES),
        )

    def notice_page(self, entry: notices.NoticeEntry) -> NoticePage:
        subjects = [views.Link(urls.community_uri(s), self.site.communities[s].name) for s in entry.notice.subjects if s in self.site.communities]
        phone = entry.notice.channels.phone
        return NoticePage(entry, subjects, self.today.isoformat(), views.tel_href(phone) if phone else None)

    def directory_view(self) -> views.DirectoryView:
        latest = {slug: (history[-1] if history else None) for slug, history in self.scores.items()}
        rates = {slug: ledger.summarize(c.rectifications, self.today).rectification_rate for slug, c in self.site.communities.items()}
        open_about = {slug: sum(1 for e in entries if e.status.state == notices.OPEN) for slug, entries in self.notices_about.items()}
        by_name = sorted(self.site.communities, key=lambda slug: (views.chinese_sort_key(self.site.communities[slug].name), slug))
        name_pos = {slug: n for n, slug in enumerate(by_name)}
        # Highest first; ties (and the unscored, last) keep the name order.
        scored = [slug for slug in by_name if latest[slug] is not None and not latest[slug].vetoed]
        unscored = [slug for slug in by_name if latest[slug] is None or latest[slug].vetoed]
        by_total = sorted(scored, key=lambda slug: latest[slug].total, reverse=True) + unscored
        with_rate = [slug for slug in by_name if rates[slug].whole]
        by_rate = sorted(with_rate, key=lambda slug: rates[slug].value, reverse=True) + [slug for slug in by_name if not rates[slug].whole]
        total_pos = {slug: n for n, slug in enumerate(by_total)}
        rate_pos = {slug: n for n, slug in enumerate(by_rate)}
        cards, order = {}, {}
        for slug in by_name:
            s = latest[slug]
            cards[slug] = views.Card(
                band=s.standing if s is not None else UNEVALUATED,
                evaluated=s is not None,
                total=s.display if s is not None else "",
                rate=rates[slug].percent if rates[slug].whole else "",
                open_notices=open_about.get(slug, 0),
                notice_periods=" ".join(
                    f"{e.notice.start.isoformat()}/{e.notice.end.isoformat()}"
                    for e in self.notices_about.get(slug, [])
                    if e.status.state in (notices.OPEN, notices.UPCOMING)
                ),
            )
            order[slug] = views.CardOrder(name_pos[slug], total_pos[slug], rate_pos[slug])
        bands = list(dict.fromkeys(b.label for fid in sorted(self.site.frameworks) for b in self.site.frameworks[fid].bands))
        figures = {a.anchor: a for a in self.areas if a.anchor}
        return views.DirectoryView(
            self.directory, {slug: badge_for(s) for slug, s in latest.items()}, cards, order, bands + [VETO_LABEL, UNEVALUATED], figures
        )

    def open_data(self, url_of: Callable[[str], str]) -> opendata.OpenData:
        return opendata.OpenData(
            self.site, self.scores, self.rankings, self.notice_entries, self.policy_views, self.areas, self.today, url_of, self.ranks, self.spill
        )

    def data_view(self) -> opendata.DictionaryView:
        return opendata.dictionary_view(self.data_meta, self.today_text, self.data_counts)

    def home_view(self) -> HomeView:
        # Every community's ledger (the site's own figures, ``areas``).
        everyone = self.areas[0].ledger if self.areas else ledger.summarize([], self.today)
        open_count, overdue = everyone.open, everyone.overdue
        figures = [views.Fact("社区", str(len(self.site.communities)))]
        latest_year = self.rankings[0].ranking.year if self.rankings else None
        site_latest = self.areas[0].latest if self.areas else ()
        if latest_year is not None:
            figures.append(views.Fact(f"{latest_year}年已测评", str(sum(s.evaluated for s in site_latest))))
            for s in site_latest:
                if s.mean_display is not None:
                    label = f"{latest_year}年平均分" if len(site_latest) == 1 else f"{latest_year}年平均分（{s.framework_title}）"
                    figures.append(views.Fact(label, s.mean_display))
        figures.append(views.Fact("整改中问题", str(open_count)))
        figures.append(views.Fact("逾期未改问题", str(overdue)))
        top = ranking_tops([r for r in self.rankings if latest_year is not None and r.ranking.year == latest_year], HOME_TOP)
        live = self.notice_index.open + self.notice_index.upcoming
        return HomeView(figures, live, top, HOME_TOP, self.today.isoformat(), self.today_text)

    def districts(self) -> list[tuple[str, list[str]]]:
        """Each district and its communities' slugs, in the directory's order (search
        bundles and shards are cut from it)."""
        return views.district_slugs(self.directory)

    def owner_page(self, uri: str) -> str | None:
        """The community page a file belongs to (its page, badges, feed, share image,
        photos and open-data file), or None for a file about the whole site."""
        parts = self.file_pages.get(uri, uri).split("/")
        if len(parts) >= 3 and parts[0] == "communities":
            return urls.community_uri(parts[1])
        return None

    def generated_uris(self) -> list[str]:
        """Pages that exist only in the build, not as files in the content folder."""
        fixed = [DIRECTORY_URI, RANKINGS_URI, NOTICES_URI, POLICIES_URI, SEARCH_URI, DATA_URI, AREAS_URI, COMPARE_URI]
        frameworks = [urls.framework_uri(i) for i in self.framework_views]
        return fixed + frameworks + [urls.ranking_uri(v.slug) for v in self.rankings]

    def static_files(
        self, cache_dir: Path, url_of: Callable[[str], str], meta: opendata.Meta | None = None
    ) -> dict[str, bytes | Callable[[], bytes]]:
        """Generated non-page files: badges, feeds and the open data. ``url_of(source
        URI)`` gives a page's address as MkDocs publishes it; ``meta`` the open data's
        provenance and licence."""
        cache = BadgeCache(cache_dir / "badges")
        files: dict[str, bytes | Callable[[], bytes]] = {}
        # Each file is made only when it is written (the preview writes only those
        # whose page changed): here, only what makes it.
        for slug, history in self.scores.items() if self.community_files else ():
            latest = history[-1] if history else None
            page = urls.community_uri(slug)
            made = {
                urls.badge_path(slug, "svg"): functools.partial(_badge_file, _svg, latest),
                urls.badge_path(slug, "json"): functools.partial(_badge_file, _badge_json, latest),
                urls.badge_path(slug, "png"): functools.partial(_badge_file, cache.png, latest),
            }
            for score in history:
                made[f"badges/{slug}-{score.evaluation.year}.svg"] = functools.partial(_badge_file, _svg, score)
            files.update(made)
            self.file_pages.update(dict.fromkeys(made, page))
        files[FEED_URI] = notices_feed(self.site, self.site_url, FEED_URI)
        for slug, community in self.site.communities.items() if self.community_files else ():
            # Made by whoever writes the file: with helper processes, one of them.
            feed = urls.community_feed_path(slug)
            files[feed] = functools.partial(community_feed, self.site, community, self.scores[slug], self.site_url, feed)
            self.file_pages[feed] = urls.community_uri(slug)
        self.share_images(files, cache_dir)
        self.data_meta = meta or opendata.Meta(self.today, None, opendata.DEFAULT_LICENSE, self.site_url)
        data = self.open_data(url_of)
        files.update(data.files(self.data_meta, communities=self.community_files))
        for slug in self.site.communities if self.community_files else ():
            self.file_pages[opendata.community_data_uri(slug)] = urls.community_uri(slug)
        self.data_counts = data.counts
        return files

    def share_images(self, files: dict, cache_dir: Path) -> None:
        """The share images (``og:image``): one per community and notice, one for the
        site; each made by whoever writes the file (with helpers, one of them)."""
        cache = share.ShareCache(cache_dir / "share")
        communities = [urls.community_uri(slug) for slug in self.site.communities] if self.community_files else []
        uris = communities + [urls.notice_uri(slug) for slug in self.site.notices]
        for uri in [*uris, "index.md"]:
            path = self.share_path(uri)
            files[path] = functools.partial(self._share_png, cache, uri)
            self.file_pages[path] = uri

    def _share_png(self, cache: share.ShareCache, src_uri: str) -> bytes:
        return cache.png(self.share_card(src_uri)[1])

    def share_path(self, src_uri: str) -> str:
        """Where a page's share image is, from the site's root (``share_card``)."""
        parts = src_uri.split("/")
        if self.is_community_page(src_uri):
            return share.community_image_path(parts[1])
        slug = parts[1][:-3] if len(parts) == 2 and parts[0] == "notices" and parts[1].endswith(".md") else None
        return share.notice_image_path(slug) if slug in self.site.notices else share.SITE_IMAGE_PATH

    def share_card(self, src_uri: str) -> tuple[str, share.Card]:
        """A page's share image (its path from the site's root) and what it shows: the
        community's or the notice's own, else the site's."""
        path, parts = self.share_path(src_uri), src_uri.split("/")
        if self.is_community_page(src_uri):
            history = self.scores[parts[1]]
            return path, share.community_card(self.site_name, self.site.communities[parts[1]], history[-1] if history else None)
        if path != share.SITE_IMAGE_PATH:
            slug = parts[1][:-3]
            status = notices.notice_status(self.site.notices[slug], self.today)
            return path, share.notice_card(self.site_name, self.site.notices[slug], status, self.today_text)
        return path, share.site_card(self.site_name, self.site_description)

    def page(self, src_uri: str) -> Page | None:
        return self.pages.get(src_uri)

    # -- what a page is made from (the editor's preview re-renders what changed) --------

    def shared_inputs(self) -> tuple:
        """What every typed page may show besides its own inputs."""
        return (self.today, self.site_name, self.site_description, self.site_url, self.site.frameworks)

    def page_inputs(self, src_uri: str) -> object | None:
        """Everything a typed page is made from besides ``shared_inputs`` and the
        site's files, as plain data: equal inputs make an equal page. A community page
        is made from its own files (their key, when a record cache loaded them), its
        notices and its last update; a generated page from its view. None for an
        ordinary page (made from its Markdown file alone)."""
        spec = self.pages.get(src_uri)
        if spec is None:
            return None
        if self.is_community_page(src_uri):
            slug = src_uri.split("/")[1]
            community = self.site.communities[slug]
            return CommunityInputs(community.source, community, self.notices_about.get(slug, []), spec.updated)
        return (spec.template, spec.title, spec.description, spec.updated, spec.current_view())

    def body(self, src_uri: str) -> str | None:
        """The Markdown body of a community, policy or notice page (front matter removed)."""
        parts = src_uri.split("/")
        if self.is_community_page(src_uri):
            return self.site.communities[parts[1]].body
        if len(parts) == 2 and parts[1].endswith(".md"):
            slug = parts[1][:-3]
            record = {"policies": self.site.policies, "notices": self.site.notices}.get(parts[0], {}).get(slug)
            return record.body if record else None
        return None

    def is_community_page(self, src_uri: str) -> bool:
        parts = src_uri.split("/")
        return len(parts) == 3 and parts[0] == "communities" and parts[2] == "index.md" and parts[1] in self.site.communities

    def published_kind(self, src_uri: str) -> str | None:
        """How a file of the content folder is published (``inventory.PAGE``, ``IMAGE``,
        ``ATTACHMENT``), or None when it is not: data files are published as pages,
        badges and data; debris is skipped."""
        files: Inventory = self.site.files
        kind = files.kind(src_uri) if files is not None else None
        return None if kind == "data" else kind

    def is_image(self, src_uri: str) -> bool:
        return self.published_kind(src_uri) == IMAGE

    def skipped_files(self) -> list[str]:
        """Editors' debris found in the content folder and not published."""
        return self.site.files.skipped if self.site.files is not None else []


def _badge_file(make: Callable, score: Score | None) -> bytes:
    return make(badge_for(score))


def _svg(badge) -> bytes:
    return render_svg(badge).encode()


def _badge_json(badge) -> bytes:
    return badge_json(badge).encode()


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
