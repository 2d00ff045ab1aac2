"""Placette's REST API (`/api/v1/`), at the edge of the domain: input serializers check the shape, a service
does the work, output serializers render what a selector read. The domain never imports this package, and
this package never imports `budgets` (whose API lives in `budgets.api`). See docs/api.md."""
