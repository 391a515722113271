"""The curators' admin: every entity and mention, a review queue, merges, verification, re-extraction.

Admin classes only present and validate; every write that matters goes through
``archive.curation`` so that it is recorded (curated fields, aliases, admin
history) and reaches the search index on commit. Search is accent-insensitive on
folded columns (never on database collation), so it behaves alike on SQLite and
PostgreSQL. The admin must never let anyone edit an article's raw text, and never
deletes a mention: deleting one rejects it, so re-ingest does not bring it back.
"""
import datetime as dt
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode

from archive import curation, review
from archive import text as vt
from archive.models import (
    Article,
    CurationEvent,
    Document,
    DocumentAlias,
    DocumentMention,
    Meeting,
    MeetingAlias,
    MeetingMention,
    MergeRecord,
    Origin,
    Person,
    PersonAlias,
    PersonMention,
    Position,
    Province,
    Source,
    TenureCorrection,
)

admin.site.site_header = "Nghị sự — biên tập"
admin.site.site_title = "Nghị sự"
admin.site.index_title = "Dữ liệu lưu trữ"

SNIPPET_WIDTH = 90


def snippet_html(fact, width=SNIPPET_WIDTH):
    """The raw text around a fact's span, the span itself marked: the evidence for it."""
    raw = fact.article.raw_text
    start, end = min(fact.start, len(raw)), min(fact.end, len(raw))
    before, after = raw[max(0, start - width):start], raw[end:end + width]
    return format_html(
        '<span class="nghisu-snippet">{}{}<mark>{}</mark>{}{}</span>',
        "…" if start > width else "", before, raw[start:end], after, "…" if end + width < len(raw) else "",
    )


def article_links(article):
    return format_html(
        '<a href="{}" target="_blank">{}</a> · <a href="{}">sửa</a>',
        article.get_absolute_url(), article.title[:80],
        reverse("admin:archive_article_change", args=[article.pk]),
    )


# ---------------------------------------------------------------- filters

def shown_ingest_path(stored):
    """The file's path as a curator sees it: relative to ARCHIVE_INGEST_ROOT when it lies under it,
    else its folder and name only. The server's absolute layout is not a curator's business."""
    if not stored:
        return "—"
    path = PurePath(stored)
    root = getattr(settings, "ARCHIVE_INGEST_ROOT", "")
    if root and path.is_absolute():
        try:
            return str(path.relative_to(root))
        except ValueError:
            pass
    return str(PurePath(*path.parts[-2:])) if path.is_absolute() else str(path)


def year_filter(path, datetime=False):
    """A list filter by the year of `path` (a date or datetime field, possibly across relations)."""

    class YearFilter(admin.SimpleListFilter):
        title = "năm"
        parameter_name = "nam"

        def lookups(self, request, model_admin):
            qs = model_admin.get_queryset(request).filter(**{f"{path}__isnull": False})
            dates = qs.datetimes(path, "year") if datetime else qs.dates(path, "year")
            years = sorted({d.year for d in dates}, reverse=True)
            return [(str(y), str(y)) for y in years]

        def queryset(self, request, queryset):
            if self.value() and self.value().isdigit():
                return queryset.filter(**{f"{path}__year": int(self.value())}).distinct()
            return queryset

    return YearFilter


def article_year_filter(path):
    """A year filter whose choices are the archive's years (read from the article index, not the rows)."""

    class ArticleYearFilter(admin.SimpleListFilter):
        title = "năm"
        parameter_name = "nam"

        def lookups(self, request, model_admin):
            first = Article.objects.filter(published__isnull=False).order_by("published").values_list(
                "published", flat=True).first()
            last = Article.objects.filter(published__isnull=False).order_by("-published").values_list(
                "published", flat=True).first()
            if not first:
                return []
            years = range(timezone.localtime(last).year, timezone.localtime(first).year - 1, -1)
            return [(str(y), str(y)) for y in years]

        def queryset(self, request, queryset):
            if self.value() and self.value().isdigit() and len(self.value()) == 4:
                # The year's articles first (an index range), then who they mention.
                year, tz = int(self.value()), timezone.get_current_timezone()
                articles = Article.objects.filter(
                    published__gte=timezone.make_aware(dt.datetime(year, 1, 1), tz),
                    published__lt=timezone.make_aware(dt.datetime(year + 1, 1, 1), tz)).values("pk")
                relation, _, _ = path.partition("__article__")
                ids = queryset.model.objects.filter(**{f"{relation}__article_id__in": articles}).values("pk")
                return queryset.filter(pk__in=ids)
            return queryset

    return ArticleYearFilter


class CuratedFilter(admin.SimpleListFilter):
    """Extracted rows versus rows a curator made or edited (origin or any curated field)."""

    title = "trích xuất / biên tập"
    parameter_name = "bien_tap"

    def lookups(self, request, model_admin):
        return [("curated", "Đã biên tập"), ("extracted", "Chỉ trích xuất")]

    def queryset(self, request, queryset):
        touched = Q(origin=Origin.CURATED) | ~Q(curated_fields=[])
        if self.value() == "curated":
            return queryset.filter(touched)
        if self.value() == "extracted":
            return queryset.exclude(touched)
        return queryset


# ---------------------------------------------------------------- forms

