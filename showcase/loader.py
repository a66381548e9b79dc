"""Load a content folder into the model, validating every file against the contract.

``load_site`` never stops at the first problem: it reads every file, checks every rule
(including those across files), and raises ``ContentInvalid`` with all errors at once.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import contract
from .errors import ContentInvalid, Report
from .messages import msg
from .model import Community, Evaluation, Framework, Site
from .parallel import contiguous_shares, map_shares
from .schema import INVALID, SLUG_PATTERN, Record, Spec, check_mappings
from .yamlsrc import Source, compose, read_text, split_front_matter

_SLUG = re.compile(SLUG_PATTERN)
_YEAR_FILE = re.compile(r"^[12][0-9]{3}\.yml$")
COMMUNITY_DATA_FILES = {"achievements.yml", "rectifications.yml"}


def display_path(path: Path) -> str:
    """The path as an editor sees it: relative to the working folder where possible."""
    rel = os.path.relpath(path)
    return path.as_posix() if rel.startswith("..") else Path(rel).as_posix()


class _Shown:
    """``display_path`` for the files of one content folder, without a ``relpath`` per file."""

    def __init__(self, root: Path):
        self.root = root
        self.prefix = display_path(root)

    def __call__(self, path: Path) -> str:
        try:
            rel = path.relative_to(self.root).as_posix()
        except ValueError:
            return display_path(path)
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


@dataclass
class _Loader:
    root: Path
    report: Report
    # Every slug that has a folder or file, loaded or not: a reference to one whose
    # file has errors is not also "not found".
    community_slugs: set[str] = field(default_factory=set)
    policy_slugs: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.shown = _Shown(self.root)

    # -- reading one file ---------------------------------------------------

    def read_yaml(self, path: Path, spec: Spec, base: Path | None = None, empty: str = "empty_document") -> Any:
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

    def read_markdown(self, path: Path, spec: Record, base: Path | None = None) -> Any:
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
                check_mappings(doc.meta, Source(shown, 1, self.report))

    # -- communities ----------------------------------------------------------

    def load_communities(self, site: Site, workers: int = 0) -> None:
        """Every community folder; with ``workers``, that many forked processes load a
        share each alongside this one (communities do not refer to each other)."""
        folder = self.root / "communities"
        if not folder.is_dir():
            return
        folders = []
        for entry in sorted(folder.iterdir()):
            if entry.is_dir():
                folders.append(entry)
            elif entry.suffix in (".yml", ".yaml"):
                self.report.add(self.shown(entry), None, "文件", msg("unknown_data_file", value=entry.name))
        for communities, slugs, errors in map_shares(self._load_share, contiguous_shares(folders, workers + 1)):
            site.communities.update(communities)
            self.community_slugs.update(slugs)
            self.report.errors.extend(errors)

    def _load_share(self, folders: list[Path]) -> tuple[dict[str, Community], set[str], list]:
        loader = _Loader(self.root, Report())
        part = Site()
        for folder in folders:
            loader.load_community(folder, part)
        return part.communities, loader.community_slugs, loader.report.errors

    def load_community(self, folder: Path, site: Site) -> None:
        slug = folder.name
        index = folder / "index.md"
        if index.is_file():
            self.community_slugs.add(slug)
        if not _SLUG.fullmatch(slug):
            self.report.add(self.shown(folder), None, "文件夹", msg("bad_dir_name", value=slug))
            return
        if not index.is_file():
            self.report.add(self.shown(folder), None, "index.md", msg("community_without_index"))
            return
        community = self.read_markdown(index, contract.COMMUNITY, base=folder)
        achievements = self._optional(folder / "achievements.yml", contract.ACHIEVEMENTS, base=folder)
        rectifications = self._optional(folder / "rectifications.yml", contract.RECTIFICATIONS)
        evaluations = self.load_evaluations(folder, slug)
        self._check_stray_files(folder)
        if community is INVALID:
            return
        community.slug = slug
        community.folder = folder
        self.check_community(community, folder)
        if achievements is not INVALID:
            community.achievements = achievements
        if rectifications is not INVALID:
            community.rectifications = rectifications
            self.check_rectifications(rectifications, self.shown(folder / "rectifications.yml"))
        community.evaluations = evaluations
        site.communities[slug] = community

    def _optional(self, path: Path, spec: Spec, base: Path | None = None) -> Any:
        return self.read_yaml(path, spec, base, empty="empty_data_file") if path.is_file() else []

    def _check_stray_files(self, folder: Path) -> None:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".yml", ".yaml") or not path.is_file():
                continue
            rel = path.relative_to(folder)
            if rel.parts[0] == "evaluations" and len(rel.parts) == 2:
                continue  # named by load_evaluations
            if len(rel.parts) == 1 and rel.name in COMMUNITY_DATA_FILES:
                continue
            self.report.add(self.shown(path), None, "文件", msg("unknown_data_file", value=rel.as_posix()))

    def check_community(self, community: Community, folder: Path) -> None:
        path = self.shown(folder / "index.md")
        for i, honor in enumerate(community.honors):
            if honor.revoked is not None and honor.revoked.date.year < honor.year:
                self.report.add(
                    path,
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

    def load_evaluations(self, folder: Path, slug: str) -> dict[int, Evaluation]:
        evaluations: dict[int, Evaluation] = {}
        eval_dir = folder / "evaluations"
        if not eval_dir.is_dir():
            return evaluations
        for path in sorted(eval_dir.iterdir()):
            if path.is_dir() or path.suffix not in (".yml", ".yaml"):
                continue
            if not _YEAR_FILE.match(path.name):
                self.report.add(self.shown(path), None, "文件名", msg("evaluation_file_name", value=path.name))
                continue
            evaluation = self.read_yaml(path, contract.EVALUATION)
            if evaluation is INVALID:
                continue
            evaluation.year = int(path.stem)
            evaluation.community = slug
            evaluation.path = self.shown(path)
            evaluations[evaluation.year] = evaluation
        return evaluations

    # -- policies, frameworks, notices ----------------------------------------

    def load_policies(self, site: Site) -> None:
        folder = self.root / "policies"
        if not folder.is_dir():
            return
        self._load_pages(folder, contract.POLICY, site.policies, self.policy_slugs)
        frameworks = folder / "frameworks"
        if frameworks.is_dir():
            for path in sorted(frameworks.iterdir()):
                if path.suffix not in (".yml", ".yaml") or not self._slug_file(path):
                    continue
                framework = self.read_yaml(path, contract.FRAMEWORK)
                if framework is not INVALID:
                    framework.path = self.shown(path)
                    if framework.id != path.stem:
                        self.report.add(framework.path, framework.line_of("id"), "id", msg("framework_id_mismatch", value=framework.id, expected=path.stem))
                    else:
                        self.check_framework(framework)
                        site.frameworks[framework.id] = framework

    def _report_stray_yaml(self, folder: Path) -> None:
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.suffix in (".yml", ".yaml"):
                self.report.add(self.shown(path), None, "文件", msg("stray_data_file", value=path.name))

    def _slug_file(self, path: Path) -> bool:
        if _SLUG.fullmatch(path.stem) and path.suffix in (".md", ".yml"):
            return True
        self.report.add(self.shown(path), None, "文件名", msg("bad_file_name", value=path.name, example="capital-2024.yml" if path.suffix != ".md" else "civilized-family.md"))
        return False

    def load_notices(self, site: Site) -> None:
        folder = self.root / "notices"
        if folder.is_dir():
            self._load_pages(folder, contract.NOTICE, site.notices, set())

    def _load_pages(self, folder: Path, spec: Record, target: dict, slugs: set[str]) -> None:
        """Policies or notices: one Markdown file each, named by its slug."""
        self._report_stray_yaml(folder)
        for path in sorted(folder.glob("*.md")):
            if not self._slug_file(path):
                continue
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
        total = sum((c.points for c in framework.contents()), Decimal(0))
        if total != framework.basic_total:
            self.report.add(path, framework.line_of("basic_total"), "basic_total", msg("points_sum", actual=_plain(total), expected=_plain(framework.basic_total)))
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
                if slug not in self.community_slugs:
                    line = _item_line(notice.subjects, i, notice.line_of("subjects"))
                    self.report.add(notice.path, line, f"subjects[{i}]", msg("unknown_community", value=slug))
        for community in site.communities.values():
            for evaluation in community.evaluations.values():
                self.check_evaluation(evaluation, site.frameworks)

    def check_evaluation(self, evaluation: Evaluation, frameworks: dict[str, Framework]) -> None:
        path = evaluation.path
        framework = frameworks.get(evaluation.framework)
        if framework is None:
            self.report.add(path, evaluation.line_of("framework"), "framework", msg("unknown_framework", value=evaluation.framework))
            return
        ids = [c.id for c in framework.contents()]
        known = set(ids)
        states_lines = getattr(evaluation.states, "lines", {})
        for content_id, state in evaluation.states.items():
            line = states_lines.get(content_id, evaluation.line_of("states"))
            if content_id not in known:
                self.report.add(path, line, f"states.{content_id}", msg("unknown_content_id", framework=framework.id, value=content_id))
            elif state not in framework.states:
                self.report.add(path, line, f"states.{content_id}", msg("unknown_state", value=state, framework=framework.id, choices="、".join(framework.states)))
        missing = [i for i in ids if i not in evaluation.states]
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

    def check_ordinary_pages(self, site: Site) -> None:
        handled = {self.root / "communities" / s / "index.md" for s in site.communities}
        for path in sorted(self.root.rglob("*.md")):
            rel = path.relative_to(self.root)
            if path in handled:
                continue
            if rel.parts[0] in ("policies", "notices") and len(rel.parts) == 2:
                continue
            if rel.parts[0] == "communities" and len(rel.parts) == 3 and rel.name == "index.md":
                continue  # a community that failed to load has been reported already
            self.check_ordinary_page(path)


def _item_line(values: list, index: int, default: int) -> int:
    """The line of a list item when the list remembers it (``LocatedList``)."""
    line_of = getattr(values, "line_of", None)
    return line_of(index, default) if line_of else default


def _plain(value: Decimal) -> str:
    """A decimal as written, without exponent or trailing zeros."""
    text = format(value.normalize(), "f")
    return text


def load_site(content_dir: Path | str, workers: int = 0) -> Site:
    """Load and validate every file of ``content_dir``; raise ``ContentInvalid`` with all errors.

    ``workers``: forked processes that load communities alongside this one."""
    root = Path(content_dir)
    report = Report()
    loader = _Loader(root, report)
    site = Site()
    loader.load_communities(site, workers)
    loader.load_policies(site)
    loader.load_notices(site)
    loader.check_references(site)
    loader.check_ordinary_pages(site)
    if report:
        raise ContentInvalid(report.sorted())
    return site


def count_files(site: Site) -> Counter:
    """How many files of each kind a site holds, for summaries."""
    return Counter(
        communities=len(site.communities),
        evaluations=sum(len(c.evaluations) for c in site.communities.values()),
        frameworks=len(site.frameworks),
        policies=len(site.policies),
        notices=len(site.notices),
    )
