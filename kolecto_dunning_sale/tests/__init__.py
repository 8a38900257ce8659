from . import test_mail_template
from . import test_quote_send
from . import test_mails_tab
from . import test_i18n
