//! Splitting a pool of fen among weighted recipients by the largest remainder: every share is
//! the floor of its exact part, and the fen left over go one each to the largest remainders, ties
//! broken by the larger weight, then the smaller key. The parts always sum exactly to the pool.

/// One recipient's part of a split, with the arithmetic that produced it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part<K> {
    pub key: K,
    pub weight: i64,
    pub amount: i64,
    /// Whether this part received one of the left-over fen.
    pub got_remainder: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SplitError {
    NegativePool,
    NegativeWeight,
    NoWeight,
}

/// Splits `pool` among `(key, weight)` recipients in proportion to their weights.
pub fn split<K: Clone + Ord>(pool: i64, weights: &[(K, i64)]) -> Result<Vec<Part<K>>, SplitError> {
    if pool < 0 {
        return Err(SplitError::NegativePool);
    }
    if weights.iter().any(|(_, w)| *w < 0) {
        return Err(SplitError::NegativeWeight);
    }
    let total: i128 = weights.iter().map(|(_, w)| *w as i128).sum();
    if total == 0 {
        return Err(SplitError::NoWeight);
    }
    let mut parts: Vec<(Part<K>, i128)> = weights
        .iter()
        .map(|(k, w)| {
            let exact = pool as i128 * *w as i128;
            let base = (exact / total) as i64;
            (Part { key: k.clone(), weight: *w, amount: base, got_remainder: false }, exact % total)
        })
        .collect();
    let given: i64 = parts.iter().map(|(p, _)| p.amount).sum();
    let left = (pool - given) as usize;
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&a, &b| {
        let (pa, ra) = &parts[a];
        let (pb, rb) = &parts[b];
        rb.cmp(ra).then(pb.weight.cmp(&pa.weight)).then(pa.key.cmp(&pb.key))
    });
    for &i in order.iter().take(left) {
        parts[i].0.amount += 1;
        parts[i].0.got_remainder = true;
    }
    Ok(parts.into_iter().map(|(p, _)| p).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn thirds_of_a_fen() {
        let parts = split(100, &[(3, 1), (1, 1), (2, 1)]).unwrap();
        let amounts: Vec<i64> = parts.iter().map(|p| p.amount).collect();
        // 33.33 each; the one left-over fen goes to the smallest key among equals.
        assert_eq!(amounts, vec![33, 34, 33]);
    }

    #[test]
    fn sixty_forty() {
        let parts = split(1_000_001, &[("workers", 6000), ("leader", 4000)]).unwrap();
        assert_eq!(parts[0].amount, 600_001);
        assert_eq!(parts[1].amount, 400_000);
    }

    #[test]
    fn larger_weight_wins_a_tie_on_remainder() {
        // 1 fen among weights 2 and 1... remainders 2/3 and 1/3: the larger remainder wins.
        let parts = split(1, &[("a", 1), ("b", 2)]).unwrap();
        assert_eq!((parts[0].amount, parts[1].amount), (0, 1));
        // Equal remainders (1/2 each of 1 fen among equal weights): the smaller key wins.
        let parts = split(1, &[("b", 5), ("a", 5)]).unwrap();
        assert_eq!((parts[0].amount, parts[1].amount), (0, 1));
    }

    #[test]
    fn refuses_bad_input() {
        assert_eq!(split::<u8>(-1, &[(1, 1)]), Err(SplitError::NegativePool));
        assert_eq!(split(1, &[(1, -1)]), Err(SplitError::NegativeWeight));
        assert_eq!(split(1, &[(1, 0), (2, 0)]), Err(SplitError::NoWeight));
        assert_eq!(split::<u8>(1, &[]), Err(SplitError::NoWeight));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        #[test]
        fn parts_sum_to_the_pool_never_negative_and_reproducible(
            pool in 0i64..10_000_000_000_000,
            weights in prop::collection::vec(0i64..=10_000, 1..12),
        ) {
            prop_assume!(weights.iter().any(|w| *w > 0));
            let keyed: Vec<(usize, i64)> = weights.iter().copied().enumerate().collect();
            let parts = split(pool, &keyed).unwrap();
            prop_assert_eq!(parts.iter().map(|p| p.amount).sum::<i64>(), pool);
            prop_assert!(parts.iter().all(|p| p.amount >= 0));
            let total: i128 = weights.iter().map(|w| *w as i128).sum();
            for p in &parts {
                // Each part is within one fen of its exact share, and a zero weight gets nothing.
                let exact = pool as i128 * p.weight as i128;
                prop_assert!((p.amount as i128) * total >= exact - total && (p.amount as i128) * total <= exact + total);
                if p.weight == 0 { prop_assert_eq!(p.amount, 0); }
            }
            prop_assert_eq!(split(pool, &keyed).unwrap(), parts.clone());
            // The order recipients are listed in does not change what each receives.
            let mut reversed = keyed.clone();
            reversed.reverse();
            let mut again = split(pool, &reversed).unwrap();
            again.reverse();
            prop_assert_eq!(again, parts);
        }
    }
}
