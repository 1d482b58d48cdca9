"""Media evidence served safely, to readers and to the desk.

A file is served only with the type its content was found to be (sources.media.inspect: images
and video, never a type a browser runs), with nosniff so that no browser guesses another, the
archive's policy that lets nothing load or run (sources.archiving.views.POLICY) should a browser
render it as a document anyway, and a file name of our making. Readers get the media of public
citations only, by the same definition as the archived copy (factcheck.published.public.
citation_is_public: a published verdict cites it); the media of every other citation are 404.
"""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from factcheck.published import public
from sources.archiving.views import inert
from sources.media.services import EXTENSIONS
from sources.models import Media


def serve(media: Media, *, thumbnail: bool, cache: str) -> FileResponse:
    if not media.ready:
        raise Http404(_("This media item holds no file."))
    if thumbnail:
        if not media.thumbnail:
            raise Http404(_("No thumbnail of this media item yet."))
        stored, content_type, extension = media.thumbnail, "image/jpeg", "jpg"
    else:
        stored, content_type = media.file, media.content_type
        extension = EXTENSIONS[content_type]
    name = f"{media.sha256[:16]}{'-thumbnail' if thumbnail else ''}.{extension}"
    response = FileResponse(stored.open("rb"), content_type=content_type)
    response["Cache-Control"] = cache
    inert(response)  # nosniff, the policy, no referrer
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def public_media(media_id: int) -> Media:
    media = Media.objects.filter(pk=media_id, state=Media.State.READY).first()
    if media is None or not public.citation_is_public(media.citation_id):
        raise Http404(_("No published fact-check cites this."))
    return media


@require_safe
def media_file(request, media_id: int):
    """Readers' copy of a public citation's image or video."""
    return serve(public_media(media_id), thumbnail=False, cache="public, max-age=300")


@require_safe
def media_thumbnail(request, media_id: int):
    return serve(public_media(media_id), thumbnail=True, cache="public, max-age=300")


def staff_media(media_id: int, citation_id: int, *, thumbnail: bool):
    media = get_object_or_404(Media, pk=media_id, citation_id=citation_id)
    return serve(media, thumbnail=thumbnail, cache="private, no-store")
