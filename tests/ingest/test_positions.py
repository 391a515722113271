"""Where a position phrase ends (archive.ingest.extract.positions), on snippets of our own."""
import re

from archive.ingest.extract.positions import abbreviation_dot, closing_bracket, hard_stops, verb_offset


def cut(phrase):
    found = verb_offset(phrase)
    return phrase[:found[0]].rstrip() if found else phrase


def test_a_verb_after_a_complete_body_ends_the_post():
    assert cut("Giám đốc Sở Tài chính thừa ủy quyền Chủ tịch") == "Giám đốc Sở Tài chính"
    assert cut("Thứ trưởng Bộ Công an dẫn đầu có buổi làm việc") == "Thứ trưởng Bộ Công an"
    assert cut("Trưởng ban Dân vận Thành ủy TP HCM triển khai nội dung") == "Trưởng ban Dân vận Thành ủy TP HCM"


def test_verbs_inside_a_bodys_name_and_title_verbs_stay():
    for phrase in ("Chủ nhiệm Ủy ban kiểm tra Tỉnh ủy", "Trưởng ban chỉ đạo phòng chống tham nhũng tỉnh",
                   "Phó Trưởng ban quản lý dự án đầu tư xây dựng", "Chủ tịch Hội bảo trợ người khuyết tật",
                   "Phó Bí thư Thường trực phụ trách Thành ủy"):
        assert cut(phrase) == phrase


def test_verb_offset_gives_the_verbs_length():
    phrase = "Phó Tổng cục trưởng Tổng cục Thủy lợi làm trưởng đoàn"
    at, length = verb_offset(phrase)
    assert phrase[at:at + length] == "làm"


def test_abbreviation_dots():
    text = "Bí thư Thành ủy TP.HCM, Chủ tịch UBND TP. Cần Thơ, Ban Tổ chức T.Ư dự. Trên địa bàn TP.Giám đốc Sở nói"
    dots = [i for i, ch in enumerate(text) if ch == "."]
    assert [abbreviation_dot(text, i) for i in dots] == [True, True, True, False, False]


def test_hard_stops_skip_abbreviation_dots():
    text = "Chủ tịch UBND TP. Vĩnh Long; Giám đốc Sở. Hết"
    stops = [m.group(0) for m in hard_stops(text, 0, len(text), re.compile(r"[;.]"))]
    assert stops == [";", "."]


def test_closing_bracket():
    text = "ông Lâm Văn Tư (SN 1970)- Trưởng phòng"
    assert text[closing_bracket(text, text.index("(")):].startswith("- Trưởng")
    assert closing_bracket("ông A (không đóng", 6) is None


def test_district_abbreviation_dot():
    text = "Trưởng công an H.Kế Sách (Sóc Trăng) cho biết. H.Anh nói"
    assert abbreviation_dot(text, text.index("."))
    assert not abbreviation_dot(text, text.rindex("."))
