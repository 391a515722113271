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
