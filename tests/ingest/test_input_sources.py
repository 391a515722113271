"""Saved pages, crawl exports and zips → items and decoded text (no database): charsets that lie,
broken markup, scripts, pages that are not articles, export columns, zip bombs and traversal."""
import io
import json
import zipfile

import pytest

from archive.ingest import pipeline, sources
from archive.ingest.read import UnreadableFile
from archive.ingest.sources import html as html_source
from archive.ingest.sources import tabular, zipped
from tests.ingest import pages


def _page(data):
    return html_source.decode_page(data)


def test_a_page_gives_its_main_text_title_date_author_and_url():
    decoded = _page(pages.article_page().encode("utf-8"))
    text = decoded.text
    assert text.startswith(pages.TITLE + "\n\n20/12/2024 16:30\n\n(Báo Hà Nam) - Sáng 20/12")
    for name in ("title", "published", "url"):
        value = decoded.given[name]
        assert value.span and text[slice(*value.span)]
    assert decoded.given["url"].value == "https://baohanam.example/thoi-su/hoi-nghi-12.html"
    assert [a.value for a in decoded.given["authors"]] == ["Ngọc Diệp"]
    assert text[slice(*decoded.given["authors"][0].span)] == "Ngọc Diệp"
    assert "Trang chủ" not in text and "Không phải nội dung" not in text and "Quảng cáo" not in text
    assert decoded.original.startswith("<!DOCTYPE html>") and decoded.media_type == "text/html"


def test_the_page_structure_beats_what_is_guessed_from_the_text():
    prepared = pipeline.prepare(sources.Item("a.html", "a.html", sources.HTML, pages.article_page().encode()))
    facts = prepared.facts
    assert facts.title.value == pages.TITLE
    assert facts.published.value.isoformat() == "2024-12-20T16:30:00+07:00"
    assert [a.value for a in facts.authors] == ["Ngọc Diệp"]
    assert facts.url.value.startswith("https://baohanam.example/")
    assert {p.name for p in facts.persons} >= {"Trương Minh Khôi", "Lương Thị Thu Trang"}


def test_a_byline_run_into_the_last_sentence_is_not_written_twice():
    """A page that prints its byline at the end of the last paragraph ("… chỉ tiêu. Ngọc Diệp
    (TTXVN)") and names the author in its meta tags: the byline stays where it is, the author's
    span points there, and the agency after it is still the article's source."""
    paragraphs = pages.PARAGRAPHS[:-1] + [pages.PARAGRAPHS[-1] + " Ngọc Diệp (TTXVN)"]
    page = pages.article_page(paragraphs=paragraphs, byline_apart=False).encode()
    prepared = pipeline.prepare(sources.Item("a.html", "a.html", sources.HTML, page))
    text, facts = prepared.decoded.text, prepared.facts
    assert "\n\nNgọc Diệp\n\n" not in text
    assert [text[slice(*a.span)] for a in facts.authors] == ["Ngọc Diệp"]
    assert facts.authors[0].span[0] > text.index("các chỉ tiêu.")
    assert facts.source.value == "TTXVN"
    # The saved page's address, written under the text, is its link, not a photo's caption.
    assert facts.url.value == "https://baohanam.example/thoi-su/hoi-nghi-12.html"
    assert not any("baohanam.example" in c.text for c in facts.captions)


def test_a_meta_charset_that_lies_about_utf8_bytes_is_not_believed():
    data = pages.article_page(charset="iso-8859-1").encode("utf-8")
    decoded = _page(data)
    assert decoded.encoding == "utf-8" and pages.TITLE in decoded.text


def test_windows_1258_bytes_under_a_utf8_meta_are_read_as_windows_1258():
    from tests.ingest.test_hostile_files import cp1258

    decoded = _page(cp1258(pages.article_page(charset="utf-8")))
    assert decoded.encoding == "cp1258" and pages.TITLE in decoded.text


def test_an_undecodable_page_is_refused_naming_its_declared_charset():
    with pytest.raises(UnreadableFile, match="it declares iso8859-5"):
        _page(pages.article_page(charset="iso-8859-5").encode("utf-8").replace(b"\xe1\xbb", b"\xff\xfe"))


def test_broken_markup_still_gives_the_article():
    page = pages.article_page().replace("</p>", "", 3).replace("<article>", "<article><div><span><b>")
    page = page.replace("</body>", "</div></div></table></body>") + "<p unclosed <<>"
    decoded = _page(page.encode())
    assert pages.PARAGRAPHS[3][:40] in decoded.text and decoded.given["title"].value == pages.TITLE


@pytest.mark.parametrize("page, reason", [
    (pages.list_page(), "not an article"),
    (pages.error_page(), "error page"),
    ("<html><body><script>" + "x=1;" * 5000 + "</script></body></html>", "not an article"),
])
def test_pages_that_are_not_articles_are_refused_with_a_reason(page, reason):
    with pytest.raises(UnreadableFile, match=reason):
        _page(page.encode())


def test_a_40_mb_page_is_refused_before_it_is_parsed():
    data = pages.article_page(extra_body="<div>" + "<p>tin</p>" * 4_200_000 + "</div>").encode()
    assert len(data) > 40 * 1024 * 1024
    with pytest.raises(UnreadableFile, match=r"the page is 4\d\.\d MB"):
        _page(data)


def test_binary_bytes_named_html_are_refused():
    with pytest.raises(UnreadableFile, match="binary"):
        _page(b"\x89PNG\r\n\x1a\n\x00\x00\x00" + bytes(range(256)) * 10)


# --- crawl exports ------------------------------------------------------------------------

