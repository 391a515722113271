"""The province of an article (archive/ingest/extract/places.py province_of) and its official name."""
import datetime as dt

from archive.ingest.clean import Line
from archive.ingest.extract.places import province_of
from archive.ingest.gazetteer import official_name


def lines(*texts):
    out, offset = [], 0
    for text in texts:
        out.append(Line(text, offset, offset + len(text)))
        offset += len(text) + 1
    return out


def province(title, *body):
    title_line, *rest = lines(title, *body)
    return province_of(title_line, rest).value


def test_city_spellings_with_their_own_prefix():
    assert province("Kinh tế TP.HCM tăng trưởng ổn định",
                    "Sáng 30-5, UBND TP.HCM họp đánh giá tình hình kinh tế 5 tháng.") == "Hồ Chí Minh"
    assert province("Họp báo về lễ hội", "Ngày 2/6, Sở Du lịch TPHCM tổ chức họp báo.") == "Hồ Chí Minh"
    assert province("Tin ngắn", "Thành ủy TP.Hồ Chí Minh vừa có văn bản chỉ đạo.") == "Hồ Chí Minh"


def test_a_bare_ho_chi_minh_is_not_the_city():
    assert province("Học tập và làm theo Bác",
                    "Cán bộ học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.") is None


def test_hanoi_time_is_not_hanoi():
    text = ("Rạng sáng 25/5 (theo giờ Hà Nội), Hội đồng Bảo an Liên hợp quốc họp khẩn tại New York; "
            "lúc 14 giờ Hà Nội ngày hôm sau, các bên tiếp tục thảo luận.")
    assert province("Liên hợp quốc họp khẩn", text) is None
    assert province("Tin thời tiết", "Mưa lớn ở Hà Nội từ chiều 12/6.") == "Hà Nội"


def test_thua_thien_hue_with_a_hyphen():
    assert province("Thừa Thiên-Huế thông báo kết quả hội nghị",
                    "Ngày 3/6, Tỉnh ủy Thừa Thiên-Huế tổ chức hội nghị cán bộ chủ chốt.") == "Huế"


def test_no_province_named_no_province():
    assert province("Giá vàng giảm mạnh", "Giá vàng trong nước sáng nay giảm 200.000 đồng mỗi lượng.") is None


def test_official_names_as_exports_write_them():
    assert official_name("Hồ Chí Minh") == "Thành phố Hồ Chí Minh"
    assert official_name("TP.HCM", dt.date(2013, 5, 30)) == "Thành phố Hồ Chí Minh"
    assert official_name("Huế", dt.datetime(2013, 5, 29, 18, 20)) == "Thừa Thiên Huế"
    assert official_name("Huế", dt.date(2025, 3, 1)) == "Huế"
    assert official_name("Huế") == "Thừa Thiên Huế"
    assert official_name("Đồng Tháp", dt.date(2023, 3, 21)) == "Đồng Tháp"
    assert official_name("Atlantis") == "Atlantis"


def test_a_provincial_paper_named_in_the_text_names_its_province():
    assert province("Phòng chống dịch trong lễ hội",
                    "Đài Phát thanh và Truyền hình tỉnh, Báo Đắk Nông đẩy mạnh tuyên truyền phòng dịch.") == "Đắk Nông"
