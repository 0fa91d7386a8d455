//! What the native crate would give the regime watcher's refits (issue 19): the same Baum–Welch as
//! `src/shared/math/gaussian-hmm.ts` (2 states, scaled forward–backward, the same loops), on the
//! same shape of work as `quorum bench backtest`'s `regimeRefitsAlone` (windows of 250 returns of a
//! random walk, each fit warm-started from the one before, until a gain under 0.01), timed per
//! iteration: `cargo run --release --example hmm_fit`. Not used by the app; it measures whether a
//! port is worth making.
use std::time::Instant;

const LOG_2PI: f64 = 1.8378770664093453;
const K: usize = 2;
const WINDOW: usize = 250;

#[derive(Clone)]
struct Params {
    initial: [f64; K],
    transition: [f64; K * K],
    means: [f64; K],
    variances: [f64; K],
}

struct Pass {
    xs: Vec<f64>,
    alpha: Vec<f64>,
    beta: Vec<f64>,
    b: Vec<f64>,
    scale: Vec<f64>,
    w: Vec<f64>,
}

impl Pass {
    fn new(xs: &[f64]) -> Pass {
        let t = xs.len();
        Pass { xs: xs.to_vec(), alpha: vec![0.0; t * K], beta: vec![0.0; t * K], b: vec![0.0; t * K], scale: vec![0.0; t], w: vec![0.0; t * K] }
    }

    fn emissions(&mut self, p: &Params) {
        for k in 0..K {
            let constant = -0.5 * (LOG_2PI + p.variances[k].ln());
            let half_precision = 0.5 / p.variances[k];
            for t in 0..self.xs.len() {
                let d = self.xs[t] - p.means[k];
                self.b[t * K + k] = (constant - d * d * half_precision).exp().max(1e-300);
            }
        }
    }

    fn forward(&mut self, p: &Params) -> f64 {
        for t in 0..self.xs.len() {
            let mut sum = 0.0;
            for j in 0..K {
                let mut a = 0.0;
                if t == 0 {
                    a = p.initial[j];
                } else {
                    for i in 0..K {
                        a += self.alpha[(t - 1) * K + i] * p.transition[i * K + j];
                    }
                }
                a *= self.b[t * K + j];
                self.alpha[t * K + j] = a;
                sum += a;
            }
            self.scale[t] = sum;
            for j in 0..K {
                self.alpha[t * K + j] /= sum;
            }
        }
        self.scale.iter().map(|s| s.ln()).sum()
    }

    fn backward(&mut self, p: &Params) {
        let t_last = self.xs.len() - 1;
        for k in 0..K {
            self.beta[t_last * K + k] = 1.0;
        }
        for t in (1..=t_last).rev() {
            let inverse_scale = 1.0 / self.scale[t];
            for j in 0..K {
                self.w[t * K + j] = self.b[t * K + j] * self.beta[t * K + j] * inverse_scale;
            }
            for i in 0..K {
                let mut s = 0.0;
                for j in 0..K {
                    s += p.transition[i * K + j] * self.w[t * K + j];
                }
                self.beta[(t - 1) * K + i] = s;
            }
        }
    }

    fn reestimate(&self, p: &Params) -> Params {
        let t_len = self.xs.len();
        let mut next = p.clone();
        let mut gamma_sum = [0.0; K];
        for k in 0..K {
            let (mut total, mut first, mut second) = (0.0, 0.0, 0.0);
            for t in 0..t_len {
                let g = self.alpha[t * K + k] * self.beta[t * K + k];
                let x = self.xs[t];
                total += g;
                first += g * x;
                second += g * x * x;
            }
            gamma_sum[k] = total;
            next.means[k] = first / total;
            next.variances[k] = (second / total - next.means[k] * next.means[k]).max(1e-12);
        }
        for i in 0..K {
            let leaving = gamma_sum[i] - self.alpha[(t_len - 1) * K + i] * self.beta[(t_len - 1) * K + i];
            for j in 0..K {
                let mut sum = 0.0;
                for t in 0..t_len - 1 {
                    sum += self.alpha[t * K + i] * self.w[(t + 1) * K + j];
                }
                next.transition[i * K + j] = p.transition[i * K + j] * sum / leaving;
            }
        }
        for k in 0..K {
            next.initial[k] = self.alpha[k] * self.beta[k];
        }
        next
    }
}

fn main() {
    let mut state = 0x9e3779b97f4a7c15u64;
    let mut uniform = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        ((state >> 11) as f64 / (1u64 << 53) as f64).max(1e-300)
    };
    // Ten instruments of 10,000 returns of 1 % moves, as the bench's synthetic bars.
    let series: Vec<Vec<f64>> = (0..10)
        .map(|_| (0..10_000).map(|_| 0.01 * (-2.0 * uniform().ln()).sqrt() * (std::f64::consts::TAU * uniform()).cos()).collect())
        .collect();
    let (mut fits, mut iterations) = (0usize, 0usize);
    let started = Instant::now();
    for xs in &series {
        let mut previous: Option<Params> = None;
        for end in (WINDOW..=xs.len()).step_by(WINDOW) {
            let window = &xs[end - WINDOW..end];
            let mean = window.iter().sum::<f64>() / WINDOW as f64;
            let variance = window.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (WINDOW - 1) as f64;
            let mut p = match previous.take() {
                Some(fit) => Params { initial: [0.5; K], ..fit },
                None => Params { initial: [0.5; K], transition: [0.95, 0.05, 0.05, 0.95], means: [mean; K], variances: [variance * 0.5, variance * 2.0] },
            };
            let mut pass = Pass::new(window);
            let mut before = f64::NEG_INFINITY;
            for _ in 0..100 {
                pass.emissions(&p);
                let log_likelihood = pass.forward(&p);
                pass.backward(&p);
                p = pass.reestimate(&p);
                iterations += 1;
                if log_likelihood - before < 1e-2 {
                    break;
                }
                before = log_likelihood;
            }
            fits += 1;
            previous = Some(p);
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{{\"fits\":{},\"iterationsPerFit\":{:.1},\"msPerFit\":{:.4},\"microsecondsPerIteration\":{:.2}}}",
        fits,
        iterations as f64 / fits as f64,
        seconds * 1e3 / fits as f64,
        seconds * 1e6 / iterations as f64
    );
}
