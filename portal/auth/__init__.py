"""Staff sign-in, sign-out, the staff home page and the role checks every staff URL passes through."""
