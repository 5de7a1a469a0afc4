"""Readers of the outside world: data.police.uk files and API, ONS geography, population."""
