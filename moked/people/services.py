"""Creating and changing people and groups.

Admins manage everyone. Agents and team leads may add and update client people of the
organisations they serve (a caller not yet known to the phone desk); client managers the end
users of their own organisation; everyone their own name, phone, language and time zone.
Only admins give the provider's roles, tiers and organisations served. Team leads manage the
members of the groups they lead.
"""

import hashlib
import re

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from moked.records import save_changes

from . import addresses
from .access import can_see_organisation
from .models import CLIENT_ROLES, ClientGroup, Person, Role, SupportGroup
from .permissions import require
from .selectors import person_by_address

SELF_SERVICE_FIELDS = frozenset({"name", "phone", "language", "timezone"})
CLIENT_FIELDS = SELF_SERVICE_FIELDS | {"email", "username", "role", "organisation", "is_active", "manager"}
ADMIN_FIELDS = CLIENT_FIELDS | {"tier", "organisations", "is_service_manager"}


def _may_manage_client(actor: Person, role: str, organisation_id: int | None) -> bool:
    if not actor.is_active or role not in CLIENT_ROLES or organisation_id is None:
        return False
    if actor.is_staff_member:
        return can_see_organisation(actor, organisation_id)
    return (
        actor.role == Role.CLIENT_MANAGER
        and role == Role.END_USER
        and organisation_id == actor.organisation_id
    )


def _allowed_fields(actor: Person, person: Person | None, role: str, organisation_id) -> frozenset[str]:
    if actor.is_active and actor.is_admin:
        return ADMIN_FIELDS
    if _may_manage_client(actor, role, organisation_id) and (
        person is None or _may_manage_client(actor, person.role, person.organisation_id)
    ):
        return CLIENT_FIELDS
    if person is not None and person.pk == actor.pk and actor.is_active:
        return SELF_SERVICE_FIELDS
    return frozenset()


def _apply(person: Person, fields: dict) -> list:
    organisations = fields.pop("organisations", None)
    for field, value in fields.items():
        setattr(person, field, value)
    if not person.username and person.email:
        person.username = _username_for(addresses.canonical(person.email))
    return organisations


def create_person(actor: Person, *, password: str | None = None, **fields) -> Person:
    role = fields.get("role", Role.END_USER)
    organisation = fields.get("organisation")
    allowed = _allowed_fields(actor, None, role, getattr(organisation, "pk", None))
    if not allowed:
        raise PermissionDenied(_("You may not add this person."))
    refused = set(fields) - allowed
    if refused:
        raise PermissionDenied(_("You may not set: %(fields)s.") % {"fields": ", ".join(sorted(refused))})
    person = Person()
    organisations = _apply(person, dict(fields))
    if not person.username:
        raise ValidationError(
            {"email": ValidationError(_("Give an e-mail address or a username."), code="required")}
        )
    if password:
        person.set_password(password)
    else:
        person.set_unusable_password()
    person.full_clean()
    with transaction.atomic():
        person.save()
        if organisations is not None:
            person.organisations.set(organisations)
    return person


def update_person(actor: Person, person: Person, changes: dict) -> Person:
    """Change a person; a new password may be set by admins only (people change their own when signed in)."""
    changes = dict(changes)
    password = changes.pop("password", None)
    if password:
        require(actor, "people.set_passwords", message=_("Only admins set another person's password."))
    role = changes.get("role", person.role)
    organisation = changes.get("organisation", person.organisation)
    allowed = _allowed_fields(actor, person, role, getattr(organisation, "pk", None))
    refused = set(changes) - allowed
    if not allowed or refused:
        raise PermissionDenied(
            _("You may not change: %(fields)s.") % {"fields": ", ".join(sorted(refused or changes))}
        )
    _keep_an_admin(actor, person, changes)
    organisations = changes.pop("organisations", None)

    def before_save(record):
        if password:
            record.set_password(password)

    def after_save(record):
        if organisations is not None:
            record.organisations.set(organisations)

    return save_changes(person, changes, before_save=before_save, after_save=after_save)


