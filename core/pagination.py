from django.core.paginator import Paginator


def page_of(queryset, number, size, count=None):
    """The page ``number`` (as given in the query string) of ``queryset``, or the nearest one,
    and whether the one asked for was replaced (its template then says so). ``count``, when
    the caller has counted ``queryset`` already, saves counting it again."""
    paginator = Paginator(queryset, size)
    if count is not None:
        paginator.count = count
    page = paginator.get_page(number)
    # The numbers its navigation links to: the first, the last, two around it, "…" between.
    page.numbers = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return page, number is not None and number != str(page.number)
