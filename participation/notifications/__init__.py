"""The notification pipeline: domain events (the outbox) → notifications (one per recipient) → e-mails.

- `audiences`: who hears about which kind of event, under which topic, and how a notification reads (a
  registry other apps fill from their `ready()`);
- `fanout`: one batch of recipients per task run, resumable from the event's cursor;
- `emails`: immediate e-mails, claimed with conditional updates; `digests`: daily and weekly e-mails;
- `sweeper`: what beat runs every minute to deliver what a broker outage or a dead worker left behind;
- `preferences`, `reads`, `unsubscribe`: the person's side (frequencies, mark as read, signed links).
"""
