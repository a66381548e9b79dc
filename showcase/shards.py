"""A province's showcase built in shards: which communities each shard builds, the
summary every shard reads, and which run makes each file of the site.

A sharded build has four steps (``scripts/shard.py``; a CI matrix runs the shards at
once):

1. **the summary** (``make_summary``): the whole content is loaded and checked once,
   and what a shard needs of every other community is kept in a small file: the
   directory's order of districts and communities, and each community's ranks;
2. **shard k of N**: loads its own communities only (``load_site(only=…)``) and makes
   their pages, badges, feeds, share images, photos, open-data files and search
   bundles;
3. **the shared run**: the pages and files about the whole site (home, directory,
   rankings, notices, policies, open data tables, the theme's files, the sitemap).
   It holds no community whole: the summary step left it, beside the summary, what
   those pages read of each community and each share on disk without its narratives
   (``read_shared``, ``Spill``), from which the open data's tables are written a share
   at a time (``opendata.TableWriter``); without it, the run loads the communities a
   share at a time itself (``load_shared``);
4. **the assembly**: the parts merged into one site, no file made twice, every link
   checked.

A shard is a run of whole districts in the directory's order, and of whole search
bundles (small districts share one, ``search.district_bundles``), so that a district's
pages and its search bundle are made together; the runs are balanced by the number of
communities. The plan depends on the content (and the search options) only, so every
shard computes the same one. The site is byte for byte the one-machine build's.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import gc
import os
import pickle
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from . import views
from .errors import ContentError, ContentInvalid
from .ledger import CLOSED_LATE, CLOSED_ON_TIME, OPEN, OVERDUE, rectification_status
from .loader import community_folders, load_site
from .model import Community, Evaluation, Rectification, Site
from .opendata import rank_table
from .records import CODE_VERSION, RecordCache
from .scoreviews import ranking_views
from .scoring import Score, build_rankings, community_scores
from .search import bundle_size, district_bundles
from .urls import community_uri

SUMMARY_FORMAT = 1
SHARED = "shared"
# Communities per shard by default, measured at 100,000 (scripts/bench.py --shards, 2
# cores): 10,000 a shard took 7.8 min and 4.0 GiB with its helper and Pagefind processes;
# 5,000, 2.2 min and 3.5 GiB (before Pagefind's processes started with their bundle).
PER_SHARD = 5_000
SUMMARY_SHARE = 5_000  # communities the summary loads at a time
SHARED_SITE = "site.pickle"  # in the summary's shared folder (``read_shared``)
# Communities the shared run loads at a time: it keeps every community light, so its
# peak is one share loaded whole (about 0.5 GiB at 2,500 with 3–6 KB narratives); each
# share costs about a second more to load the rest of the site again.
SHARED_SHARE = 2_500


class ShardError(ValueError):
    """A shard that cannot be built as asked (the message is for editors, in Chinese)."""


@dataclass(frozen=True)
class Shard:
    """One run of a sharded build: ``number`` of ``count`` (1-based), or the shared run
    (``number`` None)."""

    number: int | None
    count: int | None

    @property
    def shared(self) -> bool:
        return self.number is None

    def __str__(self) -> str:
        return SHARED if self.shared else f"{self.number}/{self.count}"


def parse_shard(text: str) -> Shard | None:
    """``SHOWCASE_SHARD``: ``k/N`` (shard k of N), ``shared``, or empty (the whole site)."""
    text = text.strip()
    if not text:
        return None
    if text == SHARED:
        return Shard(None, None)
    number, slash, count = text.partition("/")
    if slash and number.isdigit() and count.isdigit() and 1 <= int(number) <= int(count):
        return Shard(int(number), int(count))
    raise ShardError(
        f"SHOWCASE_SHARD 应为「k/N」（第 k 片，共 N 片，1 ≤ k ≤ N）或「{SHARED}」（共用页面），而不是 {text!r}"
    )


@dataclass
class Summary:
    """What every shard needs of the whole site (``make_summary``)."""

    format: int
    code: str  # the code it was made with (``records.CODE_VERSION``)
    today: dt.date
    # The districts in the directory's order, each with its communities' slugs in the
    # directory's order (``Build.directory``).
    directory: list[tuple[str, list[str]]]
    # (slug, year) → (rank or None when vetoed, communities ranked) (``opendata.rank_table``).
    ranks: dict[tuple[str, int], tuple[int | None, int]]

    @property
    def communities(self) -> int:
        return sum(len(slugs) for _, slugs in self.directory)


def make_summary(directory: list[tuple[str, list[str]]], ranks: dict, today: dt.date) -> Summary:
    return Summary(SUMMARY_FORMAT, CODE_VERSION, today, directory, ranks)


def summarize(
    content_dir: Path,
    today: dt.date,
    workers: int = 0,
    cache: RecordCache | None = None,
    share: int = SUMMARY_SHARE,
    shared: Path | None = None,
) -> Summary:
    """The summary of the content at ``content_dir``, with every content error of the
    whole site reported at once (``ContentInvalid``).

    The communities are loaded ``share`` at a time (``load_site(only=…)``, every rule
    checked as a build checks it); of each, only what the shared pages read is kept
    (``_shared_light``: its name, district, street, summary, its scores' totals and its
    rectifications' statuses), so the step's memory is that of one share, not of the
    site's narratives and ledgers. The directory and the ranks are then made by the
    build's own functions (``views.directory``, ``scoring.build_rankings``).

    ``shared``: a folder where the shared run's input is left (``read_shared``): the
    light communities and their scores, and each share whole but for its narratives
    (``Spill``: the open data's tables list every honour, achievement and
    rectification). The shared run then loads no community again."""
    errors: dict[ContentError, None] = {}
    communities: dict[str, Community] = {}
    scores: dict[str, list[Score]] = {}
    frameworks = None
    spill = None
    if shared is not None:
        shutil.rmtree(shared, ignore_errors=True)
        shared.mkdir(parents=True)
        spill = Spill(shared)
    slugs = community_folders(content_dir)
    for start in range(0, max(len(slugs), 1), share):
        try:
            site = load_site(content_dir, workers, today, cache, only=set(slugs[start : start + share]))
        except ContentInvalid as exc:
            errors.update(dict.fromkeys(exc.errors))  # the files outside the communities: once
            continue
        frameworks = site.frameworks
        history = {slug: community_scores(c, site) for slug, c in sorted(site.communities.items())}
        if spill is not None and not errors:
            spill.add(_for_tables(site.communities), history)
        for slug, community in site.communities.items():
            communities[slug], scores[slug] = _shared_light(community, history[slug], today)
        del site
    if errors:
        raise ContentInvalid(sorted(errors))
    light = Site(communities=communities, frameworks=frameworks or {})
    ranks = rank_table(ranking_views(build_rankings(light, scores)))
    if shared is not None:
        with (shared / SHARED_SITE).open("wb") as out:
            pickle.dump((SUMMARY_FORMAT, CODE_VERSION, today, communities, scores), out, protocol=pickle.HIGHEST_PROTOCOL)
    return make_summary(views.district_slugs(views.directory(light)), ranks, today)


def shared_folder(summary: Path) -> Path:
    """Where the summary step leaves the shared run's input: beside the summary."""
    return summary.with_name(summary.name + ".shared")


def read_shared(summary: Path, work: Path) -> tuple[dict[str, Community], dict[str, list[Score]], Spill]:
    """The shared run's input left by the summary step (``summarize(shared=…)``): the
    light communities, their scores, and the shares on disk (tables written in ``work``)."""
    folder = shared_folder(summary)
    try:
        with (folder / SHARED_SITE).open("rb") as handle:
            made = pickle.load(handle)
    except FileNotFoundError:
        raise ShardError(f"{folder}: 找不到共用页面所需的摘要数据（scripts/shard.py summary 在摘要文件旁生成此文件夹）") from None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as exc:
        raise ShardError(f"{folder}: 无法读取共用页面所需的摘要数据（{exc}）") from None
    if not isinstance(made, tuple) or len(made) != 5 or made[0] != SUMMARY_FORMAT or made[1] != CODE_VERSION:
        raise ShardError(f"{folder}: 由另一版本的程序生成；各步骤须使用同一提交，请重新运行 scripts/shard.py summary")
    _, _, _, communities, scores = made
    return communities, scores, Spill(folder, work, parts=sorted(folder.glob("share-*.pickle")))


def _light(community: Community, history: list[Score]) -> tuple[Community, list[Score]]:
    """What the directory and the rankings read of a community and its scores: its
    name, district, street and slug; each evaluation's year and framework; each
    score's total and veto."""
    light = Community(name=community.name, district=community.district, street=community.street, slug=community.slug)
    light.evaluations = {year: _light_evaluation(e) for year, e in community.evaluations.items()}
    return light, [replace(s, evaluation=light.evaluations[s.evaluation.year], items=()) for s in history]


def _light_evaluation(evaluation: Evaluation) -> Evaluation:
    light = copy.copy(evaluation)
    light.states, light.notes, light.special, light.vetoes, light.lines = {}, {}, [], [], {}
    return light


class Spill:
    """The communities of a shared run kept on disk a share at a time, with their
    scores, in the order of their slugs (``OpenData.spill`` makes the tables of every
    community from them)."""

    def __init__(self, folder: Path, work: Path | None = None, parts: list[Path] | None = None) -> None:
        self.folder = folder
        self.work = work or folder  # where the tables are written
        self.parts: list[Path] = parts or []

    def add(self, communities: dict[str, Community], scores: dict[str, list[Score]]) -> None:
        path = self.folder / f"share-{len(self.parts):05d}.pickle"
        with path.open("wb") as out:
            pickle.dump((communities, scores), out, protocol=pickle.HIGHEST_PROTOCOL)
        self.parts.append(path)

    def __iter__(self):
        for path in self.parts:
            with path.open("rb") as f:
                # A share is some hundred thousand objects, none of them garbage: the
                # cyclic collector would walk them again and again (most of the time).
                gc.disable()
                try:
                    share = pickle.load(f)
                finally:
                    gc.enable()
            yield share


def load_shared(
    content_dir: Path, today: dt.date, spill: Spill, workers: int = 0, cache: RecordCache | None = None, share: int = SHARED_SHARE
) -> tuple[Site, dict[str, list[Score]]]:
    """The site as the shared run reads it, with every content error of the whole site
    reported at once (``ContentInvalid``), holding one share of communities at a time.

    Everything but the communities is loaded as a whole build loads it; every
    community folder is left unread there, as in a shard (the shared run makes none of
    their pages). The communities are loaded ``share`` at a time (every rule checked);
    each share goes to ``spill`` whole, with its scores, for the open data's tables;
    the site keeps of each community what the shared pages read (``_shared_light``)."""
    errors: dict[ContentError, None] = {}
    site = None
    try:
        site = load_site(content_dir, workers, today, cache, only=set())
    except ContentInvalid as exc:
        errors.update(dict.fromkeys(exc.errors))
    scores: dict[str, list[Score]] = {}
    slugs = community_folders(content_dir)
    for start in range(0, len(slugs), share):
        try:
            part = load_site(content_dir, workers, today, cache, only=set(slugs[start : start + share]))
        except ContentInvalid as exc:
            errors.update(dict.fromkeys(exc.errors))
            continue
        if errors or site is None:
            continue  # checked only: the build fails
        history = {slug: community_scores(c, part) for slug, c in sorted(part.communities.items())}
        spill.add(_for_tables(part.communities), history)
        for slug, community in part.communities.items():
            site.communities[slug], scores[slug] = _shared_light(community, history[slug], today)
        del part
    if errors or site is None:
        raise ContentInvalid(sorted(errors))
    return site, scores


def _for_tables(communities: dict[str, Community]) -> dict[str, Community]:
    """The communities as the open data's tables read them: whole but for their
    narratives (the largest part of a community, shown on its own page only)."""
    return {slug: replace(c, body="") for slug, c in communities.items()}


def _shared_light(community: Community, history: list[Score], today: dt.date) -> tuple[Community, list[Score]]:
    """What the shared pages read of a community: ``_light``'s, with its summary (the
    directory shows it) and its rectifications' statuses on ``today``, each entry
    standing for itself by one of four shared entries (``ledger.summarize`` counts
    statuses: the directory, the home page and the area figures show the counts)."""
    light, scores = _light(community, history)
    light.summary = community.summary
    light.rectifications = [_standing_for(today)[rectification_status(r, today)] for r in community.rectifications]
    return light, scores


@functools.lru_cache(maxsize=4)
def _standing_for(today: dt.date) -> dict[str, Rectification]:
    """One entry of each status on ``today`` (``ledger.rectification_status``)."""
    day = dt.timedelta(days=1)
    made = {
        OPEN: Rectification(id="-", found=today, source="-", location="-", issue="-", deadline=today),
        OVERDUE: Rectification(id="-", found=today - day, source="-", location="-", issue="-", deadline=today - day),
        CLOSED_ON_TIME: Rectification(id="-", found=today, source="-", location="-", issue="-", deadline=today, closed=today),
        CLOSED_LATE: Rectification(id="-", found=today - day, source="-", location="-", issue="-", deadline=today - day, closed=today),
    }
    assert all(rectification_status(entry, today) == status for status, entry in made.items())
    return made


def write_summary(summary: Summary, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "wb") as out:
        pickle.dump(summary, out, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)


def read_summary(path: Path) -> Summary:
    """The summary at ``path``; a plain error when it is missing, not one, or made by
    other code (every step of one sharded build must run the same commit)."""
    try:
        with open(path, "rb") as handle:
            summary = pickle.load(handle)
    except FileNotFoundError:
        raise ShardError(f"{path}: 找不到分片摘要文件，请先运行 scripts/shard.py summary") from None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as exc:
        raise ShardError(f"{path}: 无法读取分片摘要文件（{exc}）") from None
    if not isinstance(summary, Summary) or summary.format != SUMMARY_FORMAT:
        raise ShardError(f"{path}: 不是本程序的分片摘要文件")
    if summary.code != CODE_VERSION:
        raise ShardError(
            f"{path}: 分片摘要由另一版本的程序生成；各步骤须使用同一提交，请重新运行 scripts/shard.py summary"
        )
    return summary


def whole_index(communities: int, search: bool, split_at: int) -> bool:
    """Whether the site's search index is one bundle (a site of fewer than ``split_at``
    communities, ``site_bundles``): that bundle needs every page, so the shared run
    makes the whole site, as one machine would, and the numbered shards make nothing.
    (``shard.py count`` gives such a site one shard anyway.)"""
    return search and communities < split_at


def site_bundles(directory: list[tuple[str, list[str]]], search: bool, split_at: int, most: int) -> dict[str, str]:
    """Community page → its search bundle's folder, when the site's index is split
    (``search.district_bundles``; a site of ``split_at`` communities or more); empty
    otherwise."""
    total = sum(len(slugs) for _, slugs in directory)
    if not search or total < split_at:
        return {}
    plan = district_bundles(directory, bundle_size(total, most))
    return {community_uri(slug): folder for slug, folder in plan.items()}


def units(directory: list[tuple[str, list[str]]], bundles: dict[str, str]) -> list[list[str]]:
    """The communities in groups no shard may cut: each district, joined with its
    neighbours when they share a search bundle, in the directory's order."""
    groups: list[list[str]] = []
    last_bundle: str | None = None
    for _, slugs in directory:
        if not slugs:
            continue
        first = bundles.get(community_uri(slugs[0]))
        if groups and first is not None and first == last_bundle:
            groups[-1].extend(slugs)
        else:
            groups.append(list(slugs))
        last_bundle = bundles.get(community_uri(slugs[-1]))
    return groups


def plan(groups: list[list[str]], count: int) -> list[list[str]]:
    """``count`` shards (each a list of slugs): runs of whole groups in order, each cut
    where the running total of communities is nearest to an equal share. A shard may be
    empty when there are fewer groups than shards (it then makes nothing)."""
    if count < 1:
        raise ShardError(f"分片数应不小于 1，而不是 {count}")
    sizes = [len(g) for g in groups]
    total = sum(sizes)
    ends = []  # after how many groups each shard ends
    running, done = [0], 0
    for size in sizes:
        running.append(running[-1] + size)
    for k in range(1, count):
        target = total * k / count
        best = min(range(done, len(groups) + 1), key=lambda i: (abs(running[i] - target), i))
        ends.append(best)
        done = best
    ends.append(len(groups))
    shards, start = [], 0
    for end in ends:
        shards.append([slug for group in groups[start:end] for slug in group])
        start = end
    return shards


def shard_count(communities: int, per_shard: int = PER_SHARD) -> int:
    """How many shards a site of ``communities`` is built in: one per ``per_shard``."""
    if per_shard < 1:
        raise ShardError(f"每片社区数应不小于 1，而不是 {per_shard}")
    return max(1, -(-communities // per_shard))


def own_slugs(summary: Summary, shard: Shard, bundles: dict[str, str]) -> list[str]:
    """The communities shard ``shard`` builds, in the directory's order."""
    shards = plan(units(summary.directory, bundles), shard.count)
    return shards[shard.number - 1]


def check_matches(summary: Summary, found: set[str], today: dt.date) -> list[str]:
    """Why the content a shard found is not the content the summary was made from
    (empty when it is): ``found``, every community folder's slug."""
    problems = []
    if summary.today != today:
        problems.append(
            f"摘要按 {summary.today.isoformat()} 生成，本次构建日期为 {today.isoformat()}：各步骤须使用同一日期（SHOWCASE_DATE）"
        )
    known = {slug for _, slugs in summary.directory for slug in slugs}
    added, gone = sorted(found - known), sorted(known - found)
    if added:
        problems.append(
            f"摘要中没有这些社区（摘要生成后新增）：{'、'.join(added[:10])}{'…' if len(added) > 10 else ''}"
        )
    if gone:
        problems.append(
            f"这些社区已不在内容中（摘要生成后删除）：{'、'.join(gone[:10])}{'…' if len(gone) > 10 else ''}"
        )
    return problems


def assemble(parts: list[Path], site: Path) -> list[str]:
    """Merge the runs' folders (``parts``) into ``site``: every file of each part, by
    its path. Returns the problems, and changes nothing when there are any: a file
    made by two runs (each file of the site is made by exactly one) or a part that is
    not a folder. ``site`` is replaced whole once the parts are merged."""
    problems = [f"{part}: 不是文件夹" for part in parts if not part.is_dir()]
    if problems:
        return problems
    made: dict[str, Path] = {}
    for part in parts:
        for root, dirs, names in os.walk(part):
            dirs.sort()
            for name in sorted(names):
                path = Path(root) / name
                rel = path.relative_to(part).as_posix()
                if rel in made:
                    problems.append(f"{rel}: 由两个分片生成（{made[rel]} 与 {part}）")
                else:
                    made[rel] = part
    if problems:
        return problems
    staging = site.with_name(site.name + ".assembling")
    if staging.exists():
        shutil.rmtree(staging)
    for rel, part in made.items():
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(part / rel, target)  # the parts are on the same disk, as a rule
        except OSError:
            shutil.copy2(part / rel, target)
    if site.exists():
        old = site.with_name(site.name + ".old")
        if old.exists():
            shutil.rmtree(old)
        site.rename(old)
        staging.rename(site)
        shutil.rmtree(old)
    else:
        staging.rename(site)
    return []
