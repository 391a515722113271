"""Vietnam's place names as the extractor and the database use them: the 63
provinces and centrally-run cities as they were until 30 June 2025 with their
district-level units of that date, the 34 units that exist from 1 July 2025
(Resolution 202/2025/QH15) and which old unit went into which, the other
spellings newspapers print, and the Party newspaper of each of the 63 with
its domains and lead markers. It is data plus small pure lookups and must
stay that way: no I/O of any kind (files, network, environment), no Django
and nothing outside the standard library, so that the extractor,
``sync_gazetteer`` and the tests can import it anywhere.
"""
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Province:
    name: str  # the usual name without "tỉnh"/"thành phố": "Đồng Tháp", "Hồ Chí Minh", "Huế"
    kind: str  # "tỉnh" or "thành phố" (centrally-run city)
    aliases: tuple[str, ...]  # other spellings seen in newspapers (no tone-placement variants)
    districts: tuple[str, ...]  # district-level units until 30 June 2025, bare names without "huyện"/"quận"/…
    successor: str | None  # name of the unit it belongs to from 1 July 2025 (its own name when it continues)
    historical: bool  # existed as a unit until 30 June 2025
    current: bool  # exists as a unit from 1 July 2025


@dataclass(frozen=True)
class Newspaper:
    name: str  # "Báo Đồng Tháp"
    province: str  # Province.name
    domains: tuple[str, ...]  # ("baodongthap.vn", "baodongthap.com.vn")
    markers: tuple[str, ...]  # newsroom markers opening the lead: ("ĐTO",)


_PROVINCE = "tỉnh"
_CITY = "thành phố"

