//! A broken form rule on its way to a [`Violation`], with the corrected origin worked out.

use alloc::format;
use alloc::string::String;

use super::parse::parse;
use crate::rules::{Rule, Violation};

/// A broken form rule before its help is finished: `fix` is the text with this one problem
/// repaired, `why` explains it in a clause, `otherwise` is the help when no corrected origin
/// can be computed.
pub(crate) struct Fail {
    rule: Rule,
    message: String,
    fix: Option<String>,
    why: &'static str,
    otherwise: String,
}

impl Fail {
    pub(crate) fn new(rule: Rule, message: String, otherwise: String) -> Fail {
        Fail {
            rule,
            message,
            fix: None,
            why: "",
            otherwise,
        }
    }

    pub(crate) fn fix(mut self, fix: Option<String>, why: &'static str) -> Fail {
        self.fix = fix;
        self.why = why;
        self
    }

    pub(crate) fn with_otherwise(mut self, otherwise: String) -> Fail {
        self.otherwise = otherwise;
        self
    }

    /// Repairs one problem at a time until the text parses, so that the help shows the full
    /// corrected origin even when several things are wrong (`HTTPS://Example.com:443/`). Each
    /// repair removes a kind of problem for good, so a few rounds always suffice; the bound
    /// is only a safety net.
    pub(crate) fn into_violation(self) -> Violation {
        let mut next = self.fix;
        let mut corrected = None;
        for _ in 0..16 {
            let Some(candidate) = next.take() else { break };
            match parse(&candidate) {
                Ok(_) => {
                    corrected = Some(candidate);
                    break;
                }
                Err(fail) => next = fail.fix,
            }
        }
        let help = match corrected {
            Some(corrected) => format!("{}; write `{corrected}`", self.why),
            None => self.otherwise,
        };
        Violation::new(self.rule, self.message, help)
    }
}
