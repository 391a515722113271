"""Issue #25, 2: a query's words near each other rank above the same words far apart (the
plan's near-phrase clause), through the real search on a real index."""
import pytest

from archive import search
from archive.search import SearchParams
from tests import factories

FILLER = ("Các đại biểu thảo luận kế hoạch của tỉnh trong quý tới, nêu rõ những việc còn chậm, "
          "đề xuất cách làm phù hợp với từng địa phương và phân công người chịu trách nhiệm.")


@pytest.mark.django_db
def test_words_near_each_other_rank_above_the_same_words_far_apart():
    # The far one first: a tie would put it (the lower id) first.
    far = factories.article(title="Hội nghị giao ban quý II", paragraphs=[
        "Hội nghị bàn việc giải ngân của các huyện.", FILLER, "Vốn đầu tư công được nhắc lại ở cuối."])
    near = factories.article(title="Hội nghị giao ban quý III", paragraphs=[
        "Hội nghị bàn việc giải ngân vốn đầu tư công của các huyện.", FILLER, FILLER])
    search.index([near.pk, far.pk])
    for q in ("giải ngân đầu tư", "giai ngan dau tu"):
        hits = [hit.article.pk for hit in search.search(SearchParams(q=q)).hits]
        assert hits == [near.pk, far.pk], q
