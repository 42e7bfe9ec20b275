"""Build-speed benchmark: N synthetic stories (Chinese, ~2,500 characters each) built in a temp dir.

Usage:  python bench/build_speed.py [N ...]        (default: 1000 5000)

The corpus is what a city portal holds: N stories, one in ten with a 12-megapixel photo, N/5 cases, N/50
mediators, N/50 honors, and metrics for 20 regions over 12 periods. The photos are made once under
bench/out/photos/ and reused.

Each size is built three times, each in a fresh child process: cold (no cache), warm (nothing changed) and
after editing one story. Reports wall times, ms per story, warm/cold ratio, peak memory of the cold build (with
its child processes), the size of the output, the bytes one search query downloads (the largest of 调解, 调解员,
网格员 and 长安杯, measured in headless Chromium by search_bytes.py; every one must find something) and the
per-story cost relative to the smallest size (1.00 means perfectly linear).

Then, in the same run, the same stories (without photos and records, which only this generator builds) are
built cold by this generator, by Pelican and by Hugo (compare.py), and our time is printed as a ratio to theirs.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

PHRASES = [
    "坚持和发展新时代“枫桥经验”", "把矛盾纠纷化解在基层、化解在萌芽状态", "网格员每天入户走访", "人民调解委员会",
    "综治中心实行一站式受理", "平安细胞创建活动", "群防群治队伍开展夜间巡逻", "雪亮工程视频监控覆盖主要路口",
    "法律明白人深入村组宣讲", "矛盾纠纷排查化解专项行动", "联户长及时上报安全隐患", "调解员耐心听取双方诉求",
    "推进市域社会治理现代化", "群众安全感和满意度持续提升", "重点人群服务管理", "平安校园和平安医院创建",
    "心理服务站点为群众纾解情绪", "反诈宣传进社区进家庭", "婚姻家庭纠纷得到妥善调处", "安全生产隐患整改到位",
]
COLUMNS = ["gongzuo-dongtai", "jiceng-zhili", "maodun-tiaojie", "pingan-chuangjian", "xianjin-dianxing"]
REGIONS = ["wuwei", "tianzhu", "dachaigou", "tiantang", "hezuo", "kajiaman", "anlu", "anlu-kaifaqu", "xiuwu"]
TAGS = ["矛盾纠纷化解", "人民调解", "网格化管理", "平安细胞", "治安防控", "法治宣传", "雪亮工程", "市域社会治理",
        "枫桥经验", "反诈宣传", "心理服务", "长安杯"]
NAMES = ["李明", "王芳", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄丽"]


def paragraph(rng: random.Random) -> str:
    parts = []
    while sum(len(p) for p in parts) < 265:
        parts.append(rng.choice(PHRASES) + rng.choice(["，", "；", "。"]))
    return "".join(parts).rstrip("，；") + "。"


PHOTOS = REPO / "bench" / "out" / "photos"  # made once, reused by every run and size
PHOTO_SIZE = (4000, 3000)  # 12 megapixels, like a phone camera
CATEGORIES = ["婚姻家庭", "邻里", "房屋宅基地", "合同", "生产经营", "损害赔偿", "山林土地", "劳动争议"]
SURNAMES = "王李张刘陈杨赵黄周吴"
EXTRA_REGIONS = [f"bench-town-{i:02d}" for i in range(11)]  # with the sample's 9 used here: 20 regions


def photo(i: int) -> Path:
    """The i-th 12-megapixel test photo: noise, so JPEG cannot shrink it to nothing, and a corner block drawn
    from the seed i, so no two photos are the same file (Pillow's noise repeats from one process to the next,
    and the image cache would encode a repeated file only once)."""
    from PIL import Image

    path = PHOTOS / f"photo-{i:04d}.jpg"
    if not path.exists():
        PHOTOS.mkdir(parents=True, exist_ok=True)
        im = Image.effect_noise(PHOTO_SIZE, 30 + i % 50).convert("RGB")
        im.paste(Image.frombytes("RGB", (64, 64), random.Random(i).randbytes(64 * 64 * 3)), (0, 0))
        im.save(path, quality=88)
    return path


def write_records(root: Path, n: int, rng: random.Random) -> None:
    """N/5 cases, N/50 mediators, N/50 honors and metrics for 20 regions over 12 periods."""
    regions = REGIONS + EXTRA_REGIONS
    folder = root / "content"
    for kind in ("cases", "mediators", "honors", "metrics"):
        (folder / kind).mkdir(parents=True, exist_ok=True)
    mediators = max(1, n // 50)
    for i in range(mediators):
        (folder / "mediators" / f"m{i:05d}.yml").write_text(
            f"id: m{i:05d}\nname: 第{i}调解室\nkind: room\nunit: 示例人民调解委员会\n"
            f"region: {regions[i % 20]}\ncases_handled: {50 + i % 40}\ncases_succeeded: {45 + i % 40}\n"
            "source: 示例日报\n", encoding="utf-8")
    for i in range(max(1, n // 50)):
        (folder / "honors" / f"h{i:05d}.yml").write_text(
            f"id: h{i:05d}\nname: 模范调解室\nlevel: {['国家级', '省级', '市级', '县级'][i % 4]}\n"
            f"awarding_body: 示例司法局\nyear: {2015 + i % 10}\nrecipient: {{mediator: m{i % mediators:05d}}}\n"
            "source: 示例日报\n", encoding="utf-8")
    for i in range(n // 5):
        parties = rng.sample(SURNAMES, 2)
        (folder / "cases" / f"c{i:06d}.yml").write_text(
            f"id: c{i:06d}\ntitle: {rng.choice(CATEGORIES)}纠纷调解案例{i}\n"
            f"category: {CATEGORIES[i % len(CATEGORIES)]}\n"
            f"region: {regions[i % 20]}\ndate: {2015 + i % 10}-{1 + i % 12:02d}\norganisation: 示例人民调解委员会\n"
            f"mediator: m{i % mediators:05d}\nparties: [{parties[0]}某, {parties[1]}某]\noutcome: 成功\n"
            f"summary: {paragraph(rng)[:120]}\nbody: |\n  {paragraph(rng)}\nsource: 示例日报\n", encoding="utf-8")
    level = {"wuwei": 100_000, "hezuo": 10_000, "tianzhu": 10_000, "anlu": 10_000, "xiuwu": 10_000}
    for r, region in enumerate(regions):
        for year in range(2014, 2026):  # 12 periods; a region reports more than its towns together
            investigated = level.get(region, 500) + (r * 37 + year) % 90
            (folder / "metrics" / f"{region}-{year}.yml").write_text(
                f"id: {region}-{year}\nregion: {region}\nperiod: '{year}'\nsource: 示例日报\ncounts:\n"
                f"  disputes_investigated: {investigated}\n  disputes_resolved: {investigated - 12}\n",
                encoding="utf-8")


def write_config(root: Path) -> None:
    """The sample site's config with 11 more towns under 修武县, so metrics cover 20 regions."""
    text = (REPO / "site_config.yml").read_text(encoding="utf-8")
    towns = "".join(f"\n              - {{id: {r}, name: 示例镇{i}, level: 乡镇}}" for i, r in enumerate(EXTRA_REGIONS))
    xiuwu = "          - id: xiuwu\n            name: 修武县\n            level: 县\n            children:"
    text = text.replace("          - {id: xiuwu, name: 修武县, level: 县}", xiuwu + towns)
    (root / "site_config.yml").write_text(text, encoding="utf-8")


