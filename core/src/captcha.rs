//! The small math question that stands between a bot and the comment box.
//!
//! Questions come from any random source (the browser passes `crypto.getRandomValues`,
//! tests pass a fixed sequence), use only the operations a site allows, and never have a
//! negative answer.
//!
//! # Usage
//! ```
//! use balasan_core::captcha::{Answer, Op, Question, Settings};
//!
//! // The browser passes crypto.getRandomValues; here a fixed sequence picks
//! // operation 1 (−) and operands 2 and 6, reordered so the answer is not negative.
//! let mut seq = [1u32, 1, 5].into_iter();
//! let q = Question::generate(&Settings::default(), &mut || seq.next().unwrap());
//! assert_eq!(q.to_string(), "6 − 2 =");
//!
//! let q = Question::new(2, Op::Add, 6, false);
//! assert_eq!(q.to_string(), "2 + 6 =");
//! assert_eq!(q.check(" 8 "), Answer::Right);
//! assert_eq!(q.check("9"), Answer::Wrong);
//! assert_eq!(q.check(""), Answer::Missing);
//! ```

use core::fmt;

/// An arithmetic operation a question may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
}

impl Op {
    pub const ALL: [Op; 3] = [Op::Add, Op::Sub, Op::Mul];

    /// The sign shown to the reader: real minus and times signs, which screen readers
    /// pronounce, rather than `-` and `x`.
    pub fn symbol(self) -> char {
        match self {
            Op::Add => '+',
            Op::Sub => '−',
            Op::Mul => '×',
        }
    }

    /// Reads one operation sign as a site may type it in an attribute.
    pub fn from_symbol(c: char) -> Option<Op> {
        Some(match c {
            '+' => Op::Add,
            '-' | '−' => Op::Sub,
            '*' | 'x' | 'X' | '×' => Op::Mul,
            _ => return None,
        })
    }

    fn apply(self, a: u32, b: u32) -> u32 {
        match self {
            Op::Add => a + b,
            Op::Sub => a - b,
            Op::Mul => a * b,
        }
    }
}

/// Where the blank is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Blank {
    /// `2 + 6 =`
    #[default]
    Result,
    /// `2 + ? = 8`
    Operand,
    /// Either, at random.
    Any,
}

/// What a site may choose about its questions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Operations to draw from; never empty.
    pub ops: Vec<Op>,
    /// Largest operand (operands are drawn from `1..=max`).
    pub max: u32,
    pub blank: Blank,
}

impl Settings {
    /// Smallest and largest `max` a site may set: below 2 every question is `1 + 1`,
    /// above 99 the arithmetic stops being small.
    pub const MAX_RANGE: (u32, u32) = (2, 99);

    /// Reads the operations to draw from, as a site writes them (`+-×`, `+,x`, `+ - *`).
    pub fn parse_ops(v: &str) -> Result<Vec<Op>, String> {
        let mut ops = Vec::new();
        for c in v.chars().filter(|c| !c.is_whitespace() && *c != ',') {
            let op = Op::from_symbol(c).ok_or_else(|| format!("'{c}' is not one of + - ×"))?;
            if !ops.contains(&op) {
                ops.push(op);
            }
        }
        if ops.is_empty() {
            return Err("is empty; list the operations to use, e.g. \"+-×\"".into());
        }
        Ok(ops)
    }

    /// Reads the largest operand, within [`Settings::MAX_RANGE`].
    pub fn parse_max(v: &str) -> Result<u32, String> {
        let (lo, hi) = Self::MAX_RANGE;
        crate::number::within(v.trim(), lo, hi, "a whole number")
    }
}

/// `result`, `operand` or `any`.
impl core::str::FromStr for Blank {
    type Err = String;

    fn from_str(v: &str) -> Result<Blank, String> {
        match v.trim() {
            "result" => Ok(Blank::Result),
            "operand" => Ok(Blank::Operand),
            "any" => Ok(Blank::Any),
            _ => Err(format!("\"{v}\" is not \"result\", \"operand\" or \"any\"")),
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            ops: Op::ALL.to_vec(),
            max: 10,
            blank: Blank::Result,
        }
    }
}

/// One question: `a op b = result`, with the blank either on the result or on `b`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Question {
    a: u32,
    op: Op,
    b: u32,
    blank_operand: bool,
}

/// How a reader's answer compares with the question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Missing,
    Wrong,
    Right,
}

impl Question {
    /// A question with known numbers. Subtraction is reordered so the answer is never
    /// negative.
    pub fn new(a: u32, op: Op, b: u32, blank_operand: bool) -> Question {
        let (a, b) = if op == Op::Sub && b > a {
            (b, a)
        } else {
            (a, b)
        };
        Question {
            a,
            op,
            b,
            blank_operand,
        }
    }

    /// A random question. `random` returns uniformly random `u32`s.
    pub fn generate(settings: &Settings, random: &mut impl FnMut() -> u32) -> Question {
        let ops = if settings.ops.is_empty() {
            &Op::ALL[..]
        } else {
            &settings.ops[..]
        };
        let max = settings
            .max
            .clamp(Settings::MAX_RANGE.0, Settings::MAX_RANGE.1);
        let op = ops[below(random, ops.len() as u32) as usize];
        let a = 1 + below(random, max);
        let b = 1 + below(random, max);
        let blank_operand = match settings.blank {
            Blank::Result => false,
            Blank::Operand => true,
            Blank::Any => below(random, 2) == 1,
        };
        Question::new(a, op, b, blank_operand)
    }

