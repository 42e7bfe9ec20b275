"""Images: probe at load time, then orient, strip metadata, resize and encode once per content hash."""

from __future__ import annotations

import hashlib
import io
import os
import queue
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import GifImagePlugin, Image, JpegImagePlugin, PngImagePlugin, WebPImagePlugin  # noqa: F401 - registers

from .errors import ContentError, Problem
from .limits import MAX_IMAGE_BYTES, MAX_PIXELS, Unreadable, read_file
from .pagecache import Memo, link_or_copy
from .parallel import process_pool, workers
from .progress import progress_bar

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

# Bump when the encoding below changes, so cached variants are rebuilt rather than reused.
PIPELINE_VERSION = "2"  # bump when what _encode writes changes (outputs are named by it)
WIDTHS = (480, 960, 1440)
JPEG_QUALITY = 82
WEBP_QUALITY = 78
NOT_FOUND_HINT = "检查文件名（区分大小写）和路径；图片路径相对于这个文件所在的文件夹，或以 / 开头表示相对 content/。"
REPLACE_HINT = "请换一张 JPG、PNG、WebP 或不含脚本的 SVG 图片。"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg"}


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    jpeg: str  # output path relative to the site root, e.g. images/ab12cd34ef-960.jpg
    webp: str


# -- Active and outside content: the rules raw HTML in Markdown (render/markdown.py) and SVG files share ----------

URL_SPACE = str.maketrans("", "", "\t\n\r")  # browsers drop these anywhere in a URL (WHATWG URL parsing)
URL_EDGE = "".join(map(chr, range(0x21)))  # ... and C0 controls and spaces at either end
URL_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
RASTER_DATA = re.compile(r"data:image/(?:png|jpeg|jpg|gif|webp|bmp)[;,]", re.IGNORECASE)


def url_kind(value: str) -> str:
    """What a browser makes of a URL in an attribute (entities already decoded): "script" (javascript:,
    vbscript:), "data", "outside" (any other scheme, or // and \\\\ , which name another host) or "local"."""
    url = as_read(value)
    scheme = URL_SCHEME.match(url)
    if scheme:
        name = scheme[1].lower()
        return "script" if name in ("javascript", "vbscript") else "data" if name == "data" else "outside"
    return "outside" if url[:2].replace("\\", "/") == "//" else "local"


def as_read(url: str) -> str:
    """`url` as the browser reads it (tabs and line breaks dropped, ends trimmed), to show in a message."""
    return url.translate(URL_SPACE).strip(URL_EDGE)


def srcset_urls(value: str) -> list[str]:
    """Every word of a srcset that could be a candidate's URL (more than the browser takes: never fewer)."""
    return [word for word in re.split(r"[\s,]+", value) if word]


def shown(value: str, limit: int = 60) -> str:
    """`value` as a message shows it: on one line, control characters as spaces, cut at `limit` characters."""
    one_line = " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", value).split())
    return one_line if len(one_line) <= limit else one_line[:limit] + "…"


CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.DOTALL)
CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(.))", re.DOTALL)
CSS_URL = re.compile(r"url\(\s*(['\"]?)\s*([^'\")\s]*)")
CSS_ACTIVE = ("@import", "expression(", "javascript:", "vbscript:", "-moz-binding", "behavior:", "image-set(",
              "image(", "cross-fade(", "element(")


def css_problem(css: str) -> str | None:
    """What in a style sheet or `style` attribute loads from anywhere but this file (`url(#id)` is allowed) or
    runs script; None when nothing does. Escapes (`u\\72l(`) and comments are undone first."""
    if not any(c in css for c in "(@:\\"):
        return None

    def unescape(match: re.Match[str]) -> str:
        if match[1]:
            code = int(match[1], 16)
            return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
        return match[2]

    text = CSS_ESCAPE.sub(unescape, CSS_COMMENT.sub("", css)).lower()
    squeezed = "".join(text.split())
    for word in CSS_ACTIVE:
        if word in squeezed:
            return word.rstrip("(:")
    for found in CSS_URL.finditer(text):
        if not found[2].startswith("#"):
            return f"url({found[1]}{found[2]}{found[1]})"
    return None


SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
# Every element of SVG 1.1 and SVG 2 that draws or describes (and what Inkscape writes of the drafts), lower
# case; not script, foreignObject, the animation elements (animate, set, animateMotion, animateTransform,
# animateColor, mpath, discard) nor SVG Tiny's handler and listener.
SVG_ELEMENTS = frozenset("""
a altglyph altglyphdef altglyphitem circle clippath color-profile cursor defs desc ellipse feblend fecolormatrix
fecomponenttransfer fecomposite feconvolvematrix fediffuselighting fedisplacementmap fedistantlight fedropshadow
feflood fefunca fefuncb fefuncg fefuncr fegaussianblur feimage femerge femergenode femorphology feoffset
fepointlight fespecularlighting fespotlight fetile feturbulence filter font font-face font-face-format
font-face-name font-face-src font-face-uri g glyph glyphref hkern image line lineargradient marker mask metadata
missing-glyph path pattern polygon polyline radialgradient rect stop style svg switch symbol text textpath title
tref tspan use view vkern flowroot flowregion flowpara flowspan flowdiv flowline flowregionbreak flowregionexclude
meshgradient meshrow meshpatch hatch hatchpath solidcolor
""".split())
SCRIPTING = frozenset({"script", "foreignobject", "handler", "listener", "iframe", "embed", "object"})
ANIMATION = frozenset({"animate", "set", "animatemotion", "animatetransform", "animatecolor", "mpath", "discard"})
# Namespaces whose elements a browser makes live inside an SVG document (an XHTML <img> fetches, an XHTML
# <script> runs, MathML links), and those of XSLT, XInclude and XML Events.
FOREIGN_ACTIVE = {"http://www.w3.org/1999/xhtml": "网页（XHTML）", "http://www.w3.org/1998/Math/MathML": "MathML",
                  "http://www.w3.org/1999/XSL/Transform": "XSLT", "http://www.w3.org/2001/XInclude": "XInclude",
                  "http://www.w3.org/2001/xml-events": "XML Events"}
SVG_DOCTYPES = {(None, None), ("-//W3C//DTD SVG 1.1//EN", "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"),
                ("-//W3C//DTD SVG 1.0//EN", "http://www.w3.org/TR/2001/REC-SVG-20010904/DTD/svg10.dtd"),
                ("-//W3C//DTD SVG 20010904//EN", "http://www.w3.org/TR/2001/REC-SVG-20010904/DTD/svg10.dtd"),
                ("-//W3C//DTD SVG 1.1 Basic//EN", "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11-basic.dtd"),
                ("-//W3C//DTD SVG 1.1 Tiny//EN", "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11-tiny.dtd")}
SVG_SCRIPT_HINT = "SVG 图片可能被读者单独打开，其中的脚本和外部内容会在本站网址下运行。请用作图软件重新导出不含脚本、" \
                  "动画和外部引用的 SVG，或换成 PNG 图片。"
SVG_ENTITY_HINT = "DOCTYPE 里的声明（<!ENTITY> 等）能让读取它的程序耗尽内存或读出本机文件。请用作图软件重新导出" \
                  "（Inkscape 选“普通 SVG”，Illustrator 用“导出为”），或换成 PNG 图片。"
SVG_ENCODING_HINT = "请用作图软件重新导出为 UTF-8 编码的 SVG，或换成 PNG 图片。"


def _svg_problem(el: object, what: str, hint: str = SVG_SCRIPT_HINT) -> ImageProblem:
    line = getattr(el, "sourceline", None)
    return ImageProblem(f"SVG 图片{f'第 {line} 行' if line else ''}{what}，不允许发布", hint)


