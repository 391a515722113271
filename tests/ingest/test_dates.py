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
    assert meeting_date(lines("ĐTO - Chiều ngày 21/3, tại hội trường Sen Hồng, Tỉnh ủy tổ chức hội nghị."),
                        pub).value == dt.date(2023, 3, 21)
    assert meeting_date(lines("BDK.VN - Chiều 27-5-2023, Ban Thường vụ Tỉnh ủy họp."), None).value == dt.date(
        2023, 5, 27)
    assert meeting_date(lines("Ngày 06/01/2022, Ban Thường vụ Tỉnh uỷ tổ chức Hội nghị"), None).value == dt.date(
        2022, 1, 6)
    assert meeting_date(lines("Sáng 12/7, HĐND tỉnh khai mạc kỳ họp"), D(2024, 7, 13)).value == dt.date(2024, 7, 12)
    assert meeting_date(lines("Sáng ngày 5 tháng 8 năm 2021, tại Hà Nội, Bộ Nội vụ tổ chức hội thảo"),
                        None).value == dt.date(2021, 8, 5)


def test_meeting_date_year_rolls_back_over_new_year():
    assert meeting_date(lines("Chiều 30/12, Tỉnh ủy tổ chức hội nghị"), D(2024, 1, 2)).value == dt.date(2023, 12, 30)


def test_vague_or_missing_meeting_date_is_none():
    assert meeting_date(lines("Hội nghị tổng kết vào cuối tuần qua."), D(2020, 11, 3)).value is None
    assert meeting_date(lines("Chiều 21/3, hội nghị khai mạc"), None).value is None  # no year to take


def test_document_dates_are_not_meeting_dates():
    text = "Thực hiện Nghị quyết số 15-NQ/TW ngày 30/7/2007 của Trung ương, tỉnh đã ban hành chương trình."
    assert meeting_date(lines(text), None).value is None


def test_iso_stamps_keep_the_date_as_written():
    assert parse_stamp("2025-04-22 10:27:00")[0] == D(2025, 4, 22, 10, 27)
    assert parse_stamp("2025-06-28T07:15:00+07:00")[0] == D(2025, 6, 28, 7, 15)
    # UTC late in the evening: the page's own date, not the next day in Vietnam.
    assert parse_stamp("2020-02-02T23:55:00.000Z")[0] == D(2020, 2, 2, 23, 55)
    assert parse_stamp("2019-11-05")[0] == D(2019, 11, 5)


def test_two_digit_year_stamp_of_a_news_aggregator():
    assert parse_stamp("29/05/13 18:20 GMT+7")[0] == D(2013, 5, 29, 18, 20)
    assert publication([(Line("03/06/13 07:05 GMT+7", 0, 20), False)]).value == D(2013, 6, 3, 7, 5)


def test_day_month_forms_take_the_year_of_the_date_line():
    pub = D(2013, 5, 31, 9, 0)
    cases = [
        ("Ngày 21.4, Tỉnh ủy tổ chức hội nghị sơ kết.", D(2014, 4, 22), dt.date(2014, 4, 21)),
        ("Sáng 8-7, HĐND huyện khai mạc kỳ họp thứ 6.", D(2016, 7, 8), dt.date(2016, 7, 8)),
        ("Sáng nay 30-5, UBND thành phố họp phiên thường kỳ tháng 5.", pub, dt.date(2013, 5, 30)),
        ("Hội nghị Trung ương 7 diễn ra từ ngày 2-11/5 tại Hà Nội.", pub, dt.date(2013, 5, 2)),
    ]
    for text, published, expected in cases:
        assert meeting_date(lines(text), published).value == expected, text


def test_a_dated_meeting_named_before_its_date():
    pub = D(2013, 5, 30, 8, 0)
    text = ("Phải giải phóng mặt bằng trước tháng 7 - đó là chỉ đạo của Phó Chủ tịch UBND tỉnh tại buổi họp "
            "ngày 29/5 về tiến độ dự án cấp điện cho xã đảo.")
    assert meeting_date(lines(text), pub).value == dt.date(2013, 5, 29)
    text = "Tại cuộc họp Hội đồng thẩm định quy hoạch TP ngày 28/5, lãnh đạo thành phố đồng ý điều chỉnh đồ án."
    assert meeting_date(lines(text), pub).value == dt.date(2013, 5, 28)


def test_an_announced_meeting_is_dated_by_the_announcement_not_the_telling():
    text = ("Ngày 20-6, ông Lê Văn Tư, Chánh Văn phòng HĐND tỉnh cho biết, kỳ họp thứ 8 HĐND tỉnh khóa IX "
            "dự kiến tổ chức từ ngày 15 đến ngày 17-7.")
    assert meeting_date(lines(text), D(2014, 6, 21)).value == dt.date(2014, 7, 15)


def test_no_meeting_no_meeting_date():
    pub = D(2013, 6, 1, 10, 0)
    crime = "Ngày 31-5, thượng tá Trần Văn Bình, Trưởng phòng Cảnh sát hình sự cho biết đã bắt giữ hai đối tượng."
    launch = "Sáng 30/5, Công ty Điện máy Phương Nam ra mắt dòng máy lọc nước mới tại TP.HCM."
    circular = "Ngày 29/5, Bộ Tài chính ban hành Thông tư số 72/2013/TT-BTC hướng dẫn thu phí bảo trì đường bộ."
    price = "Từ ngày 1-6, giá gas bán lẻ tăng thêm 10.000 đồng mỗi bình 12 kg."
    summons = "Sáng 28/5, Công an huyện đã mời chủ cơ sở lên làm việc về vụ cháy kho hàng."
    for text in (crime, launch, circular, price, summons):
        assert meeting_date(lines(text), pub).value is None, text


def test_the_sentence_ends_at_a_stop_not_at_an_abbreviation():
    pub = D(2025, 6, 29)
    text = "Ngày 28/6, HĐND TP. Hồ Chí Minh khóa X đã tổ chức Kỳ họp thứ 23."
    assert meeting_date(lines(text), pub).value == dt.date(2025, 6, 28)
    text = "Sáng 27/6, đoàn khách đến TP.HCM. Đoàn sẽ tổ chức hội nghị vào tuần tới."
    assert meeting_date(lines(text), pub).value is None


def test_a_date_deep_in_a_one_line_body_is_not_the_meeting():
    pub = D(2013, 5, 30)
    text = "Giá lúa tăng nhẹ trong tuần qua. " * 40 + "Ngày 16/5, Sở Nông nghiệp tổ chức hội nghị."
    assert meeting_date(lines(text), pub).value is None
