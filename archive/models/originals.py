"""The original an article was made from, when it is not the text itself: a saved web page or a
row of a crawl export.

The article's ``raw_text`` is the text the extractor read (every span points into it); this row
keeps what came in (the page's HTML, the row as JSON) so that a reader can check the text against
it. It lives in a table of its own so that lists of articles never load pages. Must never be
rendered as HTML: it is shown as text.
"""
from django.db import models


class ArticleOriginal(models.Model):
    article = models.OneToOneField("archive.Article", on_delete=models.CASCADE, related_name="original",
                                   verbose_name="bài viết")
    media_type = models.CharField("loại", max_length=60)  # text/html, application/json (a row)
    content = models.TextField("bản gốc")
    url = models.URLField("địa chỉ đã tải", max_length=1000, blank=True)  # when fetched by ingest --urls
    fetched = models.DateTimeField("tải lúc", null=True, blank=True)

    class Meta:
        verbose_name = "bản gốc của bài"
        verbose_name_plural = "bản gốc của bài"

    def __str__(self):
        return f"{self.media_type}: {self.article_id}"
