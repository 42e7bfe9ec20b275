"""Draw the sample site's cover illustrations (no downloaded pictures). Run: python scripts/make_covers.py"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

W, H = 1600, 900
OUT = Path(__file__).resolve().parent.parent / "content" / "images" / "covers"


def gradient(top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    im = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(im)
    for y in range(H):
        t = y / (H - 1)
        draw.line([(0, y), (W, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    return im


def hills(draw: ImageDraw.ImageDraw, rng: random.Random, base: int, colour: tuple[int, int, int], amp: int) -> None:
    points = [(0, H)]
    for x in range(0, W + 80, 80):
        points.append((x, base - rng.randint(0, amp)))
    points.append((W, H))
    draw.polygon(points, fill=colour)


def houses(draw: ImageDraw.ImageDraw, rng: random.Random, ground: int, colour: tuple[int, int, int],
           roof: tuple[int, int, int], count: int) -> None:
    for i in range(count):
        w = rng.randint(90, 160)
        h = rng.randint(70, 130)
        x = 60 + i * (W - 120) // count + rng.randint(-10, 10)
        draw.rectangle([x, ground - h, x + w, ground], fill=colour)
        draw.polygon([(x - 12, ground - h), (x + w // 2, ground - h - 50), (x + w + 12, ground - h)], fill=roof)
        for wx in range(x + 15, x + w - 25, 36):
            draw.rectangle([wx, ground - h + 20, wx + 20, ground - h + 44], fill=(255, 236, 170))


def towers(draw: ImageDraw.ImageDraw, rng: random.Random, ground: int, colour: tuple[int, int, int],
           count: int) -> None:
    for i in range(count):
        w = rng.randint(80, 140)
        h = rng.randint(220, 480)
        x = 40 + i * (W - 80) // count
        draw.rectangle([x, ground - h, x + w, ground], fill=colour)
        for wy in range(ground - h + 20, ground - 20, 34):
            for wx in range(x + 12, x + w - 18, 26):
                if rng.random() < 0.55:
                    draw.rectangle([wx, wy, wx + 12, wy + 18], fill=(255, 240, 190))


def shield(im: Image.Image, cx: int, cy: int, size: int, colour: tuple[int, int, int]) -> None:
    layer = Image.new("RGBA", im.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    s = size
    d.polygon([(cx - s, cy - s), (cx + s, cy - s), (cx + s, cy), (cx, cy + int(s * 1.3)), (cx - s, cy)],
              fill=(*colour, 235))
    d.line([(cx - s // 2, cy), (cx - s // 8, cy + s // 2), (cx + s // 2, cy - s // 2)], fill=(255, 255, 255, 255),
           width=max(6, s // 8))
    im.paste(layer, (0, 0), layer)


def people(draw: ImageDraw.ImageDraw, rng: random.Random, ground: int, count: int) -> None:
    palette = [(198, 40, 40), (21, 101, 192), (46, 125, 50), (245, 124, 0), (94, 53, 177)]
    for i in range(count):
        x = 200 + i * (W - 400) // max(1, count - 1)
        c = palette[i % len(palette)]
        draw.ellipse([x - 28, ground - 250, x + 28, ground - 194], fill=(255, 213, 170))
        draw.rounded_rectangle([x - 50, ground - 190, x + 50, ground - 40], radius=30, fill=c)
        draw.rectangle([x - 35, ground - 40, x - 8, ground], fill=(60, 60, 70))
        draw.rectangle([x + 8, ground - 40, x + 35, ground], fill=(60, 60, 70))


def table(draw: ImageDraw.ImageDraw, ground: int) -> None:
    draw.rounded_rectangle([420, ground - 120, 1180, ground - 90], radius=10, fill=(121, 85, 72))
    draw.rectangle([460, ground - 90, 480, ground], fill=(93, 64, 55))
    draw.rectangle([1120, ground - 90, 1140, ground], fill=(93, 64, 55))


def cameras(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    for x in (260, 800, 1340):
        draw.rectangle([x - 8, 300, x + 8, 760], fill=(96, 125, 139))
        draw.rounded_rectangle([x - 10, 280, x + 90, 330], radius=12, fill=(236, 239, 241))
        draw.ellipse([x + 62, 292, x + 86, 316], fill=(38, 50, 56))


def trophy(draw: ImageDraw.ImageDraw, cx: int, cy: int) -> None:
    gold = (255, 193, 7)
    draw.pieslice([cx - 150, cy - 200, cx + 150, cy + 100], 0, 180, fill=gold)
    draw.rectangle([cx - 150, cy - 200, cx + 150, cy - 50], fill=gold)
    draw.ellipse([cx - 230, cy - 180, cx - 120, cy - 60], outline=gold, width=22)
    draw.ellipse([cx + 120, cy - 180, cx + 230, cy - 60], outline=gold, width=22)
    draw.rectangle([cx - 25, cy + 100, cx + 25, cy + 190], fill=gold)
    draw.rounded_rectangle([cx - 130, cy + 190, cx + 130, cy + 250], radius=12, fill=(191, 144, 0))


def make(name: str, seed: int, scene: str) -> None:
    rng = random.Random(seed)
    if scene == "cells":
        im = gradient((187, 222, 251), (255, 249, 196))
        d = ImageDraw.Draw(im)
        hills(d, rng, 620, (165, 214, 167), 80)
        houses(d, rng, 760, (255, 255, 255), (198, 40, 40), 6)
        d.rectangle([0, 760, W, H], fill=(129, 199, 132))
        shield(im, 800, 250, 130, (198, 40, 40))
    elif scene == "mediation":
        im = gradient((255, 243, 224), (255, 224, 178))
        d = ImageDraw.Draw(im)
        d.rectangle([0, 780, W, H], fill=(215, 204, 200))
        people(d, rng, 780, 4)
        table(d, 780)
        shield(im, 1380, 200, 90, (21, 101, 192))
    elif scene == "grid":
        im = gradient((178, 235, 242), (224, 247, 250))
        d = ImageDraw.Draw(im)
        for x in range(0, W, 100):
            d.line([(x, 0), (x, H)], fill=(128, 203, 196), width=3)
        for y in range(0, H, 100):
            d.line([(0, y), (W, y)], fill=(128, 203, 196), width=3)
        houses(d, rng, 800, (255, 255, 255), (0, 121, 107), 7)
        for _ in range(14):
            x, y = rng.randint(100, W - 100), rng.randint(80, 420)
            d.ellipse([x - 18, y - 18, x + 18, y + 18], fill=(0, 150, 136))
    elif scene == "city":
        im = gradient((13, 71, 161), (100, 181, 246))
        d = ImageDraw.Draw(im)
        d.ellipse([1250, 90, 1410, 250], fill=(255, 241, 118))
        towers(d, rng, 820, (25, 52, 94), 11)
        d.rectangle([0, 820, W, H], fill=(38, 50, 56))
    elif scene == "plateau":
        im = gradient((129, 212, 250), (225, 245, 254))
        d = ImageDraw.Draw(im)
        hills(d, rng, 430, (236, 239, 241), 200)
        hills(d, rng, 640, (102, 187, 106), 90)
        houses(d, rng, 800, (255, 248, 225), (141, 110, 99), 5)
        d.rectangle([0, 800, W, H], fill=(76, 175, 80))
    elif scene == "honor":
        im = gradient((183, 28, 28), (229, 57, 53))
        d = ImageDraw.Draw(im)
        for _ in range(40):
            x, y = rng.randint(0, W), rng.randint(0, H)
            d.regular_polygon((x, y, rng.randint(6, 16)), 5, fill=(255, 213, 79))
        trophy(d, 800, 420)
    elif scene == "cameras":
        im = gradient((38, 50, 56), (84, 110, 122))
        d = ImageDraw.Draw(im)
        cameras(d, rng)
        towers(d, rng, 860, (55, 71, 79), 9)
        d.rectangle([0, 860, W, H], fill=(33, 33, 33))
    else:  # meeting
        im = gradient((232, 234, 246), (197, 202, 233))
        d = ImageDraw.Draw(im)
        d.rectangle([300, 120, 1300, 420], fill=(183, 28, 28))
        for i in range(5):
            d.rectangle([380 + i * 180, 200, 480 + i * 180, 340], fill=(239, 154, 154))
        table(d, 800)
        people(d, rng, 880, 5)
    im = im.filter(ImageFilter.SMOOTH)
    OUT.mkdir(parents=True, exist_ok=True)
    im.save(OUT / f"{name}.jpg", "JPEG", quality=85, optimize=True)


SCENES = {
    "safe-cells": ("cells", 1),
    "mediation-room": ("mediation", 2),
    "grid-workers": ("grid", 3),
    "city-governance": ("city", 4),
    "plateau-village": ("plateau", 5),
    "honor-cup": ("honor", 6),
    "cameras": ("cameras", 7),
    "meeting": ("meeting", 8),
}

if __name__ == "__main__":
    for file_name, (scene_name, seed) in SCENES.items():
        make(file_name, seed, scene_name)
        print(OUT / f"{file_name}.jpg")
