"""Images: probe at load time, then orient, strip metadata, resize and encode once per content hash."""

from __future__ import annotations

import hashlib
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import GifImagePlugin, Image, JpegImagePlugin, PngImagePlugin, WebPImagePlugin  # noqa: F401 - registers

from ..active import REPLACE_HINT, ActiveContent, check_svg
from ..limits import MAX_IMAGE_BYTES, MAX_JPEG_PIXELS, MAX_PIXELS, Unreadable, pixel_limit, read_file
from ..publish.cache import Memo

# Bump when the encoding below changes, so cached variants are rebuilt rather than reused.
PIPELINE_VERSION = "4"  # bump when what encode writes changes (outputs are named by it)
WIDTHS = (480, 960, 1440)
JPEG_QUALITY = 82
# The JPEG of each width is what a browser without WebP shows, and what feeds and share cards carry: baseline with
# optimised Huffman tables, not progressive. On the benchmark's 640×427 photos (two widths) progressive took 2.9 ms a
# photo and baseline 1.3 ms, for 1% fewer bytes; a progressive file's early blurred view helps no one who never
# downloads it (every browser that shows the WebP).
WEBP_QUALITY = 78
# libwebp's effort (0-6). Measured on a 720×477 news photo resized to 480 and 960: method 2 took 15.8 ms a
# variant and wrote 68.6 KB, method 4 (Pillow's default) 34.3 ms and 66.2 KB: 3.6% more bytes for less than half
# the encoding time (3 and 4 take as long as each other, 5 and 6 longer still for 1–2% fewer bytes).
WEBP_METHOD = 2
# The largest side each format can hold: WebP's is 16,383 pixels, so a WeChat long picture (1080×20000) is published
# as JPEG only (every variant, so that a browser choosing by width never falls back to a narrower WebP); JPEG's
# (libjpeg) is 65,500. A variant under 1 pixel high (a 40,000×1 line) cannot be made at all.
WEBP_MAX_SIDE = 16383
JPEG_MAX_SIDE = 65500
NOT_FOUND_HINT = "检查文件名（区分大小写）和路径；图片路径相对于这个文件所在的文件夹，或以 / 开头表示相对 content/。"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg"}


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    jpeg: str  # output path relative to the site root, e.g. images/ab12cd34ef-960.jpg
    webp: str  # "" when the image is too long for WebP (WEBP_MAX_SIDE): JPEG only


def svg_size(data: bytes) -> tuple[int, int]:
    """Check an SVG file (active.check_svg) and return its size."""
    try:
        root = check_svg(data)
    except ActiveContent as exc:
        raise ImageProblem(exc.message, exc.hint) from None

    def number(value: str | None) -> float | None:
        match = re.match(r"^\s*([0-9.]+)\s*(px)?\s*$", value or "")
        return float(match[1]) if match else None

    width, height = number(root.get("width")), number(root.get("height"))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if (width is None or height is None) and len(box) == 4:
        width, height = float(box[2]), float(box[3])
    if not width or not height:
        raise ImageProblem("SVG 图片没有写明宽度和高度（width/height 或 viewBox）")
    return round(width), round(height)


@dataclass(frozen=True)
class ImageRef:
    """A source image and the variants the build will publish for it."""

    source: Path
    key: str
    width: int
    height: int
    variants: tuple[Variant, ...]

    @property
    def svg(self) -> bool:
        return self.source.suffix.lower() == ".svg"

    @property
    def webp(self) -> bool:
        """Every variant has a WebP (not so for a picture longer than WEBP_MAX_SIDE)."""
        return all(v.webp for v in self.variants)

    @property
    def largest(self) -> Variant:
        return self.variants[-1]

    @property
    def default(self) -> Variant:
        """The variant used as `src`: the one closest to a phone-and-desktop article width."""
        fitting = [v for v in self.variants if v.width <= 960]
        return fitting[-1] if fitting else self.variants[0]


