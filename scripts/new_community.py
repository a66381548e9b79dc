#!/usr/bin/env python3
"""Create a new community folder from a commented template.

Usage (from anywhere):
    .venv/bin/python scripts/new_community.py 板厂南里社区
    .venv/bin/python scripts/new_community.py 板厂南里社区 --district 东城区 --street 交道口街道
    .venv/bin/python scripts/new_community.py 板厂南里社区 --slug banchang-nanli --content path/to/content

Proposes a pinyin slug (板厂南里社区 → banchang-nanli: a trailing 社区 is dropped and the
syllables are joined in pairs), refuses a slug that exists, asks for the district and
street unless given (and fails with a clear message, instead of waiting, when there is
no terminal to ask on), then writes ``<content>/communities/<slug>/`` with:

    index.md            profile: required fields filled in, optional ones commented
    achievements.yml    activity records: an empty list and a commented example
    rectifications.yml  rectification ledger: an empty list and a commented example
    photos/.gitkeep     where the pictures go

The folder passes ``scripts/check_content.py`` and builds as written; it is checked with
the build's own validator before it is put in place.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


from showcase.runtime import require_dependencies  # noqa: E402

require_dependencies("PIL", "pypinyin", "yaml")

import yaml  # noqa: E402
from pypinyin import lazy_pinyin  # noqa: E402

from showcase import model  # noqa: E402
from showcase.errors import ContentInvalid  # noqa: E402
from showcase.loader import load_site  # noqa: E402
from showcase.schema import SLUG_PATTERN  # noqa: E402

DEFAULT_CONTENT = ROOT / "content"
SCHEMA_DIR = ROOT / "schemas"
_SLUG = re.compile(SLUG_PATTERN)
# What a reader would take for a number (same idea as showcase.schema): quote it.
_NUMBERISH = re.compile(r"^[+-]?[0-9][0-9_:.,]*([eE][+-]?[0-9]+)?$")


class Refused(Exception):
    """A reason not to create the folder, shown to the editor as is."""


# -- slug -------------------------------------------------------------------------------


def propose_slug(name: str) -> str:
    """The usual pinyin slug of a community name: 板厂南里社区 → banchang-nanli.

    A trailing 社区 is dropped; Chinese syllables are joined in pairs (望江苑 →
    wangjiang-yuan); letters and digits are kept, lower-cased; anything else separates
    words. Returns "" when nothing usable is left.
    """
    base = name.strip()
    if base.endswith("社区") and len(base) > 2:
        base = base[: -len("社区")]
    tokens = lazy_pinyin(base, errors=lambda chunk: ["\0" + chunk])
    words: list[str] = []
    run: list[str] = []

    def flush() -> None:
        words.extend("".join(run[i : i + 2]) for i in range(0, len(run), 2))
        run.clear()

    for token in tokens:
        if token.startswith("\0"):
            flush()
            plain = unicodedata.normalize("NFKD", token[1:]).lower()
            words.extend(re.findall(r"[a-z0-9]+", plain))
        else:
            run.append(token.lower().replace("ü", "v"))
    flush()
    slug = "-".join(w for w in words if w)
    return slug if _SLUG.match(slug) else ""


def check_slug(slug: str, communities: Path) -> None:
    if not _SLUG.match(slug):
        raise Refused(
            f"「{slug}」不能用作网址标识：只能用小写字母、数字和连字符，且以字母或数字开头（如 banchang-nanli）"
        )
    if (communities / slug).exists():
        raise Refused(f"{display(communities / slug)} 已经存在：换一个标识，例如 --slug {slug}-2，或直接编辑已有的社区")


# -- writing YAML -----------------------------------------------------------------------


def yaml_text(value: str) -> str:
    """``value`` as a YAML scalar that the validator reads back as the same text:
    plain when that is safe, else double-quoted."""
    try:
        node = yaml.compose(f"k: {value}")
        scalar = node.value[0][1]
        plain_ok = (
            isinstance(scalar, yaml.ScalarNode)
            and scalar.tag == "tag:yaml.org,2002:str"
            and scalar.style is None
            and scalar.value == value
            and not _NUMBERISH.match(value)
        )
    except yaml.YAMLError:
        plain_ok = False
    if plain_ok:
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def schema_line(folder: Path, kind: str) -> str:
    """The yaml-language-server modeline pointing at ``schemas/<kind>.schema.json``."""
    target = SCHEMA_DIR / f"{kind}.schema.json"
    try:
        rel = Path(os.path.relpath(target, folder)).as_posix()
    except ValueError:  # another drive (Windows)
        rel = target.as_posix()
    return f"# yaml-language-server: $schema={rel}"


def index_md(name: str, district: str, street: str) -> str:
    levels = "、".join(model.HONOR_LEVELS)
    kinds = "、".join(model.TEAM_KINDS)
    return f"""---
