"""Configuring the catalogue (items, their form versions) and submitting requests.

Admins configure items: `save_item` (with the approval chain checked by moked.approvals.chains
and the fulfilment plan by moked.fulfilment.plans) and `new_form_version` (a form is never
edited: each change is a new version, and a request keeps the one it was made with).

`submit_request` is how a request is made, from the portal, the API or the phone desk: the
answers are checked with the item's current form, a service-request ticket is opened, and the
request goes on to approval and fulfilment (moked.servicerequests.flow), all in one transaction.
Anyone may request for a colleague of their organisation (they then follow its ticket).
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from moked.approvals.chains import InvalidChain, check_chain
from moked.catalog import request_forms as rf
from moked.fulfilment.plans import InvalidPlan, check_plan
from moked.multilingual import in_language
from moked.people.access import can_see_organisation
from moked.people.models import CLIENT_ROLES, ClientGroup, Person, SupportGroup
from moked.people.permissions import require
from moked.tickets import services as tickets
from moked.tickets.models import Channel, EventChannel, TicketType

from . import flow
from .models import Audience, CatalogItem, RequestForm, ServiceRequest
from .permissions import in_audience
from .selectors import labelled_answers
from .texts import answers_text

# What save_item sets, in the order the admin and the API show it.
ITEM_FIELDS = (
    "organisation",
    "code",
    "name",
    "description",
    "icon",
    "service",
    "category",
    "delivery_days",
    "audience",
    "groups",
    "fulfilment_group",
    "approval_steps",
    "fulfilment_plan",
    "is_active",
)
MAX_NAME = 200
MAX_DESCRIPTION = 2000


def _messages(problems: Iterable[Any]) -> list[str]:
    """Problems of a pure checker (message template and parameters, or plain text), translated."""
    found = []
    for problem in problems:
        if isinstance(problem, tuple) and len(problem) == 2:
            template, params = problem
            found.append(_(template) % params if params else _(template))
        else:
            found.append(str(problem))
    return found


def _texts(value: object, *, required: bool, limit: int) -> tuple[dict[str, str], str | None]:
    """A text per language, cleaned, or why not."""
    if value in (None, "", {}):
        return {}, (_("Give it in English at least.") if required else None)
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, Mapping) or any(
        language not in rf.LANGUAGES or not isinstance(text, str) for language, text in value.items()
    ):
        return {}, _("Give one text per language: en, he, fa, fi.")
    cleaned = {language: text.strip() for language, text in value.items() if text.strip()}
    if any(len(text) > limit or "\x00" in text for text in cleaned.values()):
        return {}, _("Each text has at most %(limit)s characters.") % {"limit": limit}
    if required and not cleaned.get("en"):
        return {}, _("Give it in English at least.")
    return cleaned, None


def _check_chain(item: CatalogItem, errors: dict) -> None:
    try:
        item.approval_steps = check_chain(item.approval_steps)
    except InvalidChain as invalid:
        errors["approval_steps"] = _messages(invalid.problems)
        return
    people, groups = set(), set()
    for step in item.approval_steps:
        for approver in step.get("approvers", []):
            if approver.get("kind") == "person":
                people.add(approver.get("person"))
            elif approver.get("kind") == "group":
                groups.add(approver.get("group"))
    found = Person.objects.filter(pk__in=people, is_active=True)
    if item.organisation_id is not None:  # the organisation's people, or the provider's staff
        found = found.filter(Q(organisation_id=item.organisation_id) | Q(organisation__isnull=True))
    if len(set(found.values_list("pk", flat=True))) != len(people):
        errors["approval_steps"] = [_("An approver named is not an active person of the organisation.")]
    if groups:
        known = ClientGroup.objects.filter(pk__in=groups)
        if item.organisation_id is None:
            errors["approval_steps"] = [_("A shared item cannot ask one organisation's group to approve.")]
        elif set(known.filter(organisation_id=item.organisation_id).values_list("pk", flat=True)) != groups:
            errors["approval_steps"] = [_("An approving group is not a group of the organisation.")]


def _form_keys(fields) -> list[str]:
    return [field["key"] for field in fields]


def _check_plan(item: CatalogItem, errors: dict, *, form_keys, where: str = "fulfilment_plan") -> None:
    """The plan checked (moked.fulfilment.plans), its answers named among the form's keys, and
    its tasks' groups active support groups."""
    try:
        item.fulfilment_plan = check_plan(item.fulfilment_plan, answer_keys=form_keys)
    except InvalidPlan as invalid:
        errors[where] = _messages(invalid.problems)
        return
    groups = {task.get("group") for task in item.fulfilment_plan.get("tasks", [])} - {None}
    if len(SupportGroup.objects.filter(pk__in=groups, is_active=True)) != len(groups):
        errors["fulfilment_plan"] = [_("A task's group is not an active support group.")]