def check_svg(data: bytes) -> Any:
    """The root element of an SVG file that is safe to publish as written; raises ImageProblem (with the SVG's
    line) for anything that can run script, load from outside the file or expand entities.

    The file is parsed once, with no DTD, entities, network or file access. Allowed: UTF-8, a standard SVG
    DOCTYPE without declarations (matplotlib writes one), the SVG elements that draw (SVG_ELEMENTS; editors'
    own namespaces, such as Inkscape's and RDF metadata, are inert), `href` only to `#id` in this file (and
    raster `data:image/` on <image>), `url()` only to `#id`."""
    from lxml import etree  # only SVG needs an XML parser here

    class _NoLoading(etree.Resolver):
        """Refuses every file or address the parser would load (a DTD, an external entity)."""

        def resolve(self, url: str, pubid: str, context: object) -> None:
            raise ImageProblem("SVG 图片引用了外部文件，不允许发布", SVG_ENTITY_HINT)

    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00", b"+/v")) or b"\x00" in data[:512]:
        raise ImageProblem("SVG 图片不是 UTF-8 编码，不允许发布", SVG_ENCODING_HINT)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             attribute_defaults=False, dtd_validation=False)
    parser.resolvers.add(_NoLoading())  # never asked with load_dtd=False: should that change, nothing loads
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        if b"<!ENTITY" in data or b"<!DOCTYPE" in data and b"[" in data.split(b"<svg", 1)[0]:
            raise ImageProblem("SVG 图片含有 DOCTYPE 内部声明（<!ENTITY> 等），不允许发布", SVG_ENTITY_HINT) from None
        line = f"第 {error.lineno} 行" if getattr(error, "lineno", None) else ""
        raise ImageProblem(f"无法读取的 SVG 文件（{line}不是有效的 XML）") from None
    tree = root.getroottree()
    info = tree.docinfo
    if (info.encoding or "utf-8").lower().replace("_", "-") not in ("utf-8", "utf8", "us-ascii", "ascii"):
        raise ImageProblem(f"SVG 图片不是 UTF-8 编码（文件声明为 {shown(info.encoding, 20)}），不允许发布",
                           SVG_ENCODING_HINT)
    if info.doctype:
        dtd = info.internalDTD
        declared = dtd is not None and (
            list(dtd.iterelements()) or list(dtd.iterentities())
            or (info.doctype[:-1] + " [").encode() in etree.tostring(tree))
        if declared or info.root_name != "svg" or (info.public_id, info.system_url) not in SVG_DOCTYPES:
            raise ImageProblem("SVG 图片含有 DOCTYPE 内部声明或非标准的 DOCTYPE，不允许发布", SVG_ENTITY_HINT)
    for node in (*root.itersiblings(preceding=True), *root.itersiblings(), *root.iter(etree.PI)):
        if isinstance(node, etree._ProcessingInstruction) and node.target.lower() == "xml-stylesheet":
            raise _svg_problem(node, "含有 <?xml-stylesheet?>，会加载外部样式表")
    if root.tag != f"{SVG_NS}svg":
        raise ImageProblem("SVG 文件的根元素不是 <svg xmlns=\"http://www.w3.org/2000/svg\">，浏览器无法显示",
                           "请用作图软件重新导出 SVG，或换成 PNG 图片。")
    for el in root.iter(etree.Element):
        qname = etree.QName(el)
        local, namespace = qname.localname.lower(), qname.namespace
        if local in SCRIPTING:
            raise _svg_problem(el, f"含有 <{qname.localname}>，可能执行脚本")
        if namespace in FOREIGN_ACTIVE:
            raise _svg_problem(el, f"含有{FOREIGN_ACTIVE[namespace]}元素 <{qname.localname}>，"
                                   "可能执行脚本或加载外部内容")
        if namespace == SVG_NS[1:-1]:
            if local in ANIMATION:
                raise _svg_problem(el, f"含有动画元素 <{qname.localname}>，可能改写链接或执行脚本",
                                   "请导出不带动画的静态 SVG，或换成 PNG 图片。")
            if local not in SVG_ELEMENTS:
                raise _svg_problem(el, f"含有不认识的元素 <{qname.localname}>")
            if local == "style":
                found = css_problem("".join(el.itertext()))
                if found:
                    raise _svg_problem(el, f"的样式含有 {shown(found, 40)}，会加载外部内容或执行脚本")
        styled = namespace in (None, SVG_NS[1:-1])  # editors' own namespaces (Inkscape, RDF) hold no CSS
        for name, value in el.attrib.items():
            attr = etree.QName(name).localname.lower() if name.startswith("{") else name.lower()
            if attr.startswith("on"):
                raise _svg_problem(el, f"含有事件属性 {attr}，可能执行脚本")
            if name == XML_BASE:
                raise _svg_problem(el, "含有 xml:base 属性，可能让引用指向其他网站")
            if attr == "ping":  # SVG 2's <a ping>: a click reports to those addresses
                raise _svg_problem(el, "含有 ping 属性，点击时会通知其他网站")
            kind = url_kind(value)
            if kind == "script":
                raise _svg_problem(el, f"含有 {shown(as_read(value), 30)} 这样的地址，可能执行脚本")
            if attr == "href" and (name == XLINK_HREF or not name.startswith("{")):
                if value.strip(URL_EDGE).startswith("#") or (
                        local in ("image", "feimage") and RASTER_DATA.match(value.strip(URL_EDGE))):
                    continue
                raise _svg_problem(el, f"的 <{qname.localname}> 引用了本文件以外的 {shown(as_read(value), 40)}"
                                   "（SVG 只能引用自身以 # 开头的内容）")
            if styled and not name.startswith("{") and (found := css_problem(value)):
                raise _svg_problem(el, f"的 {attr} 含有 {shown(found, 40)}，会加载外部内容或执行脚本")
    return root


