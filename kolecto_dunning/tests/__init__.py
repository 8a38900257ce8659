from . import test_mail_template
from . import test_proposal
from . import test_mails_tab
from . import test_reminder_plan
from . import test_reminder_cron
from . import test_reminder_concurrency
from . import test_tours
from . import test_late_penalties
