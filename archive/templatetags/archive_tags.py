"""Template filters and tags of the reader pages: Vietnamese dates, canonical URLs, query strings.

Dates are written the Vietnamese way ("Thứ Ba, 21/03/2023", "21 tháng 3 năm 2023") in the
archive's time zone, independently of the locale files Django happens to ship. These helpers
only format what they are given: they must never query the database or mark unescaped
text safe.
"""
import datetime as dt

from django import template
from django.utils import timezone
from django.utils.http import urlencode

from archive.search import kept_pairs

register = template.Library()

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def _local(value):
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def vi_date(value):
    """'Thứ Ba, 21/03/2023' for a date or datetime; '' for None."""
    value = _local(value)
    if not value:
        return ""
    return f"{WEEKDAYS[value.weekday()]}, {value:%d/%m/%Y}"


@register.filter
def vi_datetime(value):
    """'Thứ Ba, 21/03/2023, 10:05' when the time is known (not midnight), else vi_date."""
    value = _local(value)
    if not value:
        return ""
    if isinstance(value, dt.datetime) and (value.hour, value.minute) != (0, 0):
        return f"{vi_date(value)}, {value:%H:%M}"
    return vi_date(value)


@register.filter
def vi_date_long(value):
    """'21 tháng 3 năm 2023'."""
    value = _local(value)
    if not value:
        return ""
    return f"{value.day} tháng {value.month} năm {value.year}"


@register.filter
def vi_date_short(value):
    """'21/03/2023'."""
    value = _local(value)
    return f"{value:%d/%m/%Y}" if value else ""


@register.filter
def iso_date(value):
    """Machine-readable date for <time datetime>."""
    value = _local(value)
    if not value:
        return ""
    return value.isoformat() if isinstance(value, dt.datetime) else value.strftime("%Y-%m-%d")


@register.simple_tag(takes_context=True)
def absolute_url(context, path=None):
    """The absolute URL of path (default: this page without its query string)."""
    request = context.get("request")
    if request is None:
        return path or ""
    return request.build_absolute_uri(path if path is not None else request.path)


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """This page's query string with page=number, keeping every other parameter."""
    request = context["request"]
    params = kept_pairs(request.GET)
    if number and int(number) > 1:
        params.append(("page", number))
    return "?" + urlencode(params) if params else request.path


@register.simple_tag(takes_context=True)
def date_fields(context, params):
    """[(key, label, value, error)] of the search form's date fields: a date in force as dd/mm/yyyy
    (after a reversed range was swapped), an ignored one as typed, so it can be corrected."""
    request = context.get("request")
    typed = request.GET if request is not None else {}
    fields = []
    for key, label, value in (("from", "Từ ngày", params.date_from), ("to", "Đến ngày", params.date_to)):
        error = params.field_errors.get(key, "")
        shown = typed.get(key, "").strip()[:40] if error else (f"{value:%d/%m/%Y}" if value else "")
        fields.append((key, label, shown, error))
    return fields
