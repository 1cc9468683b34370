//! Hash chains for append-only records (a round's marks, signatures, locks): each event's hash
//! covers the previous hash and the event's own canonical text, so editing, deleting or
//! reordering any stored event breaks every hash after it, and `verify` says where.

use sha2::{Digest, Sha256};

/// The hash before a chain's first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One stored event as the chain sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub seq: i64,
    pub actor: i64,
    pub kind: String,
    pub body: String,
    /// The time as stored (RFC 3339, UTC).
    pub at: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of an event following `prev`.
pub fn hash(prev: &str, seq: i64, actor: i64, kind: &str, body: &str, at: &str) -> String {
    let mut h = Sha256::new();
    for part in [prev, &seq.to_string(), &actor.to_string(), kind, body, at] {
        h.update(part.len().to_string().as_bytes());
        h.update(b":");
        h.update(part.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Where a chain breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Break {
    /// Sequence numbers are not 1, 2, 3, … (an event was removed or inserted).
    Gap { expected: i64, found: i64 },
    /// The event does not point at its predecessor's hash.
    Unlinked { seq: i64 },
    /// The event's content does not match its hash (it was edited).
    Altered { seq: i64 },
}

impl Break {
    /// The sequence number of the first event that does not check out.
    pub fn seq(&self) -> i64 {
        match self {
            Break::Gap { expected, .. } => *expected,
            Break::Unlinked { seq } | Break::Altered { seq } => *seq,
        }
    }
}

/// Checks a chain given in order of `seq`; `Ok(n)` is the number of intact events.
pub fn verify(links: &[Link]) -> Result<usize, Break> {
    verify_from(GENESIS, 0, links).map(|n| n as usize)
}

/// Checks the events following event `after` (whose hash is `prev`), given in order of `seq`;
/// `Ok(n)` is the sequence number of the last intact event.
pub fn verify_from(prev: &str, after: i64, links: &[Link]) -> Result<i64, Break> {
    let mut prev = prev.to_string();
    for (i, l) in links.iter().enumerate() {
        let expected = after + i as i64 + 1;
        if l.seq != expected {
            return Err(Break::Gap { expected, found: l.seq });
        }
        if l.prev_hash != prev {
            return Err(Break::Unlinked { seq: l.seq });
        }
        if hash(&l.prev_hash, l.seq, l.actor, &l.kind, &l.body, &l.at) != l.hash {
            return Err(Break::Altered { seq: l.seq });
        }
        prev = l.hash.clone();
    }
    Ok(after + links.len() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_checks_the_same_in_one_go_or_from_a_verified_point() {
        let links = chain(9);
        assert_eq!(verify(&links), Ok(9));
        assert_eq!(verify_from(&links[3].hash, 4, &links[4..]), Ok(9));
        assert_eq!(verify_from(&links[2].hash, 4, &links[4..]), Err(Break::Unlinked { seq: 5 }));
        assert_eq!(verify_from(&links[3].hash, 3, &links[4..]), Err(Break::Gap { expected: 4, found: 5 }));
    }

    fn chain(n: i64) -> Vec<Link> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let body = format!(r#"{{"value":"{seq}.5"}}"#);
                let at = "2026-11-21T08:00:00Z".to_string();
                let h = hash(&prev, seq, 7, "mark", &body, &at);
                let l = Link { seq, actor: 7, kind: "mark".into(), body, at, prev_hash: prev.clone(), hash: h.clone() };
                prev = h;
                l
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_verifies() {
        assert_eq!(verify(&chain(5)), Ok(5));
        assert_eq!(verify(&[]), Ok(0));
    }

    #[test]
    fn any_edit_removal_or_reordering_is_found() {
        let mut c = chain(5);
        c[2].body = r#"{"value":"9.5"}"#.into();
        assert_eq!(verify(&c), Err(Break::Altered { seq: 3 }));

        let mut c = chain(5);
        c.remove(1);
        assert_eq!(verify(&c), Err(Break::Gap { expected: 2, found: 3 }));

        let mut c = chain(5);
        c[3].actor = 8;
        assert_eq!(verify(&c), Err(Break::Altered { seq: 4 }));

        // Re-hashing an edited event does not help: the next one no longer points at it.
        let mut c = chain(5);
        c[1].body = "{}".into();
        c[1].hash = hash(&c[1].prev_hash, 2, 7, "mark", "{}", &c[1].at);
        assert_eq!(verify(&c), Err(Break::Unlinked { seq: 3 }));
    }
}
