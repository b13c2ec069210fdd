"""Markdown written by people, rendered to HTML that is safe to show.

The HTML produced by Markdown is cleaned with nh3 against a short allow-list: raw HTML,
scripts, event handlers, images and styles never come through, links open only http(s)
and mailto addresses and carry rel="nofollow ugc noopener noreferrer".

Building a Markdown parser costs more than converting a paragraph: each thread keeps one,
and the HTML of the texts rendered last is kept (a ballot shows the same descriptions to
every voter).
"""

import threading
from functools import lru_cache

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre", "hr",
    "h3", "h4", "h5", "h6",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener noreferrer"
# Markdown headings start at level 3, below the page's own h1 and section h2.
HEADING_OFFSET = 2


def _shift_headings(html: str) -> str:
    for level in range(6 - HEADING_OFFSET, 0, -1):
        target = level + HEADING_OFFSET
        html = html.replace(f"<h{level}>", f"<h{target}>").replace(f"</h{level}>", f"</h{target}>")
    return html


_local = threading.local()


def _parser() -> markdown_lib.Markdown:
    if not hasattr(_local, "parser"):
        _local.parser = markdown_lib.Markdown(extensions=["sane_lists"], output_format="html")
    return _local.parser.reset()


def render(text: str) -> SafeString:
    """`text` (Markdown) as sanitised HTML, safe to put in a template as is."""
    return _render(str(text or ""))


@lru_cache(maxsize=4096)
def _render(text: str) -> SafeString:
    html = _parser().convert(text)
    cleaned = nh3.clean(
        _shift_headings(html),
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
    )
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3 with an allow-list just above