def item_problems(item: CatalogItem, *, groups=None, form=None) -> dict[str, Any]:
    """What is wrong with `item` as set (its texts made clean on it, its chain and plan put in
    stored form), by field: {} when it may be saved. `groups`: the client groups it is to have
    (None: those it has); `form`: the form it is to have (None: its current one)."""
    errors: dict[str, Any] = {}
    for field, required, limit in (("name", True, MAX_NAME), ("description", False, MAX_DESCRIPTION)):
        cleaned, problem = _texts(getattr(item, field), required=required, limit=limit)
        setattr(item, field, cleaned)
        if problem:
            errors[field] = problem
    if item.service_id and item.service.organisation_id != item.organisation_id:
        errors["service"] = _("Choose a service of the item's organisation (a shared item has none).")
    if item.category_id and not item.category.is_usable_by(item.organisation_id):
        errors["category"] = _("Choose a category of the item's organisation, or a shared one.")
    chosen = list(groups) if groups is not None else (list(item.groups.all()) if item.pk else [])
    if item.organisation_id is not None and any(g.organisation_id != item.organisation_id for g in chosen):
        errors["groups"] = _("Choose groups of the item's organisation.")
    elif item.audience == Audience.GROUPS and not chosen:
        errors["groups"] = _("Choose the groups whose members may request it.")
    if item.fulfilment_group_id and not item.fulfilment_group.is_active:
        errors["fulfilment_group"] = _("Choose an active group.")
    if not isinstance(item.approval_steps, list):
        errors["approval_steps"] = _("The approval chain is a list of steps.")
    elif item.approval_steps:
        _check_chain(item, errors)
    if not isinstance(item.fulfilment_plan, dict):
        errors["fulfilment_plan"] = _("The fulfilment plan is an object of tasks and actions.")
    elif item.fulfilment_plan:
        form_keys = _form_keys(form) if _is_form(form) else _form_keys(_current_fields(item))
        _check_plan(item, errors, form_keys=form_keys)
    try:
        item.full_clean(exclude=list(errors))
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    return errors


def save_item(actor: Person, item: CatalogItem | None, *, form=None, **fields) -> CatalogItem:
    """Create (`item` None) or change a catalogue item; admins only. `form`, if given, is the
    item's form (a list of fields): a new version of it is written when it differs from the
    current one. Returns the item as saved; refused with a ValidationError naming each field."""
    require(actor, "servicerequests.configure_items", message=_("Only admins configure the catalogue."))
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ValidationError({field: _("This field cannot be set here.") for field in sorted(unknown)})
    creating = item is None
    if creating:
        item = CatalogItem()
    else:
        item = CatalogItem.objects.get(pk=item.pk)
    groups = fields.pop("groups", None)
    for field, value in fields.items():
        setattr(item, field, value)
    errors = item_problems(item, groups=groups, form=form)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item.updated_at = timezone.now()
        if creating:
            item.created_at = item.updated_at
        item.save()
        if groups is not None:
            item.groups.set(groups)
        if form is not None:
            new_form_version(actor, item, form)
    return item


def _is_form(form) -> bool:
    return isinstance(form, list) and all(isinstance(field, Mapping) and "key" in field for field in form)


def _current_fields(item: CatalogItem) -> list:
    current = item.current_form() if item.pk else None
    return current.fields if current is not None else []


