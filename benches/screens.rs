//! How fast the screens are with a group of 200 applicants: the service query behind
//! the applicant list and the leader's panel (a real SQLite file), and one frame of
//! the list as the session draws it (layout, rendering and the escape sequences for
//! one moved selection). Run: `cargo bench --bench screens`.

#[path = "../tests/support/fixture.rs"]
mod fixture;

use std::time::{Duration, Instant};

use pingshen::domain::Mode;
use pingshen::service::Service;
use pingshen::store::Store;
use pingshen::tui::app::{App, Msg};
use pingshen::tui::backend::RemoteBackend;
use pingshen::tui::painter::Painter;
use pingshen::tui::theme::Palette;
use pingshen::tui::{Input, Key};

/// Runs `f` `n` times and prints the median and the 99th percentile.
fn measure(what: &str, n: usize, mut f: impl FnMut()) {
    let mut times: Vec<Duration> = (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    let median = times[n / 2];
    let p99 = times[(n * 99 / 100).min(n - 1)];
    println!("{what:<58} median {median:>10.2?}   p99 {p99:>10.2?}   ({n} runs)");
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let service = Service::new(Store::open(dir.path()).expect("store"));
    let size = fixture::Size {
        groups: 1,
        experts_per_group: 7,
        other_members: 3,
        applicants_per_group: 200,
    };
    let fx = fixture::build(&service, "b", Mode::Expert, &size);
    fixture::start(&service, &fx);
    let expert = fx.groups[0].experts[1].clone();
    let leader = fx.groups[0].leader.clone();
    let cid = fx.committee_id;
    let gid = fx.groups[0].id;
    for a in &fx.groups[0].applicants[..100] {
        service
            .draft_vote(&expert, *a, pingshen::domain::Choice::Approve)
            .expect("draft");
    }

    println!("200 applicants in one group of 7 experts, 100 of them drafted:");
    measure("service: applicant list (applicant_lines)", 200, || {
        assert_eq!(service.applicant_lines(&expert, cid).unwrap().len(), 200);
    });
    measure("service: leader's panel (group_board)", 200, || {
        assert_eq!(service.group_board(&leader, gid).unwrap().lines.len(), 200);
    });
    measure("service: home screen (home)", 200, || {
        assert_eq!(service.home(&expert).unwrap().cards.len(), 1);
    });

    large_group();

    for (w, h) in [(80u16, 24u16), (200, 60)] {
        let mut app = App::new(expert.clone(), w, h, Palette::Basic);
        app.update(Msg::HomeLoaded(Ok(service.home(&expert).unwrap())));
        app.update(Msg::Input(Input::Key(Key::Enter)));
        app.update(Msg::ApplicantsLoaded {
            committee_id: cid,
            lines: Ok(service.applicant_lines(&expert, cid).unwrap()),
        });
        // Drawn the way a session draws (src/tui/painter.rs).
        let mut painter = Painter::new(RemoteBackend::new(w, h));
        painter
            .paint(|f| {
                app.view(f);
                app.cursor()
            })
            .unwrap();
        let mut bytes = 0usize;
        let mut frames = 0usize;
        let mut down = true;
        measure(&format!("frame: list at {w}x{h}, selection moved by one"), 2000, || {
            // Walk down the list and back up, so the view scrolls.
            let key = if down { Key::Down } else { Key::Up };
            app.update(Msg::Input(Input::Key(key)));
            bytes += painter
                .paint(|f| {
                    app.view(f);
                    app.cursor()
                })
                .unwrap()
                .len();
            frames += 1;
            if frames.is_multiple_of(199) {
                down = !down;
            }
        });
        println!("{:<58} {} bytes per frame on average", "", bytes / frames);
    }
}

/// The load generator's shape: one group of 1,000 experts and 5 applicants, every
/// expert with drafts. What one session's reload costs after a change that reaches
/// everyone (the home screen and the applicant list), and the leader's panel.
fn large_group() {
    let dir = tempfile::tempdir().expect("temp dir");
    let service = Service::new(Store::open(dir.path()).expect("store"));
    let size = fixture::Size {
        groups: 1,
        experts_per_group: 1001,
        // The committee (the group and the director) must have an odd size.
        other_members: 1,
        applicants_per_group: 5,
    };
    let fx = fixture::build(&service, "g", Mode::Expert, &size);
    fixture::start(&service, &fx);
    let g = &fx.groups[0];
    for e in &g.experts[1..] {
        for a in &g.applicants {
            service
                .draft_vote(e, *a, pingshen::domain::Choice::Approve)
                .expect("draft");
        }
    }
    let expert = g.experts[1].clone();
    let cid = fx.committee_id;
    println!("5 applicants in one group of 1,001 experts, every vote drafted:");
    measure("service: one expert's reload (home + applicant_lines)", 500, || {
        assert_eq!(service.home(&expert).unwrap().cards.len(), 1);
        assert_eq!(service.applicant_lines(&expert, cid).unwrap().len(), 5);
    });
    measure("service: leader's panel (group_board)", 50, || {
        assert_eq!(service.group_board(&g.leader, g.id).unwrap().lines.len(), 5);
    });
    measure("service: leader's home (home)", 50, || {
        assert_eq!(service.home(&g.leader).unwrap().cards.len(), 1);
    });
}