class SpanForm(forms.ModelForm):
    """Mentions and positions: the span must lie in the article's raw text; the quoted text follows it.

    A curator attaching a position may leave the span empty: it is found by the text as written.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start", "end"):
            if name in self.fields:
                self.fields[name].required = False
        if "normalized" in self.fields:
            self.fields["normalized"].required = False

    def clean(self):
        data = super().clean()
        article = data.get("article")
        if article is None and self.instance.article_id:
            article = self.instance.article
        if article is None or ("start" not in self.fields and "text" not in self.fields):
            return data
        raw = article.raw_text
        if "start" in self.fields:
            start, end = data.get("start"), data.get("end")
        elif self.instance.pk and "text" not in self.changed_data:
            start, end = self.instance.start, self.instance.end  # the span stays where it is
        else:
            start = end = None
        if start is None or end is None:
            wanted = (data.get("text") or "").strip()
            found = raw.find(wanted) if wanted else -1
            if found < 0:
                raise forms.ValidationError(
                    f"Không tìm thấy “{wanted}” trong văn bản gốc của bài “{article.file_name}”: "
                    "hãy ghi đúng như trong bài hoặc nhập vị trí đầu và cuối."
                )
            start, end = found, found + len(wanted)
        if not 0 <= start < end <= len(raw):
            raise forms.ValidationError(
                f"Vị trí {start}–{end} nằm ngoài văn bản gốc của bài “{article.file_name}” (dài {len(raw)} ký tự)."
            )
        data["start"], data["end"] = start, end
        self.instance.start, self.instance.end = start, end
        if "normalized" in self.fields and not data.get("normalized"):
            data["normalized"] = self.instance.normalized = (data.get("text") or raw[start:end])[:300]
        if "text" not in self.fields or not data.get("text"):
            self.instance.text = raw[start:end][:500]
        return data


# ---------------------------------------------------------------- common behaviour

class FoldedSearchMixin:
    """Accent- and case-insensitive search: every word of the query, folded, in a folded column."""

    folded_search_fields = ("search_folded",)

    def get_search_results(self, request, queryset, search_term):
        words = vt.fold(search_term).split()
        if not words:
            return queryset, False
        for word in words:
            match = Q()
            for field in self.folded_search_fields:
                match |= Q(**{f"{field}__contains": word})
            queryset = queryset.filter(match)
        return queryset, any("__" in f for f in self.folded_search_fields)


class CurationAdmin(FoldedSearchMixin, admin.ModelAdmin):
    """Saves go through curation.save_edit (curated fields, aliases, re-index on commit)."""

    list_per_page = 50
    # Django requires search_fields for the search box and autocomplete; the lookup itself is folded.
    search_fields = ("search_folded",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(field, "widget", None)
        if isinstance(widget, forms.MultiWidget):  # a date and a time input under one label
            for part, name in zip(widget.widgets, ("ngày", "giờ"), strict=False):
                part.attrs["aria-label"] = f"{field.label} — {name}"
        return field

    def save_model(self, request, obj, form, change):
        previous = type(obj).objects.filter(pk=obj.pk).first() if change else None
        curation.save_edit(obj=obj, changed_fields=form.changed_data, created=not change, previous=previous,
                           user=request.user)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        rejectable = [o for o in formset.deleted_objects if isinstance(o, curation.MENTION_MODELS)]
        if rejectable:
            # A false mention is rejected, not deleted: re-ingest must not bring it back.
            curation.reject(mentions=rejectable, user=request.user)
        for obj in formset.deleted_objects:
            if obj not in rejectable:
                obj.delete()
        changed = {id(obj): fields for obj, fields in formset.changed_objects}
        for obj in instances:
            is_new = obj in formset.new_objects
            fields = changed.get(id(obj), [f.name for f in obj._meta.fields] if is_new else [])
            previous = type(obj).objects.filter(pk=obj.pk).first() if obj.pk else None
            curation.save_edit(obj=obj, changed_fields=fields, created=is_new, previous=previous, user=request.user)
        formset.save_m2m()

    def delete_model(self, request, obj):
        articles = curation.article_ids_for(obj)
        super().delete_model(request, obj)
        curation.index_on_commit(articles)

    def delete_queryset(self, request, queryset):
        articles = set()
        for obj in queryset:
            articles |= curation.article_ids_for(obj)
        super().delete_queryset(request, queryset)
        curation.index_on_commit(articles)

    @admin.action(description="Đánh dấu đã xác minh", permissions=["change"])
    def mark_verified(self, request, queryset):
        n = curation.verify(objects=queryset, user=request.user)
        self.message_user(request, f"Đã xác minh {n} mục.", messages.SUCCESS)

    @admin.display(description="biên tập", boolean=True)
    def is_curated(self, obj):
        return obj.origin == Origin.CURATED or bool(getattr(obj, "curated_fields", None))


class MergeMixin:
    """The "merge selected" action with a confirmation page that shows what tells the rows apart."""

    def get_urls(self):
        opts = self.model._meta
        return [
            path("merge/", self.admin_site.admin_view(self.merge_view),
                 name=f"{opts.app_label}_{opts.model_name}_merge"),
            *super().get_urls(),
        ]

    def merge_view(self, request):
        """The confirmation for ?ids=1&ids=2 (the duplicates page links here); it posts to the action."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        ids = [i for i in request.GET.getlist("ids") if i.isdigit() and len(i) <= 12][:20]
        return self.merge_selected(request, self.get_queryset(request).filter(pk__in=ids))

    @admin.action(description="Gộp các mục đã chọn thành một…", permissions=["change"])
    def merge_selected(self, request, queryset):
        objects = list(queryset)
        opts = self.model._meta
        if len(objects) < 2:
            self.message_user(request, "Chọn ít nhất hai mục để gộp.", messages.WARNING)
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if request.method == "POST" and request.POST.get("not_same"):
            for i, a in enumerate(objects):
                for b in objects[i + 1:]:
                    curation.not_same(a=a, b=b, user=request.user)
            self.message_user(request, "Đã ghi nhận: " + ", ".join(f"“{o}” (#{o.pk})" for o in objects)
                              + " không phải là một; sẽ không được đề xuất gộp nữa.", messages.SUCCESS)
            return None
        if request.method == "POST" and request.POST.get("post") == "yes":
            survivor = next((o for o in objects if str(o.pk) == request.POST.get("survivor")), None)
            if survivor is None:
                self.message_user(request, "Chọn mục được giữ lại (tham số “survivor”).", messages.ERROR)
            else:
                others = [o for o in objects if o.pk != survivor.pk]
                labels = ", ".join(str(o) for o in others)
                curation.MERGERS[self.model](survivor=survivor, others=others, user=request.user)
                history = reverse("admin:archive_mergerecord_changelist")
                self.message_user(request, format_html(
                    "Đã gộp {} vào “{}”. <a href=\"{}\">Hoàn tác từ lịch sử gộp</a>.", labels, survivor, history),
                    messages.SUCCESS)
                return None
        items = curation.merge_preview(objects=objects)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Gộp {opts.verbose_name_plural}",
            "opts": opts,
            "items": items,
            "warnings": curation.merge_warnings(items),
            "default_survivor": max(items, key=lambda i: (i.mentions, -i.obj.pk)).obj.pk,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "is_person": self.model is Person,
            "changelist_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        }
        return TemplateResponse(request, "admin/archive/merge_confirmation.html", context)


