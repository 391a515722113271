from archive.ingest.clean import Line
from archive.ingest.extract.people import extract_people, normalize_position, positions_after, positions_before


def people(*texts):
    found = extract_people([Line(t, 0, len(t)) for t in texts])
    return {p.name: [pos.normalized for pos in p.positions] for p in found}


def test_name_then_positions_after_dash():
    text = ("Đồng chí Lê Quốc Phong - Ủy viên Ban Chấp hành Trung ương Đảng, Bí thư Tỉnh ủy "
            "phát biểu kết luận tại hội nghị")
    assert people(text) == {"Lê Quốc Phong": ["Ủy viên Ban Chấp hành Trung ương Đảng", "Bí thư Tỉnh ủy"]}


def test_positions_before_name():
    text = ("Chủ trì hội nghị có Ủy viên Trung ương Đảng - Bí thư Tỉnh uỷ Lê Đức Thọ;"
            " Phó bí thư Tỉnh ủy - Chủ tịch UBND tỉnh Trần Ngọc Tam.")
    assert people(text) == {
        "Lê Đức Thọ": ["Ủy viên Trung ương Đảng", "Bí thư Tỉnh ủy"],
        "Trần Ngọc Tam": ["Phó Bí thư Tỉnh ủy", "Chủ tịch Ủy ban nhân dân tỉnh"],
    }


def test_list_with_semicolons():
    text = ("Các đồng chí: Ngô Đông Hải, Ủy viên Ban Chấp hành Trung ương Đảng, Bí thư Tỉnh ủy; "
            "Nguyễn Tiến Thành, Phó Bí thư thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh chủ trì hội nghị.")
    assert people(text) == {
        "Ngô Đông Hải": ["Ủy viên Ban Chấp hành Trung ương Đảng", "Bí thư Tỉnh ủy"],
        "Nguyễn Tiến Thành": ["Phó Bí thư thường trực Tỉnh ủy", "Chủ tịch Hội đồng nhân dân tỉnh"],
    }


def test_position_containing_a_comma_stays_whole():
    text = ("có đồng chí Trần Duy Hưng, Hàm Vụ trưởng Vụ địa phương II, Văn phòng Trung ương Đảng;"
            " đồng chí Phạm Quang Bản, Phó Vụ trưởng Ban Tuyên giáo Trung ương.")
    assert people(text) == {
        "Trần Duy Hưng": ["Hàm Vụ trưởng Vụ địa phương II, Văn phòng Trung ương Đảng"],
        "Phạm Quang Bản": ["Phó Vụ trưởng Ban Tuyên giáo Trung ương"],
    }


def test_not_people():
    text = ("học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; xây dựng đô thị TP. Bến Tre; "
            "Thành uỷ Cao Lãnh và Huyện uỷ Lai Vung; trường THPT Lê Quý Đôn.")
    assert people(text) == {}


def test_bare_position_without_name_is_no_person():
    assert people("Đó là ý kiến chỉ đạo của đồng chí Bí thư Tỉnh ủy, Chủ tịch Ủy ban nhân dân tỉnh tại Hội nghị.") == {}


def test_positions_are_merged_across_mentions():
    found = people("Bí thư Tỉnh ủy Lê Đức Thọ phát biểu.",
                   "Ủy viên Trung ương Đảng - Bí thư Tỉnh uỷ Lê Đức Thọ cho rằng")
    assert found == {"Lê Đức Thọ": ["Bí thư Tỉnh ủy", "Ủy viên Trung ương Đảng"]}


def test_normalize_position():
    assert normalize_position("Phó bí thư Thường trực Tỉnh uỷ") == "Phó Bí thư Thường trực Tỉnh ủy"
    assert normalize_position("Ủy viên BCH Trung ương Đảng") == "Ủy viên Ban Chấp hành Trung ương Đảng"


def test_position_spans_point_at_the_text():
    text = "ông Nguyễn Văn Hùng, Giám đốc Sở Tài chính báo cáo"
    pos = positions_after(text, text.index(",") )
    assert [text[p.span[0]:p.span[1]] for p in pos] == ["Giám đốc Sở Tài chính"]
    text = "Chủ tịch UBND tỉnh Trần Ngọc Tam"
    pos = positions_before(text, text.index("Trần"))
    assert [p.text for p in pos] == ["Chủ tịch UBND tỉnh"]


def test_unknown_surname_accepted_in_context_when_pyvi_reads_a_proper_noun():
    found = people("Chủ tịch UBND tỉnh Rơ Mah Tuân phát biểu; đồng chí Kpă Thuyên, Phó Chủ tịch HĐND tỉnh dự.")
    assert "Kpă Thuyên" in found
    assert found["Kpă Thuyên"] == ["Phó Chủ tịch Hội đồng nhân dân tỉnh"]


def test_honorific_is_not_part_of_the_name():
    assert people("Ông Nguyễn Văn Đệ, Phó Chủ tịch HĐND tỉnh trình bày tờ trình.") == {
        "Nguyễn Văn Đệ": ["Phó Chủ tịch Hội đồng nhân dân tỉnh"]}


# --- names: what opens a capitalised run before the name, and what is no name ------------------------

def test_province_before_the_name_is_not_part_of_it():
    assert people("Chủ tịch UBND tỉnh Cà Mau Trần Hồng Quân phát biểu.",
                  "Ủy viên Bộ Chính trị, Bí thư Thành ủy Hà Nội Đinh Văn Khoa dự.") == {
        "Trần Hồng Quân": ["Chủ tịch Ủy ban nhân dân tỉnh Cà Mau"],
        "Đinh Văn Khoa": ["Ủy viên Bộ Chính trị", "Bí thư Thành ủy Hà Nội"],
    }


def test_country_before_a_foreign_name_goes_to_the_position():
    assert people("Ngoại trưởng Pháp Jean Dubois cho biết; Thủ tướng Nhật Bản Kenji Sato sẽ thăm Hà Nội.") == {
        "Jean Dubois": ["Ngoại trưởng Pháp"], "Kenji Sato": ["Thủ tướng Nhật Bản"]}


