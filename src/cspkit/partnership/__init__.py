"""The partnership: its areas, and (in later work) governance, priorities, plans and decisions."""
