#!/usr/bin/env python3
"""Generate a synthetic, contract-valid content folder of N communities (for benchmarks).

    python scripts/gen_content.py N OUT_DIR [--seed S] [--check]

writes ``OUT_DIR/content/`` following /work/shared/CONTENT-SPEC.md, shaped like a real
city's content so that build times, page sizes and the search index are realistic:

- **A city**: about N/100 districts (区/县; at least 3, at most 60), each with streets
  (街道/镇/乡; about 5–15 per district at N = 1,000, more per district once the number
  of districts is capped), all with distinct Chinese names. Communities are spread over
  the streets unevenly, as in a real city.
- **N communities** (``communities/<slug>/index.md``): unique, realistic names
  (望湖西里社区, 柳桥南苑社区, 王家庄村, 南门外社区; up to a quarter are villages, 村,
  mostly in the towns and townships of the outer districts, the counties) with unique pinyin slugs; front matter with most
  optional fields (figures, facilities, teams, contact, honours, some revoked); a
  Chinese narrative of 3–6 KB (UTF-8 bytes of the body, median about 4.7 KB) with
  ``##``/``###`` headings, paragraphs, bullet and numbered lists and a Markdown table
  (activities of the year, sometimes key figures too), composed from varied sentence
  pools with placeholders (people, teams, facilities, roads, units, numbers, dates), so
  that the text is not trivially repeated. No photos.
- ``achievements.yml`` with 2–8 records; ``rectifications.yml`` with 0–6 entries (no file
  for 0) whose status on the benchmark's build date (2026-11-23) is closed on time,
  closed late, open or overdue.
- **Evaluations**: the repository's frameworks (``content/policies/frameworks/*.yml``)
  are copied. Evaluations use a framework with 42 contents: the repository's when it
  has one, else a contract-valid framework the generator writes itself
  (``policies/frameworks/bench-42.yml``: 6 items, 14 indicators, 42 contents, points
  summing to ``basic_total``). About 80 % of communities are evaluated: 2025 and 2026
  (``evaluations/<year>.yml``) for about 45 % of those, 2026 alone for 45 %, 2025 alone
  for 10 %; every content id exactly once, states spread by a per-community quality,
  notes on some contents, special points on many (sometimes above the cap), a rare veto.
- **Policies**: the two city policies of the demo set (2019, repealed, and 2024, which
  supersedes it) plus two more city rules and one implementing rule per district.
- **Notices**: about one per 50 communities (at least 2) of every kind, subjects that
  exist (a city list, a district's list, a street's, one community), dates before,
  around and after the build date; closed ones mostly with a result.
- ``index.md`` and ``about.md``, plus a copy of the repository's other ordinary pages
  outside communities/, policies/ and notices/ (the nav may name them).

The output is deterministic for a given N and seed (``FastRandom``: a seeded
``random.Random`` with cheaper draws). 10,000 communities take about 15 s of CPU, plus
the file system's time for about 45,000 files.

``--check`` validates the result with ``showcase.loader.load_site`` on the build date
2026-11-23 (so the date rules are checked too).

Used as a module: ``generate(n, out_dir, seed=1, frameworks_dir=...) -> Path`` (the
content folder).
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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REPO_CONTENT = ROOT / "content"
FRAMEWORKS_DIR = REPO_CONTENT / "policies" / "frameworks"
BUILD_DATE = dt.date(2026, 11, 23)  # the date the benchmark builds with (SHOWCASE_DATE)
CITY = "青州市"
CITY_ABBR = "青"  # for document numbers: 青文明委〔2024〕3号
CONTENTS_WANTED = 42  # evaluations use a framework with this many contents

# Body size of a community's narrative, in UTF-8 bytes: a target drawn from
# triangular(low, high, mode), filled with whole paragraphs up to it (so never above
# ``high``, median about 4,750), then topped up to at least BODY_MIN.
BODY_TARGET = (3_300, 5_900, 5_200)
BODY_MIN = 3_100


def pairs(text: str) -> list[tuple[str, str]]:
    """``"东:dong 西:xi"`` → [("东", "dong"), ("西", "xi")]."""
    return [tuple(word.split(":")) for word in text.split()]  # type: ignore[misc]


def lines(text: str) -> list[str]:
    """One entry per non-empty line."""
    return [line.strip() for line in text.strip().splitlines() if line.strip()]


# -- geography and names -------------------------------------------------------------

DISTRICT_STEMS = pairs(
    """
    临川:linchuan 青阳:qingyang 东湖:donghu 云溪:yunxi 江北:jiangbei 河西:hexi 城南:chengnan
    南山:nanshan 北塘:beitang 西岭:xiling 龙湾:longwan 凤台:fengtai 金水:jinshui 玉山:yushan
    石城:shicheng 清江:qingjiang 丰泽:fengze 安平:anping 永宁:yongning 和平:heping 兴华:xinghua
    太白:taibai 双桥:shuangqiao 三河:sanhe 柳江:liujiang 松原:songyuan 桃源:taoyuan 梅岭:meiling
    槐荫:huaiyin 白沙:baisha 黄石:huangshi 红山:hongshan 碧湖:bihu 翠屏:cuiping 紫金:zijin
    宝塔:baota 文峰:wenfeng 武陵:wuling 平江:pingjiang 临湖:linhu 望城:wangcheng 滨海:binhai
    沙河:shahe 锦江:jinjiang 龙泉:longquan 华阳:huayang 鹤山:heshan 莲湖:lianhu 雁塔:yanta
    秀水:xiushui 嘉陵:jialing 广陵:guangling 泰和:taihe 崇文:chongwen 宣德:xuande 恒山:hengshan
    新安:xinan 盘石:panshi 芙蓉:furong 天宁:tianning 兰溪:lanxi 清河:qinghe 丹阳:danyang
    金沙:jinsha 明湖:minghu 苍梧:cangwu 浦阳:puyang 云台:yuntai 太平:taiping 万福:wanfu
    白云:baiyun 瑞安:ruian 灵川:lingchuan 东阳:dongyang 南城:nancheng 北辰:beichen 青石:qingshi
    """
)
MAX_DISTRICTS = 60

# Place-name stems: a modifier and a place noun (东关, 柳桥, 望湖, 石门…).
MODIFIERS = pairs(
    """
    东:dong 西:xi 南:nan 北:bei 中:zhong 上:shang 下:xia 前:qian 后:hou 新:xin 老:lao 大:da
    小:xiao 高:gao 清:qing 青:qing 白:bai 红:hong 黄:huang 金:jin 银:yin 石:shi 柳:liu 杨:yang
    桃:tao 梅:mei 松:song 槐:huai 枣:zao 杏:xing 榆:yu 桑:sang 竹:zhu 荷:he 芦:lu 凤:feng
    龙:long 马:ma 鹿:lu 鹤:he 燕:yan 雁:yan 安:an 永:yong 太:tai 平:ping 和:he 兴:xing 福:fu
    康:kang 宁:ning 德:de 文:wen 明:ming 光:guang 望:wang 卧:wo 双:shuang 三:san 五:wu 七:qi
    九:jiu 翠:cui 碧:bi 紫:zi 锦:jin 玉:yu 瑞:rui 春:chun 秋:qiu 晓:xiao 月:yue 星:xing
    云:yun 丰:feng 泰:tai 盛:sheng 嘉:jia 莲:lian 兰:lan 枫:feng 桂:gui
    """
)
PLACE_NOUNS = pairs(
    """
    湖:hu 河:he 江:jiang 溪:xi 桥:qiao 门:men 关:guan 坝:ba 台:tai 坡:po 岗:gang 岭:ling
    山:shan 峰:feng 园:yuan 庄:zhuang 营:ying 屯:tun 店:dian 集:ji 港:gang 湾:wan 洲:zhou
    塘:tang 井:jing 泉:quan 林:lin 寺:si 楼:lou 塔:ta 城:cheng 口:kou 堡:bao 滩:tan 渡:du
    亭:ting 坊:fang 峪:yu 沟:gou 铺:pu 阁:ge 池:chi 埠:bu 堤:di 源:yuan 坪:ping 田:tian
    庙:miao 闸:zha 洼:wa 窑:yao
    """
)
# Two-character stems as people name places (kept from the demo set's style).
CURATED_STEMS = pairs(
    """
    槐树:huaishu 柳荫:liuyin 滨江:binjiang 文昌:wenchang 鼓楼:gulou 望江:wangjiang 芦花:luhua
    织锦:zhijin 钟楼:zhonglou 杏林:xinglin 梧桐:wutong 银杏:yinxing 白塔:baita 南湖:nanhu
    北苑:beiyuan 金桥:jinqiao 玉泉:yuquan 永安:yongan 幸福:xingfu 光明:guangming 朝阳:chaoyang
    红旗:hongqi 新华:xinhua 安居:anju 康乐:kangle 明珠:mingzhu 翠竹:cuizhu 荷塘:hetang
    紫薇:ziwei 丹桂:dangui 兰亭:lanting 松柏:songbai 渔港:yugang 茶园:chayuan 书院:shuyuan
    状元:zhuangyuan 瓦窑:wayao 板厂:banchang 纺织:fangzhi 机床:jichuang 电厂:dianchang
    铁路:tielu 粮站:liangzhan 水厂:shuichang 春晖:chunhui 秋实:qiushi 晨曦:chenxi 锦绣:jinxiu
    怡景:yijing 嘉禾:jiahe 凤鸣:fengming 燕归:yangui 星河:xinghe 清风:qingfeng 碧水:bishui
    东坡:dongpo 西湾:xiwan 南门:nanmen 北关:beiguan 上塘:shangtang 胜利:shengli 前进:qianjin
    人民:renmin 建设:jianshe 工农:gongnong 东风:dongfeng 育才:yucai 文化:wenhua 车站:chezhan
    """
)
COMMUNITY_SUFFIXES = [  # (汉字, pinyin, weight)
    ("", "", 10),
    ("里", "li", 6),
    ("东里", "dongli", 4),
    ("西里", "xili", 4),
    ("南里", "nanli", 4),
    ("北里", "beili", 4),
    ("苑", "yuan", 4),
    ("东苑", "dongyuan", 2),
    ("西苑", "xiyuan", 2),
    ("南苑", "nanyuan", 3),
    ("北苑", "beiyuan", 2),
    ("新村", "xincun", 5),
    ("花园", "huayuan", 4),
    ("家园", "jiayuan", 3),
    ("小区", "xiaoqu", 2),
    ("路", "lu", 3),
    ("街", "jie", 3),
    ("东街", "dongjie", 1),
    ("西街", "xijie", 1),
    ("南街", "nanjie", 1),
    ("北街", "beijie", 1),
    ("巷", "xiang", 2),
    ("坊", "fang", 2),
    ("东口", "dongkou", 1),
    ("一区", "yiqu", 1),
    ("二区", "erqu", 1),
    ("雅苑", "yayuan", 1),
    ("馨园", "xinyuan", 1),
    ("新城", "xincheng", 1),
    ("大院", "dayuan", 1),
    ("外", "wai", 2),  # only after 门/关/城: 南门外
]
SUFFIX_WEIGHTS = [w for _, _, w in COMMUNITY_SUFFIXES]
SURNAMES = pairs(
    """
    王:wang 李:li 张:zhang 刘:liu 陈:chen 杨:yang 赵:zhao 黄:huang 周:zhou 吴:wu 徐:xu 孙:sun
    胡:hu 朱:zhu 高:gao 林:lin 何:he 郭:guo 马:ma 罗:luo 梁:liang 宋:song 郑:zheng 谢:xie
    韩:han 唐:tang 冯:feng 于:yu 董:dong 程:cheng 曹:cao 袁:yuan 邓:deng 许:xu 沈:shen
    彭:peng 苏:su 卢:lu 蒋:jiang 蔡:cai 贾:jia 丁:ding 魏:wei 薛:xue 叶:ye 潘:pan 杜:du
    戴:dai 夏:xia 钟:zhong 田:tian 任:ren 姜:jiang 范:fan 方:fang 石:shi 姚:yao 谭:tan 廖:liao
    邹:zou 熊:xiong 陆:lu 郝:hao 孔:kong 白:bai 崔:cui 康:kang 毛:mao 邱:qiu 秦:qin 史:shi
    顾:gu 侯:hou 邵:shao 孟:meng 段:duan 雷:lei 钱:qian 汤:tang 尹:yin 易:yi 常:chang 武:wu
    乔:qiao 贺:he 龚:gong 文:wen
    """
)
VILLAGE_NOUNS = pairs(
    "庄:zhuang 营:ying 屯:tun 湾:wan 洼:wa 坡:po 沟:gou 店:dian 集:ji 岭:ling 寨:zhai 窑:yao 台:tai 塘:tang 坝:ba 峪:yu"
)
VILLAGE_PREFIXES = pairs("东:dong 西:xi 南:nan 北:bei 前:qian 后:hou 上:shang 下:xia 大:da 小:xiao")
GIVEN_NAMES = (
    "建国 秀英 桂兰 志强 丽华 海燕 红梅 国庆 伟 芳 敏 静 磊 洋 勇 军 杰 娟 涛 明 超 秀兰 霞 平 刚 玉兰 "
    "文华 晓东 春生 淑珍 德明 立新 爱民 晓燕 宏伟 永刚 金凤 雪梅 子涵 一鸣 思远 佳怡 浩然 雨桐 晨阳 欣怡 "
    "卫东 长青 凤英 淑芬 建华 振华 文静 海涛 晓峰 丽娟 春梅 志刚 秋菊 冬梅 向阳 学军 利民 玉芬 国华 素琴"
).split()
ELDER_TITLES = "阿姨 大爷 奶奶 师傅 大姐 大哥 叔 婶".split()


# -- things communities have -----------------------------------------------------------

FACILITIES = (
    "党群服务中心 市民学校 图书室 老年食堂 日间照料中心 婴幼儿托育点 新时代文明实践站 健身广场 口袋公园 "
    "电动自行车集中充电棚 快递驿站 心理咨询室 法律服务工作室 人民调解室 儿童之家 残疾人康复站 便民维修点 "
    "共享菜园 垃圾分类示范点 志愿服务站 退役军人服务站 妇女之家 篮球场 乒乓球室 书画室 舞蹈排练厅 "
    "老年活动室 四点半课堂 社区卫生服务站 议事厅 共享工具屋 亲子阅读角 便民理发室 爱心冰箱 户外劳动者驿站"
).split()
VILLAGE_FACILITIES = (
    "党群服务中心 新时代文明实践站 农家书屋 文化广场 村史馆 卫生室 日间照料中心 老年食堂 健身广场 "
    "垃圾分类收集点 便民服务站 村民议事厅 儿童之家 电商服务站 农资超市 篮球场 戏台 积分超市 应急物资储备点"
).split()
TEAM_NAMES = {
    "文体": (
        "广场舞队 太极拳队 合唱团 腰鼓队 书画社 乒乓球队 戏曲票友会 跑团 亲子读书会 象棋协会 夕阳红舞蹈队 "
        "秧歌队 京剧社 摄影协会 葫芦丝队 模特队 健步走队 柔力球队 手工编织社 诗词朗诵社 民乐队 空竹队"
    ).split(),
    "志愿服务": (
        "巡逻队 红袖标治安队 环保志愿队 助老服务队 护学岗 垃圾分类督导队 楼门长队伍 河道巡护队 义剪队 "
        "应急救援队 银龄帮帮团 红马甲志愿服务队 文明劝导队 邻里守望队 便民维修队 心理疏导服务队 "
        "普法志愿队 青年突击队 巾帼志愿队 小手拉大手志愿队"
    ).split(),
    "其他": "业委会联络组 物业协调小组 乡贤议事会 居民议事会 商户联盟 老党员工作室 调解委员会 红白理事会".split(),
}
VILLAGE_ONLY_TEAMS = {"乡贤议事会", "红白理事会"}
SUMMARIES = lines(
    """
    老旧小区改造后焕然一新，楼道整洁、停车有序
    单位老宿舍区，老年居民多，邻里守望的传统保持至今
    沿江新建商品房小区，年轻家庭多，志愿服务坚持多年
    城乡结合部社区，外来务工人员集中，便民服务覆盖到每一栋楼
    历史街区里的社区，老手艺和老街坊都在，文化活动丰富
    拆迁安置小区，从“村民”到“居民”，环境和习惯一起变
    学校周边社区，家长志愿者护学岗坚持了五年
    商住混合社区，沿街商户参与“门前三包”
    新建小区，业委会、物业和社区三方协商机制运转顺畅
    镇区老街社区，集市、河道和老屋是日常工作的重点
    老年人口占比高，助餐、助医和助浴服务送到家门口
    “时间银行”志愿服务坚持多年，存入的服务时长已超过一万小时
    背街小巷整治后变了样，居民自发认养门前的花木
    楼门长和网格员撑起了邻里互助的网
    议事协商成了习惯，停车、加装电梯都是居民一起定
    """
)
VILLAGE_SUMMARIES = lines(
    """
    城郊村，人居环境整治后成了周末游的新去处
    果品专业村，村集体经济逐年壮大，村规民约深入人心
    山区村，留守老人多，邻里互助和移风易俗做得扎实
    积分超市办了三年，村民参与环境整治的热情一直很高
    老村新貌，村史馆和文化广场是村民最爱去的地方
    河道清了，路灯亮了，外出务工的年轻人回来了
    红白理事会定规矩，大操大办少了，邻里和睦了
    """
)
HONOR_TITLES = [
    ("{city}文明社区", "市级", "{city}精神文明建设委员会"),
    ("{district}文明社区", "区级", "{district}精神文明建设委员会"),
    ("全国文明单位", "国家级", "中央精神文明建设指导委员会"),
    ("全国民主法治示范社区", "国家级", "司法部、民政部"),
    ("全国示范性老年友好型社区", "国家级", "国家卫生健康委员会"),
    ("省级文明社区", "省级", "省精神文明建设委员会"),
    ("省级绿色社区", "省级", "省住房和城乡建设厅"),
    ("省级卫生村镇", "省级", "省爱国卫生运动委员会"),
    ("{city}绿色社区", "市级", "{city}生态环境局"),
    ("{city}平安社区", "市级", "{city}平安建设领导小组"),
    ("{city}先进社区居委会", "市级", "{city}民政局"),
    ("{city}体育工作示范社区", "市级", "{city}体育局"),
    ("{district}卫生先进社区", "区级", "{district}爱国卫生运动委员会"),
    ("{district}志愿服务先进集体", "区级", "{district}志愿服务联合会"),
    ("{district}垃圾分类示范社区", "区级", "{district}城市管理委员会"),
    ("{street}先进党组织", "街道级", "{street}党工委"),
    ("{street}环境整治先进单位", "街道级", "{street}办事处"),
    ("{street}平安建设先进集体", "街道级", "{street}综治中心"),
]
REVOKE_REASONS = lines(
    """
    年度复查中居民总体满意度低于60%，经公示后撤销称号
    辖区一处群租房发生火情，暴露出消防隐患排查和出租房管理不到位
    督查发现整改台账弄虚作假，经核实后撤销称号
    发生重大安全责任事故，按规定撤销称号并收回奖牌
    复查中多项测评内容不达标，且限期整改未完成
    """
)
ACTIVITIES = {
    "宣传教育": lines(
        """
        文明家庭故事分享会
        反诈宣传进楼栋
        民法典宣讲
        移风易俗倡议活动
        家风家训展
        垃圾分类知识课堂
        消费维权讲座
        国家安全教育日宣传
        文明养犬宣传
        健康知识讲座
        """
    ),
    "志愿服务": lines(
        """
        学雷锋志愿服务日
        独居老人结对探访
        助老义剪
        河道巡护
        暑期护学岗
        爱心义卖
        家电义诊
        无偿献血服务
        高考护考志愿服务
        冬季扫雪铲冰
        """
    ),
    "环境整治": lines(
        """
        楼道杂物清理
        背街小巷集中整治
        植树节补植
        垃圾分类桶站改造
        飞线充电排查
        小广告清理
        卫生死角清理
        绿地补种
        河道清淤
        废旧自行车清理
        """
    ),
    "文体活动": lines(
        """
        邻里节
        广场舞展演
        重阳节百家宴
        少儿书画比赛
        社区运动会
        春节联欢会
        端午包粽子
        中秋游园会
        夏夜纳凉晚会
        棋类比赛
        """
    ),
    "平安建设": lines(
        """
        消防应急演练
        电动自行车充电棚投用
        治安巡逻夜查
        防汛演练
        燃气安全入户检查
        防范电信诈骗讲座
        出租房屋安全检查
        应急避险演练
        """
    ),
    "便民服务": lines(
        """
        医保政策咨询
        便民维修日
        老年食堂开业
        托育点开放日
        家庭医生签约
        就业招聘会
        法律咨询日
        免费体检
        适老化改造入户评估
        """
    ),
    "党建引领": lines(
        """
        党员亮身份进楼栋
        主题党日
        在职党员报到
        红色物业签约
        党群议事会
        党课进网格
        重温入党誓词
        七一表彰会
        """
    ),
    "其他": lines(
        """
        居民议事会
        业委会换届
        社区规划工作坊
        外卖骑手服务站揭牌
        楼门长培训
        共驻共建联席会
        """
    ),
}
ACTIVITY_CATEGORIES = list(ACTIVITIES)
ACHIEVEMENT_SUMMARIES = lines(
    """
    {res}自带菜品{k}道，老人和孩子最开心。
    清理楼道杂物{m}车，消除消防隐患{k2}处。
    志愿者分{m}组入户，建立一户一档服务台账。
    邀请{unit}现场讲解，发放宣传册{n}份。
    新建充电口{k}个，地下车库电动车停放清零。
    补植樱花和垂柳{k}株，认养到户并挂牌管理。
    参加者填写意见卡{k2}张，梳理出问题{m2}条，已逐条答复。
    {team}义务演出{m}场，现场观众{n}人次。
    {vteam}连续{m}个周末上岗，劝导不文明行为{k}次。
    {unit}派出专业人员{m}名，为{res}提供咨询{k}人次。
    活动在{facility}举行，{group}代表{k2}人参加。
    检查出租房屋{k}间，发现并整改隐患{k2}处。
    {date}启动，持续{m}周，覆盖全部{buildings}栋楼。
    现场签约{k}户，签约率达到{pct}%。
    """
)
PLACES = (
    "楼道 背街小巷 小区广场 口袋公园 地下车库 老旧楼院 河道沿岸 菜市场周边 健身步道 学校门口 公交站台 "
    "自行车棚 垃圾桶站 单元门口 绿化带 快递驿站门口 停车场 小区主干道 沿街商铺门前 配电房周边"
).split()
VILLAGE_PLACES = "村口 文化广场 河塘沿岸 村道两侧 房前屋后 田间地头 集市周边 村委会门前 晒场 果园路".split()
GROUPS = "独居老人 双职工家庭 外来务工人员 青少年 新就业群体 残疾人家庭 退役军人 新市民 高龄老人 困境儿童 快递小哥 低保家庭".split()
VILLAGE_GROUPS = "留守老人 留守儿童 返乡青年 种植大户 外出务工人员 困难家庭 新型职业农民 残疾人家庭".split()
PROJECTS = (
    "老旧小区综合整治 加装电梯 雨污分流改造 楼道粉刷 屋面防水 路面改造 停车场建设 充电棚建设 绿化补植 "
    "路灯更新 二次供水改造 燃气管线更换 无障碍坡道建设 适老化改造 外墙保温 消防通道划线 智能门禁安装"
).split()
VILLAGE_PROJECTS = (
    "道路硬化 改厕 污水管网铺设 村庄绿化 路灯安装 河塘清淤 危房改造 文化广场建设 垃圾分类收集点建设".split()
)
JOBS = "快递配送 餐饮服务 家政服务 建筑装修 网约车 物业保洁 商贸零售".split()
SLOGANS = (
    "支部+网格+楼门 一线议事 三问于民 四事工作法 红色管家 党员先锋岗 吹哨报到 接诉即办 红色议事厅 邻里党建 "
    "党员联户 每月一议 有事好商量 小事不出楼、大事不出社区"
).split()
UNIT_TEMPLATES = lines(
    """
    {stem}小学
    {stem}中学
    {stem}幼儿园
    {district}人民医院
    {district}中医院
    {street}派出所
    {street}消防救援站
    {street}司法所
    {street}社区卫生服务中心
    {stem}供电所
    {district}图书馆
    {stem}邮政支局
    农商银行{stem}支行
    {district}税务局
    {district}职业技术学校
    {stem}物业公司
    {stem}菜市场
    区市场监管所
    区城管执法队
    区住建委
    """
)
TIMES = lines(
    """
    今年以来
    去年入冬以来
    春节前后
    每逢周末
    每月第一个周六
    汛期来临前
    暑假期间
    开学前一周
    重阳节前夕
    国庆假期
    入夏以后
    每天傍晚
    每周三下午
    清明前后
    年初
    年中
    近两年
    疫情过后
    """
)
DAY_PHRASES = "第一个周六 第一个周五 15日 最后一个周日 第二个周三 5日".split()
PERIODS = "月 季度 两个月 半年".split()
RECT_LOCATIONS = lines(
    """
    {bldg}楼道
    {bldg}{unit_no}单元门口
    地下车库{letter}区
    小区东门
    小区西门
    {road}沿线
    {road}与{road2}交叉口
    垃圾分类桶站
    口袋公园
    沿街商铺
    老旧楼院
    菜市场周边
    河道沿岸
    {bldg}北侧绿地
    自行车棚
    健身广场
    """
)
RECT_ISSUES = lines(
    """
    电动自行车在楼道内充电
    楼道堆放杂物
    垃圾桶满溢未及时清运
    公益广告破损褪色
    占道经营
    乱贴小广告
    消防通道被私家车占用
    绿地被私自开垦种菜
    路灯损坏
    井盖缺失
    宣传栏内容过期
    健身器材破损
    飞线充电
    楼顶违规搭建
    外墙空调架锈蚀
    路面坑洼积水
    共享单车乱停乱放
    餐饮油烟扰民
    夜间施工噪声扰民
    化粪池外溢
    消防栓无水
    灭火器过期
    无障碍坡道被占用
    垃圾分类混投
    """
)
RECT_RESPONSES = lines(
    """
    已清理完毕，纳入楼门长日常巡查。
    已协调物业更换，群众满意。
    已约谈商户并签订门前三包责任书。
    已增设提示牌和隔离桩。
    已完成维修，经复查合格后销号。
    已联系产权单位处理，街道复核通过。
    已拆除违建并恢复原状。
    已更换新设备，张贴使用说明。
    已安排专人每日巡查，连续两周未再出现。
    已向反映人电话反馈，对方表示满意。
    因产权不清暂无法改造，已向居民书面说明并采取临时措施。
    """
)


# -- narrative pools ---------------------------------------------------------------------
# Placeholders are filled per sentence (see ``Filler``): fixed ones for the community
# ({name} {district} {street} {cw} 社区/村 {res} 居民/村民 {org} 居委会/村委会
# {party} {secretary} {director} {year} {households} {population} {buildings} {area}
# {members} {volunteers}) and random ones drawn anew in each sentence ({team} {team2}
# {vteam} {facility} {facility2} {place} {place2} {group} {group2} {n} {n2} {m} {m2} {k}
# {k2} {pct} {pct2} {pct_small} {month} {date} {yr} {person} {person2} {elder} {elder2}
# {unit} {unit2} {road} {road2} {bldg} {unit_no} {letter} {proj} {proj2} {slogan}
# {company} {time} {day_phrase} {period} {job} {sqm} {old} {km} {mu} {issue} {activity}).

OPENINGS = lines(
    """
    {name}位于{district}{street}，东临{road}，西至{road2}，辖区面积约{area}平方公里，共有住宅楼{buildings}栋、住户{households}户、常住人口{population}人。
    {name}成立于{year}年，隶属{district}{street}，现有居民{households}户{population}人，{kindphrase}。
    从{road}拐进来，就是{name}。这里{kindphrase}，{buildings}栋楼里住着{households}户人家、{population}位居民。
    {name}地处{street}中部，{year}年由原{old}居委会和{old2}居委会合并而成，现有常住人口{population}人，住宅楼{buildings}栋。
    {name}是{street}建立较早的社区之一，辖区内有{buildings}栋住宅楼、{m}个自然小区，居住着{households}户居民。
    {name}北依{road}，南邻{unit}，{year}年建成入住，{kindphrase}，常住人口{population}人。
    说起{name}，{street}的老街坊都知道：这里{kindphrase}。社区现有住户{households}户，常住人口{population}人。
    """
)
VILLAGE_OPENINGS = lines(
    """
    {name}位于{street}{direction}，距镇区约{km}公里，全村{households}户{population}人，耕地{mu}亩，{kindphrase}。
    {name}地处{road}沿线，下辖{m}个村民小组，户籍人口{population}人，{kindphrase}。
    {name}由原{old}村和{old2}村于{year}年合并而成，现有农户{households}户，常住人口{population}人，{kindphrase}。
    沿着{road}往{direction}走，就到了{name}。全村{households}户人家，{kindphrase}。
    {name}是{street}的中心村之一，村域面积{area}平方公里，现有村民{population}人，{kindphrase}。
    """
)
KIND_PHRASES = lines(
    """
    是一个典型的老旧小区集中区
    以单位宿舍和回迁房为主
    商品房小区和老平房混杂在一起
    外来人口占比较高
    紧邻商圈，白天人流量大
    是近几年新建的商品房社区
    是历史文化街区的一部分，老院落保存较好
    老年人口占三成以上
    以拆迁安置房为主，居民大多是原来的村民
    沿河而建，绿化条件较好
    学校、医院和农贸市场都在步行范围内
    """
)
VILLAGE_KIND_PHRASES = lines(
    """
    是一个以种植业为主的城郊村
    正在由传统农业村向乡村旅游村转型
    是远近闻名的果品专业村
    村集体经济以厂房和门面租赁为主
    是典型的山区村，青壮年大多外出务工
    有三百多年的建村史，古井和老祠堂保存完好
    蔬菜大棚连片，是镇里的“菜篮子”基地
    依山傍水，农家乐逐渐兴起
    """
)
DIRECTIONS = "东部 西部 南部 北部 东南部 西北部 东北部 西南部".split()

OVERVIEW_SENTENCES = lines(
    """
    {party}下设{m}个党支部，共有党员{members}名，其中在职党员{k2}名。
    {cw}工作人员{m2}名，辖区划分为{m}个网格，每个网格配备一名专职网格员。
    辖区内有{unit}、{unit2}等驻区单位{m}家，共建共治的基础较好。
    60岁以上老人约占常住人口的{pct_small}%，其中独居老人{k}人，{cw}为每位老人建立了联系卡。
    {cw}党群服务中心面积约{sqm}平方米，设有{facility}、{facility2}等功能室，每天对外开放。
    辖区内有商户{k}家，以餐饮、便利店和维修服务为主，沿{road}一线较为集中。
    近年来，{cw}先后完成了{proj}、{proj2}等工程，基础设施明显改善。
    {res}中流动人口约{k}人，多从事{job}，{cw}为他们建立了服务台账。
    物业服务由{company}提供，{cw}、业委会和物业每{period}召开一次联席会议。
    {cw}依托{facility}开展日常服务，工作日全天开放，周末由志愿者轮流值守。
    辖区共有注册志愿者{volunteers}人，占常住人口的一成左右，组建了{m}支志愿服务队伍。
    {cw}现有文体团队和志愿服务队伍{m}支，活跃成员{k}人，几乎每天都有活动。
    辖区内有中小学{m2}所、幼儿园{m}所，早晚高峰接送孩子的车流集中，秩序维护压力较大。
    {yr}年以来，{cw}累计争取改造资金{wan}万元，重点解决了{issue}等{res}反映集中的问题。
    {cw}书记{secretary}、主任{director}都是在{street}工作多年的老社工，对辖区情况了如指掌。
    """
)
VILLAGE_OVERVIEW_SENTENCES = lines(
    """
    村党总支下设{m}个党支部，共有党员{members}名，其中60岁以上党员约占一半。
    全村种植{crop}{mu}亩，{yr}年村集体经济收入突破{wan}万元。
    村里常住人口中老人和孩子较多，留守老人{k}人、留守儿童{k2}人，村里都建立了关爱台账。
    {yr}年以来，村里完成了{proj}、{proj2}等项目，村容村貌明显改善。
    村委会依托{facility}开展便民服务，医保、社保等事项在村里就能办。
    全村划分为{m}个网格，{m2}名网格员每天走村入户，发现问题及时上报。
    村里有致富带头人{m}名，带动{k}户村民发展{crop}种植和农家乐。
    村两委班子{m2}人，书记{secretary}已连任{m}届，村民都叫他“当家人”。
    """
)
DATA_ROWS = [
    ("住户", "{households}户"),
    ("常住人口", "{population}人"),
    ("住宅楼", "{buildings}栋"),
    ("党员", "{members}名"),
    ("注册志愿者", "{volunteers}名"),
    ("60岁以上老人", "{elders}人"),
    ("网格", "{m}个"),
    ("驻区单位", "{m2}家"),
    ("文体和志愿服务队伍", "{teams}支"),
    ("沿街商户", "{k}家"),
    ("辖区面积", "{area}平方公里"),
]
VILLAGE_DATA_ROWS = [
    ("农户", "{households}户"),
    ("户籍人口", "{population}人"),
    ("村民小组", "{m}个"),
    ("党员", "{members}名"),
    ("耕地", "{mu}亩"),
    ("注册志愿者", "{volunteers}名"),
    ("村域面积", "{area}平方公里"),
]
DATA_TABLE_TITLES = ["基本数据", "数字看{cw}", "主要数据一览", "{cw}基本数据"]


@dataclass
class Topic:
    key: str
    titles: list[str]
    subtitles: list[str]
    sentences: list[str]
    actors: list[str]
    actions: list[str]
    effects: list[str]
    items: list[str]
    village: bool | None = None  # None: both; True: villages only; False: 社区 only


TOPICS = [
    Topic(
        "party",
        ["党建引领", "党建引领基层治理", "红色引擎", "组织建设", "党组织引领"],
        ["组织体系", "党员作用发挥", "在职党员报到", "主题党日", "共建联建", "书记领办项目"],
        lines(
            """
            {party}推行“{slogan}”工作法，把党小组建在楼栋和网格上，党员亮身份、领任务。
            全{cw}{members}名党员全部编入网格，每名党员联系{m}户{res}，定期上门走访。
            每月{day_phrase}是主题党日，党员们一起学习、一起服务，{yr}年以来从未间断。
            {unit}等{m}家共建单位与{cw}签订了共建协议，在{proj}、{activity}等方面开展合作。
            在职党员回{cw}报到后，认领了“{activity}”“{activity2}”等{m2}个服务项目。
            {secretary}担任书记以来，坚持每周走访{m}户{res}，记下的民情日记已有{m2}本。
            {party}把“{issue}”列为书记领办项目，{month}月底已完成整改的{pct}%。
            老党员{person}退休后回到{cw}，牵头成立了“{team}”，一干就是{m}年。
            {party}每季度召开一次党群议事会，{res}代表、物业和共建单位坐在一起解决难题。
            {cw}设立党员先锋岗{m}个、党员责任区{m2}个，党员在{place}整治中冲在前面。
            """
        ),
        ["党员志愿者", "在职党员", "{party}", "老党员{person}", "{m}名党员骨干", "楼栋党小组"],
        lines(
            """
            分片包干{place}的日常巡查
            挨家挨户收集{res}的意见建议
            认领了{k}个{res}微心愿
            带头清理{place}的杂物
            在{facility}开设“党员接待日”
            为{group}送去米面油和慰问金
            组织{res}学习新修订的居民公约
            """
        ),
        lines(
            """
            {res}反映的问题{pct}%以上当月就有回音
            党员的身影成了{cw}里最亮的风景
            {k2}件烦心事得到了解决
            党群关系更紧密了
            {res}说“有事找党员”已经成了习惯
            """
        ),
        lines(
            """
            **建强组织**：{party}下设{m}个党支部、{m2}个楼栋党小组，党员全部纳入网格管理。
            **党员示范**：设立党员示范岗{m}个，党员认领{res}微心愿{k}个，已全部兑现。
            **共建联建**：与{unit}、{unit2}签订共建协议，共享场地、人才和服务资源。
            **书记领办**：{party}书记{secretary}领办“{issue}”整改，{month}月已基本完成。
            **在职报到**：{k}名在职党员回{cw}报到，参与志愿服务{n}小时。
            **主题党日**：每月{day_phrase}固定开展，内容和{res}需求挂钩。
            **党群议事**：{yr}年以来召开党群议事会{k2}次，议定事项{k2}件。
            **流动党员**：建立流动党员台账，{m}名外出党员定期线上参加组织生活。
            """
        ),
    ),
    Topic(
        "volunteer",
        ["志愿服务", "志愿服务常态化", "志愿者在身边", "邻里互助"],
        ["{vteam}", "时间银行", "志愿服务项目", "志愿者风采", "学雷锋志愿服务"],
        lines(
            """
            “{vteam}”由{res}自发组建，现有成员{k}人，{yr}年以来累计服务{n}余人次。
            {cw}推行“时间银行”，志愿者的服务时长可以兑换理发、维修等便民服务，参与者已超过{k}人。
            志愿者{elder}今年{age}岁，每天早上七点准时出现在{place}，风雨无阻。
            {vteam}和{team2}联合开展{place}整治，清理卫生死角，劝导不文明行为，环境明显改观。
            {cw}把志愿服务项目做成“菜单”，{res}点单、{cw}派单、志愿者接单，{yr}年共完成服务{k}单。
            每到周末，大学生志愿者到{facility}为孩子们辅导作业，家长们都说“省心”。
            {unit}的青年志愿者每月到{cw}开展一次{activity}，已坚持{m}年。
            志愿者{person}把自己的维修手艺用在了邻里身上，修好的家电、自行车已有{k}件。
            {vteam}坚持夜间巡逻，重点关注{place}和独居老人住所，辖区可防性案件连续{m}年下降。
            {cw}为志愿者建立积分档案，年底评选“星级志愿者”，{m2}人获得五星荣誉。
            """
        ),
        ["{vteam}", "志愿者们", "{k}名注册志愿者", "大学生志愿者", "“银发”志愿者", "{unit}的志愿者"],
        lines(
            """
            轮流到{place}值守
            为{group}上门理发、打扫卫生
            在{facility}开展义诊和健康咨询
            帮助{k2}户老人更换了老化的水龙头和灯泡
            陪同{group}就医、取药
            在{place}开展文明劝导
            把爱心午餐送到{k2}位高龄老人家中
            """
        ),
        lines(
            """
            累计服务时长超过{n}小时
            受到{res}一致好评
            {cw}里多了不少新面孔
            形成了“人人都是志愿者”的氛围
            有{k2}位受助{res}后来也成了志愿者
            """
        ),
        lines(
            """
            **助老服务**：结对独居老人{k}户，每周至少上门一次。
            **护学岗**：上下学高峰在{place}值守，累计{n}小时。
            **环境守护**：每月组织一次{place}清洁行动。
            **便民维修**：每月{day_phrase}在{facility}摆摊，修家电、磨剪刀、配钥匙。
            **爱心帮扶**：为{group}募集物资{k}件，结对帮扶{k2}户。
            **文明劝导**：在{place}劝导不文明行为{n}人次。
            **应急服务**：{vteam}参与防汛、扫雪等应急任务{m}次。
            **时间银行**：存入服务时长{n}小时，兑换服务{k}次。
            """
        ),
    ),
    Topic(
        "environment",
        ["环境整治", "美丽家园", "人居环境提升", "垃圾分类", "小区环境治理"],
        ["楼道清理", "背街小巷整治", "垃圾分类", "绿化美化", "停车管理", "门前三包"],
        lines(
            """
            每月第一个周六是{cw}的“清洁日”，党员、志愿者和{res}一起动手，对{place}进行集中清理。
            垃圾分类实行桶边督导，督导员早晚各值守两小时，分类准确率从不到一半提高到{pct}%。
            {cw}对{place}进行了改造，新增绿地{sqm}平方米，{res}可以在家门口散步、健身。
            针对{issue}的问题，{cw}联合物业和{unit}开展专项整治，清理废旧自行车{k}辆。
            {road}沿线的{k2}家商户签订了“门前三包”责任书，占道经营基本消失。
            {cw}在{place}建起了{facility}，{res}投放垃圾、领取积分都很方便。
            {yr}年的{proj}工程完工后，{bldg}一带的积水问题彻底解决。
            {res}自发认养了{k}株树木，每株树上都挂着认养人的名字。
            {cw}划定停车位{k}个，实行错时停车，{place}的停车难有所缓解。
            清理楼道杂物后，{cw}在每个单元门口贴上了“楼道公约”，由楼门长监督执行。
            """
        ),
        ["{cw}", "物业", "{vteam}", "楼门长", "环卫工人和志愿者", "{res}代表"],
        lines(
            """
            集中清理{place}的堆物{k2}处
            拆除违规搭建{m}处共{sqm}平方米
            对{place}进行了重新绿化
            更换了老化的垃圾桶{k2}个
            在{place}增设了自行车停放架
            清除小广告{n}余处
            """
        ),
        lines(
            """
            环境面貌焕然一新
            {res}的满意度提高到{pct}%
            这里成了{res}最爱去的地方
            {place}再也看不到乱堆乱放
            垃圾分类准确率稳定在九成以上
            """
        ),
        lines(
            """
            **楼道清理**：清理杂物{k}车，消除消防隐患{k2}处。
            **垃圾分类**：设置分类桶站{m}个，桶边督导每天{m2}小时。
            **绿化补植**：补植乔木和灌木{k}株，新增绿地{sqm}平方米。
            **停车管理**：施划停车位{k}个，清理僵尸车{m}辆。
            **门前三包**：沿街{k2}家商户全部签订责任书。
            **违建拆除**：拆除违规搭建{m}处，腾退空间改建{facility}。
            **小广告清理**：建立“随手清”机制，{vteam}每周巡查。
            **雨污分流**：完成{road}段管网改造，告别雨天积水。
            """
        ),
        village=False,
    ),
    Topic(
        "village_env",
        ["人居环境整治", "美丽乡村建设", "村庄清洁行动", "和美乡村"],
        ["村庄清洁", "厕所革命", "垃圾分类", "河塘治理", "庭院美化"],
        lines(
            """
            村里推行“积分超市”，村民参加环境整治、垃圾分类都能攒积分，换油换米换日用品。
            每月18日是村里的“清洁日”，党员和村民代表分片包干，清理{place}的垃圾和杂草。
            {yr}年村里完成了{proj}，{k}户村民告别了旱厕。
            {place}原来是一片臭水塘，清淤整治后种上了荷花，成了村民散步的好去处。
            村里评选“美丽庭院”，{k2}户人家榜上有名，门口挂上了红色的牌子。
            保洁员按片包干，村道每天清扫两次，垃圾日产日清。
            村里把{place}的闲置地块改成了小菜园和小果园，由村民认领管理。
            """
        ),
        ["村两委", "党员", "{vteam}", "保洁员", "村民代表", "妇女小组"],
        lines(
            """
            清理{place}的陈年垃圾{k}车
            拆除破旧棚舍{m}处
            在村道两侧种下{k}株桂花
            对{place}进行了清淤
            挨家挨户发放分类垃圾桶
            """
        ),
        lines(
            """
            村容村貌大变样
            来村里游玩的城里人多了起来
            村民的环保意识明显增强
            {place}重新变得干净整洁
            """
        ),
        lines(
            """
            **村庄清洁**：每月集中清理一次，清运垃圾{k}吨。
            **厕所革命**：完成户厕改造{k}户，公厕{m}座。
            **河塘治理**：清淤{m}处，恢复水面{mu}亩。
            **美丽庭院**：评选示范户{k2}户，带动全村整治。
            **积分超市**：{yr}年以来兑换积分{n}分。
            """
        ),
        village=True,
    ),
    Topic(
        "safety",
        ["平安建设", "平安{cw}", "安全稳定", "群防群治"],
        ["治安巡逻", "消防安全", "矛盾调解", "反诈宣传", "出租房屋管理"],
        lines(
            """
            {vteam}每晚分两班巡逻，重点关注{place}和{place2}，辖区可防性案件连续{m}年下降。
            {cw}与{unit}建立联勤机制，民警每周到{cw}坐班，{res}有事可以当面反映。
            {yr}年以来，{cw}人民调解室共调解邻里纠纷{k2}起，调解成功率{pct}%。
            {cw}对辖区{k}间出租房屋逐一登记，签订安全责任书，消除隐患{k2}处。
            在{street}消防救援站的指导下，{cw}每年组织两次消防演练，{res}参与人数逐年增加。
            电动自行车集中充电棚投用后，楼道内飞线充电的现象基本消失。
            反诈宣传进楼栋、进商户、进家庭，{cw}注册国家反诈中心App的{res}达到{pct}%。
            {cw}在{place}加装了高清探头{k2}个，重点部位视频监控实现全覆盖。
            调解员{person}有一本“调解日记”，记下了{m}年来经手的{k}起纠纷。
            """
        ),
        ["{vteam}", "网格员", "民警和{cw}干部", "调解员{person}", "楼门长", "{unit}"],
        lines(
            """
            排查{place}的消防隐患{k2}处
            入户宣传防范电信诈骗
            对出租房屋开展拉网式检查
            在{place}开展夜间巡查
            调解了一起持续多年的漏水纠纷
            更换过期灭火器{k}具
            """
        ),
        lines(
            """
            辖区连续{m}年未发生重大安全事故
            {res}的安全感明显提升
            {k2}起矛盾纠纷化解在萌芽状态
            电信诈骗发案数同比下降{pct_small}%
            """
        ),
        lines(
            """
            **治安巡逻**：{vteam}{k}人，每晚巡逻两班。
            **消防安全**：每栋楼配备微型消防站，组织演练{m}次。
            **矛盾调解**：调解纠纷{k2}起，调解成功率{pct}%。
            **出租房屋**：登记出租房屋{k}间，签订安全责任书。
            **反诈宣传**：入户宣传{n}户次，举办讲座{m}场。
            **视频监控**：重点部位探头{k2}个，全部联网。
            **应急准备**：储备防汛沙袋{k}袋、应急照明{m}套。
            """
        ),
    ),
    Topic(
        "elderly",
        ["一老一小", "为老服务", "老有所养 幼有所育", "养老服务", "关爱老人和儿童"],
        ["老年助餐", "居家养老", "四点半课堂", "托育服务", "健康服务"],
        lines(
            """
            {facility}每天中午供应两荤两素，老人凭卡就餐，{age}岁以上的高龄老人还能享受送餐上门。
            {cw}开设“四点半课堂”，由退休教师和大学生志愿者辅导孩子作业，解决双职工家庭的后顾之忧。
            {cw}与{street}社区卫生服务中心签约，家庭医生每月到{facility}坐诊，为慢性病老人测血压、调药方。
            针对独居老人多的特点，{cw}推出“每日一问候”，网格员每天给{k}位老人打电话。
            {cw}为{k2}户老人家庭完成了适老化改造，加装扶手、防滑地垫和紧急呼叫器。
            暑假期间，{cw}开办“小候鸟”托管班，{k}名孩子在这里度过了充实的假期。
            {elder}今年{age}岁，每天都到{facility}打牌、看报，说这里“比在家热闹”。
            {cw}组织“银龄学堂”，教老人用智能手机挂号、缴费、视频通话，已办了{m}期。
            {facility}的婴幼儿托育点可以接收{k2}名幼儿，年轻父母上班前把孩子送过来，心里踏实。
            """
        ),
        ["{cw}", "家庭医生", "社工", "志愿者", "{vteam}", "{unit}"],
        lines(
            """
            为{k2}位高龄老人送餐上门
            上门为失能老人理发、洗澡
            组织老人免费体检
            为孩子们开设书法和手工课
            建立了独居老人一户一档
            """
        ),
        lines(
            """
            老人吃上了热乎饭
            双职工家庭少了后顾之忧
            老人们的笑容多了
            {k}位老人受益
            """
        ),
        lines(
            """
            **老年助餐**：日均就餐{k}人次，高龄老人送餐上门。
            **居家养老**：为{k2}户老人完成适老化改造。
            **健康服务**：家庭医生签约率{pct}%，每月义诊一次。
            **四点半课堂**：每周开课{m}次，参加学生{k2}名。
            **托育服务**：托育点可收托{k2}名幼儿。
            **智能手机课堂**：举办{m}期，学员{k}人次。
            **紧急呼叫**：为{k2}位独居老人安装紧急呼叫器。
            """
        ),
    ),
    Topic(
        "service",
        ["便民服务", "家门口的服务", "为民办实事", "服务零距离"],
        ["一站式服务", "为民办实事清单", "接诉即办", "便民服务点", "新就业群体服务"],
        lines(
            """
            {cw}推出延时服务和预约上门，能在{cw}办的事一次办好，{yr}年共办理各类事项{n}件。
            {cw}每年初向{res}征集“为民办实事”项目，{yr}年确定的{m}件实事已全部完成。
            接到{res}反映{issue}后，{cw}当天派人查看，{m}天内协调解决。
            {facility}开在{road}边，修鞋、配钥匙、缝补衣服都能在这里办。
            针对快递小哥、外卖骑手等新就业群体，{cw}在{place}设立了歇脚点，提供饮水、充电和应急药品。
            {cw}联合{unit}每季度举办一次招聘会，{yr}年帮助{k2}名{res}找到了工作。
            {cw}把常用的办事指南印成“明白卡”，发到每家每户，电话号码一目了然。
            {res}热线反映的问题，{cw}实行“首接负责”，{yr}年响应率、解决率分别达到{pct}%和{pct2}%。
            """
        ),
        ["{cw}", "网格员", "{facility}", "便民服务站", "社工", "{unit}"],
        lines(
            """
            为{group}上门办理各类证明
            每周开设法律咨询
            帮助{k2}名{res}办理医保
            协调解决了{place}的照明问题
            在{place}设置了便民服务台
            """
        ),
        lines(
            """
            {res}少跑了不少冤枉路
            办事时间平均缩短了一半
            {res}满意度达到{pct}%
            {k2}件民生小事得到解决
            """
        ),
        lines(
            """
            **为民办实事**：{yr}年承诺{m}件，全部完成并公开报告。
            **一站式服务**：{k}项事务在{cw}即可办理。
            **接诉即办**：受理诉求{k}件，解决率{pct}%。
            **便民维修**：每月{day_phrase}开放，累计服务{n}人次。
            **就业服务**：举办招聘会{m}场，帮助{k2}人就业。
            **法律服务**：律师每周坐班一天，解答咨询{k}次。
            **新就业群体服务**：设立驿站{m}处，提供歇脚、充电、热水。
            """
        ),
    ),
    Topic(
        "culture",
        ["文体活动", "文化生活", "文化惠民", "丰富多彩的文体生活"],
        ["{team}", "邻里节", "传统节日", "全民健身", "市民学校"],
        lines(
            """
            “{team}”由{res}自发组建，每周固定排练{m}次，{yr}年以来参加各类演出{k2}场。
            “邻里节”已连续举办{m}届，百家宴、二手集市和亲子游园吸引了{n}多名{res}参加。
            {cw}文化墙由{res}共同设计，记录了{cw}从平房到楼房的变迁，成为孩子们了解家乡的课堂。
            {team}在{yr}年{district}广场舞大赛中获得第{m}名，队员们高兴得像过年。
            市民学校每月开课，内容从垃圾分类到家庭教育，{yr}年共授课{k2}次、听课{n}人次。
            {elder}是{team}的“台柱子”，{age}岁了还坚持每天练功。
            春节写春联、端午包粽子、中秋做月饼，传统节日在{cw}里过得格外热闹。
            {facility}每天早上六点开门，打太极、练八段锦的{res}络绎不绝。
            {cw}每年举办一次运动会，拔河、跳绳、踢毽子，一家老小齐上阵。
            """
        ),
        ["{team}", "{cw}", "市民学校", "文艺骨干", "{res}", "{team2}"],
        lines(
            """
            在{facility}举办了专场演出
            走进{unit}开展慰问演出
            组织了一场少儿书画比赛
            在{place}开展全民健身活动
            编排了反映{cw}变化的小品
            """
        ),
        lines(
            """
            现场观众{n}人次
            {res}的文化生活丰富起来了
            吸引了不少年轻人加入
            邻里之间走动得更勤了
            """
        ),
        lines(
            """
            **{team}**：成员{k2}人，每周排练{m}次。
            **{team2}**：常年活动，参加演出和比赛{m2}场。
            **邻里节**：已办{m}届，参加{res}{n}人次。
            **市民学校**：全年授课{k2}次，覆盖{pct}%的家庭。
            **传统节日**：春节、端午、中秋、重阳都有主题活动。
            **全民健身**：{facility}全天开放，健身器材{k2}件。
            **书香{cw}**：图书室藏书{n}册，借阅{k}人次。
            """
        ),
    ),
    Topic(
        "selfgov",
        ["议事协商", "居民自治", "共建共治共享", "有事好商量"],
        ["居民议事会", "楼门长制度", "三方协商", "居民公约"],
        lines(
            """
            {cw}建立居民议事会，停车收费、电梯加装、垃圾桶站选址等事项都先听{res}意见再定。
            {cw}推行“楼门长”制度，每栋楼推选一名热心{res}，及时收集和反映{group}的诉求。
            {bldg}加装电梯时，{res}意见一度不统一，议事会前后开了{m}次，最终全票通过。
            {cw}、业委会和物业每{period}召开一次联席会议，{yr}年协商解决{issue}等问题{k2}个。
            居民公约由{res}逐条讨论修订，{m}条内容贴在每个单元门口，大家自觉遵守。
            {cw}每年年底召开{res}代表大会，书记{secretary}当面报告一年的工作和收支。
            {res}对{cw}工作的满意度测评每年一次，{yr}年满意度为{pct}%。
            {place}的改造方案由{res}投票决定，{pct}%的住户参与了投票。
            """
        ),
        ["居民议事会", "楼门长", "业委会", "{res}代表", "{cw}、业委会和物业"],
        lines(
            """
            讨论{place}改造方案
            就{issue}征求意见{k}份
            制定了新的停车管理办法
            协商解决了{bldg}的漏水问题
            """
        ),
        lines(
            """
            大家的事大家商量着办
            议定事项全部落实
            {res}参与的热情越来越高
            矛盾少了，理解多了
            """
        ),
        lines(
            """
            **居民议事会**：{yr}年召开{k2}次，议定事项{k2}件。
            **楼门长**：全{cw}{k}名楼门长，每栋楼都有人管事。
            **三方协商**：{cw}、业委会、物业每{period}一次联席会。
            **居民公约**：{m}条，经{res}代表大会表决通过。
            **满意度测评**：{yr}年{res}满意度{pct}%。
            **事务公开**：党务、居务、财务每月公开。
            """
        ),
    ),
    Topic(
        "civility",
        ["文明风尚", "移风易俗", "文明家庭", "崇德向善"],
        ["好人榜", "五好文明家庭", "家风家训", "文明养犬", "移风易俗"],
        lines(
            """
            {cw}每年评选“五好文明家庭”，{yr}年{k2}户家庭上榜，事迹贴在{facility}的光荣榜上。
            {elder}照顾瘫痪在床的老伴{yrs}年如一日，被评为“{district}好人”。
            {cw}设立“好人榜”，{yr}年以来共有{k2}位身边好人登上榜单。
            针对{issue}，{cw}开展文明劝导，{vteam}每天早晚在{place}值守。
            文明养犬公约推行后，遛狗拴绳、清理粪便成了大多数养犬{res}的习惯。
            {cw}组织家风家训征集活动，{k}户家庭写下了自己的家训。
            红白理事会制定了简办标准，婚事新办、丧事简办渐成风气。
            “光盘行动”从{facility}推开，老人们主动把吃不完的饭菜打包带走。
            """
        ),
        ["{cw}", "妇女之家", "{vteam}", "老党员", "文明家庭代表"],
        lines(
            """
            开展文明家庭评选
            在{place}开展文明劝导
            举办家风家训分享会
            推广移风易俗倡议书
            """
        ),
        lines(
            """
            崇德向善的风气越来越浓
            文明新风吹进了千家万户
            不文明行为明显减少
            """
        ),
        lines(
            """
            **五好文明家庭**：{yr}年评选{k2}户。
            **身边好人**：{k2}人上榜，{m}人获{district}表彰。
            **文明劝导**：劝导不文明行为{n}人次。
            **家风家训**：征集家训{k}条，编印成册。
            **移风易俗**：红白喜事简办率{pct}%。
            **文明养犬**：登记犬只{k}条，签订文明养犬承诺书。
            """
        ),
    ),
    Topic(
        "industry",
        ["产业发展", "集体经济", "乡村振兴", "富民产业"],
        ["特色种植", "乡村旅游", "合作社", "电商带货"],
        lines(
            """
            村里成立了{crop}种植合作社，{k}户村民入社，{yr}年户均增收{yuan}元。
            依托村里的山水资源，村集体发展了{m2}家农家乐，节假日游客络绎不绝。
            村电商服务站帮助村民把{crop}卖到了全国各地，{yr}年线上销售额超过{wan}万元。
            村集体把闲置的老校舍改造成民宿，收入用于村里的公益事业。
            返乡青年{person}回村创业，带动{k2}户村民一起种植{crop}。
            村里每年拿出集体收益的一部分，为{age}岁以上老人发放敬老金。
            """
        ),
        ["村集体", "合作社", "返乡青年{person}", "村两委", "致富带头人"],
        lines(
            """
            引进{crop}新品种
            建起了{m}个冷链仓库
            组织村民参加技能培训
            开通了直播带货
            """
        ),
        lines(
            """
            村民的腰包鼓了起来
            村集体经济收入逐年增加
            在外务工的年轻人回来了{k2}个
            """
        ),
        lines(
            """
            **特色种植**：{crop}种植{mu}亩，亩均收益{yuan}元。
            **乡村旅游**：农家乐{m2}家，年接待游客{n}人次。
            **合作社**：入社农户{k}户，统一品种、统一销售。
            **电商服务**：年线上销售额{wan}万元。
            **集体经济**：{yr}年收入{wan}万元，用于公益事业。
            """
        ),
        village=True,
    ),
]
CROPS = "葡萄 草莓 樱桃 苹果 猕猴桃 茶叶 蔬菜 食用菌 中药材 花卉 核桃 板栗 桃子 小米".split()
ACTION_JOINS = ["，", "，并", "，同时"]

VOICES = lines(
    """
    住在这里二十多年了，楼道亮了，路也平了，邻居之间走动得更勤了。
    托育点就在楼下，上班前把孩子送过去，心里踏实。
    过去反映问题不知道找谁，现在网格员的电话就贴在单元门口。
    议事会上提的建议，有一大半已经落实了。
    做志愿服务不图什么，看到{cw}一天天变好就高兴。
    老年食堂的饭菜合口味，价格也实惠，我天天来。
    {place}改造以后，晚上出来散步再也不怕摔跤了。
    电动车有地方充电了，再也不用往楼上拖电瓶。
    孩子放学后在四点半课堂写作业，我们下班去接，特别放心。
    {cw}的活动多了，退休以后的日子一点也不闷。
    垃圾分类刚开始不习惯，现在不分一分反倒不舒服。
    {vteam}的巡逻让我们晚上睡得安稳。
    {cw}干部是真办事，{issue}的问题一个星期就解决了。
    加装电梯以后，我这个八十多岁的老人也能天天下楼晒太阳了。
    我在“时间银行”存了两百多个小时，心里觉得很充实。
    """
)
VOICE_SOURCES = [
    "{bldg}{res}{elder}",
    "{res}{person}",
    "志愿者{person}",
    "{team}队员{elder}",
    "楼门长{person}",
    "{age}岁的{elder}",
]
PROBLEMS = lines(
    """
    {place}停车难问题尚未根本解决，高峰时段仍有车辆占用消防通道。
    部分老旧楼栋没有加装电梯的条件，高龄老人上下楼仍有困难。
    {issue}的问题时有反复，需要建立长效管理机制。
    志愿者队伍年龄偏大，年轻人参与不够。
    {facility}面积偏小，活动多时场地紧张。
    个别楼栋垃圾分类准确率偏低，桶边督导人手不足。
    出租房屋流动性大，登记信息更新不够及时。
    部分{res}对议事协商参与不多，意见征集覆盖面有待扩大。
    {year}年建成的管网老化，雨季{place}仍有积水。
    上年度测评中{weak}一项失分较多，正在对照标准逐条整改。
    {road}沿线占道经营和乱停车现象仍有发生。
    无物业管理的老旧楼院有{m}处，日常保洁主要靠志愿者。
    """
)
WEAK_POINTS = "公益广告 市民学校 志愿服务 垃圾分类 背街小巷 消防安全 档案管理 居民满意度".split()
PLANS = lines(
    """
    继续推进{place}的改造，争取在年底前完成。
    扩大{team}的规模，吸引更多年轻人加入志愿服务。
    针对测评中发现的短板，制定整改清单，明确责任人和完成时限。
    进一步完善居民公约，把文明养成融入日常生活。
    在{facility}增设老年助餐点，让老人吃上热乎饭。
    推动{bldg}等{m}栋楼加装电梯，先易后难、成熟一栋推进一栋。
    完善“时间银行”积分兑换办法，让志愿服务可持续。
    争取资金实施{proj}，解决{res}反映强烈的{issue}问题。
    每季度公开一次整改台账，接受{res}监督。
    与{unit}深化共建，在{activity}等方面开展合作。
    建设{cw}微信群“一楼一群”，让{res}的意见第一时间传到{cw}。
    开展“最美楼道”评比，以点带面提升楼道环境。
    为{group}建立一人一档，提供精准帮扶。
    力争{next_year}年通过{city}文明社区复查，守住来之不易的荣誉。
    """
)
PLAN_CLOSINGS = lines(
    """
    {cw}将把{res}满不满意作为检验工作的标准，一件一件抓落实。
    每一条意见都会在5个工作日内答复，进展在本页和公示栏同步更新。
    欢迎{res}通过网格员、议事会和{cw}热线提出意见建议。
    下一步的每项工作都会向{res}公开，接受大家监督。
    """
)
ACTIVITY_INTROS = lines(
    """
    {yr2}年{cw}组织的主要活动如下（参与人数按签到统计）：
    下表列出了{yr2}年开展的部分活动，更多活动见{cw}公众号。
    {yr2}年以来，{cw}围绕文明创建开展了一系列活动，主要有：
    近一年来的主要活动：
    """
)
ACTIVITY_TITLES = ["{yr2}年主要活动", "活动一览", "近期活动", "{yr2}年活动记录", "创建活动"]
PLAN_TITLES = ["下一步打算", "努力方向", "工作计划", "{next_year}年工作计划", "我们的承诺"]
VOICE_TITLES = ["居民心声", "群众评价", "邻里说", "听听{res}怎么说"]
PROBLEM_TITLES = ["存在的不足", "短板与不足", "问题与整改", "还需努力的地方"]


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


class FastRandom(random.Random):
    """``random.Random`` whose choice, randint, randrange(stop) and sample draw from
    ``random()`` (a float) instead of exact integer draws: several times cheaper, and
    as deterministic for a given seed, which is all test data needs."""

    def choice(self, seq):  # type: ignore[override]
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:  # type: ignore[override]
        if stop is None and step == 1:
            return int(self.random() * start)
        return super().randrange(start, stop, step)  # type: ignore[arg-type]

    def sample(self, population, k: int, *, counts=None):  # type: ignore[override]
        if counts is not None:
            return super().sample(population, k, counts=counts)
        pool = list(population)
        n = len(pool)
        if not 0 <= k <= n:
            raise ValueError("sample larger than population or is negative")
        random_ = self.random
        for i in range(k):
            j = i + int(random_() * (n - i))
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:k]


def rand_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


# -- the city -------------------------------------------------------------------------


@dataclass(eq=False)
class District:
    name: str  # 临川区
    code: str  # linchuan (e-mail domains, notice slugs)
    county: bool
    streets: list[Street] = field(default_factory=list, repr=False)  # each refers back


@dataclass(eq=False)
class Street:
    name: str  # 望湖街道 / 云溪镇 / 鹤岭乡
    stem: str
    stem_pinyin: str
    kind: str  # 街道, 镇, 乡
    district: District


@dataclass
class CommunityInfo:
    slug: str
    name: str
    district: District
    street: Street
    village: bool


def district_count(n: int) -> int:
    """About N/100 districts, at least 3 (or N), at most MAX_DISTRICTS."""
    return max(min(3, n), min(MAX_DISTRICTS, round(n / 100)))


def plan_city(n: int, rng: random.Random) -> list[District]:
    """Districts with streets of distinct names, sized for N communities."""
    count = district_count(n)
    stems = rng.sample(DISTRICT_STEMS, count)
    per_district = n / count
    mean_streets = min(40.0, max(1.0, per_district / 10))  # about 10 communities a street
    low, high = max(1, round(mean_streets * 0.5)), max(1, round(mean_streets * 1.5))
    used: set[str] = set()
    districts = []
    for i, (stem, pinyin) in enumerate(stems):
        county = count >= 4 and i >= count * 0.75  # the outer quarter are counties
        district = District(stem + ("县" if county else "区"), pinyin, county)
        for _ in range(rng.randint(low, high)):
            for _attempt in range(200):
                (m, mp), (p, pp) = rng.choice(MODIFIERS), rng.choice(PLACE_NOUNS)
                if m + p not in used:
                    break
            else:  # the pool is exhausted: a numbered stem is still a distinct name
                m, mp, p, pp = m + p, mp + pp, str(len(used)), str(len(used))
            used.add(m + p)
            if county:
                kind = rng.choices(["镇", "乡", "街道"], [6, 3, 1])[0]
            else:
                kind = "镇" if rng.random() < 0.12 else "街道"
            district.streets.append(Street(m + p + kind, m + p, mp + pp, kind, district))
        districts.append(district)
    return districts


def allocate(total: int, weights: list[float], rng: random.Random) -> list[int]:
    """Split ``total`` over len(weights) slots: one each first (when possible), the rest
    at random in proportion to the weights."""
    counts = [1 if total >= len(weights) else 0] * len(weights)
    rest = total - sum(counts)
    for index in rng.choices(range(len(weights)), weights, k=rest):
        counts[index] += 1
    return counts


def community_name(street: Street, village: bool, rng: random.Random) -> tuple[str, str]:
    """One candidate (name, slug)."""
    if village:
        r = rng.random()
        if r < 0.45:
            (m, mp), (p, pp) = rng.choice(MODIFIERS), rng.choice(PLACE_NOUNS)
            stem, slug = m + p, mp + pp
        elif r < 0.75:
            (s, sp), (p, pp) = rng.choice(SURNAMES), rng.choice(VILLAGE_NOUNS)
            stem, slug = s + "家" + p, sp + "jia" + pp
        elif r < 0.9:
            (s, sp), (p, pp) = rng.choice(SURNAMES), rng.choice(VILLAGE_NOUNS)
            stem, slug = s + p, sp + pp
        else:
            (d, dp), (s, sp), (p, pp) = rng.choice(VILLAGE_PREFIXES), rng.choice(SURNAMES), rng.choice(VILLAGE_NOUNS)
            stem, slug = d + s + p, dp + sp + pp
        return stem + "村", slug
    r = rng.random()
    if r < 0.3 and street.kind == "街道":
        stem, slug = street.stem, street.stem_pinyin
    elif r < 0.75:
        (m, mp), (p, pp) = rng.choice(MODIFIERS), rng.choice(PLACE_NOUNS)
        stem, slug = m + p, mp + pp
    else:
        stem, slug = rng.choice(CURATED_STEMS)
    suffix, suffix_pinyin, _ = rng.choices(COMMUNITY_SUFFIXES, SUFFIX_WEIGHTS)[0]
    if suffix == "外" and stem[-1] not in "门关城":
        suffix, suffix_pinyin = "", ""
    if suffix_pinyin:
        slug = f"{slug}-{suffix_pinyin}"
    return stem + suffix + "社区", slug


def place_communities(n: int, districts: list[District], rng: random.Random) -> list[CommunityInfo]:
    """N communities with unique names and slugs, spread unevenly over the streets."""
    streets = [s for d in districts for s in d.streets]
    weights = [rng.uniform(0.4, 1.6) * (0.7 if s.district.county else 1.0) for s in streets]
    counts = allocate(n, weights, rng)
    names: set[str] = set()
    slugs: set[str] = set()
    infos = []
    for street, count in zip(streets, counts, strict=True):
        village_share = {"街道": 0.06, "镇": 0.7, "乡": 0.9}[street.kind]
        for _ in range(count):
            village = rng.random() < village_share
            for _attempt in range(60):
                name, slug = community_name(street, village, rng)
                if name not in names:
                    break
            else:  # very many communities: number the last candidate (和平里第二社区)
                base = name.removesuffix("社区").removesuffix("村")
                for k in range(2, 10_000):
                    candidate = f"{base}第{k}{'村' if village else '社区'}"
                    if candidate not in names:
                        name, slug = candidate, f"{slug}-{k}"
                        break
            if slug in slugs:  # homophones (杨/阳, 家园/佳园) or a numbered name
                base = f"{slug}-{street.district.code}"
                slug, k = base, 2
                while slug in slugs:
                    slug, k = f"{base}-{k}", k + 1
            names.add(name)
            slugs.add(slug)
            infos.append(CommunityInfo(slug, name, street.district, street, village))
    return infos


VILLAGE_RECT_LOCATIONS = lines(
    """
    村口
    文化广场
    {bldg}村道
    河塘沿岸
    集市周边
    {bldg}房前屋后
    村委会门前
    垃圾收集点
    果园路
    {road}沿线
    """
)
VILLAGE_RECT_ISSUES = lines(
    """
    村道两侧垃圾堆积
    河塘漂浮物未及时打捞
    柴草杂物乱堆乱放
    私搭乱建
    畜禽散养
    路灯损坏
    宣传栏内容过期
    垃圾分类混投
    露天焚烧秸秆
    公厕保洁不到位
    """
)


# -- filling templates ---------------------------------------------------------------------


class Values(dict):
    """A community's placeholders: its fixed values, and random ones drawn on first use
    in a sentence (so ``{road}`` twice in a sentence is the same road) and forgotten
    after it (``forget``)."""

    def __init__(self, fixed: dict, draw: dict[str, Callable[[], object]]):
        super().__init__(fixed)
        self.draw = draw
        self.drawn: list[str] = []

    def __missing__(self, key: str) -> object:
        value = self[key] = self.draw[key]()
        self.drawn.append(key)
        return value

    def forget(self) -> None:
        for key in self.drawn:
            del self[key]
        self.drawn.clear()


class Filler:
    """Fills templates for one community."""

    def __init__(self, info: CommunityInfo, profile: dict, rng: random.Random):
        self.rng = rng
        village = info.village
        teams = profile["team_names"] or ["志愿服务队"]
        vteams = profile["volunteer_teams"] or ["志愿服务队"]
        facilities = profile["facilities"]
        places = VILLAGE_PLACES if village else PLACES
        groups = VILLAGE_GROUPS if village else GROUPS
        projects = VILLAGE_PROJECTS if village else PROJECTS
        buildings = profile.get("buildings") or 20
        self.fixed = {
            "name": info.name,
            "district": info.district.name,
            "street": info.street.name,
            "city": CITY,
            "cw": "村" if village else "社区",
            "res": "村民" if village else "居民",
            "org": "村委会" if village else "居委会",
            "party": "村党总支" if village else rng.choice(["社区党委", "社区党总支", "社区党支部"]),
            "secretary": self.person(),
            "director": self.person(),
            "year": profile["founded"],
            "households": profile["households"],
            "population": profile["population"],
            "buildings": buildings,
            "area": profile.get("area_km2") or round(rng.uniform(0.1, 2.5), 2),
            "members": max(12, profile["population"] // rng.randint(18, 40)),
            "volunteers": max(20, profile["population"] // rng.randint(8, 15)),
            "elders": profile["population"] * rng.randint(18, 34) // 100,
            "teams": len(profile["teams"]),
            "kindphrase": rng.choice(VILLAGE_KIND_PHRASES if village else KIND_PHRASES),
            "direction": rng.choice(DIRECTIONS),
            "crop": rng.choice(CROPS),
            "next_year": BUILD_DATE.year + 1,
            "yr2": BUILD_DATE.year,
        }
        r = rng
        rand = rng.random  # the draws below inline FastRandom.choice and randint
        stems = MODIFIERS, PLACE_NOUNS

        def stem() -> str:
            if r.random() < 0.3:
                return r.choice(CURATED_STEMS)[0]
            return r.choice(stems[0])[0] + r.choice(stems[1])[0]

        def unit() -> str:
            return r.choice(UNIT_TEMPLATES).format(stem=stem(), district=info.district.name, street=info.street.name)

        def road() -> str:
            return stem() + r.choice(["路", "路", "街", "大街", "巷", "大道", "东路", "西路", "南路", "北路"])

        def activity() -> str:
            return r.choice(ACTIVITIES[r.choice(ACTIVITY_CATEGORIES)])

        self.draw: dict[str, Callable[[], object]] = {
            "team": lambda: teams[int(rand() * len(teams))],
            "team2": lambda: teams[int(rand() * len(teams))],
            "vteam": lambda: vteams[int(rand() * len(vteams))],
            "facility": lambda: facilities[int(rand() * len(facilities))],
            "facility2": lambda: facilities[int(rand() * len(facilities))],
            "place": lambda: places[int(rand() * len(places))],
            "place2": lambda: places[int(rand() * len(places))],
            "group": lambda: groups[int(rand() * len(groups))],
            "group2": lambda: groups[int(rand() * len(groups))],
            "n": lambda: (12 + int(rand() * 349)) * 10,
            "n2": lambda: (12 + int(rand() * 349)) * 10,
            "m": lambda: 2 + int(rand() * 8),
            "m2": lambda: 2 + int(rand() * 8),
            "k": lambda: 12 + int(rand() * 369),
            "k2": lambda: 3 + int(rand() * 58),
            "pct": lambda: 80 + int(rand() * 20),
            "pct2": lambda: 80 + int(rand() * 20),
            "pct_small": lambda: 12 + int(rand() * 24),
            "month": lambda: 1 + int(rand() * 11),
            "date": lambda: f"{1 + int(rand() * 11)}月{1 + int(rand() * 28)}日",
            "yr": lambda: 2018 + int(rand() * 8),
            "person": self.person,
            "person2": self.person,
            "elder": self.elder,
            "elder2": self.elder,
            "unit": unit,
            "unit2": unit,
            "road": road,
            "road2": road,
            "bldg": (lambda: f"{1 + int(rand() * 9)}组") if village else (lambda: f"{1 + int(rand() * buildings)}号楼"),
            "unit_no": lambda: 1 + int(rand() * 6),
            "letter": lambda: r.choice("ABCD"),
            "proj": lambda: projects[int(rand() * len(projects))],
            "proj2": lambda: projects[int(rand() * len(projects))],
            "slogan": lambda: SLOGANS[int(rand() * len(SLOGANS))],
            "company": lambda: stem() + r.choice(["物业服务有限公司", "物业管理有限公司", "物业公司"]),
            "time": lambda: TIMES[int(rand() * len(TIMES))],
            "day_phrase": lambda: DAY_PHRASES[int(rand() * len(DAY_PHRASES))],
            "period": lambda: PERIODS[int(rand() * len(PERIODS))],
            "job": lambda: JOBS[int(rand() * len(JOBS))],
            "sqm": lambda: (6 + int(rand() * 85)) * 10,
            "old": stem,
            "old2": stem,
            "km": lambda: 2 + int(rand() * 24),
            "mu": lambda: (30 + int(rand() * 471)) * 10,
            "issue": lambda: r.choice(VILLAGE_RECT_ISSUES if village else RECT_ISSUES),
            "activity": activity,
            "activity2": activity,
            "age": lambda: 68 + int(rand() * 25),
            "weak": lambda: WEAK_POINTS[int(rand() * len(WEAK_POINTS))],
            "wan": lambda: 20 + int(rand() * 881),
            "yuan": lambda: (12 + int(rand() * 79)) * 100,
            "yrs": lambda: 8 + int(rand() * 23),
        }
        self.values = Values(self.fixed, self.draw)

    def person(self) -> str:
        return self.rng.choice(SURNAMES)[0] + self.rng.choice(GIVEN_NAMES)

    def elder(self) -> str:
        if self.rng.random() < 0.2:
            return "老" + self.rng.choice(SURNAMES)[0]
        return self.rng.choice(SURNAMES)[0] + self.rng.choice(ELDER_TITLES)

    def __call__(self, template: str) -> str:
        values = self.values
        text = template.format_map(values)
        if values.drawn:
            values.forget()
        return text

    def sentences(self, pool: list[str], count: int) -> list[str]:
        return [self(t) for t in self.rng.sample(pool, min(count, len(pool)))]

    def composite(self, topic: Topic) -> str:
        """A sentence put together from a topic's actors, actions and effects."""
        rng = self.rng
        actor, action, effect = rng.choice(topic.actors), rng.choice(topic.actions), rng.choice(topic.effects)
        if rng.random() < 0.5:
            template = "{time}，" + actor + action + "，" + effect + "。"
        else:
            template = (
                actor
                + "{time}"
                + action
                + rng.choice(ACTION_JOINS)
                + action_two(topic, action, rng)
                + "，"
                + effect
                + "。"
            )
        return self(template)


