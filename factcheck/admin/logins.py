"""django-axes' access attempts, with its "Clean up expired attempts" action made to work.

axes' action computes the cool-off threshold from `request.axes_attempt_time`, which axes sets
only on a login request: run from the admin, the action raised AttributeError (a 500 for any
administrator who tried it; found by tests/test_permission_matrix.py). Here the admin request
gets the time axes would have given it, now, so the threshold is "cool-off ago" as intended.
"""

from axes import admin as axes_admin  # registers axes' ModelAdmins now, so they can be replaced
from axes.models import AccessAttempt
from django.contrib import admin
from django.utils import timezone


class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    @admin.action(
        description=axes_admin.AccessAttemptAdmin.cleanup_expired_attempts.short_description
    )
    def cleanup_expired_attempts(self, request, queryset):
        if not hasattr(request, "axes_attempt_time"):
            request.axes_attempt_time = timezone.now()
        return super().cleanup_expired_attempts(request, queryset)


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)
    admin.site.register(AccessAttempt, AccessAttemptAdmin)
