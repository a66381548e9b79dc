"""Load a content folder into the model, validating every file against the contract.

``load_site`` never stops at the first problem: it reads every file, checks every rule
(including those across files), and raises ``ContentInvalid`` with all errors at once.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
import os
import pickle
import stat
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, ScalarNode

from . import contract
from .errors import ContentInvalid, Report, printable
from .images import image_problem
from .inventory import CommunityFolder, Inventory, take_inventory
from .messages import msg
from .model import Community, Evaluation, Framework, Site
from .parallel import contiguous_shares, map_shares
from .records import RecordCache, blob_id, tree_id
from .schema import INVALID, Located, Record, Spec, check_mappings
from .urls import FRAMEWORKS_FOLDER
from .yamlsrc import Source, compose, read_text, split_front_matter

# Material's templates an ordinary page may pick with ``template:``. Others would run
# with a page they were not written for: ``redirect.html`` sends readers to any
# address, and our own ``showcase/…`` templates expect a typed page's view.
ORDINARY_TEMPLATES = ("main.html",)


def display_path(path: Path) -> str:
    """The path as an editor sees it: relative to the working folder where possible."""
    rel = os.path.relpath(path)
    return path.as_posix() if rel.startswith("..") else Path(rel).as_posix()


class _Shown:
    """``display_path`` for the files of one content folder, without a ``relpath`` per file."""

    def __init__(self, root: Path):
        self.root = root
        self.prefix = display_path(root)
        # A path made from the root by joining names starts with this text: the rest
        # is the relative path, without pathlib's parsing (thousands of folders).
        self.inside = os.path.join(os.fspath(root), "") if os.sep == "/" else None

    def __call__(self, path: Path | str) -> str:
        """``path``: a ``Path``, or the text of a path made by joining names to the
        root's (as ``os.scandir`` makes them)."""
        text = os.fspath(path)
        if self.inside and text.startswith(self.inside):
            rel = text[len(self.inside) :]
        else:
            try:
                rel = Path(path).relative_to(self.root).as_posix()
            except ValueError:
                return display_path(Path(path))
        return rel if self.prefix == "." else f"{self.prefix}/{rel}"


# Field names in messages about the order of two dates.
DATE_LABELS = {
    "found": "发现日期 found",
    "deadline": "整改期限 deadline",
    "closed": "销号日期 closed",
    "start": "公示开始 start",
    "end": "公示结束 end",
    "issued": "发文日期 issued",
    "repealed": "废止日期 repealed",
}


class Outline:
    """A community as the rules across files need it (its folder, evaluations and
    rectifications), taken from the record cache's outlines (or sent back by a helper
    process) when the site is only checked (``load_site(outlines=True)``): a check
    reads a small outline instead of the whole community, page text and all. It
    stands in ``Site.communities`` for the community: such a site is for checking,
    never for building."""

    __slots__ = ("slug", "location", "evaluations", "rectifications", "source", "count")

    def __init__(self, slug: str, location: str, evaluations: dict, rectifications: list, count: int | None = None):
        self.slug, self.location, self.source = slug, location, ""
        self.evaluations, self.rectifications = evaluations, rectifications
        # How many evaluations the community has (``count_files``): a folder a check
        # found fine under the same conditions comes without them (nothing to check).
        self.count = len(evaluations) if count is None else count

    @property
    def folder(self) -> Path:
        return Path(self.location)


class _Part:
    """The fields of a record that a rule reads, with their lines (``Located.line_of``)."""

    def __init__(self, line: int, lines: dict[str, int], **values: Any):
        self.__dict__.update(values)
        self.line, self.lines = line, lines

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)


class _Closed:
    """A rectification as ``check_dates`` reads it."""

    __slots__ = ("closed", "line")

    def __init__(self, closed: dt.date | None, line: int):
        self.closed, self.line = closed, line

    def line_of(self, name: str) -> int:
        return self.line


_EVALUATION_LINES = ("framework", "states", "notes", "vetoes")


def _located(keys: tuple, values: tuple, lines: tuple) -> Located:
    """``Located(dict(zip(keys, values)), …)`` without a Python ``__init__`` per call."""
    made = dict.__new__(Located)
    dict.update(made, zip(keys, values, strict=True))
    made.lines = dict(zip(keys, lines, strict=True)) if None not in lines else {key: line for key, line in zip(keys, lines, strict=True) if line is not None}
    return made