# ---------------------------------------------------------------- inlines

class LabelledFormSet(BaseInlineFormSet):
    """Inline rows whose inputs say what they are: a table's column header labels no input."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row = f"dòng {index + 1}" if index is not None else "dòng mới"
        for name, field in form.fields.items():
            # The admin's related-field wrapper shares the attrs of the widget it was copied from:
            # label the widget inside it, this row's own.
            widget = getattr(field.widget, "widget", field.widget)
            widget.attrs = {**widget.attrs, "aria-label": f"{field.label or name} ({row})"}


class FactInline(admin.TabularInline):
    """Shared by mention and position inlines: evidence snippet, link to the reader's article page."""

    form = SpanForm
    formset = LabelledFormSet
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        # The evidence snippet reads each row's article: one join instead of a query per row.
        return super().get_queryset(request).select_related("article")

    @admin.display(description="đoạn văn gốc")
    def snippet(self, obj):
        return snippet_html(obj) if obj.pk else "—"

    @admin.display(description="bài viết")
    def article_link(self, obj):
        return article_links(obj.article) if obj.pk else "—"


class PersonMentionByArticle(FactInline):
    model = PersonMention
    fields = ("person", "text", "snippet", "confidence", "verified", "rejected", "origin")
    readonly_fields = ("snippet", "confidence", "origin")
    autocomplete_fields = ("person",)


class PersonMentionByPerson(FactInline):
    model = PersonMention
    fields = ("article_link", "snippet", "start", "end", "confidence", "verified", "rejected", "origin")
    readonly_fields = ("article_link", "snippet", "confidence", "origin")

    def has_add_permission(self, request, obj=None):
        return False  # a new mention is added on its article's page, where the text is


class PositionByPerson(FactInline):
    model = Position
    fields = ("article", "text", "normalized", "start", "end", "snippet", "verified", "rejected", "origin")
    readonly_fields = ("snippet", "origin")
    raw_id_fields = ("article",)


class PositionByArticle(FactInline):
    model = Position
    fields = ("person", "text", "normalized", "snippet", "verified", "rejected", "origin")
    readonly_fields = ("snippet", "origin")
    autocomplete_fields = ("person",)


class DocumentMentionByArticle(FactInline):
    model = DocumentMention
    fields = ("document", "text", "snippet", "confidence", "verified", "rejected", "origin")
    readonly_fields = ("snippet", "confidence", "origin")
    autocomplete_fields = ("document",)


class DocumentMentionByDocument(FactInline):
    model = DocumentMention
    fields = ("article_link", "snippet", "confidence", "verified", "rejected", "origin")
    readonly_fields = ("article_link", "snippet", "confidence", "origin")

    def has_add_permission(self, request, obj=None):
        return False


class MeetingMentionByArticle(FactInline):
    model = MeetingMention
    fields = ("meeting", "text", "snippet", "confidence", "verified", "rejected", "origin")
    readonly_fields = ("snippet", "confidence", "origin")
    autocomplete_fields = ("meeting",)


class MeetingMentionByMeeting(FactInline):
    model = MeetingMention
    fields = ("article_link", "snippet", "confidence", "verified", "rejected", "origin")
    readonly_fields = ("article_link", "snippet", "confidence", "origin")

    def has_add_permission(self, request, obj=None):
        return False


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    formset = LabelledFormSet
    fields = ("alias", "province", "ignored")
    extra = 0


class DocumentAliasInline(admin.TabularInline):
    model = DocumentAlias
    formset = LabelledFormSet
    fields = ("label", "key", "created")
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False  # made by merges only: a key is the extractor's, not typed by hand


class MeetingAliasInline(DocumentAliasInline):
    model = MeetingAlias


# ---------------------------------------------------------------- entities

@admin.register(Province)
class ProvinceAdmin(CurationAdmin):
    list_display = ("display_name", "kind", "historical", "current", "successor", "origin")
    list_filter = ("kind", "historical", "current", "origin")
    readonly_fields = ("origin",)
    raw_id_fields = ("successor",)


@admin.register(Source)
class SourceAdmin(CurationAdmin):
    list_display = ("name", "domain", "marker", "province", "origin")
    list_filter = ("origin", ("province", admin.RelatedOnlyFieldListFilter))
    readonly_fields = ("origin",)
    autocomplete_fields = ("province",)