def svg_size(data: bytes) -> tuple[int, int]:
    """Check an SVG file (check_svg) and return its size."""
    root = check_svg(data)

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
PROBE_CHECKS = ("decoded", MAX_PIXELS, MAX_IMAGE_BYTES)  # what a kept probe was checked for
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


def _open_raster(data: bytes) -> Image.Image:
    """A raster image opened from its bytes (nothing decoded yet), refused above MAX_PIXELS."""
    try:
        im = Image.open(io.BytesIO(data), formats=RASTER_FORMATS)
    except Exception:  # Pillow raises many types for a damaged or unknown file
        raise ImageProblem(UNREADABLE) from None
    width, height = im.size
    if width * height > MAX_PIXELS:
        im.close()
        raise ImageProblem(f"图片尺寸太大（{width}×{height}，共 {_pixels(width * height)}，"
                           f"上限 {_pixels(MAX_PIXELS)}）", TOO_LARGE_HINT)
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
    widest = min(width, max_width)
    widths = [w for w in WIDTHS if w < widest] + [widest]
    variants = tuple(
        Variant(w, round(height * w / width), f"images/{key}-{w}.jpg", f"images/{key}-{w}.webp")
        for w in sorted(set(widths))
    )
    return ImageRef(path, key, width, height, variants)


SIDEWAYS = {5, 6, 7, 8}  # EXIF orientations that turn the photo by 90°: width and height trade places
# EXIF orientation -> the turn that shows the photo upright (as ImageOps.exif_transpose does)
UPRIGHT = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
           5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
           8: Image.Transpose.ROTATE_90}


def _encode(ref: ImageRef, cache_dir: Path) -> None:
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
                     quality=JPEG_QUALITY, optimize=True, progressive=True)
        _atomic_save(resized, cache_dir / Path(v.webp).name, "WEBP", quality=WEBP_QUALITY, method=4)


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
    im.save(tmp, fmt, **options)
    os.replace(tmp, target)


def _names(ref: ImageRef) -> list[str]:
    return sorted({Path(p).name for v in ref.variants for p in (v.jpeg, v.webp)})


