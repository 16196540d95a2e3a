from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    """Staff accounts: two-factor sign-in, enrolment commands and the demo account."""

    name = "accounts"
    verbose_name = "Staff accounts"


class StaffAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with a site that requires a verified second factor on every page.

    Listed in INSTALLED_APPS in place of ``django.contrib.admin``.
    """

    default = False
    default_site = "accounts.admin_site.StaffAdminSite"
