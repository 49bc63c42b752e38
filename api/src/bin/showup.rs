use clap::Parser;
use showup::cli::{Cli, run};
use showup::config::Config;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,aws_config=warn,aws_smithy_runtime=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // The whole account (an SDK error runs to kilobytes) for `RUST_LOG=debug` only.
            tracing::debug!(error = ?e, "the command failed");
            eprintln!("error: {}", e.line(Config::from_env().ok().as_ref()));
            ExitCode::FAILURE
        }
    }
}
