"""Saved pages and exports written for the input tests: an article of our own (invented people)
in a news page, and the pages that are not articles. Helpers for tests only."""
import html

TITLE = "Hội nghị Ban Chấp hành Đảng bộ tỉnh Hà Nam lần thứ 12 bàn nhiệm vụ năm 2025"
PARAGRAPHS = [
    "(Báo Hà Nam) - Sáng 20/12, tại Trung tâm Hội nghị tỉnh, Ban Chấp hành Đảng bộ tỉnh Hà Nam khóa XX tổ chức "
    "Hội nghị lần thứ 12 để đánh giá kết quả thực hiện nhiệm vụ năm 2024, bàn phương hướng năm 2025.",
    "Đồng chí Trương Minh Khôi, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy chủ trì hội nghị. Cùng dự có đồng chí "
    "Lương Thị Thu Trang, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh.",
    "Báo cáo tại hội nghị cho biết, năm 2024 tăng trưởng kinh tế của tỉnh ước đạt 8,1%; thu ngân sách đạt 7.200 "
    "tỷ đồng. Hội nghị quán triệt Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị.",
    "Phát biểu kết luận, Bí thư Tỉnh ủy Trương Minh Khôi yêu cầu các cấp ủy tập trung hoàn thành các chỉ tiêu.",
]
AUTHOR = "Ngọc Diệp"


def article_page(*, title=TITLE, paragraphs=PARAGRAPHS, author=AUTHOR, charset="utf-8",
                 published="2024-12-20T16:30:00+07:00", url="https://baohanam.example/thoi-su/hoi-nghi-12.html",
                 extra_head="", extra_body="", byline_apart=True):
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    byline = f'<p class="author">{html.escape(author)}</p>' if byline_apart else ""
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="{charset}"><title>{html.escape(title)}</title>
<meta property="article:published_time" content="{published}">
<meta name="author" content="{html.escape(author)}">
<link rel="canonical" href="{url}">{extra_head}
<script>document.title = "<p>Không phải nội dung</p>"; var ads = ["Quảng cáo"];</script>
</head><body><header><nav><a href="/">Trang chủ</a> · <a href="/thoi-su">Thời sự</a></nav></header>
<article><h1>{html.escape(title)}</h1>
<div class="content">{body}
{byline}</div></article>{extra_body}
<footer>Báo điện tử tỉnh</footer></body></html>"""


def list_page():
    items = "\n".join(f'<li><a href="/tin/{i}.html">Tin số {i}: hội nghị của huyện {i}</a> <span>20/12/2024</span></li>'
                      for i in range(40))
    return f"""<html><head><meta charset="utf-8"><title>Thời sự - Báo tỉnh</title></head>
<body><h1>Thời sự</h1><ul class="list-news">{items}</ul><div class="paging"><a href="?p=2">2</a></div></body></html>"""


def error_page():
    return """<html><head><meta charset="utf-8"><title>404 - Không tìm thấy trang</title></head>
<body><h1>Không tìm thấy trang</h1><p>Trang bạn tìm không tồn tại hoặc đã bị xóa. Mời bạn quay lại trang chủ
để đọc các tin mới nhất của báo, hoặc dùng ô tìm kiếm ở đầu trang để tìm bài viết.</p></body></html>"""
