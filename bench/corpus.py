"""A seeded corpus of Chinese news stories that read like a 平安建设 portal's, for the benchmarks.

Stories are made from a grammar (time, place, subject, action, object, result, numbers) over a large vocabulary,
so sentences vary instead of repeating a few phrases. Each story is 800-3,000 characters: a lead, two to five
`##` sections, bullet and numbered lists, **bold**, links to other stories and to outside https sites, a
Markdown table in about one story in eight and a small JPEG in about one in four. Tags come from a list of 60,
regions from the site config's region tree, columns from its columns, dates from 2016 to 2025.

`stories(config, n)` gives the stories; `write_ours`, `write_pelican` and `write_hugo` write the same text in
each generator's format (only the image address differs: each generator's own way to reach content/images).

Usage:  python bench/corpus.py [N]        (default 1000: prints the share of distinct sentences)
"""

from __future__ import annotations

import random
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

IMAGE_SIZE = (640, 427)  # a newspaper's web photo

TAGS = [
    "矛盾纠纷化解", "人民调解", "网格化管理", "平安细胞", "治安防控", "法治宣传", "雪亮工程", "市域社会治理", "枫桥经验",
    "反诈宣传", "心理服务", "长安杯", "综治中心", "诉源治理", "信访工作", "平安校园", "平安医院", "平安家庭",
    "扫黑除恶", "禁毒宣传", "社区矫正", "安置帮教", "法律援助", "公共法律服务", "法律明白人", "调解员培训",
    "行业性专业性调解", "物业纠纷", "婚姻家庭纠纷", "邻里纠纷", "劳动争议", "道路交通安全", "安全生产", "消防安全",
    "食品药品安全", "校园周边治理", "护路护线", "群防群治", "志愿服务", "平安志愿者", "乡村振兴", "自治法治德治",
    "村规民约", "积分制管理", "联户长", "网格员", "重点人群", "未成年人保护", "妇女权益保障", "老年人权益",
    "防范电信诈骗", "非法集资防范", "国家安全教育", "宪法宣传周", "平安建设宣传月", "满意度测评", "风险隐患排查",
    "应急管理", "智慧平安", "基层党建引领",
]
SUBJECTS = [
    "县委政法委", "平安办", "综治中心", "司法局", "公安局", "派出所", "人民法院", "人民检察院", "信访局", "镇党委",
    "街道办事处", "村党支部", "社区居委会", "人民调解委员会", "个人品牌调解室", "网格工作站", "妇联", "团委",
    "教育局", "卫健局", "应急管理局", "市场监管局", "住建局", "交警大队", "消防救援大队", "律师事务所", "法律服务所",
    "志愿服务队", "老党员调解队", "乡贤理事会",
]
ACTIONS = [
    "组织开展", "深入推进", "集中开展", "扎实推进", "全面启动", "持续深化", "认真落实", "创新推出", "统筹部署",
    "牵头召开", "联合举办", "常态化开展", "率先试点", "大力实施", "稳步推进", "精心组织", "高位推动", "着力完善",
]
OBJECTS = [
    "矛盾纠纷排查化解专项行动", "平安细胞创建活动", "网格员业务培训", "法治宣传进万家活动", "反诈宣传进社区活动",
    "重点人群走访帮扶", "安全隐患大排查大整治", "“访民情、解民忧”活动", "调解员能力提升培训班", "平安建设满意度调查",
    "诉调对接工作", "警调联动机制", "信访积案化解攻坚", "校园及周边安全检查", "夜间巡逻防控", "心理健康服务进村入户",
    "法律明白人培养工程", "“一站式”矛盾纠纷调处", "婚姻家庭纠纷预防", "物业纠纷集中调处", "农民工欠薪专项治理",
    "道路交通安全整治", "消防安全宣传", "禁毒知识宣讲", "国家安全教育日宣传", "宪法宣传周活动", "平安志愿者招募",
    "村规民约修订", "积分制管理试点", "“雪亮工程”点位维护", "社区矫正对象教育", "刑满释放人员安置帮教",
    "未成年人保护宣传", "防范非法集资宣传", "风险隐患动态清零", "联户长队伍建设", "综治中心规范化建设",
    "人民调解案卷评查", "“无诉讼村（社区）”创建", "平安建设宣传月活动",
]
PLACES = ["各村（社区）", "辖区学校", "集贸市场", "农家院落", "田间地头", "建筑工地", "企业车间", "小区广场",
          "便民服务大厅", "村委会会议室", "调解室", "综治中心大厅", "乡村大舞台", "文化广场", "农贸市场", "老年活动中心"]
