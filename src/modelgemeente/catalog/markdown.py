"""Markdown from content files to safe HTML (CommonMark plus tables, then nh3)."""

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")

ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "code",
    "pre",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "br",
    "hr",
}


def render(text: str) -> str:
    return nh3.clean(
        _md.render(text),
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def render_nested(text: str, top: int = 4) -> str:
    """Markdown shown under a page's own headings (release notes under an h3): its `##` becomes h<top>,
    `###` h<top+1> and so on, so the page's heading order stays intact."""
    html = render(text)
    for level in (4, 3, 2):  # from the deepest, so that a shifted heading is not shifted twice
        new = min(level - 2 + top, 6)
        html = html.replace(f"<h{level}>", f"<h{new}>").replace(f"</h{level}>", f"</h{new}>")
    return html
