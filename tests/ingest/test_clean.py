from archive.ingest.clean import Line, clean, is_byline_line, is_caption, is_furniture, is_stamp, lead_marker, unglue


def test_furniture_lines():
    for line in ("< Trở về trang trước", "Chia sẻ bài viết", "BÌNH LUẬN", "Các ý kiến của bạn đọc",
                 "Quảng cáo", "Tin cùng chuyên mục", "Xem tin theo ngày", "Xuất bản thông tin",
                 "Chi tiết bài viết Tin tức", "Gửi bình luận của bạn"):
        assert is_furniture(line), line
    assert not is_furniture("Quang cảnh hội nghị")


def test_glued_furniture_is_split_off():
    parts = unglue(Line("Thanh TâmCác ý kiến của bạn đọc", 10, 41))
    assert [p.text for p in parts] == ["Thanh Tâm", "Các ý kiến của bạn đọc"]
    assert parts[0].start == 10 and parts[0].end == 19


def test_stamps():
    for line in ("Cập nhật ngày: 21/03/2023 18:53:24", "27/05/2023 - 18:21",
                 "[ Cập nhật vào ngày (03/11/2020) ] - [ Số lần xem: 427 ]", "Thứ 3, 04/04/2023 | 16:10:37",
                 "Thứ 3, 30/07/2024, 05:20[GMT+7]", "Thứ Hai, 12/07/2023 08:00 (GMT+7)"):
        assert is_stamp(line), line
    assert not is_stamp("Ngày 06/01/2022, Ban Thường vụ Tỉnh uỷ tổ chức Hội nghị")


def test_lead_marker():
    assert lead_marker("ĐTO - Chiều ngày 21/3, tại hội trường")[0] == "ĐTO"
    assert lead_marker("BDK.VN - Chiều 27-5-2023")[0] == "BDK.VN"
    assert lead_marker("(Baohaugiang.com.vn) - Sáng 5/7")[0] == "Baohaugiang.com.vn"
    assert lead_marker("Ngày 06/01/2022, Ban Thường vụ") is None


def test_captions():
    assert is_caption("Quang cảnh hội nghị")
    assert is_caption("Đại biểu tham dự hội nghị.")
    assert is_caption("Chủ tịch UBND tỉnh Trần Ngọc Tam phát biểu tại hội nghị.")
    assert is_caption("Đồng chí Võ Hoàng Cương - Tỉnh ủy viên, Bí thư Huyện ủy Lai Vung phát biểu thảo luận tại Tổ 1")
    assert not is_caption("Tại hội nghị, Tỉnh ủy còn Tổng kết 10 năm thực hiện Quy chế cung cấp thông tin.")
    assert not is_caption("Dịp này, Ban Thường vụ Tỉnh ủy tặng bằng khen cho 23 tập thể và 164 cá nhân.")


def test_byline_lines():
    for line in ("Ngân Nguyễn", "Tin, ảnh: Hữu Hiệp", "Ảnh: Thành Tâm", "Minh Anh - Quốc Huy",
                 "Đức Thọ (TTXVN)", "PV", "Ảnh: N.H"):
        assert is_byline_line(line), line
    assert not is_byline_line("Quang cảnh hội nghị")
    assert not is_byline_line("Tăng cường cơ chế kiểm tra, giám sát thường xuyên.")


RAW = """Thứ 3, 30/07/2024, 05:20[GMT+7]
Tin thời sự
Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 15

Thứ 2, 03/06/2024 | 09:10:00
1.234 lượt xem
BNA - Sáng 3/6, Ban Chấp hành Đảng bộ tỉnh khóa XIX tổ chức Hội nghị lần thứ 15 để thảo luận, \
cho ý kiến vào nhiều nội dung quan trọng của tỉnh.
>> Bế mạc Hội nghị lần thứ 14
anh1.jpg
Quang cảnh hội nghị
Các đại biểu thảo luận sôi nổi, thẳng thắn về các dự thảo báo cáo trình hội nghị; \
nhiều ý kiến đề nghị bổ sung giải pháp.
Minh Anh - Quốc Huy
Ảnh: N.H
Chia sẻ bài viết
"""


