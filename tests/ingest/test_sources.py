"""The outlet of an article: the news page's outlet line, a "Theo" credit, an agency byline glued to a
one-line body, the lead marker, a reporter of the paper named in the body, a domain."""
from archive.ingest.extract import as_record, extract
from archive.ingest.extract.places import reporter_outlet

BODY = ("Tại buổi làm việc, đồng chí Trần Văn Minh đề nghị các sở, ngành tập trung tháo gỡ khó khăn, đẩy "
        "nhanh tiến độ giải ngân vốn đầu tư công và chuẩn bị tốt các điều kiện cho năm học mới")


def _source(raw):
    return as_record(extract(raw, "x.txt"))["source"]


def test_outlet_line_of_a_news_page_is_the_source():
    raw = ("Tỉnh ủy Bến Tre sơ kết 6 tháng đầu năm\n"
           "(NLĐO) - Ngày 3/7, Tỉnh ủy Bến Tre tổ chức hội nghị sơ kết công tác 6 tháng đầu năm.\n"
           + BODY + ".Hoàng Phúc\n04/07/13 09:15 GMT+7\nXã hội\nBến Tre,Tỉnh ủy,Sơ kết,Đầu tư công\nNgười Lao Động\n")
    record = as_record(extract(raw, "x.txt"))
    assert record["source"] == "Người Lao Động"
    assert record["authors"] == ["Hoàng Phúc"]
    assert record["title"] == "Tỉnh ủy Bến Tre sơ kết 6 tháng đầu năm"


def test_theo_credit_names_the_source():
    raw = "Hội nghị Ban Chấp hành Đảng bộ tỉnh Trà Vinh lần thứ 12\n" + BODY + ". Theo Báo Trà Vinh\n"
    assert _source(raw) == "Báo Trà Vinh"
    raw = "Bộ Y tế làm việc với tỉnh Ninh Thuận\n" + BODY + ". Theo Thanh Bình/Ninhthuantv.vn\n"
    record = as_record(extract(raw, "x.txt"))
    assert record["source"] == "Ninhthuantv.vn" and record["authors"] == ["Thanh Bình"]


def test_agency_tag_glued_to_a_one_line_body_names_the_source():
    raw = "Khai mạc kỳ họp thứ 6 HĐND tỉnh Yên Bái\n" + BODY + ". Quang Huy - Minh Thư (TTXVN) \n"
    record = as_record(extract(raw, "x.txt"))
    assert record["source"] == "TTXVN" and record["authors"] == ["Quang Huy", "Minh Thư"]


def test_agency_tag_on_a_byline_line_of_its_own_is_not_the_source():
    raw = "Khai mạc kỳ họp thứ 6 HĐND tỉnh Yên Bái\n" + BODY + ".\nQuang Huy (TTXVN)\n"
    record = as_record(extract(raw, "x.txt"))
    assert record["source"] is None and record["authors"] == ["Quang Huy"]


def test_reporter_of_a_paper_named_in_the_body():
    assert reporter_outlet("Để làm rõ, PV Tiền Phong đã liên hệ với ông B. Báo Tiền Phong đã phản ánh.")[0] \
        == "Báo Tiền Phong"
    assert reporter_outlet("PV Nguyễn An hỏi ông B.") is None  # no "Báo Nguyễn An": a person, not a paper
