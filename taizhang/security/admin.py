"""Second factors are managed on the security pages, audited; django-otp's own admin (which
shows the secret keys) is taken off the admin site."""

from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
