import datetime as dt

from archive.ingest.clean import Line, clean
from archive.ingest.extract.dates import meeting_date, parse_stamp, publication

D = dt.datetime


def test_parse_stamp_layouts():
    assert parse_stamp("Cập nhật ngày: 21/03/2023 18:53:24")[0] == D(2023, 3, 21, 18, 53, 24)
    assert parse_stamp("27/05/2023 - 18:21")[0] == D(2023, 5, 27, 18, 21)
    assert parse_stamp("[ Cập nhật vào ngày (03/11/2020) ] - [ Số lần xem: 427 ]")[0] == D(2020, 11, 3)
    assert parse_stamp("Thứ 3, 04/04/2023 | 16:10:37")[0] == D(2023, 4, 4, 16, 10, 37)
    assert parse_stamp("08:15 | 12/07/2024")[0] == D(2024, 7, 12, 8, 15)


def test_header_clock_is_not_publication():
    art = clean("Thứ 3, 30/07/2024, 05:20[GMT+7]\nTiêu đề bài viết\nMột đoạn văn.\n")
    assert publication(art.stamps).value is None


def test_labelled_stamp_above_title_counts():
    art = clean("Ngày đăng: 02/02/2024 10:00\nTiêu đề bài viết\n")
    assert publication(art.stamps).value == D(2024, 2, 2, 10, 0)


def lines(*texts):
    return [Line(t, 0, len(t)) for t in texts]


def test_meeting_date_forms():
    pub = D(2023, 3, 21, 18, 0)
    assert meeting_date(lines("ĐTO - Chiều ngày 21/3, tại hội trường Sen Hồng"), pub).value == dt.date(2023, 3, 21)
    assert meeting_date(lines("BDK.VN - Chiều 27-5-2023, Ban Thường vụ"), None).value == dt.date(2023, 5, 27)
    assert meeting_date(lines("Ngày 06/01/2022, Ban Thường vụ Tỉnh uỷ"), None).value == dt.date(2022, 1, 6)
    assert meeting_date(lines("Sáng 12/7, HĐND tỉnh khai mạc kỳ họp"), D(2024, 7, 13)).value == dt.date(2024, 7, 12)
    assert meeting_date(lines("Sáng ngày 5 tháng 8 năm 2021, tại Hà Nội"), None).value == dt.date(2021, 8, 5)


def test_meeting_date_year_rolls_back_over_new_year():
    assert meeting_date(lines("Chiều 30/12, Tỉnh ủy tổ chức hội nghị"), D(2024, 1, 2)).value == dt.date(2023, 12, 30)


def test_vague_or_missing_meeting_date_is_none():
    assert meeting_date(lines("Hội nghị tổng kết vào cuối tuần qua."), D(2020, 11, 3)).value is None
    assert meeting_date(lines("Chiều 21/3, hội nghị khai mạc"), None).value is None  # no year to take


def test_document_dates_are_not_meeting_dates():
    text = "Thực hiện Nghị quyết số 15-NQ/TW ngày 30/7/2007 của Trung ương, tỉnh đã ban hành chương trình."
    assert meeting_date(lines(text), None).value is None