def test_clean_sorts_roles_and_keeps_spans():
    art = clean(RAW)
    assert art.title.text == "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 15"
    assert RAW[art.title.start:art.title.end] == art.title.text
    assert art.category.text == "Tin thời sự"
    assert [(s.text, above) for s, above in art.stamps] == [
        ("Thứ 3, 30/07/2024, 05:20[GMT+7]", True), ("Thứ 2, 03/06/2024 | 09:10:00", False)]
    assert art.view_count == 1234
    assert [c.text for c in art.captions] == ["Quang cảnh hội nghị"]
    assert len(art.paragraphs) == 2 and art.paragraphs[0].text.startswith("BNA - ")
    assert [t.text for t in art.tail] == ["Minh Anh - Quốc Huy", "Ảnh: N.H"]
    assert [r.text for r in art.related] == [">> Bế mạc Hội nghị lần thứ 14"]
    assert [m.text for m in art.media] == ["anh1.jpg"]
    for p in art.paragraphs:
        assert RAW[p.start:p.end] == p.text


def test_null_prefixed_duplicate_header():
    raw = ("Xuất bản thông tin\n\nnull Cà Mau: Hội nghị tổng kết công tác năm\n\nChi tiết bài viết Tin tức\n\n"
           "Cà Mau: Hội nghị tổng kết công tác năm\n\n"
           "Ngày 5/1/2024, Ban Thường vụ Tỉnh ủy tổ chức hội nghị tổng kết công tác xây dựng Đảng năm 2023,"
           " triển khai nhiệm vụ năm 2024.\n")
    art = clean(raw)
    assert art.title.text == "Cà Mau: Hội nghị tổng kết công tác năm"
    assert len(art.paragraphs) == 1


def test_stamps_with_two_digit_years_and_iso_8601():
    for line in ("29/05/13 18:20 GMT+7", "2025-06-28T23:56:00+07:00", "2020-02-02T23:55:00.000Z",
                 "2025-04-22 10:27:00", "2025-04-22"):
        assert is_stamp(line), line
    assert not is_stamp("Ngày 21/5/13 đoàn công tác đến làm việc")


LONG_BODY = ("Chiều 12/6, Ban Thường vụ Tỉnh ủy tổ chức hội nghị nghe báo cáo tình hình thực hiện nhiệm vụ "
             "phát triển kinh tế - xã hội.Ảnh: T.HĐồng chí Bí thư Tỉnh ủy đề nghị các ngành tập trung tháo gỡ "
             "khó khăn cho doanh nghiệp, đẩy nhanh giải ngân vốn đầu tư công, bảo đảm an sinh xã hội")


def test_news_page_with_one_line_body_date_section_tags_and_outlet():
    raw = ("Tỉnh ủy Hà Nam sơ kết 6 tháng\n"
           "Ngày 12/6, Tỉnh ủy Hà Nam tổ chức hội nghị sơ kết công tác 6 tháng đầu năm, triển khai nhiệm vụ "
           "6 tháng cuối năm với nhiều giải pháp trọng tâm cho phát triển công nghiệp và dịch vụ\n"
           + LONG_BODY + ".Minh Khuê\n13/06/13 08:05 GMT+7\nXã hội\nHà Nam,Tỉnh ủy,Sơ kết,Đầu tư công\nNhân Dân\n")
    art = clean(raw)
    assert art.title.text == "Tỉnh ủy Hà Nam sơ kết 6 tháng"
    assert [(s.text, above) for s, above in art.stamps] == [("13/06/13 08:05 GMT+7", False)]
    assert (art.category.text, art.tags.text[:6], art.outlet.text) == ("Xã hội", "Hà Nam", "Nhân Dân")
    assert len(art.paragraphs) == 2 and art.paragraphs[1].text.endswith("an sinh xã hội.")
    assert [t.text for t in art.tail] == ["Minh Khuê"]


