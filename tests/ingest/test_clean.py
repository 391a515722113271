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
