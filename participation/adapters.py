from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Keeps `User.email_verified` in step with allauth's verified primary address, so that permission
    predicates answer without a query."""

    def confirm_email(self, request, email_address) -> bool:
        """Confirms the address (allauth), then marks the account verified when it is the account's address.
        Returns allauth's answer: allauth logs the person in after confirming only when it is True."""
        confirmed = super().confirm_email(request, email_address)
        if not confirmed:
            return confirmed
        user = email_address.user
        if email_address.primary or user.email.lower() == email_address.email.lower():
            type(user).objects.filter(pk=user.pk).update(email_verified=True)
            user.email_verified = True
        return confirmed