def test_countries_and_one_word_names_are_no_people():
    assert people("Bộ trưởng Ngoại giao Hàn Quốc cho biết Triều Tiên đã đồng ý; Tổng thống Mỹ Obama "
                  "và Tổng thống Syria Bashar al-Assad; ông Nhật Bản nói") == {}


def test_a_ministry_named_like_a_person_names_nobody():
    assert people("Giám đốc Sở Công Thương phát biểu; Bộ trưởng Bộ Công Thương Hồ Quang Minh dự.") == {
        "Hồ Quang Minh": ["Bộ trưởng Bộ Công Thương"]}


def test_decoration_class_is_no_person():
    assert people("Ông được tặng Huân chương Lao động Hạng Ba, Bằng khen của Thủ tướng.") == {}


def test_title_syllables_and_place_openings_are_no_names():
    found = people("Phó Chủ tịch UBND tỉnh phát biểu tại Hội nghị Tỉnh ủy Thừa Thiên-Huế; "
                   "Phó Bí thư Thường trực Tỉnh ủy Lê Thị Hằng dự.")
    assert found == {"Lê Thị Hằng": ["Phó Bí thư Thường trực Tỉnh ủy"]}


def test_a_run_ending_inside_a_noun_is_no_name():
    found = people("Bí thư thứ nhất Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh Lâm Quang Tuấn phát biểu.")
    assert found == {"Lâm Quang Tuấn": ["Bí thư thứ nhất Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh"]}


def test_place_and_firm_words_before_a_run():
    assert people("Giám đốc Trung tâm ung thư bang New York cho biết; Giám đốc hãng Toàn Phát nói.") == {}


def test_city_level_before_a_name():
    assert people("Chủ tịch UBND TP Trần Đức Hải và Chủ tịch UBND Thành phố Lý Minh Tâm cùng dự.") == {
        "Trần Đức Hải": ["Chủ tịch Ủy ban nhân dân TP"], "Lý Minh Tâm": ["Chủ tịch Ủy ban nhân dân Thành phố"]}


def test_rarer_surname_after_a_place():
    assert people("Cùng dự có Phó Bí thư Thành ủy Hải Phòng Tưởng Văn Minh.") == {
        "Tưởng Văn Minh": ["Phó Bí thư Thành ủy Hải Phòng"]}


def test_hyphen_glued_to_a_position():
    assert people("Phát biểu, ông Phan Thanh Long-Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy yêu cầu.") == {
        "Phan Thanh Long": ["Ủy viên Trung ương Đảng", "Bí thư Tỉnh ủy"]}


# --- positions: where they end, which person they belong to ---------------------------------------------

def test_a_verb_ends_the_position():
    assert people("Đồng chí Nguyễn Thanh Bình, Trưởng ban Dân vận Tỉnh ủy triển khai kế hoạch năm.",
                  "Bí thư Thành ủy TP.HCM Lê Văn Khải dẫn đầu đoàn công tác.") == {
        "Nguyễn Thanh Bình": ["Trưởng Ban Dân vận Tỉnh ủy"], "Lê Văn Khải": ["Bí thư Thành ủy TP.HCM"]}


def test_verbs_inside_a_body_name_stay():
    assert people("Ông Lê Văn Hòa, Trưởng Ban quản lý dự án đầu tư xây dựng tỉnh trình bày tờ trình.") == {
        "Lê Văn Hòa": ["Trưởng Ban quản lý dự án đầu tư xây dựng tỉnh"]}


def test_two_peoples_titles_never_join():
    text = ("Đại tướng Mạc Văn Trung, Ủy viên Bộ Chính trị, Bộ trưởng Bộ Quốc phòng và Ủy viên Bộ Chính trị, "
            "Bí thư Thành ủy Hải Phòng Vương Quốc Bảo đồng chủ trì hội nghị. Thứ trưởng Bộ Nội vụ Phạm Minh Tâm "
            "và Phó Chủ tịch UBND tỉnh Lê Thị Hoa cùng dự.")
    assert people(text) == {
        "Mạc Văn Trung": ["Đại tướng", "Ủy viên Bộ Chính trị", "Bộ trưởng Bộ Quốc phòng"],
        "Vương Quốc Bảo": ["Ủy viên Bộ Chính trị", "Bí thư Thành ủy Hải Phòng"],
        "Phạm Minh Tâm": ["Thứ trưởng Bộ Nội vụ"],
        "Lê Thị Hoa": ["Phó Chủ tịch Ủy ban nhân dân tỉnh"],
    }


def test_the_next_persons_title_after_a_comma_is_not_ours():
    assert people("Dự có Chủ tịch nước Trương Minh Đức, Thủ tướng Chính phủ Vũ Hoàng Long.") == {
        "Trương Minh Đức": ["Chủ tịch nước"], "Vũ Hoàng Long": ["Thủ tướng Chính phủ"]}


def test_a_post_opening_a_list_goes_to_each_member():
    text = ("Dự có các đồng chí Phó Chủ tịch UBND tỉnh: Hoàng Văn Nam – Ủy viên Ban Thường vụ Tỉnh ủy; "
            "Trịnh Thị Mai, Lò Văn Sơn cùng lãnh đạo các sở.")
    assert people(text) == {
        "Hoàng Văn Nam": ["Phó Chủ tịch Ủy ban nhân dân tỉnh", "Ủy viên Ban Thường vụ Tỉnh ủy"],
        "Trịnh Thị Mai": ["Phó Chủ tịch Ủy ban nhân dân tỉnh"],
        "Lò Văn Sơn": ["Phó Chủ tịch Ủy ban nhân dân tỉnh"],
    }
    assert people("Ủy viên Bộ Chính trị: Chủ tịch Quốc hội Đào Minh Khôi; Thủ tướng Chính phủ Hà Văn Phúc dự.") == {
        "Đào Minh Khôi": ["Ủy viên Bộ Chính trị", "Chủ tịch Quốc hội"],
        "Hà Văn Phúc": ["Ủy viên Bộ Chính trị", "Thủ tướng Chính phủ"],
    }
    assert people("Giám đốc Sở là ông Tô Văn Hiển; các Phó Giám đốc gồm các ông Lưu Văn Hải và Cao Minh Đức.") == {
        "Tô Văn Hiển": [], "Lưu Văn Hải": ["Phó Giám đốc"], "Cao Minh Đức": ["Phó Giám đốc"]}


