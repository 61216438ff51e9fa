"""Login attempts budgeted per account and per client address, in the same store as the per-key rate limits
(Redis when API processes share one, else in-process), so that guessing passwords costs time whichever
account or address it spreads over. A successful login gives its attempt back: only failures add up."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from core.settings import ApiSettings
from studio.api.ratelimit import RateLimiter, make_rate_limiter


@dataclass(frozen=True)
class LoginLimits:
    account: RateLimiter
    address: RateLimiter

    @staticmethod
    def keys(email: str, address: str) -> tuple[str, str]:
        """Bucket names; the email is hashed so that the store holds no addresses."""
        return hashlib.sha256(email.encode()).hexdigest()[:32], address

    async def retry_after(self, email: str, address: str) -> float:
        """0 when this attempt may go ahead, else seconds to wait. The address is checked first, so an
        address already locked out spends nothing from the account it names."""
        account_key, address_key = self.keys(email, address)
        return await self.address.retry_after(address_key) or await self.account.retry_after(account_key)

    async def succeeded(self, email: str, address: str) -> None:
        account_key, address_key = self.keys(email, address)
        await self.account.refund(account_key)
        await self.address.refund(address_key)

    async def close(self) -> None:
        await self.account.close()
        await self.address.close()


def make_login_limits(api: ApiSettings) -> LoginLimits:
    return LoginLimits(
        make_rate_limiter(api, 1 / api.login_account_refill_s, api.login_account_burst, "evercast:login:account:"),
        make_rate_limiter(api, 1 / api.login_address_refill_s, api.login_address_burst, "evercast:login:address:"))