def check_form_fields(fields: object) -> list[dict[str, Any]]:
    """The form's fields in stored form (request_forms.check_form), or a ValidationError whose
    messages are its problems, under "form"."""
    try:
        return rf.check_form(fields)
    except rf.InvalidForm as invalid:
        raise ValidationError({"form": _messages(invalid.problems)}) from None


def new_form_version(actor: Person, item: CatalogItem, fields: object) -> RequestForm:
    """The item's form as `fields`, checked (request_forms.check_form): a new version, unless
    it is the current one unchanged (which is returned). Admins only; versions are never edited."""
    require(actor, "servicerequests.configure_items", message=_("Only admins configure the catalogue."))
    cleaned = check_form_fields(fields)
    if item.fulfilment_plan:  # the plan may name answers: they must stay in the form
        errors: dict[str, Any] = {}
        _check_plan(item, errors, form_keys=_form_keys(cleaned), where="form")
        if errors:
            raise ValidationError(errors)
    with transaction.atomic():
        CatalogItem.objects.select_for_update().filter(pk=item.pk).first()  # one new version at a time
        current = item.current_form()
        if current is not None and current.fields == cleaned:
            return current
        last = item.forms.aggregate(last=Max("version"))["last"] or 0
        return RequestForm.objects.create(item=item, version=last + 1, fields=cleaned, created_by=actor)


def token_of(upload) -> str:
    """How an attachment answer names its file: the file's name (at most 100 characters)."""
    return str(upload.name)[:100]


def _uploads(files) -> list:
    return list(files.values()) if isinstance(files, Mapping) else list(files)


def _parties(actor: Person, requested_by, requested_for) -> tuple[Person, Person]:
    """Who asks (the ticket's requester) and for whom, checked."""
    if not actor.is_active:
        raise PermissionDenied(_("Your account is disabled."))
    if actor.is_client:
        if requested_by is not None and requested_by.pk != actor.pk:
            raise PermissionDenied(_("You can make requests only as yourself."))
        requested_by = actor
    else:
        requested_by = requested_by or requested_for
        if requested_by is None:
            raise ValidationError(
                {"requested_by": ValidationError(_("Choose the person who asks."), code="required")}
            )
        if requested_by.role not in CLIENT_ROLES or not can_see_organisation(
            actor, requested_by.organisation_id
        ):
            raise ValidationError(
                {
                    "requested_by": ValidationError(
                        _("Choose a person of an organisation you serve."), code="invalid"
                    )
                }
            )
    requested_for = requested_for or requested_by
    if not requested_for.is_active or requested_for.organisation_id != requested_by.organisation_id:
        raise ValidationError(
            {
                "requested_for": ValidationError(
                    _("A request can be made only for a person of the same organisation."), code="invalid"
                )
            }
        )
    return requested_by, requested_for