@admin.register(Article)
class ArticleAdmin(CurationAdmin):
    list_display = ("title", "province", "source", "published", "file_name", "verified", "is_curated")
    list_filter = (("province", admin.RelatedOnlyFieldListFilter), ("source", admin.RelatedOnlyFieldListFilter),
                   "meetingmention__meeting__kind", "verified", CuratedFilter, year_filter("published", datetime=True))
    date_hierarchy = "published"
    # The evidence every span points into: nobody edits it here, whatever their permissions.
    readonly_fields = ("raw_text", "file_name", "ingest_path", "sha256", "encoding", "spans", "ingested",
                       "extractor_version", "origin", "curated_fields", "public_link")
    fieldsets = (
        (None, {"fields": ("title", "public_link", "published", "province", "source", "meeting_date",
                           "category", "authors", "photographers", "url", "view_count", "verified")}),
        ("Nội dung", {"fields": ("body", "captions")}),
        ("Văn bản gốc (chỉ đọc)", {"classes": ("collapse",), "fields": ("raw_text", "spans")}),
        ("Nguồn gốc", {"classes": ("collapse",), "fields": (
            "file_name", "ingest_path", "sha256", "encoding", "ingested", "extractor_version", "origin",
            "curated_fields")}),
    )
    autocomplete_fields = ("province", "source")
    inlines = (PersonMentionByArticle, PositionByArticle, DocumentMentionByArticle, MeetingMentionByArticle)
    actions = ("mark_verified", "reextract_selected")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("province", "source")

    def has_add_permission(self, request):
        return False  # articles come from files, through ingest

    @admin.display(description="trang đọc")
    def public_link(self, obj):
        return format_html('<a href="{0}" target="_blank">{0}</a>', obj.get_absolute_url()) if obj.pk else "—"

    @admin.display(description="đường dẫn khi nạp")
    def ingest_path(self, obj):
        return shown_ingest_path(obj.path)

    @admin.action(description="Chạy lại trích xuất cho các bài đã chọn", permissions=["change"])
    def reextract_selected(self, request, queryset):
        report = curation.reextract(articles=queryset, user=request.user)
        if report.done:
            self.message_user(request, f"Đã trích xuất lại {len(report.done)} bài.", messages.SUCCESS)
        for article, reason in report.failed:
            self.message_user(request, f"Lỗi trích xuất “{article.file_name}”: {reason}", messages.ERROR)

    def delete_model(self, request, obj):
        curation.delete_articles(articles=[obj], user=request.user)

    def delete_queryset(self, request, queryset):
        curation.delete_articles(articles=list(queryset), user=request.user)


def duplicates_view(model_admin, request):
    """Possible duplicates of people and documents, 50 pairs a page, each a click from its merge confirmation."""
    from django.core.paginator import Paginator

    from archive import duplicates

    kind = request.GET.get("kind", "person")
    if kind not in ("person", "document"):
        model_admin.message_user(request, f"Tham số kind=“{kind[:30]}” không hợp lệ: cần person hoặc document.",
                                 messages.ERROR)
        kind = "person"
    model = Person if kind == "person" else Document
    if not request.user.has_perm(f"archive.change_{kind}"):
        raise PermissionDenied
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit() and len(i) <= 12]
        found = list(model.objects.filter(pk__in=ids))
        if len(found) == 2:
            curation.not_same(a=found[0], b=found[1], user=request.user)
            model_admin.message_user(request, f"Đã ghi nhận “{found[0]}” và “{found[1]}” không phải là một.",
                                     messages.SUCCESS)
        else:
            model_admin.message_user(request, "Cần đúng hai mục (tham số ids).", messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())
    pairs = duplicates.person_pairs() if kind == "person" else duplicates.document_pairs()
    page = Paginator(pairs, 50).get_page(request.GET.get("p"))
    merge_url = reverse(f"admin:archive_{kind}_merge")
    for pair in page.object_list:
        pair.merge_url = merge_url + "?" + urlencode([("ids", i) for i in pair.ids])
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Có thể trùng nhau",
        "opts": model._meta,
        "kind": kind,
        "page": page,
        "total": len(pairs),
        "capped": len(pairs) >= duplicates.MAX_PAIRS,
    }
    return TemplateResponse(request, "admin/archive/duplicates.html", context)


