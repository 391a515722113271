"""What a reader asked for: the search parameters, validated from a request's query string.

Problems are reported in ``errors`` (in Vietnamese, naming the parameter), never raised, so that
a bad parameter costs only itself. A dataclass rather than a Django form: the page, the JSON API,
the CSV export and the feeds all read one ``QueryDict`` the same way, repeated values (several
provinces) included, and nothing here renders a form. Must never know an engine or a query syntax.
"""
import datetime as dt
import re
from dataclasses import dataclass, field

from archive.search.facets import FACETS

SORTS = ("relevance", "newest", "oldest")
PAGE_SIZE = 20  # articles per page of results, and of every reader page's list of articles
MAX_QUERY = 300
# Words (syllables, codes) of a query read: each common one costs a pass over its postings, and no
# reader's question needs more (a full meeting title is about 15).
MAX_QUERY_WORDS = 24
MAX_PAGE = 500
MAX_FILTER_VALUES = 5
DATE_RANGE = (dt.date(1900, 1, 1), dt.date(2100, 12, 31))
_SLUG_RE = re.compile(r"[a-z0-9-]{1,200}")


@dataclass
class SearchParams:
    q: str = ""
    filters: dict = field(default_factory=dict)  # facet -> [slug, …]
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = "relevance"
    page: int = 1
    errors: list = field(default_factory=list)
    field_errors: dict = field(default_factory=dict)  # parameter -> its message (also in errors)
    dates_swapped: bool = False  # from was after to: the range was read the other way round

    @property
    def general_errors(self):
        """The messages not shown beside a form field."""
        return [e for e in self.errors if e not in self.field_errors.values()]

    @classmethod
    def from_querydict(cls, data):
        """Validate request parameters; problems are reported in .errors, never raised."""
        params, errors = cls(), []
        q = "".join(ch for ch in data.get("q", "") if ch.isprintable() or ch in " \t")
        if len(q) > MAX_QUERY:
            errors.append(f"Từ khóa dài quá {MAX_QUERY} ký tự nên đã được cắt ngắn.")
            q = q[:MAX_QUERY]
        words = q.split()
        if len(words) > MAX_QUERY_WORDS:
            errors.append(f"Chỉ tìm theo {MAX_QUERY_WORDS} từ đầu tiên của từ khóa.")
            words = words[:MAX_QUERY_WORDS]
        params.q = " ".join(words)
        for name in FACETS:
            values = [v.strip() for v in data.getlist(name) if v.strip()][:MAX_FILTER_VALUES]
            values = [v for v in values if _SLUG_RE.fullmatch(v)]
            if values:
                params.filters[name] = values
        for key, attr, label in (("from", "date_from", "Từ ngày"), ("to", "date_to", "Đến ngày")):
            raw = data.get(key, "").strip()
            if raw:
                value = parse_date(raw)
                if value is None:
                    errors.append(f"{label} ({key}) “{raw[:40]}” không phải một ngày: hãy viết ngày/tháng/năm, "
                                  "ví dụ 31/12/2021; bộ lọc đã bỏ qua.")
                    params.field_errors[key] = errors[-1]
                    continue
                if not DATE_RANGE[0] <= value <= DATE_RANGE[1]:  # year 1 or 9999 overflow in UTC
                    errors.append(f"{label} ({key}) “{raw}” nằm ngoài {DATE_RANGE[0].year}–{DATE_RANGE[1].year}, "
                                  "bộ lọc đã bỏ qua.")
                    params.field_errors[key] = errors[-1]
                    continue
                setattr(params, attr, value)
        if params.date_from and params.date_to and params.date_from > params.date_to:
            params.date_from, params.date_to = params.date_to, params.date_from
            params.dates_swapped = True
        sort = data.get("sort", "")
        params.sort = sort if sort in SORTS else ("relevance" if params.q else "newest")
        try:
            params.page = min(max(int(data.get("page", 1)), 1), MAX_PAGE)
        except ValueError:
            params.page = 1
        params.errors = errors
        return params


# dd/mm/yyyy as the site writes dates (also d/m/yyyy, with . or - between), ddmmyyyy as typed
# without separators, and ISO yyyy-mm-dd (older links, feeds). Bounded, so linear.
_VI_DATE_RE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})|(\d{2})(\d{2})(\d{4})")
_ISO_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(raw):
    """The date a reader typed, or None: the day first whatever the browser's language."""
    raw = raw.strip()
    if m := _ISO_DATE_RE.fullmatch(raw):
        year, month, day = m.groups()
    elif m := _VI_DATE_RE.fullmatch(raw):
        day, month, year = (g for g in m.groups() if g is not None)
    else:
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def kept_pairs(querydict):
    """The request's (parameter, value) pairs in order, all but the page: what a link to another
    page, another facet value or a feed of the same search must carry."""
    return [(k, v) for k in querydict for v in querydict.getlist(k) if k != "page"]
