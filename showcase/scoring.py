"""Scoring: evaluations against their frameworks, in exact decimal arithmetic.

Every number here is a ``decimal.Decimal`` read from the YAML text, and every step runs
in a context that traps inexact results: a score is either exact or an error, never a
float that lands on 89.99999999999999 and drops a community into the band below.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    localcontext,
)
from typing import Any, TypeVar

from .model import Band, Community, Evaluation, Framework, FrameworkContent, Indicator, Item, Site

T = TypeVar("T")

VETO_LABEL = "一票否决"
# A dark red with 5.6:1 contrast against white text, the usual colour of a failing mark.
VETO_COLOR = "c62828"

# Every number of the content has at most schema.MAX_DIGITS = 15 digits: it is below
# 10^15 and a whole multiple of 10^-15. A content's points × its state's factor (≤ 1) is
# then below 10^15 and a multiple of 10^-30: 45 digits. A sum of n such terms (or of n
# special points, or of n points) is below n·10^15, still a multiple of 10^-30: at most
# 45 + log10(n) + 1 digits. 60 digits hold every sum of fewer than 10^13 terms, far
# more than any file can hold; trapping Inexact turns a rounding that should never
# happen into an error instead of a wrong score.
_EXACT = Context(prec=60, traps=[InvalidOperation, DivisionByZero, Overflow, Inexact])


def exact() -> AbstractContextManager[Context]:
    """The context in which content's numbers are added and multiplied: exact, or an
    error (never the default context's silent rounding to 28 digits)."""
    return localcontext(_EXACT)


def exact_sum(values: Iterable[Decimal]) -> Decimal:
    """The exact sum of ``values`` (``sum()`` in the default context rounds to 28
    digits: 10.000…01 with 30 digits would sum to 10)."""
    with exact():
        return _sum(values)


def round_half_up(value: Decimal, places: int = 1) -> Decimal:
    """``value`` rounded half away from zero to ``places`` decimals (87.45 → 87.5).

    Python's ``round`` rounds half to even, and on floats it rounds the binary value
    (84.85 is stored as 84.8499…), so neither may be used for a displayed score.
    """
    if not isinstance(value, Decimal):
        raise TypeError(f"round_half_up needs a Decimal, got {type(value).__name__}")
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_score(value: Decimal | int | str) -> str:
    """A score as shown: rounded half-up to one decimal ("87.45" → "87.5", "90" → "90.0")."""
    if isinstance(value, float):
        raise TypeError("scores are never floats; pass a Decimal")
    return format(round_half_up(Decimal(value), 1), "f")


@dataclass(frozen=True)
class ContentScore:
    """One content of the framework as evaluated: its state, factor and points earned."""

    content: FrameworkContent
    state: str
    factor: Decimal
    score: Decimal
    note: str | None


@dataclass(frozen=True, kw_only=True)
class Subtotal:
    """A part's points: what it can give, and what it gave."""

    maximum: Decimal
    score: Decimal


@dataclass(frozen=True, kw_only=True)
class IndicatorScore(Subtotal):
    indicator: Indicator
    contents: tuple[ContentScore, ...]


@dataclass(frozen=True, kw_only=True)
class ItemScore(Subtotal):
    item: Item
    indicators: tuple[IndicatorScore, ...]


@dataclass(frozen=True)
class Score:
    """An evaluation computed against its framework."""

    framework: Framework
    evaluation: Evaluation
    basic: Decimal
    special_raw: Decimal
    special: Decimal
    total: Decimal
    band: Band | None
    vetoed: bool
    veto_labels: tuple[str, ...]
    items: tuple[ItemScore, ...]

    @functools.cached_property
    def display(self) -> str:
        """The total as shown, rounded half-up to one decimal (once: every page that
        lists the community shows it, and the directory sorts by it)."""
        return format_score(self.total)

    @property
    def message(self) -> str:
        """The badge message: "87.5 良好", or "一票否决" for a vetoed evaluation."""
        if self.vetoed:
            return VETO_LABEL
        if self.band is None:
            return self.display
        return f"{self.display} {self.band.label}"

    @property
    def standing(self) -> str:
        """What the evaluation earned: its band's label, or 一票否决."""
        if self.vetoed:
            return VETO_LABEL
        return self.band.label if self.band is not None else ""

    @property
    def special_capped(self) -> bool:
        """The special points claimed exceed the framework's cap (shown capped)."""
        return self.special_raw > self.special

    @property
    def color(self) -> str:
        """The band's colour as six hex digits without '#', or the veto colour."""
        if self.vetoed or self.band is None:
            return VETO_COLOR
        return self.band.color.lstrip("#").lower()


def compute_score(framework: Framework, evaluation: Evaluation) -> Score:
    """Score ``evaluation`` against ``framework`` (both already validated by the loader)."""
    if evaluation.framework != framework.id:
        raise ValueError(
            f"{evaluation.path}: framework: evaluation uses {evaluation.framework!r}, not {framework.id!r}"
        )
    with localcontext(_EXACT):
        items = tuple(_score_item(item, framework, evaluation) for item in framework.items)
        basic = _sum(item.score for item in items)
        special_raw = _sum(entry.points for entry in evaluation.special)
        special = min(special_raw, framework.special_max)
        total = basic + special
    labels = {veto.id: veto.label for veto in framework.vetoes}
    missing = [v for v in evaluation.vetoes if v not in labels]
    if missing:
        raise ValueError(f"{evaluation.path}: vetoes: {missing[0]!r} is not a veto of {framework.id!r}")
    vetoed = bool(evaluation.vetoes)
    return Score(
        framework=framework,
        evaluation=evaluation,
        basic=basic,
        special_raw=special_raw,
        special=special,
        total=total,
        band=None if vetoed else band_for(framework, total),
        vetoed=vetoed,
        veto_labels=tuple(labels[v] for v in evaluation.vetoes),
        items=items,
    )


def band_for(framework: Framework, total: Decimal) -> Band | None:
    """The first band (highest first) whose minimum the exact total reaches."""
    return next((band for band in framework.bands if band.min <= total), None)


def _score_item(item: Item, framework: Framework, evaluation: Evaluation) -> ItemScore:
    indicators = tuple(_score_indicator(ind, framework, evaluation) for ind in item.indicators)
    return ItemScore(
        item=item,
        maximum=_sum(ind.maximum for ind in indicators),
        score=_sum(ind.score for ind in indicators),
        indicators=indicators,
    )


def _score_indicator(indicator: Indicator, framework: Framework, evaluation: Evaluation) -> IndicatorScore:
    contents = []
    for content in indicator.contents:
        state = evaluation.states.get(content.id)
        if state not in framework.states:
            raise ValueError(f"{evaluation.path}: states.{content.id}: no valid state for content {content.id!r}")
        factor = framework.states[state]
        contents.append(ContentScore(content, state, factor, content.points * factor, evaluation.notes.get(content.id)))
    return IndicatorScore(
        indicator=indicator,
        maximum=_sum(c.content.points for c in contents),
        score=_sum(c.score for c in contents),
        contents=tuple(contents),
    )


def _sum(values: Iterable[Decimal]) -> Decimal:
    # sum() starts from the int 0; starting from Decimal keeps an empty sum a Decimal.
    return sum(values, Decimal(0))


# -- ranking ------------------------------------------------------------------


def rank_entries(
    entries: Iterable[T],
    key: Callable[[T], Any] = lambda e: e.total,
    tiebreak: Callable[[T], Any] | None = None,
) -> list[tuple[int, T]]:
    """Competition ranking ("1, 2, 2, 4") by ``key`` descending; ties share the better rank.

    Entries with equal keys are listed by ``tiebreak`` ascending when given, otherwise in
    their input order (the sort is stable). Keys are compared exactly, so pass Decimals.
    """
    ordered = list(entries)
    if tiebreak is not None:
        ordered.sort(key=tiebreak)
    # reverse=True keeps equal keys in their current order: the sort stays stable.
    ordered.sort(key=key, reverse=True)
    ranked: list[tuple[int, T]] = []
    for position, entry in enumerate(ordered, start=1):
        if ranked and key(entry) == key(ranked[-1][1]):
            ranked.append((ranked[-1][0], entry))
        else:
            ranked.append((position, entry))
    return ranked


@dataclass(frozen=True)
class RankRow:
    rank: int | None  # None for a vetoed evaluation, which is not ranked
    community: Community
    score: Score


@dataclass
class Ranking:
    """The evaluations of one year under one framework, ranked."""

    year: int
    framework: Framework
    ranked: list[RankRow]
    vetoed: list[RankRow]
    unevaluated: list[Community]


def evaluation_score(evaluation: Evaluation, site: Site) -> Score:
    """The score of one evaluation, against the framework it names."""
    return compute_score(site.frameworks[evaluation.framework], evaluation)


def build_rankings(site: Site, scores: dict[str, list[Score]] | None = None) -> list[Ranking]:
    """One ranking per (year, framework) with at least one evaluation, newest year first,
    then by framework id.

    Ties are listed by community slug; vetoed evaluations are listed by slug without a
    rank; ``unevaluated`` holds the communities with no evaluation that year under any
    framework, by slug.
    """
    groups: dict[tuple[int, str], list[tuple[Community, Score]]] = {}
    for slug in sorted(site.communities):
        community = site.communities[slug]
        # Scores already computed (``community_scores``, oldest year first) are reused.
        history = scores[slug] if scores is not None else community_scores(community, site)
        for score in history:
            evaluation = score.evaluation
            groups.setdefault((evaluation.year, evaluation.framework), []).append((community, score))
    rankings = []
    by_slug = [site.communities[slug] for slug in sorted(site.communities)]
    for year, framework_id in sorted(groups, key=lambda k: (-k[0], k[1])):
        entries = groups[(year, framework_id)]
        scored = [(community, score) for community, score in entries if not score.vetoed]
        ranked = [
            RankRow(rank, community, score)
            for rank, (community, score) in rank_entries(scored, key=lambda e: e[1].total, tiebreak=lambda e: e[0].slug)
        ]
        rankings.append(
            Ranking(
                year=year,
                framework=site.frameworks[framework_id],
                ranked=ranked,
                vetoed=[RankRow(None, c, s) for c, s in entries if s.vetoed],
                unevaluated=[c for c in by_slug if year not in c.evaluations],
            )
        )
    return rankings


def latest_score(community: Community, site: Site) -> Score | None:
    """The score of the community's latest year, or None when it has no evaluation."""
    if not community.evaluations:
        return None
    return evaluation_score(community.evaluations[max(community.evaluations)], site)


def community_scores(community: Community, site: Site) -> list[Score]:
    """Every year's score of the community, oldest first."""
    return [evaluation_score(community.evaluations[year], site) for year in sorted(community.evaluations)]
