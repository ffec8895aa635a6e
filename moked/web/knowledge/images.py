"""An article's images: uploading one (in the editor), removing one, and serving it to whoever may see the
article, staff and readers alike; to anyone else it does not exist."""

import rules
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from moked.knowledge import selectors, services

from ..common import refusals
from ..common.forms import BootstrapForm
from ..common.saving import attempt
from .access import article_or_404, staff_page


class ImageForm(BootstrapForm):
    image = forms.FileField(
        label=_("Add an image"), widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )


def image_addresses(person, article) -> dict[str, str]:
    """The images of `article` that `person` may see, each id to its address: what
    knowledge.rendering.render_markdown takes to show them."""
    if article is None:
        return {}
    return {
        str(pk): reverse("knowledge-image", args=[pk])
        for pk in selectors.article_images(person, article).values_list("pk", flat=True)
    }


def images_context(person, article, form=None, page: str = "") -> dict:
    """What web/knowledge/images.html shows: the article's images and the form to add one.
    `page`: the address of the page the card is on, when the card is drawn apart from it (htmx);
    its forms send the agent back there."""
    return {
        "article": article,
        "page": page,
        "images": list(selectors.article_images(person, article)),
        "image_form": form or ImageForm(),
        "may_add_images": rules.has_perm("knowledge.write", person, article),
    }


@staff_page
@require_POST
def upload(request, pk):
    """Add an image to the article. With htmx, the images' card is drawn again (with the refusal
    beside the field); otherwise the agent goes back to the page they came from."""
    person = request.user
    article = article_or_404(person, pk)
    if not rules.has_perm("knowledge.write", person, article):
        raise PermissionDenied
    form = ImageForm(request.POST, request.FILES)
    if form.is_valid():
        added = attempt(
            request, lambda: services.add_image(person, article, form.cleaned_data["image"]), form
        )
        if added is not None:
            form = None
    if request.htmx:
        page = request.htmx.current_url_abs_path or ""
        return render(request, "web/knowledge/images.html", images_context(person, article, form, page))
    if form is not None:
        refusals.keep_form_errors(request, form)
    return _back(request, article)


def _back(request, article):
    """To the page the agent came from (the article or its editor), if it is one of Moked's."""
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("knowledge-article", args=[article.pk])
    return redirect(back)


@staff_page
@require_POST
def remove(request, pk, image_pk):
    """Remove an image of the article (the page asked for confirmation first). An image of an
    article the agent may not see, or of another article, does not exist for them."""
    person = request.user
    article = article_or_404(person, pk)
    image = selectors.visible_image(person, image_pk)
    if image is None or image.article_id != article.pk:
        raise Http404
    if not rules.has_perm("knowledge.write", person, article):
        raise PermissionDenied
    if attempt(request, lambda: services.remove_image(person, image)):
        messages.success(request, _("The image %(name)s was removed.") % {"name": image.name})
    return _back(request, article)


@login_required
def serve(request, pk):
    image = selectors.visible_image(request.user, pk)
    if image is None:
        raise Http404
    try:
        file = image.file.open("rb")
    except OSError as missing:
        raise Http404 from missing
    return FileResponse(file, content_type=image.content_type, filename=image.name)
