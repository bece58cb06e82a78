//! The web app as this server deploys it: under a base path (`/layanan/antrean/`), with the
//! deploy's `config.json`. Read once at start: `index.html` with its `<base href>` set to the base
//! path (the build is the same for every deploy), and the configuration, of which the server uses
//! the origins it names for its Content-Security-Policy (who may frame the app, where the API and
//! the logo live). The app itself checks every field in the browser and shows what is wrong.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Why the app's deploy cannot be served. Each names what to fix.
#[derive(Debug, thiserror::Error)]
pub enum DeployError {
    #[error("the base path {0:?} must start and end with '/' and hold only letters, digits, '-', '_', '.' and '/'")]
    BasePath(String),
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path} is not a valid app configuration: {source}")]
    Config { path: String, source: serde_json::Error },
    #[error("{path}: {field} {value:?} is not an http(s) origin or URL")]
    Origin { path: String, field: &'static str, value: String },
}

/// What the server needs of the app's deploy.
#[derive(Clone, Debug)]
pub struct AppDeploy {
    /// `/` or `/layanan/antrean/`.
    pub base_path: String,
    /// `index.html` with this deploy's `<base href>`.
    pub index_html: String,
    /// The `config.json` to serve, as it was read (`{}` when the deploy has none).
    pub config_json: String,
    /// Origins that may frame the app and receive its messages (`allowed_origins`).
    pub frame_origins: Vec<String>,
    /// Other origins the app may fetch from (an API elsewhere) and load images from (a logo).
    pub connect_origins: Vec<String>,
    pub image_origins: Vec<String>,
}

/// The parts of `config.json` the server uses; the rest is the browser's to check.
#[derive(Debug, Default, Deserialize)]
struct ConfigFile {
    #[serde(default)]
    api_base: Option<String>,
    #[serde(default)]
    allowed_origins: Vec<String>,
    #[serde(default)]
    region: Option<Region>,
}

#[derive(Debug, Default, Deserialize)]
struct Region {
    #[serde(default)]
    logo: Option<String>,
}

impl AppDeploy {
    /// Reads `dist/index.html` and the configuration (`config`, else `dist/config.json` if any).
    pub fn load(dist: &Path, base_path: &str, config: Option<&Path>) -> Result<AppDeploy, DeployError> {
        if !is_base_path(base_path) {
            return Err(DeployError::BasePath(base_path.to_owned()));
        }
        let index_path = dist.join("index.html");
        let index = read(&index_path)?;
        let config_path: PathBuf = config.map(Path::to_path_buf).unwrap_or_else(|| dist.join("config.json"));
        let config_json = if config.is_some() || config_path.is_file() { read(&config_path)? } else { "{}".to_owned() };
        let shown = config_path.display().to_string();
        let file: ConfigFile =
            serde_json::from_str(&config_json).map_err(|source| DeployError::Config { path: shown.clone(), source })?;
        let origin_of = |field: &'static str, value: &str| {
            origin(value).ok_or_else(|| DeployError::Origin { path: shown.clone(), field, value: value.to_owned() })
        };
        let frame_origins =
            file.allowed_origins.iter().map(|o| origin_of("allowed_origins", o)).collect::<Result<Vec<_>, _>>()?;
        let absolute = |value: &Option<String>| value.as_deref().filter(|v| v.contains("://")).map(str::to_owned);
        let connect_origins =
            absolute(&file.api_base).map(|api| origin_of("api_base", &api)).transpose()?.into_iter().collect();
        let logo = file.region.and_then(|r| r.logo);
        let image_origins =
            absolute(&logo).map(|logo| origin_of("region.logo", &logo)).transpose()?.into_iter().collect();
        Ok(AppDeploy {
            base_path: base_path.to_owned(),
            index_html: with_base(&index, base_path),
            config_json,
            frame_origins,
            connect_origins,
            image_origins,
        })
    }
}