def _outline_of(outcome: tuple) -> tuple[bytes, tuple]:
    """The outline of a community folder's record (``_Loader.load_communities``):
    what the rules across files read of it, and its slugs, errors and named files,
    in plain tuples (quick to read back); and its brief (``_from_brief``)."""
    community, slugs, errors, named = outcome
    parts = None
    if community is not None:
        evaluations = []
        for e in community.evaluations.values():
            states_lines, notes_lines = getattr(e.states, "lines", {}), getattr(e.notes, "lines", {})
            evaluations.append(
                (
                    e.year,
                    e.line,
                    {k: e.lines[k] for k in _EVALUATION_LINES if k in e.lines},
                    e.framework,
                    e.path,
                    tuple(e.states),
                    tuple(e.states.values()),
                    tuple(states_lines.get(k) for k in e.states),
                    tuple(e.notes),
                    tuple(notes_lines.get(k) for k in e.notes),
                    tuple(e.vetoes),
                )
            )
        rectifications = tuple((r.closed, r.line_of("closed")) for r in community.rectifications)
        parts = (community.slug, tuple(evaluations), rectifications)
    named_paths = tuple(os.fspath(path) for path in named)
    data = pickle.dumps((parts, tuple(slugs), tuple(errors), named_paths), protocol=pickle.HIGHEST_PROTOCOL)
    # A folder known to be fine needs no more than this: whether it holds a community
    # and how many evaluations (for the summary), its slugs and the files it names.
    brief = (-1 if community is None else len(community.evaluations), tuple(slugs), named_paths)
    return data, brief


def _from_brief(brief: tuple, slug: str, location: str) -> tuple:
    """The outcome of a folder a check found fine under the same conditions: nothing
    in it to check again (``Outline`` without evaluations, ``count`` kept)."""
    count, slugs, named = brief
    outline = None if count < 0 else Outline(slug, location, {}, [], count)
    return outline, set(slugs), [], set(named)


def _from_outline(data: bytes, location: str) -> tuple:
    """An outcome as ``_Loader.load_communities`` uses one, with an ``Outline`` of the
    folder at ``location``."""
    parts, slugs, errors, named = pickle.loads(data)
    outline = None
    if parts is not None:
        slug, evaluations, rectifications = parts
        found = {}
        for year, line, lines, framework, path, keys, values, states_lines, notes, notes_lines, vetoes in evaluations:
            evaluation = _Part(line, lines, year=year, community=slug, framework=framework, path=path, vetoes=list(vetoes))
            evaluation.states = _located(keys, values, states_lines)
            evaluation.notes = _located(notes, ("",) * len(notes), notes_lines)
            found[year] = evaluation
        outline = Outline(slug, location, found, [_Closed(closed, line) for closed, line in rectifications])
    return outline, set(slugs), list(errors), set(named)