def test_posts_given_by_a_verb():
    assert people("Đoàn công tác do ông Đỗ Văn Bình, Thứ trưởng Bộ Y tế làm trưởng đoàn đã làm việc với tỉnh.") == {
        "Đỗ Văn Bình": ["Thứ trưởng Bộ Y tế", "Trưởng đoàn"]}
    assert people("Trước đó, ông Tạ Quang Huy từng đảm nhiệm các chức vụ Giám đốc Sở Xây dựng, Bí thư Huyện ủy "
                  "Tam Nông. Tỉnh ủy điều động ông Kha Minh Trí (Phó Chánh Văn phòng Tỉnh ủy) đến giữ chức "
                  "Chánh Văn phòng UBND tỉnh từ ngày 1/8.") == {
        "Tạ Quang Huy": ["Giám đốc Sở Xây dựng", "Bí thư Huyện ủy Tam Nông"],
        "Kha Minh Trí": ["Phó Chánh Văn phòng Tỉnh ủy", "Chánh Văn phòng Ủy ban nhân dân tỉnh"],
    }


def test_compound_titles_are_not_a_bare_truong():
    assert people("Đội trưởng Đội Cảnh sát giao thông Hoàng Văn Lâm cho biết.") == {
        "Hoàng Văn Lâm": ["Đội trưởng Đội Cảnh sát giao thông"]}
    assert people("Doanh thu tăng trưởng caoÔng Lý Văn Tài, Giám đốc Sở Tài chính cho biết.") == {
        "Lý Văn Tài": ["Giám đốc Sở Tài chính"]}


def test_academic_titles_are_not_posts():
    assert people("Ban Thường vụ Tỉnh ủy chúc mừng TS. Mai Văn Hùng; PGS.TS Lê Hữu Phước, Giám đốc Học viện dự.") == {
        "Lê Hữu Phước": ["Giám đốc Học viện"]}
    assert people("Giám đốc Sở Nội vụ trao quyết định cho đồng chí ThS. Mai Văn Hùng.") == {"Mai Văn Hùng": []}


def test_asides_in_brackets():
    assert people("kỷ luật ông Lâm Văn Tư (SN 1970)- Trưởng phòng Tổ chức cán bộ với hình thức khiển trách.") == {
        "Lâm Văn Tư": ["Trưởng phòng Tổ chức cán bộ"]}
    assert people("Đoàn do ông Quách Văn Nhân, Cục trưởng Cục Thuế (Bộ Tài chính) làm trưởng đoàn đã làm việc.") == {
        "Quách Văn Nhân": ["Cục trưởng Cục Thuế", "Trưởng đoàn"]}


def test_abbreviation_dots_do_not_end_a_position():
    assert people("ông Võ Minh Trung (Chủ tịch UBND TP. Vĩnh Long) và Phó Trưởng ban Tổ chức T.Ư Ngô Văn Khánh.") == {
        "Võ Minh Trung": ["Chủ tịch Ủy ban nhân dân TP. Vĩnh Long"],
        "Ngô Văn Khánh": ["Phó Trưởng ban Tổ chức T.Ư"]}


def test_kiem_joins_two_posts_of_one_person():
    assert people("ông Bùi Đức Lộc, Bí thư Tỉnh ủy kiêm Chủ tịch HĐND tỉnh Hưng Yên.") == {
        "Bùi Đức Lộc": ["Bí thư Tỉnh ủy", "Chủ tịch Hội đồng nhân dân tỉnh Hưng Yên"]}


def test_a_post_first_seen_shorter_keeps_its_first_form():
    assert people("Phó Thủ tướng Lương Văn Hòa chủ trì.", "Phó Thủ tướng Chính phủ Lương Văn Hòa nhấn mạnh.",
                  "Bí thư Thành ủy Thành phố Đà Nẵng Phùng Văn Tư dự.",
                  "Bí thư Thành ủy Đà Nẵng Phùng Văn Tư nói.") == {
        "Lương Văn Hòa": ["Phó Thủ tướng"], "Phùng Văn Tư": ["Bí thư Thành ủy Thành phố Đà Nẵng"]}


def test_a_run_closing_a_bodys_name_is_no_person():
    assert people("Phó Trưởng Ban quản lý Khu kinh tế Nhơn Hội cho biết.") == {}


def test_sign_inside_a_title():
    assert people("ông Trịnh Văn Lộc, Phó Chủ tịch kiêm Tổng thư ký Hội Luật gia tỉnh phát biểu.") == {
        "Trịnh Văn Lộc": ["Phó Chủ tịch", "Tổng Thư ký Hội Luật gia tỉnh"]}


def test_one_letter_words_and_glued_sentences():
    assert people("Phó Bí thư T.Ư Đoàn, Chủ tịch Hội LHTN VN phát biểu; Tổng Giám đốc Ngân hàng TMCP Á Châu nói.") == {}
    assert people("ông Tăng Văn Bảo, Phó Giám đốc Sở Xây dựng Hà NộiChương trình có ba phần.") == {
        "Tăng Văn Bảo": ["Phó Giám đốc Sở Xây dựng Hà Nội"]}


def test_den_ends_a_post():
    assert people("Nhận tin báo, ông Hứa Văn Tâm, Tổ trưởng đến hiện trường.") == {"Hứa Văn Tâm": ["Tổ trưởng"]}


def test_lower_case_words_in_a_post_before_a_foreign_name():
    assert people("Bộ trưởng Năng lượng và Nguồn nước Ari Cohen cho biết; Giám đốc sản xuất Tom Reed nói.") == {
        "Ari Cohen": ["Bộ trưởng Năng lượng và Nguồn nước"], "Tom Reed": ["Giám đốc sản xuất"]}
    assert people("Bộ trưởng Bộ Kế hoạch đầu tư Lã Văn Cường:Về cơ bản") == {
        "Lã Văn Cường": ["Bộ trưởng Bộ Kế hoạch đầu tư"]}