def submit_request(
    actor: Person,
    item: CatalogItem,
    answers: Mapping[str, Any],
    *,
    requested_for: Person | None = None,
    requested_by: Person | None = None,
    channel: str,
    files=(),
    at=None,
) -> ServiceRequest:
    """Request `item` with `answers` ({field key: value as sent}), for `requested_for` (default:
    the person asking), and return the request.

    The person asking is the actor, a client; or, when the provider's staff raise it (the phone
    desk: channel phone), `requested_by`, the caller (default: `requested_for`), the actor's
    being the recorded events. The answers are checked with the item's current form: hidden
    fields' values are dropped, a person answer must be an active person of the organisation, an
    attachment answer the name of one of `files` (uploads, or {field key: upload}), which are
    attached to the ticket. Refusals are a ValidationError keyed by field key (problems of the
    whole submission under NON_FIELD_ERRORS); nothing is written then.

    The ticket is a service request of the organisation, its subject the item's name in the
    asker's language with whom it is for, its description the answers in the organisation's
    language, its service, category and group the item's; then approval or fulfilment starts
    (moked.servicerequests.flow)."""
    requested_by, requested_for = _parties(actor, requested_by, requested_for)
    if actor.is_client and channel == Channel.PHONE:
        raise ValidationError(
            {"channel": ValidationError(_("Only the service desk takes requests by phone."), code="invalid")}
        )
    require(actor, "servicerequests.request_item", item, message=_("You may not request this item."))
    if not in_audience(requested_by, item):
        raise PermissionDenied(_("This item is not offered to %(name)s.") % {"name": requested_by.name})
    form = item.current_form()
    if form is None:
        raise ValidationError(_("This item cannot be requested yet: it has no form."))
    if not isinstance(answers, Mapping):
        raise ValidationError(_("Give the answers as an object of field keys."))
    organisation = requested_by.organisation
    uploads = {token_of(upload): upload for upload in _uploads(files)}
    checked = rf.clean_answers(
        form.fields,
        answers,
        known_people=lambda ids: Person.objects.filter(
            pk__in=ids, organisation_id=organisation.pk, is_active=True
        ).values_list("pk", flat=True),
        known_attachments=lambda tokens: [token for token in tokens if token in uploads],
    )
    if not checked.ok:
        raise ValidationError(
            {key or NON_FIELD_ERRORS: _messages(problems) for key, problems in checked.errors.items()}
        )
    kinds = {field["key"]: field["type"] for field in form.fields}
    kept_files = [uploads[value] for key, value in checked.values.items() if kinds[key] == rf.ATTACHMENT]
    subject, description = _ticket_texts(item, form, checked.values, requested_by, requested_for)
    service = item.service if item.service_id and item.service.organisation_id == organisation.pk else None
    category = item.category if item.category_id and item.category.is_usable_by(organisation.pk) else None
    event_channel = EventChannel.PHONE if channel == Channel.PHONE else channel
    ticket_fields = {
        "ticket_type": TicketType.SERVICE_REQUEST,
        "service": service,
        "category": category,
        "subject": subject,
        "files": kept_files,
        "at": at,
    }
    with transaction.atomic():
        ticket = _open_ticket(actor, item, requested_by, description, channel, ticket_fields)
        if requested_for.pk != requested_by.pk:
            tickets.add_followers(actor, ticket, [requested_for], channel=event_channel, at=ticket.created_at)
        service_request = ServiceRequest.objects.create(
            ticket=ticket,
            item=item,
            form=form,
            answers=checked.values,
            requested_by=requested_by,
            requested_for=requested_for,
            created_at=ticket.created_at,
        )
        flow.after_submit(service_request, channel=event_channel, at=at)
    return service_request


def _open_ticket(actor, item, requested_by, description, channel, fields):
    """The request's ticket: opened by the client who asks, then routed to the item's group
    (only the desk sets a group: the item, which the desk configured, does it here); or by the
    staff for the caller, a phone call logged as such."""
    group = item.fulfilment_group
    if actor.is_staff_member and channel == Channel.PHONE:
        return tickets.log_call(actor, caller=requested_by, notes=description, group=group, **fields)
    ticket = tickets.create_ticket(
        actor,
        organisation=requested_by.organisation,
        requester=requested_by,
        description=description,
        channel=channel,
        group=None if actor.is_client else group,
        **fields,
    )
    if actor.is_client and group is not None and ticket.group_id != group.pk:
        ticket = tickets.update_ticket(
            None, ticket, {"group": group}, channel=EventChannel.SYSTEM, at=ticket.created_at
        )
    return ticket


def _ticket_texts(item, form, values, requested_by, requested_for) -> tuple[str, str]:
    """The ticket's subject, in the asker's language, and description, in the organisation's."""
    with translation.override(requested_by.preferred_language):
        subject = _("%(item)s for %(person)s") % {
            "item": in_language(item.name, requested_by.preferred_language),
            "person": requested_for.name or requested_for.username,
        }
    language = requested_by.organisation.language
    rows = labelled_answers(form.fields, values, language)
    with translation.override(language):
        lines = [
            _("Requested by %(by)s for %(for)s.")
            % {
                "by": requested_by.name or requested_by.username,
                "for": requested_for.name or requested_for.username,
            },
        ]
        if rows:
            lines += ["", answers_text(rows)]
    return subject[:300], "\n".join(lines)