def action_two(topic: Topic, first: str, rng: random.Random) -> str:
    second = rng.choice(topic.actions)
    while second == first:
        second = rng.choice(topic.actions)
    return second


# -- the narrative -------------------------------------------------------------------------


def nbytes(text: str) -> int:
    return len(text.encode("utf-8"))


def md_list(entries: list[str], numbered: bool) -> str:
    if numbered:
        return "".join(f"{i}. {e}\n" for i, e in enumerate(entries, 1))
    return "".join(f"- {e}\n" for e in entries)


def topic_section(topic: Topic, fill: Filler) -> list[str]:
    rng = fill.rng
    parts = [f"## {fill(rng.choice(topic.titles))}\n"]
    first = fill.sentences(topic.sentences, rng.randint(2, 3))
    first.insert(rng.randint(0, len(first)), fill.composite(topic))
    parts.append("".join(first) + "\n")
    layout = rng.random()
    items = fill.sentences(topic.items, rng.randint(3, 5))
    if rng.random() < 0.3:  # some lists in plain sentences instead of labelled entries
        items = [fill.composite(topic) for _ in range(rng.randint(3, 4))]
    numbered = rng.random() < 0.4
    if layout < 0.45:
        parts.append(f"### {fill(rng.choice(topic.subtitles))}\n")
        parts.append("".join(fill.sentences(topic.sentences, 2)) + "\n")
        parts.append(md_list(items, numbered))
    elif layout < 0.75:
        parts.append(md_list(items, numbered))
        parts.append(fill.composite(topic) + "".join(fill.sentences(topic.sentences, 1)) + "\n")
    else:
        subtitles = rng.sample(topic.subtitles, 2)
        for subtitle in subtitles:
            parts.append(f"### {fill(subtitle)}\n")
            parts.append("".join(fill.sentences(topic.sentences, 2)) + "\n")
    return parts