class ImageProblem(Exception):
    """The file is missing, unreadable or unsafe; carries what to tell the user and how to fix it."""

    def __init__(self, message: str, hint: str = REPLACE_HINT, missing: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.missing = missing

    def __reduce__(self) -> tuple[type[ImageProblem], tuple[str, str, bool]]:  # raised in an encoding process
        return ImageProblem, (self.message, self.hint, self.missing)


def probe(path: Path, max_width: int = WIDTHS[-1], memo: Memo | None = None) -> ImageRef:
    """Read an image's header and hash; decides the variants (none wider than `max_width`) without decoding.

    With a memo, a file whose size, modification and change times and inode are all as before is not read
    again (the same test git uses to skip re-hashing a file); the outputs stay keyed by the content hash.
    """
    try:
        stat = path.stat() if memo is not None else None
    except OSError:
        stat = None
    if memo is None or stat is None:
        return _probe(path, max_width)
    fingerprint = memo.fingerprint("probe", str(path), stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns,
                                   stat.st_ino, max_width, PROBE_CHECKS)
    kept = memo.get(fingerprint)
    if kept is not None:
        key, width, height, variants = kept
        return ImageRef(path, key, width, height, tuple(Variant(*v) for v in variants))
    ref = _probe(path, max_width)
    memo.put(fingerprint, [ref.key, ref.width, ref.height,
                           [[v.width, v.height, v.jpeg, v.webp] for v in ref.variants]])
    return ref


# Pillow's own guard warns (in English) from 89 megapixels and refuses only from 179; _open_raster refuses more
# than MAX_PIXELS from the header, before anything is decoded, so Pillow's is turned off.
Image.MAX_IMAGE_PIXELS = None
# The formats a raster image may be in (a phone's JPEG with a second picture inside, MPO, opens as JPEG); never one
# whose plugin runs other programs (EPS) or reads far more than its header says.
RASTER_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
# what a kept probe was checked for
PROBE_CHECKS = ("decoded", MAX_PIXELS, MAX_JPEG_PIXELS, MAX_IMAGE_BYTES, "sides", WEBP_MAX_SIDE, JPEG_MAX_SIDE)
UNREADABLE = "无法读取的图片文件（已损坏或不是图片）"
TOO_LARGE_HINT = ("网站上的图片最宽 1440 像素：请用看图软件（如画图、WPS 图片）把图片缩小到宽 4000 像素左右后"
                  "再放进 content/。")


def _read(path: Path) -> bytes:
    """An image file's bytes: an ordinary file of at most MAX_IMAGE_BYTES (limits.read_file)."""
    try:
        return read_file(path, limit=MAX_IMAGE_BYTES)
    except Unreadable as exc:
        if exc.missing:
            raise ImageProblem("找不到图片文件", NOT_FOUND_HINT, missing=True) from None
        raise ImageProblem(f"图片文件{exc.says}", exc.hint) from None


# What a file that is no picture the site takes most often is, by its first bytes, and how to make it one.
SAVE_AS_JPG = "请用看图软件（如画图、WPS 图片、手机相册）把它另存为 JPG 或 PNG 格式，再放进 content/。"
_KNOWN_FILES = (
    ((b"ftypheic", b"ftypheix", b"ftyphevc", b"ftypmif1", b"ftypmsf1"),
     "这是手机拍的 HEIC 格式照片，只改扩展名不能转换",
     SAVE_AS_JPG + "苹果手机可以在“设置 → 相机 → 格式”里选“兼容性最佳”，以后拍的就是 JPG。"),
    ((b"ftypavif",), "这是 AVIF 格式的图片，网站不收这种格式", SAVE_AS_JPG),
    ((b"BM",), "这是 BMP 格式的图片，网站不收这种格式", SAVE_AS_JPG),
    ((b"II*\x00", b"MM\x00*"), "这是 TIFF 格式的图片，网站不收这种格式", SAVE_AS_JPG),
    ((b"%PDF",), "这是 PDF 文件，不是图片", "请把要用的那一页截图或导出为 JPG 图片。"),
    ((b"PK\x03\x04",), "这是压缩包或 Word、Excel 文件，不是图片",
     "请从文档里把图片另存出来（Word 里右键图片 → 另存为图片），或用 pingan import 导入整篇 Word 文档。"),
)


def _not_a_picture(data: bytes) -> ImageProblem:
    """Why bytes Pillow could not open are not a picture the site takes: said by what they are when that is
    known (an iPhone's HEIC renamed .jpg, an empty file), else the general message."""
    if not data:
        return ImageProblem("图片文件是空的（0 字节）", "可能没有复制完整：请重新复制或另存这张图片。")
    for magics, message, hint in _KNOWN_FILES:
        if any(data.startswith(m) or data[4:12].startswith(m) for m in magics):
            return ImageProblem(message, hint)
    return ImageProblem(UNREADABLE)


def _open_raster(data: bytes) -> Image.Image:
    """A raster image opened from its bytes (nothing decoded yet), refused above MAX_PIXELS (MAX_JPEG_PIXELS for a
    JPEG, which is decoded at a fraction of its size)."""
    try:
        im = Image.open(io.BytesIO(data), formats=RASTER_FORMATS)
    except Exception:  # Pillow raises many types for a damaged or unknown file
        raise _not_a_picture(data) from None
    width, height = im.size
    limit = pixel_limit(im.format)
    if width * height > limit:
        im.close()
        tall = height > 4 * width and width <= 4000  # a long picture: its width is not what to shrink
        raise ImageProblem(f"图片尺寸太大（{width}×{height}，共 {_pixels(width * height)}，"
                           f"上限 {_pixels(limit)}）", LONG_PICTURE_HINT if tall else TOO_LARGE_HINT)
    return im


def _pixels(count: int) -> str:
    """A pixel count as Chinese writes it: 5000 万像素, 1.4 亿像素."""
    return f"{count / 10**8:.1f} 亿像素" if count >= 10**8 else f"{count // 10**4} 万像素"


def _probe(path: Path, max_width: int) -> ImageRef:
    """Check an image and decide its variants. A raster image is decoded once (a JPEG at 1/8 of its size, which
    still reads every byte: ~25 ms for a 12-megapixel photo), so that a damaged or truncated file is reported
    here, by `pingan check` too, and not only when the build encodes it."""
    data = _read(path)
    key = hashlib.sha256(data + PIPELINE_VERSION.encode()).hexdigest()[:16]
    if path.suffix.lower() == ".svg":
        width, height = svg_size(data)
        name = f"images/{key}.svg"
        return ImageRef(path, key, width, height, (Variant(width, height, name, name),))
    with _open_raster(data) as im:
        try:
            width, height = im.size
            orientation = im.getexif().get(0x0112, 1)
            if im.format in ("JPEG", "MPO"):
                im.draft(None, (max(1, width // 8), max(1, height // 8)))
            im.load()
        except Exception:  # Pillow raises many types for a damaged or truncated file
            raise ImageProblem(UNREADABLE) from None
    if orientation in SIDEWAYS:  # the published image is transposed
        width, height = height, width
    return ImageRef(path, key, width, height, _variants(key, width, height, max_width))


def _variants(key: str, width: int, height: int, max_width: int) -> tuple[Variant, ...]:
    """The widths an image of `width`×`height` is published at (none wider than `max_width`), each as JPEG and, when
    every one fits WebP's limit, WebP; an image no variant of which JPEG can hold is refused (ImageProblem)."""
    widest = min(width, max_width)
    sizes = [(w, round(height * w / width)) for w in sorted({w for w in WIDTHS if w < widest} | {widest})]
    sizes = [(w, h) for w, h in sizes if h >= 1]  # a thin picture's narrow variants would be 0 pixels high
    if not sizes:
        raise ImageProblem(f"图片太细（{width}×{height} 像素）：缩到网页上最宽的 {widest} 像素时，高度不到 1 像素，"
                           "做不成网页图片",
                           "请用看图软件裁掉多余的部分，或把它加高（例如做成 1440×10 像素的分隔线）后再放进 content/。")
    if sizes[-1][1] > JPEG_MAX_SIDE:
        w, h = sizes[-1]
        raise ImageProblem(f"图片太长（{width}×{height} 像素）：网页上最宽的一张是 {w}×{h} 像素，"
                           f"超过了网页图片一边最长 {JPEG_MAX_SIDE} 像素的上限", LONG_PICTURE_HINT)
    webp = all(max(w, h) <= WEBP_MAX_SIDE for w, h in sizes)
    return tuple(Variant(w, h, f"images/{key}-{w}.jpg", f"images/{key}-{w}.webp" if webp else "") for w, h in sizes)


LONG_PICTURE_HINT = ("请用看图软件把长图裁成几段（每段高度不超过 16000 像素，手机上看更快），"
                     "在稿件里按顺序一张接一张插入，读者看到的仍是连在一起的长图。")


SIDEWAYS = {5, 6, 7, 8}  # EXIF orientations that turn the photo by 90°: width and height trade places
# EXIF orientation -> the turn that shows the photo upright (as ImageOps.exif_transpose does)
UPRIGHT = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
           5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
           8: Image.Transpose.ROTATE_90}


def encode(ref: ImageRef, cache_dir: Path) -> None:
    """Write every variant of `ref` into the cache, oriented and without any metadata.

    A JPEG is decoded at 1/2, 1/4 or 1/8 of its size when even the widest variant is smaller than that (the
    decoder scales while decoding, as Pillow's thumbnail() does): a 12-megapixel photo then costs about half.
    Variants are resized in the file's own orientation, from exactly the decoded area, and then turned.
    """
    try:
        clean, box, turn, sideways = _decode(ref)
    except ImageProblem:
        raise
    except Exception:  # Pillow raises many types for a damaged or truncated file: probed, but changed since?
        raise ImageProblem(UNREADABLE) from None

    def stored(v: Variant) -> tuple[int, int]:  # a variant's size in the file's orientation
        return (v.height, v.width) if sideways else (v.width, v.height)

    for v in ref.variants:
        resized = clean.resize(stored(v), Image.Resampling.LANCZOS, box=box)  # same size and box: a copy
        if turn is not None:
            resized = resized.transpose(turn)
        _atomic_save(resized, cache_dir / Path(v.jpeg).name, "JPEG",
                     quality=JPEG_QUALITY, optimize=True)
        if v.webp:
            _atomic_save(resized, cache_dir / Path(v.webp).name, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)


def _decode(ref: ImageRef) -> tuple[Image.Image, tuple[float, float, float, float], Image.Transpose | None, bool]:
    """`ref`'s pixels without any metadata, the area of them the variants are made from, and how to turn them."""
    with _open_raster(_read(ref.source)) as original:
        orientation = original.getexif().get(0x0112, 1)
        turn, sideways = UPRIGHT.get(orientation), orientation in SIDEWAYS

        def stored(v: Variant) -> tuple[int, int]:  # a variant's size in the file's orientation
            return (v.height, v.width) if sideways else (v.width, v.height)

        box: tuple[float, float, float, float] = (0, 0, *original.size)
        drafted = original.draft(None, stored(ref.variants[-1])) if original.format == "JPEG" else None
        if drafted is not None:
            box = drafted[1]  # where the whole photo lies in the smaller decoded one (edges may be fractional)
        im: Image.Image = original
        if im.mode not in ("RGB", "L"):
            background = Image.new("RGB", im.size, (255, 255, 255))
            rgba = im.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            im = background
        if im.mode != "RGB":
            im = im.convert("RGB")
        # A fresh image carries no EXIF, ICC, XMP or GPS: nothing of the camera reaches the output.
        clean = Image.new("RGB", im.size)
        clean.paste(im)
        del im  # the decoded photo is freed when the file closes: one copy in memory while variants are made
    return clean, box, turn, sideways


def _atomic_save(im: Image.Image, target: Path, fmt: str, **options: object) -> None:
    tmp = target.with_name(target.name + ".tmp")
    try:
        im.save(tmp, fmt, **options)
    except (ValueError, OSError) as exc:
        if isinstance(exc, OSError) and exc.errno is not None:  # the disk (full, read-only): said where it is handled
            raise
        # The encoder refused the picture (a limit probe did not foresee): this file, not an internal error.
        tmp.unlink(missing_ok=True)
        raise ImageProblem(f"无法把这张图片编码为 {fmt} 格式的网页图片", LONG_PICTURE_HINT) from None
    os.replace(tmp, target)


def variant_names(ref: ImageRef) -> list[str]:
    return sorted({Path(p).name for v in ref.variants for p in (v.jpeg, v.webp) if p})
