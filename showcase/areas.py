"""Figures per district and street (and for the whole site): how many communities,
how many evaluated, the mean and median of their totals, the band distribution,
vetoes, rectification rates and open notices.

Computed once from the model and the scores the pages show; the districts page, the
directory and the open data all read these. Means and medians are exact (a mean as a
fraction) and rounded half-up only for display, like every shown score.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from . import ledger
from .notices import OPEN, NoticeEntry
from .scoring import VETO_COLOR, VETO_LABEL, Ranking, RankRow, exact, exact_sum, format_score
from .views import District, anchor_id

SITE = "site"
DISTRICT = "district"
STREET = "street"


def half_up(value: Fraction, places: int = 1) -> Decimal:
    """An exact fraction rounded half away from zero to ``places`` decimals."""
    scale = 10**places
    magnitude = math.floor(abs(value) * scale + Fraction(1, 2))
    return Decimal(magnitude if value >= 0 else -magnitude).scaleb(-places)


def median(values: list[Decimal]) -> Decimal | None:
    """The exact median (the mean of the two middle values for an even count)."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    with exact():
        return (ordered[middle - 1] + ordered[middle]) / 2


@dataclass(frozen=True)
class BandCount:
    label: str
    color: str  # six hex digits
    count: int


@dataclass(frozen=True)
class ScoreFigures:
    """The evaluations of one year under one framework within an area."""

    year: int
    framework_id: str
    framework_title: str
    evaluated: int  # evaluations in the area, vetoed ones included
    vetoed: int
    total_sum: Decimal  # of the non-vetoed totals, exact
    mean: Fraction | None  # total_sum ÷ (evaluated − vetoed)
    median: Decimal | None
    bands: tuple[BandCount, ...]  # every band of the framework, highest first, then 一票否决

    @property
    def counted(self) -> int:
        return self.evaluated - self.vetoed

    @property
    def mean_display(self) -> str | None:
        return None if self.mean is None else format(half_up(self.mean), "f")

    @property
    def median_display(self) -> str | None:
        return None if self.median is None else format_score(self.median)


@dataclass(frozen=True)
class AreaFigures:
    level: str  # SITE, DISTRICT or STREET
    district: str | None
    street: str | None
    anchor: str  # its heading's id in the directory ("" for the site)
    communities: int
    evaluated: int  # communities with at least one evaluation
    ledger: ledger.LedgerSummary  # every ledger entry of the area's communities
    open_notices: int  # notices open on the build date about one of its communities
    scores: tuple[ScoreFigures, ...]  # per ranking, newest year first; only where evaluated

    @property
    def name(self) -> str:
        return self.street or self.district or "全部社区"

    @property
    def latest(self) -> tuple[ScoreFigures, ...]:
        """The figures of the area's latest evaluated year (one per framework used)."""
        if not self.scores:
            return ()
        year = self.scores[0].year
        return tuple(s for s in self.scores if s.year == year)


@dataclass
class _Tally:
    """An area's evaluations in one ranking, as its figures need them; a street's made
    from its rows, a district's and the site's added up from streets."""

    rows: int = 0  # ranked and vetoed
    totals: list[Decimal] = field(default_factory=list)  # of the ranked, directory order
    vetoed: int = 0
    bands: Counter[str] = field(default_factory=Counter)  # ranked rows by band label

    @classmethod
    def of(cls, rows: list[RankRow]) -> _Tally:
        tally = cls(len(rows))
        for row in rows:
            score = row.score
            if score.vetoed:
                tally.vetoed += 1
                continue
            tally.totals.append(score.total)
            if score.band is not None:
                tally.bands[score.band.label] += 1
        return tally

    def add(self, other: _Tally) -> None:
        self.rows += other.rows
        self.totals += other.totals
        self.vetoed += other.vetoed
        self.bands.update(other.bands)


def score_figures(ranking: Ranking, tally: _Tally) -> ScoreFigures | None:
    """The figures of an area's evaluations in ``ranking``; None when it has none."""
    if not tally.rows:
        return None
    totals = tally.totals
    total_sum = exact_sum(totals)
    bands = [BandCount(b.label, b.color.lstrip("#").lower(), tally.bands[b.label]) for b in ranking.framework.bands]
    bands.append(BandCount(VETO_LABEL, VETO_COLOR, tally.vetoed))
    return ScoreFigures(
        year=ranking.year,
        framework_id=ranking.framework.id,
        framework_title=ranking.framework.title,
        evaluated=tally.rows,
        vetoed=tally.vetoed,
        total_sum=total_sum,
        mean=Fraction(total_sum) / len(totals) if totals else None,
        median=median(totals),
        bands=tuple(bands),
    )


