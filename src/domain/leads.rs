//! A balanced proposal of lead reviewers (主审专家) for a group: each applicant gets
//! `per_applicant` lead reviewers (those it has count), never an expert recused from
//! it, the load (lead reviews per expert, existing ones included) spread as evenly as
//! the recusals allow, and among the least loaded an expert of the applicant's
//! specialty preferred. Pure: the leader reviews the proposal and confirms it; the
//! engine checks each assignment again.

/// An applicant as the proposal sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    pub applicant_id: i32,
    pub specialty: String,
    /// Its lead reviewers now.
    pub leads: Vec<i32>,
    /// The experts recused from it.
    pub recused: Vec<i32>,
}

/// A group expert as the proposal sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewer {
    pub expert_id: i32,
    pub specialty: String,
}

/// The lead reviewers to add, per applicant (applicants that need none are left out).
/// An applicant that cannot get enough (too many recusals) gets whom it can.
pub fn propose(needs: &[Need], reviewers: &[Reviewer], per_applicant: usize) -> Vec<(i32, Vec<i32>)> {
    let mut load: Vec<usize> = reviewers
        .iter()
        .map(|r| needs.iter().filter(|n| n.leads.contains(&r.expert_id)).count())
        .collect();
    let mut out = Vec::new();
    for n in needs {
        let missing = per_applicant.saturating_sub(n.leads.len());
        let mut chosen = Vec::new();
        for _ in 0..missing {
            let same = |r: &Reviewer| !r.specialty.trim().is_empty() && r.specialty.trim() == n.specialty.trim();
            let pick = reviewers
                .iter()
                .enumerate()
                .filter(|(_, r)| {
                    !n.recused.contains(&r.expert_id)
                        && !n.leads.contains(&r.expert_id)
                        && !chosen.contains(&r.expert_id)
                })
                .min_by_key(|(i, r)| (load[*i], !same(r), *i));
            let Some((i, r)) = pick else { break };
            load[i] += 1;
            chosen.push(r.expert_id);
        }
        if !chosen.is_empty() {
            out.push((n.applicant_id, chosen));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn reviewers(specialties: &[&str]) -> Vec<Reviewer> {
        specialties
            .iter()
            .enumerate()
            .map(|(i, s)| Reviewer {
                expert_id: i as i32 + 1,
                specialty: s.to_string(),
            })
            .collect()
    }

    fn need(id: i32, specialty: &str, leads: &[i32], recused: &[i32]) -> Need {
        Need {
            applicant_id: id,
            specialty: specialty.into(),
            leads: leads.to_vec(),
            recused: recused.to_vec(),
        }
    }

    #[test]
    fn sixteen_applicants_over_five_experts_get_one_each_evenly() {
        let r = reviewers(&["建筑", "建筑", "结构", "结构", "市政"]);
        let needs: Vec<Need> = (1..=16).map(|i| need(100 + i, "", &[], &[])).collect();
        let p = propose(&needs, &r, 1);
        assert_eq!(p.len(), 16);
        let mut load = [0; 5];
        for (_, leads) in &p {
            assert_eq!(leads.len(), 1);
            load[(leads[0] - 1) as usize] += 1;
        }
        assert_eq!(load, [4, 3, 3, 3, 3]);
    }

    #[test]
    fn recused_experts_are_never_proposed_and_existing_leads_count() {
        let r = reviewers(&["建筑", "结构", "市政"]);
        let needs = vec![
            need(1, "结构", &[], &[2]),
            need(2, "结构", &[1], &[]),
            need(3, "建筑", &[], &[1, 2, 3]),
        ];
        let p = propose(&needs, &r, 1);
        // 1: expert 2 is recused, 1 already leads 2, so 3 (least loaded).
        // 2 has its lead; 3 cannot get one (everyone recused).
        assert_eq!(p, vec![(1, vec![3])]);
        let p = propose(&needs, &r, 2);
        assert_eq!(p, vec![(1, vec![3, 1]), (2, vec![2])]);
    }

    #[test]
    fn among_the_least_loaded_the_applicants_specialty_is_preferred() {
        let r = reviewers(&["建筑", "结构", "市政"]);
        let needs = vec![
            need(1, "市政", &[], &[]),
            need(2, "结构", &[], &[]),
            need(3, "建筑", &[], &[]),
        ];
        let p = propose(&needs, &r, 1);
        assert_eq!(p, vec![(1, vec![3]), (2, vec![2]), (3, vec![1])]);
    }

    proptest! {
        /// Whatever the recusals: no recused or double lead, never more than asked,
        /// and without recusals the loads differ by at most one.
        #[test]
        fn a_proposal_respects_recusals_and_spreads_the_load(
            experts in 1usize..8,
            applicants in 0usize..40,
            per in 1usize..4,
            recusals in proptest::collection::vec((0usize..40, 1i32..8), 0..30),
        ) {
            let r = reviewers(&vec![""; experts]);
            let needs: Vec<Need> = (0..applicants)
                .map(|a| {
                    let rec: Vec<i32> = recusals.iter().filter(|(x, _)| *x == a).map(|(_, e)| *e).collect();
                    need(a as i32, "", &[], &rec)
                })
                .collect();
            let p = propose(&needs, &r, per);
            let mut load = vec![0usize; experts];
            for (a, leads) in &p {
                let n = &needs[*a as usize];
                prop_assert!(leads.len() <= per);
                for e in leads {
                    prop_assert!(!n.recused.contains(e));
                    load[(*e - 1) as usize] += 1;
                }
                let mut unique = leads.clone();
                unique.dedup();
                prop_assert_eq!(unique.len(), leads.len());
            }
            if recusals.is_empty() {
                let (min, max) = (load.iter().min().unwrap(), load.iter().max().unwrap());
                prop_assert!(max - min <= 1, "{:?}", load);
            }
        }
    }
}