def test_regions_and_glued_captions():
    assert people("Phó Chủ tịch khu vực Châu Á cho biết.") == {}
    assert people("Bí thư Tỉnh ủy Lục Văn ThànhTại hội nghị, các đại biểu thảo luận.") == {
        "Lục Văn Thành": ["Bí thư Tỉnh ủy"]}
    assert people("Chủ tịch UBND xã Ea TânÔng Kiều Văn Dũng cho biết.") == {}


def test_a_group_list_ends_at_a_new_dong_chi():
    text = ("Dự có các đồng chí Ủy viên Bộ Chính trị: Trưởng ban Dân vận Trung ương Tôn Thất Hòa; đồng chí "
            "Kha Thị Lan, Phó Bí thư Tỉnh ủy cùng dự.")
    assert people(text) == {"Tôn Thất Hòa": ["Ủy viên Bộ Chính trị", "Trưởng Ban Dân vận Trung ương"],
                            "Kha Thị Lan": ["Phó Bí thư Tỉnh ủy"]}


def test_envoys_and_firms_keep_their_tai_and_cua():
    assert people("Cùng dự có Đại sứ Canada tại Việt Nam Paul Martin.",
                  "Ông Hiroshi Tanaka, Giám đốc khu vực châu Á của Tập đoàn Sakura Motors cho biết.") == {
        "Paul Martin": ["Đại sứ Canada tại Việt Nam"],
        "Hiroshi Tanaka": ["Giám đốc khu vực châu Á của Tập đoàn Sakura Motors"]}


def test_post_comma_academic_title_name():
    assert people("Phát biểu, Giám đốc Học viện Nông nghiệp, PGS.TS Vi Văn Đức đề xuất.") == {
        "Vi Văn Đức": ["Giám đốc Học viện Nông nghiệp"]}


def test_a_birth_year_aside_marks_a_private_person():
    assert people("Cầm đầu nhóm là Ngô Văn Sáng (SN 1991, trú tại xã An Lư).") == {"Ngô Văn Sáng": []}


def test_a_place_before_a_three_syllable_name_in_a_long_run():
    assert people("Trưởng ban Quản lý Khu kinh tế Dung Quất Phan Văn Lực cho biết.") == {
        "Phan Văn Lực": ["Trưởng Ban Quản lý Khu kinh tế Dung Quất"]}


def test_a_lower_case_unit_closes_a_post():
    assert people("Thầy Đinh Văn Sĩ, Hiệu trưởng nhà trường ôn lại truyền thống.") == {
        "Đinh Văn Sĩ": ["Hiệu trưởng nhà trường"]}


def test_xac_nhan_ends_a_post():
    assert people("Ông Lò Văn Pắn, Chủ tịch UBND xã Mường Sại xác nhận sự việc.") == {
        "Lò Văn Pắn": ["Chủ tịch Ủy ban nhân dân xã Mường Sại"]}


def test_a_consulate_city_and_an_acronym_glue():
    assert people("Tổng Lãnh sự quán Việt Nam tại San Francisco tổ chức.") == {}
    assert people("Ông Lý Minh Tú, Trưởng Ban Nội chính TPTại lễ, ông nói.") == {
        "Lý Minh Tú": ["Trưởng Ban Nội chính TP"]}


def test_a_foreign_name_after_a_country_ends_the_previous_persons_posts():
    assert people("Phó Tổng thống Mỹ Tom Hale, Tổng thống Peru Luis Vega cùng dự; vùng Địa Trung Hải, "
                  "Thường trực ở đây.") == {"Tom Hale": ["Phó Tổng thống Mỹ"], "Luis Vega": ["Tổng thống Peru"]}


def test_a_short_name_after_the_full_one_is_the_same_person():
    found = extract_people([Line(t, 0, len(t)) for t in (
        "Thứ trưởng Bộ Nội vụ Nguyễn Duy Khải phát biểu tại hội nghị.",
        "Kết thúc buổi làm việc, Thứ trưởng Duy Khải đề nghị các sở rà soát lại quy trình.",
    )])
    assert [(p.name, len(p.spans), [q.normalized for q in p.positions]) for p in found] == [
        ("Nguyễn Duy Khải", 2, ["Thứ trưởng Bộ Nội vụ"])]
    # Two full names ending alike: the short form is left alone rather than given to either.
    assert set(people("Ông Trần Văn Hải, Giám đốc Sở Xây dựng, và ông Lê Văn Hải, Giám đốc Sở Y tế, cùng dự.",
                      "Phó Giám đốc Văn Hải cho biết thêm.")) >= {"Trần Văn Hải", "Lê Văn Hải"}


def test_firms_and_newspapers_are_not_people():
    assert people("Ông Phan Văn Hòa Chủ tịch Tập đoàn Hoa Mai (HMG) cho biết.") == {
        "Phan Văn Hòa": ["Chủ tịch Tập đoàn Hoa Mai"]}
    assert people("Tham dự có Tổng Biên tập Báo Người Cao Tuổi và đại diện các sở.") == {}
    assert people("Tổng Giám đốc Euro Travel, ông Martin Klee cho biết khách đã giảm.") == {
        "Martin Klee": ["Tổng Giám đốc Euro Travel"]}
    assert people("Ông Đinh Văn Sơn, Chủ tịch Cty CP đầu tư Thế Giới Số cho biết.") == {
        "Đinh Văn Sơn": ["Chủ tịch Cty CP đầu tư Thế Giới Số"]}
    assert people("Bà Lê Thị Hạnh - Giám đốc công ty Trách nhiệm hữu hạn Vĩnh Tiến cho biết.") == {
        "Lê Thị Hạnh": ["Giám đốc công ty Trách nhiệm hữu hạn Vĩnh Tiến"]}


def test_a_place_of_three_words_and_a_province_with_a_spaced_dash():
    assert people("Theo ông Đỗ Văn Quang, Chi cục trưởng Chi cục Hải quan cửa khẩu sân bay quốc tế Tân Sơn Nhất, "
                  "số vụ vi phạm đã giảm.") == {
        "Đỗ Văn Quang": ["Chi cục trưởng Chi cục Hải quan cửa khẩu sân bay quốc tế Tân Sơn Nhất"]}
    assert people("Chủ tịch Hội Nghệ sĩ nhiếp ảnh (NSNA) Thừa Thiên - Huế cho biết.") == {}