# (name, kind on 30 June 2025, successor from 1 July 2025, district-level units on 30 June 2025), in the
# order of the statistics office's codes. District names are as printed after "huyện", "thị xã", "quận" or
# "thành phố"; a name that is both a town and the rural district around it (Cao Lãnh, Hồng Ngự, Cai Lậy,
# Kỳ Anh, Duyên Hải, Long Mỹ) appears once. Units merged away before 30 June 2025 (Yên Dũng, Mỹ Lộc,
# Nam Đông, Cửa Lò, Đông Sơn, Nông Sơn, Đạ Tẻh, Cát Tiên, Long Điền, Đất Đỏ, Quận 2, Quận 9…) are not listed.
_UNITS = (
    ("Hà Nội", _CITY, "Hà Nội", (
        "Ba Đình", "Hoàn Kiếm", "Tây Hồ", "Long Biên", "Cầu Giấy", "Đống Đa", "Hai Bà Trưng", "Hoàng Mai",
        "Thanh Xuân", "Sóc Sơn", "Đông Anh", "Gia Lâm", "Nam Từ Liêm", "Thanh Trì", "Bắc Từ Liêm", "Mê Linh",
        "Hà Đông", "Sơn Tây", "Ba Vì", "Phúc Thọ", "Đan Phượng", "Hoài Đức", "Quốc Oai", "Thạch Thất",
        "Chương Mỹ", "Thanh Oai", "Thường Tín", "Phú Xuyên", "Ứng Hòa", "Mỹ Đức",
    )),
    ("Hà Giang", _PROVINCE, "Tuyên Quang", (
        "Hà Giang", "Đồng Văn", "Mèo Vạc", "Yên Minh", "Quản Bạ", "Vị Xuyên", "Bắc Mê", "Hoàng Su Phì",
        "Xín Mần", "Bắc Quang", "Quang Bình",
    )),
    ("Cao Bằng", _PROVINCE, "Cao Bằng", (
        "Cao Bằng", "Bảo Lâm", "Bảo Lạc", "Hà Quảng", "Trùng Khánh", "Hạ Lang", "Quảng Hòa", "Hòa An",
        "Nguyên Bình", "Thạch An",
    )),
    ("Bắc Kạn", _PROVINCE, "Thái Nguyên", (
        "Bắc Kạn", "Pác Nặm", "Ba Bể", "Ngân Sơn", "Bạch Thông", "Chợ Đồn", "Chợ Mới", "Na Rì",
    )),
    ("Tuyên Quang", _PROVINCE, "Tuyên Quang", (
        "Tuyên Quang", "Lâm Bình", "Na Hang", "Chiêm Hóa", "Hàm Yên", "Yên Sơn", "Sơn Dương",
    )),
    ("Lào Cai", _PROVINCE, "Lào Cai", (
        "Lào Cai", "Bát Xát", "Mường Khương", "Si Ma Cai", "Bắc Hà", "Bảo Thắng", "Bảo Yên", "Sa Pa",
        "Văn Bàn",
    )),
    ("Điện Biên", _PROVINCE, "Điện Biên", (
        "Điện Biên Phủ", "Mường Lay", "Mường Nhé", "Mường Chà", "Tủa Chùa", "Tuần Giáo", "Điện Biên",
        "Điện Biên Đông", "Mường Ảng", "Nậm Pồ",
    )),
    ("Lai Châu", _PROVINCE, "Lai Châu", (
        "Lai Châu", "Tam Đường", "Mường Tè", "Sìn Hồ", "Phong Thổ", "Than Uyên", "Tân Uyên", "Nậm Nhùn",
    )),
    ("Sơn La", _PROVINCE, "Sơn La", (
        "Sơn La", "Quỳnh Nhai", "Thuận Châu", "Mường La", "Bắc Yên", "Phù Yên", "Mộc Châu", "Yên Châu",
        "Mai Sơn", "Sông Mã", "Sốp Cộp", "Vân Hồ",
    )),
    ("Yên Bái", _PROVINCE, "Lào Cai", (
        "Yên Bái", "Nghĩa Lộ", "Lục Yên", "Văn Yên", "Mù Căng Chải", "Trấn Yên", "Trạm Tấu", "Văn Chấn",
        "Yên Bình",
    )),
    ("Hòa Bình", _PROVINCE, "Phú Thọ", (
        "Hòa Bình", "Đà Bắc", "Lương Sơn", "Kim Bôi", "Cao Phong", "Tân Lạc", "Mai Châu", "Lạc Sơn",
        "Yên Thủy", "Lạc Thủy",
    )),
    ("Thái Nguyên", _PROVINCE, "Thái Nguyên", (
        "Thái Nguyên", "Sông Công", "Định Hóa", "Phú Lương", "Đồng Hỷ", "Võ Nhai", "Đại Từ", "Phổ Yên",
        "Phú Bình",
    )),
    ("Lạng Sơn", _PROVINCE, "Lạng Sơn", (
        "Lạng Sơn", "Tràng Định", "Bình Gia", "Văn Lãng", "Cao Lộc", "Văn Quan", "Bắc Sơn", "Hữu Lũng",
        "Chi Lăng", "Lộc Bình", "Đình Lập",
    )),
    ("Quảng Ninh", _PROVINCE, "Quảng Ninh", (
        "Hạ Long", "Móng Cái", "Cẩm Phả", "Uông Bí", "Bình Liêu", "Tiên Yên", "Đầm Hà", "Hải Hà", "Ba Chẽ",
        "Vân Đồn", "Đông Triều", "Quảng Yên", "Cô Tô",
    )),
    ("Bắc Giang", _PROVINCE, "Bắc Ninh", (
        "Bắc Giang", "Yên Thế", "Tân Yên", "Lạng Giang", "Lục Nam", "Lục Ngạn", "Sơn Động", "Việt Yên",
        "Hiệp Hòa", "Chũ",
    )),
    ("Phú Thọ", _PROVINCE, "Phú Thọ", (
        "Việt Trì", "Phú Thọ", "Đoan Hùng", "Hạ Hòa", "Thanh Ba", "Phù Ninh", "Yên Lập", "Cẩm Khê",
        "Tam Nông", "Lâm Thao", "Thanh Sơn", "Thanh Thủy", "Tân Sơn",
    )),
    ("Vĩnh Phúc", _PROVINCE, "Phú Thọ", (
        "Vĩnh Yên", "Phúc Yên", "Lập Thạch", "Tam Dương", "Tam Đảo", "Bình Xuyên", "Yên Lạc", "Vĩnh Tường",
        "Sông Lô",
    )),
    ("Bắc Ninh", _PROVINCE, "Bắc Ninh", (
        "Bắc Ninh", "Yên Phong", "Quế Võ", "Tiên Du", "Từ Sơn", "Thuận Thành", "Gia Bình", "Lương Tài",
    )),
    ("Hải Dương", _PROVINCE, "Hải Phòng", (
        "Hải Dương", "Chí Linh", "Nam Sách", "Kinh Môn", "Kim Thành", "Thanh Hà", "Cẩm Giàng", "Bình Giang",
        "Gia Lộc", "Tứ Kỳ", "Ninh Giang", "Thanh Miện",
    )),
    ("Hải Phòng", _CITY, "Hải Phòng", (
        "Hồng Bàng", "Ngô Quyền", "Lê Chân", "Hải An", "Kiến An", "Đồ Sơn", "Dương Kinh", "Thủy Nguyên",
        "An Dương", "An Lão", "Kiến Thụy", "Tiên Lãng", "Vĩnh Bảo", "Cát Hải", "Bạch Long Vĩ",
    )),
    ("Hưng Yên", _PROVINCE, "Hưng Yên", (
        "Hưng Yên", "Văn Lâm", "Văn Giang", "Yên Mỹ", "Mỹ Hào", "Ân Thi", "Khoái Châu", "Kim Động", "Tiên Lữ",
        "Phù Cừ",
    )),
    ("Thái Bình", _PROVINCE, "Hưng Yên", (
        "Thái Bình", "Quỳnh Phụ", "Hưng Hà", "Đông Hưng", "Thái Thụy", "Tiền Hải", "Kiến Xương", "Vũ Thư",
    )),
    ("Hà Nam", _PROVINCE, "Ninh Bình", (
        "Phủ Lý", "Duy Tiên", "Kim Bảng", "Thanh Liêm", "Bình Lục", "Lý Nhân",
    )),
    ("Nam Định", _PROVINCE, "Ninh Bình", (
        "Nam Định", "Vụ Bản", "Ý Yên", "Nghĩa Hưng", "Nam Trực", "Trực Ninh", "Xuân Trường", "Giao Thủy",
        "Hải Hậu",
    )),
    ("Ninh Bình", _PROVINCE, "Ninh Bình", (
        "Tam Điệp", "Nho Quan", "Gia Viễn", "Hoa Lư", "Yên Khánh", "Kim Sơn", "Yên Mô",
    )),
    ("Thanh Hóa", _PROVINCE, "Thanh Hóa", (
        "Thanh Hóa", "Bỉm Sơn", "Sầm Sơn", "Mường Lát", "Quan Hóa", "Bá Thước", "Quan Sơn", "Lang Chánh",
        "Ngọc Lặc", "Cẩm Thủy", "Thạch Thành", "Hà Trung", "Vĩnh Lộc", "Yên Định", "Thọ Xuân", "Thường Xuân",
        "Triệu Sơn", "Thiệu Hóa", "Hoằng Hóa", "Hậu Lộc", "Nga Sơn", "Như Xuân", "Như Thanh", "Nông Cống",
        "Quảng Xương", "Nghi Sơn",
    )),
    ("Nghệ An", _PROVINCE, "Nghệ An", (
        "Vinh", "Thái Hòa", "Quế Phong", "Quỳ Châu", "Kỳ Sơn", "Tương Dương", "Nghĩa Đàn", "Quỳ Hợp",
        "Quỳnh Lưu", "Con Cuông", "Tân Kỳ", "Anh Sơn", "Diễn Châu", "Yên Thành", "Đô Lương", "Thanh Chương",
        "Nghi Lộc", "Nam Đàn", "Hưng Nguyên", "Hoàng Mai",
    )),
    ("Hà Tĩnh", _PROVINCE, "Hà Tĩnh", (
        "Hà Tĩnh", "Hồng Lĩnh", "Hương Sơn", "Đức Thọ", "Vũ Quang", "Nghi Xuân", "Can Lộc", "Hương Khê",
        "Thạch Hà", "Cẩm Xuyên", "Kỳ Anh",
    )),
    ("Quảng Bình", _PROVINCE, "Quảng Trị", (
        "Đồng Hới", "Minh Hóa", "Tuyên Hóa", "Quảng Trạch", "Bố Trạch", "Quảng Ninh", "Lệ Thủy", "Ba Đồn",
    )),
    ("Quảng Trị", _PROVINCE, "Quảng Trị", (
        "Đông Hà", "Quảng Trị", "Vĩnh Linh", "Hướng Hóa", "Gio Linh", "Đakrông", "Cam Lộ", "Triệu Phong",
        "Hải Lăng", "Cồn Cỏ",
    )),
    ("Huế", _CITY, "Huế", (
        "Thuận Hóa", "Phú Xuân", "Phong Điền", "Quảng Điền", "Phú Vang", "Hương Thủy", "Hương Trà", "A Lưới",
        "Phú Lộc",
    )),
    ("Đà Nẵng", _CITY, "Đà Nẵng", (
        "Liên Chiểu", "Thanh Khê", "Hải Châu", "Sơn Trà", "Ngũ Hành Sơn", "Cẩm Lệ", "Hòa Vang", "Hoàng Sa",
    )),
    ("Quảng Nam", _PROVINCE, "Đà Nẵng", (
        "Tam Kỳ", "Hội An", "Tây Giang", "Đông Giang", "Đại Lộc", "Điện Bàn", "Duy Xuyên", "Quế Sơn",
        "Nam Giang", "Phước Sơn", "Hiệp Đức", "Thăng Bình", "Tiên Phước", "Bắc Trà My", "Nam Trà My",
        "Núi Thành", "Phú Ninh",
    )),
    ("Quảng Ngãi", _PROVINCE, "Quảng Ngãi", (
        "Quảng Ngãi", "Bình Sơn", "Trà Bồng", "Sơn Tịnh", "Tư Nghĩa", "Sơn Hà", "Sơn Tây", "Minh Long",
        "Nghĩa Hành", "Mộ Đức", "Đức Phổ", "Ba Tơ", "Lý Sơn",
    )),
    ("Bình Định", _PROVINCE, "Gia Lai", (
        "Quy Nhơn", "An Lão", "Hoài Nhơn", "Hoài Ân", "Phù Mỹ", "Vĩnh Thạnh", "Tây Sơn", "Phù Cát", "An Nhơn",
        "Tuy Phước", "Vân Canh",
    )),
    ("Phú Yên", _PROVINCE, "Đắk Lắk", (
        "Tuy Hòa", "Sông Cầu", "Đồng Xuân", "Tuy An", "Sơn Hòa", "Sông Hinh", "Tây Hòa", "Phú Hòa",
        "Đông Hòa",
    )),
    ("Khánh Hòa", _PROVINCE, "Khánh Hòa", (
        "Nha Trang", "Cam Ranh", "Cam Lâm", "Vạn Ninh", "Ninh Hòa", "Khánh Vĩnh", "Diên Khánh", "Khánh Sơn",
        "Trường Sa",
    )),
    ("Ninh Thuận", _PROVINCE, "Khánh Hòa", (
        "Phan Rang - Tháp Chàm", "Bác Ái", "Ninh Sơn", "Ninh Hải", "Ninh Phước", "Thuận Bắc", "Thuận Nam",
    )),
    ("Bình Thuận", _PROVINCE, "Lâm Đồng", (
        "Phan Thiết", "La Gi", "Tuy Phong", "Bắc Bình", "Hàm Thuận Bắc", "Hàm Thuận Nam", "Tánh Linh",
        "Đức Linh", "Hàm Tân", "Phú Quý",
    )),
    ("Kon Tum", _PROVINCE, "Quảng Ngãi", (
        "Kon Tum", "Đắk Glei", "Ngọc Hồi", "Đắk Tô", "Kon Plông", "Kon Rẫy", "Đăk Hà", "Sa Thầy",
        "Tu Mơ Rông", "Ia H'Drai",
    )),
    ("Gia Lai", _PROVINCE, "Gia Lai", (
        "Pleiku", "An Khê", "Ayun Pa", "Kbang", "Đak Đoa", "Chư Păh", "Ia Grai", "Mang Yang", "Kông Chro",
        "Đức Cơ", "Chư Prông", "Chư Sê", "Đăk Pơ", "Ia Pa", "Krông Pa", "Phú Thiện", "Chư Pưh",
    )),
    ("Đắk Lắk", _PROVINCE, "Đắk Lắk", (
        "Buôn Ma Thuột", "Buôn Hồ", "Ea H'leo", "Ea Súp", "Buôn Đôn", "Cư M'gar", "Krông Búk", "Krông Năng",
        "Ea Kar", "M'Đrắk", "Krông Bông", "Krông Pắc", "Krông A Na", "Lắk", "Cư Kuin",
    )),
    ("Đắk Nông", _PROVINCE, "Lâm Đồng", (
        "Gia Nghĩa", "Đăk Glong", "Cư Jút", "Đắk Mil", "Krông Nô", "Đắk Song", "Đắk R'Lấp", "Tuy Đức",
    )),
    ("Lâm Đồng", _PROVINCE, "Lâm Đồng", (
        "Đà Lạt", "Bảo Lộc", "Đam Rông", "Lạc Dương", "Lâm Hà", "Đơn Dương", "Đức Trọng", "Di Linh",
        "Bảo Lâm", "Đạ Huoai",
    )),
    ("Bình Phước", _PROVINCE, "Đồng Nai", (
        "Phước Long", "Đồng Xoài", "Bình Long", "Bù Gia Mập", "Lộc Ninh", "Bù Đốp", "Hớn Quản", "Đồng Phú",
        "Bù Đăng", "Chơn Thành", "Phú Riềng",
    )),
    ("Tây Ninh", _PROVINCE, "Tây Ninh", (
        "Tây Ninh", "Tân Biên", "Tân Châu", "Dương Minh Châu", "Châu Thành", "Hòa Thành", "Gò Dầu", "Bến Cầu",
        "Trảng Bàng",
    )),
    ("Bình Dương", _PROVINCE, "Hồ Chí Minh", (
        "Thủ Dầu Một", "Bàu Bàng", "Dầu Tiếng", "Bến Cát", "Phú Giáo", "Tân Uyên", "Dĩ An", "Thuận An",
        "Bắc Tân Uyên",
    )),
    ("Đồng Nai", _PROVINCE, "Đồng Nai", (
        "Biên Hòa", "Long Khánh", "Tân Phú", "Vĩnh Cửu", "Định Quán", "Trảng Bom", "Thống Nhất", "Cẩm Mỹ",
        "Long Thành", "Xuân Lộc", "Nhơn Trạch",
    )),
    ("Bà Rịa - Vũng Tàu", _PROVINCE, "Hồ Chí Minh", (
        "Vũng Tàu", "Bà Rịa", "Châu Đức", "Xuyên Mộc", "Long Đất", "Phú Mỹ", "Côn Đảo",
    )),
    ("Hồ Chí Minh", _CITY, "Hồ Chí Minh", (
        "Quận 1", "Quận 3", "Quận 4", "Quận 5", "Quận 6", "Quận 7", "Quận 8", "Quận 10", "Quận 11", "Quận 12",
        "Bình Tân", "Bình Thạnh", "Gò Vấp", "Phú Nhuận", "Tân Bình", "Tân Phú", "Thủ Đức", "Bình Chánh",
        "Cần Giờ", "Củ Chi", "Hóc Môn", "Nhà Bè",
    )),
    ("Long An", _PROVINCE, "Tây Ninh", (
        "Tân An", "Kiến Tường", "Tân Hưng", "Vĩnh Hưng", "Mộc Hóa", "Tân Thạnh", "Thạnh Hóa", "Đức Huệ",
        "Đức Hòa", "Bến Lức", "Thủ Thừa", "Tân Trụ", "Cần Đước", "Cần Giuộc", "Châu Thành",
    )),
    ("Tiền Giang", _PROVINCE, "Đồng Tháp", (
        "Mỹ Tho", "Gò Công", "Cai Lậy", "Tân Phước", "Cái Bè", "Châu Thành", "Chợ Gạo", "Gò Công Tây",
        "Gò Công Đông", "Tân Phú Đông",
    )),
    ("Bến Tre", _PROVINCE, "Vĩnh Long", (
        "Bến Tre", "Châu Thành", "Chợ Lách", "Mỏ Cày Nam", "Giồng Trôm", "Bình Đại", "Ba Tri", "Thạnh Phú",
        "Mỏ Cày Bắc",
    )),
    ("Trà Vinh", _PROVINCE, "Vĩnh Long", (
        "Trà Vinh", "Càng Long", "Cầu Kè", "Tiểu Cần", "Châu Thành", "Cầu Ngang", "Trà Cú", "Duyên Hải",
    )),
    ("Vĩnh Long", _PROVINCE, "Vĩnh Long", (
        "Vĩnh Long", "Long Hồ", "Mang Thít", "Vũng Liêm", "Tam Bình", "Bình Minh", "Trà Ôn", "Bình Tân",
    )),
    ("Đồng Tháp", _PROVINCE, "Đồng Tháp", (
        "Cao Lãnh", "Sa Đéc", "Hồng Ngự", "Tân Hồng", "Tam Nông", "Tháp Mười", "Thanh Bình", "Lấp Vò",
        "Lai Vung", "Châu Thành",
    )),
    ("An Giang", _PROVINCE, "An Giang", (
        "Long Xuyên", "Châu Đốc", "An Phú", "Tân Châu", "Phú Tân", "Châu Phú", "Tịnh Biên", "Tri Tôn",
        "Châu Thành", "Chợ Mới", "Thoại Sơn",
    )),
    ("Kiên Giang", _PROVINCE, "An Giang", (
        "Rạch Giá", "Hà Tiên", "Kiên Lương", "Hòn Đất", "Tân Hiệp", "Châu Thành", "Giồng Riềng", "Gò Quao",
        "An Biên", "An Minh", "Vĩnh Thuận", "Phú Quốc", "Kiên Hải", "U Minh Thượng", "Giang Thành",
    )),
    ("Cần Thơ", _CITY, "Cần Thơ", (
        "Ninh Kiều", "Ô Môn", "Bình Thủy", "Cái Răng", "Thốt Nốt", "Vĩnh Thạnh", "Cờ Đỏ", "Phong Điền",
        "Thới Lai",
    )),
    ("Hậu Giang", _PROVINCE, "Cần Thơ", (
        "Vị Thanh", "Ngã Bảy", "Châu Thành A", "Châu Thành", "Phụng Hiệp", "Vị Thủy", "Long Mỹ",
    )),
    ("Sóc Trăng", _PROVINCE, "Cần Thơ", (
        "Sóc Trăng", "Châu Thành", "Kế Sách", "Mỹ Tú", "Cù Lao Dung", "Long Phú", "Mỹ Xuyên", "Ngã Năm",
        "Thạnh Trị", "Vĩnh Châu", "Trần Đề",
    )),
    ("Bạc Liêu", _PROVINCE, "Cà Mau", (
        "Bạc Liêu", "Hồng Dân", "Phước Long", "Vĩnh Lợi", "Giá Rai", "Đông Hải", "Hòa Bình",
    )),
    ("Cà Mau", _PROVINCE, "Cà Mau", (
        "Cà Mau", "U Minh", "Thới Bình", "Trần Văn Thời", "Cái Nước", "Đầm Dơi", "Năm Căn", "Phú Tân",
        "Ngọc Hiển",
    )),
)

