"""Open data under /data/: every JSON file validates against its published schema, every
CSV parses and says the same as its JSON, the dictionary page lists every field, and the
figures in the data equal those on the pages (the demo, and another city's content)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import FIXTURES, ROOT, run_build
from jsonschema import Draft202012Validator, FormatChecker
from lxml import html as lxml_html

from showcase.areas import area_figures, half_up, median
from showcase.model import (
    Band,
    Community,
    Evaluation,
    Framework,
    FrameworkContent,
    Indicator,
    Item,
    Rectification,
    Site,
)
from showcase.opendata import ARRAY, BOOLEAN, INTEGER, NUMBER, OBJECT, TABLES, license_from_option
from showcase.scoreviews import ranking_views
from showcase.scoring import build_rankings, community_scores
from showcase.views import directory

D = Decimal


# -- the domain: hand-worked figures ----------------------------------------------------


@pytest.mark.parametrize(
    ("numerator", "denominator", "shown"),
    [(17105, 200, "85.5"), (25575, 300, "85.3"), (8484, 100, "84.8"), (8485, 100, "84.9"), (-8485, 100, "-84.9"), (1, 3, "0.3"), (2, 3, "0.7")],
)
def test_half_up_rounds_the_exact_fraction(numerator, denominator, shown):
    from fractions import Fraction

    assert format(half_up(Fraction(numerator, denominator)), "f") == shown


def test_median_is_exact():
    assert median([]) is None
    assert median([D("80"), D("90.25"), D("85.5")]) == D("85.5")
    assert median([D("80"), D("85.55"), D("90.25"), D("70")]) == D("82.775")  # (80 + 85.55) / 2


def _framework() -> Framework:
    return Framework(
        id="fw",
        title="测评体系",
        issuer="测试",
        effective=dt.date(2026, 1, 1),
        basic_total=D("100"),
        states={"a": D("1"), "b": D("0.7"), "c": D("0.335")},
        special_max=D("0"),
        bands=[Band(min=D("90"), label="优秀", color="#2e7d32"), Band(min=D("0"), label="合格", color="#6d4c41")],
        vetoes=[],
        items=[Item(id="1", title="项目", indicators=[Indicator(id="1.1", title="指标", contents=[FrameworkContent(id="1", title="内容", points=D("100"))])])],
    )


def _community(slug: str, district: str, street: str, state: str | None, ledger: list[tuple[str, str | None]] = ()) -> Community:
    evaluations = {}
    if state:
        evaluations[2026] = Evaluation(framework="fw", date=dt.date(2026, 10, 1), evaluator="组", states={"1": state}, year=2026, community=slug)
    entries = [
        Rectification(id=f"r{n}", found=dt.date(2026, 1, 1), source="自查", location="点", issue="问题", deadline=dt.date.fromisoformat(deadline), closed=dt.date.fromisoformat(closed) if closed else None)
        for n, (deadline, closed) in enumerate(ledger)
    ]
    return Community(name=f"{slug}社区", district=district, street=street, slug=slug, evaluations=evaluations, rectifications=entries)


def test_area_figures_hand_worked():
    communities = [
        _community("a", "东区", "一街", "a", [("2026-06-01", "2026-05-01"), ("2026-06-01", None)]),  # 100; closed on time, overdue
        _community("b", "东区", "一街", "b", [("2026-06-01", "2026-07-01")]),  # 70; closed late
        _community("c", "东区", "二街", "c"),  # 33.5
        _community("d", "西区", "三街", None, [("2026-12-31", None)]),  # unevaluated; open
    ]
    site = Site(communities={c.slug: c for c in communities}, frameworks={"fw": _framework()})
    scores = {c.slug: community_scores(c, site) for c in communities}
    rankings = [v.ranking for v in ranking_views(build_rankings(site, scores))]
    areas = area_figures(directory(site), rankings, [], dt.date(2026, 11, 23))
    by_name = {a.name: a for a in areas}
    everyone = by_name["全部社区"]
    (fig,) = everyone.scores
    # (100 + 70 + 33.5) / 3 = 67.8333… → 67.8; median 70
    assert (fig.evaluated, fig.vetoed, fig.total_sum, fig.mean_display, fig.median_display) == (3, 0, D("203.5"), "67.8", "70.0")
    assert [(b.label, b.count) for b in fig.bands] == [("优秀", 1), ("合格", 2), ("一票否决", 0)]
    assert (everyone.communities, everyone.evaluated) == (4, 3)
    # 4 entries: 2 closed (1 on time) → 50.0 %, on time 1 of 2 → 50.0 %
    assert (everyone.ledger.rectification_rate.percent, everyone.ledger.on_time_rate.percent, everyone.ledger.overdue) == ("50.0%", "50.0%", 1)
    east = by_name["东区"]
    # (100 + 70 + 33.5) over three again, all in 东区; 一街: (100 + 70) / 2 = 85
    assert east.scores[0].mean_display == "67.8"
    assert by_name["一街"].scores[0].mean_display == "85.0" and by_name["一街"].scores[0].median_display == "85.0"
    assert by_name["二街"].ledger.rectification_rate.percent == "—"
    assert by_name["西区"].scores == () and by_name["西区"].evaluated == 0
    assert [a.level for a in areas] == ["site", "district", "street", "street", "district", "street"]


def test_a_table_written_in_parts_is_the_table_written_at_once(tmp_path):
    """``TableWriter``: rows added a share at a time, in parts by key, joined in the
    keys' order, give the bytes ``table_json`` and ``table_csv`` give for the rows in
    that order (text with quotes, commas, line breaks and a formula-like cell)."""
    from showcase.opendata import EVALUATIONS, HONORS, Meta, TableWriter, check_row, table_csv, table_json

    meta = Meta(dt.date(2026, 11, 23), "abc123", license_from_option(None), "https://example.org/")

    def honor(n: int, year: int) -> dict:
        title = ["文明社区", '“五好”,家庭', "第一行\n第二行", "=1+1"][n % 4]
        return check_row(HONORS, {"id": f"c{n}/1", "community": f"c{n}", "community_name": "社区", "district": "区", "street": "街道",
                                  "title": title, "level": "区级", "year": year, "issuer": "文明办", "revoked": None, "revoked_reason": None})  # fmt: skip

    rows = [honor(n, 2024 + n % 3) for n in range(10)]
    writer = TableWriter(HONORS, tmp_path)
    for start in (0, 3, 4, 9):  # shares of 3, 1, 5 and 1 rows
        end = {0: 3, 3: 4, 4: 9, 9: 10}[start]
        share = rows[start:end]
        for year in (2026, 2025, 2024):
            writer.add([r for r in share if r["year"] == year], key=year)
    json_file, csv_file = writer.finish(meta, order=lambda year: -year)
    ordered = sorted(rows, key=lambda r: -r["year"])  # stable: shares' order within a year
    assert json_file.read_bytes() == table_json(HONORS, ordered, meta)
    assert csv_file.read_bytes() == table_csv(HONORS, ordered)
    assert writer.count == 10
    assert sorted(p.name for p in tmp_path.iterdir()) == ["honors.csv", "honors.json"]  # the parts are gone
    empty = TableWriter(EVALUATIONS, tmp_path / "e")
    (tmp_path / "e").mkdir()
    json_file, csv_file = empty.finish(meta)
    assert json_file.read_bytes() == table_json(EVALUATIONS, [], meta)
    assert csv_file.read_bytes() == table_csv(EVALUATIONS, [])


def test_licence_option():
    assert license_from_option(None).id == "CC-BY-4.0"
    assert license_from_option({"id": "ODbL-1.0", "name": "开放数据库许可", "url": "https://opendatacommons.org/licenses/odbl/"}).id == "ODbL-1.0"
    for bad in ("CC-BY-4.0", {"id": "x"}, {"id": "", "name": "n", "url": "u"}, {"id": "a", "name": "b", "url": "c", "extra": 1}):
        with pytest.raises(ValueError, match="id"):
            license_from_option(bad)


# -- built sites --------------------------------------------------------------------------


def data_files(site: Path) -> list[Path]:
    return sorted(p for p in (site / "data").rglob("*.json") if "schema" not in p.parts and p.name != "datapackage.json")


def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


def read_csv(path: Path) -> list[dict]:
    data = path.read_bytes()
    assert data.startswith("\ufeff".encode()), path
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def check_site_data(site: Path, date: str) -> None:
    """Every JSON file against its schema; every CSV equal to its JSON."""
    files = data_files(site)
    assert len(files) >= len(TABLES)
    for path in files:
        document = json.loads(path.read_text(encoding="utf-8"))
        schema = json.loads((site / document["meta"]["schema"]).read_text(encoding="utf-8"))
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(document)]
        assert errors == [], f"{path}: {errors[:3]}"
        assert document["meta"]["built"] == date
    for table in TABLES:
        records = read_json(site / f"data/{table.name}.json")["records"]
        rows = read_csv(site / f"data/{table.name}.csv")
        assert len(rows) == len(records), table.name
        for record, row in zip(records, rows, strict=True):
            assert list(row) == table.names
            for column in table.columns:
                value, cell = record[column.name], row[column.name]
                if value is None:
                    assert cell == "", (table.name, column.name)
                elif column.kind in (ARRAY, OBJECT):
                    assert json.loads(cell.removeprefix("'"), parse_float=Decimal) == value
                elif column.kind == BOOLEAN:
                    assert cell == ("true" if value else "false")
                elif column.kind in (NUMBER, INTEGER):
                    assert Decimal(cell) == Decimal(value), (table.name, column.name)
                else:
                    assert cell in (value, "'" + value), (table.name, column.name, cell)
    package = read_json(site / "data/datapackage.json")
    assert [r["name"] for r in package["resources"]] == [t.name for t in TABLES]
    for resource in package["resources"]:
        header = next(csv.reader(io.StringIO((site / "data" / resource["path"]).read_text(encoding="utf-8-sig"))))
        assert [f["name"] for f in resource["schema"]["fields"]] == header


def test_demo_data_validates_and_csv_matches_json(demo_site):
    check_site_data(demo_site.site, "2026-11-23")


def test_another_city_builds_and_its_data_validates(tmp_path):
    result = run_build(FIXTURES / "search-city", tmp_path, date="2026-11-23")
    assert result.returncode == 0, result.output
    check_site_data(result.site, "2026-11-23")


def test_dictionary_page_lists_every_field_of_every_file(demo_site):
    page = lxml_html.fromstring((demo_site.site / "data/index.html").read_bytes())
    listed_counts = {cells(tr)[0]: cells(tr)[1] for tr in page.xpath('//table[not(contains(@class, "sc-fields"))]//tbody/tr')}
    for table in TABLES:
        records = read_json(demo_site.site / f"data/{table.name}.json")["meta"]["records"]
        assert listed_counts[table.title] == str(records), table.name
    for table in TABLES:
        (section,) = page.xpath(f'//section[@aria-labelledby="sc-t-{table.name}"]')
        listed = [code.text_content() for code in section.xpath(".//table//th[@scope='row']/code")]
        assert listed == table.names, table.name
        assert all(c.meaning.strip() for c in table.columns)
        links = {urljoin("https://x.test/data/", a.get("href")) for a in page.xpath("//a[@href]")}
        for kind in ("json", "csv"):
            assert f"https://x.test/data/{table.name}.{kind}" in links, table.name
        assert f"https://x.test/data/schema/{table.name}.json" in links, table.name


def test_provenance_and_licence(tmp_path):
    """The commit of the content's repository and a licence from mkdocs.yml."""

    def licence(text: str) -> str:
        return text.replace("    data_license: null", "    data_license: {id: ODbL-1.0, name: 开放数据库许可协议, url: 'https://opendatacommons.org/licenses/odbl/1-0/'}")

    result = run_build(FIXTURES / "valid-minimal", tmp_path / "ok", edit_config=licence)
    assert result.returncode == 0, result.output
    meta = read_json(result.site / "data/communities.json")["meta"]
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    assert meta["commit"] == head
    assert meta["license"] == {"id": "ODbL-1.0", "name": "开放数据库许可协议", "url": "https://opendatacommons.org/licenses/odbl/1-0/"}
    page = (result.site / "data/index.html").read_text(encoding="utf-8")
    assert "开放数据库许可协议" in page and head[:12] in page

    broken = run_build(FIXTURES / "valid-minimal", tmp_path / "bad", edit_config=lambda t: t.replace("    data_license: null", "    data_license: CC0"))
    assert broken.returncode != 0
    assert "extra.showcase.data_license" in broken.output and "Traceback" not in broken.output