@admin.register(Person)
class PersonAdmin(MergeMixin, CurationAdmin):
    list_display = ("name", "province", "mention_count", "latest_position", "verified", "is_curated")
    list_filter = (("province", admin.RelatedOnlyFieldListFilter), "verified", CuratedFilter,
                   article_year_filter("mentions__article__published"))
    folded_search_fields = ("name_folded",)
    search_fields = ("name_folded",)
    readonly_fields = ("origin", "curated_fields", "public_link", "tenure_table", "mention_links")
    fieldsets = (
        (None, {"fields": ("name", "public_link", "province", "notes", "verified")}),
        ("Nhiệm kỳ", {"fields": ("tenure_table",)}),
        ("Các lần nhắc đến", {"fields": ("mention_links",)}),
        ("Nguồn gốc", {"classes": ("collapse",), "fields": ("slug", "origin", "curated_fields")}),
    )
    autocomplete_fields = ("province",)
    # Mentions and positions run to hundreds a person: linked and summed up, never inlined.
    inlines = (PersonAliasInline,)
    actions = ("merge_selected", "mark_verified")

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("province")
        if "n_mentions" in self._orderings(request):
            mentions = PersonMention.objects.filter(person=OuterRef("pk")).order_by().values("person").annotate(
                n=Count("pk")).values("n")
            qs = qs.annotate(n_mentions=Subquery(mentions))
        return qs

    def _orderings(self, request):
        """The annotations the requested sort needs (only the mention count can be sorted on)."""
        wanted = request.GET.get("o", "")
        index = list(self.list_display).index("mention_count") + 1
        return {"n_mentions"} if str(index) in wanted.replace("-", "").split(".") else set()

    def get_changelist(self, request, **kwargs):
        return PersonChangeList

    def get_urls(self):
        return [path("duplicates/", self.admin_site.admin_view(lambda r: duplicates_view(self, r)),
                     name="archive_duplicates"), *super().get_urls()]

    @admin.display(description="số lần nhắc", ordering="n_mentions")
    def mention_count(self, obj):
        return obj.page_mentions

    @admin.display(description="chức vụ gần nhất")
    def latest_position(self, obj):
        return obj.page_latest or "—"

    @admin.display(description="trang đọc")
    def public_link(self, obj):
        return format_html('<a href="{0}" target="_blank">{0}</a>', obj.get_absolute_url()) if obj.pk else "—"

    @admin.display(description="nhiệm kỳ (theo các bài nêu chức vụ)")
    def tenure_table(self, obj):
        if not obj.pk:
            return "—"
        from archive.tenures import tenures_of

        tenures = tenures_of(obj)
        if not tenures:
            return "Chưa có chức vụ nào được nêu."
        add = reverse("admin:archive_tenurecorrection_add")
        rows = []
        for t in tenures:
            if t.correction:
                edit = reverse("admin:archive_tenurecorrection_change", args=[t.correction.pk])
            else:
                edit = add + "?" + urlencode({"person": obj.pk, "post": t.post, "province": t.province_id or ""})
            positions = reverse("admin:archive_position_changelist") + "?" + urlencode({"person__id__exact": obj.pk})
            rows.append(format_html(
                "<tr><td>{}</td><td>{}</td><td>{}{}</td><td><a href=\"{}\">{} bài</a></td>"
                "<td><a href=\"{}\">sửa năm<span class=\"nghisu-visually-hidden\"> của {}</span></a></td></tr>",
                t.post, t.province.display_name if t.province else "—", t.years or "không rõ năm",
                " (đã sửa)" if t.corrected else "", positions, len(t.positions), edit, t.post))
        return format_html(
            '<table class="nghisu-tenure-table"><thead><tr><th scope="col">Chức vụ</th><th scope="col">Tỉnh</th>'
            '<th scope="col">Năm</th><th scope="col">Bài viết</th><th scope="col">Sửa</th></tr></thead>'
            "<tbody>{}</tbody></table>", format_html_join("", "{}", ((r,) for r in rows)))

    @admin.display(description="lần nhắc đến")
    def mention_links(self, obj):
        if not obj.pk:
            return "—"
        n = obj.mentions.count()
        pending = obj.mentions.filter(verified=False, rejected=False).count()
        mentions = reverse("admin:archive_personmention_changelist") + f"?person__id__exact={obj.pk}"
        positions = reverse("admin:archive_position_changelist") + f"?person__id__exact={obj.pk}"
        latest = obj.mentions.select_related("article").order_by("-article__published", "-pk")[:5]
        items = format_html_join("", "<li>{} — {}</li>", ((article_links(m.article), snippet_html(m, 50))
                                                           for m in latest))
        return format_html(
            '<p><a href="{}">Tất cả {} lần nhắc đến, kèm đoạn văn gốc</a> ({} chờ duyệt) · '
            '<a href="{}">{} chức vụ</a></p><p>Năm lần gần nhất:</p><ul class="nghisu-latest">{}</ul>',
            mentions, n, pending, positions, obj.positions.count(), items)

    def delete_model(self, request, obj):
        # The delete view writes Django's own history entry; the audit trail gets its line here.
        curation.delete_people(people=[obj], user=request.user, log_entry=False)

    def delete_queryset(self, request, queryset):
        curation.delete_people(people=list(queryset), user=request.user, log_entry=False)


class PersonChangeList(ChangeList):
    """The people of one page get their mention counts and latest posts in two queries for the page,
    not subqueries the database would run for every person before sorting."""

    def get_results(self, request):
        super().get_results(request)
        ids = [p.pk for p in self.result_list]
        counts = dict(PersonMention.objects.filter(person_id__in=ids).order_by().values("person_id")
                      .annotate(n=Count("pk")).values_list("person_id", "n"))
        newest = Position.objects.filter(person=OuterRef("pk"), rejected=False).order_by(
            F("article__published").desc(nulls_last=True), "-pk").values("normalized")[:1]
        latest = dict(Person.objects.filter(pk__in=ids).annotate(latest=Subquery(newest)).values_list("pk", "latest"))
        for person in self.result_list:
            person.page_mentions = counts.get(person.pk, 0)
            person.page_latest = latest.get(person.pk) or ""


class TenureCorrectionForm(forms.ModelForm):
    """A tenure is found by its person, post and province; the curator types the years."""

    province = forms.ModelChoiceField(Province.objects.all(), required=False, label="tỉnh")

    class Meta:
        model = TenureCorrection
        fields = ("person", "post", "province", "starts", "ends", "ongoing")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.province_id:
            self.initial["province"] = self.instance.province_id

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts"), data.get("ends")
        for name, year in (("starts", starts), ("ends", ends)):
            if year is not None and not 1945 <= year <= 2100:
                self.add_error(name, f"Năm {year} không hợp lệ: cần từ 1945 đến 2100.")
        if starts and ends and starts > ends:
            self.add_error("ends", f"Năm kết thúc {ends} trước năm bắt đầu {starts}.")
        self.instance.post_key = vt.key(data.get("post") or "")
        self.instance.province_id = data["province"].pk if data.get("province") else 0
        return data


@admin.register(TenureCorrection)
class TenureCorrectionAdmin(admin.ModelAdmin):
    form = TenureCorrectionForm
    list_display = ("person", "post", "starts", "ends", "ongoing", "updated")
    autocomplete_fields = ("person",)
    search_fields = ("post",)

    def save_model(self, request, obj, form, change):
        curation.correct_tenure(correction=obj, user=request.user)


@admin.register(Document)
class DocumentAdmin(MergeMixin, CurationAdmin):
    list_display = ("label", "kind", "number", "issuer", "province", "issued", "mention_count", "verified",
                    "is_curated")
    list_filter = ("kind", ("province", admin.RelatedOnlyFieldListFilter), "verified", CuratedFilter,
                   year_filter("issued"))
    date_hierarchy = "issued"
    readonly_fields = ("key", "origin", "curated_fields")
    fields = ("kind", "number", "issuer", "term", "issued", "subject", "province", "slug", "key", "verified",
              "origin", "curated_fields")
    autocomplete_fields = ("province",)
    inlines = (DocumentAliasInline, DocumentMentionByDocument)
    actions = ("merge_selected", "mark_verified")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("province").annotate(
            n_mentions=Count("mentions", distinct=True))

    @admin.display(description="số lần trích dẫn", ordering="n_mentions")
    def mention_count(self, obj):
        return obj.n_mentions


