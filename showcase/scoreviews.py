"""View models for scores: the community score panel, trends, rankings and frameworks.

Coordinates and percentages are computed here, so templates only place them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .badges import Badge, badge_for, text_color
from .model import Community, Framework, Site
from .scoring import ContentScore, Ranking, RankRow, Score, format_score

UNEVALUATED = "未测评"


def percent(part: Decimal, whole: Decimal) -> str:
    """A bar width in percent, one decimal (presentation only; never a shown score)."""
    if whole <= 0:
        return "0"
    return format_score(part * 100 / whole)


@dataclass
class TrendPoint:
    year: int
    score: Score
    x: str
    y: str


@dataclass
class Trend:
    points: list[TrendPoint]
    polyline: str
    width: int
    height: int
    ticks: list[tuple[str, str]]  # (y, label)


TREND_W, TREND_H, TREND_PAD = 320, 140, 28


def trend(scores: list[Score]) -> Trend | None:
    """An inline-SVG line of totals over the years, scaled to 0–the framework maximum."""
    if len(scores) < 2:
        return None
    top = max(s.framework.basic_total + s.framework.special_max for s in scores)
    step = (TREND_W - 2 * TREND_PAD) / (len(scores) - 1)
    points = []
    for i, s in enumerate(scores):
        x = TREND_PAD + i * step
        y = TREND_PAD / 2 + (TREND_H - 1.5 * TREND_PAD) * float(1 - s.total / top)
        points.append(TrendPoint(s.evaluation.year, s, f"{x:.1f}", f"{y:.1f}"))
    ticks = []
    for value in (top, top / 2, Decimal(0)):
        y = TREND_PAD / 2 + (TREND_H - 1.5 * TREND_PAD) * float(1 - value / top)
        ticks.append((f"{y:.1f}", format_score(value).removesuffix(".0")))
    return Trend(points, " ".join(f"{p.x},{p.y}" for p in points), TREND_W, TREND_H, ticks)


@dataclass
class BreakdownRow:
    level: str  # "item" or "indicator"
    label: str
    score: Decimal
    maximum: Decimal
    width: str  # bar width in percent


@dataclass
class ScorePanel:
    latest: Score | None
    badge: Badge
    badge_text_color: str
    history: list[Score]  # oldest first
    trend: Trend | None
    rows: list[BreakdownRow]
    notes: list[ContentScore]  # contents of the latest evaluation that carry a note


def breakdown(score: Score) -> list[BreakdownRow]:
    rows = []
    for it in score.items:
        rows.append(BreakdownRow("item", f"{it.item.id}. {it.item.title}", it.score, it.maximum, percent(it.score, it.maximum)))
        for ind in it.indicators:
            rows.append(BreakdownRow("indicator", f"{ind.indicator.id} {ind.indicator.title}", ind.score, ind.maximum, percent(ind.score, ind.maximum)))
    return rows


def score_panel(history: list[Score]) -> ScorePanel:
    """The panel for a community's scores, oldest year first."""
    latest = history[-1] if history else None
    badge = badge_for(latest)
    notes = [cs for it in latest.items for ind in it.indicators for cs in ind.contents if cs.note] if latest else []
    return ScorePanel(
        latest, badge, text_color(badge.color), history, trend(history), breakdown(latest) if latest else [], notes
    )


@dataclass
class RankingView:
    ranking: Ranking
    slug: str  # page name: <year>-<framework id>

    @property
    def title(self) -> str:
        return f"{self.ranking.year}年 · {self.ranking.framework.title}"


@dataclass(frozen=True)
class RankingLink:
    """A ranking as the rankings page lists it: how many took part."""

    slug: str
    title: str
    ranked: int
    vetoed: int


@dataclass(frozen=True)
class RankingTop:
    """The head of a ranking (the home page's)."""

    slug: str
    title: str
    rows: tuple[RankRow, ...]


def ranking_links(views: list[RankingView]) -> list[RankingLink]:
    return [RankingLink(v.slug, v.title, len(v.ranking.ranked), len(v.ranking.vetoed)) for v in views]


def ranking_tops(views: list[RankingView], count: int) -> list[RankingTop]:
    return [RankingTop(v.slug, v.title, tuple(v.ranking.ranked[:count])) for v in views]


def ranking_views(rankings: list[Ranking]) -> list[RankingView]:
    return [RankingView(r, f"{r.year}-{r.framework.id}") for r in rankings]


@dataclass
class FrameworkView:
    framework: Framework
    evaluated: list[tuple[int, Community, Score]]  # newest year first, then by name
    maximum: Decimal  # basic + special cap


def framework_views(site: Site, scores: dict[str, list[Score]]) -> dict[str, FrameworkView]:
    views = {}
    for framework_id, framework in site.frameworks.items():
        evaluated = [
            (s.evaluation.year, site.communities[slug], s)
            for slug, history in scores.items()
            for s in history
            if s.framework.id == framework_id
        ]
        evaluated.sort(key=lambda e: (-e[0], e[1].slug))
        views[framework_id] = FrameworkView(framework, evaluated, framework.basic_total + framework.special_max)
    return views
