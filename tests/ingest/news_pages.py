# ruff: noqa: E501 (the page templates read best as the HTML they write, one element a line)
"""The golden test articles (tests/data/articles) laid out as news pages of three site templates.

Each template is our own design, after the common shapes of Vietnamese provincial news sites: a
party newspaper (header with clock and menu, ``<article>`` with a sapo, figures with captions, a
byline paragraph, related news), a provincial portal (breadcrumb, table layout, JSON-LD metadata,
captions in table cells, "Tác giả:" line) and a magazine-like page (Open Graph tags, ``<time>``,
inline scripts and ads, comments). The article's own blocks come from its text file: what stands
before the headline goes to the page header, what follows the byline to the related-news box, so
the page holds the same words as the file. Helpers for tests only; must never be read by the
ingest itself.
"""
import html
import json
import re
import unicodedata

_FURNITURE = re.compile(r"^(?:>>|Chia sẻ|Tin cùng chuyên mục|TIN LIÊN QUAN|Bình luận|BÌNH LUẬN|Quảng cáo)", re.I)
_CAPTION = re.compile(r"(?:Ảnh|ẢNH)\s{0,2}:", re.I)


def _is_caption(i, paragraph):
    """Whether the i-th body paragraph is a photo's caption (every template sets those apart)."""
    if len(paragraph) > 300:  # a crawl's one-line body, with captions run into its sentences
        return False
    return bool(_CAPTION.search(paragraph)) or (len(paragraph) < 140 and not paragraph.endswith((".", ";", ":"))
                                                and i > 0)
SLUG_RE = re.compile(r"[^a-z0-9]+")
_TRAILER_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{2}\s+\d{1,2}:\d{2}\s+GMT[+-]\d{1,2}")


