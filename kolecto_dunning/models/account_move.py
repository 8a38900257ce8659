import logging
from datetime import timedelta

from psycopg2.errors import UniqueViolation

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL, email_normalize_all, format_date
from odoo.tools.sql import column_exists, create_column

_logger = logging.getLogger(__name__)

# Payment states for which a customer still owes the invoice.
UNPAID_STATES = ("not_paid", "partial")
# Who sees the emails and reminders of an invoice: not its portal customer.
BILLING_GROUPS = "account.group_account_invoice,account.group_account_readonly"
# How many batches may retry an invoice another worker was writing to.
MAX_CONCURRENCY_RETRIES = 3


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "kolecto.mail.draft.mixin"]

    mail_draft_template_id = fields.Many2one(groups=BILLING_GROUPS)
    mail_draft_partner_ids = fields.Many2many(groups=BILLING_GROUPS)
    mail_draft_subject = fields.Char(groups=BILLING_GROUPS)
    mail_draft_body = fields.Html(groups=BILLING_GROUPS)
    mail_draft_attachment_ids = fields.Many2many(groups=BILLING_GROUPS)

    # Reminder plan
    reminder_enabled = fields.Boolean(
        string="Send a reminder email to the client in case of late payment",
        compute="_compute_reminder_enabled",
        store=True,
        readonly=False,
        copy=False,
        tracking=True,
        groups=BILLING_GROUPS,
    )
    reminder_first_date = fields.Date(
        string="First reminder",
        compute="_compute_reminder_first_date",
        inverse="_inverse_reminder_first_date",
        store=True,
        readonly=False,
        copy=False,
        tracking=True,
        groups=BILLING_GROUPS,
    )
    reminder_first_date_manual = fields.Boolean(
        copy=False,
        groups=BILLING_GROUPS,
    )
    reminder_interval = fields.Integer(
        string="Days between reminders",
        compute="_compute_reminder_interval",
        store=True,
        readonly=False,
        copy=False,
        groups=BILLING_GROUPS,
    )
    reminder_max_count = fields.Integer(
        string="Number of reminders",
        compute="_compute_reminder_max_count",
        store=True,
        readonly=False,
        copy=False,
        groups=BILLING_GROUPS,
    )
    reminder_template_id = fields.Many2one(
        comodel_name="mail.template",
        string="Reminder template",
        compute="_compute_reminder_template_id",
        store=True,
        readonly=False,
        copy=False,
        ondelete="restrict",
        domain=[("document_type", "=", "invoice"), ("email_type", "=", "reminder")],
        groups=BILLING_GROUPS,
    )
    reminder_email = fields.Char(
        string="Reminder recipients",
        compute="_compute_reminder_email",
        store=True,
        readonly=False,
        copy=False,
        help="One or more email addresses, separated by commas.",
        groups=BILLING_GROUPS,
    )
    reminder_paused_until = fields.Date(
        string="Reminders paused until",
        copy=False,
        tracking=True,
        help="No automatic reminder before this date (a promise to pay, a dispute).",
        groups=BILLING_GROUPS,
    )
    reminder_ids = fields.One2many(
        comodel_name="account.move.reminder",
        inverse_name="move_id",
        string="Reminders",
        readonly=True,
        groups=BILLING_GROUPS,
    )
    reminder_count = fields.Integer(
        string="Reminders sent",
        compute="_compute_reminder_count",
        store=True,
        groups=BILLING_GROUPS,
    )
    reminder_next_date = fields.Date(
        string="Next reminder",
        compute="_compute_reminder_next_date",
        store=True,
        index="btree_not_null",
        copy=False,
        help="Empty when the plan has nothing left to send.",
        groups=BILLING_GROUPS,
    )
    reminder_coming_dates = fields.Char(
        string="Coming reminders",
        compute="_compute_reminder_coming_dates",
        groups=BILLING_GROUPS,
    )
    mail_last_sent_at = fields.Datetime(
        string="Last email",
        compute="_compute_mail_last_sent_at",
        groups=BILLING_GROUPS,
        help="When an email was last sent to the customer for this document.",
    )
    mail_history_ids = fields.One2many(
        comodel_name="mail.message",
        inverse_name="res_id",
        string="Emails sent",
        domain=[
            ("model", "=", "account.move"),
            ("message_type", "=", "comment"),
            ("partner_ids", "!=", False),
        ],
        readonly=True,
        groups=BILLING_GROUPS,
    )
    mail_proposed_template_id = fields.Many2one(
        comodel_name="mail.template",
        string="Proposed template",
        compute="_compute_mail_proposed_template_id",
        groups=BILLING_GROUPS,
    )
    invoice_days_late = fields.Integer(
        string="Days late", compute="_compute_invoice_days_late"
    )
    late_penalties_applicable = fields.Boolean(
        string="Late-payment penalties apply",
        compute="_compute_late_penalties",
    )
    late_interest_amount = fields.Monetary(
        string="Late-payment interest",
        compute="_compute_late_penalties",
        currency_field="currency_id",
    )
    recovery_indemnity_amount = fields.Monetary(
        string="Recovery indemnity",
        compute="_compute_late_penalties",
        currency_field="currency_id",
    )

    def _auto_init(self):
        """Create the plan's stored columns before Odoo would compute them one
        invoice at a time: on a database holding many invoices, the install
        would take minutes. Their value on existing invoices is the empty one."""
        for fname, column_type in (
            ("reminder_enabled", "boolean"),
            ("reminder_first_date", "date"),
            ("reminder_interval", "int4"),
            ("reminder_max_count", "int4"),
            ("reminder_template_id", "int4"),
            ("reminder_email", "varchar"),
            ("reminder_count", "int4"),
            ("reminder_next_date", "date"),
            ("mail_draft_subject", "varchar"),
            ("mail_draft_body", "text"),
        ):
            if not column_exists(self.env.cr, "account_move", fname):
                create_column(self.env.cr, "account_move", fname, column_type)
        return super()._auto_init()

    # === COMPUTE METHODS ===

    @api.depends("move_type", "company_id")
    def _compute_reminder_enabled(self):
        for move in self:
            if not move.reminder_enabled:
                move.reminder_enabled = (
                    move.move_type == "out_invoice"
                    and move.company_id.reminder_auto_enable
                )

    @api.depends("invoice_date_due", "reminder_enabled")
    def _compute_reminder_first_date(self):
        """Follow the due date until the date is set by hand or used."""
        for move in self:
            if (
                not move.reminder_enabled
                or move.reminder_first_date_manual
                or move.reminder_count
                or not move.invoice_date_due
            ):
                continue
            move.reminder_first_date = move.invoice_date_due + timedelta(
                days=move.company_id.reminder_first_delay
            )

    def _inverse_reminder_first_date(self):
        for move in self:
            default = move.invoice_date_due and move.invoice_date_due + timedelta(
                days=move.company_id.reminder_first_delay
            )
            move.reminder_first_date_manual = move.reminder_first_date != default

    # One compute per field: a value written with the plan turned on (an
    # import, an API call) must not keep the others from their defaults.
    @api.depends("reminder_enabled")
    def _compute_reminder_interval(self):
        for move in self.filtered("reminder_enabled"):
            move.reminder_interval = (
                move.reminder_interval or move.company_id.reminder_interval
            )

    @api.depends("reminder_enabled")
    def _compute_reminder_max_count(self):
        for move in self.filtered("reminder_enabled"):
            move.reminder_max_count = (
                move.reminder_max_count or move.company_id.reminder_max_count
            )

    @api.depends("reminder_enabled")
    def _compute_reminder_template_id(self):
        default = self.env["mail.template"]._get_default_template("invoice", "reminder")
        for move in self.filtered("reminder_enabled"):
            move.reminder_template_id = (
                move.reminder_template_id
                or move.company_id.reminder_template_id
                or default
            )

    @api.depends("reminder_enabled", "partner_id")
    def _compute_reminder_email(self):
        for move in self.filtered("reminder_enabled"):
            move.reminder_email = move._get_reminder_recipient().email or False

    @api.depends("reminder_ids.state")
    def _compute_reminder_count(self):
        for move in self:
            move.reminder_count = len(
                move.reminder_ids.filtered(lambda r: r.state == "sent")
            )

    @api.depends(
        "reminder_enabled",
        "reminder_first_date",
        "reminder_interval",
        "reminder_max_count",
        "reminder_ids.state",
        "state",
        "move_type",
        "payment_state",
    )
    def _compute_reminder_next_date(self):
        for move in self:
            dates = move._get_reminder_dates(limit=1)
            move.reminder_next_date = dates[0] if dates else False

    @api.depends("reminder_next_date", "reminder_paused_until")
    @api.depends_context("lang")
    def _compute_reminder_coming_dates(self):
        for move in self:
            dates = move._get_reminder_dates()
            if move.reminder_paused_until:
                dates = [max(d, move.reminder_paused_until) for d in dates]
            formatted = [format_date(self.env, d) for d in dates]
            move.reminder_coming_dates = (
                _("next: %(next)s", next=formatted[0])
                + (_(", then %s", ", ".join(formatted[1:])) if formatted[1:] else "")
                if formatted
                else False
            )

    @api.depends("mail_history_ids")
    def _compute_mail_last_sent_at(self):
        """Derived from the messages sent to customers: no write on the
        invoice for each email, nothing to keep in sync."""
        last_dates = dict(
            self.env["mail.message"]._read_group(
                [
                    ("model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("message_type", "=", "comment"),
                    ("partner_ids", "!=", False),
                ],
                groupby=["res_id"],
                aggregates=["date:max"],
            )
        )
        for move in self:
            move.mail_last_sent_at = last_dates.get(move.id, False)

    @api.depends_context("lang")
    def _compute_mail_proposed_template_id(self):
        for move in self:
            move.mail_proposed_template_id = move._get_proposed_mail_template()

    @api.depends("invoice_date_due", "payment_state", "state", "move_type")
    def _compute_invoice_days_late(self):
        for move in self:
            move.invoice_days_late = move._get_days_late()

    @api.depends("invoice_days_late", "amount_residual", "commercial_partner_id")
    def _compute_late_penalties(self):
        """Statutory amounts owed for a late B2B invoice (French Code de
        commerce L441-10 and D441-5), in the invoice's currency."""
        for move in self:
            company = move.company_id
            days = move.invoice_days_late
            applicable = bool(
                days
                and company.late_penalties_in_reminders
                and not move.commercial_partner_id.is_consumer
            )
            move.late_penalties_applicable = applicable
            if not applicable:
                move.late_interest_amount = move.recovery_indemnity_amount = 0.0
                continue
            currency = move.currency_id
            move.late_interest_amount = currency.round(
                move.amount_residual * company.late_interest_rate / 100 * days / 365
            )
            move.recovery_indemnity_amount = company.currency_id._convert(
                company.late_indemnity_amount,
                currency,
                company,
                fields.Date.context_today(move),
            )

    # === CONSTRAINTS ===

    @api.constrains(
        "reminder_enabled",
        "reminder_first_date",
        "reminder_interval",
        "reminder_max_count",
        "reminder_template_id",
        "reminder_email",
    )
    def _check_reminder_plan(self):
        for move in self.filtered("reminder_enabled"):
            name = move.name if move.name and move.name != "/" else _("this invoice")
            if move.move_type != "out_invoice":
                raise ValidationError(
                    _(
                        "Reminder plans are for customer invoices only, not for %s.",
                        name,
                    )
                )
            if move.reminder_max_count < 1:
                raise ValidationError(
                    _("The reminder plan of %s needs at least one reminder.", name)
                )
            if move.reminder_interval <= 0 and move.reminder_max_count > 1:
                raise ValidationError(
                    _(
                        "The reminder plan of %s sends several reminders: set at "
                        "least one day between them.",
                        name,
                    )
                )
            if (
                move.reminder_first_date
                and move.invoice_date
                and move.reminder_first_date < move.invoice_date
            ):
                raise ValidationError(
                    _(
                        "The first reminder of %(name)s cannot come before the "
                        "invoice date (%(date)s).",
                        name=name,
                        date=format_date(self.env, move.invoice_date),
                    )
                )
            template = move.reminder_template_id
            if template and not template.active:
                raise ValidationError(
                    _(
                        "The template “%(template)s” is archived: choose an active "
                        "reminder template for %(name)s.",
                        template=template.name,
                        name=name,
                    )
                )
            if template and (
                template.document_type != "invoice" or template.email_type != "reminder"
            ):
                raise ValidationError(
                    _(
                        "The template “%(template)s” is not an invoice reminder: "
                        "choose a template of Document Invoice and Type Reminder "
                        "for %(name)s.",
                        template=template.name,
                        name=name,
                    )
                )
            if move.reminder_email:
                move._get_reminder_email_list()

    def _check_reminder_plan_complete(self):
        """A plan turned on by hand must be able to run: say what is missing.

        Plans the company puts on new invoices are not refused for a customer
        without email; the cron records the failure and asks for the address.
        """
        for move in self.filtered("reminder_enabled"):
            if move.state == "cancel":
                raise ValidationError(
                    _(
                        "%s is cancelled: it cannot have a reminder plan.",
                        move.display_name,
                    )
                )
            if not move.reminder_template_id:
                raise ValidationError(
                    _(
                        "Choose a reminder template for the plan of %s (or set the "
                        "company's in Settings > Invoicing > Payment reminders).",
                        move.display_name,
                    )
                )
            move._get_reminder_email_list()

    # === CRUD METHODS ===

    def _get_message_create_valid_field_names(self):
        """Override of `mail` to let the invoice's emails carry their template."""
        return super()._get_message_create_valid_field_names() | {"kolecto_template_id"}

    @api.model_create_multi
    def create(self, vals_list):
        moves = super().create(vals_list)
        for move, vals in zip(moves, vals_list, strict=True):
            if vals.get("reminder_enabled"):
                move._check_reminder_plan_complete()
        return moves

    def write(self, vals):
        res = super().write(vals)
        if vals.get("reminder_enabled"):
            self._check_reminder_plan_complete()
        return res

    def _post(self, soft=True):
        """Override of `account` to propose the first email of a posted
        customer document in its Mails tab, ready to adapt and send."""
        posted = super()._post(soft=soft)
        posted.filtered(
            lambda m: m.is_sale_document() and not m.mail_draft_template_id
        ).action_mail_draft_reset()
        return posted

    # === ACTION METHODS ===

    def action_mail_draft_send(self):
        for move in self:
            if move.state != "posted":
                raise UserError(
                    _(
                        "%s is not posted: confirm the invoice before sending it.",
                        move.display_name,
                    )
                )
        return super().action_mail_draft_send()

    @api.model
    def _action_apply_company_reminder_plan(self, company):
        """Put the company plan on the open customer invoices without one."""
        moves = self.search(
            [
                ("company_id", "=", company.id),
                ("move_type", "=", "out_invoice"),
                ("state", "in", ("draft", "posted")),
                ("payment_state", "in", UNPAID_STATES),
                ("reminder_enabled", "=", False),
            ]
        )
        moves.reminder_enabled = True
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "The reminder plan now applies to %s open invoices.", len(moves)
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    # === BUSINESS METHODS ===

    def _is_unpaid_customer_invoice(self):
        self.ensure_one()
        return (
            self.move_type == "out_invoice"
            and self.state == "posted"
            and self.payment_state in UNPAID_STATES
        )

    def _get_reminder_recipient(self):
        """The contact reminders go to, by the company's rule."""
        self.ensure_one()
        partner = self.partner_id
        if self.company_id.reminder_recipient == "invoice_address" and partner:
            invoice_address = partner.commercial_partner_id.child_ids.filtered(
                lambda p: p.type == "invoice" and p.email
            )[:1]
            partner = invoice_address or partner
        return partner

    def _get_reminder_email_list(self):
        """The plan's addresses, normalized; a clear error when one is wrong."""
        self.ensure_one()
        raw = (self.reminder_email or "").strip()
        if not raw:
            raise ValidationError(
                _(
                    "Set the email address reminders for %s go to (the customer "
                    "has none).",
                    self.display_name,
                )
            )
        if any(char in raw for char in "\r\n"):
            raise ValidationError(_("An email address cannot span several lines."))
        parts = [part.strip() for part in raw.split(",") if part.strip()]
        emails = [email_normalize_all(part) for part in parts]
        invalid = [
            part for part, found in zip(parts, emails, strict=True) if len(found) != 1
        ]
        if invalid:
            raise ValidationError(
                _(
                    "Not a valid email address in the reminder plan of %(name)s: "
                    "%(invalid)s",
                    name=self.display_name,
                    invalid=", ".join(invalid),
                )
            )
        return [found[0] for found in emails]

    def _get_reminder_dates(self, limit=None):
        """The coming dates of the plan, from what was actually sent."""
        self.ensure_one()
        if not (
            self.reminder_enabled
            and self.reminder_first_date
            and self.move_type == "out_invoice"
            and self.state == "posted"
            and self.payment_state in UNPAID_STATES
        ):
            return []
        sent = self.reminder_ids.filtered(lambda r: r.state == "sent").sorted(
            "sequence"
        )
        left = self.reminder_max_count - len(sent)
        if left <= 0:
            return []
        interval = timedelta(days=max(self.reminder_interval, 1))
        if sent:
            last = sent[-1]
            # A late (caught-up) or manual reminder moves the rest of the plan.
            start = max(last.scheduled_date, last.sent_at.date()) + interval
        else:
            start = self.reminder_first_date
        failed = self.reminder_ids.filtered(
            lambda r: r.state == "failed" and r.sequence > (sent[-1:].sequence or 0)
        )
        if failed:
            # Try again the day after the last attempt, not again the same day.
            last_attempt = max(failed.mapped("sent_at")).date()
            start = max(start, last_attempt + timedelta(days=1))
        count = min(left, limit or left)
        return [start + interval * i for i in range(count)]

    def _get_days_late(self):
        """Days since the due date of an unpaid customer invoice, else 0."""
        self.ensure_one()
        if not (self._is_unpaid_customer_invoice() and self.invoice_date_due):
            return 0
        return max((fields.Date.context_today(self) - self.invoice_date_due).days, 0)

    def _get_proposed_mail_template(self):
        """The template that fits this invoice today: the sending one, or the
        reminder whose delay best matches how late the invoice is."""
        self.ensure_one()
        Template = self.env["mail.template"]
        days_late = self._get_days_late()
        if days_late > 0:
            reminders = Template.search(
                [("document_type", "=", "invoice"), ("email_type", "=", "reminder")],
                order="reminder_delay, id",
            )
            if reminders:
                fitting = reminders.filtered(lambda t: t.reminder_delay <= days_late)
                return fitting[-1:] or reminders[:1]
        return self.env["account.move.send"]._get_default_mail_template_id(self)

    def _get_mail_draft_default_partners(self):
        return self.partner_id

    def _send_mail_draft(self):
        """Send the draft through Odoo's invoice sending: PDF, chatter, queue."""
        self.ensure_one()
        template = self.mail_draft_template_id
        is_reminder = (
            template.email_type == "reminder" if template else self._get_days_late() > 0
        )
        sequence = self._get_next_reminder_sequence() if is_reminder else 0
        extra_attachments = self.mail_draft_attachment_ids
        send = self.env["account.move.send"]
        send._generate_and_send_invoices(
            self,
            sending_methods={"email"},
            mail_template=template,
            mail_lang=template._render_lang(self.ids)[self.id]
            if template
            else self.partner_id.lang,
            mail_subject=self.mail_draft_subject,
            mail_body=self.mail_draft_body,
            mail_partner_ids=self.mail_draft_partner_ids.ids,
            mail_attachments_widget=send._get_mail_template_attachments_data(template)
            + [
                {"id": attachment.id, "name": attachment.name}
                for attachment in extra_attachments
            ],
        )
        self.is_move_sent = True
        if is_reminder:
            # Users do not write reminder rows: they record what was sent.
            self.env["account.move.reminder"].sudo().create(
                {
                    "move_id": self.id,
                    "sequence": sequence,
                    "scheduled_date": fields.Date.context_today(self),
                    "sent_at": fields.Datetime.now(),
                    "template_id": template.id,
                    "email_to": ", ".join(self.mail_draft_partner_ids.mapped("email")),
                    "mail_message_id": self._get_last_sent_message().id,
                    "origin": "manual",
                    "state": "sent",
                }
            )

    def _get_next_reminder_sequence(self):
        self.ensure_one()
        return max(self.reminder_ids.mapped("sequence"), default=0) + 1

    def _get_last_sent_message(self):
        self.ensure_one()
        return self.env["mail.message"].search(
            [
                ("model", "=", self._name),
                ("res_id", "=", self.id),
                ("message_type", "=", "comment"),
            ],
            order="id desc",
            limit=1,
        )

    # === CRON ===

    @api.model
    def _get_due_reminder_domain(self, today):
        return [
            ("reminder_next_date", "<=", today),
            ("reminder_enabled", "=", True),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "in", UNPAID_STATES),
            ("amount_residual", ">", 0),
            "|",
            ("reminder_paused_until", "=", False),
            ("reminder_paused_until", "<=", today),
            ("commercial_partner_id.reminder_excluded", "!=", True),
        ]

    @api.model
    def _lock_due_reminder_moves(self, today, limit, exclude_ids=()):
        """Due invoices, locked for this transaction; those another worker
        holds are skipped, so that two cron workers share the work."""
        domain = self._get_due_reminder_domain(today)
        if exclude_ids:
            domain.append(("id", "not in", list(exclude_ids)))
        query = self._search(domain, order="reminder_next_date, id", limit=limit)
        try:
            with self.env.cr.savepoint():
                rows = self.env.execute_query(
                    SQL("%s FOR UPDATE OF account_move SKIP LOCKED", query.select())
                )
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
            # Another worker changed them since this transaction began: they
            # are its work; what is left is for the next run.
            return self.browse()
        return self.browse(row[0] for row in rows)

    @api.model
    def _cron_send_due_reminders(self, batch_size=100, auto_commit=True):
        """Send every reminder due today, once, a batch per transaction."""
        today = fields.Date.context_today(self)
        done = 0
        processed = set()
        retries = {}
        while moves := self._lock_due_reminder_moves(today, batch_size, processed):
            processed.update(moves.ids)
            to_retry = moves._send_automatic_reminders(today)
            for move in to_retry:
                retries[move.id] = retries.get(move.id, 0) + 1
                if retries[move.id] < MAX_CONCURRENCY_RETRIES:
                    processed.discard(move.id)
            done += len(moves) - len(to_retry)
            remaining = self.search_count(
                self._get_due_reminder_domain(today)
                + [("id", "not in", list(processed))]
            )
            self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
            if auto_commit:
                # Each batch stands on its own: what was sent stays recorded
                # even if a later batch crashes.
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return done

    def _send_automatic_reminders(self, today):
        """Render each template once per language for the batch, then queue
        one email per invoice, each in its own savepoint.

        :return: the invoices to try again in a later transaction, because
            another worker was writing the same rows (e.g. their customer).
        """
        to_retry = self.browse()
        rendered = {}
        for template, moves in self.grouped("reminder_template_id").items():
            if not template.active:
                continue
            per_lang = template._classify_per_lang(moves.ids)
            for lang, (localized, ids) in per_lang.items():
                subjects = localized._render_field("subject", ids)
                bodies = localized._render_field(
                    "body_html", ids, options={"post_process": True}
                )
                for move_id in ids:
                    rendered[move_id] = (lang, subjects[move_id], bodies[move_id])
        for move in self:
            values = {
                "move_id": move.id,
                "sequence": move._get_next_reminder_sequence(),
                "scheduled_date": move.reminder_next_date,
                "template_id": move.reminder_template_id.id,
                "email_to": move.reminder_email,
                "origin": "automatic",
            }
            try:
                with self.env.cr.savepoint():
                    if move.id not in rendered:
                        raise UserError(
                            _("The reminder plan has no active template: choose one.")
                        )
                    # The row first: its unique (move, sequence) index is what
                    # stops a second worker from sending the same reminder.
                    reminder = (
                        self.env["account.move.reminder"]
                        .sudo()
                        .create(
                            {
                                **values,
                                "state": "sent",
                                "sent_at": fields.Datetime.now(),
                            }
                        )
                    )
                    reminder.mail_message_id = move._send_reminder_email(
                        *rendered[move.id]
                    )
            except UniqueViolation:
                _logger.info(
                    "Reminder %s of %s was sent by another worker",
                    values["sequence"],
                    move.name,
                )
            except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                to_retry |= move
            except Exception as error:  # noqa: BLE001 - one invoice never stops the batch
                if isinstance(error, UserError | ValidationError):
                    message = error.args[0]
                else:
                    _logger.exception("Payment reminder of %s failed", move.name)
                    message = str(error)
                move._record_failed_reminder(values, message)
        return to_retry

    def _send_reminder_email(self, lang, subject, body):
        """Queue the plan's reminder through Odoo's invoice sending: the stored
        PDF (generated only when missing), a customer message in the chatter."""
        self.ensure_one()
        send = self.env["account.move.send"]
        template = self.reminder_template_id
        # Odoo's settings for the PDF and e-invoice, without the mail part
        # that would render the template once more.
        move_data = send._get_default_sending_settings(self, sending_methods=set())
        move_data.update(
            {
                "sending_methods": {"email"},
                "mail_template": template,
                "mail_lang": lang,
                "mail_subject": subject,
                "mail_body": body,
                "mail_partner_ids": self._get_reminder_partners().ids,
                "mail_attachments_widget": send._get_mail_template_attachments_data(
                    template
                ),
                "author_partner_id": self.env.user.partner_id.id,
            }
        )
        if not self.invoice_pdf_report_id:
            send._generate_invoice_documents({self: move_data})
            if move_data.get("error"):
                raise UserError(send._format_error_text(move_data["error"]))
        send._send_mail(
            self,
            template,
            subtype_id=self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment"),
            model_description=self.with_context(lang=lang).type_name,
            email_from=send._get_mail_default_field_value_from_template(
                template, lang, self, "email_from"
            ),
            **send._get_mail_params(self, move_data),
        )
        return self._get_last_sent_message()

    def _get_reminder_partners(self):
        """Partners for the plan's addresses (Odoo notifies partners)."""
        self.ensure_one()
        Partner = self.env["res.partner"].with_company(self.company_id)
        partners = Partner
        for email in self._get_reminder_email_list():
            known = (
                self.partner_id if self.partner_id.email_normalized == email else None
            )
            partners |= known or Partner.find_or_create(email)
        return partners

    def _record_failed_reminder(self, values, message):
        """Keep the failure visible: a failed row, a note, an activity."""
        self.ensure_one()
        self.env["account.move.reminder"].sudo().create(
            {
                **values,
                "state": "failed",
                "error": message,
                "sent_at": fields.Datetime.now(),
            }
        )
        self.message_post(
            body=_("The payment reminder could not be sent: %s", message),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        if not self.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        ):
            self.activity_schedule(
                activity_type_id=activity_type.id,
                summary=_("Payment reminder failed"),
                note=message,
                user_id=(self.invoice_user_id or self.env.user).id,
            )
