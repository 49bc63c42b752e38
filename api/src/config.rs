//! Configuration, read once at start-up from the environment. A value that cannot be
//! meant is a start-up error naming the variable and what it may be, never a quiet default.

use crate::clock::{Clock, FixedToday, SystemClock};
use chrono::NaiveDate;
use std::env;
use std::sync::Arc;

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
    /// `SHOWUP_MESSAGES`: exactly `outbox` (keep messages for developers at
    /// `/api/dev/outbox`, which answers this machine only; refused on Lambda) or `aws` (send
    /// them through SES and SNS). Default `outbox`, and `aws` on Lambda.
    pub messages: Messages,
    /// `SHOWUP_TODAY` (`YYYY-MM-DD`): "today" for figures, rolls, plans and the demo, instead
    /// of the machine's date. For tests and demos of a given day; unset in production.
    pub today: Option<NaiveDate>,
    /// `SHOWUP_MAIL_FROM`: the SES-verified sender of emails.
    pub mail_from: String,
    /// `SHOWUP_COGNITO_ISSUER`, `SHOWUP_COGNITO_CLIENT_ID`, `SHOWUP_COGNITO_JWKS`: all three
    /// turn on sign-in through a Cognito user pool.
    pub cognito: Option<CognitoSettings>,
    /// `SHOWUP_IMPORT_BUCKET` (and `SHOWUP_S3_ENDPOINT`): the S3 bucket uploads and SIS drops
    /// land in. Unset: no bucket, and uploads go through the API as base64 JSON.
    pub import_bucket: Option<ImportBucketSettings>,
}

/// The import bucket: its name and, for a local S3-compatible server (moto in the tests), an
/// endpoint reached path-style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportBucketSettings {
    pub bucket: String,
    /// `SHOWUP_S3_ENDPOINT`: a URL such as `http://127.0.0.1:5000`. Unset: S3 itself.
    pub endpoint: Option<String>,
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

/// A setting that cannot be meant: its message names the variable and what it may be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(String);

/// The logs of the Lambda binaries: JSON lines without a time (CloudWatch stamps each), at
/// `RUST_LOG`'s level or `info`.
pub fn lambda_logs() {
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .without_time()
        .init();
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        let on_lambda = env::var_os("AWS_LAMBDA_RUNTIME_API").is_some();
        Self::from_vars(|name| env::var(name).ok(), on_lambda)
    }

    /// [`Config::from_env`] for the Lambda binaries: a bad setting is said on stderr (the
    /// function's log) and the process exits non-zero before serving anything.
    pub fn from_env_or_exit() -> Self {
        Self::from_env().unwrap_or_else(|e| {
            eprintln!("error: {e}");
            std::process::exit(2)
        })
    }

    /// The clock the server and the commands run with: the machine's, or `SHOWUP_TODAY`.
    pub fn clock(&self) -> Arc<dyn Clock> {
        match self.today {
            Some(day) => Arc::new(FixedToday(day)),
            None => Arc::new(SystemClock),
        }
    }

    /// Pure, for tests: `var` looks a variable up. A blank variable counts as unset.
    pub fn from_vars(
        var: impl Fn(&str) -> Option<String>,
        on_lambda: bool,
    ) -> Result<Self, ConfigError> {
        let non_empty = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        let endpoint = match non_empty("SHOWUP_DYNAMODB_ENDPOINT") {
            Some(v) if v == "aws" => None,
            Some(v) => Some(v),
            None if on_lambda => None,
            None => Some("http://127.0.0.1:8000".to_owned()),
        };
        Ok(Self {
            endpoint,
            table: non_empty("SHOWUP_TABLE").unwrap_or_else(|| "showup".to_owned()),
            region: non_empty("AWS_REGION").unwrap_or_else(|| "us-east-1".to_owned()),
            messages: messages(non_empty("SHOWUP_MESSAGES").as_deref(), on_lambda)?,
            today: today(non_empty("SHOWUP_TODAY").as_deref())?,
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
            import_bucket: import_bucket(
                non_empty("SHOWUP_IMPORT_BUCKET"),
                non_empty("SHOWUP_S3_ENDPOINT"),
            )?,
        })
    }
}