PEOPLE = ["网格员", "调解员", "法律明白人", "联户长", "平安志愿者", "驻村干部", "民警", "辅警", "村干部", "律师",
          "心理咨询师", "老党员", "乡贤", "青年志愿者", "妇联执委", "司法所干部"]
DOINGS = ["走村入户", "逐户走访", "登门拜访", "现场查看", "耐心倾听", "面对面交流", "发放宣传资料", "讲解法律知识",
          "排查安全隐患", "收集意见建议", "上门调解", "结对帮扶", "开展心理疏导", "登记群众诉求", "摸排风险点位"]
GOALS = ["把矛盾化解在萌芽状态", "让群众少跑腿", "织密基层平安网", "守护群众“钱袋子”", "推动问题及时解决",
         "提升群众安全感", "打通服务群众“最后一公里”", "筑牢安全防线", "形成共建共治共享格局", "做到小事不出村",
         "实现大事不出镇", "确保矛盾不上交", "让法治观念深入人心", "把隐患消除在萌芽", "促进邻里和睦"]
DISPUTES = ["宅基地边界", "土地流转", "婚姻家庭", "赡养老人", "邻里排水", "物业收费", "工程款结算", "劳务报酬",
            "道路交通事故赔偿", "消费维权", "山林权属", "租赁合同", "医疗费用", "噪音扰民", "养殖污染"]
RESULTS = ["双方当场签订调解协议", "当事人握手言和", "纠纷得到圆满化解", "群众连声称谢", "问题当天得到解决",
           "隐患全部整改到位", "当事人撤回了信访诉求", "赔偿款当场履行", "调解协议经司法确认", "双方重归于好"]
MEASURES = ["建立“一格一员”工作机制", "推行“首问负责”制度", "实行矛盾纠纷分级分类处置", "建立问题清单、责任清单和整改清单",
            "落实“日排查、周研判、月总结”制度", "推行“网格+警格”联动", "设立“老娘舅”调解工作室", "开通线上调解平台",
            "实行重点人员“一人一档”", "建立包村联户责任制", "推行调解案件回访制度", "开展“红黑榜”评比",
            "建立多部门联席会议制度", "推行“积分兑换”激励办法", "落实领导干部包案化解"]
SPEAKERS = ["负责同志", "主要负责人", "分管领导", "工作人员", "调解员", "网格员", "村党支部书记", "社区党委书记"]
QUOTES = ["群众的事无小事", "平安建设没有完成时，只有进行时", "把矛盾纠纷化解在基层是我们的职责所在",
          "每一次入户走访都是一次拉近与群众距离的机会", "要让每一位群众都感受到身边的安全和温暖",
          "调解工作要做在前面", "小网格连着大民生"]
HEADINGS = ["主要做法", "工作成效", "典型案例", "下一步打算", "创新举措", "强化组织领导", "坚持问题导向",
            "夯实基层基础", "群众评价", "经验启示", "多方联动", "源头治理", "科技赋能", "队伍建设", "宣传引导"]
CONNECTIVES = ["同时", "此外", "与此同时", "在此基础上", "据介绍", "据统计", "截至目前", "近年来", "今年以来", "活动中"]
SITES = ["https://www.chinapeace.gov.cn/", "https://www.moj.gov.cn/", "https://www.court.gov.cn/",
         "https://www.spp.gov.cn/", "https://www.mps.gov.cn/", "https://www.gov.cn/", "https://www.npc.gov.cn/"]
