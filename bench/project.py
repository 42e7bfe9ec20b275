"""The benchmark's project: the sample site's config with 20 regions, N stories (corpus.py) with some
12-megapixel photos, and records in proportion. Used by build_speed.py, compare.py and serve_latency.py."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import corpus
import yaml

REPO = Path(__file__).resolve().parent.parent

REGIONS = ["wuwei", "tianzhu", "dachaigou", "tiantang", "hezuo", "kajiaman", "anlu", "anlu-kaifaqu", "xiuwu"]


def paragraph(rng: random.Random) -> str:
    """A paragraph of a case record from the story grammar, naming no one."""
    return corpus.Writer(rng, corpus.Region("xiuwu", "修武县", "河南省焦作市修武县", 2), 2024, names=False).paragraph()


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


def write_corpus(root: Path, n: int, photos: bool = True, records: bool = True) -> list[corpus.Story]:
    """The site config, n stories (corpus.py; one in ten also with a 12-megapixel photo) and records in
    proportion. Returns the stories, for writing the same ones for Pelican and Hugo."""
    write_config(root)
    if records:
        write_records(root, n, random.Random(n))
    config = yaml.safe_load((root / "site_config.yml").read_text(encoding="utf-8"))
    made = corpus.stories(config, n)
    if photos:
        for i, story in enumerate(made[::10]):
            name = f"p{i * 10:06d}.jpg"
            image = root / "content" / "images" / name
            image.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(photo(i), image)
            story.body += f"\n![{story.title}的现场照片](../../images/{name})\n"
    corpus.write_ours(root, made)
    return made
