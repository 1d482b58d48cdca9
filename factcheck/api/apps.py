from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "factcheck.api"
    label = "api"
    verbose_name = _("Partner feed")

    def ready(self):
        from factcheck.api import schema, webhooks  # noqa: F401  (schema extensions, receivers)
