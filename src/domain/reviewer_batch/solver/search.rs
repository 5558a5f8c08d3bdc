//! The two searches on the residual graph: Dijkstra on reduced costs (which moves the
//! potentials), and the depth-first search for paths of zero reduced cost.

use std::cmp::Reverse;

use super::{FROM_SINK, Solver, Target, index_u32};

impl Solver {
    fn reduced(&self, from: usize, to: usize, cost: i64) -> i64 {
        cost + self.potential[from] - self.potential[to]
    }

    /// Depth-first search for a path from submission `s` to the sink along arcs of zero
    /// reduced cost, leaving it in `prev`. A node fully explored in vain is dead for the
    /// rest of the phase (sending reviews elsewhere never gives it a way out).
    pub(super) fn zero_cost_path(&mut self, s: usize) -> bool {
        let sink = self.sink();
        let mut stack: Vec<(usize, usize)> = vec![(s, 0)];
        self.dead[s] = true;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            let mut step = None;
            if v < self.submissions {
                let arcs = &self.arcs_of_submission[v];
                while *next < arcs.len() {
                    let a = arcs[*next];
                    *next += 1;
                    let arc = self.arcs[a as usize];
                    let w = self.submissions + arc.reviewer as usize;
                    if !arc.assigned && !self.dead[w] && self.reduced(v, w, arc.cost) == 0 {
                        step = Some((w, a));
                        break;
                    }
                }
            } else {
                let r = v - self.submissions;
                if *next == 0 {
                    *next = 1;
                    if self.load[r] < self.capacity[r]
                        && self.reduced(v, sink, self.load_cost.of_review(self.load[r] + 1)) == 0
                    {
                        step = Some((sink, index_u32(r)));
                    }
                }
                let held = &self.assigned_to_reviewer[r];
                while step.is_none() && *next <= held.len() {
                    let a = held[*next - 1];
                    *next += 1;
                    let arc = self.arcs[a as usize];
                    let w = arc.submission as usize;
                    if !self.dead[w] && self.reduced(v, w, -arc.cost) == 0 {
                        step = Some((w, a));
                    }
                }
            }
            match step {
                Some((w, via)) => {
                    self.prev[w] = via;
                    if w == sink {
                        // The nodes on the path may serve again.
                        for &(u, _) in &stack {
                            self.dead[u] = false;
                        }
                        return true;
                    }
                    self.dead[w] = true;
                    stack.push((w, 0));
                }
                None => {
                    stack.pop();
                }
            }
        }
        false
    }

    fn ends_search(&self, v: usize) -> bool {
        let sink = self.sink();
        match self.goal {
            Target::Sink => v == sink,
            Target::Submission(s) => v == s,
            Target::SinkOrSubmission(s) => v == sink || v == s,
        }
    }

    /// Among nodes at the same distance, one that ends the search comes first: costs are
    /// often tied, and settling a whole tied region before the sink would waste the search.
    fn heap_key(&self, v: usize) -> u64 {
        let v = u64::from(index_u32(v));
        if self.ends_search(v as usize) {
            v
        } else {
            1 << 32 | v
        }
    }

    fn relax(&mut self, from: usize, to: usize, cost: i64, via: u32) {
        let reduced = cost + self.potential[from] - self.potential[to];
        debug_assert!(reduced >= 0, "negative reduced cost {reduced}");
        let d = self.dist[from] + reduced;
        // A node no nearer than a goal already found is never settled before it.
        if d < self.dist[to] && d < self.goal_bound {
            if self.dist[to] == i64::MAX {
                self.touched.push(index_u32(to));
            }
            self.dist[to] = d;
            self.prev[to] = via;
            let key = self.heap_key(to);
            if key == to as u64 {
                self.goal_bound = d;
            }
            self.heap.push(Reverse((d, key)));
        }
    }

    /// Dijkstra on reduced costs from `sources` until a node of the wanted kind is settled;
    /// then the potentials of the settled nodes are moved so that reduced costs stay
    /// non-negative and those on the path become zero.
    pub(super) fn search(&mut self, sources: &[usize], target: Target) -> Option<usize> {
        self.stats.searches += 1;
        let sink = self.sink();
        self.goal = target;
        self.goal_bound = i64::MAX;
        for &source in sources {
            self.dist[source] = 0;
            self.touched.push(index_u32(source));
            self.heap.push(Reverse((0, self.heap_key(source))));
        }
        let mut found = None;
        while let Some(Reverse((d, key))) = self.heap.pop() {
            let v = (key & u64::from(u32::MAX)) as usize;
            if self.settled[v] || d > self.dist[v] {
                continue;
            }
            self.settled[v] = true;
            self.settled_order.push(index_u32(v));
            if self.ends_search(v) {
                found = Some(v);
                break;
            }
            if v < self.submissions {
                for i in 0..self.arcs_of_submission[v].len() {
                    let a = self.arcs_of_submission[v][i];
                    let arc = self.arcs[a as usize];
                    if !arc.assigned {
                        self.relax(v, self.reviewer_node(arc.reviewer), arc.cost, a);
                    }
                }
            } else if v < sink {
                let r = v - self.submissions;
                if self.load[r] < self.capacity[r] {
                    let cost = self.load_cost.of_review(self.load[r] + 1);
                    self.relax(v, sink, cost, index_u32(r));
                }
                for i in 0..self.assigned_to_reviewer[r].len() {
                    let a = self.assigned_to_reviewer[r][i];
                    let arc = self.arcs[a as usize];
                    self.relax(v, arc.submission as usize, -arc.cost, a);
                }
            } else {
                for r in 0..self.reviewers {
                    if self.load[r] > 0 {
                        let cost = -self.load_cost.of_review(self.load[r]);
                        self.relax(v, self.submissions + r, cost, FROM_SINK);
                    }
                }
            }
        }
        self.stats.settled_nodes += self.settled_order.len();
        if let Some(t) = found {
            let reach = self.dist[t];
            for &v in &self.settled_order {
                let v = v as usize;
                self.potential[v] += self.dist[v] - reach;
            }
        }
        for &v in &self.touched {
            self.dist[v as usize] = i64::MAX;
        }
        for &v in &self.settled_order {
            self.settled[v as usize] = false;
        }
        self.touched.clear();
        self.settled_order.clear();
        self.heap.clear();
        found
    }

    /// Moves one review along the path the last search found, from `target` back to
    /// `source`.
    pub(super) fn augment(&mut self, source: usize, target: usize) {
        let sink = self.sink();
        let mut v = target;
        while v != source {
            if v == sink {
                let r = self.prev[v] as usize;
                self.load[r] += 1;
                v = self.submissions + r;
            } else if v >= self.submissions {
                let r = v - self.submissions;
                let via = self.prev[v];
                if via == FROM_SINK {
                    self.load[r] -= 1;
                    v = sink;
                } else {
                    self.set_assigned(via, true);
                    v = self.arcs[via as usize].submission as usize;
                }
            } else {
                let via = self.prev[v];
                self.set_assigned(via, false);
                v = self.reviewer_node(self.arcs[via as usize].reviewer);
            }
        }
    }
}