_ALIASES = {
    "Hồ Chí Minh": (
        "TP. Hồ Chí Minh", "TP Hồ Chí Minh", "TP.Hồ Chí Minh", "Thành phố Hồ Chí Minh",
        "TP.HCM", "TP. HCM", "TP HCM", "TPHCM", "Sài Gòn",
    ),
    "Huế": ("Thừa Thiên Huế", "Thừa Thiên - Huế", "Thừa Thiên – Huế", "Thừa Thiên-Huế", "TT-Huế"),
    "Bà Rịa - Vũng Tàu": ("Bà Rịa – Vũng Tàu", "Bà Rịa-Vũng Tàu", "Bà Rịa Vũng Tàu", "BR-VT", "BRVT"),
    "Đắk Lắk": ("Đắc Lắk", "Đăk Lăk"),
    "Đắk Nông": ("Đăk Nông", "Đắc Nông"),
    "Bắc Kạn": ("Bắc Cạn",),
}

PROVINCES = tuple(
    Province(
        name=name,
        kind=kind,
        aliases=_ALIASES.get(name, ()),
        districts=districts,
        successor=successor,
        historical=True,
        current=successor == name,
    )
    for name, kind, successor, districts in _UNITS
)


def _paper(name, province, domains=(), markers=()):
    return Newspaper(name=name, province=province, domains=tuple(domains), markers=tuple(markers))