def _blocks(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [b.strip() for b in text.split("\n") if b.strip()]


def layout(text, gold):
    """(before, title, stamp, body, byline, after) of an article text, or None when its headline
    is not a block of its own or it ends with a news aggregator's trailer (date line, section, tags,
    outlet: a page shows those as links and logos, not text). A byline glued to the last sentence
    stays there (byline ""), as a page that prints it so."""
    blocks = _blocks(text)
    title = unicodedata.normalize("NFC", gold["title"])
    try:
        at = next(i for i, b in enumerate(blocks) if unicodedata.normalize("NFC", " ".join(b.split())) == title)
    except StopIteration:
        return None
    if any(_TRAILER_DATE.fullmatch(b) for b in blocks[at + 1:]):
        return None  # an aggregator's trailer under the body
    authors = [a.casefold() for a in gold.get("authors") or []]
    by = None
    for i in range(len(blocks) - 1, at, -1):
        if authors and all(a in unicodedata.normalize("NFC", blocks[i]).casefold() for a in authors):
            by = i
            break
    if authors and (by is None or len(blocks[by]) > 80):
        by = None  # glued to the last sentence (a crawl's one-line body), or not printed
    by = len(blocks) if by is None else by
    body = blocks[at + 1:by]
    stamp = ""
    if body and re.fullmatch(r"[\d/:\s\-|,()A-Za-zÀ-ỹ+]{8,40}", body[0]) and re.search(r"\d{1,2}/\d{1,2}/\d{4}", body[0]):
        stamp, body = body[0], body[1:]
    if not stamp:  # a stamp above the headline: the page shows it with the article
        for i, b in enumerate(blocks[:at]):
            if re.search(r"\d{1,2}/\d{1,2}/\d{4}", b) and len(b) <= 60 and (
                    not re.search(r"\(GMT", b) or re.match(r"(?:Cập nhật|Ngày đăng)", b)):
                stamp = blocks.pop(i)
                at -= 1
                by -= 1
                break
    body = [b for b in body if not _FURNITURE.match(b)]
    return blocks[:at], title, stamp, body, blocks[by] if by < len(blocks) else "", blocks[by + 1:]


def host_of(text, default):
    """The outlet's own host when the text names one (a saved page's address is on its site)."""
    from archive.ingest import gazetteer

    low = text.lower()
    for paper in gazetteer.NEWSPAPERS:
        for domain in paper.domains:
            if re.search(r"(?<![\w.])" + re.escape(domain.lower()) + r"(?![\w])", low):
                return domain.lower()
    return default


def _e(s):
    return html.escape(s, quote=True)


def _iso(gold):
    return gold["published"] + "T08:00:00+07:00" if gold.get("published") else ""


def _slug(title):
    import unicodedata

    ascii_ = unicodedata.normalize("NFKD", title.replace("đ", "d").replace("Đ", "D")).encode("ascii", "ignore")
    return SLUG_RE.sub("-", ascii_.decode().lower()).strip("-")[:60]


def party_paper(parts, gold, host="baotinhnha.example"):
    before, title, stamp, body, byline, after = parts
    url = f"https://{host}/thoi-su/{_slug(title)}-{len(title)}.html"
    paras = []
    for i, b in enumerate(body):
        if _is_caption(i, b):
            paras.append(f'<figure class="image"><img src="/anh/{i}.jpg" alt=""><figcaption>{_e(b)}</figcaption></figure>')
        elif i == 0:
            paras.append(f'<p class="sapo"><strong>{_e(b)}</strong></p>')
        else:
            paras.append(f"<p>{_e(b)}</p>")
    authors = "; ".join(gold["authors"])
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>{_e(title)} - Báo Tỉnh Nhà điện tử</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="author" content="{_e(authors)}">
{f'<meta property="article:published_time" content="{_iso(gold)}">' if gold.get("published") else ""}
<link rel="canonical" href="{url}">
<link rel="stylesheet" href="/css/site.css">
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
</head><body class="detail">
<header class="site-header"><div class="top">{"".join(f"<span>{_e(b)}</span>" for b in before)}</div>
<nav class="menu"><ul><li><a href="/">Trang chủ</a></li><li><a href="/thoi-su">Thời sự</a></li><li><a href="/kinh-te">Kinh tế</a></li><li><a href="/xa-hoi">Xã hội</a></li></ul></nav></header>
<div class="container"><div class="main-col">
<article class="detail-article">
<h1 class="article-title">{_e(title)}</h1>
{f'<div class="meta"><time datetime="{_iso(gold)}">{_e(stamp)}</time></div>' if stamp else ""}
<div class="article-content">
{chr(10).join(paras)}
{f'<p class="author">{_e(byline)}</p>' if byline else ""}
</div></article>
<div class="share">Chia sẻ: <a href="#">Facebook</a> <a href="#">Zalo</a></div>
</div>
<aside class="related"><h3>Tin cùng chuyên mục</h3><ul>{"".join(f'<li><a href="/tin/{i}.html">{_e(b[:120])}</a></li>' for i, b in enumerate(after))}</ul></aside>
</div>
<footer><p>Cơ quan chủ quản: Tỉnh ủy. Giấy phép số 00/GP-BTTTT.</p></footer>
</body></html>"""


def portal(parts, gold, host="cong-thong-tin.example"):
    before, title, stamp, body, byline, after = parts
    url = f"https://{host}/tin-tuc/{_slug(title)}"
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title, "mainEntityOfPage": url,
          "author": [{"@type": "Person", "name": a} for a in gold["authors"]]}
    if gold.get("published"):
        ld["datePublished"] = _iso(gold)
    rows = []
    for i, b in enumerate(body):
        if _is_caption(i, b):
            rows.append(f'<table class="image-box" align="center"><tr><td><img src="/Uploads/{i}.jpg"></td></tr>'
                        f'<tr><td class="caption"><em>{_e(b)}</em></td></tr></table>')
        else:
            rows.append(f'<p style="text-align: justify;">{_e(b)}</p>')
    # Saved with a browser's "Save page as…", which notes the address the page came from.
    return f"""<!-- saved from url=({len(url):04d}){url} -->
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Cổng thông tin điện tử tỉnh - {_e(title)}</title>
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
</head><body>
<div id="banner"><img src="/banner.png" alt="Cổng thông tin điện tử"></div>
<div class="breadcrumb"><a href="/">Trang chủ</a> &gt; <a href="/tin-tuc">Tin tức - Sự kiện</a> &gt; Hoạt động của lãnh đạo tỉnh</div>
<table width="100%"><tr><td class="left-menu" width="200"><ul><li><a href="/gioi-thieu">Giới thiệu</a></li><li><a href="/van-ban">Văn bản</a></li><li><a href="/thu-tuc">Thủ tục hành chính</a></li></ul></td>
<td class="content">
<div class="news-detail">
<div class="title-news"><h2>{_e(title)}</h2></div>
<div class="date-news">{_e(stamp) if stamp else "Cập nhật"}</div>
<div class="content-news">
{chr(10).join(rows)}
{f'<p style="text-align: right;"><strong>{"" if ":" in byline else "Tác giả: "}{_e(byline)}</strong></p>' if byline else ""}
</div></div>
<div class="other-news"><div class="title">TIN TỨC LIÊN QUAN</div>{"".join(f'<div class="item"><a href="/tin-tuc/{i}">{_e(b[:120])}</a></div>' for i, b in enumerate(after))}</div>
</td></tr></table>
<div class="footer">{"".join(f"<p>{_e(b)}</p>" for b in before)}<p>Bản quyền thuộc Ủy ban nhân dân tỉnh.</p></div>
</body></html>"""


def magazine(parts, gold, host="tapchi-tinh.example"):
    before, title, stamp, body, byline, after = parts
    url = f"https://{host}/{_slug(title)}-post{len(body)}.html"
    chunks = []
    for i, b in enumerate(body):
        if _is_caption(i, b):
            chunks.append(f'<div class="VCSortableInPreviewMode" type="Photo"><div><img src="/p/{i}.jpg"></div>'
                          f'<div class="PhotoCMS_Caption"><p>{_e(b)}</p></div></div>')
        else:
            chunks.append(f"<p>{_e(b)}</p>")
        if i == 2:
            chunks.append('<div class="ads"><script>document.write("<b>Quảng cáo</b>")</script></div>')
    return f"""<!doctype html><html lang="vi" prefix="og: https://ogp.me/ns#"><head>
<meta charset="UTF-8">
<meta property="og:type" content="article">
<meta property="og:title" content="{_e(title)}">
<meta property="og:url" content="{url}">
<meta name="author" content="{_e("; ".join(gold["authors"]))}">
<title>{_e(title)} | Tạp chí Tỉnh</title>
<style>.ads{{min-height:250px}}</style>
</head><body>
<div class="header"><a class="logo" href="/">Tạp chí Tỉnh</a>{"".join(f'<div class="clock">{_e(b)}</div>' for b in before)}</div>
<main>
<div class="detail-top"><h1 class="detail-title">{_e(title)}</h1>
<div class="detail-time">{f'<time datetime="{_iso(gold)}" pubdate>{_e(stamp)}</time>' if stamp else ""}</div></div>
<div class="detail-content afcbc-body">
{chr(10).join(chunks)}
{f'<p class="detail-author" style="text-align:right"><b>{_e(byline)}</b></p>' if byline else ""}
</div>
<section class="comments"><h3>Bình luận</h3><form><textarea></textarea><button>Gửi</button></form></section>
<section class="box-related">{"".join(f'<article><h4><a href="/r{i}.html">{_e(b[:120])}</a></h4></article>' for i, b in enumerate(after))}</section>
</main>
<footer>© Tạp chí Tỉnh</footer>
</body></html>"""


TEMPLATES = {"party_paper": party_paper, "portal": portal, "magazine": magazine}
