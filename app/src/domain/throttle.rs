//! Sign-in throttling: a growing wait after repeated failures, per account and per address.
//!
//! Every attempt counts as a failure when it begins (so a burst of simultaneous guesses cannot
//! slip past the count) and is taken back when it succeeds. After `free` failures in a row, the
//! next attempt is heard only after a wait that doubles with each failure (1 s, 2 s, 4 s …) up to
//! `max_wait` seconds; an attempt made during the wait is refused unheard and does not count, so
//! the wait never grows past `max_wait` however hard someone hammers. Failures older than
//! `forget_after` seconds are forgotten. Nothing is ever locked for good: the worst an attacker
//! can do to someone else's account is make each of their attempts wait up to `max_wait`.

/// The recent failures of one account or address: how many in a row, and when the last began
/// (Unix seconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Failures {
    pub count: i64,
    pub last_at: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Throttle {
    /// Failures heard without any wait.
    pub free: i64,
    /// The longest wait, in seconds.
    pub max_wait: i64,
    /// Seconds after which failures are forgotten.
    pub forget_after: i64,
}

/// One account, from anywhere: a person who mistypes a few times is never slowed.
pub const ACCOUNT: Throttle = Throttle { free: 5, max_wait: 15 * 60, forget_after: 24 * 3600 };

/// One address, whatever the account: an office behind one address has many people, so more
/// failures are free and they are forgotten after an hour without one; guessing across many
/// accounts from one place is slowed all the same.
pub const ADDRESS: Throttle = Throttle { free: 50, max_wait: 15 * 60, forget_after: 3600 };

impl Throttle {
    /// The failures still remembered at `now`.
    fn current(&self, f: Option<Failures>, now: i64) -> Option<Failures> {
        f.filter(|f| now - f.last_at < self.forget_after && f.count > 0)
    }

    /// Seconds to wait before an attempt is heard (0: hear it now).
    pub fn wait(&self, f: Option<Failures>, now: i64) -> i64 {
        let Some(f) = self.current(f, now) else { return 0 };
        if f.count < self.free {
            return 0;
        }
        let doublings = (f.count - self.free).min(30) as u32;
        let delay = (1i64 << doublings).min(self.max_wait);
        (f.last_at + delay - now).max(0)
    }

    /// The failures once an attempt beginning at `now` is counted.
    pub fn counted(&self, f: Option<Failures>, now: i64) -> Failures {
        let count = self.current(f, now).map_or(0, |f| f.count);
        Failures { count: count + 1, last_at: now }
    }
}

/// The wait before an attempt on `account` from `address` is heard: the longer of the two.
pub fn wait(account: Option<Failures>, address: Option<Failures>, now: i64) -> i64 {
    ACCOUNT.wait(account, now).max(ADDRESS.wait(address, now))
}

/// The address a failure is counted against: an IPv4 address as it is, an IPv6 address by its
/// /64 network (one subscriber's line holds a whole /64, and could otherwise try from a new
/// address every time). Text that is not an address is its own key.
pub fn address_key(address: &str) -> String {
    match address.trim().parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                let net = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                format!("{net}/64")
            }
        },
        Ok(v4) => v4.to_string(),
        Err(_) => address.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_ipv6_address_counts_as_its_64_network() {
        use super::address_key;
        assert_eq!(address_key("203.0.113.9"), "203.0.113.9");
        assert_eq!(address_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(address_key("2001:db8:1:2:ffff:ffff:ffff:ffff"), address_key("2001:db8:1:2::7"));
        assert_ne!(address_key("2001:db8:1:2::7"), address_key("2001:db8:1:3::7"));
        assert_eq!(address_key("::ffff:203.0.113.9"), "203.0.113.9");
        assert_eq!(address_key(" unknown "), "unknown");
    }

    use super::*;

    const T: Throttle = Throttle { free: 3, max_wait: 60, forget_after: 3600 };

    /// Fails `n` times in a row, each attempt made as soon as it is heard; returns the failures
    /// and the time of the last attempt.
    fn fail(n: usize, mut now: i64) -> (Option<Failures>, i64) {
        let mut f = None;
        for _ in 0..n {
            now += T.wait(f, now);
            f = Some(T.counted(f, now));
        }
        (f, now)
    }

    #[test]
    fn the_first_failures_are_free() {
        let (f, now) = fail(2, 1000);
        assert_eq!(T.wait(f, now), 0);
        assert_eq!(f.unwrap().count, 2);
    }

    #[test]
    fn the_wait_doubles_and_is_capped() {
        let mut waits = Vec::new();
        let (mut f, mut now) = fail(3, 1000);
        for _ in 0..10 {
            let w = T.wait(f, now);
            waits.push(w);
            now += w;
            f = Some(T.counted(f, now));
        }
        assert_eq!(waits, vec![1, 2, 4, 8, 16, 32, 60, 60, 60, 60]);
    }

    #[test]
    fn a_wait_runs_down_with_time_and_failures_are_forgotten() {
        let (f, now) = fail(8, 1000);
        let w = T.wait(f, now);
        assert!(w > 0);
        assert_eq!(T.wait(f, now + w / 2), w - w / 2);
        assert_eq!(T.wait(f, now + w), 0);
        // A day later nothing is remembered: the count starts again.
        assert_eq!(T.wait(f, now + 3600), 0);
        assert_eq!(T.counted(f, now + 3600).count, 1);
    }

    #[test]
    fn no_count_is_too_large() {
        let f = Some(Failures { count: i64::MAX / 2, last_at: 0 });
        assert_eq!(T.wait(f, 10), 50);
    }

    #[test]
    fn the_longer_wait_of_account_and_address_applies() {
        let now = 10_000;
        let account = Some(Failures { count: ACCOUNT.free + 2, last_at: now });
        assert_eq!(wait(account, None, now), 4);
        let address = Some(Failures { count: ADDRESS.free + 5, last_at: now });
        assert_eq!(wait(account, address, now), 32);
        assert_eq!(wait(None, None, now), 0);
    }
}
