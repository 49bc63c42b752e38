//! Configuration, read once at start-up from the environment.

use std::env;

/// Where the records live. Every setting has a local default, so `showup` works against
/// DynamoDB Local (`scripts/dynamodb-local.sh`) with nothing set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// `SHOWUP_DYNAMODB_ENDPOINT`: DynamoDB's URL. Default `http://127.0.0.1:8000` (DynamoDB Local);
    /// `aws` means the real service, found the usual AWS way (and is the default on Lambda).
    pub endpoint: Option<String>,
    /// `SHOWUP_TABLE`: the table's name. Default `showup`.
    pub table: String,
    /// `AWS_REGION`. Default `us-east-1`.
    pub region: String,
    /// `SHOWUP_SESSION_SECRET`: the key that signs session tokens (32+ random bytes, hex or
    /// text). Required on Lambda; locally a random key is made at start, so restarting the
    /// server signs everyone out.
    pub session_secret: Option<Secret>,
    /// `SHOWUP_MESSAGES`: `outbox` keeps messages for developers (`/api/dev/outbox`); `aws`
    /// sends them through SES and SNS. Default `outbox`, and `aws` on Lambda.
    pub messages: Messages,
    /// `SHOWUP_MAIL_FROM`: the SES-verified sender of emails.
    pub mail_from: String,
    /// `SHOWUP_COGNITO_ISSUER`, `SHOWUP_COGNITO_CLIENT_ID`, `SHOWUP_COGNITO_JWKS`: all three
    /// turn on sign-in through a Cognito user pool.
    pub cognito: Option<CognitoSettings>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Messages {
    Outbox,
    Aws,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CognitoSettings {
    pub issuer: String,
    pub client_id: String,
    pub jwks: String,
}

/// A value that never prints.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl Config {
    pub fn from_env() -> Self {
        let on_lambda = env::var_os("AWS_LAMBDA_RUNTIME_API").is_some();
        Self::from_vars(|name| env::var(name).ok(), on_lambda)
    }

    /// Pure, for tests: `var` looks a variable up.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>, on_lambda: bool) -> Self {
        let non_empty = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        let endpoint = match non_empty("SHOWUP_DYNAMODB_ENDPOINT") {
            Some(v) if v == "aws" => None,
            Some(v) => Some(v),
            None if on_lambda => None,
            None => Some("http://127.0.0.1:8000".to_owned()),
        };
        Self {
            endpoint,
            table: non_empty("SHOWUP_TABLE").unwrap_or_else(|| "showup".to_owned()),
            region: non_empty("AWS_REGION").unwrap_or_else(|| "us-east-1".to_owned()),
            session_secret: non_empty("SHOWUP_SESSION_SECRET").map(Secret),
            messages: match non_empty("SHOWUP_MESSAGES").as_deref() {
                Some("aws") => Messages::Aws,
                Some(_) => Messages::Outbox,
                None if on_lambda => Messages::Aws,
                None => Messages::Outbox,
            },
            mail_from: non_empty("SHOWUP_MAIL_FROM")
                .unwrap_or_else(|| "attendance@example.org".to_owned()),
            cognito: match (
                non_empty("SHOWUP_COGNITO_ISSUER"),
                non_empty("SHOWUP_COGNITO_CLIENT_ID"),
                non_empty("SHOWUP_COGNITO_JWKS"),
            ) {
                (Some(issuer), Some(client_id), Some(jwks)) => {
                    Some(CognitoSettings { issuer, client_id, jwks })
                }
                _ => None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_defaults_point_at_dynamodb_local() {
        let c = Config::from_vars(|_| None, false);
        assert_eq!(c.endpoint.as_deref(), Some("http://127.0.0.1:8000"));
        assert_eq!(c.table, "showup");
        assert_eq!(c.region, "us-east-1");
    }

    #[test]
    fn lambda_and_the_word_aws_use_the_real_service() {
        assert_eq!(Config::from_vars(|_| None, true).endpoint, None);
        let aws = |n: &str| (n == "SHOWUP_DYNAMODB_ENDPOINT").then(|| "aws".to_owned());
        assert_eq!(Config::from_vars(aws, false).endpoint, None);
    }

    #[test]
    fn secrets_never_print() {
        let c = Config::from_vars(
            |n| (n == "SHOWUP_SESSION_SECRET").then(|| "hunter2hunter2".to_owned()),
            false,
        );
        assert!(!format!("{c:?}").contains("hunter2"));
        assert_eq!(
            c.session_secret.map(|s| s.expose().to_owned()).as_deref(),
            Some("hunter2hunter2")
        );
    }

    #[test]
    fn variables_override_the_defaults() {
        let vars = |n: &str| match n {
            "SHOWUP_DYNAMODB_ENDPOINT" => Some("http://127.0.0.1:9999".to_owned()),
            "SHOWUP_TABLE" => Some("t1".to_owned()),
            "AWS_REGION" => Some("eu-west-1".to_owned()),
            _ => None,
        };
        let c = Config::from_vars(vars, true);
        assert_eq!(c.endpoint.as_deref(), Some("http://127.0.0.1:9999"));
        assert_eq!((c.table.as_str(), c.region.as_str()), ("t1", "eu-west-1"));
    }
}