@dataclass
class _Loader:
    root: Path
    report: Report
    # Every slug that has a folder or file, loaded or not: a reference to one whose
    # file has errors is not also "not found".
    community_slugs: set[str] = field(default_factory=set)
    policy_slugs: set[str] = field(default_factory=set)
    # Community folders not loaded (``load_site(only=…)``): slug → path.
    unread: dict[str, str] = field(default_factory=dict)
    # ``_Shown`` of the root; given, the one of the loader that loads a folder each
    # with a loader of its own (``_load_share``): made once, not once per folder.
    shown: _Shown | None = None

    def __post_init__(self) -> None:
        if self.shown is None:
            self.shown = _Shown(self.root)

    def is_community(self, slug: str) -> bool:
        """A slug of a community folder with a profile, loaded or not."""
        if slug in self.community_slugs:
            return True
        folder = self.unread.get(slug)
        if folder is None:
            return False
        try:  # as the inventory would have found it: a file, not a link
            return stat.S_ISREG(os.lstat(os.path.join(folder, "index.md")).st_mode)
        except OSError:
            return False

    # -- reading one file ---------------------------------------------------

    def read_yaml(self, path: Path | str, spec: Spec, base: Path | None = None, empty: str = "empty_document") -> Any:
        shown = self.shown(path)
        text = read_text(path, shown, self.report)
        if text is None:
            return INVALID
        source = Source(shown, 0, self.report, base)
        before = len(self.report.errors)
        node = compose(text, source)
        if node is None:
            if len(self.report.errors) == before:
                self.report.add(shown, 1, "文件", msg(empty))
            return INVALID
        return spec.read(node, source, "")

    def read_markdown(self, path: Path | str, spec: Record, base: Path | None = None) -> Any:
        shown = self.shown(path)
        text = read_text(path, shown, self.report)
        if text is None:
            return INVALID
        doc = split_front_matter(text, shown, self.report)
        if doc is None:
            return INVALID
        if not doc.has_front_matter:
            self.report.add(shown, 1, "front matter", msg("front_matter_missing"))
            return INVALID
        if doc.meta is None:
            self.report.add(shown, 1, "front matter", msg("empty_document"))
            return INVALID
        value = spec.read(doc.meta, Source(shown, 1, self.report, base), "")
        if value is not INVALID:
            value.body = doc.body
            value.path = shown
        return value

    def check_ordinary_page(self, path: Path) -> None:
        """Ordinary pages may carry any MkDocs front matter, but it must be valid YAML."""
        shown = self.shown(path)
        text = read_text(path, shown, self.report)
        if text is not None:
            doc = split_front_matter(text, shown, self.report)
            if doc is not None and doc.meta is not None:
                # Keys are free here (title, hide, …); duplicates and merges are not.
                source = Source(shown, 1, self.report)
                check_mappings(doc.meta, source)
                self.check_template(doc.meta, source)

    def check_template(self, meta: Any, source: Source) -> None:
        """An ordinary page may name only Material's page template."""
        for key, value in meta.value if isinstance(meta, MappingNode) else []:
            if isinstance(key, ScalarNode) and key.value == "template":
                chosen = value.value if isinstance(value, ScalarNode) else "…"
                if chosen not in ORDINARY_TEMPLATES:
                    source.error(value, "template", msg("template_not_allowed", value=chosen, allowed="、".join(ORDINARY_TEMPLATES)))

    # -- communities ----------------------------------------------------------

    def load_communities(
        self,
        site: Site,
        folders: list[CommunityFolder],
        workers: int = 0,
        cache: RecordCache | None = None,
        outlines: bool = False,
        mark: str | None = None,
    ) -> dict[str, str]:
        """Every community folder; with ``workers``, that many forked processes load a
        share each alongside this one (communities do not refer to each other). With
        ``cache``, a folder loaded before from the same files by the same code is taken
        from it, errors included, and its outline is kept beside it; ``outlines``: the
        outline is enough (see ``Outline``), and a folder that a check found fine under
        ``mark`` (``check_mark``, ``still_fine``) is not checked again.
        Returns each folder's key (with a cache)."""
        outcomes: dict[str, tuple] = {}
        todo, keys, trees = folders, {}, {}
        if cache is not None:
            todo = []
            index = cache.outlines(self.root)
            cache.expect(len(folders))
            enabled = gc.isenabled()
            gc.disable()  # thousands of records unpickled: no collection is due meanwhile
            try:
                for found in folders:
                    slug, blobs = found.slug, []
                    keys[slug] = key = cache.key(found.location, self.shown(found.location), found.files, blobs)
                    found.files = None  # a large site's stat results are not kept
                    entry = index.get(slug, key)
                    if entry is None:
                        trees[slug] = tree_id(blobs)
                    elif outlines and still_fine(entry[1], mark):
                        outcomes[slug] = _from_brief(entry[4], slug, found.location)
                        continue
                    elif outlines:
                        outcomes[slug] = _from_outline(entry[2], found.location)
                        continue
                    hit = cache.get(key)
                    if hit is None:
                        todo.append(found)
                        continue
                    outcomes[slug] = hit
                    if entry is None:
                        index.put(slug, key, *_outline_of(hit), trees[slug])
            finally:
                if enabled:
                    gc.enable()
        # For a check, each process keeps what it loaded in the cache itself and sends
        # back only the outline: the main process would otherwise pickle every record.
        writer = cache if cache is not None and outlines else None
        # A check without a cache needs no more than the outlines either: the helper
        # processes send back only those (whole communities, pickled there and
        # unpickled here while this process loads its own share, made a cold check of
        # 10,000 communities on 2 cores take 8.4 s instead of 6.9 s); this process
        # keeps what it loaded itself as it is.
        shares = contiguous_shares(todo, workers + 1) if todo else []
        jobs = [(share, writer is not None or (outlines and k > 0)) for k, share in enumerate(shares)]
        load = functools.partial(self._load_share, cache=writer, keys=keys)
        locations = {found.slug: found.location for found in todo}
        for (_, outlined), results in zip(jobs, map_shares(lambda job: load(*job), jobs), strict=True):
            for slug, outcome in results:
                if writer is not None:
                    cache.outlines(self.root).put(slug, keys[slug], *outcome, trees.get(slug))
                elif cache is not None:
                    cache.put(keys[slug], outcome)
                    cache.outlines(self.root).put(slug, keys[slug], *_outline_of(outcome), trees.get(slug))
                outcomes[slug] = _from_outline(outcome[0], locations[slug]) if outlined else outcome
        for found in folders:  # in the folders' order, cached or not
            community, slugs, errors, named = outcomes[found.slug]
            if community is not None:
                community.source = keys.get(found.slug, "")
                site.communities[community.slug] = community
            self.community_slugs.update(slugs)
            self.report.errors.extend(errors)
            self.report.named_files.update(named)
        return keys

    def _load_share(self, folders: list[CommunityFolder], outline: bool = False, cache: RecordCache | None = None, keys: dict | None = None) -> list[tuple[str, Any]]:
        """Each folder loaded on its own, as a cache entry holds it. With ``cache``:
        kept there (under ``keys``) by this process. ``outline``: given back as its
        outline and brief (``_outline_of``)."""
        results = []
        for folder in folders:
            loader = _Loader(self.root, Report(), shown=self.shown)
            part = Site()
            loader.load_community(folder, part)
            outcome = (part.communities.get(folder.slug), loader.community_slugs, loader.report.errors, loader.report.named_files)
            if cache is not None:
                cache.put(keys[folder.slug], outcome)
            if outline:
                outcome = _outline_of(outcome)
            results.append((folder.slug, outcome))
        return results

    def load_community(self, found: CommunityFolder, site: Site) -> None:
        if not found.has_index:
            return  # reported by the inventory
        slug, folder = found.slug, found.path
        self.community_slugs.add(slug)
        # Files by the text of their paths, as the inventory found them (``_Shown``
        # takes either): no pathlib object for each of a large site's files.
        community = self.read_markdown(os.path.join(found.location, "index.md"), contract.COMMUNITY, base=folder)
        achievements = self._optional(found.data_names.get("achievements.yml"), contract.ACHIEVEMENTS, base=folder)
        rectifications = self._optional(found.data_names.get("rectifications.yml"), contract.RECTIFICATIONS)
        evaluations = self.load_evaluations(found.evaluation_names, slug)
        if community is INVALID:
            return
        community.slug = slug
        community.folder = folder
        self.check_community(community, folder)
        if achievements is not INVALID:
            community.achievements = achievements
        if rectifications is not INVALID:
            community.rectifications = rectifications
            self.check_rectifications(rectifications, self.shown(os.path.join(found.location, "rectifications.yml")))
        community.evaluations = evaluations
        site.communities[slug] = community

    def _optional(self, path: Path | str | None, spec: Spec, base: Path | None = None) -> Any:
        return [] if path is None else self.read_yaml(path, spec, base, empty="empty_data_file")

    def check_community(self, community: Community, folder: Path) -> None:
        for i, honor in enumerate(community.honors):
            if honor.revoked is not None and honor.revoked.date.year < honor.year:
                self.report.add(
                    self.shown(folder / "index.md"),
                    honor.revoked.line_of("date"),
                    f"honors[{i}].revoked.date",
                    msg("revoked_before_award", date=honor.revoked.date.isoformat(), year=honor.year),
                )

    def check_rectifications(self, entries: list, path: str) -> None:
        first: dict[str, int] = {}
        for i, entry in enumerate(entries):
            if entry.id in first:
                self.report.add(path, entry.line_of("id"), f"[{i}].id", msg("duplicate_id", value=entry.id, first=first[entry.id]))
            else:
                first[entry.id] = entry.line_of("id")
            self.check_order(path, entry, f"[{i}].", "found", "deadline")
            if entry.closed is not None:
                self.check_order(path, entry, f"[{i}].", "found", "closed")

    def check_order(self, path: str, record: Any, prefix: str, earlier: str, later: str) -> None:
        a, b = getattr(record, earlier), getattr(record, later)
        if a is not None and b is not None and b < a:
            self.report.add(
                path,
                record.line_of(later),
                prefix + later,
                msg("date_before", label_a=DATE_LABELS[later], a=b.isoformat(), label_b=DATE_LABELS[earlier], b=a.isoformat()),
            )

    def load_evaluations(self, paths: list[str], slug: str) -> dict[int, Evaluation]:
        """``paths``: of files named ``<year>.yml`` (``CommunityFolder.evaluation_names``)."""
        evaluations: dict[int, Evaluation] = {}
        for path in paths:
            evaluation = self.read_yaml(path, contract.EVALUATION)
            if evaluation is INVALID:
                continue
            evaluation.year = int(os.path.basename(path).partition(".")[0])
            evaluation.community = slug
            evaluation.path = self.shown(path)
            evaluations[evaluation.year] = evaluation
        return evaluations

    # -- policies, frameworks, notices ----------------------------------------

    def load_policies(self, site: Site, files: Inventory) -> None:
        self._load_pages(files.policies, contract.POLICY, site.policies, self.policy_slugs)
        for path in files.frameworks:
            framework = self.read_yaml(path, contract.FRAMEWORK)
            if framework is not INVALID:
                framework.path = self.shown(path)
                if framework.id != path.stem:
                    self.report.add(framework.path, framework.line_of("id"), "id", msg("framework_id_mismatch", value=framework.id, expected=path.stem))
                else:
                    self.check_framework(framework)
                    site.frameworks[framework.id] = framework

    def load_notices(self, site: Site, files: Inventory) -> None:
        self._load_pages(files.notices, contract.NOTICE, site.notices, set())

    def _load_pages(self, paths: list[Path], spec: Record, target: dict, slugs: set[str]) -> None:
        """Policies or notices: one Markdown file each, named by its slug."""
        for path in paths:
            slugs.add(path.stem)
            record = self.read_markdown(path, spec)
            if record is not INVALID:
                record.slug = path.stem
                target[record.slug] = record

    def check_framework(self, framework: Framework) -> None:
        path = framework.path
        self._unique_ids(path, [(f"items[{i}].id", item) for i, item in enumerate(framework.items)])
        self._unique_ids(
            path,
            [
                (f"items[{i}].indicators[{j}].id", ind)
                for i, item in enumerate(framework.items)
                for j, ind in enumerate(item.indicators)
            ],
        )
        self._unique_ids(
            path,
            [
                (f"items[{i}].indicators[{j}].contents[{k}].id", content)
                for i, item in enumerate(framework.items)
                for j, ind in enumerate(item.indicators)
                for k, content in enumerate(ind.contents)
            ],
        )
        self._unique_ids(path, [(f"vetoes[{i}].id", veto) for i, veto in enumerate(framework.vetoes)])
        from .scoring import exact, exact_sum  # exact: sum() would round to 28 digits

        total = exact_sum(c.points for c in framework.contents())
        if total != framework.basic_total:
            with exact():  # _plain normalizes: in the default context that rounds too
                actual, expected = _plain(total), _plain(framework.basic_total)
            self.report.add(path, framework.line_of("basic_total"), "basic_total", msg("points_sum", actual=actual, expected=expected))
        for i in range(1, len(framework.bands)):
            band, previous = framework.bands[i], framework.bands[i - 1]
            if band.min >= previous.min:
                self.report.add(path, band.line_of("min"), f"bands[{i}].min", msg("bands_order", value=_plain(band.min), previous=_plain(previous.min)))
        if framework.bands and framework.bands[-1].min > 0:
            last = framework.bands[-1]
            self.report.add(path, last.line_of("min"), f"bands[{len(framework.bands) - 1}].min", msg("bands_floor", value=_plain(last.min)))

    def _unique_ids(self, path: str, located: list[tuple[str, Any]]) -> None:
        first: dict[str, int] = {}
        for name, record in located:
            line = record.line_of("id")
            if record.id in first:
                self.report.add(path, line, name, msg("duplicate_id", value=record.id, first=first[record.id]))
            else:
                first[record.id] = line

    # -- rules across files ---------------------------------------------------

    def check_references(self, site: Site) -> None:
        for policy in site.policies.values():
            self.check_order(policy.path, policy, "", "issued", "repealed")
            for i, slug in enumerate(policy.supersedes):
                name, line = f"supersedes[{i}]", _item_line(policy.supersedes, i, policy.line_of("supersedes"))
                if slug == policy.slug:
                    self.report.add(policy.path, line, name, msg("self_reference"))
                elif slug not in self.policy_slugs:
                    self.report.add(policy.path, line, name, msg("unknown_policy", value=slug))
        for notice in site.notices.values():
            self.check_order(notice.path, notice, "", "start", "end")
            for i, slug in enumerate(notice.subjects):
                if not self.is_community(slug):
                    line = _item_line(notice.subjects, i, notice.line_of("subjects"))
                    self.report.add(notice.path, line, f"subjects[{i}]", msg("unknown_community", value=slug))
        contents: dict[str, tuple[list[str], set[str]]] = {}  # framework id → content ids, as a list and a set
        for community in site.communities.values():
            for evaluation in community.evaluations.values():
                self.check_evaluation(evaluation, site.frameworks, contents)

    def check_evaluation(self, evaluation: Evaluation, frameworks: dict[str, Framework], contents: dict | None = None) -> None:
        """``contents``: the frameworks' content ids found so far, reused across calls."""
        path = evaluation.path
        framework = frameworks.get(evaluation.framework)
        if framework is None:
            self.report.add(path, evaluation.line_of("framework"), "framework", msg("unknown_framework", value=evaluation.framework))
            return
        contents = {} if contents is None else contents
        if framework.id not in contents:
            ids = [c.id for c in framework.contents()]
            contents[framework.id] = (ids, set(ids))
        ids, known = contents[framework.id]
        states = evaluation.states
        # The usual case, checked at C speed: every content once, in order, each state
        # one of the framework's (then the loop below would find nothing).
        exact = list(states) == ids and framework.states.keys() >= set(states.values())
        states_lines = getattr(states, "lines", {})
        for content_id, state in () if exact else states.items():
            line = states_lines.get(content_id, evaluation.line_of("states"))
            if content_id not in known:
                self.report.add(path, line, f"states.{content_id}", msg("unknown_content_id", framework=framework.id, value=content_id))
            elif state not in framework.states:
                self.report.add(path, line, f"states.{content_id}", msg("unknown_state", value=state, framework=framework.id, choices="、".join(framework.states)))
        missing = [] if exact else [i for i in ids if i not in states]
        if missing:
            shown = "、".join(missing[:10]) + ("…" if len(missing) > 10 else "")
            self.report.add(path, evaluation.line_of("states"), "states", msg("missing_content_ids", count=len(missing), ids=shown))
        notes_lines = getattr(evaluation.notes, "lines", {})
        for content_id in evaluation.notes:
            if content_id not in known:
                self.report.add(path, notes_lines.get(content_id, evaluation.line_of("notes")), f"notes.{content_id}", msg("unknown_content_id", framework=framework.id, value=content_id))
        veto_ids = [v.id for v in framework.vetoes]
        for i, veto in enumerate(evaluation.vetoes):
            if veto not in veto_ids:
                key = "unknown_veto" if veto_ids else "no_vetoes_defined"
                self.report.add(path, evaluation.line_of("vetoes"), f"vetoes[{i}]", msg(key, value=veto, framework=framework.id, choices="、".join(veto_ids)))

    def check_unnamed_files(self, files: Inventory) -> None:
        """Files no field names: images (Markdown bodies may show them) pass the same
        image check as ``cover`` and ``photos``; files of other kinds are refused.
        A file a field names has been reported at that field already."""
        named = {os.path.abspath(path) for path in self.report.named_files}
        for path, key in sorted(files.rejected.items()):
            if os.path.abspath(path) not in named:
                self.report.add(self.shown(path), None, "文件", msg(key, value=path.name))
        for rel in files.images():
            path = self.root / rel
            if os.path.abspath(path) in named:
                continue
            problem = image_problem(path)
            if problem:
                key, values = problem
                self.report.add(self.shown(path), None, "文件", msg(key, value=path.name, **values))

    def folders_with_errors(self) -> set[str]:
        """The slugs of the community folders that an error so far is about: its file
        is in the folder (or is the folder)."""
        inside = printable(self.shown(self.root / "communities")) + "/"
        return {error.path[len(inside) :].split("/", 1)[0] for error in self.report.errors if error.path.startswith(inside)}

    def check_dates(self, site: Site, today: dt.date) -> None:
        """Rules that depend on the build date: what has not happened yet cannot be
        shown as done."""
        for community in site.communities.values():
            for i, entry in enumerate(community.rectifications):
                if entry.closed is not None and entry.closed > today:
                    path = self.shown(community.folder / "rectifications.yml")
                    self.report.add(path, entry.line_of("closed"), f"[{i}].closed", msg("closed_after_today", value=entry.closed.isoformat(), today=today.isoformat()))

    def check_supersedes_cycles(self, site: Site) -> None:
        """A policy cannot, through a chain of ``supersedes``, replace itself: each
        would show as superseded by another and none as in force. Each cycle is
        reported once, at its first policy (by slug)."""
        graph = {slug: sorted({s for s in p.supersedes if s in site.policies and s != slug}) for slug, p in site.policies.items()}
        done: set[str] = set()
        seen_cycles: set[frozenset[str]] = set()
        for start in sorted(graph):
            # Depth-first, without recursion: a long chain of policies is no problem.
            path: list[str] = []
            on_path: set[str] = set()
            stack: list[tuple[str, int]] = [(start, 0)]
            while stack:
                node, index = stack.pop()
                if index == 0:
                    if node in done:
                        continue
                    path.append(node)
                    on_path.add(node)
                if index < len(graph[node]):
                    stack.append((node, index + 1))
                    nxt = graph[node][index]
                    if nxt in on_path:
                        cycle = path[path.index(nxt):]
                        if frozenset(cycle) not in seen_cycles:
                            seen_cycles.add(frozenset(cycle))
                            first = cycle.index(min(cycle))
                            cycle = cycle[first:] + cycle[:first]
                            policy = site.policies[cycle[0]]
                            chain = " → ".join(cycle + [cycle[0]])
                            self.report.add(policy.path, policy.line_of("supersedes"), "supersedes", msg("supersedes_cycle", chain=chain))
                    elif nxt not in done:
                        stack.append((nxt, 0))
                else:
                    path.pop()
                    on_path.discard(node)
                    done.add(node)

    def check_ordinary_pages(self, files: Inventory) -> None:
        for path in files.ordinary_pages:
            self.check_ordinary_page(path)


