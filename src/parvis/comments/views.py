"""Posting, replying to, editing and deleting comments. Each answer returns to the page
of the commented object; a refused contribution shows the form again with the reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parvis.comments import permissions, registry, services
from parvis.comments.forms import CommentForm, TargetForm
from parvis.comments.models import Comment
from parvis.core.forms import add_domain_error
from parvis.moderation.services import ContributionRefused

REFUSALS = (services.CommentError, ContributionRefused)


def form_page(request, form, *, title, target, comment=None, target_form=None):
    context = {"form": form, "title": title, "target": target, "comment": comment,
               "target_form": target_form}
    return render(request, "comments/form_page.html", context)


def commented(request, comment: Comment):
    """The object a comment is about, if commentable and visible to the reader."""
    target = registry.target_of(comment.content_type_id, comment.object_id, request.user)
    if target is None:
        raise Http404
    return target


def comment_or_404(pk) -> Comment:
    return get_object_or_404(Comment.objects.select_related("author"), pk=pk)


def published(request, comment: Comment, target, message: str):
    messages.success(request, message)
    return redirect(services.comment_url(comment, target))


@require_POST
@login_required
def post(request):
    target_form = TargetForm(request.POST)
    target = (
        registry.target_of(target_form.cleaned_data["content_type"],
                           target_form.cleaned_data["object_id"], request.user)
        if target_form.is_valid() else None
    )
    if target is None:
        raise Http404
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = services.post_comment(target, request.user, form.cleaned_data["body"])
        except REFUSALS as exc:
            add_domain_error(form, exc)
        else:
            return published(request, comment, target, _("Votre commentaire est publié."))
    return form_page(request, form, title=_("Commenter"), target=target,
                     target_form=target_form)


@login_required
def reply(request, pk):
    parent = comment_or_404(pk)
    target = commented(request, parent)
    form = CommentForm(request.POST or None)
    if form.is_valid():
        try:
            comment = services.post_comment(target, request.user, form.cleaned_data["body"],
                                            parent=parent)
        except REFUSALS as exc:
            add_domain_error(form, exc)
        else:
            return published(request, comment, target, _("Votre réponse est publiée."))
    return form_page(request, form, title=_("Répondre"), target=target, comment=parent)


@login_required
def edit(request, pk):
    comment = comment_or_404(pk)
    target = commented(request, comment)
    # Only the author; one whose edit window closed while writing is told why on the form.
    if not permissions.is_author(request.user, comment) or (
        request.method != "POST" and not permissions.can_edit(request.user, comment)
    ):
        raise PermissionDenied
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if form.is_valid():
        try:
            services.edit_comment(comment, request.user, form.cleaned_data["body"])
        except REFUSALS as exc:
            add_domain_error(form, exc)
        else:
            return published(request, comment, target, _("Votre commentaire est modifié."))
    return form_page(request, form, title=_("Modifier mon commentaire"), target=target)


@login_required
def delete(request, pk):
    comment = comment_or_404(pk)
    target = commented(request, comment)
    if not permissions.can_delete(request.user, comment):
        raise PermissionDenied
    if request.method == "POST":
        services.delete_comment(comment, request.user)
        return published(request, comment, target, _("Votre commentaire est supprimé."))
    return render(request, "comments/delete.html", {"comment": comment, "target": target})