@admin.register(Meeting)
class MeetingAdmin(MergeMixin, CurationAdmin):
    list_display = ("label", "date", "province", "format", "mention_count", "verified", "is_curated")
    list_filter = ("kind", ("province", admin.RelatedOnlyFieldListFilter), "format", "verified", CuratedFilter,
                   year_filter("date"))
    date_hierarchy = "date"
    readonly_fields = ("key", "origin", "curated_fields")
    fields = ("kind", "organ", "term", "session", "date", "format", "location", "province", "documents", "slug",
              "key", "verified", "origin", "curated_fields")
    autocomplete_fields = ("province", "documents")
    inlines = (MeetingAliasInline, MeetingMentionByMeeting)
    actions = ("merge_selected", "mark_verified")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("province").annotate(
            n_mentions=Count("mentions", distinct=True))

    @admin.display(description="số bài đưa tin", ordering="n_mentions")
    def mention_count(self, obj):
        return obj.n_mentions


@admin.register(PersonAlias)
class PersonAliasAdmin(admin.ModelAdmin):
    list_display = ("alias", "person", "province", "ignored")
    list_filter = ("ignored", ("province", admin.RelatedOnlyFieldListFilter))
    search_fields = ("alias", "person__name_folded")
    autocomplete_fields = ("person", "province")

    def get_search_results(self, request, queryset, search_term):
        words = vt.fold(search_term).split()
        for word in words:
            queryset = queryset.filter(Q(person__name_folded__contains=word) | Q(alias__icontains=word))
        return queryset, False


# ---------------------------------------------------------------- mentions and the review queue

class FactAdmin(CurationAdmin):
    """Mentions and positions: list with evidence; delete means reject; verify / reject actions."""

    owner = "person"
    list_filter = ("verified", "rejected", "origin", ("article__province", admin.RelatedOnlyFieldListFilter),
                   year_filter("article__published", datetime=True))
    list_select_related = ("article",)
    readonly_fields = ("article_link", "snippet", "confidence", "origin", "extractor_version")
    raw_id_fields = ("article",)
    form = SpanForm
    actions = ("mark_verified", "reject_selected")

    def get_list_display(self, request):
        return (self.owner, "article_link", "snippet", "confidence", "verified", "rejected", "origin")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(self.owner, "article")

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # "delete" would be reject in disguise: say reject
        return actions

    @admin.display(description="đoạn văn gốc")
    def snippet(self, obj):
        return snippet_html(obj)

    @admin.display(description="bài viết")
    def article_link(self, obj):
        return article_links(obj.article)

    @admin.action(description="Loại (nhận diện sai)", permissions=["change"])
    def reject_selected(self, request, queryset):
        n = curation.reject(mentions=queryset, user=request.user)
        self.message_user(request, f"Đã loại {n} mục; nạp lại sẽ không tạo lại chúng.", messages.SUCCESS)

    def log_deletions(self, request, queryset):
        pass  # nothing is deleted: curation.reject records the rejection in the history instead

    def delete_model(self, request, obj):
        curation.reject(mentions=[obj], user=request.user)

    def delete_queryset(self, request, queryset):
        curation.reject(mentions=queryset, user=request.user)