def _item_line(values: list, index: int, default: int) -> int:
    """The line of a list item when the list remembers it (``LocatedList``)."""
    line_of = getattr(values, "line_of", None)
    return line_of(index, default) if line_of else default


def _plain(value: Decimal) -> str:
    """A decimal as written, without exponent or trailing zeros."""
    text = format(value.normalize(), "f")
    return text


def load_site(
    content_dir: Path | str,
    workers: int = 0,
    today: dt.date | None = None,
    cache: RecordCache | None = None,
    only: set[str] | None = None,
    outlines: bool = False,
) -> Site:
    """Load and validate every file of ``content_dir``; raise ``ContentInvalid`` with all errors.

    ``workers``: forked processes that load communities alongside this one.
    ``today``: the build date, for the rules that depend on it (a rectification cannot
    be closed after it); None checks everything else.
    ``cache``: community folders loaded before from the same files (``records``).
    ``only``: the slugs of the community folders to load and check (None: all). The
    others are not read at all; they still count as existing for the rules across
    files (a notice may name them). Everything else is loaded and checked as always:
    policies, frameworks, notices, ordinary pages and every file outside the community
    folders left out (``scripts/check_content.py --changed``).
    ``outlines``: the site is only checked, never built: communities the cache holds
    come as outlines (``Outline``), which is much quicker to read; so do, without a
    cache, those the helper processes load (quicker to send back)."""
    root = Path(content_dir)
    report = Report()
    loader = _Loader(root, report)
    files = take_inventory(root, report, loader.shown, only=only, files=cache is not None)
    loader.unread = files.unread
    site = Site(files=files)
    mark = check_mark(root, today) if cache is not None else None
    keys = loader.load_communities(site, files.communities, workers, cache, outlines, mark)
    loader.load_policies(site, files)
    loader.load_notices(site, files)
    loader.check_references(site)
    loader.check_supersedes_cycles(site)
    loader.check_ordinary_pages(files)
    loader.check_unnamed_files(files)
    if today is not None:
        loader.check_dates(site, today)
    if cache is not None:
        index = cache.outlines(root)
        broken = loader.folders_with_errors()
        for slug, key in keys.items():
            entry = index.get(slug, key)
            if entry is not None and not (slug not in broken and still_fine(entry[1], mark)):
                index.mark(slug, key, None if slug in broken else mark)
        index.keep_only({found.slug for found in files.communities} | set(files.unread))
        cache.save(complete=only is None, root=root)
        if only is None:
            cache.evict()
    if report:
        raise ContentInvalid(report.sorted())
    return site