def overview_section(info: CommunityInfo, fill: Filler) -> str:
    rng = fill.rng
    village = info.village
    title = rng.choice(["村情概况", "基本情况", "村庄概况"] if village else ["社区概况", "基本情况", "社区简介"])
    parts = [f"## {title}\n"]
    opening = fill(rng.choice(VILLAGE_OPENINGS if village else OPENINGS))
    pool = VILLAGE_OVERVIEW_SENTENCES if village else OVERVIEW_SENTENCES
    sentences = fill.sentences(pool, rng.randint(3, 5))
    split = rng.randint(1, len(sentences) - 1)
    parts.append(opening + "".join(sentences[:split]) + "\n")
    parts.append("".join(sentences[split:]) + "\n")
    if rng.random() < 0.5:
        rows = rng.sample(VILLAGE_DATA_ROWS if village else DATA_ROWS, rng.randint(4, 6))
        parts.append(f"### {fill(rng.choice(DATA_TABLE_TITLES))}\n")
        parts.append(
            "| 项目 | 数据 |\n|---|---|\n" + "".join(f"| {label} | {fill(value)} |\n" for label, value in rows)
        )
    return "\n".join(parts)


def activities_section(fill: Filler, teams: list[str]) -> str:
    rng = fill.rng
    organizers = [*teams, "{party}", "{org}", "{unit}", "{vteam}", "{cw}妇联", "{cw}团支部"]
    months = sorted(rng.sample(range(1, BUILD_DATE.month + 1), rng.randint(4, 8)))
    rows = []
    for month in months:
        category = rng.choice(ACTIVITY_CATEGORIES)
        rows.append(
            f"| {month}月{rng.randint(1, 28)}日 | {rng.choice(ACTIVITIES[category])} | {category} "
            f"| {rng.randint(15, 600)} | {fill(rng.choice(organizers))} |\n"
        )
    return (
        f"## {fill(rng.choice(ACTIVITY_TITLES))}\n\n{fill(rng.choice(ACTIVITY_INTROS))}\n\n"
        "| 日期 | 活动 | 类别 | 参与人次 | 组织者 |\n|---|---|---|---|---|\n" + "".join(rows)
    )


