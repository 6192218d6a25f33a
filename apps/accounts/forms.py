from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Nama pengguna atau kata sandi salah. Perhatikan huruf besar/kecil."),
        "inactive": _("Akun ini tidak aktif. Hubungi administrator."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Nama pengguna")
        self.fields["password"].label = _("Kata sandi")

    def clean(self):
        # AuthenticationForm sets max_length after its validators exist, so a longer name
        # reached authenticate() and django-axes, whose attempt log then failed to store it.
        username = self.cleaned_data.get("username") or ""
        limit = get_user_model()._meta.get_field("username").max_length
        if len(username) > limit or "\x00" in username:
            raise self.get_invalid_login_error()
        return super().clean()