SITE_NAMES = ["中国长安网", "司法部网站", "最高人民法院网", "最高人民检察院网", "公安部网站", "中国政府网", "中国人大网"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红梅志宏海鹏飞亮晶燕雪琳婷浩宇欣怡晨阳"
SOURCES = ["武威日报", "甘南日报", "孝感日报", "焦作日报", "法治日报", "人民法院报", "甘肃法治报", "湖北日报",
           "河南法制报", "县融媒体中心"]
DIGITS = "一二三四五六七八九十"


@dataclass
class Region:
    id: str
    name: str
    path: str  # the names from the province down, e.g. 甘肃省武威市天祝藏族自治县
    level: int  # depth in the tree: 0 province, 1 city, 2 county, 3 town


@dataclass
class Story:
    id: str
    title: str
    date: str  # YYYY-MM-DD HH:MM, Asia/Shanghai
    column: str
    source: str
    authors: list[tuple[str, str]]  # (name, role)
    region: str
    tags: list[str]
    summary: str
    body: str  # Markdown; images as ../../images/<name>, links to stories as /news/YYYY/MM/DD/<id>/
    images: list[str] = field(default_factory=list)  # file names under content/images

    @property
    def url(self) -> str:
        y, m, d = self.date[:10].split("-")
        return f"/news/{y}/{m}/{d}/{self.id}/"


def regions(config: dict) -> list[Region]:
    """Every region of the config's tree, depth first."""
    out: list[Region] = []

    def walk(nodes: list[dict], path: str, level: int) -> None:
        for node in nodes:
            out.append(Region(node["id"], node["name"], path + node["name"], level))
            walk(node.get("children") or [], path + node["name"], level + 1)

    walk(config.get("regions") or [], "", 0)
    return out


class Writer:
    """The grammar: sentences, paragraphs and sections drawn from the vocabulary with one seeded generator."""

    def __init__(self, rng: random.Random, region: Region, year: int, names: bool = True) -> None:
        # without `names`, no sentence names a person (case records must not: the build rejects real names there)
        self.rng, self.region, self.year, self.names = rng, region, year, names

    def pick(self, words: list[str]) -> str:
        return self.rng.choice(words)

    def num(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def when(self) -> str:
        r = self.rng.random()
        if r < 0.3:
            return f"{self.num(1, 12)}月{self.num(1, 28)}日"
        if r < 0.5:
            return f"{self.year}年以来"
        if r < 0.7:
            return self.pick(["近日", "日前", "近期", "连日来", "今年以来", "上半年", "第三季度"])
        return ""

    def name(self) -> str:
        return self.pick(list(SURNAMES)) + "".join(self.rng.sample(GIVEN, self.rng.choice([1, 2])))

    def sentence(self) -> str:
        kind = self.rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 8] if self.names else [0, 1, 3, 4, 6, 7, 8])
        place = self.region.name
        if kind == 0:
            when = self.when()
            return (f"{when}{'，' if when else ''}{place}{self.pick(SUBJECTS)}"
                    f"{self.pick(ACTIONS)}{self.pick(OBJECTS)}，"
                    f"{self.pick(PEOPLE)}{self.num(12, 480)}名深入{self.pick(PLACES)}{self.pick(DOINGS)}。")
        if kind == 1:
            n = self.num(30, 1800)
            k = self.rng.randint(n * 80 // 100, n)
            return (f"{self.pick(CONNECTIVES)}，全{['省', '市', '县', '县', '镇'][min(self.region.level, 3) + 1]}"
                    f"共排查矛盾纠纷{n}件，化解{k}件，化解率达{k * 100 / n:.1f}%。")
        if kind == 2:
            return (f"{self.pick(PEOPLE)}{self.name()}{self.pick(DOINGS)}，"
                    f"{self.pick(['先后', '累计', '已经'])}{self.pick(['帮助', '协调', '化解'])}"
                    f"{self.pick(DISPUTES)}纠纷{self.num(3, 96)}起，{self.pick(GOALS)}。")
        if kind == 3:
            return (f"为{self.pick(GOALS)}，{self.pick(SUBJECTS)}{self.pick(MEASURES)}，"
                    f"并{self.pick(ACTIONS)}{self.pick(OBJECTS)}。")
        if kind == 4:
            return (f"一起{self.pick(DISPUTES)}纠纷涉及{self.num(2, 40)}户群众，"
                    f"经{self.pick(['调解员', '网格员', '民警', '驻村干部'])}{self.num(2, 9)}次上门调解，"
                    f"{self.pick(RESULTS)}。")
        if kind == 5:
            quote = (f"{self.pick(QUOTES)}，{self.pick(['下一步', '今后', '接下来', '今年'])}，"
                     f"我们将{self.pick(ACTIONS)}{self.pick(OBJECTS)}，"
                f"{self.pick(MEASURES)}，{self.pick(GOALS)}")
            return (f"“{quote}。”{place}{self.pick(SUBJECTS)}{self.pick(SPEAKERS)}"
                    f"{self.name()}{self.pick(['说', '表示', '介绍说', '告诉记者'])}。")
        if kind == 6:
            return (f"{self.pick(CONNECTIVES)}，{self.pick(SUBJECTS)}已{self.pick(['建成', '设立', '配备', '培训'])}"
                    f"{self.pick(['调解组织', '网格', '法律服务站点', '心理服务站', '平安志愿服务队', '视频监控点位'])}"
                    f"{self.num(6, 2600)}个，{self.pick(['覆盖', '联系', '服务'])}群众{self.num(2, 98)}万余人次。")
        if kind == 7:
            return (f"{self.pick(PLACES)}里，{self.pick(PEOPLE)}{self.pick(DOINGS)}，"
                    f"发放宣传资料{self.num(200, 30000)}份，解答群众咨询{self.num(20, 900)}人次。")
        return (f"{self.pick(['通过', '依托', '借助', '围绕'])}{self.pick(OBJECTS)}，"
                f"{self.pick(RESULTS)}，{self.pick(GOALS)}。")

    def paragraph(self, bold: bool = False) -> str:
        parts = [self.sentence() for _ in range(self.rng.randint(2, 5))]
        if bold:  # the point a reporter puts in bold: a clause of one sentence
            i = self.rng.randrange(len(parts))
            clause, sep, rest = parts[i].partition("，")
            parts[i] = f"**{clause}**{sep}{rest}" if sep else f"**{clause.rstrip('。')}**。"
        return "".join(parts)

    def items(self) -> list[str]:
        return [f"{self.pick(MEASURES)}，{self.pick(['全年', '累计', '每月', '上半年'])}{self.pick(PEOPLE)}"
                f"{self.pick(DOINGS)}{self.num(2, 600)}次，{self.pick(GOALS)}" for _ in range(self.rng.randint(3, 6))]

    def table(self, towns: list[Region]) -> str:
        rows = ["| 地区 | 排查纠纷（件） | 化解（件） | 化解率 |", "|---|---:|---:|---:|"]
        for town in self.rng.sample(towns, min(len(towns), self.rng.randint(3, 6))):
            n = self.num(20, 900)
            k = self.rng.randint(n * 85 // 100, n)
            rows.append(f"| {town.name} | {n} | {k} | {k * 100 / n:.1f}% |")
        return "\n".join(rows)


def _title(w: Writer) -> str:
    place = w.region.name
    forms = [
        lambda: f"{place}{w.pick(ACTIONS)}{w.pick(OBJECTS)}",
        lambda: f"{place}：{w.pick(MEASURES)}{w.pick(GOALS)}",
        lambda: f"{w.pick(PEOPLE)}{w.name()}：{w.pick(DOINGS)}{w.pick(GOALS)}",
        lambda: f"{place}{w.pick(SUBJECTS)}化解{w.pick(DISPUTES)}纠纷{w.num(10, 900)}件",
        lambda: f"{w.pick(MEASURES)} {place}{w.pick(GOALS)}",
    ]
    return w.rng.choice(forms)()


def stories(config: dict, n: int, seed: int = 0) -> list[Story]:
    """n stories, the same for the same config, n and seed."""
    rng = random.Random(f"pingan-bench-{seed}-{n}")
    tree = regions(config)
    towns = [r for r in tree if r.level >= 2] or tree
    weights = [1 + 3 * r.level for r in tree]  # most stories come from counties and towns
    columns = [c["id"] for c in config["columns"]]
    tag_weights = [1 / (i + 2) for i in range(len(TAGS))]  # a few tags are common, most are rare
    dates = sorted(f"{rng.randint(2016, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} "
                   f"{rng.randint(7, 21):02d}:{rng.randint(0, 59):02d}" for _ in range(n))
    made: list[Story] = []
    for i, date in enumerate(dates):
        region = rng.choices(tree, weights)[0]
        w = Writer(rng, region, int(date[:4]))
        authors = [(w.name(), "记者")] + [(w.name(), "通讯员") for _ in range(rng.randint(0, 2))]
        source = rng.choice(SOURCES)
        lead = f"{source}讯（{'　'.join(f'{role} {name}' for name, role in authors)}）" + w.paragraph()
        target = rng.randint(800, 3000)
        parts = [lead]
        images: list[str] = []
        if i % 4 == 1:
            images.append(f"s{i:06d}.jpg")
            parts.append(f"![{region.name}{w.pick(PEOPLE)}{w.pick(DOINGS)}](../../images/{images[0]})")
        table = i % 8 == 3
        for heading in rng.sample(HEADINGS, 6):
            if sum(len(p) for p in parts) > target - 250:
                break
            parts.append(f"## {heading}")
            for _ in range(rng.randint(1, 3)):
                parts.append(w.paragraph(bold=rng.random() < 0.4))
            r = rng.random()
            if r < 0.3:
                parts.append("\n".join(f"- {item}；" for item in w.items()))
            elif r < 0.5:
                parts.append("\n".join(f"{k}. {item}。" for k, item in enumerate(w.items(), 1)))
            if table:
                parts.append(f"{w.when() or '今年以来'}，部分地区矛盾纠纷排查化解情况如下：\n\n" + w.table(towns))
                table = False
        tags_hint = rng.sample(TAGS, 3)
        links = []
        if made and rng.random() < 0.5:
            other = rng.choice(made[-200:])
            links.append(f"相关阅读：[{other.title}]({other.url})")
        if rng.random() < 0.35:
            k = rng.randrange(len(SITES))
            links.append(f"{rng.choice(tags_hint)}{rng.choice(['的更多政策解读', '相关法律法规', '的权威发布'])}"
                         f"请见[{SITE_NAMES[k]}]({SITES[k]})（{rng.randint(1, 12)}月{rng.randint(1, 28)}日）。")
        while sum(len(p) for p in parts) > 2800 and len(parts) > 3:  # room for the links: at most 3,000
            parts.pop()
            if parts[-1].startswith("## "):
                parts.pop()
        while sum(len(p) for p in parts) < 800:
            parts.append(w.paragraph())
        parts += links
        body = "\n\n".join(parts)
        tags = sorted(set(rng.choices(TAGS, tag_weights, k=rng.randint(2, 5))), key=TAGS.index)
        summary = re.sub(r"[*\[\]“”]", "", lead.split("）", 1)[1])[:100]
        made.append(Story(f"story-{i:06d}", _title(w), date, columns[i % len(columns)] if i % 3 else
                          rng.choice(columns), source, authors, region.id, tags, summary, body + "\n", images))
    return made


def write_images(folder: Path, names: list[str]) -> None:
    """Small JPEGs under `folder`, each drawn from its name (the same bytes every run, no two alike)."""
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        path = folder / name
        if path.exists():
            continue
        rng = random.Random(name)
        im = Image.new("RGB", IMAGE_SIZE, tuple(rng.randrange(60, 200) for _ in range(3)))
        draw = ImageDraw.Draw(im)
        for _ in range(24):
            x, y = rng.randrange(IMAGE_SIZE[0]), rng.randrange(IMAGE_SIZE[1])
            draw.ellipse((x, y, x + rng.randrange(20, 200), y + rng.randrange(20, 150)),
                         fill=tuple(rng.randrange(256) for _ in range(3)))
        im.save(path, "JPEG", quality=85)


def write_ours(root: Path, made: list[Story]) -> None:
    """Stories as content/news/YYYY/<id>.md with their images under content/images."""
    for s in made:
        authors = "".join(f"  - {{name: {name}, role: {role}}}\n" for name, role in s.authors)
        text = (f"---\nid: {s.id}\ntitle: {s.title}\ndate: {s.date}\ncolumn: {s.column}\nsource: {s.source}\n"
                f"authors:\n{authors}region: {s.region}\ntags: [{', '.join(s.tags)}]\nsummary: {s.summary}\n"
                f"---\n\n{s.body}")
        target = root / "content" / "news" / s.date[:4] / f"{s.id}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    write_images(root / "content" / "images", [name for s in made for name in s.images])


def write_pelican(root: Path, made: list[Story]) -> None:
    """The same stories for Pelican: content/<id>.md, images through Pelican's {static} links."""
    for s in made:
        header = (f"Title: {s.title}\nDate: {s.date}\nCategory: {s.column}\nTags: {', '.join(s.tags)}\n"
                  f"Authors: {', '.join(name for name, _ in s.authors)}\nSummary: {s.summary}\nSlug: {s.id}\n\n")
        body = s.body.replace("](../../images/", "]({static}/images/")
        (root / "content").mkdir(parents=True, exist_ok=True)
        (root / "content" / f"{s.id}.md").write_text(header + body, encoding="utf-8")
    write_images(root / "content" / "images", [name for s in made for name in s.images])


def write_hugo(root: Path, made: list[Story]) -> None:
    """The same stories for Hugo: content/news/<id>.md, images under static/images."""
    (root / "content" / "news").mkdir(parents=True, exist_ok=True)
    for s in made:
        date = s.date.replace(" ", "T") + ":00+08:00"
        front = (f"---\ntitle: \"{s.title}\"\ndate: {date}\nslug: {s.id}\ncategories: [{s.column}]\n"
                 f"tags: [{', '.join(s.tags)}]\nregions: [{s.region}]\nsummary: \"{s.summary}\"\n---\n")
        body = s.body.replace("](../../images/", "](/images/")
        (root / "content" / "news" / f"{s.id}.md").write_text(front + body, encoding="utf-8")
    write_images(root / "static" / "images", [name for s in made for name in s.images])


SENTENCE = re.compile(r"[^。！？\n]+[。！？]")


def variety(made: list[Story]) -> tuple[int, int, int]:
    """(sentences, distinct sentences, most repeats of one sentence) over the stories' bodies."""
    counts = Counter(m.group().strip("-0123456789. *") for s in made for m in SENTENCE.finditer(s.body))
    return sum(counts.values()), len(counts), max(counts.values())


def main(argv: list[str]) -> None:
    n = int(argv[0]) if argv else 1000
    config = yaml.safe_load((Path(__file__).resolve().parent.parent / "site_config.yml").read_text(encoding="utf-8"))
    made = stories(config, n)
    total, distinct, most = variety(made)
    lengths = sorted(len(s.body) for s in made)
    print(f"{n} stories: {total} sentences, {distinct / total:.1%} distinct, the most repeated one {most} times; "
          f"characters per story {lengths[0]}–{lengths[-1]} (median {lengths[len(lengths) // 2]}); "
          f"{sum(bool(s.images) for s in made)} with an image, {sum('|---|' in s.body for s in made)} with a table")


if __name__ == "__main__":
    main(sys.argv[1:])
