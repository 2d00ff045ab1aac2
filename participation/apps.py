from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Participation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The registries other apps add to (budgets does, from its own ready()): notification audiences,
        # report kinds, open datasets.
        from .notifications import kinds
        from .opendata.datasets import register_participation_datasets
        from .pdf_reports.kinds import register_kinds

        kinds.register()
        register_kinds()
        register_participation_datasets()