def voices_section(fill: Filler) -> list[str]:
    rng = fill.rng
    parts = [f"## {fill(rng.choice(VOICE_TITLES))}\n"]
    for voice in rng.sample(VOICES, rng.randint(2, 4)):
        source = fill(rng.choice(VOICE_SOURCES))
        text = fill(voice).replace("“", "‘").replace("”", "’")  # quotes in a quote
        if rng.random() < 0.5:
            parts.append(f"> “{text}”\n>\n> ——{source}\n")
        else:
            parts.append(f"{source}说：“{text}”\n")
    return parts


def problems_section(fill: Filler) -> list[str]:
    rng = fill.rng
    intro = rng.choice(
        [
            "对照测评标准，{cw}工作还存在一些不足：",
            "{res}反映较多、{cw}正在解决的问题主要有：",
            "自查中发现的主要问题：",
        ]
    )
    items = fill.sentences(PROBLEMS, rng.randint(3, 5))
    return [f"## {fill(rng.choice(PROBLEM_TITLES))}\n", f"{fill(intro)}\n\n" + md_list(items, rng.random() < 0.3)]


def plan_section(fill: Filler) -> str:
    rng = fill.rng
    items = fill.sentences(PLANS, rng.randint(3, 5))
    return (
        f"## {fill(rng.choice(PLAN_TITLES))}\n\n" + md_list(items, True) + "\n" + fill(rng.choice(PLAN_CLOSINGS)) + "\n"
    )