class Encoder:
    """Encodes the images a build lacks into `cache_dir` and publishes every variant into a site.

    Photos are most of a cold build's work (~0.7 s of processor time per 12-megapixel photo). `start`, called
    before the pages are rendered, puts the cores this process does not use to work on them at once (one on
    a two-core machine), so they are not idle while the pages are rendered; `publish` then uses every core
    for the rest. Each image is encoded on its own, from its own bytes, so when and where it is encoded
    changes nothing in what is written. `close` stops the workers (a failed build); safe to call twice.
    """

    def __init__(self, refs: list[ImageRef], cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self.refs = sorted({r.key: r for r in refs}.values(), key=lambda r: r.key)
        self.missing = [r for r in self.refs if not r.svg
                        and not all((cache_dir / n).exists() for n in _names(r))]
        self.count = min(workers(), len(self.missing))
        self.pool: ProcessPoolExecutor | None = None
        self.submitted: queue.Queue[Future[None]] = queue.Queue()  # every encode, in order, for publish to wait on
        self.slots = threading.Semaphore(0)  # free places among the encodes allowed in flight
        self.allowed = 0  # encodes allowed in flight
        self.feeder: threading.Thread | None = None
        self.stopped = False

    def start(self, meanwhile: int) -> None:
        """Begin encoding in the background, at most `meanwhile` images at a time until `publish`."""
        if self.count < 2 or self.pool is not None:
            return  # one process: everything is encoded by publish, in order
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        self.pool = process_pool(self.count)
        self.allowed = max(1, min(meanwhile, self.count))
        self.slots.release(self.allowed)
        self.feeder = threading.Thread(target=self._feed, name="pingan-images", daemon=True)
        self.feeder.start()

    def _feed(self) -> None:
        from concurrent.futures import Future

        assert self.pool is not None
        for ref in self.missing:
            self.slots.acquire()
            if self.stopped:
                return
            try:
                future = self.pool.submit(_encode, ref, self.cache_dir)
            except Exception as exc:  # a broken pool: handed on as a failed encode, publish raises it
                future = Future()
                future.set_exception(exc)
            future.add_done_callback(lambda _: self.slots.release())
            self.submitted.put(future)

    def publish(self, out_dir: Path) -> tuple[int, int]:
        """Encode what is still missing on every core, then link every variant into `out_dir/images`.

        Returns (newly encoded, taken from the cache)."""
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "images").mkdir(parents=True, exist_ok=True)
        bar = progress_bar(len(self.missing), "处理图片", "张")
        if self.count > 1:
            if self.pool is None:
                self.start(self.count)
            else:  # every core now
                self.slots.release(self.count - self.allowed)
                self.allowed = self.count
            for ref in self.missing:  # in the order submitted, as they finish
                try:
                    self.submitted.get().result()  # a worker's error (a damaged file, a full disk) fails the build
                except ImageProblem as exc:
                    raise _failed(ref, exc) from None
                bar.update()
            self.close()
        else:
            for ref in self.missing:
                try:
                    _encode(ref, self.cache_dir)
                except ImageProblem as exc:
                    raise _failed(ref, exc) from None
                bar.update()
        bar.close()
        for ref in self.refs:
            names = _names(ref)
            if ref.svg:  # checked when probed; published as written
                shutil.copyfile(ref.source, out_dir / "images" / names[0])
                continue
            for name in names:  # named by content hash, never written in place: linked, not copied
                link_or_copy(self.cache_dir / name, out_dir / "images" / name)
        return len(self.missing), len(self.refs) - len(self.missing)

    def close(self) -> None:
        self.stopped = True
        self.slots.release(len(self.missing) + 1)  # wake the feeder so it sees `stopped`
        if self.feeder is not None:
            self.feeder.join()
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def _failed(ref: ImageRef, exc: ImageProblem) -> ContentError:
    """The build's error for an image that could not be encoded, named from content/ on."""
    parts = ref.source.parts
    at = len(parts) - 1 - parts[::-1].index("content") if "content" in parts else None
    shown = "/".join(parts[at:]) if at is not None else str(ref.source)
    return ContentError([Problem(shown, None, "", exc.message, exc.hint)])


def publish(refs: list[ImageRef], cache_dir: Path, out_dir: Path) -> tuple[int, int]:
    """Encode what the cache lacks (on every core) and link every variant into `out_dir/images`."""
    return Encoder(refs, cache_dir).publish(out_dir)
