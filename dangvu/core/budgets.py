"""The most queries each main page may issue, however much data lies behind it.

The page tests assert these on small trees, and `bench/run.py` asserts the same numbers on the national dataset
(issue 8), so a page that starts issuing a query per row fails both, and the two bounds cannot drift apart.
"""

MEMBER_LIST = 8  # session, user, grants, the chosen unit, the unit offer, count, page, unread notifications
DASHBOARD = 12
UNIT_PAGE = 20
UNIT_PAGE_AS_OF = 22  # the unit's path that day is read on its own (an indexable prefix)
AUDIT_LOG = 10
BADGE_CANDIDATES = 6  # with the user's grants already read
TRACKING_DASHBOARD = 29
MEMBER_PAGE = 20
UNIT_TREE = 12
DOCUMENT_LIST = 12
TASK_LIST = 12
ASSIGNMENT_LIST = 10
NOTIFICATIONS = 12
MEETING_LIST = 15
CELL_COMPLIANCE = 10
