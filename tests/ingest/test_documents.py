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


def test_documents_cited_by_a_bare_number():
    found = docs("Thực hiện Chỉ thị 05 của Bộ Chính trị và Nghị định 16 của Chính phủ, Tỉnh ủy triển khai Quyết định "
                 "935 về công tác cán bộ; Kết luận số 24 được quán triệt.")
    assert set(found) == {("Chỉ thị", "05"), ("Nghị định", "16"), ("Quyết định", "935"), ("Kết luận", "24")}


def test_a_bare_number_that_is_a_quantity_or_a_plenum_is_no_document():
    found = docs("Kế hoạch 5 năm của tỉnh bám sát Nghị quyết Trung ương 4 (Khóa XII) và Luật 2013; Quyết định 3 "
                 "năm trước đã hết hiệu lực.")
    assert found == {}


def test_odd_code_shapes_are_kept_as_written():
    text = ("Căn cứ Quyết định số 439 – QĐNS/TW, Quyết định số 37/QĐ-UBND-TL, NQ 09- NQ/TU của Thành ủy, "
            "Thông báo số 241-TB/BTCTU, Văn bản số 1333/UBND- TNMT và Hướng dẫn số 13/HD -MTTQ - BTT.")
    assert set(docs(text)) == {
        ("Quyết định", "439 – QĐNS/TW"), ("Quyết định", "37/QĐ-UBND-TL"), ("Nghị quyết", "09- NQ/TU"),
        ("Thông báo", "241-TB/BTCTU"), ("Văn bản", "1333/UBND- TNMT"), ("Hướng dẫn", "13/HD -MTTQ - BTT")}


def test_kinds_are_capitalised():
    found = docs("UBND huyện có công văn số 212/UBND-VP, văn bản số 88/UBND-TH và tờ trình số 45/TTr-UBND; "
                 "Bộ ban hành công điện số 7/CĐ-BYT.")
    assert {kind for kind, _ in found} == {"Công văn", "Văn bản", "Tờ trình", "Công điện"}


def test_a_short_and_a_full_form_are_one_document_under_the_full_form():
    found = docs("Quyết định số 52 gây bức xúc. Sau đó, tỉnh thu hồi Quyết định số 52/QĐ-UBND-NĐ ngày 3/4/2017.")
    assert set(found) == {("Quyết định", "52/QĐ-UBND-NĐ")}
    assert len(found[("Quyết định", "52/QĐ-UBND-NĐ")].spans) == 2


def test_numbers_listed_after_a_bare_one_share_its_kind():
    found = docs("Quán triệt Quyết định 935, 936 của Ban Thường vụ Thành ủy; nghỉ hưu theo Nghị định 29 và 178. "
                 "Sau Chỉ thị 05, 10 năm qua tỉnh đã thay đổi.")
    assert set(found) == {("Quyết định", "935"), ("Quyết định", "936"), ("Nghị định", "29"), ("Nghị định", "178"),
                          ("Chỉ thị", "05")}
    assert found[("Quyết định", "936")].issuer == found[("Quyết định", "935")].issuer
