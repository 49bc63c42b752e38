//! The API's integration tests: one binary (one link of the AWS SDK, one DynamoDB Local for
//! the whole run), a fresh table per test. Each module is one area of the API.

mod support;

mod access;
mod campaigns;
mod cli;
mod dev_outbox;
mod family_reads;
mod headers_and_cookie;
mod import;
mod import_resume;
mod import_split;
mod insights;
mod interventions;
mod interventions_monitoring;
mod lambda_runtime;
mod letters;
mod migration;
mod nightly;
mod notices;
mod oneroster;
mod outreach;
mod outreach_cases;
mod past_years;
mod plans;
mod public_last_year;
mod public_report;
mod recognition;
mod refresh;
mod report_from;
mod requests;
mod roll;
mod routes;
mod school_years;
mod signin;
mod uploads;
mod uploads_s3;