def narrative(info: CommunityInfo, profile: dict, fill: Filler) -> str:
    """3–6 KB of Markdown: overview, some topics, an activity table, the plan."""
    rng = fill.rng
    target = int(rng.triangular(*BODY_TARGET))
    head = overview_section(info, fill)
    table = activities_section(fill, profile["team_names"])
    tail = plan_section(fill)
    size = nbytes(head) + nbytes(table) + nbytes(tail) + 3  # + the blank lines between blocks
    topics = [t for t in TOPICS if t.village is None or t.village == info.village]
    builders: list[Callable[[], list[str]]] = [
        lambda t=t: topic_section(t, fill) for t in rng.sample(topics, len(topics))
    ]
    builders.insert(rng.randint(1, len(builders)), lambda: voices_section(fill))
    builders.insert(rng.randint(2, len(builders)), lambda: problems_section(fill))
    middle: list[str] = []
    for build in builders:
        if size >= target - 250:  # a section's heading and first paragraph are longer
            break
        # As much of the section as fits: its parts up to a paragraph or list (never
        # ending on a heading), at least the heading and the first paragraph.
        parts = build()
        keep, kept_size, used = 0, 0, 0
        for i, part in enumerate(parts):
            used += nbytes(part) + (1 if i else 0)
            if size + used + 1 > target:
                break
            if not part.startswith("#"):
                keep, kept_size = i + 1, used
        if keep:
            middle.append("\n".join(parts[:keep]))
            size += kept_size + 1
    pool = VILLAGE_OVERVIEW_SENTENCES if info.village else OVERVIEW_SENTENCES
    while size < BODY_MIN:  # short of the minimum: one more paragraph in the overview
        extra = "".join(fill.sentences(pool, 2)) + "\n"
        head += "\n" + extra
        size += nbytes(extra) + 1
    middle.insert(rng.randint(min(1, len(middle)), len(middle)), table)
    return "\n".join([head, *middle, tail])


