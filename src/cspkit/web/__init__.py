"""The partnership's web app: thin views over the partnership apps' records and permission rules,
GOV.UK Frontend patterns (from npm, see ``package.json``), SVG charts drawn on the server."""
