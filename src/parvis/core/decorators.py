"""View decorators the pages of the platform and of its tools share."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.views.decorators.cache import never_cache


def allowed_only(predicate):
    """A decorator giving a view to the people `predicate(user)` accepts (a staff workspace):
    others get the login page (anonymous) or a 403; the page is never cached."""

    def decorate(view):
        @wraps(view)
        @login_required
        @never_cache
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