/// `SHOWUP_IMPORT_BUCKET` and `SHOWUP_S3_ENDPOINT`: an endpoint without a bucket would be
/// silently unused, so it is an error.
fn import_bucket(
    bucket: Option<String>,
    endpoint: Option<String>,
) -> Result<Option<ImportBucketSettings>, ConfigError> {
    if let Some(url) = &endpoint
        && !(url.starts_with("http://") || url.starts_with("https://"))
    {
        return Err(ConfigError(format!(
            "SHOWUP_S3_ENDPOINT is '{url}': it must be a URL such as http://127.0.0.1:5000"
        )));
    }
    match (bucket, endpoint) {
        (Some(bucket), endpoint) => Ok(Some(ImportBucketSettings { bucket, endpoint })),
        (None, Some(_)) => Err(ConfigError(
            "SHOWUP_S3_ENDPOINT is set without SHOWUP_IMPORT_BUCKET: name the bucket too, or unset both"
                .to_owned(),
        )),
        (None, None) => Ok(None),
    }
}

/// `SHOWUP_MESSAGES`, exactly: anything else could turn the development outbox on by a typo.
fn messages(value: Option<&str>, on_lambda: bool) -> Result<Messages, ConfigError> {
    match value {
        Some("aws") => Ok(Messages::Aws),
        Some("outbox") if on_lambda => Err(ConfigError(
            "SHOWUP_MESSAGES is 'outbox', which is for development only: on Lambda it must be 'aws' (or unset)"
                .to_owned(),
        )),
        Some("outbox") => Ok(Messages::Outbox),
        Some(other) => Err(ConfigError(format!(
            "SHOWUP_MESSAGES is '{other}': it must be exactly 'outbox' (keep messages for developers) or 'aws' (send them through SES and SNS)"
        ))),
        None if on_lambda => Ok(Messages::Aws),
        None => Ok(Messages::Outbox),
    }
}