# 社区简介。必填：name、district、street。
# 其余字段都可选：需要时去掉行首的「# 」（井号和一个空格）再填写，不需要的保持原样或整行删除。
# 纯数字的文本（如电话）要加英文双引号；字段说明见 EDITING.md「新增社区」。
name: {yaml_text(name)}
district: {yaml_text(district)}
street: {yaml_text(street)}
# summary: 一句话介绍社区，用于社区名录卡片和分享图
# area_km2: 0.35              # 面积（平方千米）：大于 0 的数字，不带单位
# households: 1086            # 户数：整数，不带逗号
# population: 3120            # 人口：整数
# buildings: 18               # 楼栋数：整数
# founded: 1998               # 成立年份：四位数字
# facilities:                 # 设施：每项一行，以「- 」开头
#   - 党群服务中心
#   - 老年餐桌
# teams:                      # 队伍：kind 只能是 {kinds}；members（人数）可不填
#   - {{name: 邻里守望队, kind: 志愿服务, members: 32}}
#   - {{name: 社区合唱团, kind: 文体}}
# contact:                    # 联系方式：各项都可选
#   address: 某某路12号
#   phone: "010-6403 1234"    # 电话一定要加英文双引号
#   email: office@example.org
#   hours: 工作日 9:00—17:00
# cover: photos/cover.jpg     # 封面图片：先把图片放进本文件夹的 photos/ 里
# honors:                     # 荣誉：level 只能是 {levels}
#   - title: 区级文明社区
#     level: 区级
#     year: 2024
#     issuer: 某某区精神文明建设委员会
#     # revoked: {{date: 2025-03-01, reason: 撤销原因}}   # 称号被撤销时才填写，不要删除荣誉
---

## 社区概况

（请在这里介绍{name}：位置、居民、房屋和主要设施。）

## 创建工作

（请在这里介绍文明创建的主要做法和成效。）
"""


def achievements_yml(folder: Path, name: str) -> str:
    categories = "、".join(model.ACHIEVEMENT_CATEGORIES)
    return f"""{schema_line(folder, "achievements")}
# {name} 活动记录。
# 添加第一条记录时：先删除最后一行的「[]」，再把下面示例行首的「# 」去掉，改成真实内容。
# category 只能是：{categories}
#
# - date: 2026-03-05              # 日期，格式 YYYY-MM-DD
#   title: 学雷锋志愿服务日
#   category: 志愿服务
#   participants: 45              # 参与人数（人次），可不填
#   summary: 为独居老人上门理发、清洗油烟机。   # 简述，可不填
#   photos:                       # 照片，可不填：先把图片放进 photos/ 里
#     - photos/xueleifeng.jpg
[]
"""


def rectifications_yml(folder: Path, name: str) -> str:
    sources = "、".join(model.RECTIFICATION_SOURCES)
    return f"""{schema_line(folder, "rectifications")}