def test_the_post_of_whoever_acts_on_the_person_is_not_the_persons():
    assert people("Tại Quyết định 99/QĐ-TTg, Thủ tướng bổ nhiệm ông Trần Văn Bình, Vụ trưởng Vụ Pháp chế, "
                  "giữ chức Thứ trưởng Bộ Tư pháp.") == {
        "Trần Văn Bình": ["Vụ trưởng Vụ Pháp chế", "Thứ trưởng Bộ Tư pháp"]}
    assert people("Tại buổi lễ, thừa ủy quyền của Chủ tịch nước, Thiếu tướng - Giám đốc Công an tỉnh "
                  "Hồ Văn Cường đã trao Huân chương.") == {"Hồ Văn Cường": ["Thiếu tướng", "Giám đốc Công an tỉnh"]}
    assert people("Thay mặt Đảng ủy Bộ Tư lệnh Cảnh sát biển, Thiếu tướng Lê Quang Đạo chúc mừng.") == {
        "Lê Quang Đạo": ["Thiếu tướng"]}
    assert people("Phát biểu tại hội nghị, Chủ tịch UBND tỉnh ông Nguyễn Văn Ân cho biết.") == {
        "Nguyễn Văn Ân": ["Chủ tịch Ủy ban nhân dân tỉnh"]}


def test_a_post_ends_before_the_sentences_adverbs():
    assert people("Ông Hồ Tường Vân, Giám đốc trung tâm này lại khẳng định điều ngược lại.") == {
        "Hồ Tường Vân": ["Giám đốc trung tâm này"]}
    assert people("Bà Karen Lowe, Tổng Giám đốc Acme Products Việt Nam hơn một lần nhấn mạnh rủi ro.") == {
        "Karen Lowe": ["Tổng Giám đốc Acme Products Việt Nam"]}
    assert people("Ông Hoàng Mạnh Bảo, Chủ tịch Hiệp hội doanh nghiệp nhỏ và vừa tỉnh Bình Phước cho biết.") == {
        "Hoàng Mạnh Bảo": ["Chủ tịch Hiệp hội doanh nghiệp nhỏ và vừa tỉnh Bình Phước"]}


def test_an_english_title_before_a_foreign_name_and_a_deputy_general_director():
    assert people("Ngược lại, Ngoại trưởng Minister Bob Marr khẳng định điều đó.") == {"Bob Marr": ["Ngoại trưởng"]}
    assert people("Ông Tiết Văn Thanh - Phó Tổng Giám đốc Agribank kiêm Trưởng Văn phòng đại diện cho biết.") == {
        "Tiết Văn Thanh": ["Phó Tổng Giám đốc Agribank", "Trưởng Văn phòng đại diện"]}


def test_a_firm_named_after_its_legal_form_is_no_person():
    assert people("Ông Lâm Văn Tuấn, Giám đốc Công ty TNHH Thịnh Hưng (Bến Tre) cho biết.") == {
        "Lâm Văn Tuấn": ["Giám đốc Công ty TNHH Thịnh Hưng"]}
    assert people("Giữ vị trí số một, Công ty TNHH Cân Nhơn Phát tìm đến thị trường mới, Phó Tổng Giám đốc "
                  "cho biết.") == {}
    assert people("Công ty TNHH SX-TM-DV Hiệp Hưng Phát (do ông Châu Văn Dương làm giám đốc) đã xuất hàng.") == {
        "Châu Văn Dương": ["Giám đốc"]}


def test_a_deputy_title_built_on_any_head_and_an_acronym_repeated_after_a_post():
    assert people("Phó Tổng Tư lệnh Quân đội Hoàng gia Somchai Wong nói.") == {
        "Somchai Wong": ["Phó Tổng Tư lệnh Quân đội Hoàng gia"]}
    assert people("Theo TS Trần Ngọc Quý, Phó Giám đốc Trung tâm ABC, Viện Huyết học Trung ương, ABC là một "
                  "liệu pháp mới.") == {"Trần Ngọc Quý": ["Phó Giám đốc Trung tâm ABC, Viện Huyết học Trung ương"]}
    assert people("Ông Nguyễn Viết Minh, Vụ trưởng Vụ Tín dụng, NHNN nhắc lại kiến nghị.") == {
        "Nguyễn Viết Minh": ["Vụ trưởng Vụ Tín dụng, NHNN"]}
    assert people("Bộ trưởng Tài chính Czech Miroslav Kalousek đã điều động xe.") == {
        "Miroslav Kalousek": ["Bộ trưởng Tài chính Czech"]}


def test_posts_before_a_later_name_are_that_names():
    assert people("Trao đổi với Thời báo Kinh tế Sài Gòn Online, Vụ trưởng Vụ Tiền lương, Bộ Lao động Thương binh "
                  "Xã hội Tống Thị Minh cho biết.") == {
        "Tống Thị Minh": ["Vụ trưởng Vụ Tiền lương, Bộ Lao động Thương binh Xã hội"]}
    assert people("Nhận lời mời của Thủ tướng Singapore Lý Hiển Long và Ban tổ chức Đối thoại Shangri-La, Thủ tướng "
                  "Chính phủ Nguyễn Tấn Dũng sẽ tham dự.") == {
        "Lý Hiển Long": ["Thủ tướng Singapore"], "Nguyễn Tấn Dũng": ["Thủ tướng Chính phủ"]}
    assert people("Ngày 1-6, Công ty TNHH Một thành viên Thảo Cầm Viên Sài Gòn tổ chức lễ khánh thành.") == {}


def test_a_parliament_written_with_capitals_and_a_village_chiefs_title():
    assert people("Phó Chủ tịch Quốc Hội Nguyễn Thị Kim Ngân phát biểu.") == {
        "Nguyễn Thị Kim Ngân": ["Phó Chủ tịch Quốc Hội"]}
    assert people("Dưới sự chỉ đạo của Bí thư chi bộ Vũ Xuân Thắng, Trưởng thôn Vũ Quốc Trọng, thôn vẫn giữ đất.") == {
        "Vũ Xuân Thắng": ["Bí thư chi bộ"], "Vũ Quốc Trọng": ["Trưởng thôn"]}


