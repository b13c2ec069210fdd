from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Log in with the e-mail address, case-insensitively."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = kwargs.get("email", username)
        if email:
            email = email.strip().lower()
        return super().authenticate(request, username=email, password=password)
