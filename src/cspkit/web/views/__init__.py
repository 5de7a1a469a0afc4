"""The web app's views, one module per page family; each is thin: find the records through
:mod:`cspkit.web.access` (404/403 by the partnership's permission rules), read or save them
through the partnership apps' services, render a template."""
