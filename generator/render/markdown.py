"""Story bodies to HTML with one reused Markdown instance (a new instance per page costs ~4x)."""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ..images import ImageRef

EXTENSIONS = ["tables", "attr_list", "sane_lists", "footnotes", "md_in_html", "toc"]
EXTENSION_CONFIGS = {"toc": {"permalink": False}}

# Resolves an <img src> as written in Markdown to an image, or None when it cannot be found.
ImageResolver = Callable[[str], ImageRef | None]


@dataclass
class RenderState:
    """Per-document settings and findings, swapped in before each conversion."""

    resolve: ImageResolver
    page_url: str
    images: list[ImageRef] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def picture(ref: ImageRef, alt: str, page_url: str, *, lazy: bool, sizes: str = "(max-width: 960px) 100vw, 960px"
            ) -> etree.Element:
    """A <picture> with WebP sources, a JPEG fallback and its intrinsic size (no layout shift)."""
    def rel(path: str) -> str:
        return posixpath.relpath("/" + path, "/" + page_url)

    pic = etree.Element("picture")
    source = etree.SubElement(pic, "source")
    source.set("type", "image/webp")
    source.set("srcset", ", ".join(f"{rel(v.webp)} {v.width}w" for v in ref.variants))
    source.set("sizes", sizes)
    img = etree.SubElement(pic, "img")
    default = ref.default
    img.set("src", rel(default.jpeg))
    img.set("srcset", ", ".join(f"{rel(v.jpeg)} {v.width}w" for v in ref.variants))
    img.set("sizes", sizes)
    img.set("width", str(default.width))
    img.set("height", str(default.height))
    img.set("alt", alt)
    img.set("decoding", "async")
    if lazy:
        img.set("loading", "lazy")
    return pic


class _ImageProcessor(Treeprocessor):
    def __init__(self, md: markdown.Markdown, owner: BodyRenderer) -> None:
        super().__init__(md)
        self.owner = owner

    def run(self, root: etree.Element) -> None:
        state = self.owner.state
        assert state is not None
        parents = {child: parent for parent in root.iter() for child in parent}
        for img in list(root.iter("img")):
            src = img.get("src", "")
            if src.startswith(("http://", "https://", "data:", "//")):
                continue
            ref = state.resolve(src)
            if ref is None:
                state.missing.append(src)
                continue
            state.images.append(ref)
            parent = parents[img]
            pic = picture(ref, img.get("alt", ""), state.page_url, lazy=True)
            pic.tail = img.tail
            index = list(parent).index(img)
            parent.remove(img)
            parent.insert(index, pic)


class _Hook(Extension):
    def __init__(self, owner: BodyRenderer) -> None:
        super().__init__()
        self.owner = owner

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API name
        md.treeprocessors.register(_ImageProcessor(md, self.owner), "pingan_images", 0)


class BodyRenderer:
    """Converts Markdown bodies; one instance per build, reset between documents."""

    def __init__(self) -> None:
        self.state: RenderState | None = None
        self.md = markdown.Markdown(extensions=[*EXTENSIONS, _Hook(self)],
                                    extension_configs=EXTENSION_CONFIGS, output_format="html")

    def render(self, text: str, state: RenderState) -> str:
        """HTML for `text`; images found and missing are recorded on `state`."""
        self.state = state
        try:
            return self.md.reset().convert(text)
        finally:
            self.state = None