    /// The number the reader must type.
    pub fn answer(&self) -> u32 {
        if self.blank_operand {
            self.b
        } else {
            self.op.apply(self.a, self.b)
        }
    }

    /// Compares what the reader typed. Surrounding spaces are ignored; anything that is not
    /// a plain whole number is wrong.
    pub fn check(&self, typed: &str) -> Answer {
        let typed = typed.trim();
        if typed.is_empty() {
            return Answer::Missing;
        }
        let digits = typed.strip_prefix('+').unwrap_or(typed);
        match digits.bytes().all(|b| b.is_ascii_digit()) && digits.len() <= 6 {
            true if digits.parse::<u32>() == Ok(self.answer()) => Answer::Right,
            _ => Answer::Wrong,
        }
    }
}

impl Question {
    /// The equation as the reader sees and hears it: `2 + 6 =` or `2 + ? = 8`.
    pub fn text(&self) -> String {
        let sign = self.op.symbol();
        if self.blank_operand {
            let result = self.op.apply(self.a, self.b);
            format!("{} {sign} ? = {result}", self.a)
        } else {
            format!("{} {sign} {} =", self.a, self.b)
        }
    }
}

impl fmt::Display for Question {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

/// A uniform number in `0..n` by rejection, so no answer is likelier than another.
fn below(random: &mut impl FnMut() -> u32, n: u32) -> u32 {
    let zone = u32::MAX - (u32::MAX % n);
    loop {
        let r = random();
        if r < zone {
            return r % n;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (xorshift) standing in for the browser's crypto.
    fn rng(seed: u32) -> impl FnMut() -> u32 {
        let mut x = seed.max(1);
        move || {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x
        }
    }

    #[test]
    fn never_negative_and_always_in_range() {
        let mut r = rng(7);
        let s = Settings::default();
        for _ in 0..10_000 {
            let q = Question::generate(&s, &mut r);
            assert!(q.a >= 1 && q.a <= 10 && q.b >= 1 && q.b <= 10, "{q:?}");
            if q.op == Op::Sub {
                assert!(q.a >= q.b, "{q:?}");
            }
            assert_eq!(q.check(&q.answer().to_string()), Answer::Right);
        }
    }

    #[test]
    fn only_allowed_operations_are_used() {
        let mut r = rng(11);
        let s = Settings {
            ops: vec![Op::Mul],
            ..Settings::default()
        };
        for _ in 0..500 {
            assert_eq!(Question::generate(&s, &mut r).op, Op::Mul);
        }
    }

    #[test]
    fn every_operation_and_operand_appears() {
        let mut r = rng(3);
        let s = Settings::default();
        let mut seen_ops = [false; 3];
        let mut seen_a = [false; 11];
        for _ in 0..2_000 {
            let q = Question::generate(&s, &mut r);
            seen_ops[Op::ALL.iter().position(|o| *o == q.op).unwrap()] = true;
            seen_a[q.b as usize] = true;
        }
        assert!(seen_ops.iter().all(|s| *s));
        assert!(seen_a[1..].iter().all(|s| *s));
    }

    #[test]
    fn text_uses_real_signs() {
        assert_eq!(Question::new(2, Op::Add, 6, false).to_string(), "2 + 6 =");
        assert_eq!(Question::new(3, Op::Sub, 9, false).to_string(), "9 − 3 =");
        assert_eq!(Question::new(4, Op::Mul, 5, false).to_string(), "4 × 5 =");
        let q = Question::new(2, Op::Add, 6, true);
        assert_eq!(q.to_string(), "2 + ? = 8");
        assert_eq!(q.answer(), 6);
    }

    #[test]
    fn blank_settings_are_honoured() {
        let mut r = rng(5);
        let operand = Settings {
            blank: Blank::Operand,
            ..Settings::default()
        };
        assert!((0..200).all(|_| Question::generate(&operand, &mut r).blank_operand));
        let any = Settings {
            blank: Blank::Any,
            ..Settings::default()
        };
        let flags: Vec<bool> = (0..200)
            .map(|_| Question::generate(&any, &mut r).blank_operand)
            .collect();
        assert!(flags.contains(&true) && flags.contains(&false));
    }

    #[test]
    fn answers_are_parsed_strictly() {
        let q = Question::new(2, Op::Add, 6, false);
        assert_eq!(q.check("8"), Answer::Right);
        assert_eq!(q.check(" 08 "), Answer::Right);
        assert_eq!(q.check("+8"), Answer::Right);
        assert_eq!(q.check("   "), Answer::Missing);
        for wrong in ["7", "8.0", "-8", "delapan", "8 8", "0x8", "99999999999999"] {
            assert_eq!(q.check(wrong), Answer::Wrong, "{wrong}");
        }
    }

    #[test]
    fn rejection_sampling_is_uniform_at_the_edge() {
        // A source that first returns values in the biased zone must be retried.
        let mut seq = [u32::MAX, u32::MAX - 1, 5].into_iter();
        assert_eq!(below(&mut || seq.next().unwrap(), 10), 5);
    }

    #[test]
    fn max_is_clamped() {
        let mut r = rng(9);
        let s = Settings {
            max: 1_000_000,
            ..Settings::default()
        };
        for _ in 0..1000 {
            let q = Question::generate(&s, &mut r);
            assert!(q.a <= 99 && q.b <= 99);
        }
    }
}
