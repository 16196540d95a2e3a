"""Staff accounts in the admin: a profile on the user page, and second-factor devices
that can be seen and removed but never read.

django-otp's own device admins show a TOTP key on the add page, and its static-device
admin lists every recovery code inline whatever OTP_ADMIN_HIDE_SENSITIVE_DATA says.
Devices are made only by the enrolment commands (accounts/services.py), which show the
secret once; here they are replaced by list-and-delete admins with no secret fields.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import StaffProfile


class DeviceAdmin(admin.ModelAdmin):
    """Who has which device and when it was last used; delete to make someone re-enrol."""

    list_display = ("user", "name", "created_at", "last_used_at", "confirmed")
    list_select_related = ("user",)
    search_fields = ("user__username", "name")
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def lookup_allowed(self, lookup, value, request=None):
        """Only the list's own filters: Django would otherwise answer any filter on the
        model's own fields (`?key__startswith=a`), and so tell a key digit by digit."""
        return lookup.split("__", 1)[0] in (self.list_filter or ())


for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, DeviceAdmin)


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = True
    extra = 0
    max_num = 1
    verbose_name_plural = "name and role shown on pages this person approves"


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = [StaffProfileInline]
