"""The one place where text becomes HTML that templates print as it is.

Templates autoescape: every value from content, records and config is escaped by Jinja when it is printed, so a
new field cannot forget. A value is printed unescaped only when it is a `Markup`, and only the functions below
make one — each for HTML whose every character came through a parser or serialiser, never from a string joined
by hand:

- `sanitised`: HTML that the allow-list sanitiser (`render.htmlpolicy.sanitise`, nh3) returned, in this build or an
  earlier one (the memo keeps it as text, and so does the pickle that takes a page to the second render process);
- `element`: an element serialised by ElementTree (our <picture>s) or lxml (feed bodies), which escape text and
  attributes;
- `json_script`: JSON for a `<script type="application/ld+json">`, with `<`, `>` and `&` escaped so no text can
  end the script or open a comment in it;
- `html`: a fixed HTML template of ours with values put in, each escaped (`html("<p>{}</p>", text)`);
- `drawn_svg`: SVG drawn by a library from our data (segno's QR codes, matplotlib's charts): both escape the
  text they draw, and tests/test_escaping.py checks that charts with hostile labels stay inert.

tests/test_escaping.py fails when any other module or template makes Markup or uses `|safe`.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as etree
from typing import Any

from markupsafe import Markup

__all__ = ["Markup", "drawn_svg", "element", "figures", "html", "json_script", "sanitised"]

_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def sanitised(html: str) -> Markup:
    """HTML that `render.htmlpolicy.sanitise` returned (now, or kept from an earlier build)."""
    return html if isinstance(html, Markup) else Markup(html)


def html(template: str, *values: Any, **named: Any) -> Markup:
    """`template` (a literal of ours, never data) with `values` put in its `{}` places, each escaped unless it is
    Markup already."""
    return Markup(template).format(*values, **named)


def element(tree: Any) -> Markup:
    """An ElementTree or lxml element serialised as HTML (with its tail, for lxml)."""
    if isinstance(tree, etree.Element):
        return Markup(etree.tostring(tree, encoding="unicode", method="html"))
    from lxml import html as lxml_html

    return Markup(lxml_html.tostring(tree, encoding="unicode"))


# A figure as pages write it: 1,399 / 99.1% / 12.5万 / 1,500余.
FIGURE = re.compile(r"([-+−]?\d[\d,.]*(?:万|%|余|多|以上)?)")


def figures(text: str) -> Markup:
    """Text with figures in it (a rate and its counts, a 核对提示), escaped, as a narrow column may break it: each
    figure kept whole (1,39 / 9 reads as 1,39), and a line may break before an opening bracket and after ÷, where a
    long run such as 98.7%（17,128÷17,356）， was otherwise cut at any character, a closing mark starting a line."""
    out: list[str] = []
    for n, piece in enumerate(FIGURE.split(text)):
        if not piece:
            continue
        if piece.startswith("（") or out and out[-1].endswith("÷"):
            out.append("<wbr>")
        out.append(str(html('<span class="pa-nobr">{}</span>', piece)) if n % 2 else str(Markup.escape(piece)))
    return Markup("".join(out))


def json_script(data: Any) -> Markup:
    """`data` as the body of a JSON <script>: valid JSON in which no character can end or comment the script."""
    return Markup(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES))


def drawn_svg(svg: str) -> Markup:
    """Inline SVG that segno or matplotlib drew."""
    return svg if isinstance(svg, Markup) else Markup(svg)
