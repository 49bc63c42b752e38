//! The AWS Lambda entry point: the same `Router` as `showup serve`, behind API Gateway.
//!
//! Besides `/api/*`, CloudFront sends this function the app's page loads (`/`, `/students/42`,
//! any path without a file extension; infra/template.yaml), so that a signed-in family's page
//! arrives with the child's sentence already in it (`routes::shell`), as it does locally. The
//! page is `dist/index.html` in the function's zip (infra/build-lambda.sh); the app's files
//! themselves come from S3.

use showup::config::Config;
use showup::store::dynamodb::DynamoStore;
use showup::{App, router};
use std::path::{Path, PathBuf};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    showup::config::lambda_logs();
    let config = Config::from_env_or_exit();
    // Checked at the cold start: a package without the page would fail every page load.
    let pages = pages_dir(&task_root())?;
    // The clients are built once per cold start and reused by every request.
    let store = DynamoStore::connect(&config).await;
    let state = App::from_config(store, &config, config.clock()).await?;
    let app = router(state, Some(&pages));
    lambda_http::run(app).await
}

/// Where the function's zip is unpacked: `LAMBDA_TASK_ROOT` (set by Lambda), else the folder of
/// this binary.
fn task_root() -> PathBuf {
    std::env::var_os("LAMBDA_TASK_ROOT")
        .map(PathBuf::from)
        .or_else(|| std::env::current_exe().ok()?.parent().map(Path::to_path_buf))
        .unwrap_or_default()
}

/// The folder of the app's page in the zip: `dist/`, which holds `index.html` alone, because
/// the router serves any file of it (so never the folder of the binary itself).
fn pages_dir(task_root: &Path) -> Result<PathBuf, String> {
    let dir = task_root.join("dist");
    if dir.join("index.html").is_file() {
        Ok(dir)
    } else {
        Err(format!(
            "no {}: the package must hold the app's dist/index.html (infra/build-lambda.sh)",
            dir.join("index.html").display()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_is_dist_index_html_beside_the_binary_and_must_be_there() {
        let root = std::env::temp_dir().join(format!("showup-lambda-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("dist")).unwrap();
        let missing = pages_dir(&root).unwrap_err();
        assert!(missing.contains("dist/index.html"), "{missing}");
        std::fs::write(root.join("dist/index.html"), "<html></html>").unwrap();
        assert_eq!(pages_dir(&root).unwrap(), root.join("dist"));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