def write_corpus(root: Path, n: int, photos: bool = True, records: bool = True) -> None:
    """The site config, n stories (one in ten with a 12-megapixel photo) and records in proportion."""
    rng = random.Random(n)
    write_config(root)
    if records:
        write_records(root, n, rng)
    for i in range(n):
        year = 2015 + i * 11 // n
        month, day = 1 + (i * 7) % 12, 1 + (i * 13) % 28
        story_id = f"story-{i:06d}"
        tags = rng.sample(TAGS, 3)
        body = []
        for section in range(3):
            body.append(f"## 第{'一二三'[section]}部分\n")
            body += [paragraph(rng) + "\n" for _ in range(3)]
        text = (
            "---\n"
            f"id: {story_id}\n"
            f"title: {rng.choice(PHRASES)}——第 {i} 号稿件\n"
            f"date: {year}-{month:02d}-{day:02d} {8 + i % 10:02d}:{i % 60:02d}\n"
            f"column: {COLUMNS[i % len(COLUMNS)]}\n"
            "source: 示例日报\n"
            f"authors:\n  - {{name: {rng.choice(NAMES)}, role: 记者}}\n"
            f"  - {{name: {rng.choice(NAMES)}, role: 通讯员}}\n"
            f"region: {rng.choice(REGIONS)}\n"
            f"tags: [{', '.join(tags)}]\n"
            f"summary: {paragraph(rng)[:100]}\n"
            "---\n\n" + "\n".join(body)
        )
        if photos and i % 10 == 0:
            image = root / "content" / "images" / f"p{i:06d}.jpg"
            image.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(photo(i // 10), image)
            text += f"\n![现场照片{i}](../../images/p{i:06d}.jpg)\n"
        target = root / "content" / "news" / str(year) / f"{story_id}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


CHILD = """
import sys, time
from datetime import datetime
from zoneinfo import ZoneInfo
from pathlib import Path
from generator.build import build
root = Path(sys.argv[1])
started = time.perf_counter()
report = build(root / "site_config.yml", root / "site", now=datetime(2026, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai")))
print(time.perf_counter() - started, report.stories, report.pages)
"""


def _child(root: Path) -> tuple[float, int, int, float]:
    """One build in a fresh process: (seconds, stories, pages, peak MiB of it and its children)."""
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(root)], stdout=subprocess.PIPE, text=True, cwd=REPO)
    _, status, usage = os.wait4(proc.pid, 0)
    out = proc.stdout.read() if proc.stdout else ""
    if status != 0:
        raise SystemExit(f"build in {root} failed")
    seconds, stories, pages = out.split()
    # The build returned once the new site was in place; its old site is deleted by a process of its own
    # (publish._discard). Let that finish before the next build is timed, so it does not share the cores.
    deadline = time.monotonic() + 600
    while list(root.glob(".site.trash-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    return float(seconds), int(stories), int(pages), usage.ru_maxrss / 1024


def run(n: int) -> dict[str, float]:
    """Cold build, warm build (nothing changed) and a build after editing one story, each in its own process."""
    with tempfile.TemporaryDirectory(prefix=f"pingan-bench-{n}-") as tmp:
        root = Path(tmp)
        write_corpus(root, n)
        first = next((root / "content" / "news").rglob("*.md"))
        sample = first.read_text(encoding="utf-8")
        cold, stories, pages, peak = _child(root)
        output = sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file())
        search = _search_bytes(root / "site")
        warm, *_ = _child(root)
        first.write_text(sample.replace("title: ", "title: 修改后的", 1), encoding="utf-8")
        edited, *_ = _child(root)
        return {"stories": stories, "pages": pages, "cold": cold, "warm": warm, "edited": edited, "peak": peak,
                "output": output / 2**20, "search": search, "chars": len(sample.split("---\n", 2)[2])}


def _search_bytes(site: Path) -> float:
    """KB the costliest of the sample queries downloads; NaN without Chromium and Playwright."""
    if shutil.which("chromium") is None:
        return float("nan")
    from search_bytes import measure

    results = measure(site)
    empty = [query for query, (_sent, shown) in results.items() if shown == 0]
    if empty:
        raise SystemExit(f"搜索没有找到：{'、'.join(empty)}")
    return max(sent for sent, _shown in results.values()) / 1024


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [1000, 5000]
    print(f"{'stories':>8} {'pages':>7} {'cold s':>7} {'ms/story':>9} {'warm s':>7} {'warm/cold':>9} {'edit s':>7} "
          f"{'peak MiB':>9} {'out MiB':>8} {'search KB':>10} {'vs smallest':>12}")
    base = None
    for n in sizes:
        started = time.perf_counter()
        r = run(n)
        per = r["cold"] * 1000 / r["stories"]
        base = base or per
        print(f"{r['stories']:>8.0f} {r['pages']:>7.0f} {r['cold']:>7.1f} {per:>9.2f} {r['warm']:>7.1f} "
              f"{r['warm'] / r['cold']:>9.2f} {r['edited']:>7.1f} {r['peak']:>9.0f} {r['output']:>8.0f} "
              f"{r['search']:>10.0f} {per / base:>11.2f}x"
              f"   (~{r['chars']:.0f} characters per story; total {time.perf_counter() - started:.0f} s)", flush=True)
    print()
    from compare import compare

    compare(sizes)


if __name__ == "__main__":
    main(sys.argv[1:])