# {name} 整改台账。
# 添加第一条记录时：先删除最后一行的「[]」，再把下面示例行首的「# 」去掉，改成真实内容。
# id 在本文件内不能重复；source 只能是：{sources}
# deadline（整改期限）和 closed（销号日期）都不能早于 found（发现日期）；没有销号就不写 closed。
#
# - id: "ZG-2026-001"
#   found: 2026-03-14             # 发现日期
#   source: 暗访
#   location: 3号楼北侧
#   issue: 楼道堆放杂物，影响消防通道
#   deadline: 2026-04-14          # 整改期限
#   closed: 2026-04-10            # 销号日期：整改完成后再填写
#   response: 已清理杂物并设置提示牌。   # 整改情况或公开答复，可不填
[]
"""


def write_folder(folder: Path, name: str, district: str, street: str, schema_base: Path) -> None:
    """Write the template files into ``folder``; modelines are relative to ``schema_base``
    (the folder the files will finally live in)."""
    (folder / "photos").mkdir(parents=True)
    (folder / "photos" / ".gitkeep").write_text("", encoding="utf-8")
    files = {
        "index.md": index_md(name, district, street),
        "achievements.yml": achievements_yml(schema_base, name),
        "rectifications.yml": rectifications_yml(schema_base, name),
    }
    for file_name, text in files.items():
        (folder / file_name).write_text(text, encoding="utf-8", newline="\n")


def create(content: Path, slug: str, name: str, district: str, street: str) -> Path:
    """Write the folder in a scratch place, check it with the build's validator, then
    move it into ``content/communities/``. Returns the new folder."""
    communities = content / "communities"
    check_slug(slug, communities)
    target = communities / slug
    with tempfile.TemporaryDirectory(prefix="new-community-") as scratch:
        staged = Path(scratch) / "content" / "communities" / slug
        write_folder(staged, name, district, street, schema_base=target)
        try:
            load_site(Path(scratch) / "content")
        except ContentInvalid as exc:  # a bug in the templates, or a value they cannot hold
            raise Refused("生成的模板没有通过检查（请把以下信息告诉维护人员）：\n" + str(exc)) from None
        communities.mkdir(parents=True, exist_ok=True)
        shutil.copytree(staged, target)
    return target


# -- asking -----------------------------------------------------------------------------


def display(path: Path) -> str:
    rel = os.path.relpath(path)
    return path.as_posix() if rel.startswith("..") else Path(rel).as_posix()


def known_values(communities: Path, key: str) -> list[str]:
    """Values of ``key`` in existing profiles (a hint when asking), most frequent first."""
    counts: dict[str, int] = {}
    pattern = re.compile(rf"^{key}:\s*(.+?)\s*$", re.MULTILINE)
    for index in sorted(communities.glob("*/index.md")):
        try:
            match = pattern.search(index.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        if match:
            value = match.group(1).strip("\"'")
            counts[value] = counts.get(value, 0) + 1
    return sorted(counts, key=lambda v: (-counts[v], v))


def ask(prompt: str, hints: list[str], default: str = "") -> str:
    hint = f"（已有：{'、'.join(hints[:6])}）" if hints else ""
    shown_default = f"[直接回车使用 {default}]" if default else ""
    for _ in range(3):
        try:
            answer = input(f"{prompt}{hint}{shown_default}：").strip()
        except EOFError:
            raise Refused("输入已结束，未创建任何文件") from None
        if answer or default:
            return answer or default
        print("不能为空，请重新输入。")
    raise Refused(f"没有填写{prompt}，未创建任何文件")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="新增一个社区：生成带注释的模板文件夹（index.md、achievements.yml、rectifications.yml、photos/）。",
    )
    parser.add_argument("name", help="社区名称，如 板厂南里社区")
    parser.add_argument("--slug", help="网址标识（默认由拼音生成：板厂南里社区 → banchang-nanli）")
    parser.add_argument("--district", help="所属区/县，如 东城区（不给出时会询问）")
    parser.add_argument("--street", help="所属街道/乡镇，如 交道口街道（不给出时会询问）")
    parser.add_argument("--content", type=Path, default=None, help="内容文件夹（默认：仓库根目录下的 content/）")
    args = parser.parse_args(argv)

    content = args.content if args.content is not None else DEFAULT_CONTENT
    communities = content / "communities"
    interactive = sys.stdin.isatty()
    try:
        name = args.name.strip()
        if not name:
            raise Refused("社区名称不能为空")
        if not content.is_dir():
            raise Refused(f"{display(content)}: 找不到内容文件夹（可用 --content 指定）")
        if args.slug is not None:
            slug = args.slug.strip()
        else:
            slug = propose_slug(name)
            if not slug and not interactive:
                raise Refused(f"无法从「{name}」生成拼音标识，请用 --slug 指定，如 --slug banchang-nanli")
            if interactive:
                while True:
                    slug = ask("网址标识", [], default=slug)
                    try:
                        check_slug(slug, communities)
                        break
                    except Refused as problem:
                        print(problem)
                        slug = ""
        check_slug(slug, communities)

        missing = [
            flag
            for flag, value in (("--district", args.district), ("--street", args.street))
            if not (value or "").strip()
        ]
        if missing and not interactive:
            raise Refused(
                "缺少 " + " 和 ".join(missing) + "：当前不是在终端中运行，无法询问。"
                "请在命令中写明，例如 --district 东城区 --street 交道口街道"
            )
        district = (args.district or "").strip() or ask("所属区/县", known_values(communities, "district"))
        street = (args.street or "").strip() or ask("所属街道/乡镇", known_values(communities, "street"))
        target = create(content, slug, name, district, street)
    except Refused as problem:
        print(f"未创建：{problem}", file=sys.stderr)
        return 1

    shown = display(target)
    print(f"已创建 {shown}/（{name}，{district}{street}）：")
    print(f"  {shown}/index.md            社区简介：补充正文，按需填写注释中的可选字段")
    print(f"  {shown}/achievements.yml    活动记录")
    print(f"  {shown}/rectifications.yml  整改台账")
    print(f"  {shown}/photos/             照片放在这里")
    print("下一步：编辑以上文件，运行 scripts/check_content.py 检查，再用 scripts/serve 预览。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
