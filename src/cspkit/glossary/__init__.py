"""The partnership's glossary of terms and acronyms."""
