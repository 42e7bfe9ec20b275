"""Limits instead of exhaustion, and no traceback from bad bytes (generator/limits.py).

`limit-` cases would run for minutes or gigabytes, or hang, without a bound: YAML aliases ("billion laughs")
and deep nesting in YAML and Markdown, images declaring too many pixels, FIFOs, devices, dangling links and
links out of content/. `crash-` cases once ended in a traceback: control characters in any field or body
(the feed writer refused them after `pingan check` passed), damaged images, numbers too long to read.
Word's manual line and page breaks (U+000B, U+000C) are not errors: those cases build (verdict ok).

Every fixture is small: the oversized images are headers declaring a size, never the pixels.
"""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

from .common import CASE, jpeg, story

STORY = "content/news/2021/limit.md"
RECORD = "content/cases/drain.yml"
PICTURE = "![调解现场](../../images/{name})"


def laughs(levels: int = 9) -> str:
    """The "billion laughs": each level a list of nine aliases of the one before (9**9 strings from ~460 bytes)."""
    names = "abcdefghijklmnopqrstuvwxyz"
    lines = [f'{names[0]}: &{names[0]} ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"{names[i]}: &{names[i]} [" + ",".join([f"*{names[i - 1]}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def laughs_field(field: str) -> str:
    """The laughs under one key, so a schema that refuses unknown keys still sees them first."""
    return f"{field}:\n" + "".join(f"  {line}\n" for line in laughs().splitlines())


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares `width` x `height` RGB pixels and holds almost none (a bomb costs nothing to make)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 1024, 9))
            + chunk(b"IEND", b""))