# -- the data equal the pages ----------------------------------------------------------------


def cells(row) -> list[str]:
    return [" ".join(c.text_content().split()) for c in row.xpath("./th|./td")]


def test_figures_in_the_data_equal_the_pages(demo_site):
    site = demo_site.site
    communities = {r["id"]: r for r in read_json(site / "data/communities.json")["records"]}
    evaluations = read_json(site / "data/evaluations.json")["records"]
    area_scores = read_json(site / "data/area-scores.json")["records"]
    areas = {r["id"]: r for r in read_json(site / "data/areas.json")["records"]}

    # Each community's page shows its latest total and band as the data says.
    for slug, record in communities.items():
        page = lxml_html.fromstring((site / record["url"] / "index.html").read_bytes())
        shown = page.xpath('//*[contains(@class, "sc-total__num")]')
        if record["latest_total_display"] is None or record["latest_vetoed"]:
            assert shown == [], slug
        else:
            assert shown[0].text_content().strip() == record["latest_total_display"], slug
        assert record["badge"] == read_json(site / record["badge_json"])["message"]

    # Ranks on each ranking page.
    for e in evaluations:
        page = lxml_html.fromstring((site / e["ranking"] / "index.html").read_bytes())
        rows = {cells(tr)[1]: cells(tr) for tr in page.xpath("//table//tbody/tr")}
        row = rows[e["community_name"]]
        assert row[0] == (str(e["rank"]) if e["rank"] is not None else "—")
        if not e["vetoed"]:
            assert row[4] == e["total_display"]

    # Means and medians, recomputed here from the evaluations' exact totals.
    def shown(value: Decimal) -> str:
        return str(value.quantize(D("0.1"), rounding=ROUND_HALF_UP))

    for r in area_scores:
        mine = [
            e
            for e in evaluations
            if e["year"] == r["year"]
            and e["framework"] == r["framework"]
            and (r["district"] is None or e["district"] == r["district"])
            and (r["street"] is None or e["street"] == r["street"])
        ]
        totals = sorted(Decimal(e["total"]) for e in mine if not e["vetoed"])
        assert r["evaluated"] == len(mine) and r["vetoed"] == len(mine) - len(totals)
        assert Decimal(r["total_sum"]) == sum(totals, D(0))
        if totals:
            assert r["mean"] == Decimal(shown(sum(totals, D(0)) / len(totals)))
            middle = len(totals) // 2
            exact_median = totals[middle] if len(totals) % 2 else (totals[middle - 1] + totals[middle]) / 2
            assert Decimal(r["median"]) == exact_median and r["median_display"] == shown(exact_median)

    # The districts page shows the same figures.
    page = lxml_html.fromstring((site / "rankings/districts/index.html").read_bytes())
    sections = page.xpath("//section[h2]")
    assert sections
    for section in sections:
        year, framework = section.xpath("./h2/@id")[0].removeprefix("sc-y").split("-", 1)
        for tr in section.xpath(".//tbody/tr"):
            row = cells(tr)
            name = row[0]
            record = next(
                r
                for r in areas.values()
                if (r["street"] or r["district"] or "全部社区") == name
            )
            figures = next((s for s in area_scores if s["area"] == record["id"] and s["year"] == int(year) and s["framework"] == framework), None)
            assert row[1] == str(record["communities"])
            if figures:
                assert row[2:5] == [str(figures["evaluated"]), str(figures["mean"]) if figures["mean"] is not None else "—", figures["median_display"] or "—"]
            if len(row) > 7:
                rate = record["rectification_rate"]
                assert row[7] == (f"{rate}%" if rate is not None else "—")
                assert row[9] == str(record["open_notices"])

    # The home page's averages are the site's latest figures.
    home = lxml_html.fromstring((site / "index.html").read_bytes())
    facts = {dt_.text_content().strip(): dd.text_content().strip() for dt_, dd in zip(home.xpath("//dl[contains(@class,'sc-stats')]//dt"), home.xpath("//dl[contains(@class,'sc-stats')]//dd"), strict=True)}
    latest_year = max(r["year"] for r in area_scores)
    site_latest = [r for r in area_scores if r["area"] == "all" and r["year"] == latest_year]
    assert facts[f"{latest_year}年已测评"] == str(sum(r["evaluated"] for r in site_latest))
    means = sorted(v for k, v in facts.items() if k.startswith(f"{latest_year}年平均分"))
    assert means == sorted(str(r["mean"]) for r in site_latest if r["mean"] is not None)