def _keep_an_admin(actor: Person, person: Person, changes: dict) -> None:
    """Refuse what would lock the provider out: an admin taking away their own admin role or
    account, or anyone removing the last active admin."""
    loses_admin = (
        person.is_admin
        and person.is_active
        and (changes.get("role", person.role) != Role.ADMIN or changes.get("is_active", True) is False)
    )
    if not loses_admin:
        return
    if person.pk == actor.pk:
        raise ValidationError(_("You cannot take away your own admin role or account; ask another admin."))
    if not Person.objects.filter(role=Role.ADMIN, is_active=True).exclude(pk=person.pk).exists():
        raise ValidationError(_("This is the last active admin; make someone else an admin first."))


def _require_group_manager(actor: Person, group: SupportGroup | None) -> None:
    require(
        actor,
        "people.manage_group",
        group,
        message=_("Only admins and the group's team leads manage a group."),
    )


def _check_group_people(members, leads) -> None:
    errors = {}
    if any(not m.is_staff_member for m in members):
        errors["members"] = _("Only the provider's agents, team leads and admins can be members of a group.")
    if any(lead.role not in (Role.TEAM_LEAD, Role.ADMIN) for lead in leads):
        errors["leads"] = _("A group is led by team leads or admins.")
    if errors:
        raise ValidationError(errors)


def create_group(actor: Person, *, members=(), leads=(), **fields) -> SupportGroup:
    _require_group_manager(actor, None)
    _check_group_people(members, leads)
    group = SupportGroup(**fields)
    group.full_clean()
    with transaction.atomic():
        group.save()
        group.members.set(members)
        group.leads.set(leads)
    return group


def update_group(actor: Person, group: SupportGroup, changes: dict) -> SupportGroup:
    """Admins change anything; a team lead of the group changes its members and description."""
    _require_group_manager(actor, group)
    if set(changes) - {"members", "description"}:
        require(
            actor,
            "people.configure_groups",
            message=_("Team leads change only a group's members and description."),
        )
    members, leads = changes.pop("members", None), changes.pop("leads", None)
    _check_group_people(members or (), leads or ())

    def after_save(record):
        if members is not None:
            record.members.set(members)
        if leads is not None:
            record.leads.set(leads)

    return save_changes(group, changes, after_save=after_save)


def set_two_factor_requirement(actor: Person, group: SupportGroup, required: bool) -> SupportGroup:
    """Require (or stop requiring) two-factor sign-in of the group's members and team leads.

    Admins may do both; the group's team leads may only require it (tighten, never loosen what an
    admin set). Anyone else gets PermissionDenied, and nothing changes. Those who have not set it
    up yet are sent to do so on their next page (moked.web.accounts.two_factor).
    """
    _require_group_manager(actor, group)
    if not required:
        require(actor, "people.configure_groups", message=_("Only admins stop requiring two-factor sign-in."))
    return save_changes(group, {"requires_two_factor": bool(required)})


def _check_client_group(organisation, members) -> None:
    if any(member.organisation_id != organisation.pk for member in members):
        raise ValidationError({"members": _("A group's members are people of its organisation.")})


def create_client_group(actor: Person, *, organisation, name: str, members=()) -> ClientGroup:
    """A group of a client organisation's people; admins, the staff serving the organisation and
    its client managers."""
    require(
        actor,
        "people.manage_client_groups",
        organisation,
        message=_("You may not manage this organisation's groups."),
    )
    _check_client_group(organisation, members)
    group = ClientGroup(organisation=organisation, name=name.strip())
    group.full_clean()
    with transaction.atomic():
        group.save()
        group.members.set(members)
    return group