# -- a community's files ----------------------------------------------------------------


def make_profile(info: CommunityInfo, rng: random.Random) -> dict:
    village = info.village
    households = rng.randint(150, 1600) if village else rng.randint(300, 6000)
    profile: dict = {
        "founded": rng.randint(1950, 2005) if village else rng.randint(1956, 2020),
        "households": households,
        "population": int(households * rng.uniform(2.3, 3.4)),
        "buildings": None if village else rng.randint(6, 80),
        "area_km2": (rng.randint(80, 900) if village else rng.randint(8, 420)) / 100 if rng.random() < 0.9 else None,
        "facilities": rng.sample(VILLAGE_FACILITIES if village else FACILITIES, rng.randint(3, 8)),
    }
    short = info.name.removesuffix("社区").removesuffix("村")[:2]
    teams: list[dict] = []
    names: list[str] = []
    for kind in rng.sample(["文体", "文体", "文体", "志愿服务", "志愿服务", "志愿服务", "其他"], rng.randint(2, 6)):
        base = rng.choice(TEAM_NAMES[kind])
        if base in VILLAGE_ONLY_TEAMS and not village:
            continue
        name = short + base if rng.random() < 0.35 else base
        if name in names:
            continue
        names.append(name)
        fields = {"name": q(name), "kind": kind}
        if rng.random() < 0.85:
            fields["members"] = rng.randint(5, 200)
        teams.append(fields)
    profile["teams"] = teams
    profile["team_names"] = names
    profile["volunteer_teams"] = [t for t, f in zip(names, teams, strict=True) if f["kind"] == "志愿服务"]
    return profile


def front_matter(info: CommunityInfo, profile: dict, fill: Filler, rng: random.Random) -> str:
    district, street = info.district.name, info.street.name
    out = ["---", f"name: {q(info.name)}", f"district: {q(district)}", f"street: {q(street)}"]
    out.append(f"summary: {q(rng.choice(VILLAGE_SUMMARIES if info.village else SUMMARIES))}")
    if profile["area_km2"] is not None:
        out.append(f"area_km2: {profile['area_km2']}")
    out += [f"households: {profile['households']}", f"population: {profile['population']}"]
    if profile["buildings"] is not None:
        out.append(f"buildings: {profile['buildings']}")
    out += [f"founded: {profile['founded']}", "facilities:", *[f"  - {q(f)}" for f in profile["facilities"]]]
    out.append("teams:")
    out += [f"  - {flow_map(t)}" for t in profile["teams"]]
    out += [
        "contact:",
        f"  address: {q(district + street + fill('{road}') + str(rng.randint(1, 399)) + '号')}",
        f'  phone: "0600-6{rng.randint(100, 999)} {rng.randint(1000, 9999)}"',
        f"  email: {info.slug}@{info.district.code}.example",
        f"  hours: {q(rng.choice(['工作日 9:00—18:00', '工作日 8:30—17:30，周六上午值班', '周一至周六 9:00—17:00', '周一至周五 8:30—17:30，节假日有人值班']))}",
    ]
    honors = rng.sample(HONOR_TITLES, rng.randint(0, 4))
    if honors:
        out.append("honors:")
        revoke_index = rng.randrange(len(honors)) if rng.random() < 0.1 else -1
        subst = {"city": CITY, "district": district, "street": street}
        for i, (title, level, issuer) in enumerate(honors):
            title = title.format(**subst)
            if info.village:
                title = title.replace("社区居委会", "村民委员会").replace("社区", "村")
            year = rng.randint(2012, 2026)
            out += [
                f"  - title: {q(title)}",
                f"    level: {level}",
                f"    year: {year}",
                f"    issuer: {q(issuer.format(**subst))}",
            ]
            if i == revoke_index:
                revoked = rand_date(rng, dt.date(max(year, 2020), 1, 1), dt.date(2026, 11, 20))
                out += [
                    "    revoked:",
                    f"      date: {revoked.isoformat()}",
                    f"      reason: {q(rng.choice(REVOKE_REASONS))}",
                ]
    out.append("---")
    return "\n".join(out) + "\n"


