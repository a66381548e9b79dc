"""Downloadable data for journalists: every evaluation as CSV, from the same scores
the pages and badges show."""

from __future__ import annotations

import csv
import io

from .scoreviews import RankingView

COLUMNS = ["年度", "测评体系", "社区", "标识", "街道", "区县", "基本指标", "特色指标", "总分（精确）", "总分（显示）", "等次", "名次", "一票否决"]


def evaluations_csv(rankings: list[RankingView]) -> bytes:
    """One row per evaluation, newest year first, in ranking order. UTF-8 with a BOM so
    that Excel opens the Chinese text correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for view in rankings:
        r = view.ranking
        for row in r.ranked + r.vetoed:
            s, c = row.score, row.community
            writer.writerow(
                [
                    r.year,
                    r.framework.id,
                    c.name,
                    c.slug,
                    c.street,
                    c.district,
                    str(s.basic),
                    str(s.special),
                    str(s.total),
                    s.display,
                    "" if s.vetoed else s.band.label,
                    row.rank if row.rank is not None else "",
                    "；".join(s.veto_labels) if s.vetoed else "",
                ]
            )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