def test_a_title_after_an_honorific_is_no_name_and_a_research_institute_keeps_its_field():
    assert people("Kính gửi: Ông Giám đốc Công an thành phố Hà Nội.") == {}
    assert people("Ông Trần Văn Giám, Giám đốc Sở Y tế, cho biết.") == {"Trần Văn Giám": ["Giám đốc Sở Y tế"]}
    assert people("Ông Lê Văn Minh, Viện trưởng Viện Nghiên cứu lập pháp cho rằng luật cần sửa.") == {
        "Lê Văn Minh": ["Viện trưởng Viện Nghiên cứu lập pháp"]}


def test_a_place_after_o_or_tai_is_no_person_and_a_bare_name_owns_the_posts_before_it():
    found = people("Phát biểu trong buổi họp báo ở Bắc Kinh, Người phát ngôn Bộ Quốc phòng Trung Quốc, "
                   "Cảnh Minh Viễn cho rằng các báo cáo là sai.")
    assert "Bắc Kinh" not in found
    assert all("Cảnh Minh Viễn" not in post for posts in found.values() for post in posts)


def test_a_post_keeps_a_dash_compound_written_in_lower_case():
    assert people("Theo thạc sĩ Nguyễn Thị Lan Anh, Tổ trưởng Tổ văn - sử - địa Trường THPT Trần Phú (Đà Nẵng), "
                  "học sinh cần đọc nhiều hơn.") == {
        "Nguyễn Thị Lan Anh": ["Tổ trưởng Tổ văn - sử - địa Trường THPT Trần Phú"]}
    found = people("Thượng tá Lê Văn Hòa, Trưởng phòng CSGT đường bộ - đường sắt (Công an tỉnh Đồng Nai) "
                   "khẳng định sẽ xử lý nghiêm.")
    assert found["Lê Văn Hòa"][0] == "Thượng tá"
    assert found["Lê Văn Hòa"][1].endswith("đường bộ - đường sắt")


def test_a_post_ends_at_the_adverb_before_ong_and_at_a_word_glued_to_a_province():
    assert people("Trước đó, vị trí Tổng giám đốc từng do ông Trần Văn Bình đảm nhiệm nhưng ông đã từ chức.") == {
        "Trần Văn Bình": ["Tổng Giám đốc"]}
    assert people("Đồng tình với ý kiến trên, ông Trần Văn Hải, Đại biểu Quốc hội tỉnh Nghệ An còn cho rằng "
                  "cần sửa luật sớm.") == {"Trần Văn Hải": ["Đại biểu Quốc hội tỉnh Nghệ An"]}


def test_a_university_of_medicine_is_no_person():
    found = people("Theo ThS Lê Thị Hoa, Phó Trưởng phòng Đào tạo Trường ĐH Y Dược Cần Thơ, trường sẽ tuyển thêm "
                   "200 chỉ tiêu.",
                   "BS Trần Văn Hậu - Giảng viên Khoa Nhi, ĐH Y Hà Nội - Trưởng Khoa Khám, BV Nhi Trung ương cho "
                   "biết trẻ cần được khám sớm.")
    assert found["Lê Thị Hoa"] == ["Phó Trưởng phòng Đào tạo Trường ĐH Y Dược Cần Thơ"]
    assert not [name for name in found if name.startswith("Y ")]


def test_a_post_ends_before_a_time_with_a_demonstrative_and_a_mistagged_verb():
    assert people("Theo ông Peter Hall - Giám đốc an ninh Cảnh sát Biển thời điểm đó cho biết cơn bão đã đổ bộ.") == {
        "Peter Hall": ["Giám đốc an ninh Cảnh sát Biển"]}
    assert people("“Quy hoạch đã bị biến dạng”, ông Lê Văn Tâm, Phó Tổng Giám đốc Cảng SPCT lý giải.") == {
        "Lê Văn Tâm": ["Phó Tổng Giám đốc Cảng SPCT"]}


def test_a_rank_before_a_post_is_a_title_of_its_own_and_a_chief_executive_keeps_his_title():
    assert people("Tôi phải hỏi lại, thượng tá Viện trưởng Nguyễn Văn Long khi được thông báo tin này.") == {
        "Nguyễn Văn Long": ["Thượng tá", "Viện trưởng"]}
    assert people("Ông John Miller, Giám đốc điều hành của Viện Nghiên cứu Chính sách, nói rằng họ đã bị sốc.") == {
        "John Miller": ["Giám đốc điều hành"]}


def test_a_firm_glued_to_the_next_sentence_is_no_person():
    assert people("Ông Mark Evans, Tổng Giám đốc Northwind Bank Việt NamMong muốn lạm phát ổn định ở mức 6%.") == {
        "Mark Evans": ["Tổng Giám đốc Northwind Bank Việt Nam"]}


def test_the_posts_before_ong_and_a_comma_are_the_earlier_persons():
    assert people("Đến dự có ông Trần Văn An - Phó Bí thư thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh, ông Lê Văn Bình "
                  "- Phó Chủ tịch UBND tỉnh và nhiều đại biểu.") == {
        "Trần Văn An": ["Phó Bí thư thường trực Tỉnh ủy", "Chủ tịch Hội đồng nhân dân tỉnh"],
        "Lê Văn Bình": ["Phó Chủ tịch Ủy ban nhân dân tỉnh"]}


def test_a_country_of_any_continent_before_a_foreign_name():
    assert people("Cuộc họp do Tổng thống Ghana John Mensah và Thủ tướng Anh David Cameron đồng chủ trì.") == {
        "John Mensah": ["Tổng thống Ghana"], "David Cameron": ["Thủ tướng Anh"]}


def test_a_dash_before_a_verb_or_a_new_role_ends_the_post():
    assert people("Ông Lê Văn Chức - Phó Chủ tịch Hội Nghệ sĩ sân khấu - tỏ ý bức xúc về việc này.") == {
        "Lê Văn Chức": ["Phó Chủ tịch Hội Nghệ sĩ sân khấu"]}
    assert people("Ông Hồ Văn Tâm, Phó Giám đốc Sở Tài chính - thành viên Ban chỉ đạo cho biết.") == {
        "Hồ Văn Tâm": ["Phó Giám đốc Sở Tài chính"]}
    assert people("Ông Lê Tiến Hải, trưởng phòng kinh doanh Nhà máy Z199 - Tổng cục Hậu cần - đơn vị duy nhất sản "
                  "xuất loại pháo này cho biết.") != {"Lê Tiến Hải": []}


