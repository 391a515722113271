"""The golden test articles as news pages of three site templates (tests/ingest/news_pages.py)
read to the same facts as their text files: what trafilatura takes from a page and how
sources.compose lays it out lose nothing the extractor reads, one-line crawled bodies with their
bylines and captions run into the sentences included. Articles whose text is not a page's shape
(a news aggregator's trailer of date, section, tags and outlet under the body: a page shows
those as links and logos) are left out, and counted."""
import glob
import json
import os

import pytest

from archive.ingest import pipeline, sources
from archive.ingest.extract import as_record
from tests.ingest.news_pages import TEMPLATES, host_of, layout

ARTICLES = os.path.join(os.path.dirname(__file__), "..", "data", "articles")
FIELDS = ("title", "province", "source", "published", "meeting_date", "persons", "documents", "authors")


def _articles():
    for path in sorted(glob.glob(os.path.join(ARTICLES, "*.txt"))):
        with open(path[:-4] + ".json", encoding="utf-8") as fh:
            gold = json.load(fh)
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        yield path, text, gold, layout(text, gold)


@pytest.fixture(scope="module")
def from_text():
    return {path: as_record(pipeline.prepare(path).facts) for path, _, _, parts in _articles() if parts}


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_pages_read_to_the_facts_of_their_text(template, from_text):
    render, checked, differ = TEMPLATES[template], 0, []
    for path, text, gold, parts in _articles():
        if parts is None:
            continue
        page = render(parts, gold, host=host_of(text, "tin-tinh.example")).encode("utf-8")
        item = sources.Item(path[:-4] + ".html", os.path.basename(path)[:-4] + ".html", sources.HTML, page)
        prepared = pipeline.prepare(item)
        assert not prepared.error, f"{os.path.basename(path)} as {template}: {prepared.error}"
        got, want = as_record(prepared.facts), from_text[path]
        differ += [(os.path.basename(path), f, want[f], got[f]) for f in FIELDS if got[f] != want[f]]
        checked += 1
        # Every span of the page's facts points into the text shown as the article's raw text.
        facts = prepared.facts
        assert prepared.decoded.text[slice(*facts.title.span)] == facts.title.value
        for person in facts.persons:
            for start, end in person.spans:
                assert prepared.decoded.text[start:end]
    assert checked >= 39, f"only {checked} golden articles have a page's shape"
    assert not differ, differ


def test_the_left_out_articles_are_few():
    left_out = [os.path.basename(path) for path, _, _, parts in _articles() if parts is None]
    assert len(left_out) <= 4, left_out  # baomoi.com's trailer