def jpeg_declaring(width: int, height: int) -> bytes:
    """A small JPEG whose frame header is patched to declare `width` x `height`."""
    data = bytearray(jpeg((16, 16)))
    at = data.index(b"\xff\xc0")  # SOF0: marker, length (2), precision (1), height (2), width (2)
    data[at + 5:at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def gradient_jpeg(size: tuple[int, int] = (320, 240)) -> bytes:
    """A JPEG with some detail in it (the same bytes on every run), so that cutting it cuts the picture data."""
    ramp = Image.linear_gradient("L").resize(size)
    im = Image.merge("RGB", (ramp, ramp.transpose(Image.Transpose.ROTATE_90).resize(size), ramp.rotate(45)))
    out = io.BytesIO()
    im.save(out, "JPEG", quality=90)
    return out.getvalue()


def gradient_png(size: tuple[int, int] = (200, 150)) -> bytes:
    ramp = Image.linear_gradient("L").resize(size)
    out = io.BytesIO()
    Image.merge("RGB", (ramp, ramp.rotate(90), ramp.rotate(30))).save(out, "PNG")
    return out.getvalue()


def with_picture(name: str, data: bytes | str) -> dict[str, str | bytes]:
    return {f"content/images/{name}": data, STORY: story("limit", PICTURE.format(name=name))}


def nested_list(levels: int, indent: str = "  ") -> str:
    return "\n".join(f"{indent * i}- 第 {i + 1} 层" for i in range(levels))


def cases() -> dict[str, dict[str, str | bytes]]:
    """The cases; `site_config.yml.replace` changes the base config's first line given to the rest."""
    whole = gradient_jpeg()
    png = gradient_png()
    return {
        # -- YAML aliases: refused wherever YAML is read ------------------------------------------------------
        "limit-yaml-laughs-in-front-matter": {STORY: story("limit", extra=laughs_field("subtitle"))},
        "limit-yaml-laughs-in-case-record": {RECORD: CASE.format(id="drain") + laughs_field("place")},
        "limit-yaml-laughs-in-site-config": {"site_config.yml.replace": f"feeds:\n{laughs_field('lol')}feeds:"},
        "limit-yaml-alias-as-key": {STORY: story("limit", extra="region: &r xian\n? *r\n: 1\n")},
        "limit-yaml-one-alias-in-tags": {STORY: story("limit", extra="region: &r xian\ntags: [*r]\n")},
        "limit-yaml-merge-key-in-mediator": {"content/mediators/wang.yml":
                                             "base: &base {region: xian}\n<<: *base\nid: wang\nname: 王某\n"},
        # -- YAML nesting -------------------------------------------------------------------------------------
        "limit-yaml-2000-brackets-in-tags": {STORY: story("limit", extra="tags: " + "[" * 2000 + "]" * 2000 + "\n")},
        "limit-yaml-60-brackets-in-tags": {STORY: story("limit", extra="tags: " + "[" * 60 + "x" + "]" * 60 + "\n")},
        "limit-yaml-2000-dashes-in-case": {RECORD: CASE.format(id="drain") + "parties:\n" + "- " * 2000 + "张某\n"},
        "limit-yaml-deep-mappings-in-site-config": {"site_config.yml.replace":
                                                    "feeds:\nextra: " + "{a: " * 100 + "1" + "}" * 100 + "\nfeeds:"},
        # -- Markdown nesting ---------------------------------------------------------------------------------
        "limit-markdown-90-level-list": {STORY: story("limit", nested_list(90))},
        "limit-markdown-60-level-numbered-list": {STORY: story("limit", "\n".join(
            f"{'    ' * i}1. 第 {i + 1} 层" for i in range(60)))},
        "limit-markdown-2000-quotes-one-line": {STORY: story("limit", ">" * 2000 + " 引用")},
        "limit-markdown-80-quote-lines": {STORY: story("limit", "\n".join("> " * i + "引用" for i in range(1, 81)))},
        "limit-markdown-2000-list-markers-one-line": {STORY: story("limit", "- " * 2000 + "条目")},
        "limit-markdown-400-divs": {STORY: story("limit", '<div markdown="1">\n' * 400 + "正文\n" + "</div>\n" * 400)},
        "limit-markdown-deep-list-in-case-body": {RECORD: CASE.format(id="drain") + "body: |\n"
                                                  + "".join(f"  {line}\n" for line in nested_list(70).split("\n"))},
        # -- images declaring too many pixels -----------------------------------------------------------------
        "limit-png-144-megapixels": with_picture("huge.png", png_header(12000, 12000)),
        "limit-png-4-gigapixels-cover": {"content/images/huge.png": png_header(65535, 65535),
                                         STORY: story("limit", extra="cover: images/huge.png\ncover_alt: 现场\n")},
        "limit-jpeg-400-megapixels": with_picture("huge.jpg", jpeg_declaring(20000, 20000)),
        # -- special files ------------------------------------------------------------------------------------
        "limit-fifo-story": {STORY: "fifo:"},
        "limit-fifo-case-record": {RECORD: "fifo:"},
        "limit-fifo-unreferenced-text": {"content/notes.txt": "fifo:"},
        "limit-fifo-image": with_picture("pipe.jpg", "fifo:"),
        "limit-fifo-cover": {"content/images/pipe.jpg": "fifo:",
                             STORY: story("limit", extra="cover: images/pipe.jpg\ncover_alt: 现场\n")},
        "limit-dangling-symlink-story": {STORY: "symlink:gone.md"},
        "limit-dangling-symlink-image": with_picture("gone.jpg", "symlink:nowhere.jpg"),
        "limit-symlink-loop-story": {STORY: "symlink:limit.md"},
        "limit-symlink-etc-passwd-as-story": {STORY: "symlink:/etc/passwd"},
        "limit-symlink-dev-zero-as-story": {STORY: "symlink:/dev/zero"},
        "limit-symlink-story-outside-content": {"outside.md": story("outside", "不在 content/ 里的稿件。"),
                                                STORY: "symlink:../../../outside.md"},
        "limit-symlink-record-outside-content": {"outside.yml": CASE.format(id="drain"),
                                                 RECORD: "symlink:../../outside.yml"},
        "limit-symlink-folder-outside-content": {"content/news/etc": "symlink:/etc"},
        "limit-symlink-inside-content": {"content/drafts/linked-story.md": story("linked", "经由快捷方式发布。"),
                                         "content/news/2021/linked.md": "symlink:../../drafts/linked-story.md",
                                         "verdict": "ok"},
        "limit-folder-named-like-a-story": {"content/news/2021/folder.md/readme.txt": "一个文件夹", "verdict": "ok"},
        # -- control characters (refused) -----------------------------------------------------------------------
        "crash-esc-in-title": {STORY: story("limit", title="标题\x1b[31m红色")},
        "crash-esc-escape-in-title": {STORY: story("limit", title='"标题\\e[31m红色"')},
        "crash-nul-in-body": {STORY: story("limit", "第一段\x00有空字符。")},
        "crash-nul-escape-in-tags": {STORY: story("limit", extra='tags: ["平安\\0建设"]\n')},
        "crash-fffe-in-body": {STORY: story("limit", "第一段\ufffe正文。")},
        "crash-ffff-escape-in-summary": {STORY: story("limit", extra='summary: "摘要\\uFFFF"\n')},
        "crash-c1-csi-in-subtitle": {STORY: story("limit", extra="subtitle: 副标题\x9b31m\n")},
        "crash-del-in-image-alt": {STORY: story("limit", "![调解\x7f现场](../../images/body.jpg)")},
        "crash-bel-in-author-name": {STORY: story("limit", extra="authors:\n  - {name: 李\x07明, role: 记者}\n")},
        "crash-esc-in-case-summary": {RECORD: CASE.format(id="drain").replace("summary: ", "summary: \x1b[2J")},
        "crash-nul-in-case-body": {RECORD: CASE.format(id="drain") + "body: |\n  第一段。\n  第二\x00段。\n"},
        "crash-esc-in-site-name": {"site_config.yml.replace": "  name: 测试平安网\n  name: 测试\x1b[5m平安网"},
        "crash-utf16-without-bom": {STORY: story("limit").encode("utf-16-le")},
        "crash-surrogate-escape-in-title": {STORY: story("limit", title='"标题\\ud800"')},
        "crash-number-of-5000-digits": {STORY: story("limit", extra="subtitle: " + "9" * 5000 + "\n")},
        # -- Word's line and page breaks (kept as breaks or spaces) ----------------------------------------------
        "crash-vt-in-title": {STORY: story("limit", title="第一行\x0b第二行"), "verdict": "ok"},
        "crash-vt-ff-in-body": {STORY: story("limit", "第一行\x0b第二行\x0c下一页。"), "verdict": "ok"},
        "crash-vt-escape-in-tags": {STORY: story("limit", extra='tags: ["平安\\v建设"]\n'), "verdict": "ok"},
        "crash-vt-in-case-body": {RECORD: CASE.format(id="drain") + "body: |\n  第一行\x0b第二行。\n",
                                  "verdict": "ok"},
        # -- damaged images ---------------------------------------------------------------------------------------
        "crash-truncated-jpeg": with_picture("cut.jpg", whole[: len(whole) * 2 // 3]),
        "crash-truncated-jpeg-cover": {"content/images/cut.jpg": whole[: len(whole) * 2 // 3],
                                       STORY: story("limit", extra="cover: images/cut.jpg\ncover_alt: 现场\n")},
        "crash-truncated-png": with_picture("cut.png", png[: len(png) // 2]),
        "crash-text-named-jpg": with_picture("text.jpg", "这不是图片，是一段文字。\n"),
        "crash-eps-named-jpg": with_picture("eps.jpg", "%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n"),
        "crash-empty-png": with_picture("empty.png", b""),
    }