@admin.register(PersonMention)
class PersonMentionAdmin(FactAdmin):
    owner = "person"
    folded_search_fields = ("person__name_folded", "article__search_folded")
    autocomplete_fields = ("person",)
    fieldsets = (
        (None, {"fields": ("person", "article_link", "snippet", "confidence", "verified", "rejected")}),
        # Offsets into the raw text: the evidence above shows them; changed only to move a span by hand.
        ("Vị trí trong văn bản gốc (nâng cao)", {"classes": ("collapse",), "fields": (
            "article", "start", "end", "origin", "extractor_version")}),
    )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("review/", view(self.review_view), name="archive_review"),
            path("review/decide/", view(self.review_bulk), name="archive_review_bulk"),
            path("review/article/<int:article_id>/<str:verdict>/", view(self.review_article),
                 name="archive_review_article"),
            path("review/<str:kind>/<int:pk>/<str:verdict>/", view(self.review_decide), name="archive_review_decide"),
            *super().get_urls(),
        ]

    def _review_kinds(self, request):
        kinds = [k for k, m in review.FACT_MODELS.items()
                 if request.user.has_perm(f"archive.change_{m._meta.model_name}")]
        if request.user.has_perm("archive.change_article"):
            kinds.append("author")
        return kinds

    def review_view(self, request):
        kinds = self._review_kinds(request)
        if not kinds:
            raise PermissionDenied
        filters = review.Filters.parse(request.GET, kinds)
        for error in filters.errors:
            self.message_user(request, error, messages.ERROR)
        facets, total = review.labelled_facets(filters, kinds)
        rows = review.page_of(filters, kinds)
        for i, row in enumerate(rows):
            _decorate(row, wide=i == 0)
        pages = max(1, min(review.MAX_PAGE, -(-total // review.PAGE_SIZE)))
        article = None
        if filters.article:
            article = Article.objects.filter(pk=filters.article).only("title", "slug", "file_name").first()
            if article is None:
                self.message_user(request, f"Không có bài viết #{filters.article}.", messages.ERROR)
        context = {
            **self.admin_site.each_context(request),
            "title": "Hàng chờ duyệt",
            "opts": self.model._meta,
            "rows": rows,
            "facets": facets,
            "total": total,
            "filters": filters,
            "query": filters.query(),
            "sort_confidence": filters.query(sort="confidence"),
            "sort_date": filters.query(sort="date"),
            "page": filters.page,
            "pages": pages,
            "previous_query": filters.query() + f"&p={filters.page - 1}" if filters.page > 1 else None,
            "next_query": filters.query() + f"&p={filters.page + 1}" if filters.page < pages else None,
            "article": article,
            "bands": review.BANDS,
        }
        return TemplateResponse(request, "admin/archive/review_queue.html", context)

    def _back(self, request):
        """The queue with the filters the decision was taken under (re-read, never echoed raw)."""
        from django.http import QueryDict

        filters = review.Filters.parse(QueryDict(request.POST.get("next", "")), self._review_kinds(request))
        query = filters.query()
        if filters.page > 1:
            query += ("&" if query else "") + f"p={filters.page}"
        return HttpResponseRedirect(reverse("admin:archive_review") + (f"?{query}" if query else ""))

    def review_bulk(self, request):
        """Verify or reject the facts ticked in the queue (tokens "kind-id")."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        kinds = self._review_kinds(request)
        verdict = request.POST.get("verdict", "")
        if verdict not in ("verify", "reject"):
            self.message_user(request, f"Tham số verdict=“{verdict[:20]}” không hợp lệ: cần verify hoặc reject.",
                              messages.ERROR)
            return self._back(request)
        wanted, bad = {}, []
        for token in request.POST.getlist("fact")[:review.PAGE_SIZE * 4]:
            kind, _, pk = token.partition("-")
            if kind in kinds and pk.isdigit() and len(pk) <= 12:
                wanted.setdefault(kind, set()).add(int(pk))
            else:
                bad.append(token[:30])
        if bad:
            self.message_user(request, f"Bỏ qua mục không hợp lệ: {', '.join(bad)}.", messages.ERROR)
        facts = _load_facts(wanted)
        if not facts:
            self.message_user(request, "Chưa chọn mục nào.", messages.WARNING)
            return self._back(request)
        n = curation.decide(facts=facts, verdict=verdict, user=request.user)
        word = "xác minh" if verdict == "verify" else "loại"
        self.message_user(request, f"Đã {word} {n} mục.", messages.SUCCESS if verdict == "verify" else messages.WARNING)
        return self._back(request)

    def review_article(self, request, article_id, verdict):
        """Every pending fact of one article at once (the kinds this curator may change)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if verdict not in ("verify", "reject"):
            raise PermissionDenied
        article = get_object_or_404(Article.objects.only("file_name"), pk=article_id)
        found = review.pending_of_article(article.pk, self._review_kinds(request))
        facts = []
        for kind, rows in found.items():
            for row in rows:
                row.kind = kind
                facts.append(row)
        n = curation.decide(facts=facts, verdict=verdict, user=request.user) if facts else 0
        word = "xác minh" if verdict == "verify" else "loại"
        self.message_user(request, f"Đã {word} {n} mục của bài “{article.file_name}”.", messages.SUCCESS)
        return self._back(request)

    def review_decide(self, request, kind, pk, verdict):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if kind not in self._review_kinds(request) or verdict not in ("verify", "reject"):
            raise PermissionDenied
        facts = _load_facts({kind: {pk}})
        if not facts:
            raise Http404(f"Không có mục {kind}-{pk}.")
        fact = facts[0]
        curation.decide(facts=facts, verdict=verdict, user=request.user)
        what = f"{fact.text} ({fact.article.file_name})"
        if verdict == "verify":
            self.message_user(request, f"Đã xác minh: {what}.", messages.SUCCESS)
        else:
            self.message_user(request, f"Đã loại: {what}.", messages.WARNING)
        if "next" not in request.POST and request.POST.get("kind") in review.FACT_MODELS:
            return HttpResponseRedirect(reverse("admin:archive_review") + "?" + urlencode(
                {"kind": request.POST["kind"]}))
        return self._back(request)


def _load_facts(wanted):
    """{kind: {id}} → the facts, each with .kind set (bylines as review.AuthorFact)."""
    facts = []
    for kind, ids in wanted.items():
        if kind == "author":
            facts.extend(review.AuthorFact(article=a) for a in Article.objects.filter(pk__in=ids).defer("body"))
            continue
        for fact in review.FACT_MODELS[kind].objects.filter(pk__in=ids).select_related("article"):
            fact.kind = kind
            facts.append(fact)
    return facts


def _decorate(row, wide=False):
    """What the queue template shows of a fact: kind, entity, evidence, links."""
    row.kind_label = review.KIND_LABELS[row.kind]
    row.token = f"{row.kind}-{row.pk}"
    row.article_html = article_links(row.article)
    if row.kind == "author":
        row.entity = row.text
        row.snippet_html = snippet_html(row, width=160 if wide else 60) if row.end > row.start else "—"
        row.admin_url = reverse("admin:archive_article_change", args=[row.article.pk])
        return row
    row.entity = getattr(row, review.OWNER[row.kind])
    row.snippet_html = snippet_html(row, width=160 if wide else 60)
    row.admin_url = reverse(f"admin:archive_{type(row)._meta.model_name}_change", args=[row.pk])
    return row


@admin.register(DocumentMention)
class DocumentMentionAdmin(FactAdmin):
    owner = "document"
    folded_search_fields = ("document__search_folded", "article__search_folded")
    autocomplete_fields = ("document",)
    fieldsets = (
        (None, {"fields": ("document", "article_link", "snippet", "confidence", "verified", "rejected")}),
        # Offsets into the raw text: the evidence above shows them; changed only to move a span by hand.
        ("Vị trí trong văn bản gốc (nâng cao)", {"classes": ("collapse",), "fields": (
            "article", "start", "end", "origin", "extractor_version")}),
    )


@admin.register(MeetingMention)
class MeetingMentionAdmin(FactAdmin):
    owner = "meeting"
    folded_search_fields = ("meeting__search_folded", "article__search_folded")
    autocomplete_fields = ("meeting",)
    fieldsets = (
        (None, {"fields": ("meeting", "article_link", "snippet", "confidence", "verified", "rejected")}),
        # Offsets into the raw text: the evidence above shows them; changed only to move a span by hand.
        ("Vị trí trong văn bản gốc (nâng cao)", {"classes": ("collapse",), "fields": (
            "article", "start", "end", "origin", "extractor_version")}),
    )


@admin.register(Position)
class PositionAdmin(FactAdmin):
    owner = "person"
    folded_search_fields = ("person__name_folded", "article__search_folded")
    autocomplete_fields = ("person",)
    fieldsets = (
        (None, {"fields": ("person", "article_link", "text", "normalized", "snippet", "confidence", "verified",
                           "rejected")}),
        # Offsets into the raw text: the evidence above shows them; changed only to move a span by hand.
        ("Vị trí trong văn bản gốc (nâng cao)", {"classes": ("collapse",), "fields": (
            "article", "start", "end", "origin", "extractor_version")}),
    )

    def get_list_display(self, request):
        return ("person", "normalized", "article_link", "snippet", "confidence", "verified", "rejected", "origin")


# ---------------------------------------------------------------- history: merges (with undo) and the audit trail

class ReadOnlyAdmin(admin.ModelAdmin):
    """Records of what curators did: nobody adds, edits or deletes them by hand."""

    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MergeRecord)
class MergeRecordAdmin(ReadOnlyAdmin):
    list_display = ("at", "model_label", "merged_repr", "survivor_link", "user", "state")
    list_filter = ("model", ("undone_at", admin.EmptyFieldListFilter))
    search_fields = ("merged_repr", "survivor_repr")
    date_hierarchy = "at"
    fields = ("at", "model", "merged_repr", "merged_ids", "survivor_repr", "survivor_id", "user", "undone_at",
              "undone_by")
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("archive.view_mergerecord")

    def get_urls(self):
        return [path("<int:pk>/undo/", self.admin_site.admin_view(self.undo_view), name="archive_mergerecord_undo"),
                *super().get_urls()]

    @admin.display(description="loại", ordering="model")
    def model_label(self, obj):
        return curation.MODELS[obj.model]._meta.verbose_name if obj.model in curation.MODELS else obj.model

    @admin.display(description="giữ lại")
    def survivor_link(self, obj):
        model = curation.MODELS.get(obj.model)
        if model and model.objects.filter(pk=obj.survivor_id).exists():
            url = reverse(f"admin:archive_{obj.model}_change", args=[obj.survivor_id])
            return format_html('<a href="{}">{}</a> (#{})', url, obj.survivor_repr, obj.survivor_id)
        return f"{obj.survivor_repr} (#{obj.survivor_id})"

    @admin.display(description="trạng thái")
    def state(self, obj):
        if obj.undone_at:
            return format_html("Đã hoàn tác {}", obj.undone_at.strftime("%d/%m/%Y"))
        url = reverse("admin:archive_mergerecord_undo", args=[obj.pk])
        return format_html('<a href="{}" class="button">Hoàn tác</a>', url)

    def undo_view(self, request, pk):
        merge = get_object_or_404(MergeRecord, pk=pk)
        model = curation.MODELS.get(merge.model)
        if model is None or not request.user.has_perm(f"archive.change_{merge.model}") or not request.user.has_perm(
                "archive.change_mergerecord"):
            raise PermissionDenied
        if request.method == "POST":
            try:
                restored = curation.undo_merge(merge=merge, user=request.user,
                                               distinct=request.POST.get("distinct") == "on")
            except curation.UndoError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(request, "Đã hoàn tác: tách lại " + ", ".join(
                    f"“{o}” (#{o.pk})" for o in restored) + f" khỏi “{merge.survivor_repr}”.", messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:archive_mergerecord_changelist"))
        snap = merge.snapshot
        context = {
            **self.admin_site.each_context(request),
            "title": "Hoàn tác gộp",
            "opts": self.model._meta,
            "merge": merge,
            "mentions": sum(1 for r in snap.get("mentions", []) if r["fields"][merge.model] in merge.merged_ids),
            "positions": sum(1 for r in snap.get("positions", []) if r["fields"]["person"] in merge.merged_ids),
            "aliases": [r["fields"].get("alias") or r["fields"].get("key") for r in snap.get("aliases", [])
                        if r["fields"].get("person", r["fields"].get(merge.model)) in merge.merged_ids],
            "is_person": merge.model == "person",
        }
        return TemplateResponse(request, "admin/archive/merge_undo.html", context)


@admin.register(CurationEvent)
class CurationEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "username", "action", "model", "record_link", "message")
    list_filter = ("action", "model", "username")
    search_fields = ("object_repr", "message", "username")
    date_hierarchy = "at"
    fields = ("at", "username", "action", "model", "object_id", "object_repr", "article_id", "message")
    readonly_fields = fields

    def get_search_results(self, request, queryset, search_term):
        for word in search_term.split():
            queryset = queryset.filter(Q(object_repr__icontains=word) | Q(message__icontains=word)
                                       | Q(username__icontains=word))
        return queryset, False

    @admin.display(description="bản ghi", ordering="object_repr")
    def record_link(self, obj):
        try:
            url = reverse(f"admin:archive_{obj.model}_change", args=[obj.object_id])
        except Exception:  # a model without an admin page: the name is enough
            return obj.object_repr
        return format_html('<a href="{}">{}</a> (#{})', url, obj.object_repr, obj.object_id)

# Email alerts' subscriptions (archive/alerts/admin.py): counts for curators, addresses for superusers.
from archive.alerts import admin as alerts_admin  # noqa: E402,F401
