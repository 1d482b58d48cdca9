from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "factcheck.partners"
    label = "partners"
    verbose_name = _("Partner feed")

    def ready(self):
        from factcheck.partners import webhooks  # noqa: F401  (the receiver of verdict_released)