def test_crawl_export_with_iso_line_and_author_line_and_unpunctuated_body():
    raw = ("Hội đồng nhân dân tỉnh Ninh Bình thông qua 20 nghị quyết\n2025-06-27T21:10:00+07:00\n"
           + LONG_BODY + " Xem thêm: Ninh Bình đầu tư hơn 3.000 tỷ đồng làm đường ven biển\nHOÀNG LONG\n")
    art = clean(raw)
    assert art.title.text == "Hội đồng nhân dân tỉnh Ninh Bình thông qua 20 nghị quyết"
    assert art.stamps[0][0].text == "2025-06-27T21:10:00+07:00"
    assert [t.text for t in art.tail] == ["HOÀNG LONG"] and art.glued_byline is None
    assert art.paragraphs[0].text.startswith("Chiều 12/6")


def test_a_paragraph_is_never_the_title():
    paragraph = " ".join(["Hội nghị đã thảo luận và cho ý kiến vào các báo cáo"] * 8)  # 96 words, no full stop
    art = clean(paragraph + "\n")
    assert art.title is None and art.paragraphs[0].text == paragraph


def test_portal_breadcrumbs_and_headline_ending_with_a_quotation():
    raw = ("Trang chủ\nTin tức\nHoạt động nổi bật\nTIN TỨC MỚI\n"
           "Hội thảo khoa học “Phát triển kinh tế biển gắn với bảo đảm quốc phòng, an ninh vùng duyên hải "
           "Nam Trung Bộ”\n"
           "Ngày 15/9/2023, Trường Chính trị tỉnh phối hợp với Sở Khoa học và Công nghệ tổ chức hội thảo khoa học "
           "với sự tham gia của hơn 120 đại biểu.\n"
           "Tin: Bảo Trâm\nTIN TỨC LIÊN QUAN\nKhai giảng lớp Trung cấp lý luận chính trị khóa 45\n")
    art = clean(raw)
    assert art.title.text.startswith("Hội thảo khoa học “Phát triển")
    assert art.category.text == "Hoạt động nổi bật"
    assert [t.text for t in art.tail] == ["Tin: Bảo Trâm"]
    assert "Khai giảng" not in art.body


def test_headline_ending_with_a_bracket_under_a_section_line():
    raw = ("Thời sự\n"
           "Hội nghị lần thứ 14 Ban Chấp hành Đảng bộ tỉnh Quảng Trị thảo luận nhiều nội dung quan trọng "
           "(khóa XVII)\n"
           "Thứ Năm, 04/07/2024 | 15:20\n"
           "Sáng 4/7, Ban Chấp hành Đảng bộ tỉnh Quảng Trị khóa XVII tổ chức Hội nghị lần thứ 14 để thảo luận, "
           "cho ý kiến vào nhiều nội dung quan trọng.\n")
    art = clean(raw)
    assert art.title.text.endswith("(khóa XVII)") and art.category.text == "Thời sự"


def test_breadcrumb_trail_line_and_short_crawl_headline():
    art = clean("Trang chủ > Tin tức - Sự kiện > Hoạt động HĐND tỉnh\nKỳ họp thứ 9 HĐND tỉnh Kon Tum\n"
                "Sáng 10/7, HĐND tỉnh Kon Tum khóa XII khai mạc Kỳ họp thứ 9 tại Hội trường Trung tâm Hội nghị "
                "tỉnh với 48 đại biểu tham dự.\n")
    assert art.title.text == "Kỳ họp thứ 9 HĐND tỉnh Kon Tum"
    # A crawl's short headline keeps its place over the short lead under it.
    art = clean("Giá lúa giảm\nNông dân miền Tây lo lắng khi giá lúa hè thu xuống thấp\n" + LONG_BODY + "\n")
    assert art.title.text == "Giá lúa giảm"


def test_headlines_that_look_like_furniture_or_media():
    for headline in ("Video: Người dân vùng lũ dựng lại nhà sau bão", "Bản quyền phần mềm trong cơ quan nhà nước",
                     "SLNA - Hà Nội: Trận cầu tâm điểm vòng 10"):
        art = clean(headline + "\n" + LONG_BODY + ".\n")
        assert art.title.text == headline, headline


def test_body_opening_with_a_related_link_is_kept():
    art = clean("Tiêu đề bài báo về kỳ họp\n>> Khai mạc kỳ họp thứ 7 " + LONG_BODY + ".\n")
    assert art.paragraphs and art.paragraphs[0].text.startswith(">> Khai mạc")
