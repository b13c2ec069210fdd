"""People's Markdown: the same text always gives the same safe HTML, whatever was rendered
before it (the parser and the HTML of recent texts are reused)."""

from concurrent.futures import ThreadPoolExecutor

from hypothesis import given
from hypothesis import strategies as st

from parvis.core import markdown

MARKDOWNISH = st.text(alphabet="ab *_#>-1.[]():\n`<&'", max_size=60)


def fresh(text: str) -> str:
    """The HTML of `text` from a new thread's own parser, with nothing kept."""
    markdown._render.cache_clear()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(markdown.render, text).result()


@given(st.lists(MARKDOWNISH, max_size=4), MARKDOWNISH)
def test_a_text_renders_the_same_whatever_came_before(before, text):
    for other in before:
        markdown.render(other)
    assert markdown.render(text) == fresh(text)


def test_a_reference_defined_in_one_text_does_not_link_another():
    assert 'href="https://example.org/a"' in markdown.render(
        "Voir [le plan][1].\n\n[1]: https://example.org/a")
    assert markdown.render("Voir [le plan][1].") == "<p>Voir [le plan][1].</p>"


def test_scripts_and_raw_html_never_come_through():
    html = markdown.render("**gras** <script>alert(1)</script> [x](javascript:alert(1))")
    assert "<strong>gras</strong>" in html
    assert "<script" not in html and "javascript:" not in html
