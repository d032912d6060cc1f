"""A PDF never fails on long unbroken text: a 4,000-character motivation without a space (the field's
limit) still gives a PDF, quickly, with the text wrapped inside the page. On the synthetic edition."""

import io
import time

import pytest
from pypdf import PdfReader

from modelgemeente.plans.models import TEXT_LIMIT

from ..plans.test_editing import DASHBOARD, choices_post, url

pytestmark = pytest.mark.django_db


def test_a_4000_character_word_renders_in_the_pdf(client, plan, editor):  # noqa: F811
    word = ("Klantreizen" * 400)[:TEXT_LIMIT]
    assert len(word) == 4000 and " " not in word
    client.force_login(editor)
    response = client.post(url(plan, "ontwikkelingen/"), choices_post(plan, **{DASHBOARD: {"motivation": word}}))
    assert response.status_code == 302
    started = time.monotonic()
    response = client.get(url(plan, "plan.pdf"))
    elapsed = time.monotonic() - started
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    # A plan PDF takes some 15 s here anyway; CSS `overflow-wrap: anywhere` made this one take over 2 minutes.
    assert elapsed < 60, elapsed
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "").replace("\u200b", "")
    assert word[:200] in text and word[-200:] in text  # all of it is there, broken over lines
    # Wrapped inside its cell, not run off the page: no line of text is longer than a page is wide.
    longest = max(len(line) for page in reader.pages for line in page.extract_text().splitlines())
    assert longest < 400, longest


def test_break_opportunities_go_into_text_only():
    from modelgemeente.exports.pdf import breakable

    html = f'<td title="{"x" * 60}">{"a" * 85} kort &quot;{"b" * 45}</td><style>p {{ color: red }}</style>'
    out = breakable(html)
    assert f'title="{"x" * 60}"' in out  # attributes untouched
    assert f"{'a' * 40}\u200b{'a' * 40}\u200b{'a' * 5} kort" in out
    assert f"&quot;{'b' * 39}\u200b{'b' * 6}" in out  # an entity is one character, never cut
    assert out.replace("\u200b", "") == html