def achievements_yaml(fill: Filler, rng: random.Random) -> str:
    out = []
    dates = sorted(rand_date(rng, dt.date(2024, 1, 1), dt.date(2026, 11, 20)) for _ in range(rng.randint(2, 8)))
    for d in dates:
        category = rng.choice(ACTIVITY_CATEGORIES)
        title = rng.choice(ACTIVITIES[category])
        if category == "文体活动" and rng.random() < 0.4:
            title = f"第{rng.randint(2, 12)}届{title}"
        out += [f"- date: {d.isoformat()}", f"  title: {q(title)}", f"  category: {category}"]
        if rng.random() < 0.8:
            out.append(f"  participants: {rng.randint(10, 800)}")
        if rng.random() < 0.7:
            out.append(f"  summary: {q(fill(rng.choice(ACHIEVEMENT_SUMMARIES)))}")
    return "\n".join(out) + "\n"


def rectifications_yaml(info: CommunityInfo, fill: Filler, rng: random.Random) -> str | None:
    count = rng.choices(range(7), [15, 15, 20, 20, 14, 10, 6])[0]
    if count == 0:
        return None
    locations = VILLAGE_RECT_LOCATIONS if info.village else RECT_LOCATIONS
    issues = VILLAGE_RECT_ISSUES if info.village else RECT_ISSUES
    out = []
    founds = sorted(rand_date(rng, dt.date(2025, 1, 1), dt.date(2026, 11, 15)) for _ in range(count))
    for i, found in enumerate(founds):
        deadline = found + dt.timedelta(days=rng.choice([5, 7, 10, 15, 30, 30, 45, 60, 90]))
        out += [
            f'- id: "ZG-{found.year}-{i + 1:02d}"',
            f"  found: {found.isoformat()}",
            f"  source: {rng.choice(['督查', '暗访', '测评', '群众反映', '群众反映', '自查'])}",
            f"  location: {q(fill(rng.choice(locations)))}",
            f"  issue: {q(rng.choice(issues))}",
            f"  deadline: {deadline.isoformat()}",
        ]
        if rng.random() < 0.65:  # closed, on time or late
            late = rng.random() < 0.2
            closed = deadline + dt.timedelta(days=rng.randint(1, 40)) if late else rand_date(rng, found, deadline)
            if closed <= BUILD_DATE:
                out.append(f"  closed: {closed.isoformat()}")
                if rng.random() < 0.7:
                    out.append(f"  response: {q(rng.choice(RECT_RESPONSES))}")
        # otherwise open or overdue, depending on the build date
    return "\n".join(out) + "\n"


# -- frameworks and evaluations --------------------------------------------------------------


@dataclass
class FrameworkInfo:
    id: str
    content_ids: list[str]
    states: list[str]
    special_max: float
    vetoes: list[str]
    quoted_ids: list[str] = field(default_factory=list)  # as YAML keys: "1"

    def __post_init__(self) -> None:
        self.quoted_ids = [json.dumps(cid) for cid in self.content_ids]


def read_frameworks(folder: Path) -> list[FrameworkInfo]:
    """Content ids, states and vetoes of each framework, as written (BaseLoader: all text)."""
    out = []
    for path in sorted(folder.glob("*.yml")):
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
            ids = [
                str(content["id"])
                for item in data["items"]
                for indicator in item["indicators"]
                for content in indicator["contents"]
            ]
            info = FrameworkInfo(
                id=data["id"],
                content_ids=ids,
                states=list(data["states"]),
                special_max=float(data.get("special_max", 0)),
                vetoes=[v["id"] for v in data.get("vetoes", []) or []],
            )
        except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError):
            continue  # not usable for evaluations here; --check reports what is wrong with it
        out.append(info)
    return out


FRAMEWORK_ITEMS = [
    (
        "领导有力 制度健全",
        [
            ("社区组织建设", ["党组织建设", "居民自治建设", "社区工作者队伍"]),
            ("创建工作机制", ["组织领导", "工作机制", "档案管理"]),
        ],
    ),
    (
        "安全稳定 秩序优良",
        [
            ("治安防范", ["群防群治", "技防设施", "矛盾纠纷调解"]),
            ("公共安全", ["消防安全", "出租房屋管理", "应急管理"]),
            ("公共秩序", ["停车秩序", "沿街商户管理", "文明养犬"]),
        ],
    ),
    (
        "环境整洁 美丽宜居",
        [
            ("环境卫生", ["楼道卫生", "背街小巷", "垃圾分类"]),
            ("绿化美化", ["绿地养护", "公共设施维护", "违法建设治理"]),
        ],
    ),
    (
        "服务完善 便民利民",
        [
            ("便民服务", ["一站式服务", "接诉即办", "为民办实事"]),
            ("为老为小服务", ["养老服务", "托育和儿童服务", "健康服务"]),
            ("困难群体帮扶", ["社会救助", "残疾人服务", "就业服务"]),
        ],
    ),
    (
        "风尚文明 邻里和睦",
        [("思想道德", ["公益广告", "市民学校", "好人好事"]), ("文明风尚", ["文明家庭", "移风易俗", "邻里节"])],
    ),
    (
        "群众参与 共建共享",
        [("志愿服务", ["志愿者队伍", "志愿服务项目", "时间银行"]), ("文体活动", ["文体团队", "全民健身", "传统节日"])],
    ),
]
FRAMEWORK_STANDARDS = lines(
    """
    有专人负责{t}工作，职责明确、分工清楚
    {t}有年度计划和工作台账，资料齐全、按年归档
    {t}情况每季度向居民公开，接受居民监督
    居民对{t}工作的满意度不低于80%
    {t}相关问题发现后能在规定时限内整改
    {t}经费和场地有保障，使用情况公开
    与驻区单位在{t}方面建立共建机制，每年联合活动不少于3次
    {t}做法有特色，被区级以上媒体或部门推广
    """
)
FRAMEWORK_METHODS = ["材料审核", "实地考察", "问卷调查"]


def write_own_framework(folder: Path, rng: random.Random) -> Path:
    """A contract-valid framework with 42 contents (6 items, 14 indicators), points in
    tenths summing to basic_total 90."""
    contents = [title for _, indicators in FRAMEWORK_ITEMS for _, titles in indicators for title in titles]
    assert len(contents) == CONTENTS_WANTED
    tenths = [rng.randint(15, 28) for _ in contents]
    while sum(tenths) != 900:
        i = rng.randrange(len(tenths))
        if sum(tenths) < 900 and tenths[i] < 40:
            tenths[i] += 1
        elif sum(tenths) > 900 and tenths[i] > 10:
            tenths[i] -= 1
    out = [
        f"# {CITY}文明社区测评体系（基准测试版）：自动生成，6 个测评项目、14 个指标、42 条测评内容",
        "id: bench-42",
        f"title: {CITY}文明社区测评体系（基准测试版）",
        f"issuer: {CITY}精神文明建设委员会办公室",
        "effective: 2025-01-01",
        "states: {a: 1.0, b: 0.7, c: 0.5, d: 0.3}",
        "basic_total: 90",
        "special_max: 10",
        "bands:",
        '  - {min: 90, label: 优秀, color: "#2e7d32"}',
        '  - {min: 80, label: 良好, color: "#1565c0"}',
        '  - {min: 60, label: 合格, color: "#6d4c41"}',
        '  - {min: 0, label: 不合格, color: "#c62828"}',
        "vetoes:",
        "  - {id: satisfaction, label: 群众满意度低于60%}",
        "  - {id: major-incident, label: 发生重大安全责任事故}",
        "items:",
    ]
    number = 0
    for i, (item_title, indicators) in enumerate(FRAMEWORK_ITEMS, 1):
        out += [f'  - id: "{i}"', f"    title: {item_title}", "    indicators:"]
        for j, (indicator_title, titles) in enumerate(indicators, 1):
            out += [f'      - id: "{i}.{j}"', f"        title: {indicator_title}", "        contents:"]
            for title in titles:
                points = tenths[number]
                number += 1
                standards = [s.format(t=title) for s in rng.sample(FRAMEWORK_STANDARDS, rng.randint(2, 4))]
                n = len(standards)
                if n > 2:
                    rule = f"符合全部{n}项标准为a；符合{n - 1}项为b；符合{n - 2}项为c；其余情形为d"
                else:
                    rule = "符合全部2项标准为a；符合第1项为b；符合第2项为c；均不符合为d"
                methods = rng.sample(FRAMEWORK_METHODS, rng.randint(1, 3))
                out += [
                    f'          - id: "{number}"',
                    f"            title: {title}",
                    f"            points: {points // 10}.{points % 10}",
                    "            standards:",
                    *[f"              - {q(s)}" for s in standards],
                    f"            rule: {rule}",
                    f"            methods: [{', '.join(methods)}]",
                ]
    path = folder / "bench-42.yml"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


EVALUATION_NOTES = lines(
    """
    居民满意度{pct}%
    问卷回收{n}份，有效率{pct2}%
    抽查{m}个楼道，{m2}个有堆物
    创建档案缺{month}月会议记录
    志愿者注册率{pct_small}%
    现场发现{place}{issue}，已限期整改
    公益广告{m}处褪色破损
    市民学校全年授课{k2}次
    台账齐全，记录规范
    入户核实{m}户，均知晓测评内容
    暗访时{place}无人值守
    整改台账{k2}条问题已销号{pct}%
    """
)
SPECIAL_TITLES = lines(
    """
    时间银行志愿服务
    老年助餐
    四点半课堂
    楼门长自治
    邻里节
    红色物业
    积分超市
    口袋公园共建
    垃圾分类示范
    老旧小区加装电梯
    适老化改造
    家风家训馆
    """
)


def evaluation_yaml(
    info: CommunityInfo, fw: FrameworkInfo, year: int, quality: float, fill: Filler, rng: random.Random
) -> str:
    if year == BUILD_DATE.year:
        date = rand_date(rng, dt.date(year, 9, 1), BUILD_DATE - dt.timedelta(days=13))
    else:
        date = rand_date(rng, dt.date(year, 9, 1), dt.date(year, 11, 30))
    base = [4 + 14 * quality, 4.0, 0.4 + 1.6 * (1 - quality), 0.05 + 0.5 * (1 - quality)]
    weights = base[: len(fw.states)] + [0.2] * max(0, len(fw.states) - 4)
    shown = [state if re.fullmatch("[a-d]", state) else json.dumps(state, ensure_ascii=False) for state in fw.states]
    states = rng.choices(shown, weights, k=len(fw.content_ids))
    evaluator = rng.choice(
        [
            f"{info.district.name}文明办",
            f"{CITY}文明办第{rng.randint(1, 9)}测评组",
            f"{info.district.name}精神文明建设委员会办公室",
        ]
    )
    out = [f"framework: {fw.id}", f"date: {date.isoformat()}", f"evaluator: {q(evaluator)}", "states:"]
    out += [f"  {cid}: {state}" for cid, state in zip(fw.quoted_ids, states, strict=True)]
    if rng.random() < 0.7:
        noted = rng.sample(fw.content_ids, min(len(fw.content_ids), rng.randint(1, 6)))
        out.append("notes:")
        out += [
            f"  {json.dumps(cid)}: {q(fill(rng.choice(EVALUATION_NOTES)))}"
            for cid in sorted(noted, key=fw.content_ids.index)
        ]
    if fw.special_max > 0 and rng.random() < 0.7:
        out.append("special:")
        for title in rng.sample(SPECIAL_TITLES, rng.randint(1, 4)):
            out.append(f"  - {{title: {q(title)}, points: {rng.choice(['0.5', '1', '1.5', '2', '2.5', '3', '4'])}}}")
    if fw.vetoes and rng.random() < 0.02:
        out.append(f"vetoes: [{rng.choice(fw.vetoes)}]")
    return "\n".join(out) + "\n"


# -- policies and notices ------------------------------------------------------------------

POLICY_TEXT = """## 第一章 总则

**第一条** 为深化群众性精神文明创建活动，规范文明社区的创建、测评和动态管理，制定本办法。

**第二条** 文明社区创建坚持居民主体、公开透明、动态管理的原则，创建成果接受群众监督。

## 第二章 测评与公示

**第三条** 文明社区测评依据公开的测评体系逐项计分，测评结果应当公示，公示期不少于5个工作日。

**第四条** 对发生严重问题的文明社区，经审定后撤销其称号，撤销决定应当公示。
"""
DISTRICT_ARTICLES = lines(
    """
    各街道（镇）是本辖区文明社区创建的责任主体，街道（镇）党（工）委书记是第一责任人。
    区文明办每年{month}月组织年度测评，测评结果在区政府网站和本平台公示，公示期不少于5个工作日。
    社区（村）应当建立创建工作台账，台账资料按年度归档，保存期限不少于3年。
    年度测评得分85分以上的社区（村），由区文明委命名为区级文明社区（村），并优先向市里推荐。
    年度测评得分低于60分，或者发生一票否决情形的，取消当年评选资格，并限期整改。
    整改期限一般不超过30日；逾期未整改的问题，在整改台账中标注为逾期，并在下一年度测评中扣分。
    群众反映的问题，社区（村）应当在5个工作日内答复，答复情况纳入年度测评。
    区财政每年安排创建专项经费，按测评结果以奖代补，用于社区（村）公益设施建设。
    驻区单位应当与所在社区（村）签订共建协议，每年联合开展活动不少于3次。
    志愿服务时长纳入“时间银行”管理，可按规定兑换服务或者作为评先评优的参考。
    已命名的文明社区（村）实行动态管理，每年复查一次，复查不合格的撤销称号。
    本细则由区文明办负责解释，自印发之日起施行。
    """
)


CHINESE_NUMBERS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]


