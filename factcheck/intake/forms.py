"""The public forms: a claim to check, a correction request. Both are one form (SubmissionForm);
the correction request is tied to its verdict by the view, never by a field the reader sends."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxLengthValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from factcheck.intake import guards
from factcheck.models.intake import TEXT_MAX, WHERE_MAX

# Image formats a screenshot may be in, by what Pillow finds in the content (never by the name
# or the Content-Type the browser sent), and the extension the stored file gets.
SCREENSHOT_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "GIF": "gif"}
EMAIL_MAX = 254


def _limited(limit: int) -> list:
    # A validator, not max_length: max_length also sets the input's maxlength attribute, and a
    # browser cuts pasted text at it without a word. Here a long text comes back with an error
    # naming the field, the text intact.
    return [MaxLengthValidator(limit)]


class SubmissionForm(forms.Form):
    text = forms.CharField(
        label=_("The statement"),
        help_text=_("What was said or written, as exactly as you can quote it."),
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=_limited(TEXT_MAX),
    )
    seen_where = forms.CharField(
        label=_("Where you saw it"),
        help_text=_("A link, or a description: a channel, a newspaper, a broadcast and its date."),
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=_limited(WHERE_MAX),
    )
    screenshot = forms.FileField(
        label=_("Screenshot (optional)"),
        required=False,
        help_text=_("PNG, JPEG, WebP or GIF. Only the desk sees it."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/webp,image/gif"}
        ),
    )
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        required=False,
        help_text=_("Only if you want an answer. We use it for nothing else."),
        max_length=None,  # Django's default (320) would set maxlength: see _limited
        validators=_limited(EMAIL_MAX),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # The honeypot (guards.HONEYPOT): hidden from readers by the stylesheet and from assistive
    # technology by its label; left empty by people.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, kind: str = "claim", **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == "correction":
            self.fields["text"].label = _("What is wrong, and what is right")
            self.fields["text"].help_text = _(
                "Say which statement in the fact-check is wrong and what you believe is correct."
            )
            self.fields["seen_where"].label = _("Your evidence (optional)")
            self.fields["seen_where"].help_text = _(
                "Links or references that show the correct facts."
            )
            self.fields["seen_where"].required = False

    def honeypot_filled(self) -> bool:
        return bool(self.data.get(guards.HONEYPOT, "").strip())

    def clean_screenshot(self):
        upload: UploadedFile | None = self.cleaned_data.get("screenshot")
        if not upload:
            return None
        limit = settings.FACTCHECK_INTAKE_SCREENSHOT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The screenshot is %(size)s; at most %(limit)s is accepted."),
                code="too_large",
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        try:
            upload.seek(0)
            with Image.open(upload) as image:
                found = image.format
                image.verify()  # reads the whole file: a truncated or forged image fails here
        except (
            UnidentifiedImageError,
            OSError,
            SyntaxError,
            ValueError,
            Image.DecompressionBombError,
        ):
            found = None
        if found not in SCREENSHOT_FORMATS:
            raise forms.ValidationError(
                _("The screenshot must be a PNG, JPEG, WebP or GIF image."), code="not_an_image"
            )
        upload.seek(0)
        # A name of the desk's own choosing: the reader's file name is not kept.
        upload.name = f"{uuid.uuid4().hex}.{SCREENSHOT_FORMATS[found]}"
        return upload
