"""Every write of the participation domain: one function per action, `<entity>_<verb>`, keyword-only arguments
and an explicit actor. Each runs in one transaction, checks the rule, changes the rows and records its domain
event in that same transaction."""
