from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = _("Participatory budgets")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Budgets, projects, results and anonymised ballots in participation's open data registry.
        from .opendata import register_budget_datasets

        register_budget_datasets()
        # The budget results and funded-project reports join the report kinds of participation.pdf_reports.
        from .pdf_reports import register_kinds

        register_kinds()
        # Vote reminders and followers of funded projects (participation.notifications).
        from .notifications import register

        register()
