"""A saved news page (HTML bytes) → the article's text, with its title, date, authors and URL.

The main text, title and author come from trafilatura, the publication date from the page's
markup through htmldate (meta tags, ``<time>``, JSON-LD, the URL; never a date read in the
running text, which the extractor reads itself); this module only decodes the bytes (BOM, the
transport's charset, UTF-8 when the bytes are UTF-8 whatever the page declares, the declared
charset, Windows-1258), turns figure captions into paragraphs (trafilatura drops figures, and
captions name people), and lays the result out with ``compose``. A page that is not one article
(a list, a home page, an error page) is refused with the reason. Must never render, run or
fetch anything the page refers to, nor strip tags by hand. Pure: no Django, no network.
"""
import codecs
import datetime as dt
import re
import unicodedata

import htmldate
import lxml.etree
import lxml.html
import trafilatura

from archive.ingest.read import UnreadableFile, _legacy_guess, _mostly_text, sha256_of, vietnamese_share
from archive.ingest.sources import Decoded, compose

# A saved article page with its inline scripts and styles is a few hundred kilobytes; pages with
# images inlined as data: URLs reach a few megabytes. Past this it is not one article page.
MAX_PAGE_BYTES = 8 * 1024 * 1024
# Less main text than this is a teaser, a list of headlines or an error page, not a report.
MIN_TEXT_CHARS = 300
MIN_PARAGRAPHS = 2  # of at least LONG_PARAGRAPH characters
LONG_PARAGRAPH = 60
LINKED_SHARE = 0.5  # of the main text in links: past it, a list of headlines
ONE_PARAGRAPH = 400  # or one paragraph this long (a crawl's one-line body)
# lxml builds a tree of every element; a page of more nodes than this is a crawl dump, not a page.
MAX_ELEMENTS = 200_000

_META_CHARSET_RE = re.compile(rb"<meta[^>]{0,300}?charset\s{0,4}=\s{0,4}[\"']?\s{0,4}([A-Za-z0-9_:.\-]{1,40})", re.I)
# What a browser's "Save page as…" writes at the top of the file: the address the page came from.
_SAVED_FROM_RE = re.compile(r"<!--\s{0,4}saved from url=\(\d{1,5}\)(https?://[^\s<>\"]{1,1000}?)\s{0,4}-->", re.I)
_ERROR_TITLE_RE = re.compile(
    r"\b(?:404|403|500|not found|page not found|không tìm thấy|trang không tồn tại|lỗi)\b", re.I)
_BLOCKS = ("head", "p", "item", "cell", "quote", "code")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _codec(name):
    try:
        return codecs.lookup(name.decode("ascii", "replace") if isinstance(name, bytes) else name).name
    except LookupError:
        return None


def decode_html(data, http_charset=None):
    """(text, encoding) of a page's bytes: which charset is believed is said in the module's docstring."""
    if len(data) > MAX_PAGE_BYTES:
        raise UnreadableFile(f"the page is {len(data) / 1048576:.1f} MB; a saved article page is at most "
                             f"{MAX_PAGE_BYTES // 1048576} MB — is it one article?")
    if not data.strip():
        raise UnreadableFile("the page is empty")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise UnreadableFile(f"not valid {enc} (byte {exc.start})") from None
    if b"\x00" in data[:65536]:
        raise UnreadableFile("binary content (NUL bytes), not a web page")
    try:
        # Valid UTF-8 with non-ASCII letters is UTF-8 whatever a meta tag claims: a page saved or
        # re-encoded by a crawler keeps its old declaration, and no legacy text is valid UTF-8 by chance.
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = [c for c in (_codec(http_charset) if http_charset else None,
                            *(_codec(m.group(1)) for m in [_META_CHARSET_RE.search(data[:8192])] if m)) if c]
    for enc in dict.fromkeys([*declared, "cp1258"]):
        if enc.startswith("utf"):
            continue
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        composed = unicodedata.normalize("NFC", text)
        if vietnamese_share(composed) >= 0.9:
            return text, enc
    legacy = _legacy_guess(data)
    if legacy:
        raise UnreadableFile(f"the page's text looks like the legacy {legacy} font encoding; "
                             "save it as UTF-8 and ingest it again")
    said = f" (it declares {', '.join(declared)})" if declared else ""
    raise UnreadableFile(f"cannot tell the page's character set{said}: not UTF-8 and not Vietnamese "
                         "in the charset it declares or in Windows-1258; save it as UTF-8")


def _tree(text):
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, huge_tree=False)
    try:
        tree = lxml.html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise UnreadableFile(f"not a web page lxml can read: {exc}") from None
    count = 0
    for count, _ in enumerate(tree.iter(), 1):
        if count > MAX_ELEMENTS:
            raise UnreadableFile(f"the page has more than {MAX_ELEMENTS:,} elements; not one article page")
    # trafilatura leaves out figures and their captions; a caption names who speaks, so it is kept
    # as a paragraph where it stands (the image itself is not text).
    for fig in tree.iter("figure"):
        fig.tag = "div"
    for cap in tree.iter("figcaption"):
        cap.tag = "p"
    return tree