@dataclass
class _Part:
    """What an area's communities bring to its figures, in directory order: a street's
    made from its communities, a district's and the site's added up from streets (so
    each community is looked at once, not three times)."""

    tallies: list[_Tally]  # per ranking
    communities: int = 0
    evaluated: int = 0
    statuses: list[str] = field(default_factory=list)  # of every ledger entry
    notices: set[str] = field(default_factory=set)  # open ones about them

    @classmethod
    def empty(cls, rankings: int) -> _Part:
        return cls([_Tally() for _ in range(rankings)])

    def add(self, other: _Part) -> None:
        self.communities += other.communities
        self.evaluated += other.evaluated
        self.statuses += other.statuses
        self.notices |= other.notices
        for mine, theirs in zip(self.tallies, other.tallies, strict=True):
            mine.add(theirs)


def area_figures(
    districts: list[District],
    rankings: list[Ranking],
    notice_entries: list[NoticeEntry],
    today: dt.date,
) -> list[AreaFigures]:
    """The whole site first, then each district (directory order) followed by its streets."""
    open_about: dict[str, set[str]] = {}
    for entry in notice_entries:
        if entry.status.state == OPEN:
            for slug in entry.notice.subjects:
                open_about.setdefault(slug, set()).add(entry.notice.slug)

    by_slug = [{row.community.slug: row for row in r.ranked + r.vetoed} for r in rankings]
    status = ledger.rectification_status

    def street_part(communities: list) -> _Part:
        return _Part(
            tallies=[_Tally.of([rows[c.slug] for c in communities if c.slug in rows]) for rows in by_slug],
            communities=len(communities),
            evaluated=sum(1 for c in communities if c.evaluations),
            statuses=[status(e, today) for c in communities for e in c.rectifications],
            notices=set().union(*(open_about[c.slug] for c in communities if c.slug in open_about)),
        )

    def figures(level: str, district: str | None, street: str | None, anchor: str, part: _Part) -> AreaFigures:
        scores = tuple(f for f in map(score_figures, rankings, part.tallies) if f is not None)
        return AreaFigures(
            level=level,
            district=district,
            street=street,
            anchor=anchor,
            communities=part.communities,
            evaluated=part.evaluated,
            ledger=ledger.summary_of(part.statuses),
            open_notices=len(part.notices),
            scores=scores,
        )

    everyone, result = _Part.empty(len(rankings)), []
    for district in districts:
        whole, streets = _Part.empty(len(rankings)), []
        for street in district.streets:
            part = street_part(street.communities)
            whole.add(part)
            streets.append(figures(STREET, district.name, street.name, street.anchor or anchor_id("d", district.name, street.name), part))
        everyone.add(whole)
        result.append(figures(DISTRICT, district.name, None, district.anchor, whole))
        result += streets
    return [figures(SITE, None, None, "", everyone), *result]


@dataclass(frozen=True)
class AreaRow:
    area: AreaFigures
    figures: ScoreFigures | None  # None: no evaluation of this year and framework there


@dataclass(frozen=True)
class AreaSection:
    """One year under one framework: the site, each district and (for the latest year)
    each street, side by side."""

    year: int
    framework_id: str
    framework_title: str
    latest: bool  # the site's latest year: streets shown too
    rows: tuple[AreaRow, ...]


def area_sections(areas: list[AreaFigures]) -> list[AreaSection]:
    """A section per (year, framework) evaluated anywhere, newest year first, in the
    rankings' order; areas in the directory's order."""
    if not areas:
        return []
    site = areas[0]
    keys = [(s.year, s.framework_id, s.framework_title) for s in site.scores]
    latest_year = keys[0][0] if keys else None
    sections = []
    for year, framework_id, title in keys:
        latest = year == latest_year
        rows = []
        for area in areas:
            if area.level == STREET and not latest:
                continue
            match = next((s for s in area.scores if s.year == year and s.framework_id == framework_id), None)
            rows.append(AreaRow(area, match))
        sections.append(AreaSection(year, framework_id, title, latest, tuple(rows)))
    return sections
