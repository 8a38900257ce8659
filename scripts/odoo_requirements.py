"""Print Odoo's requirements.txt as pins that install as wheels here.

Odoo 18 pins, for Python 3.11, sdists that no longer build (cbor2 5.4.2,
an old cryptography...). The pins it gives for Python >= 3.12 install as
wheels on 3.11 and run Odoo 18 fine, so markers are evaluated as if the
interpreter were at least 3.12. python-ldap is optional (LDAP auth only).
"""

import sys

from packaging.markers import Marker, default_environment
from packaging.requirements import InvalidRequirement, Requirement

SKIPPED = {"python-ldap"}


def main(path):
    env = default_environment()
    if sys.version_info < (3, 12):
        env.update(python_version="3.12", python_full_version="3.12.0")
    with open(path, encoding="utf-8") as requirements:
        for line in requirements:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            try:
                req = Requirement(line)
            except InvalidRequirement:
                continue
            if req.name.lower() in SKIPPED:
                continue
            if req.marker and not Marker(str(req.marker)).evaluate(env):
                continue
            req.marker = None
            print(req)


if __name__ == "__main__":
    main(sys.argv[1])
