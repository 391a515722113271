"""The meeting a report is about, from the headline and the lead (archive/ingest/extract/meetings.py)."""
import pytest

from archive.ingest.clean import Line
from archive.ingest.extract.meetings import extract_meeting


def meeting(title, *paragraphs):
    lines, offset = [], 0
    for text in (title, *paragraphs):
        lines.append(Line(text, offset, offset + len(text)))
        offset += len(text) + 2
    return extract_meeting(lines[0], lines[1:])


def test_a_specific_kind_in_the_lead_beats_a_bare_word_in_the_headline():
    m = meeting("Cần Thơ: HĐND thành phố thông qua nhiều nghị quyết sau hợp nhất",
                "Sáng 24/7, HĐND thành phố Cần Thơ khóa X, nhiệm kỳ 2021 - 2026 tổ chức Kỳ họp thứ 2 tại "
                "Trung tâm Hội nghị thành phố theo hình thức trực tiếp.")
    assert (m.kind, m.organ, m.term, m.session) == ("Kỳ họp Hội đồng nhân dân", "Hội đồng nhân dân thành phố", "X", "2")
    assert m.location == "Trung tâm Hội nghị thành phố" and m.format == "in_person"


def test_a_congress_the_meeting_prepares_for_is_not_the_meeting():
    m = meeting("Ban Thường vụ Tỉnh ủy cho ý kiến vào dự thảo Báo cáo chính trị trình Đại hội XXI Đảng bộ tỉnh",
                "Chiều 7/8, Ban Thường vụ Tỉnh ủy Bình Định tổ chức hội nghị cho ý kiến vào dự thảo Báo cáo chính "
                "trị trình Đại hội đại biểu Đảng bộ tỉnh lần thứ XXI, nhiệm kỳ 2025 - 2030.")
    assert (m.kind, m.organ, m.session) == ("Hội nghị Ban Thường vụ", "Ban Thường vụ Tỉnh ủy", None)


def test_the_term_of_a_central_body_is_not_the_meetings():
    m = meeting("Tổng kết 10 năm thực hiện Nghị quyết 33",
                "Chiều 22/4, Ban Thường vụ Tỉnh ủy tổ chức hội nghị trực tuyến tổng kết 10 năm thực hiện Nghị "
                "quyết số 33-NQ/TW của Ban Chấp hành Trung ương Đảng khóa XI về văn hóa.")
    assert (m.kind, m.organ, m.term, m.format) == ("Hội nghị tổng kết", "Ban Thường vụ Tỉnh ủy", None, "online")


@pytest.mark.parametrize("lead, expected", [
    ("Kỳ họp diễn ra trong 3 ngày, được truyền hình, phát thanh trực tiếp để cử tri theo dõi.", ""),
    ("Hội nghị được tổ chức theo hình thức trực tiếp kết hợp trực tuyến.", "hybrid"),
    ("Hội nghị được tổ chức trực tuyến đến 13 điểm cầu.", "online"),
])
def test_a_live_broadcast_is_not_the_format(lead, expected):
    m = meeting("Khai mạc Kỳ họp thứ 7 HĐND tỉnh Sóc Trăng khóa X", lead)
    assert m.format == expected


def test_a_location_named_after_from_and_cut_before_the_purpose():
    m = meeting("Hội nghị BCH Đảng bộ tỉnh Hà Tĩnh lần thứ 35",
                "Chiều 14/4, Ban Chấp hành Đảng bộ tỉnh Hà Tĩnh khóa XVIII tổ chức Hội nghị lần thứ 35 theo hình "
                "thức trực tuyến, kết nối từ điểm cầu Tỉnh ủy đến 13 huyện, thị xã, thành phố.")
    assert (m.location, m.term, m.session) == ("điểm cầu Tỉnh ủy", "XVIII", "35")


def test_a_standing_committee_that_meets():
    m = meeting("Bắc Ninh: Ban Thường vụ Tỉnh ủy họp phiên cuối năm", "Chiều 31/12/2023, Ban Thường vụ Tỉnh ủy họp.")
    assert (m.kind, m.organ) == ("Hội nghị Ban Thường vụ", "Ban Thường vụ Tỉnh ủy")


@pytest.mark.parametrize("title, lead", [
    ("Bắt nhóm đối tượng trộm cắp ô tô", "Sáng 24/5, Công an tỉnh cho biết đã bắt 5 đối tượng trộm ô tô; vụ việc "
     "được báo cáo tại hội nghị giao ban tuần trước."),
    ("Ra mắt dòng điện thoại mới", "Hãng điện thoại giới thiệu sản phẩm mới, từng được công bố tại hội nghị các nhà "
     "phát triển năm ngoái."),
    ("Hướng dẫn thu phí bảo trì đường bộ", "Bộ Tài chính ban hành Thông tư hướng dẫn, áp dụng sau hội nghị lấy ý "
     "kiến các địa phương."),
])
def test_an_article_that_reports_no_meeting_has_none(title, lead):
    assert meeting(title, lead) is None


def test_a_meeting_held_without_a_date_is_still_reported():
    m = meeting("Tổng kết công tác dân vận năm 2024",
                "Ban Dân vận Tỉnh ủy vừa tổ chức hội nghị tổng kết công tác dân vận năm 2024.")
    assert m is not None and m.kind == "Hội nghị tổng kết"


def test_a_headline_kind_takes_the_organ_the_lead_names():
    m = meeting("Trà Vinh: Hội nghị sơ kết 5 năm thực hiện Chỉ thị 35",
                "Vừa qua, Ban Thường vụ Tỉnh ủy Trà Vinh tổ chức hội nghị sơ kết 5 năm thực hiện Chỉ thị số 35-CT/TW.")
    assert (m.kind, m.organ) == ("Hội nghị sơ kết", "Ban Thường vụ Tỉnh ủy")


def test_a_city_as_the_location():
    m = meeting("Khai mạc Hội nghị Tỉnh ủy lần thứ 9",
                "Sáng 3/7, Ban Chấp hành Đảng bộ tỉnh khóa XII khai mạc hội nghị lần thứ 9 tại thành phố Tam Kỳ "
                "để cho ý kiến về dự thảo báo cáo.")
    assert m.location == "thành phố Tam Kỳ"


def test_a_lead_quoting_a_meeting_that_took_place_reports_it():
    lead = Line("Đó là chỉ đạo của đồng chí Bí thư Tỉnh ủy tại Hội nghị tổng kết công tác xây dựng Đảng "
                "của Tỉnh ủy vào cuối tuần qua.", 0, 100)
    body = Line("Cùng dự có đồng chí Trần Văn Bình, Phó Bí thư Tỉnh ủy, cùng các đồng chí Ủy viên Ban "
                "Thường vụ Tỉnh ủy và lãnh đạo các sở, ngành.", 101, 200)
    meeting = extract_meeting(Line("Cần chủ động hơn nữa hoàn thành nhiệm vụ năm 2024", 0, 10), [lead, body])
    assert meeting is not None and meeting.kind == "Hội nghị tổng kết"
    circular = Line("Sở Y tế vừa ban hành công văn hướng dẫn các bệnh viện về việc phòng chống dịch "
                    "sốt xuất huyết trong mùa mưa năm nay.", 0, 100)
    assert extract_meeting(Line("Phòng chống sốt xuất huyết", 0, 5), [circular]) is None