# The Party newspaper of each of the 63 historical units (national papers are left out). Domains are the
# ones the paper has published under, newest first; markers only where the paper is known to print them.
NEWSPAPERS = (
    _paper("Báo Hà Nội Mới", "Hà Nội", ("hanoimoi.vn", "hanoimoi.com.vn")),
    _paper("Báo Hà Giang", "Hà Giang", ("baohagiang.vn",), ("BHG",)),
    _paper("Báo Cao Bằng", "Cao Bằng", ("baocaobang.vn",)),
    _paper("Báo Bắc Kạn", "Bắc Kạn", ("baobackan.vn", "baobackan.org.vn")),
    _paper("Báo Tuyên Quang", "Tuyên Quang", ("baotuyenquang.com.vn",)),
    _paper("Báo Lào Cai", "Lào Cai", ("baolaocai.vn",), ("LCĐT",)),
    _paper("Báo Điện Biên Phủ", "Điện Biên", ("baodienbienphu.com.vn", "baodienbienphu.info.vn")),
    _paper("Báo Lai Châu", "Lai Châu", ("baolaichau.vn",)),
    _paper("Báo Sơn La", "Sơn La", ("baosonla.vn", "baosonla.org.vn")),
    _paper("Báo Yên Bái", "Yên Bái", ("baoyenbai.com.vn",), ("YBĐT",)),
    _paper("Báo Hòa Bình", "Hòa Bình", ("baohoabinh.com.vn",), ("HBĐT",)),
    _paper("Báo Thái Nguyên", "Thái Nguyên", ("baothainguyen.vn",)),
    _paper("Báo Lạng Sơn", "Lạng Sơn", ("baolangson.vn",)),
    _paper("Báo Quảng Ninh", "Quảng Ninh", ("baoquangninh.vn", "baoquangninh.com.vn")),
    _paper("Báo Bắc Giang", "Bắc Giang", ("baobacgiang.vn", "baobacgiang.com.vn"), ("BGĐT",)),
    _paper("Báo Phú Thọ", "Phú Thọ", ("baophutho.vn",)),
    _paper("Báo Vĩnh Phúc", "Vĩnh Phúc", ("baovinhphuc.com.vn",)),
    _paper("Báo Bắc Ninh", "Bắc Ninh", ("baobacninh.com.vn",)),
    _paper("Báo Hải Dương", "Hải Dương", ("baohaiduong.vn",)),
    _paper("Báo Hải Phòng", "Hải Phòng", ("baohaiphong.vn", "baohaiphong.com.vn")),
    _paper("Báo Hưng Yên", "Hưng Yên", ("baohungyen.vn",)),
    _paper("Báo Thái Bình", "Thái Bình", ("baothaibinh.com.vn",)),
    _paper("Báo Hà Nam", "Hà Nam", ("baohanam.com.vn",)),
    _paper("Báo Nam Định", "Nam Định", ("baonamdinh.vn",)),
    _paper("Báo Ninh Bình", "Ninh Bình", ("baoninhbinh.org.vn",)),
    _paper("Báo Thanh Hóa", "Thanh Hóa", ("baothanhhoa.vn",)),
    _paper("Báo Nghệ An", "Nghệ An", ("baonghean.vn",)),
    _paper("Báo Hà Tĩnh", "Hà Tĩnh", ("baohatinh.vn",)),
    _paper("Báo Quảng Bình", "Quảng Bình", ("baoquangbinh.vn",)),
    _paper("Báo Quảng Trị", "Quảng Trị", ("baoquangtri.vn",), ("QTO",)),
    _paper("Báo Thừa Thiên Huế", "Huế", ("baothuathienhue.vn",)),
    _paper("Báo Đà Nẵng", "Đà Nẵng", ("baodanang.vn",)),
    _paper("Báo Quảng Nam", "Quảng Nam", ("baoquangnam.vn",)),
    _paper("Báo Quảng Ngãi", "Quảng Ngãi", ("baoquangngai.vn",)),
    _paper("Báo Bình Định", "Bình Định", ("baobinhdinh.vn", "baobinhdinh.com.vn")),
    _paper("Báo Phú Yên", "Phú Yên", ("baophuyen.vn",)),
    _paper("Báo Khánh Hòa", "Khánh Hòa", ("baokhanhhoa.vn",)),
    _paper("Báo Ninh Thuận", "Ninh Thuận", ("baoninhthuan.com.vn",), ("NTO",)),
    _paper("Báo Bình Thuận", "Bình Thuận", ("baobinhthuan.com.vn",), ("BTO",)),
    _paper("Báo Kon Tum", "Kon Tum", ("baokontum.com.vn",)),
    _paper("Báo Gia Lai", "Gia Lai", ("baogialai.com.vn",), ("GLO",)),
    _paper("Báo Đắk Lắk", "Đắk Lắk", ("baodaklak.vn",)),
    _paper("Báo Đắk Nông", "Đắk Nông", ("baodaknong.vn", "baodaknong.org.vn")),
    _paper("Báo Lâm Đồng", "Lâm Đồng", ("baolamdong.vn",)),
    _paper("Báo Bình Phước", "Bình Phước", ("baobinhphuoc.com.vn",)),
    _paper("Báo Tây Ninh", "Tây Ninh", ("baotayninh.vn",)),
    _paper("Báo Bình Dương", "Bình Dương", ("baobinhduong.vn",), ("BDO",)),
    _paper("Báo Đồng Nai", "Đồng Nai", ("baodongnai.com.vn",)),
    _paper("Báo Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu", ("baobariavungtau.com.vn",)),
    _paper("Báo Sài Gòn Giải Phóng", "Hồ Chí Minh", ("sggp.org.vn",)),
    _paper("Báo Long An", "Long An", ("baolongan.vn",)),
    _paper("Báo Ấp Bắc", "Tiền Giang", ("baoapbac.vn",)),
    _paper("Báo Đồng Khởi", "Bến Tre", ("baodongkhoi.vn",), ("BDK.VN",)),
    _paper("Báo Trà Vinh", "Trà Vinh", ("baotravinh.vn",)),
    _paper("Báo Vĩnh Long", "Vĩnh Long", ("baovinhlong.com.vn",)),
    _paper("Báo Đồng Tháp", "Đồng Tháp", ("baodongthap.vn", "baodongthap.com.vn"), ("ĐTO",)),
    _paper("Báo An Giang", "An Giang", ("baoangiang.com.vn",)),
    _paper("Báo Kiên Giang", "Kiên Giang", ("baokiengiang.vn",)),
    _paper("Báo Cần Thơ", "Cần Thơ", ("baocantho.com.vn",)),
    _paper("Báo Hậu Giang", "Hậu Giang", ("baohaugiang.com.vn",)),
    _paper("Báo Sóc Trăng", "Sóc Trăng", ("baosoctrang.org.vn",)),
    _paper("Báo Bạc Liêu", "Bạc Liêu", ("baobaclieu.vn",)),
    _paper("Báo Cà Mau", "Cà Mau", ("baocamau.vn", "baocamau.com.vn"), ("CMO",)),
)