def reload_site(
    previous: Site,
    content_dir: Path | str,
    slugs: set[str],
    workers: int = 0,
    today: dt.date | None = None,
    cache: RecordCache | None = None,
) -> Site | None:
    """The site as ``load_site`` would load it now, when of the community folders only
    ``slugs`` may have changed since ``previous`` was loaded from the same folder
    without an error and checked with the same ``today`` (the editor's preview, told
    which files changed). The folders ``slugs`` and everything outside the community
    folders are read and checked again; every other community is taken from
    ``previous``. Raises ``ContentInvalid`` as ``load_site`` does. None when that is
    not enough: the frameworks changed (every evaluation is checked against them) or
    a community folder came that ``previous`` did not have."""
    site = load_site(content_dir, workers, today, cache, only=set(slugs))
    if site.frameworks != previous.frameworks:
        return None
    files = site.files.completed(previous.files)
    if files is None:
        return None
    site.files = files
    fresh = site.communities
    site.communities = {}
    for found in files.communities:
        community = fresh.get(found.slug) if found.slug in slugs else previous.communities.get(found.slug)
        if community is not None:
            site.communities[found.slug] = community
    return site


def check_mark(content_dir: Path | str, today: dt.date | None) -> str:
    """What a community folder found fine was checked with, besides its own files and
    the code (its record's key): ``"<frameworks> <date>"``, a digest of every file of
    the frameworks' folder and the date the date rules were checked with (``~``:
    none). See ``still_fine``."""
    digest = hashlib.blake2b(digest_size=16)
    folder = os.path.join(content_dir, FRAMEWORKS_FOLDER)
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        names = []
    for name in names:
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        try:
            with open(os.path.join(folder, name), "rb") as handle:
                digest.update(blob_id(handle.read()))
        except OSError:
            digest.update(b"?\0")
    return f"{digest.hexdigest()} {today.isoformat() if today else '~'}"


