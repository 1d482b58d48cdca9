from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "factcheck.partners"
    label = "partners"
    verbose_name = _("Partner feed")

    def ready(self):
        from factcheck.partners import webhooks  # noqa: F401  (the receiver of verdict_released)
        from factcheck.partners.access import forget_keys
        from factcheck.partners.models import ApiKey, Partner

        # Keys checked recently are remembered per process (access.KeyMemory): whatever saves a
        # key or a partner (services, the admin) makes this process check every key again.
        for model in (ApiKey, Partner):
            post_save.connect(forget_keys, sender=model, dispatch_uid=f"forget-keys-{model}")
            post_delete.connect(forget_keys, sender=model, dispatch_uid=f"forget-keys-d-{model}")
