import datetime as dt

from archive.ingest.clean import Line
from archive.ingest.extract.documents import code_parts, extract_documents, is_national


def docs(text):
    return {(d.kind, d.number): d for d in extract_documents([Line(text, 0, len(text))])}


def test_full_citation():
    found = docs("thực hiện Nghị quyết số 15-NQ/TW ngày 30/7/2007 của Hội nghị Trung ương 5 khoá X, Ban Chấp hành")
    doc = found[("Nghị quyết", "15-NQ/TW")]
    assert doc.date == dt.date(2007, 7, 30)
    assert doc.issuer == "Ban Chấp hành Trung ương Đảng khóa X"


def test_issuer_before_the_citation():
    found = docs("Ban Chấp hành Đảng bộ Tỉnh ban hành Chương trình hành động số 143-CTr/TU ngày 23/11/2007. "
                 "Ban Thường vụ Tỉnh uỷ ban hành Kế hoạch số 24-KH/TU ngày 23/11/2007")
    assert found[("Chương trình hành động", "143-CTr/TU")].issuer == "Ban Chấp hành Đảng bộ tỉnh"
    assert found[("Kế hoạch", "24-KH/TU")].issuer == "Ban Thường vụ Tỉnh ủy"


def test_bare_numbers_with_issuer_and_term():
    found = docs("thực hiện Nghị quyết số 27 của BCH Trung ương Đảng khóa XIII về tiếp tục xây dựng;"
                 " NQ số 01 của Tỉnh ủy về chuyển đổi số")
    assert found[("Nghị quyết", "27")].issuer == "Ban Chấp hành Trung ương Đảng khóa XIII"
    assert found[("Nghị quyết", "27")].subject.startswith("tiếp tục xây dựng")
    assert found[("Nghị quyết", "01")].issuer == "Tỉnh ủy"


def test_codes_without_so_and_other_kinds():
    found = docs("Chỉ thị 05-CT/TW, Kết luận số 21-KL/TW và Quyết định số 1234/QĐ-UBND")
    assert set(found) == {("Chỉ thị", "05-CT/TW"), ("Kết luận", "21-KL/TW"), ("Quyết định", "1234/QĐ-UBND")}


def test_unnumbered_references_are_not_documents():
    assert docs("quán triệt Nghị quyết Đại hội XI Đảng bộ tỉnh và Nghị quyết Hội nghị Trung ương 5 khoá X") == {}
    assert docs("thông qua Nghị quyết về xây dựng đội ngũ công nhân") == {}


def test_code_parts_and_scope():
    assert code_parts("15-NQ/TW") == ("15", "NQ", "TW")
    assert is_national("15-NQ/TW") and not is_national("143-CTr/TU")
    assert is_national("202/2025/QH15") and is_national("05/2024/NĐ-CP") and not is_national("27")
