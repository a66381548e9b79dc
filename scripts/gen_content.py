#!/usr/bin/env python3
"""Generate a synthetic, contract-valid content folder of N communities (for benchmarks).

    python scripts/gen_content.py N OUT_DIR [--seed S] [--check]

writes ``OUT_DIR/content/`` following /work/shared/CONTENT-SPEC.md: ``index.md``,
``about.md`` (plus a copy of the repository's other ordinary pages outside
communities/, policies/ and notices/, which the nav may name), N communities (profile
front matter with most optional fields, a Chinese narrative of about 400–800
characters, achievements and rectifications, no photos), 2 policies and 2 notices. When the repository has evaluation frameworks
(``content/policies/frameworks/*.yml``) they are copied, and about 80 % of the
communities get ``evaluations/2026.yml`` for one of them, with every content id exactly
once. The output is deterministic for a given N and seed.

``--check`` validates the result with ``showcase.loader.load_site``.

Used as a module: ``generate(n, out_dir, seed=1) -> Path`` (the content folder).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REPO_CONTENT = ROOT / "content"
FRAMEWORKS_DIR = REPO_CONTENT / "policies" / "frameworks"
BUILD_DATE = dt.date(2026, 11, 23)  # the date the benchmark builds with (SHOWCASE_DATE)

# -- pools -------------------------------------------------------------------------

# (汉字, pinyin) so slugs need no extra dependency.
PREFIXES = [
    ("槐树", "huaishu"),
    ("柳荫", "liuyin"),
    ("滨江", "binjiang"),
    ("文昌", "wenchang"),
    ("鼓楼", "gulou"),
    ("望江", "wangjiang"),
    ("芦花", "luhua"),
    ("织锦", "zhijin"),
    ("钟楼", "zhonglou"),
    ("桃园", "taoyuan"),
    ("杏林", "xinglin"),
    ("枫林", "fenglin"),
    ("梧桐", "wutong"),
    ("银杏", "yinxing"),
    ("青石", "qingshi"),
    ("白塔", "baita"),
    ("南湖", "nanhu"),
    ("北苑", "beiyuan"),
    ("东湖", "donghu"),
    ("西城", "xicheng"),
    ("金桥", "jinqiao"),
    ("玉泉", "yuquan"),
    ("长乐", "changle"),
    ("永安", "yongan"),
    ("和平", "heping"),
    ("幸福", "xingfu"),
    ("光明", "guangming"),
    ("朝阳", "chaoyang"),
    ("红旗", "hongqi"),
    ("新华", "xinhua"),
    ("安居", "anju"),
    ("康乐", "kangle"),
    ("明珠", "mingzhu"),
    ("翠竹", "cuizhu"),
    ("荷塘", "hetang"),
    ("紫薇", "ziwei"),
    ("丹桂", "dangui"),
    ("兰亭", "lanting"),
    ("松柏", "songbai"),
    ("梅园", "meiyuan"),
    ("石桥", "shiqiao"),
    ("渔港", "yugang"),
    ("茶园", "chayuan"),
    ("书院", "shuyuan"),
    ("状元", "zhuangyuan"),
    ("瓦窑", "wayao"),
    ("板厂", "banchang"),
    ("纺织", "fangzhi"),
    ("机床", "jichuang"),
    ("电厂", "dianchang"),
    ("铁路", "tielu"),
    ("粮站", "liangzhan"),
    ("水厂", "shuichang"),
    ("春晖", "chunhui"),
    ("秋实", "qiushi"),
    ("晨曦", "chenxi"),
    ("锦绣", "jinxiu"),
    ("怡景", "yijing"),
    ("嘉禾", "jiahe"),
    ("丰收", "fengshou"),
    ("凤鸣", "fengming"),
    ("龙泉", "longquan"),
    ("虎山", "hushan"),
    ("鹤岭", "heling"),
    ("燕归", "yangui"),
    ("云溪", "yunxi"),
    ("月湖", "yuehu"),
    ("星河", "xinghe"),
    ("清风", "qingfeng"),
    ("明月", "mingyue"),
    ("碧水", "bishui"),
    ("青山", "qingshan"),
    ("东坡", "dongpo"),
    ("西湾", "xiwan"),
    ("南门", "nanmen"),
    ("北关", "beiguan"),
    ("上塘", "shangtang"),
    ("下沙", "xiasha"),
    ("前进", "qianjin"),
    ("胜利", "shengli"),
]
SUFFIXES = [
    ("里", "li"),
    ("苑", "yuan"),
    ("新村", "xincun"),
    ("花园", "huayuan"),
    ("巷", "xiang"),
    ("坊", "fang"),
    ("家园", "jiayuan"),
    ("东里", "dongli"),
    ("西里", "xili"),
    ("南里", "nanli"),
    ("北里", "beili"),
    ("街", "jie"),
    ("湾", "wan"),
    ("小区", "xiaoqu"),
    ("佳苑", "jiayuan2"),
    ("雅居", "yaju"),
    ("名都", "mingdu"),
    ("公寓", "gongyu"),
    ("村", "cun"),
    ("路", "lu"),
    ("东路", "donglu"),
    ("西路", "xilu"),
    ("北街", "beijie"),
    ("南街", "nanjie"),
]
ORDINALS = ["", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

DISTRICTS = [
    ("临川区", "lc", ["人民路", "滨江", "鼓楼", "文昌", "柳荫", "望江", "城关", "新华", "东门", "西关"]),
    ("青阳区", "qy", ["青阳", "南湖", "北苑", "凤鸣", "金桥", "玉泉", "长乐", "梧桐", "书院", "石桥"]),
    ("东湖区", "dh", ["东湖", "月湖", "星河", "晨曦", "春晖", "秋实", "荷塘", "翠竹", "紫薇", "丹桂"]),
    (
        "云溪县",
        "yx",
        ["云溪镇", "龙泉镇", "虎山镇", "鹤岭乡", "燕归镇", "上塘镇", "下沙镇", "清风乡", "明月镇", "碧水乡"],
    ),
    ("高新区", "gx", ["科创", "智谷", "创业", "软件园", "光谷", "未来城", "湖畔", "学府", "锦绣", "嘉禾"]),
]

SUMMARIES = [
    "老旧小区改造后焕然一新，楼道整洁、停车有序",
    "单位老宿舍区，老年居民多，邻里守望的传统保持至今",
    "沿江新建商品房小区，年轻家庭多，志愿服务坚持多年",
    "城乡结合部社区，外来务工人员集中，便民服务覆盖到每一栋楼",
    "历史街区里的社区，老手艺和老街坊都在，文化活动丰富",
    "拆迁安置小区，从“村民”到“居民”，环境和习惯一起变",
    "学校周边社区，家长志愿者护学岗坚持了五年",
    "商住混合社区，沿街商户参与“门前三包”",
    "新建小区，业委会、物业和社区三方协商机制运转顺畅",
    "镇区老街社区，集市、河道和老屋是日常工作的重点",
]
FACILITIES = [
    "党群服务中心",
    "市民学校",
    "图书室",
    "老年食堂",
    "日间照料中心",
    "婴幼儿托育点",
    "新时代文明实践站",
    "健身广场",
    "口袋公园",
    "电动自行车集中充电棚",
    "快递驿站",
    "心理咨询室",
    "法律服务工作室",
    "调解室",
    "儿童之家",
    "残疾人康复站",
    "便民维修点",
    "共享菜园",
    "垃圾分类示范点",
    "志愿服务站",
    "退役军人服务站",
    "妇女之家",
    "篮球场",
]
TEAM_NAMES = {
    "文体": [
        "广场舞队",
        "太极拳队",
        "合唱团",
        "腰鼓队",
        "书画社",
        "乒乓球队",
        "戏曲票友会",
        "跑团",
        "亲子读书会",
        "象棋协会",
    ],
    "志愿服务": [
        "巡逻队",
        "红袖标治安队",
        "环保志愿队",
        "助老服务队",
        "护学岗",
        "垃圾分类督导队",
        "楼道长队伍",
        "河道巡护队",
        "义剪队",
        "应急救援队",
    ],
    "其他": ["业委会联络组", "物业协调小组", "乡贤议事会", "居民议事会", "商户联盟"],
}
HONOR_TITLES = [
    ("{city}文明社区", "市级", "{city}精神文明建设委员会"),
    ("{district}文明社区", "区级", "{district}精神文明建设委员会"),
    ("全国文明单位", "国家级", "中央精神文明建设指导委员会"),
    ("全国民主法治示范社区", "国家级", "司法部、民政部"),
    ("省级文明社区", "省级", "省精神文明建设委员会"),
    ("省级绿色社区", "省级", "省住房和城乡建设厅"),
    ("{city}绿色社区", "市级", "{city}生态环境局"),
    ("{city}平安社区", "市级", "{city}平安建设领导小组"),
    ("{district}卫生先进社区", "区级", "{district}爱国卫生运动委员会"),
    ("{district}志愿服务先进集体", "区级", "{district}志愿服务联合会"),
    ("{street}街道先进党组织", "街道级", "{street}街道党工委"),
    ("{street}街道环境整治先进单位", "街道级", "{street}街道办事处"),
]
REVOKE_REASONS = [
    "年度复查中居民总体满意度低于60%，经公示后撤销称号",
    "辖区一处群租房发生火情，暴露出消防隐患排查和出租房管理不到位",
    "督查发现整改台账弄虚作假，经核实后撤销称号",
    "发生重大安全责任事故，按规定撤销称号并收回奖牌",
]
ACHIEVEMENT_TITLES = {
    "宣传教育": ["文明家庭故事分享会", "反诈宣传进楼栋", "民法典宣讲", "移风易俗倡议活动", "家风家训展"],
    "志愿服务": ["学雷锋志愿服务日", "独居老人结对探访", "助老义剪", "河道巡护", "暑期护学岗"],
    "环境整治": ["楼道杂物清理", "背街小巷集中整治", "植树节补植", "垃圾分类桶站改造", "飞线充电排查"],
    "文体活动": ["邻里节", "广场舞展演", "重阳节百家宴", "少儿书画比赛", "社区运动会"],
    "平安建设": ["消防应急演练", "电动自行车充电棚投用", "治安巡逻夜查", "防汛演练", "燃气安全入户检查"],
    "便民服务": ["家电义诊", "老年食堂开业", "托育点开放日", "医保政策咨询", "便民维修日"],
    "党建引领": ["党员亮身份进楼栋", "主题党日", "在职党员报到", "红色物业签约", "党群议事会"],
    "其他": ["居民议事会", "业委会换届", "社区规划工作坊", "外卖骑手服务站揭牌"],
}
ACHIEVEMENT_SUMMARIES = [
    "居民自带菜品两百余道，老人和孩子最开心。",
    "清理楼道杂物三十余车，消除消防隐患十二处。",
    "志愿者分组入户，建立一户一档服务台账。",
    "邀请派出所民警现场讲解，发放宣传册五百余份。",
    "新建充电口一百六十个，地下车库电动车停放清零。",
    "补植樱花和垂柳一百二十株，认养到户并挂牌管理。",
    "参加居民填写意见卡八十余张，梳理出问题十七条。",
]
RECT_LOCATIONS = [
    "3号楼楼道",
    "地下车库B区",
    "小区东门",
    "背街小巷",
    "垃圾分类桶站",
    "口袋公园",
    "沿街商铺",
    "老旧楼院",
    "菜市场周边",
    "河道沿岸",
]
RECT_ISSUES = [
    "电动自行车在楼道内充电",
    "楼道堆放杂物",
    "垃圾桶满溢未及时清运",
    "公益广告破损褪色",
    "占道经营",
    "乱贴小广告",
    "消防通道被私家车占用",
    "绿地被私自开垦种菜",
    "路灯损坏",
    "井盖缺失",
    "宣传栏内容过期",
    "健身器材破损",
]
RECT_RESPONSES = [
    "已清理完毕，纳入楼道长日常巡查。",
    "已协调物业更换，群众满意。",
    "已约谈商户并签订门前三包责任书。",
    "已增设提示牌和隔离桩。",
    "已完成维修，经复查合格后销号。",
]

# Narrative phrase pools. Placeholders: {name} {street} {district} {team} {team2} {vteam}
# (a volunteer team) {place} {group} {n} {m} {k} {year} {facility}.
OPENINGS = [
    "{name}位于{district}{street}街道，{year}年建成，共有{buildings}栋住宅楼，常住人口约{population}人。",
    "{name}隶属{street}街道，辖区面积不大，却住着{households}户人家，是典型的{kind}社区。",
    "{name}始建于{year}年，是{street}街道最早的一批社区之一，现有居民{households}户、{population}人。",
]
KINDS = ["老旧小区", "单位宿舍区", "商品房", "拆迁安置", "商住混合", "城乡结合部"]
OVERVIEW = [
    "社区两委班子{m}人，平均年龄不到四十岁，网格员分片包楼，做到小事不出楼栋、大事不出社区。",
    "辖区内有中小学{m}所、农贸市场一处，早晚高峰人流车流集中，秩序维护压力较大。",
    "六十岁以上老人约占三成，独居和空巢老人{k}人，社区为每位老人建立了联系卡。",
    "外来务工人员和新就业群体较多，社区在{place}设立了歇脚点，提供饮水、充电和应急药品。",
    "近年来完成了老旧小区改造，加装电梯{m}部，新增停车位{n}个，雨污分流全面完成。",
    "物业服务由一家企业统一提供，业委会运转正常，每季度召开一次三方协调会。",
    "社区依托{facility}开展日常服务，工作日全天开放，周末由志愿者轮流值守。",
    "辖区共驻共建单位{m}家，机关、学校和企业的在职党员定期到社区报到服务。",
]
FEATURES = [
    "“{team}”由居民自发组建，每周固定活动，{year}年以来累计服务{n}余人次。",
    "针对{group}多的特点，社区把服务送到家门口，{facility}的使用率逐年提高。",
    "社区推行“楼道长”制度，每栋楼推选一名热心居民，及时收集和反映{group}的诉求。",
    "{vteam}和{team2}联合开展{place}整治，清理卫生死角，劝导不文明行为，环境明显改观。",
    "每月第一个周六是社区的“清洁日”，党员、志愿者和居民一起动手，对{place}进行集中清理。",
    "社区设立“时间银行”，志愿者的服务时长可以兑换理发、维修等便民服务，参与者已超过{n}人。",
    "社区开设“四点半课堂”，由退休教师和大学生志愿者辅导孩子作业，解决双职工家庭的后顾之忧。",
    "为方便{group}办事，社区推出延时服务和预约上门，能在社区办的事一次办好。",
    "社区建立居民议事会，停车收费、电梯加装、垃圾桶站选址等事项都先听居民意见再定。",
    "{vteam}坚持夜间巡逻，重点关注{place}和独居老人住所，辖区可防性案件连续{m}年下降。",
    "垃圾分类实行桶边督导，督导员早晚各值守两小时，分类准确率从不到一半提高到九成以上。",
    "社区与辖区医院签约，家庭医生每月到{facility}坐诊，为慢性病老人测血压、调药方。",
    "“邻里节”已连续举办{m}届，百家宴、二手集市和亲子游园吸引了{n}多名居民参加。",
    "社区文化墙由居民共同设计，记录了社区从平房到楼房的变迁，成为孩子们了解家乡的课堂。",
]
VOICES = [
    "住在这里二十多年的老党员说：“楼道亮了，路也平了，邻居之间走动得更勤了。”",
    "一位年轻妈妈说，托育点就在楼下，上班前把孩子送过去，心里踏实。",
    "居民们说，过去反映问题不知道找谁，现在网格员的电话就贴在单元门口。",
    "{group}代表在议事会上提出的建议，有一大半已经落实。",
    "志愿者说，做志愿服务不图什么，看到小区一天天变好就高兴。",
]
PLANS = [
    "下一步，社区将继续推进{place}的改造，争取在年底前完成。",
    "社区计划扩大{team}的规模，吸引更多年轻人加入志愿服务。",
    "针对测评中发现的短板，社区已制定整改清单，明确责任人和完成时限。",
    "社区将进一步完善居民公约，把文明养成融入日常生活。",
    "明年社区打算在{facility}增设老年助餐点，让老人吃上热乎饭。",
]
PLACES = [
    "楼道",
    "背街小巷",
    "小区广场",
    "口袋公园",
    "地下车库",
    "老旧楼院",
    "河道沿岸",
    "菜市场周边",
    "健身步道",
    "学校门口",
]
GROUPS = ["独居老人", "双职工家庭", "外来务工人员", "青少年", "新就业群体", "残疾人家庭", "退役军人", "新市民"]

POLICY_TEXT = """## 第一章 总则