def update_client_group(actor: Person, group: ClientGroup, changes: dict) -> ClientGroup:
    """Rename a client group or set its members (its organisation stays)."""
    require(
        actor,
        "people.manage_client_groups",
        group.organisation,
        message=_("You may not manage this organisation's groups."),
    )
    changes = dict(changes)
    if "organisation" in changes and changes.pop("organisation").pk != group.organisation_id:
        raise ValidationError({"organisation": _("A group stays in its organisation.")})
    members = changes.pop("members", None)
    if members is not None:
        _check_client_group(group.organisation, members)
    if "name" in changes:
        changes["name"] = changes["name"].strip()

    def after_save(record):
        if members is not None:
            record.members.set(members)

    return save_changes(group, changes, after_save=after_save)


def requester_for_email(actor: Person, organisation, email: str) -> Person:
    """The person with this address, if `actor` may see them and they belong to `organisation`;
    else a new end user of it, when the organisation takes requesters from its e-mail domains.

    Every refusal reads the same, so that nobody learns whether an address is known elsewhere.
    """
    email = addresses.canonical(email)
    refusal = ValidationError(
        {
            "requester_email": ValidationError(
                _("This address cannot be used as a requester of this organisation."),
                code="invalid_requester",
            )
        }
    )
    # By address alone: the address index finds one row, whatever the organisation's size.
    known = person_by_address(email)
    if known is not None:
        if known.organisation_id == organisation.pk and rules.has_perm("people.view_person", actor, known):
            return known
        raise refusal  # someone else's, or someone the actor may not see
    if not (organisation.auto_create_requesters and _in_domains(organisation, email)):
        raise refusal
    may_add = actor.is_staff_member or (
        actor.role == Role.CLIENT_MANAGER and actor.organisation_id == organisation.pk
    )
    if not (actor.is_active and may_add):
        raise refusal
    return _new_end_user(organisation, email)


def end_user_for_address(
    organisation, address: str, name: str = "", *, any_domain: bool = False
) -> Person | None:
    """A new end user for an address in one of the organisation's e-mail domains (or any address,
    for a public help desk), when the organisation takes requesters that way; None otherwise.
    For Moked's own intake (e-mail)."""
    address = addresses.canonical(address)
    if not (organisation.auto_create_requesters and (any_domain or _in_domains(organisation, address))):
        return None
    return _new_end_user(organisation, address, name)


def _in_domains(organisation, address: str) -> bool:
    """Whether the address is in one of the organisation's e-mail domains (kept in ASCII, so an
    internationalised domain is there in A-labels)."""
    domain = addresses.domain_of(address)
    return organisation.email_domains.filter(domain__in=addresses.domain_variants(domain)).exists()


def _new_end_user(organisation, address: str, name: str = "") -> Person:
    """A new end user without a usable password: one is set later, by a password reset.

    Raises ValidationError for an address no mail can reach (see people.addresses.is_valid).
    """
    person = Person(
        username=_username_for(address),
        email=address,
        name=(name.strip() or address.partition("@")[0])[:200],
        role=Role.END_USER,
        organisation=organisation,
    )
    person.set_unusable_password()
    # Both callers have just looked the address up, so the e-mail constraint (and the organisation
    # they hold) need no second query; a concurrent insert still fails on the database's constraint.
    person.full_clean(exclude=["organisation"], validate_constraints=False)
    person.save()
    return person


_USERNAME = re.compile(r"[\w.@+-]+")
_NOT_IN_USERNAME = re.compile(r"[^\w.@+-]+")
USERNAME_MAX = 150


def _username_for(address: str) -> str:
    """The address itself where it makes a valid username (letters, digits and @.+-_, at most 150),
    else what of it does, with a short digest of the whole address so that two addresses that
    differ only in the characters left out ("o'brien", "obrien") stay two people. People with
    such addresses sign in with the address: the username is only a key."""
    if _USERNAME.fullmatch(address) and len(address) <= USERNAME_MAX:
        if not Person.objects.filter(username=address).exists():
            return address
    digest = hashlib.sha256(address.encode()).hexdigest()[:10]
    kept = _NOT_IN_USERNAME.sub("", address)[: USERNAME_MAX - len(digest) - 1].strip(".")
    return f"{kept or 'user'}.{digest}"
