"""Routes of the participation API, mounted at /api/v1/ by config/urls.py (with the budgets routes, the
schema and the documentation pages)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(trailing_slash=True)
router.register("areas", views.AreaViewSet, basename="api-area")
router.register("categories", views.CategoryViewSet, basename="api-category")
router.register("processes", views.ProcessViewSet, basename="api-process")
router.register("phases", views.PhaseViewSet, basename="api-phase")
router.register("proposals", views.ProposalViewSet, basename="api-proposal")
router.register("comments", views.CommentViewSet, basename="api-comment")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    *router.urls,
]
