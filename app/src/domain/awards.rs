//! Awards (颁奖): what each award tier of an event earns — prize money, a title the honour roll
//! shows (e.g. 技术能手), points for the leaderboards — and who receives what once the event's
//! result is final. A team's prize is split among its members by weight with the exact split; each
//! member of a placed team receives the tier's title and points.

use super::money::{parse_yuan, Fen};
use super::rewards::{PayoutInputs, PayoutKind, PlannedPayout};
use super::split::split;
use super::validation::{trimmed_len_between, Errors, FieldError};
use serde::{Deserialize, Serialize};

/// What one award tier earns.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prize {
    pub fen: Fen,
    /// A title for the honour roll; empty for none.
    pub title: String,
    pub points: i64,
}

/// One tier's prize as typed: yuan, title, points (blank yuan or points: none).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrizeDraft {
    pub yuan: String,
    pub title: String,
    pub points: String,
}

/// The most points one placing may earn.
pub const MAX_POINTS: i64 = 100_000;
/// The most members a team entry may list.
pub const MAX_MEMBERS: usize = 50;
/// The largest weight of one member.
pub const MAX_WEIGHT: i64 = 10_000;

/// Reads the prize of each of `tiers` award tiers; errors name the cell (`prizes[1][yuan]`).
pub fn parse_prizes(drafts: &[PrizeDraft], tiers: usize) -> Result<Vec<Prize>, Vec<FieldError>> {
    let mut e = Errors::new();
    if drafts.len() != tiers {
        e.push(FieldError::new("prizes", "err.prize.tiers"));
        return Err(e.into_vec());
    }
    let mut out = Vec::with_capacity(tiers);
    for (i, d) in drafts.iter().enumerate() {
        let fen = if d.yuan.trim().is_empty() {
            Some(Fen::ZERO)
        } else {
            e.check(parse_yuan(&d.yuan, &format!("prizes[{i}][yuan]")))
        };
        let title = e.check(trimmed_len_between(&d.title, 0, 40, &format!("prizes[{i}][title]"), "err.prize.title"));
        let points = if d.points.trim().is_empty() {
            Some(0)
        } else {
            e.check(
                d.points
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|p| (0..=MAX_POINTS).contains(p))
                    .ok_or_else(|| FieldError::new(&format!("prizes[{i}][points]"), "err.prize.points")),
            )
        };
        if let (Some(fen), Some(title), Some(points)) = (fen, title, points) {
            out.push(Prize { fen, title, points });
        }
    }
    if e.is_empty() {
        Ok(out)
    } else {
        Err(e.into_vec())
    }
}

/// Reads a team roster typed one member per line or separated by commas: a username or employee
/// number, optionally `:weight` (default 1). Returns (who, weight) in the order typed.
pub fn parse_roster(text: &str) -> Result<Vec<(String, i64)>, FieldError> {
    let err = |key: &str| FieldError::new("members", key);
    let mut out: Vec<(String, i64)> = Vec::new();
    for item in text.split(['\n', ',', '，', ';', '；']).map(str::trim).filter(|s| !s.is_empty()) {
        let (who, weight) = match item.rsplit_once([':', '：']) {
            Some((w, n)) => (w.trim(), n.trim().parse::<i64>().ok().filter(|n| (1..=MAX_WEIGHT).contains(n))),
            None => (item, Some(1)),
        };
        let weight = weight.ok_or_else(|| err("err.roster.weight"))?;
        if who.is_empty() || who.chars().count() > 64 {
            return Err(err("err.person.unknown"));
        }
        if out.iter().any(|(w, _)| w == who) {
            return Err(err("err.roster.twice"));
        }
        out.push((who.to_string(), weight));
    }
    if out.len() > MAX_MEMBERS {
        return Err(err("err.roster.too_many"));
    }
    Ok(out)
}

/// A contestant of the final result: their place, award tier, and who receives for them (a team
/// entry's members with weights; an individual: themselves with weight 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    pub contestant: i64,
    pub place: u32,
    pub tier: usize,
    pub members: Vec<(i64, i64)>,
}

/// One person's award.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwardLine {
    pub contestant: i64,
    pub person: i64,
    pub place: u32,
    pub tier: usize,
    pub title: String,
    pub points: i64,
    /// The ledger line, when the tier carries prize money and this person's part is not zero.
    pub payout: Option<PlannedPayout>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AwardError {
    /// A placed team entry has no members to receive its prize.
    NoMembers { contestant: i64 },
    /// A tier without a prize (the prizes were set for fewer tiers).
    NoPrize { tier: usize },
    /// One person would be awarded twice in the event (in two placed teams).
    Twice { person: i64 },
}