def _paragraphs(body):
    for el in body.iter(*_BLOCKS):
        if next(el.iterdescendants(*_BLOCKS), None) is not None:
            continue  # a cell or quote of paragraphs: read paragraph by paragraph
        text = " ".join("".join(el.itertext()).split())
        if text:
            yield text


def _published(tree, url):
    try:
        found = htmldate.find_date(tree, url=url, outputformat="%Y-%m-%dT%H:%M:%S%z", original_date=True,
                                   extensive_search=False)
    except Exception:  # htmldate's own bugs on odd markup: the extractor still reads the stamp line
        return None
    if not found:
        return None
    try:
        when = dt.datetime.strptime(found, "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        try:
            when = dt.datetime.strptime(found[:19], "%Y-%m-%dT%H:%M:%S")
        except ValueError:
            return None
    return when


def _authors(value):
    if not value:
        return []
    names = [" ".join(a.split()) for a in re.split(r"\s{0,3}[;|]\s{0,3}", value[:500])]
    return [n for n in dict.fromkeys(names) if n]


def read_page(text, url=None):
    """(title, published, paragraphs, authors, url) of a decoded page; UnreadableFile when it is
    not one article."""
    tree = _tree(text)
    doc = trafilatura.bare_extraction(tree, url=url, include_comments=False, include_tables=True,
                                      with_metadata=True, deduplicate=False)
    title = " ".join((doc.title or "").split()) if doc else ""
    if doc is None or doc.body is None:
        raise UnreadableFile("no main text found: a list, home or error page, not an article")
    if title and _ERROR_TITLE_RE.search(title) and len(title) < 120:
        raise UnreadableFile(f"an error page (“{title[:80]}”), not an article")
    paragraphs = list(_paragraphs(doc.body))
    long = [p for p in paragraphs if len(p) >= LONG_PARAGRAPH]
    size = sum(map(len, paragraphs))
    if size < MIN_TEXT_CHARS or (len(long) < MIN_PARAGRAPHS and max(map(len, paragraphs)) < ONE_PARAGRAPH):
        raise UnreadableFile(f"the page's main text is {size} characters in {len(long)} paragraph(s) of "
                             "a sentence or more: a list, home or error page, not an article")
    linked = _linked_chars(tree, paragraphs)
    if linked > LINKED_SHARE * size:
        raise UnreadableFile(f"{linked} of the {size} characters of the page's main text are links' text: "
                             "a list or home page, not an article")
    saved_from = _SAVED_FROM_RE.search(text[:4096])
    page_url = doc.url if doc.url and doc.url.startswith(("http://", "https://")) else ""
    page_url = page_url or (saved_from.group(1) if saved_from else "") or (url or "")
    authors = _authors(doc.author) or _authors(_meta_author(tree))
    return title, _published(tree, page_url or None), paragraphs, authors, page_url


def _linked_chars(tree, paragraphs):
    """How many characters of the main text are the text of links (a list of headlines is nearly all)."""
    joined = "\n".join(paragraphs)
    total = 0
    for anchor in tree.iter("a"):
        text = " ".join("".join(anchor.itertext()).split())
        if len(text) >= 8 and text in joined:
            total += len(text)
    return total


def _meta_author(tree):
    """The page's own author meta tag, when trafilatura's checks of a name turned it down: a news
    site's "PV" (the desk's reporter) or an agency's initials are bylines all the same."""
    for meta in tree.iterfind(".//meta"):
        if (meta.get("name") or meta.get("property") or "").lower() in ("author", "article:author", "dc.creator"):
            value = (meta.get("content") or "").strip()
            if value and not value.startswith(("http://", "https://")):
                return value
    return ""


def decode_page(data, given=None, http_charset=None):
    """Decoded article of a saved page's bytes (the page itself kept as its original)."""
    given = given or {}
    text, encoding = decode_html(data, http_charset or given.get("charset"))
    if not _mostly_text(text):
        raise UnreadableFile("binary content (control bytes), not a web page")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    title, published, paragraphs, authors, url = read_page(text, given.get("url"))
    # The address a page was fetched from is its identity and canonical link (its own may be a mirror's).
    url = given.get("url") or url
    article, values = compose(title=title, published=published, paragraphs=paragraphs, authors=authors, url=url)
    values.update({k: given[k] for k in ("fetched_url", "fetched") if given.get(k)})
    return Decoded(text=article, sha256=sha256_of(data), encoding=encoding, original=text,
                   media_type="text/html", given=values)
