"""The Django project inside cspkit: settings built by a factory, never at import of cspkit."""
