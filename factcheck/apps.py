from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FactcheckConfig(AppConfig):
    name = "factcheck"
    verbose_name = _("Fact-check desk")

    def ready(self):
        from factcheck import cdn  # noqa: F401  (the CDN purge's receiver of verdict_released)