def test_a_commune_named_like_a_person_and_foreign_leaders_listed_by_title():
    assert people("Liên quan đến vụ việc trên, ông Huỳnh Văn Lực - Bí thư Đảng ủy xã Kim Sơn - cho biết sẽ kỷ "
                  "luật.") == {"Huỳnh Văn Lực": ["Bí thư Đảng ủy xã Kim Sơn"]}
    assert people("Nhóm có 27 thành viên với Tổng thống Karl Anders Berg, Tổng thống Ama Kofi Mensah và Thủ tướng "
                  "Anh làm đồng chủ tịch.") == {"Karl Anders Berg": ["Tổng thống"], "Ama Kofi Mensah": ["Tổng thống"]}


def test_a_new_person_with_a_capital_honorific_ends_the_list_of_posts():
    assert people("Tham dự có Ông Peter Short, Giám đốc điều hành Nordcafe, Ông Miguel Ortega, Phó Chủ tịch Hiệp hội "
                  "Cà phê Peru.") == {"Peter Short": ["Giám đốc điều hành Nordcafe"],
                                      "Miguel Ortega": ["Phó Chủ tịch Hiệp hội Cà phê Peru"]}


def test_a_firm_named_after_its_trade_a_domestic_market_and_a_closing_adjective():
    assert people("Ông Lê Chí Liêm, Phó Tổng Giám đốc Công ty CP Kim khí Hồng Hà cho biết thêm.") == {
        "Lê Chí Liêm": ["Phó Tổng Giám đốc Công ty CP Kim khí Hồng Hà"]}
    assert "Phương Đông" not in people("Ông Trần Văn Bảo hiện là Chủ tịch Hội đồng quản trị Công ty chứng khoán "
                                       "Phương Đông và Phó chủ tịch ngân hàng.")
    assert people("Giám đốc Trung tâm y tế Nguyễn Văn An cho biết.") == {"Nguyễn Văn An": ["Giám đốc Trung tâm y tế"]}
    assert people("ông Võ Văn Quyền, Vụ trưởng Vụ Thị trường trong nước (Bộ Công Thương), cho biết.") == {
        "Võ Văn Quyền": ["Vụ trưởng Vụ Thị trường trong nước"]}
    assert people("“Con em đi học phải lội qua ngập tới rốn”, ông Nguyễn Văn Thanh - Phó chủ tịch UBND xã Bình Đông "
                  "bức xúc.") == {"Nguyễn Văn Thanh": ["Phó Chủ tịch Ủy ban nhân dân xã Bình Đông"]}


def test_a_name_after_the_verb_of_a_titled_person_is_not_titled():
    """The post before "Moshe Yaalon tuyên bố" is his; a place after the verb is no person."""
    text = ("Ngay sau đó, Bộ trưởng Quốc phòng Israel Moshe Yaalon tuyên bố Tel Aviv “biết phải làm gì” "
            "nếu Moscow chuyển tên lửa phòng không cho Damascus.")
    assert people(text) == {"Moshe Yaalon": ["Bộ trưởng Quốc phòng Israel"]}


def test_a_body_named_with_a_word_cut_in_two_is_no_person():
    text = "Ông Richard Beilfuss, Chủ tịch Quỹ Bảo vệ sếu quốc tế, cho rằng các nước cần cân nhắc thủy điện."
    assert people(text) == {"Richard Beilfuss": ["Chủ tịch Quỹ Bảo vệ sếu quốc tế"]}


def test_a_word_ending_like_a_school_or_a_street_does_not_hide_the_name_after_it():
    """"Môi trường" is no school, "yêu cầu" no bridge; "xã Quỳnh Bá" is still a commune."""
    assert people("Tại buổi làm việc, Giám đốc Sở Tài nguyên và Môi trường Hà Văn Thắm báo cáo.") == {
        "Hà Văn Thắm": ["Giám đốc Sở Tài nguyên và Môi trường"]}
    assert people("Hội nghị yêu cầu Đinh Văn Khải, Giám đốc Sở Xây dựng giải trình thêm.") == {
        "Đinh Văn Khải": ["Giám đốc Sở Xây dựng"]}
    assert people("Ông Hồ Văn Tư - Bí thư Đảng ủy xã Quỳnh Bá; đến thăm trường Lê Quý Đôn.") == {
        "Hồ Văn Tư": ["Bí thư Đảng ủy xã Quỳnh Bá"]}


def test_a_unit_named_in_lower_case_after_its_head_stays_in_the_post():
    """pyvi reads "Trưởng phòng" as one word; the unit's name after it is the post's, the
    reporting verb after that the sentence's."""
    assert people("Theo TS Lâm Văn Cường, Trưởng phòng giám sát an toàn thực phẩm (Chi cục An toàn thực phẩm),"
                  " việc lấy mẫu sẽ làm hằng tháng.") == {
        "Lâm Văn Cường": ["Trưởng phòng giám sát an toàn thực phẩm"]}
    assert people("Bà Ngô Thị Hằng, Trưởng phòng nói rằng công trình sẽ xong trong tháng.") == {
        "Ngô Thị Hằng": ["Trưởng phòng"]}


def test_a_post_that_holds_another_persons_name_is_that_persons():
    """The rank after "Interfax Moscow," is the colonel's; the post before "Davos Forum" is the
    Prime Minister's: neither run is a person."""
    assert people("Trả lời phỏng vấn Interfax Moscow, Đại tá Sergei Ivanov nhấn mạnh: cuộc diễn tập sẽ kéo dài.") == {
        "Sergei Ivanov": ["Đại tá"]}
    assert people("Đoàn cảm ơn Thủ tướng Lý Hiển Long và Ban tổ chức Diễn đàn Davos Forum lần thứ 5 đã mời.") == {
        "Lý Hiển Long": ["Thủ tướng"]}


