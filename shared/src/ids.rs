//! Identifiers from the student information system.
//!
//! They are parsed once at the edge: an id is non-empty, at most 64 bytes, and has no `#`
//! (the storage key separator) and no control characters, so a key built from ids is unambiguous.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("is empty")]
    Empty,
    #[error("is longer than 64 characters")]
    TooLong,
    #[error("contains '{0}', which is not allowed in an id")]
    BadChar(char),
}

fn check(raw: &str) -> Result<String, IdError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    if s.len() > 64 {
        return Err(IdError::TooLong);
    }
    if let Some(c) = s.chars().find(|c| *c == '#' || c.is_control()) {
        return Err(IdError::BadChar(c));
    }
    Ok(s.to_owned())
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn parse(raw: &str) -> Result<Self, IdError> {
                check(raw).map(Self)
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, IdError> {
                Self::parse(&s)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// A student's stable id from the SIS.
    StudentId
);
id_type!(
    /// A school's stable id from the SIS.
    SchoolId
);
id_type!(
    /// A guardian's stable id from the SIS.
    GuardianId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_trimmed() {
        assert_eq!(StudentId::parse("  S1 ").unwrap().as_str(), "S1");
    }

    #[test]
    fn empty_ids_and_key_separators_are_rejected() {
        assert_eq!(SchoolId::parse(" "), Err(IdError::Empty));
        assert_eq!(SchoolId::parse("A#B"), Err(IdError::BadChar('#')));
        assert_eq!(SchoolId::parse(&"x".repeat(65)), Err(IdError::TooLong));
    }

    #[test]
    fn ids_reject_invalid_values_when_deserialized() {
        assert!(serde_json::from_str::<StudentId>("\"\"").is_err());
        assert_eq!(serde_json::from_str::<StudentId>("\"S9\"").unwrap().as_str(), "S9");
    }
}
