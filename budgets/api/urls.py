"""Routes of the budgets API, mounted at /api/v1/ by config/urls.py next to participation.api.urls."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(trailing_slash=True)
router.register("budgets", views.BudgetViewSet, basename="api-budget")
router.register("budget-projects", views.BudgetProjectViewSet, basename="api-budget-project")
router.register("funded-projects", views.FundedProjectViewSet, basename="api-funded-project")
router.register("funded-project-updates", views.FundedUpdateViewSet, basename="api-funded-update")
router.register("funded-project-milestones", views.FundedMilestoneViewSet, basename="api-funded-milestone")
router.register("funded-project-expenses", views.FundedExpenseViewSet, basename="api-funded-expense")
router.register("associations", views.AssociationViewSet, basename="api-association")
router.register("voters", views.VoterViewSet, basename="api-voter")

urlpatterns = router.urls
