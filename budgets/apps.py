from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = _("Participatory budgets")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The budget results report joins the report kinds of participation.pdf_reports.
        from .pdf_reports import register_kinds

        register_kinds()