/// `SHOWUP_TODAY`: a date, `YYYY-MM-DD`.
fn today(value: Option<&str>) -> Result<Option<NaiveDate>, ConfigError> {
    value
        .map(|v| {
            NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| {
                ConfigError(format!(
                    "SHOWUP_TODAY is '{v}': it must be a date written YYYY-MM-DD, such as 2027-01-13"
                ))
            })
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_defaults_point_at_dynamodb_local() {
        let c = Config::from_vars(|_| None, false).unwrap();
        assert_eq!(c.endpoint.as_deref(), Some("http://127.0.0.1:8000"));
        assert_eq!(c.table, "showup");
        assert_eq!(c.region, "us-east-1");
    }

    #[test]
    fn lambda_and_the_word_aws_use_the_real_service() {
        assert_eq!(Config::from_vars(|_| None, true).unwrap().endpoint, None);
        let aws = |n: &str| (n == "SHOWUP_DYNAMODB_ENDPOINT").then(|| "aws".to_owned());
        assert_eq!(Config::from_vars(aws, false).unwrap().endpoint, None);
    }

    #[test]
    fn variables_override_the_defaults() {
        let vars = |n: &str| match n {
            "SHOWUP_DYNAMODB_ENDPOINT" => Some("http://127.0.0.1:9999".to_owned()),
            "SHOWUP_TABLE" => Some("t1".to_owned()),
            "AWS_REGION" => Some("eu-west-1".to_owned()),
            _ => None,
        };
        let c = Config::from_vars(vars, true).unwrap();
        assert_eq!(c.endpoint.as_deref(), Some("http://127.0.0.1:9999"));
        assert_eq!((c.table.as_str(), c.region.as_str()), ("t1", "eu-west-1"));
    }

    /// The settings from one variable set to `value`, here or on Lambda.
    fn with(name: &'static str, value: &str, on_lambda: bool) -> Result<Config, ConfigError> {
        let value = value.to_owned();
        Config::from_vars(move |n| (n == name).then(|| value.clone()), on_lambda)
    }

    #[test]
    fn messages_are_exactly_outbox_or_aws() {
        assert_eq!(with("SHOWUP_MESSAGES", "aws", false).unwrap().messages, Messages::Aws);
        assert_eq!(with("SHOWUP_MESSAGES", "aws", true).unwrap().messages, Messages::Aws);
        assert_eq!(with("SHOWUP_MESSAGES", "outbox", false).unwrap().messages, Messages::Outbox);
        assert_eq!(Config::from_vars(|_| None, false).unwrap().messages, Messages::Outbox);
        assert_eq!(Config::from_vars(|_| None, true).unwrap().messages, Messages::Aws);
        assert_eq!(
            with("SHOWUP_MESSAGES", "  ", true).unwrap().messages,
            Messages::Aws,
            "blank is unset"
        );
    }

    #[test]
    fn any_other_messages_value_is_a_start_up_error_not_the_outbox() {
        for bad in ["AWS", "ses", "aws ", " aws", "Outbox", "outbox ", "sns", "true", "dev"] {
            for on_lambda in [false, true] {
                let error = with("SHOWUP_MESSAGES", bad, on_lambda).expect_err(bad).to_string();
                assert!(error.contains("SHOWUP_MESSAGES"), "{error}");
                assert!(error.contains(&format!("'{bad}'")), "{error}");
                assert!(error.contains("'outbox'") && error.contains("'aws'"), "{error}");
            }
        }
    }

    #[test]
    fn the_outbox_on_lambda_is_a_start_up_error() {
        let error = with("SHOWUP_MESSAGES", "outbox", true).expect_err("outbox on Lambda");
        let error = error.to_string();
        assert!(error.contains("SHOWUP_MESSAGES") && error.contains("Lambda"), "{error}");
    }

    #[test]
    fn today_is_the_machines_unless_showup_today_fixes_it() {
        assert_eq!(Config::from_vars(|_| None, false).unwrap().today, None);
        let c = with("SHOWUP_TODAY", "2027-01-09", true).unwrap();
        let day = NaiveDate::from_ymd_opt(2027, 1, 9);
        assert_eq!(c.today, day);
        assert_eq!(Some(c.clock().today()), day);
    }

    #[test]
    fn no_import_bucket_unless_one_is_named() {
        assert_eq!(Config::from_vars(|_| None, false).unwrap().import_bucket, None);
        assert_eq!(Config::from_vars(|_| None, true).unwrap().import_bucket, None);
        let aws = with("SHOWUP_IMPORT_BUCKET", "showup-prod-imports", true).unwrap();
        let want = ImportBucketSettings { bucket: "showup-prod-imports".into(), endpoint: None };
        assert_eq!(aws.import_bucket, Some(want));
        let vars = |n: &str| match n {
            "SHOWUP_IMPORT_BUCKET" => Some("imports".to_owned()),
            "SHOWUP_S3_ENDPOINT" => Some("http://127.0.0.1:5000".to_owned()),
            _ => None,
        };
        let local = Config::from_vars(vars, false).unwrap().import_bucket.unwrap();
        assert_eq!(local.endpoint.as_deref(), Some("http://127.0.0.1:5000"));
    }

    #[test]
    fn an_s3_endpoint_without_a_bucket_or_not_a_url_is_a_start_up_error() {
        let error = with("SHOWUP_S3_ENDPOINT", "http://127.0.0.1:5000", false).unwrap_err();
        assert!(error.to_string().contains("SHOWUP_IMPORT_BUCKET"), "{error}");
        let vars = |n: &str| match n {
            "SHOWUP_IMPORT_BUCKET" => Some("imports".to_owned()),
            "SHOWUP_S3_ENDPOINT" => Some("127.0.0.1:5000".to_owned()),
            _ => None,
        };
        let error = Config::from_vars(vars, false).unwrap_err().to_string();
        assert!(
            error.contains("SHOWUP_S3_ENDPOINT") && error.contains("'127.0.0.1:5000'"),
            "{error}"
        );
    }

    #[test]
    fn a_malformed_today_is_a_start_up_error() {
        for bad in ["2027-1-9x", "09/01/2027", "2027-02-30", "today", "2027-01-09T00:00:00"] {
            let error = with("SHOWUP_TODAY", bad, false).expect_err(bad).to_string();
            assert!(error.contains("SHOWUP_TODAY") && error.contains("YYYY-MM-DD"), "{error}");
        }
    }
}