def still_fine(found: str | None, mark: str | None) -> bool:
    """Whether a folder found fine under the mark ``found`` is fine under ``mark``
    (``check_mark``): the same frameworks, and the date rules checked then with a date
    no later than now's (the only one, a rectification closed after the build date,
    can only stop failing as the date goes on); a check without them says nothing
    about them."""
    if found is None or mark is None:
        return False
    frameworks, _, then = found.partition(" ")
    now_frameworks, _, now = mark.partition(" ")
    return frameworks == now_frameworks and (now == "~" or (then != "~" and then <= now))


def fine_folders(content_dir: Path | str, cache: RecordCache, trees: dict[str, str], today: dt.date | None) -> set[str]:
    """The community folders (slugs) that a check found without any error when their
    files were what they are now, with the same code and frameworks (``still_fine``).
    ``trees``: slug → the id git gives the folder's files now (its tree in HEAD, for a
    folder git reports unchanged); the folders are not read."""
    index = cache.outlines(content_dir)
    mark = check_mark(content_dir, today)
    return {slug for slug, tree in trees.items() if still_fine(index.fine(slug, tree), mark)}


def count_files(site: Site) -> Counter:
    """How many files of each kind a site holds, for summaries."""
    return Counter(
        communities=len(site.communities),
        evaluations=sum(c.count if isinstance(c, Outline) else len(c.evaluations) for c in site.communities.values()),
        frameworks=len(site.frameworks),
        policies=len(site.policies),
        notices=len(site.notices),
    )


def community_folders(content_dir: Path | str) -> list[str]:
    """The slugs of the content folder's community folders, as the inventory finds
    them, without reading them (a sharded build's summary loads them a share at a time)."""
    root = Path(content_dir)
    return sorted(take_inventory(root, Report(), _Shown(root), only=set()).unread)