def write_policies(content: Path, districts: list[District], rng: random.Random) -> list[str]:
    policies = content / "policies"
    policies.mkdir(parents=True, exist_ok=True)
    written = {
        "wenming-shequ-banfa-2019": (
            "---\n"
            f"title: {CITY}文明社区建设管理办法（试行）\n"
            f"issuer: {CITY}精神文明建设委员会\n"
            "issued: 2019-03-12\n"
            f'doc_number: "{CITY_ABBR}文明委〔2019〕5号"\n'
            "effective: 2019-04-01\n"
            "repealed: 2025-01-01\n"
            "tags: [文明社区, 管理办法]\n"
            "---\n\n本办法已于2025年1月1日废止，以下为原文要点，仅供查阅。\n\n" + POLICY_TEXT
        ),
        "wenming-shequ-banfa-2024": (
            "---\n"
            f"title: {CITY}文明社区建设管理办法\n"
            f"issuer: {CITY}精神文明建设委员会\n"
            "issued: 2024-11-20\n"
            f'doc_number: "{CITY_ABBR}文明委〔2024〕3号"\n'
            "effective: 2025-01-01\n"
            "supersedes: [wenming-shequ-banfa-2019]\n"
            "tags: [文明社区, 管理办法, 测评体系, 公示]\n"
            "---\n\n" + POLICY_TEXT
        ),
        "zhenggai-bihuan-guiding": (
            "---\n"
            f"title: {CITY}文明创建问题整改闭环管理规定\n"
            f"issuer: {CITY}精神文明建设委员会办公室\n"
            "issued: 2025-03-01\n"
            f'doc_number: "{CITY_ABBR}文明办〔2025〕2号"\n'
            "effective: 2025-03-15\n"
            "tags: [整改台账, 闭环管理]\n"
            "---\n\n"
            "**第一条** 为及时发现和解决文明创建中的问题，形成“发现—交办—整改—复核—销号”的闭环，制定本规定。\n\n"
            "**第二条** 问题来源包括上级督查、明察暗访、年度测评、群众反映和社区自查，统一录入社区整改台账。\n\n"
            "**第三条** 每条问题应当写明发现日期、来源、具体点位、问题描述和整改时限。\n\n"
            "**第四条** 问题整改完成后，由街道（镇）组织复核，复核合格的予以销号。超过时限未销号的，标注为逾期。\n"
        ),
        "gongshi-gongzuo-guifan": (
            "---\n"
            f"title: {CITY}文明创建公示工作规范\n"
            f"issuer: {CITY}精神文明建设委员会办公室\n"
            "issued: 2025-06-10\n"
            f'doc_number: "{CITY_ABBR}文明办〔2025〕7号"\n'
            "tags: [公示, 群众监督]\n"
            "---\n\n"
            "**第一条** 推荐名单、测评结果、评选表彰和撤销称号等事项，应当在作出决定前向社会公示。\n\n"
            "**第二条** 公示应当写明公示对象、发布单位、起止日期和反映意见的渠道，公示期一般为5至7个工作日。\n\n"
            "**第三条** 公示期满，发布单位应当公布处理结果；公示期内收到的异议，应当逐件核实并答复。\n"
        ),
    }
    for district in districts:
        year = rng.randint(2025, 2026)
        issued = rand_date(rng, dt.date(year, 1, 5), dt.date(year, 10, 31))
        articles = rng.sample(DISTRICT_ARTICLES[:-1], rng.randint(5, 8)) + DISTRICT_ARTICLES[-1:]
        body = "\n\n".join(
            f"**第{CHINESE_NUMBERS[i]}条** {a.format(month=rng.randint(9, 11))}" for i, a in enumerate(articles, 1)
        )
        written[f"{district.code}-chuangjian-xize"] = (
            "---\n"
            f"title: {district.name}文明社区（村）创建实施细则\n"
            f"issuer: {district.name}精神文明建设委员会\n"
            f"issued: {issued.isoformat()}\n"
            f'doc_number: "{district.name[0]}文明委〔{year}〕{rng.randint(1, 20)}号"\n'
            f"effective: {(issued + dt.timedelta(days=rng.randint(0, 30))).isoformat()}\n"
            "tags: [文明社区, 实施细则]\n"
            "---\n\n"
            f"根据《{CITY}文明社区建设管理办法》，结合{district.name}实际，制定本细则。\n\n" + body + "\n"
        )
    for slug, text in written.items():
        (policies / f"{slug}.md").write_text(text, encoding="utf-8")
    return list(written)


NOTICE_KINDS = [  # kind, slug part, weight, scope
    ("推荐名单", "tuijian", 2, "city"),
    ("初评结果", "chuping", 2, "district"),
    ("测评结果", "ceping", 2, "district"),
    ("评选表彰", "biaozhang", 2, "district"),
    ("撤销称号", "chexiao", 0.6, "community"),
    ("整改情况", "zhenggai", 2, "street"),
    ("其他", "qita", 1, "community"),
]
NOTICE_RESULTS = {
    "推荐名单": [
        "公示期内未收到异议，名单按程序上报。",
        "公示期内收到异议{m}件，经复核均不成立，名单按程序上报。",
        "公示期内收到群众反映{m}件，其中1件经核实成立，相关社区已取消推荐资格，其余名单按程序上报。",
    ],
    "初评结果": ["公示期内未收到异议，初评结果维持不变。", "公示期内收到异议{m}件，经复核均不成立，初评结果维持不变。"],
    "测评结果": [
        "公示期内未收到异议，测评结果维持不变。",
        "公示期内收到异议{m}件，经复核均不成立，测评结果维持不变。",
        "公示期内收到异议{m}件，经复核1件成立，相关测评内容已重新评定并在社区页面更新。",
    ],
    "评选表彰": ["公示期满无异议，已正式发文命名。", "公示期内收到异议{m}件，经核实均不成立，已正式发文命名。"],
    "撤销称号": [
        "公示期内未收到异议，撤销决定自公示期满之日起生效。",
        "公示期内收到反映{m}件，经复核撤销理由成立，维持撤销决定。",
    ],
    "整改情况": [
        "公示期内收到意见{m}件，均已电话答复反映人，整改进展将在下次公示中一并公开。",
        "公示期内未收到新的意见，所列问题已全部销号。",
    ],
    "其他": ["公示期内收到意见{m}件，已汇总研究，结果另行公布。", "公示期满无异议，按程序办理。"],
}


def notice_dates(index: int, rng: random.Random) -> tuple[dt.date, dt.date, str]:
    """Start, end and the status on the build date: the first notice is open, the second
    closed; then mostly closed, some open, some upcoming."""
    kind = (
        "open"
        if index == 0
        else "closed"
        if index == 1
        else rng.choices(["closed", "open", "upcoming"], [70, 15, 15])[0]
    )
    length = rng.choice([4, 5, 6, 7, 9])
    if kind == "open":
        start = BUILD_DATE - dt.timedelta(days=rng.randint(0, length))
    elif kind == "closed":
        start = rand_date(rng, dt.date(2024, 3, 1), BUILD_DATE - dt.timedelta(days=length + 1))
    else:
        start = BUILD_DATE + dt.timedelta(days=rng.randint(1, 60))
    return start, start + dt.timedelta(days=length), kind


def write_notices(content: Path, infos: list[CommunityInfo], districts: list[District], rng: random.Random) -> int:
    notices = content / "notices"
    notices.mkdir(parents=True, exist_ok=True)
    by_district: dict[str, list[CommunityInfo]] = {d.name: [] for d in districts}
    by_street: dict[str, list[CommunityInfo]] = {}
    for info in infos:
        by_district[info.district.name].append(info)
        by_street.setdefault(info.street.name, []).append(info)
    street_names = list(by_street)
    count = max(2, round(len(infos) / 50))
    for index in range(count):
        kind, code, _, scope = rng.choices(NOTICE_KINDS, [k[2] for k in NOTICE_KINDS])[0]
        intro = ""  # set below for 其他, whose text depends on the notice
        start, end, status = notice_dates(index, rng)
        year = start.year if start.month > 3 else start.year - 1  # the evaluation year it is about
        phone = f'"0600-6{rng.randint(100, 999)} {rng.randint(1000, 9999)}"'
        if scope == "city":
            subjects = rng.sample(infos, min(len(infos), rng.randint(5, 15)))
            issuer, where, email = f"{CITY}精神文明建设委员会办公室", CITY, "wmb@qingzhou.example"
            title = f"{year}年度{CITY}文明社区（村）推荐名单公示"
        elif scope == "district":
            district = rng.choice([d for d in districts if by_district[d.name]])
            pool = by_district[district.name]
            subjects = rng.sample(pool, min(len(pool), rng.randint(3, 12)))
            issuer, where, email = f"{district.name}精神文明建设委员会", district.name, f"wmb@{district.code}.example"
            title = {
                "初评结果": f"{year}年度{district.name}文明社区（村）初评结果公示",
                "测评结果": f"{year}年度{district.name}文明社区（村）测评结果公示",
                "评选表彰": f"{year}年度{district.name}文明社区（村）拟命名名单公示",
            }[kind]
        elif scope == "street":
            street = rng.choice(street_names)
            pool = by_street[street]
            subjects = rng.sample(pool, min(len(pool), rng.randint(1, 3)))
            district = subjects[0].district
            issuer, where, email = (
                f"{street}办事处",
                district.name + street,
                f"{subjects[0].street.stem_pinyin}@{district.code}.example",
            )
            title = f"{street}{year}年度文明创建问题整改情况公示"
        else:
            subject = rng.choice(infos)
            subjects = [subject]
            district = subject.district
            if kind == "撤销称号":
                issuer = f"{district.name}精神文明建设委员会"
                title = f"关于拟撤销{subject.name}“{district.name}文明社区”称号的公示"
            else:
                issuer = f"{subject.street.name}办事处"
                res = "村民" if subject.village else "居民"
                if rng.random() < 0.5:
                    title = f"{subject.name}{year}年度“五好文明家庭”初评结果公示"
                    intro = (
                        f"经{res}推荐、{'村民小组长' if subject.village else '楼门长'}初审，初评名单如下，现予公示。\n"
                    )
                else:
                    title = f"{subject.name}{year + 1}年为民办实事项目征集公示"
                    intro = f"现面向{res}征集下一年度为民办实事项目，欢迎提出意见建议。\n"
            where, email = district.name + subject.street.name, f"{subject.slug}@{district.code}.example"
        out = [
            "---",
            f"title: {q(title)}",
            f"kind: {kind}",
            f"issuer: {q(issuer)}",
            f"start: {start.isoformat()}",
            f"end: {end.isoformat()}",
            "subjects:",
            *[f"  - {s.slug}" for s in subjects],
            "channels:",
            f"  phone: {phone}",
        ]
        if rng.random() < 0.7:
            out.append(f"  email: {email}")
        if rng.random() < 0.6:
            out.append(
                f"  address: {q(where + rng.choice(['人民路', '文化街', '建设路', '政通路']) + str(rng.randint(1, 200)) + '号')}"
            )
        if rng.random() < 0.5:
            out.append("  hours: 工作日 9:00—12:00，14:00—17:30")
        if status == "closed" and rng.random() < 0.8:
            out.append(f"result: {q(rng.choice(NOTICE_RESULTS[kind]).format(m=rng.randint(1, 4)))}")
        out.append("---")
        body = [intro if kind == "其他" else notice_intro(kind, len(subjects))]
        if len(subjects) > 3 or rng.random() < 0.5:
            body.append(
                "| 序号 | 名称 | 区（县） | 街道（镇、乡） |\n|---|---|---|---|\n"
                + "".join(
                    f"| {i} | {s.name} | {s.district.name} | {s.street.name} |\n" for i, s in enumerate(subjects, 1)
                )
            )
        else:
            body.append("".join(f"- {s.name}（{s.district.name}{s.street.name}）\n" for s in subjects))
        body.append(
            f"公示期为{start.month}月{start.day}日至{end.month}月{end.day}日，起止日期均计入。公示期内如有异议，请通过上述渠道实名反映。\n"
        )
        slug = f"{start.year}-{code}-{index + 1:04d}"
        (notices / f"{slug}.md").write_text("\n".join(out) + "\n\n" + "\n".join(body), encoding="utf-8")
    return count


def notice_intro(kind: str, count: int) -> str:
    return {
        "推荐名单": f"经各区（县）推荐、市文明办组织测评，拟推荐以下{count}个社区（村）为{CITY}文明社区（村），现予公示。\n",
        "初评结果": f"根据年度测评安排，区文明办组织对各社区（村）进行了初评，以下{count}个社区（村）初评合格，现予公示。\n",
        "测评结果": f"年度测评已经结束，以下{count}个社区（村）的测评结果已在本平台各社区页面公布，现予公示。\n",
        "评选表彰": f"根据年度测评结果，以下{count}个社区（村）得分在85分以上，拟命名为区级文明社区（村）。\n",
        "撤销称号": "经复查，该社区存在测评体系规定的严重问题，且限期整改未完成，拟撤销其称号，现予公示。\n",
        "整改情况": f"针对年度测评和日常督查中发现的问题，以下{count}个社区（村）制定了整改清单，现将整改进展公示如下，请群众监督。\n",
    }[kind]


# -- the site -------------------------------------------------------------------------------


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


def site_pages(content: Path, n: int, districts: list[District]) -> None:
    streets = sum(len(d.streets) for d in districts)
    (content / "index.md").write_text(
        f"# {CITY}文明创建风采展示（基准测试数据）\n\n"
        f"本站为自动生成的测试数据，共{n}个社区（村），分布在{len(districts)}个区（县）的{streets}个街道（镇、乡）。"
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


def generate(n: int, out_dir: Path | str, seed: int = 1, frameworks_dir: Path | None = FRAMEWORKS_DIR) -> Path:
    """Write ``out_dir/content`` with N communities; return the content folder."""
    rng = FastRandom(seed)
    content = Path(out_dir) / "content"
    if content.exists() and any(content.iterdir()):
        raise SystemExit(f"{content} exists and is not empty; choose another OUT_DIR")
    content.mkdir(parents=True, exist_ok=True)

    target = content / "policies" / "frameworks"
    target.mkdir(parents=True, exist_ok=True)
    if frameworks_dir is not None and frameworks_dir.is_dir():
        for path in sorted(frameworks_dir.glob("*.yml")):
            shutil.copy2(path, target / path.name)
    usable = [
        f
        for f in read_frameworks(target)
        if len(f.content_ids) == CONTENTS_WANTED and len(set(f.content_ids)) == CONTENTS_WANTED
    ]
    if not usable:
        write_own_framework(target, rng)
        usable = [f for f in read_frameworks(target) if f.id == "bench-42"]
    framework = usable[0]

    districts = plan_city(n, rng)
    infos = place_communities(n, districts, rng)
    this_year, last_year = BUILD_DATE.year, BUILD_DATE.year - 1
    for info in infos:
        folder = content / "communities" / info.slug
        folder.mkdir(parents=True)
        profile = make_profile(info, rng)
        fill = Filler(info, profile, rng)
        head = front_matter(info, profile, fill, rng)
        (folder / "index.md").write_text(head + "\n" + narrative(info, profile, fill), encoding="utf-8")
        (folder / "achievements.yml").write_text(achievements_yaml(fill, rng), encoding="utf-8")
        ledger = rectifications_yaml(info, fill, rng)
        if ledger is not None:
            (folder / "rectifications.yml").write_text(ledger, encoding="utf-8")
        if rng.random() < 0.8:
            r = rng.random()
            years = [last_year, this_year] if r < 0.45 else [this_year] if r < 0.9 else [last_year]
            quality = rng.random()
            (folder / "evaluations").mkdir()
            for year in years:
                drift = min(1.0, max(0.0, quality + rng.uniform(-0.15, 0.2))) if year == this_year else quality
                text = evaluation_yaml(info, framework, year, drift, fill, rng)
                (folder / "evaluations" / f"{year}.yml").write_text(text, encoding="utf-8")

    copy_ordinary_pages(REPO_CONTENT, content)
    site_pages(content, n, districts)
    write_policies(content, districts, rng)
    write_notices(content, infos, districts, rng)
    return content


def check(content: Path) -> float:
    """Validate with the project's loader; return the seconds it took. Exits on errors."""
    sys.path.insert(0, str(ROOT))
    from showcase.errors import ContentInvalid
    from showcase.loader import count_files, load_site

    start = time.perf_counter()
    try:
        site = load_site(content, today=BUILD_DATE)
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