CSV = ("title,published_time,content,author,url\n"
       '"Bài một","2024-07-05T17:42:00+07:00","Sáng 5/7, hội nghị của tỉnh.\nĐoạn hai.","MINH HẰNG","https://x.example/1"\n'
       '"Bài hai","05/07/2024 08:00","Nội dung bài hai.",,\n'
       '"Bài ba","2024-07-06","thiếu một ô"\n')


def test_csv_rows_are_items_with_their_own_identity():
    items, problems = tabular.expand("/d/crawl.csv", "crawl.csv", CSV.encode())
    assert [i.key for i in items] == ["https://x.example/1", "crawl.csv#row-3"]
    assert problems == [("/d/crawl.csv, row 4", "3 cells for a header of 5")]
    decoded = sources.decode_item(items[0])
    assert decoded.text.splitlines()[:3] == ["Bài một", "", "05/07/2024 17:42"]
    assert decoded.given["published"].value.isoformat() == "2024-07-05T17:42:00+07:00"
    assert [a.value for a in decoded.given["authors"]] == ["MINH HẰNG"]
    assert json.loads(decoded.original)["author"] == "MINH HẰNG"


def test_columns_given_on_the_command_line_beat_the_usual_names():
    data = "tieu_de;noi_dung;ngay;ma\nMột;Nội dung một;01/02/2024;A-7\n".encode()
    mapping = tabular.parse_columns("body=noi_dung,title=tieu_de,id=ma")
    items, problems = tabular.expand("e.csv", "e.csv", data, mapping)
    assert not problems and items[0].key == "e.csv#A-7"
    assert items[0].given == {"body": "Nội dung một", "title": "Một", "published": "01/02/2024"}
    with pytest.raises(ValueError, match="unknown field “tac_gia”"):
        tabular.parse_columns("tac_gia=x")
    with pytest.raises(UnreadableFile, match="no column of article text"):
        tabular.expand("e.csv", "e.csv", b"a,b\n1,2\n")
    with pytest.raises(ValueError, match="column “khong_co”"):
        tabular.map_columns(["a"], {"body": "khong_co"})


def test_jsonl_lines_each_with_its_own_errors():
    lines = [json.dumps({"title": "Một", "content": "<p>Đoạn một.</p><p>Đoạn hai.</p>", "url": "https://x.example/a"}),
             "{not json", json.dumps(["a list"]), json.dumps({"title": "Bốn", "body": "Nội dung."})]
    items, problems = tabular.expand("c.jsonl", "c.jsonl", "\n".join(lines).encode())
    assert [i.key for i in items] == ["https://x.example/a", "c.jsonl#row-4"]
    assert [p[0] for p in problems] == ["c.jsonl, line 2", "c.jsonl, line 3"]
    text = sources.decode_item(items[0]).text
    assert "Đoạn một.\n\nĐoạn hai." in text and "<p>" not in text


# --- zips ---------------------------------------------------------------------------------

def _zip(tmp_path, members, name="z.zip"):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, data in members.items():
            zf.writestr(member, data)
    return str(path)


def test_zip_members_are_items_keyed_by_their_path_inside(tmp_path):
    path = _zip(tmp_path, {"2024/a.html": pages.article_page(), "b.txt": "Tiêu đề\n\nNội dung.",
                           "export.csv": CSV, "style.css": "body{}", "../../evil.html": pages.article_page(),
                           "/abs.txt": "x", "inner.zip": b"PK\x03\x04"})
    items, problems = zipped.expand(path, "z.zip")
    assert sorted(i.key for i in items) == ["https://x.example/1", "z.zip/2024/a.html", "z.zip/b.txt",
                                            "z.zip/export.csv#row-3"]
    reasons = {label.split(": ", 1)[1]: why for label, why in problems}
    assert "leaves the zip" in reasons["../../evil.html"] and "leaves the zip" in reasons["/abs.txt"]
    assert "zip inside a zip" in reasons["inner.zip"]
    assert "3 cells" in reasons["export.csv, row 4"]


def test_a_zip_bomb_is_refused_by_its_ratio_before_it_is_read(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("bomb.html", "w", force_zip64=True) as fh:
            block = b"\0" * (1024 * 1024)
            for _ in range(48):  # 48 MB of zeros, 47 KB compressed
                fh.write(block)
        zf.writestr("ok.txt", "Tiêu đề\n\nNội dung.")
    items, problems = zipped.expand(str(path), "bomb.zip")
    assert [i.key for i in items] == ["bomb.zip/ok.txt"]
    assert "expands more than 200 times" in problems[0][1]


def test_a_file_that_is_not_a_zip_is_named(tmp_path):
    path = tmp_path / "x.zip"
    path.write_bytes(b"not a zip")
    problems = [(str(path), "not a zip file we can read: File is not a zip file")]
    assert zipped.expand(str(path), "x.zip") == ([], problems)


def test_find_items_names_two_items_of_one_identity(tmp_path):
    (tmp_path / "a.csv").write_text("url,content\nhttps://x.example/1,Một\nhttps://x.example/1,Hai\n")
    items, problems = pipeline.find_items([str(tmp_path)])
    assert [i.key for i in items] == ["https://x.example/1"]
    assert "same identity (https://x.example/1)" in problems[0].reason and "row 3" in problems[0].path


def test_compose_spans_point_at_their_values():
    text, given = sources.compose(title="T", paragraphs=["Một.", "Hai."], authors=["A B", "C"], url="https://u.example/x")
    assert text[slice(*given["title"].span)] == "T"
    assert [text[slice(*a.span)] for a in given["authors"]] == ["A B", "C"]
    assert text[slice(*given["url"].span)] == "https://u.example/x"
    assert io.StringIO(text).read().count("\n\n") == 4
