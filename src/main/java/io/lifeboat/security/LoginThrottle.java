package io.lifeboat.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing, per account and per client address, for every way in that checks a password (the
 * login form, HTTP basic on the actuator, API tokens later). The first few failures cost nothing, so a user who
 * mistypes is not bothered; each further failure doubles the wait before the next attempt is even checked, up to a
 * cap: a short lock of {@link Policy#longestWait()}.
 *
 * <p>The account's cap is short (a minute) so that an attacker cannot lock a real user out for long; the address cap
 * is long (15 minutes), which is what stops one machine from guessing. Attempts made while waiting are refused
 * without checking the password and do not count, so hammering does not lengthen a lock. A success clears the
 * account's failures, never the address's (else one valid account would reset an attacker's address). Failures are
 * forgotten a quarter of an hour after the last one; at most {@value #MAX_TRACKED} keys of each kind are kept, so
 * sprayed names cannot exhaust memory.
 *
 * <p>Thread-safe. Kept in memory per portal node: several nodes each throttle on their own.
 */
@Component
public class LoginThrottle {

    /** A throttling rule: failures that cost nothing, then a wait that doubles from {@code firstWait} to {@code longestWait}. */
    public record Policy(int freeFailures, Duration firstWait, Duration longestWait) {

        Duration waitAfter(int failures) {
            int excess = failures - freeFailures;
            if (excess <= 0) {
                return Duration.ZERO;
            }
            Duration wait = firstWait.multipliedBy(1L << Math.min(excess - 1, 30));
            return wait.compareTo(longestWait) > 0 ? longestWait : wait;
        }
    }

    public static final Policy PER_ACCOUNT = new Policy(3, Duration.ofSeconds(1), Duration.ofMinutes(1));
    public static final Policy PER_ADDRESS = new Policy(10, Duration.ofSeconds(1), Duration.ofMinutes(15));
    static final int MAX_TRACKED = 100_000;
    private static final Duration FORGET_AFTER = Duration.ofMinutes(15);

    private record Failures(int count, Instant waitUntil) {
    }

    private final Clock clock;
    private final Policy perAccount;
    private final Policy perAddress;
    private final Cache<String, Failures> accounts;
    private final Cache<String, Failures> addresses;

    @Autowired
    public LoginThrottle(Clock clock) {
        this(clock, PER_ACCOUNT, PER_ADDRESS);
    }

    LoginThrottle(Clock clock, Policy perAccount, Policy perAddress) {
        this.clock = clock;
        this.perAccount = perAccount;
        this.perAddress = perAddress;
        this.accounts = failureCache(perAccount);
        this.addresses = failureCache(perAddress);
    }

    /** How long the caller must wait before this login may be checked; empty when it may be checked now. */
    public Optional<Duration> waitBefore(String account, String address) {
        Instant now = clock.instant();
        Instant until = later(waitUntil(addresses, address), waitUntil(accounts, accountKey(account)));
        return until.isAfter(now) ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }

    /** Records a wrong password (or unknown account) from this address. */
    public void failed(String account, String address) {
        record(accounts, accountKey(account), perAccount);
        record(addresses, address, perAddress);
    }

    /** Records a successful login: the account's failures are forgotten. */
    public void succeeded(String account, String address) {
        accounts.invalidate(accountKey(account));
    }

    /** A user-supplied name made safe for a log line: no line breaks, bounded length. */
    static String printable(String value) {
        String flat = String.valueOf(value).replaceAll("[\\p{Cntrl}]", "?");
        return flat.length() > 64 ? flat.substring(0, 64) + "…" : flat;
    }

    private void record(Cache<String, Failures> cache, String key, Policy policy) {
        Instant now = clock.instant();
        cache.asMap().compute(key, (k, previous) -> {
            int count = previous == null ? 1 : previous.count() + 1;
            return new Failures(count, now.plus(policy.waitAfter(count)));
        });
    }

    private Cache<String, Failures> failureCache(Policy policy) {
        return Caffeine.newBuilder()
                .ticker(() -> clock.millis() * 1_000_000L)
                .expireAfterWrite(FORGET_AFTER.plus(policy.longestWait()))
                .maximumSize(MAX_TRACKED)
                .build();
    }

    private static Instant waitUntil(Cache<String, Failures> cache, String key) {
        Failures failures = cache.getIfPresent(key);
        return failures == null ? Instant.EPOCH : failures.waitUntil();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String accountKey(String account) {
        return String.valueOf(account).trim().toLowerCase(Locale.ROOT);
    }
}
