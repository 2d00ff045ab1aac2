"""Routes of the budgets API, mounted at /api/v1/ by config/urls.py next to participation.api.urls."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(trailing_slash=True)
router.register("budgets", views.BudgetViewSet, basename="api-budget")
router.register("budget-projects", views.BudgetProjectViewSet, basename="api-budget-project")
router.register("voters", views.VoterViewSet, basename="api-voter")

urlpatterns = router.urls