def _key(name):
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


_BY_KEY = {_key(n): p for p in PROVINCES for n in (p.name, *p.aliases)}


def by_name(name):
    """The unit called name or one of its aliases (case-insensitive, after NFC), or None."""
    if not name:
        return None
    return _BY_KEY.get(_key(name))


def _known(name):
    prov = by_name(name)
    if prov is None:
        raise KeyError(f"no province or city called {name!r}")
    return prov


# The official name of a unit where it differs from the short name the archive files it under, with
# the first day it holds ("" = always), newest first. "Hồ Chí Minh" alone is a person's name; Thừa
# Thiên Huế province became the centrally-run city of Huế on 1 January 2025.
_OFFICIAL_NAMES = {
    "Hồ Chí Minh": (("", "Thành phố Hồ Chí Minh"),),
    "Huế": (("2025-01-01", "Huế"), ("", "Thừa Thiên Huế")),
}


def official_name(name, on=None):
    """The official name of the unit called name (an alias too) on a day (a date or datetime; None: the
    name it had before 2025), as gold files and exports write it; a name not in the gazetteer is
    returned as it is."""
    prov = by_name(name)
    if prov is None:
        return name
    day = on.isoformat()[:10] if on is not None else ""
    for since, official in _OFFICIAL_NAMES.get(prov.name, ()):
        if not since or (day and day >= since):
            return official
    return prov.name


def historical_provinces():
    """The 63 units that existed until 30 June 2025."""
    return tuple(p for p in PROVINCES if p.historical)


def current_provinces():
    """The 34 units that exist from 1 July 2025."""
    return tuple(p for p in PROVINCES if p.current)


def successor_of(name):
    """The current unit that the unit called name belongs to (itself when it continues); KeyError if unknown."""
    prov = _known(name)
    return _known(prov.successor) if prov.successor else prov


def predecessors_of(name):
    """The old units forming the current unit called name, the continuing one first; () for a unit that
    no longer exists; KeyError if unknown."""
    prov = _known(name)
    if not prov.current:
        return ()
    merged = [p for p in PROVINCES if p.historical and p.successor == prov.name and p is not prov]
    return ((prov,) if prov.historical else ()) + tuple(merged)
