"""Bylines: writers, photographers and credited outlets from the credits that close an article."""
from archive.ingest.clean import Line, clean, parse_credit, split_glued_byline
from archive.ingest.extract import bylines


def _credit(text, glued=False):
    c = parse_credit(text, glued=glued)
    return c and ([text[s:e] for s, e in c.names], c.source and text[c.source[0]:c.source[1]])


def test_credit_lines():
    assert _credit("Minh Anh - Quốc Huy") == (["Minh Anh", "Quốc Huy"], None)
    assert _credit("Hồng Nhung – Thu Hà – Văn Tiến (TTXVN)") == (["Hồng Nhung", "Thu Hà", "Văn Tiến"], "TTXVN")
    assert _credit("Tin bài và ảnh: Bảo Ngọc - Duy Khang") == (["Bảo Ngọc", "Duy Khang"], None)
    assert _credit("Tin: Thùy Dương") == (["Thùy Dương"], None)
    assert _credit("Theo Báo Sóc Trăng") == ([], "Báo Sóc Trăng")
    assert _credit("Theo Minh Khôi/Baobinhthuan.vn") == (["Minh Khôi"], "Baobinhthuan.vn")
    assert _credit("(Tổng hợp) Thanh Hương") == (["Thanh Hương"], None)
    assert _credit("Gia Bảo (Theo Reuters)") == (["Gia Bảo"], "Reuters")
    assert _credit("Khánh Linh/Tokyo (Vietnam+)") == (["Khánh Linh"], "Vietnam+")
    assert _credit("Theo HOÀI AN - MINH ĐỨC (TTO)") == (["HOÀI AN", "MINH ĐỨC"], "TTO")
    assert _credit("K.LÂM") == (["K.LÂM"], None)
    for not_credit in ("Quang cảnh hội nghị", "Theo kế hoạch", "Ảnh:", "Tăng cường kiểm tra, giám sát."):
        assert parse_credit(not_credit) is None, not_credit


def test_photo_credits_are_not_writers():
    authors, photographers = bylines.credits([Line("Ảnh: Trung Hiếu", 0, 15)])
    assert authors == [] and [p.value for p in photographers] == ["Trung Hiếu"]
    authors, photographers = bylines.credits([Line("Tin, ảnh: Hải Yến", 0, 17)])
    assert [a.value for a in authors] == ["Hải Yến"] and [p.value for p in photographers] == ["Hải Yến"]


def test_reporter_tag_beside_a_name_is_dropped_but_alone_is_a_writer():
    assert [a.value for a in bylines.credits([Line("PV – Ngọc Sơn", 0, 13)])[0]] == ["Ngọc Sơn"]
    assert [a.value for a in bylines.credits([Line("PV", 0, 2)])[0]] == ["PV"]


def _glued(text):
    pieces = split_glued_byline(Line(text, 0, len(text)))
    return pieces and (pieces[0].text, pieces[1].text)


BODY = ("Hội nghị đã thảo luận, thống nhất cao các nội dung trình tại kỳ họp và giao các sở, ngành "
        "khẩn trương hoàn thiện hồ sơ để trình cấp có thẩm quyền xem xét, quyết định")


def test_byline_glued_to_a_one_line_body_is_cut_off():
    assert _glued(BODY + ".Ngọc Sơn") == (BODY + ".", "Ngọc Sơn")
    assert _glued(BODY + "./.Thanh Tâm (Vietnam+)") == (BODY + "./.", "Thanh Tâm (Vietnam+)")
    assert _glued(BODY + ". Hữu Phước - Kim Ngân (TTXVN) ")[1] == "Hữu Phước - Kim Ngân (TTXVN)"
    assert _glued(BODY + ".PV – Minh Tuấn")[1] == "PV – Minh Tuấn"
    assert _glued(BODY + ".MINH ĐỨC")[1] == "MINH ĐỨC"
    assert _glued(BODY + " tại phường Phú HộiLê Vy")[1] == "Lê Vy"  # glued inside a word
    assert _glued(BODY + ".Gia HânTheo Người Lao Động")[1] == "Gia HânTheo Người Lao Động"
    assert _glued(BODY + ". Theo Báo Bình Phước ")[1] == "Theo Báo Bình Phước"


def test_glued_text_that_is_not_a_byline_stays():
    assert _glued(BODY + ".") is None
    assert _glued(BODY + " tại TP.HCM") is None  # an abbreviation, not a sentence's end
    assert _glued(BODY + ".Ninh Kiều") is None  # a place ending the sentence, not a writer
    assert _glued(BODY + ".Hà") is None  # one word glued to a sentence is no signature
    assert _glued(BODY + ". Ảnh: Minh Hải") is None  # a photo credit only


def test_one_line_body_with_glued_byline_gives_author_and_keeps_it_out_of_the_body():
    raw = ("Ban Thường vụ Tỉnh ủy Phú Yên sơ kết công tác quý II\n"
           "Sáng 2/7, Ban Thường vụ Tỉnh ủy Phú Yên tổ chức hội nghị sơ kết công tác quý II.\n"
           + BODY + ".Đình Khoa (TTXVN)\n")
    art = clean(raw)
    assert art.title.text.startswith("Ban Thường vụ")
    assert [a.value for a in bylines.credits(art.tail)[0]] == ["Đình Khoa"]
    assert "Đình Khoa" not in art.body


def test_signature_after_links_to_other_reports():
    text = BODY + ". » Đồng chí Bí thư Tỉnh ủy: Cần đẩy nhanh cải cách hành chính Minh Tâm "
    assert _glued(text)[1] == "Minh Tâm"
    # Without a link before it, a capitalised end is the sentence's own ("… tại huyện Ba Tơ").
    assert _glued(BODY + " tại huyện Ba Tơ Minh Tâm") is None


def test_notes_in_brackets_are_not_outlets():
    assert _credit("Bảo Châu (thực hiện)") == (["Bảo Châu"], None)
    assert _credit("Minh Nhật (TH)") == (["Minh Nhật"], None)
    assert _credit("Lan Chi (Daily Mail)") == (["Lan Chi"], "Daily Mail")


def test_portal_author_label_and_outlet_after_a_slash():
    assert _credit("Tác giả: Bảo Châu") == (["Bảo Châu"], None)
    assert _credit("Người viết: Minh Thư - Hải Đăng") == (["Minh Thư", "Hải Đăng"], None)
    # After the writer, a slash gives the outlet or the correspondent's city, never another writer.
    assert _credit("Thanh Tùng/VOV-Tây Bắc") == (["Thanh Tùng"], None)
    assert _credit("Lan Anh/TTXVN") == (["Lan Anh"], None)
    art = clean("Tỉnh ủy Điện Biên quán triệt nghị quyết\nSáng 3/4, Tỉnh ủy Điện Biên tổ chức hội nghị "
                "quán triệt, triển khai nghị quyết của Bộ Chính trị tới cán bộ chủ chốt toàn tỉnh.\n"
                "Tác giả: Bảo Châu\nTIN TỨC LIÊN QUAN\nĐiện Biên sơ kết công tác quý I\n")
    assert [a.value for a in bylines.credits(art.tail)[0]] == ["Bảo Châu"]