**第一条** 为深化群众性精神文明创建活动，规范文明社区的创建、测评和动态管理，制定本办法。

**第二条** 文明社区创建坚持居民主体、公开透明、动态管理的原则，创建成果接受群众监督。

## 第二章 测评与公示

**第三条** 文明社区测评依据公开的测评体系逐项计分，测评结果应当公示，公示期不少于5个工作日。

**第四条** 对发生严重问题的文明社区，经审定后撤销其称号，撤销决定应当公示。
"""


# -- YAML writing -------------------------------------------------------------------

_CJK_START = re.compile(r"^[\u4e00-\u9fff“《（]")


def q(text: str) -> str:
    """A YAML scalar for ``text``: plain when an editor would write it plain and it is
    unambiguous text, else double-quoted (JSON strings are valid YAML)."""
    if _CJK_START.match(text) and ": " not in text and " #" not in text and not text.endswith(":"):
        return text
    return json.dumps(text, ensure_ascii=False)


def flow_map(items: dict) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in items.items()) + "}"


# -- generation ---------------------------------------------------------------------


@dataclass
class CommunityInfo:
    slug: str
    name: str
    district: str
    district_code: str
    street: str


def community_names(n: int, rng: random.Random) -> list[tuple[str, str]]:
    """N unique (name, slug) pairs."""
    combos = [(p + s, f"{pp}-{sp}") for p, pp in PREFIXES for s, sp in SUFFIXES]
    rng.shuffle(combos)
    out: list[tuple[str, str]] = []
    round_ = 0
    while len(out) < n:
        ordinal = ORDINALS[round_ % len(ORDINALS)] if round_ < len(ORDINALS) else str(round_ + 1)
        for base, slug in combos:
            if len(out) >= n:
                break
            if round_ == 0:
                out.append((f"{base}社区", slug))
            else:
                out.append((f"{base}第{ordinal}社区", f"{slug}-{round_ + 1}"))
        round_ += 1
    return out


def rand_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def fill(template: str, ctx: dict, rng: random.Random) -> str:
    values = dict(ctx)
    values.setdefault("place", rng.choice(PLACES))
    values.setdefault("group", rng.choice(GROUPS))
    values["n"] = rng.choice([120, 300, 460, 800, 1200, 2600, 3500])
    values["m"] = rng.randint(2, 9)
    values["k"] = rng.randint(20, 300)
    return template.format(**values)


def cjk_len(text: str) -> int:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


def narrative(info: CommunityInfo, profile: dict, teams: list[str], rng: random.Random) -> str:
    target = rng.randint(400, 800)
    ctx = {
        "name": info.name,
        "street": info.street,
        "district": info.district,
        "year": profile["founded"],
        "buildings": profile["buildings"],
        "population": profile["population"],
        "households": profile["households"],
        "kind": rng.choice(KINDS),
        "team": teams[0] if teams else "志愿服务队",
        "team2": teams[-1] if teams else "巡逻队",
        "vteam": next((t for t in teams if t in TEAM_NAMES["志愿服务"]), "志愿服务队"),
        "facility": rng.choice(profile["facilities"]),
    }
    sections: list[tuple[str, list[str], list[str]]] = [
        ("社区概况", [fill(rng.choice(OPENINGS), ctx, rng)], rng.sample(OVERVIEW, len(OVERVIEW))),
        ("特色工作", [], rng.sample(FEATURES, len(FEATURES))),
        (rng.choice(["居民心声", "群众评价", "邻里说"]), [], rng.sample(VOICES, len(VOICES))),
        (rng.choice(["下一步打算", "努力方向", "工作计划"]), [], rng.sample(PLANS, len(PLANS))),
    ]
    # Fill sections round-robin (features twice as fast) until the target length.
    total = sum(cjk_len(s) for _, first, _ in sections for s in first)
    weights = [2, 4, 1, 1]
    progress = True
    while total < target and progress:
        progress = False
        for (_, sentences, pool), weight in zip(sections, weights, strict=True):
            for _ in range(weight):
                if pool and total < target:
                    sentence = fill(pool.pop(), ctx, rng)
                    sentences.append(sentence)
                    total += cjk_len(sentence)
                    progress = True
    parts = []
    for title, sentences, _ in sections:
        if not sentences:
            continue
        parts.append(f"## {title}\n")
        # Two or three sentences per paragraph; sometimes a list for the features.
        if title == "特色工作" and len(sentences) >= 3 and rng.random() < 0.3:
            parts.append("\n".join(f"- {s}" for s in sentences) + "\n")
            continue
        paragraph: list[str] = []
        for s in sentences:
            paragraph.append(s)
            if len(paragraph) >= rng.randint(2, 3):
                parts.append("".join(paragraph) + "\n")
                paragraph = []
        if paragraph:
            parts.append("".join(paragraph) + "\n")
    return "\n".join(parts)


def profile_markdown(info: CommunityInfo, rng: random.Random, city: str) -> str:
    founded = rng.randint(1956, 2020)
    households = rng.randint(300, 6000)
    profile = {
        "founded": founded,
        "households": households,
        "population": int(households * rng.uniform(2.3, 3.1)),
        "buildings": rng.randint(6, 80),
        "facilities": rng.sample(FACILITIES, rng.randint(3, 7)),
    }
    lines = ["---", f"name: {q(info.name)}", f"district: {q(info.district)}", f"street: {q(info.street + '街道')}"]
    lines.append(f"summary: {q(rng.choice(SUMMARIES))}")
    if rng.random() < 0.9:
        lines.append(f"area_km2: {rng.randint(8, 420) / 100}")
    lines += [
        f"households: {profile['households']}",
        f"population: {profile['population']}",
        f"buildings: {profile['buildings']}",
        f"founded: {founded}",
        "facilities:",
        *[f"  - {q(f)}" for f in profile["facilities"]],
    ]
    team_names: list[str] = []
    teams = []
    for kind in rng.sample(["文体", "文体", "志愿服务", "志愿服务", "其他"], rng.randint(2, 5)):
        name = rng.choice(TEAM_NAMES[kind])
        if name in team_names:
            continue
        team_names.append(name)
        fields = {"name": q(name), "kind": kind}
        if rng.random() < 0.85:
            fields["members"] = rng.randint(5, 200)
        teams.append(fields)
    lines.append("teams:")
    lines += [f"  - {flow_map(t)}" for t in teams]
    lines += [
        "contact:",
        f"  address: {q(f'{info.district}{info.street}街道{rng.choice(PLACES[:3])}{rng.randint(1, 399)}号')}",
        f'  phone: "0600-6{rng.randint(100, 999)} {rng.randint(1000, 9999)}"',
        f"  email: {info.slug}@{info.district_code}.example",
        f"  hours: {q(rng.choice(['工作日 9:00—18:00', '工作日 8:30—17:30，周六上午值班', '周一至周六 9:00—17:00']))}",
    ]
    honors = rng.sample(HONOR_TITLES, rng.randint(0, 4))
    if honors:
        lines.append("honors:")
        revoke_index = rng.randrange(len(honors)) if rng.random() < 0.12 else -1
        for i, (title, level, issuer) in enumerate(honors):
            subst = {"city": city, "district": info.district, "street": info.street}
            year = rng.randint(2012, 2026)
            lines += [
                f"  - title: {q(title.format(**subst))}",
                f"    level: {level}",
                f"    year: {year}",
                f"    issuer: {q(issuer.format(**subst))}",
            ]
            if i == revoke_index:
                revoked = rand_date(rng, dt.date(max(year, 2020), 1, 1), dt.date(2026, 11, 20))
                lines += [
                    "    revoked:",
                    f"      date: {revoked.isoformat()}",
                    f"      reason: {q(rng.choice(REVOKE_REASONS))}",
                ]
    lines.append("---")
    return "\n".join(lines) + "\n\n" + narrative(info, profile, team_names, rng)


def achievements_yaml(rng: random.Random) -> str:
    lines = []
    dates = sorted(rand_date(rng, dt.date(2024, 1, 1), dt.date(2026, 11, 20)) for _ in range(rng.randint(3, 6)))
    for d in dates:
        category = rng.choice(list(ACHIEVEMENT_TITLES))
        lines += [
            f"- date: {d.isoformat()}",
            f"  title: {q(rng.choice(ACHIEVEMENT_TITLES[category]))}",
            f"  category: {category}",
        ]
        if rng.random() < 0.8:
            lines.append(f"  participants: {rng.randint(10, 800)}")
        if rng.random() < 0.6:
            lines.append(f"  summary: {q(rng.choice(ACHIEVEMENT_SUMMARIES))}")
    return "\n".join(lines) + "\n"


def rectifications_yaml(info: CommunityInfo, rng: random.Random) -> str:
    lines = []
    prefix = info.slug.split("-")[0][:4].upper()
    for i in range(rng.randint(2, 5)):
        found = rand_date(rng, dt.date(2025, 1, 1), dt.date(2026, 11, 15))
        deadline = found + dt.timedelta(days=rng.randint(3, 90))
        lines += [
            f'- id: "{prefix}-{found.year}-{i + 1:02d}"',
            f"  found: {found.isoformat()}",
            f"  source: {rng.choice(['督查', '暗访', '测评', '群众反映', '自查'])}",
            f"  location: {q(rng.choice(RECT_LOCATIONS))}",
            f"  issue: {q(rng.choice(RECT_ISSUES))}",
            f"  deadline: {deadline.isoformat()}",
        ]
        outcome = rng.random()
        if outcome < 0.6:  # closed, on time or late
            late = rng.random() < 0.25
            closed = deadline + dt.timedelta(days=rng.randint(1, 40)) if late else rand_date(rng, found, deadline)
            if closed <= BUILD_DATE:
                lines.append(f"  closed: {closed.isoformat()}")
                if rng.random() < 0.7:
                    lines.append(f"  response: {q(rng.choice(RECT_RESPONSES))}")
        # otherwise open or overdue, depending on the build date
    return "\n".join(lines) + "\n"


@dataclass
class FrameworkInfo:
    id: str
    content_ids: list[str]
    states: list[str]
    special_max: float
    vetoes: list[str]


def read_frameworks(folder: Path) -> list[FrameworkInfo]:
    """Content ids, states and vetoes of each framework, as written (BaseLoader: all text)."""
    out = []
    for path in sorted(folder.glob("*.yml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        ids = [
            str(content["id"])
            for item in data["items"]
            for indicator in item["indicators"]
            for content in indicator["contents"]
        ]
        out.append(
            FrameworkInfo(
                id=data["id"],
                content_ids=ids,
                states=list(data["states"]),
                special_max=float(data.get("special_max", 0)),
                vetoes=[v["id"] for v in data.get("vetoes", []) or []],
            )
        )
    return out


def evaluation_yaml(info: CommunityInfo, fw: FrameworkInfo, rng: random.Random) -> str:
    date = rand_date(rng, dt.date(2026, 9, 1), dt.date(2026, 11, 10))
    # Mostly the best state, a few lower ones: realistic score spread.
    weights = [8, 3, 1, 0.5][: len(fw.states)] + [0.5] * max(0, len(fw.states) - 4)
    lines = [
        f"framework: {fw.id}",
        f"date: {date.isoformat()}",
        f"evaluator: {q(info.district + '文明办')}",
        "states:",
    ]
    lines += [f"  {json.dumps(cid)}: {q(rng.choices(fw.states, weights)[0])}" for cid in fw.content_ids]
    if rng.random() < 0.4:
        cid = rng.choice(fw.content_ids)
        lines += [
            "notes:",
            f"  {json.dumps(cid)}: {q(rng.choice(['居民满意度82%', '台账资料不全', '现场检查发现问题已整改']))}",
        ]
    if fw.special_max > 0 and rng.random() < 0.6:
        points = rng.choice(["0.5", "1", "1.5", "2", "3"])
        lines += [
            "special:",
            f"  - {{title: {q(rng.choice(['时间银行志愿服务', '江岸生态巡护', '老年助餐', '四点半课堂']))}, points: {points}}}",
        ]
    if fw.vetoes and rng.random() < 0.03:
        lines.append(f"vetoes: [{rng.choice(fw.vetoes)}]")
    return "\n".join(lines) + "\n"


def copy_ordinary_pages(source: Path, content: Path) -> list[str]:
    """Copy the repository's ordinary pages and files (everything outside communities/,
    policies/ and notices/, e.g. pages the nav names), as replacing those three folders
    with another city's set is how the contract says a site is reused. index.md and
    about.md are generated instead."""
    copied = []
    if not source.is_dir():
        return copied
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if not path.is_file() or rel.parts[0] in ("communities", "policies", "notices"):
            continue
        if rel.as_posix() in ("index.md", "about.md"):
            continue
        target = content / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        copied.append(rel.as_posix())
    return copied


def site_pages(content: Path, n: int, city: str) -> None:
    (content / "index.md").write_text(
        f"# {city}文明创建风采展示（基准测试数据）\n\n"
        f"本站为自动生成的测试数据，共{n}个社区，分布在5个区（县）的50个街道（乡镇）。"
        "社区名称、人员和数据均为虚构。\n\n"
        "- **测评得分**：按公开的测评体系逐项计分；\n"
        "- **公示公告**：公示期内集中展示，写明反映意见的渠道；\n"
        "- **整改台账**：哪些已经销号、哪些正在整改、哪些已经逾期，一目了然。\n",
        encoding="utf-8",
    )
    (content / "about.md").write_text(
        "# 关于本站\n\n本站内容由 `scripts/gen_content.py` 生成，用于测量构建时间和页面大小。\n\n"
        "## 联系我们\n\n如发现信息有误，请发送电子邮件至 wmb@bench.example。\n",
        encoding="utf-8",
    )


def policies_and_notices(content: Path, infos: list[CommunityInfo], city: str, rng: random.Random) -> None:
    policies = content / "policies"
    policies.mkdir(parents=True, exist_ok=True)
    (policies / "wenming-shequ-banfa-2019.md").write_text(
        "---\n"
        f"title: {city}文明社区建设管理办法（试行）\n"
        f"issuer: {city}精神文明建设委员会\n"
        "issued: 2019-03-12\n"
        'doc_number: "青文明委〔2019〕5号"\n'
        "effective: 2019-04-01\n"
        "repealed: 2025-01-01\n"
        "tags: [文明社区, 管理办法]\n"
        "---\n\n本办法已于2025年1月1日废止，以下为原文要点，仅供查阅。\n\n" + POLICY_TEXT,
        encoding="utf-8",
    )
    (policies / "wenming-shequ-banfa-2024.md").write_text(
        "---\n"
        f"title: {city}文明社区建设管理办法\n"
        f"issuer: {city}精神文明建设委员会\n"
        "issued: 2024-11-20\n"
        'doc_number: "青文明委〔2024〕3号"\n'
        "effective: 2025-01-01\n"
        "supersedes: [wenming-shequ-banfa-2019]\n"
        "tags: [文明社区, 管理办法, 测评体系, 公示]\n"
        "---\n\n" + POLICY_TEXT,
        encoding="utf-8",
    )
    notices = content / "notices"
    notices.mkdir(parents=True, exist_ok=True)
    open_subjects = rng.sample(infos, min(8, len(infos)))
    closed_subjects = rng.sample(infos, min(20, len(infos)))
    # Open on the build date (2026-11-23).
    (notices / "2026-wenming-shequ-tuijian.md").write_text(
        "---\n"
        f"title: 2026年度{city}文明社区推荐名单公示\n"
        "kind: 推荐名单\n"
        f"issuer: {city}精神文明建设委员会办公室\n"
        "start: 2026-11-18\n"
        "end: 2026-11-27\n"
        "subjects:\n" + "".join(f"  - {i.slug}\n" for i in open_subjects) + "channels:\n"
        '  phone: "0600-6800 1234"\n'
        "  email: wmb@bench.example\n"
        f"  address: {city}人民路100号文明办302室\n"
        "  hours: 工作日 9:00—12:00，14:00—17:30\n"
        "---\n\n"
        "经各区（县）推荐、市文明办组织测评，拟推荐以下社区为文明社区，现予公示：\n\n"
        + "".join(f"- {i.name}（{i.district}{i.street}街道）\n" for i in open_subjects)
        + "\n公示期内如有异议，请通过上述渠道反映。\n",
        encoding="utf-8",
    )
    # Closed, with a result.
    (notices / "2026-cepingjieguo.md").write_text(
        "---\n"
        f"title: 2026年度{city}文明社区测评结果公示\n"
        "kind: 测评结果\n"
        f"issuer: {city}精神文明建设委员会办公室\n"
        "start: 2026-10-26\n"
        "end: 2026-10-30\n"
        "subjects:\n" + "".join(f"  - {i.slug}\n" for i in closed_subjects) + "channels:\n"
        '  phone: "0600-6800 1234"\n'
        "  email: wmb@bench.example\n"
        "result: 公示期内收到异议2件，经复核均不成立，测评结果维持不变。\n"
        "---\n\n"
        "| 社区 | 区（县） | 街道 |\n|---|---|---|\n"
        + "".join(f"| {i.name} | {i.district} | {i.street}街道 |\n" for i in closed_subjects),
        encoding="utf-8",
    )


def generate(n: int, out_dir: Path | str, seed: int = 1, frameworks_dir: Path | None = FRAMEWORKS_DIR) -> Path:
    """Write ``out_dir/content`` with N communities; return the content folder."""
    rng = random.Random(seed)
    content = Path(out_dir) / "content"
    if content.exists() and any(content.iterdir()):
        raise SystemExit(f"{content} exists and is not empty; choose another OUT_DIR")
    content.mkdir(parents=True, exist_ok=True)
    city = "青州市"

    frameworks: list[FrameworkInfo] = []
    if frameworks_dir is not None and frameworks_dir.is_dir() and any(frameworks_dir.glob("*.yml")):
        target = content / "policies" / "frameworks"
        target.mkdir(parents=True, exist_ok=True)
        for path in sorted(frameworks_dir.glob("*.yml")):
            shutil.copy2(path, target / path.name)
        frameworks = read_frameworks(target)

    infos = []
    for name, slug in community_names(n, rng):
        district, code, streets = rng.choice(DISTRICTS)
        infos.append(CommunityInfo(slug, name, district, code, rng.choice(streets)))

    for info in infos:
        folder = content / "communities" / info.slug
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(profile_markdown(info, rng, city), encoding="utf-8")
        (folder / "achievements.yml").write_text(achievements_yaml(rng), encoding="utf-8")
        (folder / "rectifications.yml").write_text(rectifications_yaml(info, rng), encoding="utf-8")
        if frameworks and rng.random() < 0.8:
            (folder / "evaluations").mkdir()
            fw = rng.choice(frameworks)
            (folder / "evaluations" / "2026.yml").write_text(evaluation_yaml(info, fw, rng), encoding="utf-8")

    copy_ordinary_pages(REPO_CONTENT, content)
    site_pages(content, n, city)
    policies_and_notices(content, infos, city, rng)
    return content


def check(content: Path) -> float:
    """Validate with the project's loader; return the seconds it took. Exits on errors."""
    sys.path.insert(0, str(ROOT))
    from showcase.errors import ContentInvalid
    from showcase.loader import count_files, load_site

    start = time.perf_counter()
    try:
        site = load_site(content)
    except ContentInvalid as exc:
        print(exc, file=sys.stderr)
        raise SystemExit(1) from None
    seconds = time.perf_counter() - start
    print(f"valid: {dict(count_files(site))} ({seconds:.2f} s)")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of communities")
    parser.add_argument("out_dir", type=Path, help="writes OUT_DIR/content")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", action="store_true", help="validate with showcase.loader.load_site")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    start = time.perf_counter()
    content = generate(args.n, args.out_dir, args.seed)
    print(f"wrote {args.n} communities to {content} in {time.perf_counter() - start:.1f} s")
    if args.check:
        check(content)
    return 0


if __name__ == "__main__":
    sys.exit(main())
