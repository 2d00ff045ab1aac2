"""Page-number pagination: `?page=N&page_size=M` (at most 100, default 25). Answers carry `count`, `next`,
`previous` and `results`. A page past the end is a 404 `not_found`."""

from rest_framework.pagination import PageNumberPagination


class PagePagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