/// Who receives what for the placed contestants: per person the tier's title and points, and their
/// part of the tier's prize, split by weight exactly to the fen.
pub fn award_lines(placed: &[Placed], prizes: &[Prize]) -> Result<Vec<AwardLine>, AwardError> {
    let mut out: Vec<AwardLine> = Vec::new();
    for p in placed {
        let prize = prizes.get(p.tier).ok_or(AwardError::NoPrize { tier: p.tier })?;
        let parts = split(prize.fen.0, &p.members).map_err(|_| AwardError::NoMembers { contestant: p.contestant })?;
        let total: i64 = p.members.iter().map(|(_, w)| *w).sum();
        for part in parts {
            if out.iter().any(|a| a.person == part.key) {
                return Err(AwardError::Twice { person: part.key });
            }
            let payout = (part.amount > 0).then(|| PlannedPayout {
                person_id: part.key,
                kind: PayoutKind::Prize,
                amount_fen: Fen(part.amount),
                inputs: PayoutInputs {
                    pool_fen: prize.fen,
                    weight: part.weight,
                    total_weight: total,
                    got_remainder: part.got_remainder,
                    completion_pool_fen: None,
                    workers_bp: None,
                    leader_bp: None,
                    place: Some(p.place),
                    tier: Some(p.tier),
                },
            });
            out.push(AwardLine {
                contestant: p.contestant,
                person: part.key,
                place: p.place,
                tier: p.tier,
                title: prize.title.clone(),
                points: prize.points,
                payout,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn prize(yuan: i64, title: &str, points: i64) -> Prize {
        Prize { fen: Fen(yuan * 100), title: title.into(), points }
    }

    #[test]
    fn prizes_read_per_tier_and_name_the_cell() {
        let drafts = vec![
            PrizeDraft { yuan: "3,000".into(), title: "技术能手".into(), points: "50".into() },
            PrizeDraft { yuan: "".into(), title: "".into(), points: "".into() },
        ];
        assert_eq!(parse_prizes(&drafts, 2).unwrap(), vec![prize(3000, "技术能手", 50), prize(0, "", 0)]);
        let bad = vec![
            PrizeDraft { yuan: "-1".into(), ..Default::default() },
            PrizeDraft { points: "1000001".into(), ..Default::default() },
        ];
        let fields: Vec<String> = parse_prizes(&bad, 2).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["prizes[0][yuan]", "prizes[1][points]"]);
        assert_eq!(parse_prizes(&drafts, 3).unwrap_err()[0].key, "err.prize.tiers");
    }

    #[test]
    fn rosters_read_weights_and_refuse_repeats() {
        assert_eq!(
            parse_roster("zhang, 1002:2\nli：3").unwrap(),
            vec![("zhang".into(), 1), ("1002".into(), 2), ("li".into(), 3)]
        );
        assert_eq!(parse_roster("a, a").unwrap_err().key, "err.roster.twice");
        assert_eq!(parse_roster("a:0").unwrap_err().key, "err.roster.weight");
        assert_eq!(parse_roster("a:x").unwrap_err().key, "err.roster.weight");
        assert!(parse_roster("  ").unwrap().is_empty());
    }

    #[test]
    fn a_team_prize_splits_exactly_and_every_member_gets_title_and_points() {
        let placed = vec![
            Placed { contestant: 1, place: 1, tier: 0, members: vec![(10, 1), (11, 1), (12, 1)] },
            Placed { contestant: 2, place: 2, tier: 1, members: vec![(20, 1)] },
        ];
        let lines = award_lines(&placed, &[prize(100, "技术能手", 30), prize(0, "", 10)]).unwrap();
        let fen: Vec<i64> = lines.iter().map(|l| l.payout.as_ref().map_or(0, |p| p.amount_fen.0)).collect();
        // 100 yuan in thirds: the left-over fen goes to the smallest person id.
        assert_eq!(fen, vec![3334, 3333, 3333, 0]);
        assert!(lines[..3].iter().all(|l| l.title == "技术能手" && l.points == 30));
        assert_eq!((lines[3].points, lines[3].payout.is_none()), (10, true));
        assert_eq!(lines[0].payout.as_ref().unwrap().inputs.place, Some(1));
    }

    #[test]
    fn refuses_a_team_without_members_and_a_person_twice() {
        let empty = vec![Placed { contestant: 7, place: 1, tier: 0, members: vec![] }];
        assert_eq!(award_lines(&empty, &[prize(1, "", 0)]), Err(AwardError::NoMembers { contestant: 7 }));
        let twice = vec![
            Placed { contestant: 1, place: 1, tier: 0, members: vec![(5, 1)] },
            Placed { contestant: 2, place: 2, tier: 0, members: vec![(5, 1)] },
        ];
        assert_eq!(award_lines(&twice, &[prize(1, "", 0)]), Err(AwardError::Twice { person: 5 }));
        let one = vec![Placed { contestant: 1, place: 4, tier: 3, members: vec![(5, 1)] }];
        assert_eq!(award_lines(&one, &[prize(1, "", 0)]), Err(AwardError::NoPrize { tier: 3 }));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        #[test]
        fn a_prize_is_paid_out_exactly(fen in 0i64..1_000_000_000, weights in prop::collection::vec(1i64..=100, 1..20)) {
            let members: Vec<(i64, i64)> = weights.iter().enumerate().map(|(i, w)| (i as i64 + 1, *w)).collect();
            let placed = vec![Placed { contestant: 1, place: 1, tier: 0, members }];
            let lines = award_lines(&placed, &[Prize { fen: Fen(fen), title: String::new(), points: 1 }]).unwrap();
            prop_assert_eq!(lines.len(), weights.len());
            let paid: i64 = lines.iter().filter_map(|l| l.payout.as_ref()).map(|p| p.amount_fen.0).sum();
            prop_assert_eq!(paid, fen);
        }
    }
}
