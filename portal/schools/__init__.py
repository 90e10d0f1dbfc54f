"""The schools engagement programme: schools, ambassadors, sessions in schools, the toolkit, session
requests and matching, pupils signing up from a session, and the reach report. Public pages under
/schools, staff ones under /staff/schools."""
