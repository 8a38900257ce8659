import re
from datetime import date

import polib
from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationModuleReader

from .common import KolectoDunningCommon

# What a translation must carry over unchanged: Python's %-placeholders, inline
# template expressions, and the QWeb attributes of the email bodies.
PLACEHOLDER_RE = re.compile(
    r"%\(\w+\)[sdfr]|%[sdfr]|\{\{.*?\}\}|\bt-[\w-]+=\"[^\"]*\"", re.DOTALL
)


@tagged("post_install", "-at_install")
class TestI18nCatalog(TransactionCase):
    """<module>/i18n/fr.po translates every term the module has now (the
    companion modules subclass this test with their own MODULE).

    When this fails after a change of the code, run `make i18n` and translate
    the new terms in fr.po.
    """

    MODULE = "kolecto_dunning"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.po = polib.pofile(file_path(f"{cls.MODULE}/i18n/fr.po"))
        cls.translations = {
            entry.msgid: entry for entry in cls.po if not entry.obsolete
        }
        # The reader reads the records in that language: it must be active.
        cls.env["res.lang"]._activate_lang("fr_FR")
        reader = TranslationModuleReader(cls.env.cr, modules=[cls.MODULE], lang="fr_FR")
        cls.terms = {row[4] for row in reader if row[0] == cls.MODULE}

    def test_catalog_header(self):
        self.assertEqual(self.po.metadata.get("Language"), "fr")
        self.assertTrue(
            self.po.metadata.get("Plural-Forms", "").startswith("nplurals=")
        )

    def test_every_term_translated(self):
        self.assertTrue(self.terms, "the module exports no term: the reader is broken")
        missing = sorted(t for t in self.terms if t not in self.translations)
        untranslated = sorted(
            t
            for t in self.terms
            if t in self.translations and not self.translations[t].msgstr.strip()
        )
        fuzzy = sorted(entry.msgid for entry in self.po.fuzzy_entries())
        self.assertFalse(
            missing,
            msg="terms missing from fr.po (run `make i18n`):\n" + "\n".join(missing),
        )
        self.assertFalse(
            untranslated, msg="terms untranslated in fr.po:\n" + "\n".join(untranslated)
        )
        self.assertFalse(fuzzy, msg="fuzzy entries in fr.po:\n" + "\n".join(fuzzy))

    def test_placeholders_kept(self):
        broken = [
            entry.msgid
            for entry in self.translations.values()
            if entry.msgstr
            and sorted(PLACEHOLDER_RE.findall(entry.msgid))
            != sorted(PLACEHOLDER_RE.findall(entry.msgstr))
        ]
        self.assertFalse(
            broken,
            msg="translations that lose or alter a placeholder:\n" + "\n".join(broken),
        )


@tagged("post_install", "-at_install")
@freeze_time("2026-02-10")
class TestI18nReminder(KolectoDunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(
            ["account", "kolecto_dunning"], ["fr_FR"], overwrite=True
        )
        cls.french = cls.customer.copy({"name": "Boulangerie Martin", "lang": "fr_FR"})

    def _draft_reminder(self, partner):
        move = self._create_invoice(due_date=date(2026, 1, 31), partner=partner)
        move.mail_draft_template_id = self.template_courteous
        return move

    def test_french_customer_gets_french_reminder(self):
        move = self._draft_reminder(self.french)
        subject_fr = self.template_courteous.with_context(lang="fr_FR").subject
        self.assertNotEqual(subject_fr, self.template_courteous.subject)
        self.assertEqual(
            move.mail_draft_subject,
            subject_fr.replace("{{ object.name }}", move.name),
        )
        self.assertIn("Relance", move.mail_draft_subject)
        body = str(move.mail_draft_body)
        self.assertIn("Bonjour Boulangerie Martin", body)
        self.assertIn("Sauf erreur de notre part", body)
        self.assertIn(move.name, body)
        self.assertNotIn("Dear", body)

    def test_english_customer_keeps_english_reminder(self):
        move = self._draft_reminder(self.customer)
        self.assertEqual(
            move.mail_draft_subject, f"Reminder: invoice {move.name} is overdue"
        )
        body = str(move.mail_draft_body)
        self.assertIn("Dear Thames Design Ltd", body)
        self.assertIn("Unless we are mistaken", body)
        self.assertNotIn("Sauf erreur", body)