fn read(path: &Path) -> Result<String, DeployError> {
    std::fs::read_to_string(path).map_err(|source| DeployError::Read { path: path.display().to_string(), source })
}

fn is_base_path(path: &str) -> bool {
    path.starts_with('/')
        && path.ends_with('/')
        && !path.contains("//")
        && !path.split('/').any(|segment| segment == "." || segment == "..")
        && path.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b))
}

/// `scheme://host[:port]` of an http(s) URL, or `None`.
fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if scheme != "https" && scheme != "http" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    let valid = !authority.is_empty() && authority.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b));
    valid.then(|| format!("{scheme}://{authority}"))
}

/// `index.html` with its `<base href>` (written by Trunk's minifier as `<base href=/>`) replaced.
fn with_base(index: &str, base_path: &str) -> String {
    let Some(start) = index.find("<base href=") else { return index.to_owned() };
    let Some(length) = index[start..].find('>') else { return index.to_owned() };
    format!("{}<base href=\"{base_path}\">{}", &index[..start], &index[start + length + 1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_are_checked() {
        assert!(is_base_path("/"));
        assert!(is_base_path("/layanan/antrean/"));
        assert!(!is_base_path("/layanan/antrean"), "must end with a slash");
        assert!(!is_base_path("layanan/"), "must start with a slash");
        assert!(!is_base_path("/a/../b/"));
        assert!(!is_base_path("/a\"><script>/"));
    }

    #[test]
    fn the_base_is_written_into_index_html_minified_or_not() {
        assert_eq!(
            with_base("<head><base href=/><link href=a.css>", "/x/"),
            "<head><base href=\"/x/\"><link href=a.css>"
        );
        assert_eq!(with_base("<base href=\"/\">", "/layanan/antrean/"), "<base href=\"/layanan/antrean/\">");
    }

    #[test]
    fn origins_are_read_from_urls() {
        assert_eq!(origin("https://portal.example.go.id/path?q").as_deref(), Some("https://portal.example.go.id"));
        assert_eq!(origin("http://127.0.0.2:8080").as_deref(), Some("http://127.0.0.2:8080"));
        assert_eq!(origin("javascript:alert(1)"), None);
        assert_eq!(origin("https://a b"), None);
    }

    #[test]
    fn the_configuration_gives_the_policy_its_origins() {
        let dir = std::env::temp_dir().join(format!("antrean-deploy-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<base href=/>").unwrap();
        let config = dir.join("portal.json");
        std::fs::write(
            &config,
            r##"{"api_base":"https://api.example.go.id/v1","allowed_origins":["https://portal.example.go.id"],"region":{"name":"X","logo":"https://cdn.example.go.id/logo.svg"},"theme":{"primary":"#123456"}}"##,
        )
        .unwrap();
        let deploy = AppDeploy::load(&dir, "/layanan/antrean/", Some(&config)).unwrap();
        assert_eq!(deploy.index_html, "<base href=\"/layanan/antrean/\">");
        assert_eq!(deploy.frame_origins, ["https://portal.example.go.id"]);
        assert_eq!(deploy.connect_origins, ["https://api.example.go.id"]);
        assert_eq!(deploy.image_origins, ["https://cdn.example.go.id"]);

        std::fs::write(&config, r#"{"allowed_origins":["portal.example.go.id"]}"#).unwrap();
        let error = AppDeploy::load(&dir, "/", Some(&config)).unwrap_err().to_string();
        assert!(error.contains("allowed_origins") && error.contains("portal.example.go.id"), "{error}");
        std::fs::write(&config, "{ not json").unwrap();
        assert!(matches!(AppDeploy::load(&dir, "/", Some(&config)), Err(DeployError::Config { .. })));
        // Without a file in dist/ and none given, the deploy has the defaults.
        let deploy = AppDeploy::load(&dir, "/", None).unwrap();
        assert_eq!(deploy.config_json, "{}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
