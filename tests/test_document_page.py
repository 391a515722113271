"""Document pages (#30): the abstract as an article states it, the issue date, the official search."""
import pytest

from archive.documents_page import abstract, portal_search
from archive.models import DocumentMention
from tests import factories

RUN_ON = ("chỉ đạo đại hội đảng bộ các cấp tiến tới đại hội đại biểu toàn quốc lần thứ XIII của Đảng khẳng "
          "định việc chỉ đạo Đại hội đại biểu tỉnh Hậu Giang nhiệm kỳ 2020 - 2025 được triển khai chặt chẽ, bài bản")


def test_the_abstract_is_the_stated_subject_without_the_citing_sentence():
    assert abstract(RUN_ON) == ("Về chỉ đạo đại hội đảng bộ các cấp tiến tới đại hội đại biểu toàn quốc lần thứ "
                                "XIII của Đảng")
    kept = "tiếp tục đổi mới phương thức lãnh đạo, cầm quyền của Đảng đối với hệ thống chính trị trong giai đoạn mới"
    assert abstract(kept) == "Về " + kept
    assert abstract("") == "" and abstract(None) == ""
    assert abstract("x, đã được nêu") == ""  # nothing of a title before the citing sentence


@pytest.mark.django_db
def test_document_page_abstract_date_and_official_search(client):
    doc = factories.document(number="153-KH/TU", subject=RUN_ON)
    art = factories.article(title="Hội nghị", paragraphs=[f"Kế hoạch số 153-KH/TU của Tỉnh ủy về {RUN_ON}."])
    factories.mention(DocumentMention, art, "153-KH/TU", document=doc).save()
    html = client.get(doc.get_absolute_url()).content.decode()
    assert "<dt>Trích yếu</dt><dd>Về chỉ đạo đại hội đảng bộ các cấp" in html and "khẳng định việc" not in html
    assert "chưa rõ (chưa bài viết nào nêu)" in html
    name, url = portal_search(doc)
    assert url == "https://thuvienphapluat.vn/page/tim-van-ban.aspx?keyword=153-KH%2FTU"
    assert f'<a href="{url}" rel="external noopener">Tìm văn bản gốc “153-KH/TU” trên {name}</a>' in html
    bare = factories.document(number="27", kind="Nghị quyết")
    assert portal_search(bare)[1].endswith("keyword=Ngh%E1%BB%8B+quy%E1%BA%BFt+27")


ARTICLE = (
    "Hội nghị Tỉnh ủy Đồng Tháp lần thứ {n}\n\n"
    "Cập nhật ngày: 2{n}/03/2023 18:00:00\n\n"
    "ĐTO - Chiều ngày 2{n}/3, Hội nghị Ban Chấp hành Đảng bộ tỉnh Đồng Tháp triển khai {cited}.\n"
)


@pytest.mark.django_db
def test_the_issue_date_is_shown_when_any_article_states_it(client, tmp_path):
    from archive.ingest.pipeline import ingest_paths
    from archive.models import Document

    (tmp_path / "a.txt").write_text(ARTICLE.format(n=1, cited="Kế hoạch số 153-KH/TU của Tỉnh ủy"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE.format(n=2, cited="Kế hoạch số 153-KH/TU ngày 12/3/2020 của Tỉnh ủy"),
                                    encoding="utf-8")
    report = ingest_paths([str(tmp_path)], index=False)
    assert not report.failed, report.failed
    doc = Document.objects.get(number="153-KH/TU")
    assert doc.mentions.count() == 2
    html = client.get(doc.get_absolute_url()).content.decode()
    assert '<time datetime="2020-03-12">12 tháng 3 năm 2020</time>' in html