def test_a_hamlet_after_its_head_is_no_person_but_a_head_with_a_surname_is():
    assert people("Theo ông Trần Văn Sáu, Trưởng ấp Tân Lập, nước sạch đã về tới từng nhà.") == {
        "Trần Văn Sáu": ["Trưởng ấp Tân Lập"]}
    assert people("Trưởng thôn Đinh Văn Lực cho biết nước sạch đã về.") == {"Đinh Văn Lực": ["Trưởng thôn"]}


def test_a_faculty_named_in_lower_case_after_khoa_stays_in_the_post():
    assert people("Bà Đào Thị Hạnh, trưởng Khoa kiểm soát nhiễm khuẩn, Bệnh viện Đa khoa tỉnh cho biết thêm.") == {
        "Đào Thị Hạnh": ["Trưởng Khoa kiểm soát nhiễm khuẩn, Bệnh viện Đa khoa tỉnh"]}


def test_a_foreign_leader_after_a_country_before_another_person_keeps_the_post():
    """"Thủ tướng Úc Julia Gillard, ông Lý Khắc Cường …": the post is hers, not his."""
    assert people("Trong cuộc gặp Thủ tướng Úc Julia Gillard, ông Lý Khắc Cường khẳng định lập trường.") == {
        "Julia Gillard": ["Thủ tướng Úc"], "Lý Khắc Cường": []}


def test_a_firm_or_cooperative_named_after_its_trade_is_no_person():
    assert people("Ông Lưu Văn Chín, Giám đốc Công ty TNHH Thương mại dịch vụ Hưng Thịnh mở thêm đại lý.") == {
        "Lưu Văn Chín": ["Giám đốc Công ty TNHH Thương mại dịch vụ Hưng Thịnh"]}
    assert people("Anh Lê Văn Tư – Phó Chủ nhiệm Hợp tác xã Bưởi da xanh Phú Hưng cho biết: giá tăng.") == {
        "Lê Văn Tư": ["Phó Chủ nhiệm Hợp tác xã Bưởi da xanh Phú Hưng"]}


def test_a_unit_named_by_a_common_word_after_its_head_runs_on_in_lower_case():
    assert people("Ông Trịnh Văn Hiếu, Giám đốc Phát triển kinh doanh ngành hàng gia dụng, cho biết giá giảm.") == {
        "Trịnh Văn Hiếu": ["Giám đốc Phát triển kinh doanh ngành hàng gia dụng"]}
    assert people("Ông Lê Văn Ba, Giám đốc Viettel tiết lộ kế hoạch mở rộng.") == {"Lê Văn Ba": ["Giám đốc Viettel"]}


def test_a_firm_named_after_a_unit_of_it_is_no_person():
    """"Giám đốc nhóm kinh doanh" then the firm's name: the firm is part of her post."""
    got = people("Bà Emily Chen, Giám đốc nhóm kinh doanh Lenovo Mobile khu vực Đông Nam Á cho biết kế hoạch.")
    assert list(got) == ["Emily Chen"]


def test_a_camel_case_brand_is_no_glued_sentence():
    """"MobiFone" is one name; "Long AnTheo kế hoạch" is a sentence glued on by a crawl."""
    assert people("Tại buổi làm việc, ông Lê Ngọc Minh - Chủ tịch MobiFone cho biết giá cước giảm.") == {
        "Lê Ngọc Minh": ["Chủ tịch MobiFone"]}
    assert people("Dự có ông Lê Văn An, Giám đốc Sở Công Thương Long AnTheo kế hoạch hội nghị kéo dài.") == {
        "Lê Văn An": ["Giám đốc Sở Công Thương Long An"]}


def test_a_place_or_body_inside_the_post_of_a_named_person_is_no_person():
    """A surname marks the person; the run at the end of her post is the hospital's or the
    district's name, not a second person."""
    assert people("Theo BS. Võ Thị Hạnh, Trưởng khoa Nhi Bệnh viện Đa khoa Hoàn Mỹ, trẻ cần ngủ đủ giấc.") == {
        "Võ Thị Hạnh": ["Trưởng khoa Nhi Bệnh viện Đa khoa Hoàn Mỹ"]}
    assert people("Anh Đặng Văn Thịnh, Bí thư huyện Đoàn Yên Thành cho biết, phong trào đã lan rộng.") == {
        "Đặng Văn Thịnh": ["Bí thư huyện Đoàn Yên Thành"]}
    assert people("Ông Lý Văn Hòa, Phó Giám đốc Sở Giao thông - Vận tải Bà Rịa Vũng Tàu cho biết thêm.") == {
        "Lý Văn Hòa": ["Phó Giám đốc Sở Giao thông - Vận tải Bà Rịa Vũng Tàu"]}


def test_an_envoy_after_a_country_spelt_with_y():
    assert people("Phát biểu tại hội thảo, Đại sứ Thụy Sỹ tại Việt Nam Beat Müller khẳng định hợp tác.") == {
        "Beat Müller": ["Đại sứ Thụy Sỹ tại Việt Nam"]}


def test_a_bank_in_camel_case_and_a_firm_named_like_a_two_word_name():
    assert people("Ông Quách Văn Lộc - Chủ tịch HĐQT SeaA Bank xác nhận hai bên đang trao đổi.") == {
        "Quách Văn Lộc": ["Chủ tịch HĐQT SeaA Bank"]}
    assert people("Ông Lê Hữu Tài, Tổng giám đốc Công ty Địa ốc Phạm Gia cũng bày tỏ băn khoăn.") == {
        "Lê Hữu Tài": ["Tổng Giám đốc Công ty Địa ốc Phạm Gia"]}


def test_a_bylines_initial_glued_to_a_post_is_cut_off():
    assert people("Ông Lê Văn Sáu, Tổng Thư ký Hiệp hội Cà phê Việt NamH.LAN - T.MAI ghi") == {
        "Lê Văn Sáu": ["Tổng Thư ký Hiệp hội Cà phê Việt Nam"]}


def test_the_post_a_reporter_addresses_is_not_the_next_persons():
    assert people("Thưa Thứ trưởng, Chủ tịch nước Trương Văn Lâm đã khẳng định rất rõ lập trường.") == {
        "Trương Văn Lâm": ["Chủ tịch nước"]}
