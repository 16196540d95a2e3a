"""The admin site: every page needs a staff account verified by a second factor."""

from django.conf import settings
from django_otp.admin import OTPAdminSite

from accounts.forms import StaffAuthenticationForm


class StaffAdminSite(OTPAdminSite):
    """django-otp's admin site, keeping the usual ``admin`` name so ``admin:`` URLs work.

    ``OTPAdminSite.has_permission`` adds ``request.user.is_verified()`` to the staff
    check, and Django consults ``has_permission`` for the index, app pages, every
    ModelAdmin view and every view wrapped in ``admin_site.admin_view``.
    """

    login_form = StaffAuthenticationForm
    login_template = "admin/login.html"
    site_header = "MMN Patient Portal: staff"
    site_title = "MMN Patient Portal staff"
    index_title = "Site administration"

    def __init__(self, name: str = "admin"):
        super().__init__(name)

    def each_context(self, request):
        context = super().each_context(request)
        context["axes_failure_limit"] = settings.AXES_FAILURE_LIMIT
        return context
