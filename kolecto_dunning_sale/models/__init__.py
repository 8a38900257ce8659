from . import mail_template
from . import mail_compose_message
from . import sale_order
