"""The page or crawl-export row an article was made from, shown as text beside the article.

An article ingested from a saved web page or a row of a crawl export keeps that original
(ArticleOriginal); these views let a reader check the article's text against it. The original is
never rendered as HTML nor served with an HTML content type: a saved page carries the site's
scripts, which must not run on the archive's origin.
"""
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from archive.models import Article, ArticleOriginal

LABELS = {"text/html": "Trang web đã lưu (HTML)", "application/json": "Dòng dữ liệu thu thập (JSON)"}


def original_label(media_type):
    return LABELS.get(media_type, "Bản gốc")


def original(article):
    """(label, url) for the article page's link to its original, or None when it has none."""
    media_type = ArticleOriginal.objects.filter(article=article).values_list("media_type", flat=True).first()
    if media_type is None:
        return None
    return original_label(media_type), reverse("archive:article_original", kwargs={"slug": article.slug})


def article_original(request, slug):
    """The original as text, escaped, with the article's own text a link away."""
    article = get_object_or_404(Article.objects.select_related("province").defer("raw_text", "body"), slug=slug)
    original = get_object_or_404(ArticleOriginal, article=article)
    province = [(article.province.display_name, article.province.get_absolute_url())] if article.province else []
    crumbs = [("Trang chủ", reverse("archive:home")), *province, (article.title, article.get_absolute_url()),
              ("Bản gốc", reverse("archive:article_original", kwargs={"slug": article.slug}))]
    return render(request, "archive/article_original.html", {
        "article": article, "original": original, "label": original_label(original.media_type),
        "breadcrumbs": crumbs,
        "canonical": reverse("archive:article_original", kwargs={"slug": article.slug}),
    })


def article_original_file(request, slug):
    """The original itself, as plain text (never text/html: see the module's docstring)."""
    original = get_object_or_404(ArticleOriginal.objects.select_related("article").only(
        "content", "media_type", "article__slug"), article__slug=slug)
    response = HttpResponse(original.content, content_type="text/plain; charset=utf-8")
    suffix = "html" if original.media_type == "text/html" else "json"
    response["Content-Disposition"] = f'inline; filename="{original.article.slug}.{suffix}.txt"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