def test_formula_looking_content_never_runs_in_a_spreadsheet(tmp_path):
    """A fixture whose name, street, district, ledger entry and activity start with
    = + - @ (ASCII and full-width): built, every CSV parses and no cell starts a formula,
    while the JSON keeps the text as written."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "valid-minimal", content)
    profile = content / "communities/banchang-nanli/index.md"
    text = profile.read_text(encoding="utf-8")
    text = text.replace("name: 板厂南里社区", "name: '=HYPERLINK(\"http://evil.example/\",\"点我\")'")
    text = text.replace("district: 东城区", "district: '+东城区'").replace("street: 交道口街道", "street: '＠交道口街道'")
    profile.write_text(text, encoding="utf-8")
    ledger = content / "communities/banchang-nanli/rectifications.yml"
    ledger.write_text(ledger.read_text(encoding="utf-8").replace("location: 东门垃圾站", "location: '-1+2'"), encoding="utf-8")
    activities = content / "communities/banchang-nanli/achievements.yml"
    activities.write_text(activities.read_text(encoding="utf-8").replace("title: 垃圾分类入户宣传", "title: '=SUM(A1:A9)'"), encoding="utf-8")
    result = run_build(content, tmp_path / "work", date="2026-11-23")
    assert result.returncode == 0, result.output
    check_site_data(result.site, "2026-11-23")
    seen = set()
    for table in TABLES:
        numeric = {c.name for c in table.columns if c.kind in (NUMBER, INTEGER) or c.shown}
        for row in read_csv(result.site / f"data/{table.name}.csv"):
            for name, cell in row.items():
                if name in numeric and cell:
                    Decimal(cell)
                    continue
                assert cell[:1] not in set("=+-@\t\r＝＋－＠"), (table.name, name, cell)
                if cell.startswith("'"):
                    seen.add(cell)
    assert {"'=HYPERLINK(\"http://evil.example/\",\"点我\")", "'+东城区", "'＠交道口街道", "'-1+2", "'=SUM(A1:A9)"} <= seen
    community = read_json(result.site / "data/communities.json")["records"]
    assert any(r["name"] == '=HYPERLINK("http://evil.example/","点我")' for r in community)
